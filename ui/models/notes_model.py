"""A client's notes and legal-visit notes, id-backed (see :class:`ui.models.base.IdTableModel`)."""

from __future__ import annotations

from typing import Any

from casebook.domain import NOTE_KINDS, Note
from casebook.domain.dates import format_date
from ui.models.base import ClientRecordsModel, plain_tooltip
from ui.models.chronology_model import one_line


class NotesModel(ClientRecordsModel):
    """Notes newest first (the service's order): date, kind, matter, the note's first words."""

    columns = [
        ("date", "Date"),
        ("kind", "Kind"),
        ("matter", "Matter"),
        ("text", "Note"),
    ]

    def __init__(self, services, parent=None) -> None:
        self._matter_titles: dict[int, str] = {}
        super().__init__(services, parent)

    def _load(self, client_id: int) -> list[Note]:
        matters = self.services.matters.for_client(client_id)
        self._matter_titles = {m.id: m.title or m.type_label for m in matters}
        return self.services.notes.for_client(client_id)

    def _forget(self) -> None:
        self._matter_titles = {}

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
