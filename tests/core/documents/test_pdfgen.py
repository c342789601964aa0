"""make_pdf: real PDFs that PDFium reads back — text, scanned pages, bookmarks, metadata, speed."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from casebook.documents import PDFIUM_LOCK, extract, make_pdf
from casebook.documents.pdfgen import A4, MARGIN, text_width, wrap


def test_text_round_trips_through_pdfium():
    pages = ["Section B \u2013 Sentence calculation\nLicence expiry date: 14 March 2031",
             "The panel directed a psychology risk assessment (Dr Jones).\n\u00a3250 \u2018quoted\u2019"]
    data = make_pdf(pages)
    assert data.startswith(b"%PDF-")
    got = extract(data)
    assert [p.text for p in got.pages] == pages
    assert all(p.has_text for p in got.pages)
    assert got.pages[0].width == pytest.approx(A4[0]) and got.pages[0].height == pytest.approx(A4[1])


def test_none_is_a_page_without_text_that_still_has_ink():
    data = make_pdf(["A page of typed text that is long enough to count as text.", None])
    got = extract(data)
    assert got.unreadable == [2]
    assert got.pages[1].text == ""
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(data)
        try:
            page = pdf[1]
            image = page.render(scale=0.25).to_pil().convert("L")
            page.close()
        finally:
            pdf.close()
    darkest = image.getextrema()[0]
    assert darkest < 150  # the "typed lines" of the fake scan


def test_long_lines_wrap_inside_the_margins_and_keep_every_word():
    words = [f"word{i}" for i in range(400)]
    data = make_pdf([" ".join(words)])
    text = extract(data).pages[0].text
    assert text.split() == words
    assert text.count("\n") > 10
    for line in wrap(" ".join(words), A4[0] - 2 * MARGIN):
        assert text_width(line) <= A4[0] - 2 * MARGIN


def test_a_page_with_too_many_lines_shrinks_rather_than_losing_text():
    lines = [f"Entry {i} of the chronology" for i in range(150)]
    text = extract(make_pdf(["\n".join(lines)])).pages[0].text
    assert text.split("\n") == lines


def test_wrap_cuts_a_word_longer_than_the_line():
    pieces = wrap("x" * 500, 100)
    assert "".join(pieces) == "x" * 500
    assert all(text_width(p) <= 100 for p in pieces)


def test_bookmarks_and_metadata_are_read_back():
    data = make_pdf(["Index page text here", "OASys text", "Psychology text"],
                    title="Parole dossier \u2013 2026", author="HMPPS",
                    bookmarks=[("Index", 1), ("OASys assessment", 2), ("Psychology", 3)])
    got = extract(data)
    assert got.outline == (("Index", 1), ("OASys assessment", 2), ("Psychology", 3))
    assert got.title == "Parole dossier \u2013 2026"
    assert got.author == "HMPPS"
    assert [p.text for p in got.pages] == ["Index page text here", "OASys text", "Psychology text"]


def test_output_is_deterministic():
    pages = ["same text", None, "more"]
    assert make_pdf(pages, title="T", bookmarks=[("A", 1), ("B", 3)]) == make_pdf(
        pages, title="T", bookmarks=[("A", 1), ("B", 3)])
    assert make_pdf(pages) != make_pdf(["other text", None, "more"])


def test_no_pages_is_an_error():
    with pytest.raises(ValueError):
        make_pdf([])


def test_a_thousand_pages():  # its speed is measured by bench/bench_documents.py, never asserted here
    body = ("The offender manager's report sets out the risk management plan in detail. " * 25).strip()
    pages = [f"Page {i}\n{body}" if i % 50 else None for i in range(1, 1001)]
    data = make_pdf(pages)
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(data)
        try:
            assert len(pdf) == 1000
        finally:
            pdf.close()


def test_characters_helvetica_cannot_show_lose_accents_not_meaning():
    text = extract(make_pdf(["Za\u017c\u00f3\u0142\u0107 \u2265 5 \u20ac \u2013 caf\u00e9"])).pages[0].text
    assert text == "Zaz\u00f3?c ? 5 \u20ac \u2013 caf\u00e9"
