"""The page index of a client's documents, as a Word document: what is where in the dossier and which
pages the case cites — the index that goes to counsel with the bundle.

One table of the documents (how each is cited, title, kind, date, pages, pages with no text), each
document's named sections with their pages, then every citation by document and page ("Dossier p.143
¶4"), its section and the record that cites it. A4 portrait, English (UK) dates. Built with python-docx
from values only (no template, nothing evaluated from the data).
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Sequence

from casebook.domain.dates import format_date
from casebook.domain.documents import Document, DocumentSection, page_ranges
from casebook.letters.layout import a4, grid_table


def build(*, client_name: str, prison_number: str | None, today: _dt.date, documents: Sequence[Document],
          sections: dict[int, list[DocumentSection]], citations: Sequence) -> bytes:
    """The .docx bytes. ``citations``: :class:`casebook.services.documents.CitationView` items."""
    import docx

    doc = docx.Document()
    a4(doc)
    who = client_name + (f" ({prison_number})" if prison_number else "")
    doc.add_heading(f"Index of documents and cited pages — {who}", level=1)
    doc.add_paragraph(f"Prepared on {format_date(today)}. Page numbers are the pages of each document as "
                      "held in the casebook.")
    doc.add_heading("Documents", level=2)
    if documents:
        grid_table(doc, ("Cited as", "Title", "Kind", "Date", "Pages", "No text layer"), [
            (d.cite_as, d.title, d.kind_label, format_date(d.date), str(d.pages),
             page_ranges(d.unreadable) if d.unreadable else "—") for d in documents],
               (22, 46, 30, 30, 18, 24))
    else:
        doc.add_paragraph("No documents.")
    for d in documents:
        secs = sections.get(d.id) or []
        if not secs:
            continue
        doc.add_heading(f"{d.cite_as}: sections", level=3)
        grid_table(doc, ("Section", "Pages"), [(s.name, s.pages_label) for s in secs], (130, 40))
    doc.add_heading("Cited pages", level=2)
    if citations:
        grid_table(doc, ("Citation", "Section", "Cited for"),
               [(c.label, c.section or "—", c.target_summary + (f" — {c.note}" if c.note else ""))
                for c in citations], (38, 44, 88))
    else:
        doc.add_paragraph("No pages are cited yet.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
