"""Clients, their sentences, adjustments and the prison's calculated dates.

The records are declared in :mod:`casebook.domain.records` (``CLIENTS``, ``SENTENCES``,
``ADJUSTMENTS``); this service adds the client list's fast queries.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from casebook.domain import Adjustment, Client, Sentence
from casebook.domain.records import ADJUSTMENTS, CLIENTS, SENTENCES
from casebook.errors import NotFound
from casebook.services.records import RecordStore


def client_from_row(r: dict) -> Client:
    return CLIENTS.from_row(r)


class ClientService(RecordStore):
    def __init__(self, cb, audit) -> None:
        super().__init__(CLIENTS, cb, audit)
        self._sentences = RecordStore(SENTENCES, cb, audit)
        self._adjustments = RecordStore(ADJUSTMENTS, cb, audit)

    @property
    def conn(self):
        return self.cb.conn

    # ------------------------------------------------------------------ CRUD
    def add(self, **fields: Any) -> int:
        return self.create(fields)

    def update(self, client_id: int, **fields: Any) -> dict[str, list]:
        return self.modify(client_id, fields)

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM clients").fetchone()[0])

    def ids(self, filter_text: str = "", limit: int | None = None) -> list[int]:
        """Client ids ordered by name; ``filter_text`` matches name, alias, prison number or prison."""
        sql = "SELECT id FROM clients"
        args: list[Any] = []
        f = filter_text.strip()
        if f:
            like = f"%{f}%"
            sql += " WHERE name LIKE ? OR aliases LIKE ? OR prison_number LIKE ? OR prison LIKE ?"
            args += [like, like, like, like]
        sql += " ORDER BY name COLLATE NOCASE, id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self.conn.execute(sql, args).fetchall()]

    def rows(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        """Light rows for list views: id, name, prison number, prison, open matters, next date."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        today = self.clock.today()
        out: dict[int, dict[str, Any]] = {}
        for r in self.conn.execute(
            f"""SELECT c.id, c.name, c.prison_number, c.prison, c.prison_dates,
                       (SELECT count(*) FROM matters m WHERE m.client_id = c.id AND m.status != 'closed')
                FROM clients c WHERE c.id IN ({marks})""",
            ids,
        ):
            dates = json.loads(r[4] or "{}")
            out[r[0]] = {
                "id": r[0], "name": r[1], "prison_number": r[2] or "", "prison": r[3] or "",
                "open_matters": r[5],
                "key_date": _key_date(dates, today),
            }
        return out

    def list(self) -> list[Client]:
        return self.where()

    # ------------------------------------------------------------------ sentences
    def add_sentence(self, client_id: int, **fields: Any) -> int:
        return self._sentences.create(fields, parent_id=client_id)

    def update_sentence(self, sentence_id: int, **fields: Any) -> dict[str, list]:
        return self._sentences.modify(sentence_id, fields)

    def delete_sentence(self, sentence_id: int) -> None:
        self._sentences.delete(sentence_id)

    def get_sentence(self, sentence_id: int) -> Sentence:
        return self._sentences.get(sentence_id)

    def sentences(self, client_id: int) -> list[Sentence]:
        return self._sentences.where("client_id = ?", (client_id,))

    # ------------------------------------------------------------------ adjustments
    def add_adjustment(self, client_id: int, kind: str, days: Any, from_date: Any = None,
                       to_date: Any = None) -> int:
        return self._adjustments.create({"kind": kind, "days": days, "from_date": from_date,
                                         "to_date": to_date},
                                        parent_id=client_id)

    def delete_adjustment(self, adjustment_id: int) -> None:
        self._adjustments.delete(adjustment_id)

    def adjustments(self, client_id: int) -> list[Adjustment]:
        return self._adjustments.where("client_id = ?", (client_id,))


def _key_date(dates: dict[str, str], on: _dt.date) -> str:
    """The next parole-relevant date from the prison's sheet on or after ``on``, as 'CODE YYYY-MM-DD'."""
    today = on.isoformat()
    for code in ("TED", "PED", "CRD", "PRRD", "SLED", "SED"):
        v = dates.get(code)
        if v and v >= today:
            return f"{code} {v}"
    return ""


__all__ = ["ClientService", "NotFound", "client_from_row"]
