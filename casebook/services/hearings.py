"""A parole matter's oral hearing: when and how it is held, the panel, observers and victims'
statements (Parole Board Rules 2019 r.14), the witnesses (r.24: requested, directed, refused,
withdrawn) and the decision with its outcome (r.25).

The hearing's date is the date of a ``hearing-listed`` chronology event (``hearings.event_id``), so the
deadline rules that run from the listing (r.17 withholding applications, the preparation reminders)
follow the hearing: setting the date creates that event — or takes over the matter's one entered by
hand, not yet tied to a hearing — and moving the date moves it, in the same transaction as the hearing.
Recording a decision (an outcome other than adjourned or deferred, with a decision date) adds an
``oral-hearing-held`` event at the hearing date if the matter has none from that date on, which closes
the preparation reminders and starts the decision-due rule.

One hearing per matter is the current one (the latest): :meth:`HearingService.set` creates it or
changes it. Only parole matters have one. Records: ``HEARINGS`` and ``HEARING_WITNESSES`` in
:mod:`casebook.domain.records`; every write is validated in full first, then saved with its events and
audit entries in one transaction, so nothing is half-saved.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from typing import Any

from casebook.domain.parole import DECISION_OUTCOMES, Hearing, Witness
from casebook.domain.records import HEARING_WITNESSES, HEARINGS
from casebook.errors import BadInput, ValidationError
from casebook.services.directions import parole_matter
from casebook.services.records import RecordStore, as_id

LISTED_EVENT = "hearing-listed"
HELD_EVENT = "oral-hearing-held"


def listing_text(h: Hearing | None) -> str:
    """The text of the hearing's ``hearing-listed`` event: "Oral hearing listed (video, 10:00)."."""
    parts = [p for p in ((h.format_label.lower() if h and h.format else ""), (h.time if h else "")) if p]
    return "Oral hearing listed" + (f" ({', '.join(parts)})" if parts else "") + "."


class HearingService(RecordStore):
    def __init__(self, cb, audit, chronology) -> None:
        super().__init__(HEARINGS, cb, audit)
        self.chronology = chronology
        self.witness_store = RecordStore(HEARING_WITNESSES, cb, audit)

    # ------------------------------------------------------------------ the hearing
    def current(self, matter_id: int) -> Hearing | None:
        """The matter's current hearing (the latest one), or None. Its date is its listing event's: an
        event moved in the chronology moves the hearing (the deadlines already run from the event)."""
        found = self.where("matter_id = ?", (matter_id,), order_by="id DESC", limit=1)
        return self._as_listed(found[0]) if found else None

    def _as_listed(self, h: Hearing) -> Hearing:
        if h.event_id is not None:
            row = self.cb.conn.execute("SELECT date FROM events WHERE id = ?", (h.event_id,)).fetchone()
            if row is not None and row[0] != (h.date.isoformat() if h.date else None):
                return dataclasses.replace(h, date=_dt.date.fromisoformat(row[0]))
        return h

    def set(self, matter_id: Any, **fields: Any) -> int:
        """Create the matter's hearing or change it (``date``, ``time``, ``format``, ``venue``,
        ``panel``, ``observers``, ``victim_statements``, ``decision_date``, ``outcome``,
        ``adjourned_reason``, ``notes``). A blank date un-lists it (its listing event goes). Returns the
        hearing's id."""
        matter = parole_matter(self, matter_id)
        before = self.current(matter.id)
        if before is None:
            values = self.validate(fields, new=True, parent_id=matter.id)
        else:
            values = self.validate(fields, new=False, id_=before.id, before=before)
        with self.cb.transaction():
            if before is None:
                hid = self.insert({"matter_id": matter.id, **values})
            else:
                hid = before.id
                stored = self.get(hid)
                moved = {"date": before.date} if stored.date != before.date else {}  # in the chronology
                self.apply(hid, stored, {**moved, **values})
            self._follow(hid, before)
        return hid

    def _follow(self, hearing_id: int, before: Hearing | None) -> None:
        """Bring the chronology in line with the hearing (inside the caller's transaction)."""
        h = self.get(hearing_id)
        event = self._listing_event(h)
        if h.date is None:
            if event is not None:
                self.chronology.delete(event.id)
            if h.event_id is not None:
                self.apply(h.id, h, {"event_id": None})
        elif event is None:
            eid = self.chronology.add(h.matter_id, h.date, LISTED_EVENT, text=listing_text(h),
                                      source="Hearing details")
            self.apply(h.id, h, {"event_id": eid})
        else:
            changes: dict[str, Any] = {}
            if event.date != h.date:
                changes["date"] = h.date
            # The text is ours to keep up to date only while it is the text we wrote.
            if event.text in (listing_text(before), listing_text(None)) and event.text != listing_text(h):
                changes["text"] = listing_text(h)
            if changes:
                self.chronology.update(event.id, **changes)
            if h.event_id != event.id:
                self.apply(h.id, h, {"event_id": event.id})
        h = self.get(hearing_id)
        if h.date is not None and h.outcome in DECISION_OUTCOMES and h.decision_date is not None:
            held = self.cb.conn.execute(
                "SELECT 1 FROM events WHERE matter_id = ? AND type = ? AND date >= ?",
                (h.matter_id, HELD_EVENT, h.date.isoformat())).fetchone()
            if held is None:
                self.chronology.add(h.matter_id, h.date, HELD_EVENT, text="Oral hearing held.",
                                    source="Hearing details")

    def _listing_event(self, h: Hearing):
        """The hearing's listing event: its own, else the matter's latest ``hearing-listed`` event that no
        hearing has (one entered in the chronology by hand), else None."""
        if h.event_id is not None and self.chronology.exists(h.event_id):
            return self.chronology.get(h.event_id)
        free = self.chronology.where(
            "matter_id = ? AND type = ? "
            "AND id NOT IN (SELECT event_id FROM hearings WHERE event_id IS NOT NULL)",
            (h.matter_id, LISTED_EVENT), order_by="date DESC, id DESC", limit=1)
        return free[0] if free else None

    def show(self, matter_id: Any) -> dict[str, Any] | None:
        """The current hearing as JSON with its witnesses (None when the matter has no hearing)."""
        matter = parole_matter(self, matter_id)
        h = self.current(matter.id)
        if h is None:
            return None
        return {**HEARINGS.to_json(h),
                "witnesses": [HEARING_WITNESSES.to_json(w) for w in self.witnesses(h.id)]}

    # ------------------------------------------------------------------ witnesses
    def witnesses(self, hearing_id: int) -> list[Witness]:
        return self.witness_store.where("hearing_id = ?", (hearing_id,))

    def witnesses_of_matter(self, matter_id: int) -> list[Witness]:
        h = self.current(matter_id)
        return self.witnesses(h.id) if h is not None else []

    def get_witness(self, witness_id: int) -> Witness:
        return self.witness_store.get(witness_id)

    def add_witness(self, matter_id: Any, name: Any = "", **fields: Any) -> int:
        """Add a witness to the matter's current hearing (one with no date yet is created if there is
        none: witnesses are asked for before a hearing is listed). ``contact_id``: one of the client's
        contacts, whose name and role fill those left blank."""
        matter = parole_matter(self, matter_id)
        fields = {"name": name, **fields}
        errors: dict[str, str] = {}
        self._contact(matter.client_id, fields, errors)
        values: dict[str, Any] = {}
        try:
            values = self.witness_store.validate(fields, new=True)
        except ValidationError as exc:
            errors.update(exc.errors)
        if errors:
            raise ValidationError(errors)
        with self.cb.transaction():
            h = self.current(matter.id)
            hid = h.id if h is not None else self.insert({"matter_id": matter.id})
            return self.witness_store.insert({"hearing_id": hid, **values})

    def update_witness(self, witness_id: int, **fields: Any) -> dict[str, list]:
        before = self.witness_store.get(witness_id)
        matter_id = self.get(before.hearing_id).matter_id
        matter = parole_matter(self, matter_id)
        errors: dict[str, str] = {}
        if "contact_id" in fields:
            self._contact(matter.client_id, fields, errors, fill=False)
        values: dict[str, Any] = {}
        try:
            values = self.witness_store.validate(fields, new=False, id_=witness_id, before=before)
        except ValidationError as exc:
            errors.update(exc.errors)
        if errors:
            raise ValidationError(errors)
        return self.witness_store.apply(witness_id, before, values)

    def remove_witness(self, witness_id: int) -> None:
        self.witness_store.delete(witness_id)

    def contacts_for(self, matter_id: int) -> list[tuple[int, str, str]]:
        """The client's contacts a witness may be: ``(id, name, role)``, by name (the matter's own and the
        client's general ones)."""
        matter = parole_matter(self, matter_id)
        return [(int(r[0]), r[1], r[2]) for r in self.cb.conn.execute(
            "SELECT id, name, role FROM contacts WHERE client_id = ? "
            "AND (matter_id IS NULL OR matter_id = ?) ORDER BY name COLLATE NOCASE, id",
            (matter.client_id, matter.id)).fetchall()]

    def _contact(self, client_id: int, fields: dict[str, Any], errors: dict[str, str], *,
                 fill: bool = True) -> None:
        """Check ``fields["contact_id"]`` is one of the client's contacts; fill a blank name and role."""
        raw = fields.get("contact_id")
        if raw in (None, ""):
            fields.pop("contact_id", None) if fill else fields.__setitem__("contact_id", None)
            return
        cid = as_id(raw)
        row = None if cid is None else self.cb.conn.execute(
            "SELECT client_id, name, role FROM contacts WHERE id = ?", (cid,)).fetchone()
        if row is None or row[0] != client_id:
            errors["contact"] = "must be a contact of the matter's client"
            fields.pop("contact_id", None)
            return
        fields["contact_id"] = cid
        if fill and not str(fields.get("name") or "").strip():
            fields["name"] = row[1]
        if fill and not str(fields.get("role") or "").strip():
            fields["role"] = row[2]


def check_hearing_fields(fields: dict[str, Any]) -> None:
    """Refuse an empty change (the CLI's ``hearing set`` with nothing to set)."""
    if not fields:
        raise BadInput("nothing to set: give --date, --time, --format, --venue, --panel, --outcome …")


__all__ = ["HELD_EVENT", "LISTED_EVENT", "HearingService", "check_hearing_fields", "listing_text"]
