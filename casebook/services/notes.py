"""Notes, legal-visit notes and attendance notes of a client (optionally tied to a matter)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from casebook.domain import NOTE_KINDS, Note
from casebook.domain.validate import parse_date
from casebook.services.base import Service, Validator, choice, d, required_text


def note_from_row(r: dict) -> Note:
    return Note(id=r["id"], client_id=r["client_id"], matter_id=r["matter_id"], kind=r["kind"],
                date=_dt.date.fromisoformat(r["date"]), text=r["text"], created_at=r["created_at"],
                updated_at=r["updated_at"])


class NoteService(Service):
    table = "notes"
    entity = "note"

    def _validate(self, fields: dict[str, Any]) -> dict[str, Any]:
        v = Validator()
        parsers = {"date": lambda x: parse_date(x), "text": required_text, "kind": choice(NOTE_KINDS),
                   "matter_id": lambda x: int(x) if x not in (None, "") else None}
        for name, raw in fields.items():
            v.field(name, raw, parsers[name])
        v.raise_if_errors()
        return v.values

    def add(self, client_id: int, text: str, date: Any = None, kind: str = "note", matter_id: int | None = None) -> int:
        from casebook.services.clients import ClientService

        ClientService(self.cb, self.audit).get(client_id)
        values = self._validate({"date": date or self.clock.today(), "text": text, "kind": kind, "matter_id": matter_id})
        return self._insert({"client_id": client_id, **values})

    def get(self, note_id: int) -> Note:
        return note_from_row(self._row(note_id))

    def update(self, note_id: int, **fields: Any) -> dict[str, list]:
        return self._update(note_id, self.get(note_id), self._validate(fields))

    def delete(self, note_id: int) -> None:
        n = self.get(note_id)
        self._delete(note_id, {"client_id": n.client_id, "kind": n.kind})

    def for_client(self, client_id: int) -> list[Note]:
        cur = self.conn.execute("SELECT * FROM notes WHERE client_id = ? ORDER BY date DESC, id DESC", (client_id,))
        cols = [c[0] for c in cur.description]
        return [note_from_row(dict(zip(cols, r, strict=True))) for r in cur.fetchall()]


__all__ = ["NoteService", "d"]
