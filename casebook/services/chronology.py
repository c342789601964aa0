"""The chronology of a matter: dated facts with source document and page (CaseMap vocabulary).

Some event types trigger deadlines (the rules data in ``resources/rules/``); deadlines are computed
from the events, so editing or deleting an event recomputes them.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from casebook.domain import DISPUTED_STATUSES, Event
from casebook.domain.validate import parse_date
from casebook.errors import ValidationError
from casebook.services.base import Service, Validator, choice, d

FIELDS = ("date", "type", "text", "source", "page", "material", "disputed")
_TYPE_RE = re.compile(r"^[a-z][a-z0-9-]{0,49}$")


def known_event_types() -> dict[str, str]:
    """Event type code → label, from the deadline rules data plus ordinary chronology types."""
    from casebook.deadlines import event_types

    return {t.code: t.label for t in event_types()}


def _event_type(raw: Any) -> str:
    s = (str(raw) if raw is not None else "").strip().lower()
    if not _TYPE_RE.match(s):
        raise ValueError("must be an event type code such as referral or hearing-listed")
    known = known_event_types()
    if s not in known:
        raise ValueError("is not a known event type; known types: " + ", ".join(sorted(known)))
    return s


def event_from_row(r: dict) -> Event:
    return Event(
        id=r["id"], matter_id=r["matter_id"], date=_dt.date.fromisoformat(r["date"]), type=r["type"],
        text=r["text"], source=r["source"], page=r["page"], material=bool(r["material"]),
        disputed=r["disputed"], created_at=r["created_at"], updated_at=r["updated_at"],
    )


class ChronologyService(Service):
    table = "events"
    entity = "event"

    def _validate(self, fields: dict[str, Any]) -> dict[str, Any]:
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise ValidationError({sorted(unknown)[0]: "is not an event field"})
        v = Validator()
        parsers = {
            "date": lambda x: parse_date(x),
            "type": _event_type,
            "text": lambda x: (x or "").strip(),
            "source": lambda x: (x or "").strip(),
            "page": lambda x: (str(x) if x is not None else "").strip(),
            "material": bool,
            "disputed": choice(DISPUTED_STATUSES),
        }
        for name, raw in fields.items():
            v.field(name, raw, parsers[name])
        dt = v.values.get("date")
        if dt and dt.year < 1900:
            v.fail("date", "is before 1900; please check it")
        if dt and dt > self.clock.today() + _dt.timedelta(days=3660):
            v.fail("date", "is more than ten years ahead; please check it")
        v.raise_if_errors()
        return v.values

    def add(self, matter_id: int, date: Any, type: str, text: str = "", **fields: Any) -> int:  # noqa: A002
        from casebook.services.matters import MatterService

        MatterService(self.cb, self.audit).get(matter_id)
        values = self._validate({"date": date, "type": type, "text": text, **fields})
        return self._insert({"matter_id": matter_id, **values})

    def get(self, event_id: int) -> Event:
        return event_from_row(self._row(event_id))

    def update(self, event_id: int, **fields: Any) -> dict[str, list]:
        before = self.get(event_id)
        return self._update(event_id, before, self._validate(fields))

    def delete(self, event_id: int) -> None:
        e = self.get(event_id)
        self._delete(event_id, {"matter_id": e.matter_id, "type": e.type, "date": e.date})

    def for_matter(self, matter_id: int) -> list[Event]:
        return self._query("WHERE matter_id = ? ORDER BY date, id", (matter_id,))

    def for_client(self, client_id: int) -> list[Event]:
        return self._query(
            "WHERE matter_id IN (SELECT id FROM matters WHERE client_id = ?) ORDER BY date, id", (client_id,)
        )

    def _query(self, clause: str, args) -> list[Event]:
        cur = self.conn.execute(f"SELECT * FROM events {clause}", args)
        cols = [c[0] for c in cur.description]
        return [event_from_row(dict(zip(cols, r, strict=True))) for r in cur.fetchall()]


__all__ = ["ChronologyService", "known_event_types", "d"]
