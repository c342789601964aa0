"""Fixtures for the letters tests: Word templates made on the fly, and the demo's parole matters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

#: The shipped templates the issue names (tests expect exactly these ids, at least).
TEMPLATE_IDS = (
    "representations",
    "oral-hearing-request",
    "deferral-request",
    "witness-application",
    "reconsideration-application",
    "set-aside-application",
    "assessment-correction-request",
    "rectification-request",
    "subject-access-request",
    "complaint-comp1",
    "ombudsman-complaint",
    "letter-before-claim",
    "expert-instructions",
    "counsel-instructions",
    "client-care",
)
PAROLE_TYPES = ("parole-review", "recall-review")


def write_template(
    path: Path, paragraphs: Sequence[str | Sequence[str]], *, title: str = "", subject: str = ""
) -> Path:
    """An A4 .docx whose paragraphs are ``paragraphs`` (a sequence of strings is one paragraph of
    several runs, each run formatted differently, as Word stores text typed in pieces)."""
    import docx
    from docx.shared import Mm

    doc = docx.Document()
    for s in doc.sections:
        s.page_width, s.page_height = Mm(210), Mm(297)
    for p in paragraphs:
        if isinstance(p, str):
            doc.add_paragraph(p)
        else:
            para = doc.add_paragraph()
            for n, text in enumerate(p):
                para.add_run(text).bold = bool(n % 2)
    doc.core_properties.title = title
    doc.core_properties.subject = subject
    doc.save(str(path))
    return path


@pytest.fixture
def make_template(tmp_path) -> Callable[..., Path]:
    counter = iter(range(1, 10_000))

    def make(
        *paragraphs: str | Sequence[str], name: str | None = None, folder: Path | None = None, **props: str
    ) -> Path:
        path = (folder or tmp_path) / (name or f"template-{next(counter)}.docx")
        return write_template(path, paragraphs, **props)

    return make


@pytest.fixture
def parole_matters(demo_svc) -> list[int]:
    return [m.id for m in demo_svc.matters.list() if m.type in PAROLE_TYPES]
