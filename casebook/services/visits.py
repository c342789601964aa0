"""Legal visits at the prison (issue 14), with a running timer that survives a lock and a restart.

A visit is started (:meth:`VisitService.start`), switched between **travel**, **waiting** and
**consultation** with one key each (:meth:`VisitService.switch`) and stopped
(:meth:`VisitService.stop`). Every change of phase is saved at once in the visit's ``timer``
(``{"phase", "since", "segments": [[phase, start, end], …]}``, UTC ISO times), so closing the casebook
(lock, crash, restart) never loses a started visit: :meth:`VisitService.running` finds it again and
:meth:`VisitService.elapsed` gives the clock to show. Stopping works out the arrival, the
consultation's start and end and the departure (local ``HH:MM``, Europe/London), the travel and
waiting minutes, and turns them into time entries (travel, waiting, attendance) in the same
transaction. A finished visit can also be entered afterwards (:meth:`VisitService.add`).

The attendance note is a note of kind ``legal-visit`` on the client's notes (searchable like every
note); the visit keeps its id.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any
from zoneinfo import ZoneInfo

from casebook.domain.records import LEGAL_VISITS, MATTERS
from casebook.errors import BadInput, NotFound
from casebook.legal_aid.model import LegalVisit
from casebook.services.notes import NoteService
from casebook.services.records import RecordStore
from casebook.services.time_entries import TimeService

PHASES: dict[str, str] = {"travel": "Travel", "waiting": "Waiting", "consultation": "Consultation"}
#: Which time-entry activity each phase becomes.
PHASE_ACTIVITY = {"travel": "travel", "waiting": "waiting", "consultation": "attendance"}
LOCAL = ZoneInfo("Europe/London")


def _iso(t: _dt.datetime) -> str:
    return t.astimezone(_dt.UTC).replace(microsecond=0).isoformat()


def _parse(s: str) -> _dt.datetime:
    return _dt.datetime.fromisoformat(s)


def _local_hhmm(s: str) -> str:
    return _parse(s).astimezone(LOCAL).strftime("%H:%M")


def _minutes(seconds: float) -> int:
    """Whole minutes, rounded up (a started minute counts)."""
    return math.ceil(seconds / 60) if seconds > 0 else 0


def _hhmm_minutes(a: str, b: str) -> int:
    h1, m1 = map(int, a.split(":"))
    h2, m2 = map(int, b.split(":"))
    return (h2 * 60 + m2) - (h1 * 60 + m1)


def visit_json(v: LegalVisit) -> dict[str, Any]:
    return {**LEGAL_VISITS.to_json(v), "phase": v.timer.get("phase") if v.running else None,
            "since": v.timer.get("since") if v.running else None}


class VisitService(RecordStore):
    def __init__(self, cb, audit, notes: NoteService, time: TimeService) -> None:
        super().__init__(LEGAL_VISITS, cb, audit)
        self.notes = notes
        self.time = time

    # ------------------------------------------------------------------ helpers
    def _at(self, at: _dt.datetime | None) -> _dt.datetime:
        if at is None:
            return self.clock.now()
        if at.tzinfo is None:
            at = at.replace(tzinfo=LOCAL)
        return at.astimezone(_dt.UTC).replace(microsecond=0)

    def _client_of(self, matter_id: int) -> int:
        row = self.cb.conn.execute(f"SELECT client_id FROM {MATTERS.table} WHERE id = ?",
                                   (matter_id,)).fetchone()
        if row is None:
            raise NotFound(f"no matter with id {matter_id}")
        return int(row[0])

    def _running(self, visit_id: int) -> LegalVisit:
        v = self.get(visit_id)
        if not v.running:
            raise BadInput(f"visit {visit_id} has already been stopped")
        return v

    # ------------------------------------------------------------------ the timer
    def start(self, matter_id: int, *, phase: str = "travel", prison: str = "", booked_slot: str = "",
              attendees: str = "", at: _dt.datetime | None = None) -> int:
        """Start a visit's timer in ``phase`` (travel to the prison, by default). Returns the visit's id."""
        if phase not in PHASES:
            raise BadInput("the phase must be one of " + ", ".join(PHASES))
        self._client_of(matter_id)
        now = self._at(at)
        fields = {"status": "running", "prison": prison or "", "booked_slot": booked_slot or "",
                  "attendees": attendees or "", "date": now.astimezone(LOCAL).date(),
                  "timer": {"phase": phase, "since": _iso(now), "segments": []}}
        return self.create(fields, parent_id=matter_id)

    def switch(self, visit_id: int, phase: str, at: _dt.datetime | None = None) -> LegalVisit:
        """Close the current phase and start ``phase`` (one key: travel / waiting / consultation)."""
        if phase not in PHASES:
            raise BadInput("the phase must be one of " + ", ".join(PHASES))
        v = self._running(visit_id)
        now = self._at(at)
        timer = self._closed(v, now)
        timer.update(phase=phase, since=_iso(now))
        self.modify(visit_id, {"timer": timer})
        return self.get(visit_id)

    def _closed(self, v: LegalVisit, now: _dt.datetime) -> dict[str, Any]:
        timer = {"phase": v.timer.get("phase"), "since": v.timer.get("since"),
                 "segments": [list(s) for s in v.timer.get("segments", [])]}
        if timer["phase"] and timer["since"]:
            since = _parse(timer["since"])
            if now < since:
                raise BadInput("a visit cannot end before it started (check the time)")
            if now > since:
                timer["segments"].append([timer["phase"], timer["since"], _iso(now)])
        return timer

    def running(self) -> list[LegalVisit]:
        """Visits whose timer is running (the app shows them again after an unlock or a restart)."""
        return self.where("status = 'running'", order_by="id")

    def elapsed(self, visit_id: int, at: _dt.datetime | None = None) -> dict[str, Any]:
        """Seconds per phase so far (the running phase up to ``at``/now), the phase and since when."""
        v = self.get(visit_id)
        now = self._at(at)
        out = dict.fromkeys(PHASES, 0)
        for phase, a, b in v.timer.get("segments", []):
            out[phase] += int((_parse(b) - _parse(a)).total_seconds())
        phase, since = v.timer.get("phase"), v.timer.get("since")
        if v.running and phase and since:
            out[phase] += max(0, int((now - _parse(since)).total_seconds()))
        return {"seconds": out, "phase": phase if v.running else None, "since": since if v.running else None,
                "total": sum(out.values())}

    def set_note(self, visit_id: int, text: str) -> int:
        """Write (or replace) the visit's attendance note; returns the note's id."""
        v = self.get(visit_id)
        with self.cb.transaction():
            if v.note_id is not None and self.notes.exists(v.note_id):
                self.notes.update(v.note_id, text=text)
                return v.note_id
            nid = self.notes.add(self._client_of(v.matter_id), text, date=v.date, kind="legal-visit",
                                 matter_id=v.matter_id)
            self.modify(visit_id, {"note_id": nid})
            return nid

    def stop(self, visit_id: int, at: _dt.datetime | None = None, *, note: str | None = None,
             mileage: Any = None, attendees: str | None = None) -> LegalVisit:
        """Stop the timer: the visit's times and minutes are worked out and become time entries (travel,
        waiting, attendance) in one transaction. A stop before the running phase began is refused."""
        v = self._running(visit_id)
        now = self._at(at)
        timer = self._closed(v, now)
        segs = timer["segments"]
        timer.update(phase=None, since=None)
        per = dict.fromkeys(PHASES, 0.0)
        for phase, a, b in segs:
            per[phase] += (_parse(b) - _parse(a)).total_seconds()
        at_prison = [s for s in segs if s[0] != "travel"]
        consult = [s for s in segs if s[0] == "consultation"]
        fields: dict[str, Any] = {
            "status": "done", "timer": timer,
            "travel_minutes": _minutes(per["travel"]), "waiting_minutes": _minutes(per["waiting"]),
            "arrived_at": _local_hhmm(at_prison[0][1]) if at_prison else "",
            "departed_at": _local_hhmm(at_prison[-1][2]) if at_prison else "",
            "consultation_start": _local_hhmm(consult[0][1]) if consult else "",
            "consultation_end": _local_hhmm(consult[-1][2]) if consult else "",
        }
        if mileage is not None:
            fields["mileage"] = mileage
        if attendees is not None:
            fields["attendees"] = attendees
        with self.cb.transaction():
            self.modify(visit_id, fields)
            self._entries(self.get(visit_id), _minutes(per["consultation"]))
            if note:
                self.set_note(visit_id, note)
        return self.get(visit_id)

    # ------------------------------------------------------------------ a visit entered afterwards
    def add(self, matter_id: int, date: Any, *, prison: str = "", booked_slot: str = "", arrived_at: str = "",
            consultation_start: str = "", consultation_end: str = "", departed_at: str = "",
            travel_minutes: Any = 0, waiting_minutes: Any = 0, mileage: Any = "", attendees: str = "",
            note: str | None = None) -> int:
        """A finished visit; its travel, waiting and consultation become time entries. A consultation
        (or a departure) before its start is refused and nothing is saved."""
        client = self._client_of(matter_id)
        fields = {"status": "done", "date": date, "prison": prison or "", "booked_slot": booked_slot or "",
                  "arrived_at": arrived_at or "", "consultation_start": consultation_start or "",
                  "consultation_end": consultation_end or "", "departed_at": departed_at or "",
                  "travel_minutes": travel_minutes or 0, "waiting_minutes": waiting_minutes or 0,
                  "mileage": mileage or "", "attendees": attendees or ""}
        with self.cb.transaction():
            vid = self.create(fields, parent_id=matter_id)
            v = self.get(vid)
            if bool(v.consultation_start) != bool(v.consultation_end):
                raise BadInput("give both the consultation's start and its end, or neither")
            consult = _hhmm_minutes(v.consultation_start, v.consultation_end) if v.consultation_start else 0
            self._entries(v, consult)
            if note:
                nid = self.notes.add(client, note, date=v.date, kind="legal-visit", matter_id=matter_id)
                self.modify(vid, {"note_id": nid})
        return vid

    def _entries(self, v: LegalVisit, consultation_minutes: int) -> list[int]:
        where = f" at {v.prison}" if v.prison else ""
        made = []
        parts = (("travel", v.travel_minutes, f"Travel for the legal visit{where}"),
                 ("waiting", v.waiting_minutes, f"Waiting at the legal visit{where}"),
                 ("attendance", consultation_minutes, f"Legal visit{where}: consultation"))
        for activity, mins, text in parts:
            if mins > 0:
                made.append(self.time.add(v.matter_id, activity, mins, date=v.date, description=text,
                                          visit_id=v.id))
        return made

    # ------------------------------------------------------------------ reading and removing
    def for_matter(self, matter_id: int) -> list[LegalVisit]:
        self._client_of(matter_id)
        return self.where("matter_id = ?", (matter_id,))

    def list(self, matter_id: int | None = None, *, running_only: bool = False) -> list[LegalVisit]:
        if matter_id is not None:
            found = self.for_matter(matter_id)
        else:
            found = self.where()
        return [v for v in found if v.running] if running_only else found

    def remove(self, visit_id: int) -> None:
        """Delete a visit and the time entries it made (its note stays with the client's notes)."""
        with self.cb.transaction():
            for e in self.time.for_visit(visit_id):
                self.time.delete(e.id)
            self.delete(visit_id)


__all__ = ["PHASES", "PHASE_ACTIVITY", "VisitService", "visit_json"]
