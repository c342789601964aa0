"""Matters (parole reviews, recalls, IPP licence termination, …) of a client.

The record is declared in :mod:`casebook.domain.records` (``MATTERS``); this service adds the rules
for a new or closed matter: opened today unless said otherwise, titled after its type unless given a
title, and closed today when its status becomes closed without a date.
"""

from __future__ import annotations

from typing import Any

from casebook.domain import MATTER_TYPES, Matter
from casebook.domain.records import MATTERS
from casebook.services.records import RecordStore


def matter_from_row(r: dict) -> Matter:
    return MATTERS.from_row(r)


class MatterService(RecordStore):
    def __init__(self, cb, audit) -> None:
        super().__init__(MATTERS, cb, audit)

    def add(self, client_id: int, type: str, **fields: Any) -> int:
        self.check_parent(client_id)
        values = self.validate({"type": type, **fields}, new=True, parent_id=client_id)
        values.setdefault("opened_on", self.clock.today())
        if not values.get("title"):
            values["title"] = MATTER_TYPES[values["type"]]
        return self.insert({"client_id": client_id, **values})

    def update(self, matter_id: int, **fields: Any) -> dict[str, list]:
        before = self.get(matter_id)
        values = self.validate(fields, new=False, id_=matter_id, before=before)
        if values.get("status") == "closed" and not (fields.get("closed_on") or before.closed_on):
            values["closed_on"] = self.clock.today()
        return self.apply(matter_id, before, values)

    def for_client(self, client_id: int) -> list[Matter]:
        return self.where("client_id = ?", (client_id,))

    def list(self, client_id: int | None = None, status: str | None = None) -> list[Matter]:
        where, args = [], []
        if client_id is not None:
            where.append("client_id = ?")
            args.append(client_id)
        if status == "open":
            where.append("status != 'closed'")
        elif status:
            where.append("status = ?")
            args.append(status)
        return self.where(" AND ".join(where) or None, args, order_by="id")
