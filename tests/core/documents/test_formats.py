"""sniff and extract: PDFs, Word documents and images by their bytes; junk, damage and passwords refused."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import docx
import pytest
from docx.enum.text import WD_BREAK
from fpdf import FPDF
from PIL import Image

from casebook.documents import extract, make_pdf, sniff
from casebook.documents.formats import MIN_LETTERS, docx_pages
from casebook.errors import BadInput, Cancelled, EncryptedDocument, UnreadableDocument

BODY = "The prisoner completed the Thinking Skills Programme and engaged well with his offender manager."


# --- fixtures made here ---------------------------------------------------------------------------------

def png(size=(40, 30), colour=(200, 10, 10), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, format="PNG")
    return out.getvalue()


def jpeg(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 200, 10)).save(out, format="JPEG")
    return out.getvalue()


def tiff(frames: int, size=(60, 80)) -> bytes:
    images = [Image.new("L", size, 40 * i) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, format="TIFF", save_all=True, append_images=images[1:])
    return out.getvalue()


def word(build) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encrypted_pdf(user_password: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Parole dossier: a restricted copy with plenty of letters on the page.")
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    return bytes(pdf.output())


# --- sniff --------------------------------------------------------------------------------------------------

def test_sniff_goes_by_bytes_not_names():
    assert sniff(make_pdf(["x"]), "letter.docx") == "pdf"
    assert sniff(png(), "scan.pdf") == "image"
    assert sniff(jpeg()) == "image"
    assert sniff(tiff(1)) == "image"
    assert sniff(word(lambda d: d.add_paragraph("hello")), "x.pdf") == "docx"
    assert sniff(b"garbage\n%PDF-1.4\n" + make_pdf(["x"])) == "pdf"  # junk before the header is allowed


@pytest.mark.parametrize("data, filename, words", [
    (b"", "dossier.pdf", "empty"),
    (b"Dear Sir, this is a plain text letter.\n" * 10, "dossier.pdf", "not a PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "report.doc", ".doc"),
    (b"just some bytes", "", "not a PDF, Word"),
    (b"PK\x03\x04 not really a zip", "x.docx", "damaged"),
    (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 100, "IMG_0001.HEIC", "JPEG"),
    (b"GIF89a" + b"\0" * 100, "dossier.gif", "PNG or JPEG"),
    (b"RIFF\0\0\0\0WEBPVP8 " + b"\0" * 100, "", "PNG or JPEG"),
])
def test_junk_is_refused_with_advice(data, filename, words):
    with pytest.raises(UnreadableDocument) as caught:
        extract(data, filename)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message and ";" in message  # one line: what is wrong; what to do
    assert isinstance(caught.value, BadInput)
    assert "Dear Sir" not in message and "dossier" not in message  # never the file's contents or name


def test_a_zip_that_is_not_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(UnreadableDocument, match="other than a Word document"):
        extract(out.getvalue(), "sheet.docx")


def test_a_truncated_pdf_is_refused():
    data = make_pdf(["Page one text", "Page two text"])
    with pytest.raises(UnreadableDocument, match="damaged"):
        extract(data[: len(data) // 3])


def test_a_password_protected_pdf_is_refused_with_how_to_fix():
    with pytest.raises(EncryptedDocument) as caught:
        extract(encrypted_pdf("user-secret"))
    assert "password" in str(caught.value) and "unprotected copy" in str(caught.value)
    assert isinstance(caught.value, BadInput)


def test_an_owner_restricted_pdf_that_opens_without_a_password_is_accepted():
    got = extract(encrypted_pdf(""))
    assert "restricted copy" in got.pages[0].text
    assert got.pages[0].has_text


# --- PDF ------------------------------------------------------------------------------------------------

def test_pdf_pages_text_and_scans():
    data = make_pdf([BODY, None, "Page 3", BODY + "\nSecond line"], title="Dossier", author="PPCS")
    got = extract(data, "dossier.pdf")
    assert got.format == "pdf" and got.mime == "application/pdf"
    assert [p.number for p in got.pages] == [1, 2, 3, 4]
    assert got.pages[0].text == BODY
    assert got.pages[3].text == BODY + "\nSecond line"
    assert got.unreadable == [2, 3]  # a scan, and a page with only a stamped number
    assert (got.title, got.author) == ("Dossier", "PPCS")
    assert got.outline == ()


def test_has_text_needs_enough_letters():
    just = "a" * MIN_LETTERS
    got = extract(make_pdf([just, just[:-1] + " 12345678901234567890"]))
    assert [p.has_text for p in got.pages] == [True, False]


def test_progress_counts_every_page_and_cancel_stops():
    data = make_pdf([f"Page {i} {BODY}" for i in range(1, 21)])
    seen = []
    extract(data, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, 20) for i in range(1, 21)]

    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 5

    seen.clear()
    with pytest.raises(Cancelled):
        extract(data, progress=lambda done, total: seen.append(done), cancelled=cancelled)
    assert seen == [1, 2, 3, 4, 5]


def test_extract_reads_every_page_of_a_long_pdf():  # pages/s: bench/bench_documents.py
    body = (BODY + " ") * 30
    data = make_pdf([f"Page {i}\n{body}" for i in range(300)])
    got = extract(data)
    assert len(got.pages) == 300 and got.unreadable == []
    assert got.pages[299].text.startswith("Page 299")


# --- Word -----------------------------------------------------------------------------------------------

def test_docx_splits_at_explicit_page_breaks_with_tables_in_order():
    def build(d):
        d.core_properties.title = "Addendum report"
        d.core_properties.author = "Community offender manager"
        d.add_paragraph("Page one: " + BODY)
        d.add_paragraph("Still page one.")
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        d.add_paragraph("Page two begins here with a table below.")
        table = d.add_table(rows=2, cols=2)
        table.cell(0, 0).text = "Risk to"
        table.cell(0, 1).text = "Level"
        table.cell(1, 0).text = "Public"
        table.cell(1, 1).text = "High"
        d.add_paragraph("After the table.")
        run = d.add_paragraph("Before the break").add_run()
        run.add_break(WD_BREAK.PAGE)
        d.add_paragraph("Page three.")

    got = extract(word(build), "report.docx")
    assert got.format == "docx" and got.mime.endswith("wordprocessingml.document")
    texts = [p.text for p in got.pages]
    assert len(texts) == 3
    assert texts[0] == "Page one: " + BODY + "\nStill page one."
    assert texts[1].split("\n") == ["Page two begins here with a table below.", "Risk to\tLevel",
                                    "Public\tHigh", "After the table.", "Before the break"]
    assert texts[2] == "Page three."
    assert (got.title, got.author) == ("Addendum report", "Community offender manager")
    assert got.pages[0].has_text and got.pages[2].has_text  # Word text is text, however short
    assert got.pages[0].width == pytest.approx(612, abs=30)


def test_docx_splits_where_word_last_rendered_a_page_break():
    def build(d):
        d.add_paragraph("First page text.")
        p = d.add_paragraph()
        p.add_run()._r.append(_rendered_break())
        p.add_run("Second page text.")
        q = d.add_paragraph()
        q.add_run().add_break(WD_BREAK.PAGE)
        r = d.add_paragraph()
        r.add_run()._r.append(_rendered_break())  # Word marks the same break again: not a new page
        r.add_run("Third page text.")

    texts, _pictures, _size, _title, _author = docx_pages(word(build))
    assert texts == ["First page text.", "Second page text.", "Third page text."]


def _rendered_break():
    from docx.oxml.ns import qn
    from lxml import etree

    return etree.Element(qn("w:lastRenderedPageBreak"))


def test_an_empty_docx_is_one_page_without_text():
    got = extract(word(lambda d: None))
    assert len(got.pages) == 1 and got.unreadable == [1]


def test_a_damaged_docx_is_refused():
    data = bytearray(word(lambda d: d.add_paragraph(BODY)))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "word/document.xml":
                body = body[: len(body) // 2]
            dst.writestr(item, body)
    with pytest.raises(UnreadableDocument, match="Word document cannot be read"):
        extract(out.getvalue())


# --- images ---------------------------------------------------------------------------------------------

def test_png_and_jpeg_are_one_page_without_text():
    for data, mime in ((png((120, 90)), "image/png"), (jpeg((120, 90)), "image/jpeg")):
        got = extract(data)
        assert got.format == "image" and got.mime == mime
        assert len(got.pages) == 1
        page = got.pages[0]
        assert (page.width, page.height, page.text, page.has_text) == (120, 90, "", False)
        assert got.unreadable == [1]


def test_multi_frame_tiff_is_one_page_per_frame():
    seen = []
    got = extract(tiff(3), progress=lambda d, t: seen.append((d, t)))
    assert got.mime == "image/tiff"
    assert [p.number for p in got.pages] == [1, 2, 3]
    assert got.unreadable == [1, 2, 3]
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_a_truncated_image_is_refused():
    data = jpeg((400, 300))
    with pytest.raises(UnreadableDocument, match="image is damaged"):
        extract(data[: len(data) // 2])
    with pytest.raises(UnreadableDocument):
        extract(png()[:40])


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` pixels but carries almost no data (a bomb's calling card)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


@pytest.mark.parametrize("width, height", [(10_000, 9_000), (20_000, 20_000), (60_000, 60_000)])
def test_a_decompression_bomb_is_refused_without_decoding_it(width, height):
    # Only the header exists: decoding it would fail differently (or take gigabytes), so "too large"
    # proves it was refused from its declared size alone.
    with pytest.raises(UnreadableDocument, match="too large"):
        extract(_png_header_only(width, height))
    from casebook.documents import Reader

    with pytest.raises(UnreadableDocument, match="too large"):
        Reader(_png_header_only(width, height), "image")


def test_docx_text_is_the_current_text_only():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(d):
        d.add_paragraph("Kept paragraph.")
        p = d.add_paragraph("Current wording ")
        p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="A"><w:r><w:delText>struck out'
                              "</w:delText></w:r></w:del>"))
        p._p.append(parse_xml(f'<w:moveFrom {nsdecls("w")} w:id="2" w:author="A"><w:r><w:t>moved away'
                              "</w:t></w:r></w:moveFrom>"))
        p._p.append(parse_xml(
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:t>in a box</w:t></mc:Choice>"
            "<mc:Fallback><w:t>in a box</w:t></mc:Fallback></mc:AlternateContent></w:r>"))

    (text,) = [p.text for p in extract(word(build)).pages]
    assert text == "Kept paragraph.\nCurrent wording in a box"


def test_bookmarks_under_one_whole_dossier_bookmark_are_the_outline():
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for n in range(1, 7):
        pdf.add_page()
        if n == 1:
            pdf.start_section("Whole dossier", level=0)
        if n in (1, 3, 5):
            pdf.start_section(f"Part {n}", level=1)
        if n == 4:
            pdf.start_section("A sub-part", level=2)
        pdf.cell(text=f"Page {n}")
    assert extract(bytes(pdf.output())).outline == (("Part 1", 1), ("Part 3", 3), ("Part 5", 5))


def test_bookmarks_that_use_go_to_actions_are_read():
    data = make_pdf(["a", "b", "c"], bookmarks=[("First", 1), ("Third", 3)])
    as_actions = data.replace(b"/Dest[", b"/A<</S/GoTo/D[")
    # The offsets are now off by a few bytes; PDFium rebuilds the cross-reference table.
    as_actions = as_actions.replace(b"null null null]>>", b"null null null]>>>>")
    assert as_actions != data
    assert extract(as_actions).outline == (("First", 1), ("Third", 3))


def test_a_word_zip_bomb_is_refused_before_unpacking(monkeypatch):
    from casebook.documents import formats

    data = word(lambda d: d.add_paragraph(BODY * 50))
    monkeypatch.setattr(formats, "MAX_DOCX_UNPACKED", 20_000)  # the real limit is 512 MB
    with pytest.raises(UnreadableDocument, match="too large"):
        extract(data)
