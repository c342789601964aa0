"""The chronology of a matter: dated facts with source document and page (CaseMap vocabulary).

The record is declared in :mod:`casebook.domain.records` (``EVENTS``). Some event types trigger
deadlines (the rules data in ``resources/rules/``); deadlines are computed from the events, so editing
or deleting an event recomputes them.
"""

from __future__ import annotations

from typing import Any

from casebook.domain import Event
from casebook.domain.records import EVENTS
from casebook.domain.vocabulary import event_type_labels
from casebook.services.records import RecordStore


def known_event_types() -> dict[str, str]:
    """Event type code → label (the one vocabulary: :func:`casebook.domain.vocabulary.event_type_labels`)."""
    return event_type_labels()


def event_from_row(r: dict) -> Event:
    return EVENTS.from_row(r)


class ChronologyService(RecordStore):
    def __init__(self, cb, audit) -> None:
        super().__init__(EVENTS, cb, audit)

    def add(self, matter_id: int, date: Any, type: str, text: str = "", **fields: Any) -> int:
        return self.create({"date": date, "type": type, "text": text, **fields}, parent_id=matter_id)

    def update(self, event_id: int, **fields: Any) -> dict[str, list]:
        return self.modify(event_id, fields)

    def for_matter(self, matter_id: int) -> list[Event]:
        return self.where("matter_id = ?", (matter_id,))

    def for_client(self, client_id: int) -> list[Event]:
        return self.where("matter_id IN (SELECT id FROM matters WHERE client_id = ?)", (client_id,))


__all__ = ["ChronologyService", "event_from_row", "known_event_types"]
