"""A client's notes and legal-visit notes, id-backed (see :class:`ui.models.base.IdTableModel`)."""

from __future__ import annotations

from typing import Any

from casebook.domain import NOTE_KINDS, Note
from casebook.domain.dates import format_date
from ui.models.base import IdTableModel, plain_tooltip
from ui.models.chronology_model import one_line


class NotesModel(IdTableModel):
    """Notes newest first (the service's order): date, kind, matter, the note's first words."""

    columns = [
        ("date", "Date"),
        ("kind", "Kind"),
        ("matter", "Matter"),
        ("text", "Note"),
    ]

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id: int | None = None
        self._matter_titles: dict[int, str] = {}

    def set_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self.refresh()

    def refresh(self) -> None:
        if self.client_id is None:
            self._matter_titles = {}
            self.set_ids([])
            return
        self._matter_titles = {m.id: m.title or m.type_label
                               for m in self.services.matters.for_client(self.client_id)}
        notes = self.services.notes.for_client(self.client_id)
        self.set_ids([n.id for n in notes], notes)

    def clear(self) -> None:
        self.client_id = None
        self._matter_titles = {}
        super().clear()

    def _fetch(self, record_id: int) -> Note:
        return self.services.notes.get(record_id)

    def _value(self, n: Note, key: str) -> str:
        if key == "date":
            return format_date(n.date)
        if key == "kind":
            return NOTE_KINDS.get(n.kind, n.kind)
        if key == "matter":
            return self._matter_titles.get(n.matter_id, "") if n.matter_id else ""
        if key == "text":
            return one_line(n.text, 160)
        return ""

    def _sort_value(self, n: Note, key: str) -> Any:
        return n.date.isoformat() if key == "date" else self._value(n, key)

    def _tooltip(self, n: Note, key: str) -> str | None:
        return plain_tooltip(n.text) if key == "text" else None


__all__ = ["NotesModel"]
