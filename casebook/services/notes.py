"""Notes, legal-visit notes and attendance notes of a client (optionally tied to a matter).

The record is declared in :mod:`casebook.domain.records` (``NOTES``).
"""

from __future__ import annotations

from typing import Any

from casebook.domain import Note
from casebook.domain.records import NOTES
from casebook.services.records import RecordStore


def note_from_row(r: dict) -> Note:
    return NOTES.from_row(r)


class NoteService(RecordStore):
    def __init__(self, cb, audit) -> None:
        super().__init__(NOTES, cb, audit)

    def add(self, client_id: int, text: str, date: Any = None, kind: str = "note",
            matter_id: int | None = None) -> int:
        fields = {"date": date or self.clock.today(), "text": text, "kind": kind, "matter_id": matter_id}
        return self.create(fields, parent_id=client_id)

    def update(self, note_id: int, **fields: Any) -> dict[str, list]:
        return self.modify(note_id, fields)

    def for_client(self, client_id: int) -> list[Note]:
        return self.where("client_id = ?", (client_id,))


__all__ = ["NoteService", "note_from_row"]
