"""Matters (parole reviews, recalls, IPP licence termination, …) of a client."""

from __future__ import annotations

from typing import Any

from casebook.domain import LEGAL_AID_CLASSES, MATTER_STATUSES, MATTER_TYPES, Matter
from casebook.domain.validate import parse_date
from casebook.errors import ValidationError
from casebook.services.base import Service, Validator, choice, d, optional_text

FIELDS = ("type", "status", "title", "reference", "parole_board_ref", "ppcs_ref", "legal_aid_class",
          "opened_on", "closed_on")


def matter_from_row(r: dict) -> Matter:
    return Matter(
        id=r["id"], client_id=r["client_id"], type=r["type"], status=r["status"], title=r["title"],
        reference=r["reference"], parole_board_ref=r["parole_board_ref"], ppcs_ref=r["ppcs_ref"],
        legal_aid_class=r["legal_aid_class"], opened_on=d(r["opened_on"]), closed_on=d(r["closed_on"]),
        created_at=r["created_at"], updated_at=r["updated_at"],
    )


class MatterService(Service):
    table = "matters"
    entity = "matter"

    def _validate(self, fields: dict[str, Any]) -> dict[str, Any]:
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise ValidationError({sorted(unknown)[0]: "is not a matter field"})
        v = Validator()
        parsers = {
            "type": choice(MATTER_TYPES),
            "status": choice(MATTER_STATUSES),
            "title": lambda x: (x or "").strip(),
            "reference": optional_text,
            "parole_board_ref": optional_text,
            "ppcs_ref": optional_text,
            "legal_aid_class": choice(LEGAL_AID_CLASSES, allow_empty=True),
            "opened_on": lambda x: parse_date(x, required=False),
            "closed_on": lambda x: parse_date(x, required=False),
        }
        for name, raw in fields.items():
            v.field(name, raw, parsers[name])
        o, c = v.values.get("opened_on"), v.values.get("closed_on")
        if o and c and c < o:
            v.fail("closed_on", "cannot be before the date opened")
        v.raise_if_errors()
        return v.values

    def add(self, client_id: int, type: str, **fields: Any) -> int:  # noqa: A002 - domain word
        from casebook.services.clients import ClientService

        ClientService(self.cb, self.audit).get(client_id)
        values = self._validate({"type": type, **fields})
        values.setdefault("opened_on", self.clock.today())
        if not values.get("title"):
            values["title"] = MATTER_TYPES[values["type"]]
        return self._insert({"client_id": client_id, **values})

    def get(self, matter_id: int) -> Matter:
        return matter_from_row(self._row(matter_id))

    def update(self, matter_id: int, **fields: Any) -> dict[str, list]:
        before = self.get(matter_id)
        values = self._validate(fields)
        if values.get("status") == "closed" and not (fields.get("closed_on") or before.closed_on):
            values["closed_on"] = self.clock.today()
        return self._update(matter_id, before, values)

    def delete(self, matter_id: int) -> None:
        m = self.get(matter_id)
        self._delete(matter_id, {"client_id": m.client_id, "type": m.type})

    def for_client(self, client_id: int) -> list[Matter]:
        return self._query("WHERE client_id = ? ORDER BY opened_on DESC, id DESC", (client_id,))

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
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        return self._query(clause + " ORDER BY id", args)

    def _query(self, clause: str, args) -> list[Matter]:
        cur = self.conn.execute(f"SELECT * FROM matters {clause}", args)
        cols = [c[0] for c in cur.description]
        return [matter_from_row(dict(zip(cols, r, strict=True))) for r in cur.fetchall()]
