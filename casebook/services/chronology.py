"""The chronology of a matter: dated facts with source document and page (CaseMap vocabulary).

The record is declared in :mod:`casebook.domain.records` (``EVENTS``). Some event types trigger
deadlines (the rules data in ``resources/rules/``); deadlines are computed from the events, so editing
or deleting an event recomputes them.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

from casebook.domain import Event
from casebook.domain.dates import uk_date
from casebook.domain.records import EVENTS
from casebook.domain.vocabulary import RE_RELEASE_EVENT, RECALL_EVENT, event_type_labels
from casebook.errors import ValidationError
from casebook.services.records import RecordStore


def known_event_types() -> dict[str, str]:
    """Event type code → label (the one vocabulary: :func:`casebook.domain.vocabulary.event_type_labels`)."""
    return event_type_labels()


def event_from_row(r: dict) -> Event:
    return EVENTS.from_row(r)


class ChronologyService(RecordStore):
    def __init__(self, cb, audit) -> None:
        super().__init__(EVENTS, cb, audit)

    def validate(self, fields, *, new, id_=None, before=None, parent_id=None):
        values = super().validate(fields, new=new, id_=id_, before=before, parent_id=parent_id)
        etype = values.get("type", getattr(before, "type", None))
        if etype == RE_RELEASE_EVENT:
            matter = parent_id if parent_id is not None else getattr(before, "matter_id", None)
            day = values.get("date", getattr(before, "date", None))
            self._check_re_release(matter, day, id_)
        return values

    def _check_re_release(self, matter_id: int | None, day, event_id: int | None) -> None:
        """A re-release ends a recall: there must be a recall of the client before it, not already
        ended by another re-release (nothing is saved otherwise)."""
        if matter_id is None or day is None:
            return
        rows = self.cb.conn.execute(
            "SELECT e.id, e.date, e.type FROM events e JOIN matters m ON m.id = e.matter_id "
            "WHERE m.client_id = (SELECT client_id FROM matters WHERE id = ?) AND e.type IN (?, ?) "
            "AND e.date <= ? ORDER BY e.date, e.id",
            (matter_id, RECALL_EVENT, RE_RELEASE_EVENT, day.isoformat()),
        ).fetchall()
        last = None
        for rid, rdate, rtype in rows:
            if rid != event_id:
                last = (rdate, rtype)
        if last is None:
            raise ValidationError({"type": "a re-release must follow a recall, and no recall of this "
                                           f"client is recorded on or before {uk_date(day)}: record the "
                                           "recall first"})
        if last[1] == RE_RELEASE_EVENT:
            raise ValidationError({"type": "the client was already re-released on "
                                           f"{uk_date(_dt.date.fromisoformat(last[0]))} after the last "
                                           "recall: record the later recall first"})

    def add(self, matter_id: int, date: Any, type: str, text: str = "", **fields: Any) -> int:
        return self.create({"date": date, "type": type, "text": text, **fields}, parent_id=matter_id)

    def update(self, event_id: int, **fields: Any) -> dict[str, list]:
        return self.modify(event_id, fields)

    def for_matter(self, matter_id: int, *, since: _dt.date | None = None) -> list[Event]:
        """The matter's events in date order; ``since``: only those dated on or after it (read through
        the matter-and-date index, not the whole chronology filtered afterwards)."""
        if since is None:
            return self.where("matter_id = ?", (matter_id,))
        return self.where("matter_id = ? AND date >= ?", (matter_id, since.isoformat()))

    def ids_for_matter(self, matter_id: int) -> list[int]:
        """The ids of :meth:`for_matter`'s events, in its order, read from the index alone."""
        return self.ids("matter_id = ?", (matter_id,))

    def ids_for_client(self, client_id: int) -> list[int]:
        """The ids of :meth:`for_client`'s events, in its order, without reading the events."""
        return self.ids("matter_id IN (SELECT id FROM matters WHERE client_id = ?)", (client_id,))

    def for_client(self, client_id: int, *, types: Iterable[str] | None = None) -> list[Event]:
        """Every event of the client's matters in date order; ``types``: only events of those types (read
        through the type index: a client with thousands of events reads only the few asked for)."""
        if types is None:
            return self.where("matter_id IN (SELECT id FROM matters WHERE client_id = ?)", (client_id,))
        codes = sorted(set(types))
        if not codes:
            return []
        marks = ",".join("?" * len(codes))
        return self.where(f"type IN ({marks}) AND matter_id IN (SELECT id FROM matters WHERE client_id = ?)",
                          (*codes, client_id))


__all__ = ["ChronologyService", "event_from_row", "known_event_types"]
