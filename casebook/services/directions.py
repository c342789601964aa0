"""The Board's directions in a parole matter (Parole Board Rules 2019 r.6): what is to be done, who must
comply, by when, and where it stands.

A direction's due date is entered by the user (the Board sets it); the deadlines service lists open
and deferred directions beside the computed time limits (``casebook deadlines``), so a direction is
on This week, the calendar and the reminders like every other deadline. Complying sets the status and
the date complied with (the services' clock's today unless given); a deferral or an adjournment of the
date keeps the first due date (``original_due``) and the reason.

Only parole matters (parole review, recall review, IPP licence termination) have directions. The record
is declared in :mod:`casebook.domain.records` (``DIRECTIONS``); every write is validated in full before
the one transaction that saves it and its audit entry.
"""

from __future__ import annotations

from typing import Any

from casebook.domain.parole import Direction, is_parole_matter, not_parole_matter_message
from casebook.domain.records import DIRECTIONS, MATTERS
from casebook.errors import BadInput, NotFound, ValidationError
from casebook.services.records import RecordStore


def parole_matter(store: RecordStore, matter_id: Any):
    """The matter ``matter_id`` if it exists and is a parole matter; else :class:`NotFound` /
    :class:`BadInput` with one line saying which."""
    try:
        mid = int(matter_id)
    except (TypeError, ValueError):
        raise BadInput("matter: must be a matter id (a whole number)") from None
    matter = RecordStore(MATTERS, store.cb, store.audit).get(mid)
    if not is_parole_matter(matter.type):
        raise BadInput(not_parole_matter_message(matter.id, matter.type))
    return matter


class DirectionService(RecordStore):
    def __init__(self, cb, audit) -> None:
        super().__init__(DIRECTIONS, cb, audit)

    # ------------------------------------------------------------------ writing
    def add(self, matter_id: int, text: Any = "", due: Any = "", **fields: Any) -> int:
        """Save a direction of a parole matter (``text``, ``due``; ``party``, ``made_on``, ``status``,
        ``notes`` …). The due date is required."""
        parole_matter(self, matter_id)
        values = self.validate({"text": text, "due": due, **fields}, new=True, parent_id=matter_id)
        return self.insert({"matter_id": int(matter_id), **values})

    def update(self, direction_id: int, **fields: Any) -> dict[str, list]:
        """Change fields of a direction (all validated first; nothing is saved if one is wrong). Made
        complied with and no date given, it was complied with today (by the services' clock)."""
        before = self.get(direction_id)
        values = self.validate(fields, new=False, id_=direction_id, before=before)
        if values.get("status") == "complied" and not values.get("completed_on") and not before.completed_on:
            values["completed_on"] = self.clock.today()
        return self.apply(direction_id, before, values)

    def done(self, direction_id: int, on: Any = None) -> dict[str, list]:
        """The direction was complied with, on ``on`` (default: today by the services' clock)."""
        before = self.get(direction_id)
        values = self.validate({"status": "complied", "completed_on": on or self.clock.today()}, new=False,
                               id_=direction_id, before=before)
        return self.apply(direction_id, before, values)

    def reopen(self, direction_id: int) -> dict[str, list]:
        """Back to open (deferred if it has a new date), the date complied with cleared."""
        before = self.get(direction_id)
        status = "deferred" if before.original_due else "open"
        return self.apply(direction_id, before, {"status": status, "completed_on": None})

    def defer(self, direction_id: int, to: Any, reason: Any) -> dict[str, list]:
        """A new due date (the Board deferred or adjourned it): the first due date is kept as
        ``original_due`` (a second deferral keeps the first), the reason is required."""
        before = self.get(direction_id)
        errors: dict[str, str] = {}
        if not str(reason or "").strip():
            errors["reason"] = "is required: say why the date changed (e.g. panel chair's directions of …)"
        try:
            values = self.validate({"due": to, "change_reason": reason, "status": "deferred"}, new=False,
                                   id_=direction_id, before=before)
        except ValidationError as exc:
            errors.update({("to" if k == "due" else k): v for k, v in exc.errors.items()})
            values = {}
        if not errors and values["due"] == before.due:
            errors["to"] = "is the direction's due date already"
        if errors:
            raise ValidationError(errors)
        values["original_due"] = before.original_due or before.due
        values["completed_on"] = None
        return self.apply(direction_id, before, values)

    def remove(self, direction_id: int) -> None:
        self.delete(direction_id)

    # ------------------------------------------------------------------ reading
    def for_matter(self, matter_id: int) -> list[Direction]:
        """A parole matter's directions, earliest due first (an unknown matter: :class:`NotFound`)."""
        if not RecordStore(MATTERS, self.cb, self.audit).exists(matter_id):
            raise NotFound(f"no matter with id {matter_id}")
        return self.where("matter_id = ?", (matter_id,))

    def as_json(self, d: Direction) -> dict[str, Any]:
        return DIRECTIONS.to_json(d)


__all__ = ["DirectionService", "parole_matter"]
