"""A client's documents (the dossier, reports, letters), their citations, and a document's sections.

Everything shown comes from ``services.documents`` and ``services.citations``; nothing here reads a
file. :class:`DocumentsModel` is id-backed like every record table (``ClientRecordsModel``);
:class:`CitationsModel` lists the citations of one record (a challenge, an allegation …);
:class:`SectionsModel` a document's named page ranges.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from casebook.domain.dates import format_date
from casebook.domain.documents import page_ranges
from casebook.domain.vocabulary import CITATION_TARGETS, DOCUMENT_KINDS
from ui.models.base import ClientRecordsModel, IdTableModel, ListTableModel, plain_tooltip

#: The kinds of document, in the order the import dialog offers them: (code, label).
KINDS: tuple[tuple[str, str], ...] = tuple((code, label) for code, (label, _cite) in DOCUMENT_KINDS.items())

#: The records a citation can be attached to (``services.citations.TARGETS``) and what to call them.
TARGET_LABELS: dict[str, str] = {code: label for code, (_table, label) in CITATION_TARGETS.items()}
TARGET_LABELS["assessment"] = "Risk assessment"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    return f"{n:,} {noun if n == 1 else (nouns or noun + 's')}"


def date_text(value: Any) -> str:
    if isinstance(value, _dt.date):
        return format_date(value)
    if isinstance(value, str) and value:
        try:
            return format_date(_dt.date.fromisoformat(value[:10]))
        except ValueError:
            return value
    return ""


def _iso(value: Any) -> str:
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value or "")


def kind_label(doc: Any) -> str:
    label = getattr(doc, "kind_label", "")
    if label:
        return label
    return dict(KINDS).get(getattr(doc, "kind", ""), str(getattr(doc, "kind", "")).capitalize())


def document_name(doc: Any) -> str:
    """What a document is called in a list or a message: its title, else its file's name."""
    return getattr(doc, "title", "") or getattr(doc, "filename", "") or f"Document {doc.id}"


class DocumentsModel(ClientRecordsModel):
    """Title, kind, date, author, pages, pages with no text, version (the service's order)."""

    columns = [
        ("title", "Title"),
        ("kind", "Kind"),
        ("date", "Date"),
        ("author", "Author"),
        ("pages", "Pages"),
        ("unreadable", "No text"),
        ("version", "Version"),
    ]

    def _load(self, client_id: int) -> list[Any]:
        return self.services.documents.for_client(client_id)

    def _fetch(self, record_id: int) -> Any:
        return self.services.documents.get(record_id)

    def _value(self, d: Any, key: str) -> str:
        if key == "title":
            return document_name(d)
        if key == "kind":
            return kind_label(d)
        if key == "date":
            return date_text(d.date)
        if key == "author":
            return d.author or ""
        if key == "pages":
            return f"{d.pages:,}"
        if key == "unreadable":
            n = len(d.unreadable or ())
            return f"{n:,}" if n else ""
        if key == "version":
            return str(getattr(d, "version", 1) or 1)
        return ""

    def _sort_value(self, d: Any, key: str) -> Any:
        if key == "date":
            return _iso(d.date)
        if key in ("pages",):
            return int(d.pages)
        if key == "unreadable":
            return len(d.unreadable or ())
        if key == "version":
            return int(getattr(d, "version", 1) or 1)
        return self._value(d, key)

    def _tooltip(self, d: Any, key: str) -> str | None:
        if key == "title":
            bits = [document_name(d)]
            if d.filename and d.filename != d.title:
                bits.append(f"File: {d.filename}")
            cite = getattr(d, "cite_as", "")
            if cite:
                bits.append(f"Cited as “{cite}”")
            return plain_tooltip("\n".join(bits))
        if key == "unreadable" and d.unreadable:
            return plain_tooltip("Pages with no text layer (scanned): " + page_ranges(d.unreadable))
        if key == "version" and getattr(d, "previous_id", None):
            return plain_tooltip(f"Version {d.version}: the earlier version is kept too")
        return None

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() \
                and self.columns[index.column()][0] in ("pages", "unreadable", "version"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)

    def document(self, document_id: int) -> Any | None:
        row = self.row_of(document_id)
        return self.record(row) if row >= 0 else None


class CitationsModel(IdTableModel):
    """The citations of one record: "Dossier p.143 ¶4", its section, and the note."""

    columns = [
        ("label", "Citation"),
        ("section", "Section"),
        ("note", "Note"),
    ]

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.target: str | None = None
        self.target_id: int | None = None

    def set_target(self, target: str | None, target_id: int | None) -> None:
        self.target, self.target_id = target, target_id
        self.refresh()

    def refresh(self) -> None:
        if self.services is None or self.target is None or self.target_id is None:
            self.set_ids([])
            return
        cites = list(self.services.citations.for_record(self.target, self.target_id))
        self.set_ids([c.id for c in cites], cites)

    def clear(self) -> None:
        self.target = self.target_id = None
        super().clear()

    def _fetch(self, record_id: int) -> Any:
        for c in self.services.citations.for_record(self.target, self.target_id):
            if c.id == record_id:
                return c
        from casebook.errors import NotFound

        raise NotFound("that citation is no longer in the casebook")

    def _value(self, c: Any, key: str) -> str:
        if key == "label":
            section = getattr(c, "section", "")
            return f"{c.label} — {section}" if section else c.label
        if key == "section":
            return c.section or ""
        if key == "note":
            return c.note or ""
        return ""

    def _tooltip(self, c: Any, key: str) -> str | None:
        if key != "label":
            return None
        bits = [self._value(c, "label")]
        if getattr(c, "note", ""):
            bits.append(c.note)
        bits.append("Click, or press Enter, to open the page.")
        return plain_tooltip("\n".join(bits))

    def citation(self, row: int) -> Any | None:
        return self.record(row)


def section_pages(s: Any) -> tuple[int, int]:
    """(first, last) page of a section (``SectionRow`` or ``DocumentSection``)."""
    first = getattr(s, "first", None)
    if first is None:
        first = s.first_page
    last = getattr(s, "last", None)
    if last is None:
        last = getattr(s, "last_page", first)
    return int(first), int(last)


def pages_text(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


class SectionsModel(ListTableModel):
    """A document's sections: name and pages ("120–185"), and where each came from."""

    columns = [("name", "Section"), ("pages", "Pages"), ("source", "From")]
    SOURCES = {"outline": "Bookmarks", "index": "Dossier index", "user": "Named by you"}

    def set_sections(self, sections: Sequence[Any]) -> None:
        self.set_rows(sections)

    def clear(self) -> None:
        self.set_rows([])

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        s = self.row_at(index.row()) if index.isValid() else None
        if s is None:
            return None
        key = self.columns[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if key == "name":
                return s.name
            if key == "pages":
                return pages_text(*section_pages(s))
            if key == "source":
                return self.SOURCES.get(s.source, s.source)
        if role == Qt.ItemDataRole.UserRole:
            return s
        return None


__all__ = [
    "KINDS",
    "TARGET_LABELS",
    "CitationsModel",
    "DocumentsModel",
    "SectionsModel",
    "date_text",
    "document_name",
    "kind_label",
    "page_ranges",
    "pages_text",
    "section_pages",
    "plural",
]
