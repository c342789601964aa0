"""Every shipped template renders for every demo parole matter: the letter reopens in python-docx, no tag is
left over, it is A4, and it carries the client's name and prison number; with LibreOffice (in CI) each
converts to PDF and its first page is saved as a PNG for review (tests/screenshots/letters/)."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from casebook.letters import registry
from tests.core.letters.conftest import TEMPLATE_IDS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots" / "letters"


def _all_text(doc) -> str:
    parts = [doc.element.body]
    for s in doc.sections:
        parts += [s.header._element, s.footer._element]
    return "\n".join(
        "".join(t.text or "" for t in p.iter(f"{W}t")) for part in parts for p in part.iter(f"{W}p")
    )


def test_the_shipped_templates_are_the_fifteen_the_issue_names():
    shipped = {t.id for t in registry.templates() if t.source == registry.SHIPPED}
    if not shipped:
        pytest.skip("no shipped templates yet")
    assert set(TEMPLATE_IDS) <= shipped, set(TEMPLATE_IDS) - shipped
    for t in registry.templates():
        assert t.title and t.title != t.id, t.id
        assert t.description, t.id


def test_every_shipped_template_renders_for_every_demo_parole_matter(demo_svc, parole_matters):
    import docx
    from docx.shared import Mm

    demo_svc.letters.set_firm(
        name="Example & Co Solicitors",
        address_lines=["1 High Street", "Leeds"],
        solicitor="A. Solicitor",
        reference="AS",
    )
    templates = demo_svc.letters.templates()
    assert parole_matters
    for matter in parole_matters:
        ctx = demo_svc.letters.context(matter)
        client = ctx["client"]
        for t in templates:
            data = demo_svc.letters.render(t, matter, context=ctx)
            doc = docx.Document(io.BytesIO(data))
            text = _all_text(doc)
            where = f"{t.id} for matter {matter}"
            assert "{{" not in text and "{%" not in text and "{#" not in text, where
            assert not re.search(r"\bNone\b", text), where
            assert client["name"] in text, where
            assert client["prison_number"] and client["prison_number"] in text, where
            for section in doc.sections:
                assert abs(section.page_width - Mm(210)) < Mm(1), where
                assert abs(section.page_height - Mm(297)) < Mm(1), where
            assert ctx["matter"]["reference"] in text or ctx["matter"]["parole_board_ref"] in text, where


@pytest.mark.skipif(not os.environ.get("CI"), reason="LibreOffice conversion runs in CI (env CI set)")
def test_rendered_templates_convert_to_pdf_and_first_pages_are_saved(demo_svc, parole_matters):
    """One soffice run converts every template's letter for the matter with the most in it; each PDF's
    first page is saved as a PNG for a person to look at."""
    import pypdfium2 as pdfium

    from casebook.documents import PDFIUM_LOCK
    from casebook.letters.exports import convert_to_pdf, soffice

    command = soffice()
    if command is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    demo_svc.letters.set_firm(
        name="Example & Co Solicitors",
        address_lines=["1 High Street", "Leeds", "LS1 1AA"],
        solicitor="A. Solicitor",
        sra_number="123456",
        reference="AS",
    )
    matter = max(parole_matters, key=lambda m: len(demo_svc.letters.context(m)["chronology"]))
    ctx = demo_svc.letters.context(matter)
    files = {
        f"{t.id}.docx": demo_svc.letters.render(t, matter, context=ctx) for t in demo_svc.letters.templates()
    }
    pdfs = convert_to_pdf(command, files, timeout=300)
    assert set(pdfs) == {name[:-5] + ".pdf" for name in files}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, data in pdfs.items():
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(data)
            try:
                page = pdf[0]
                w, h = page.get_size()
                assert abs(w - 595.3) < 3 and abs(h - 841.9) < 3, name  # A4 in points
                text = page.get_textpage().get_text_range()
                image = page.render(scale=1.5).to_pil()
                page.close()
            finally:
                pdf.close()
        assert ctx["client"]["name"] in text or ctx["client"]["prison_number"] in text, name
        image.save(SCREENSHOTS / (name[:-4] + ".png"))
