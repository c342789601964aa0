"""Deadlines: computed on the fly from each matter's events by the rules engine
(:mod:`casebook.deadlines`); the ``deadline_state`` table keeps only the user's marks (done, a due
date overridden with a reason, snoozed until a date). Editing or deleting an event therefore
recomputes its deadlines; a mark stays with ``"<event_id>:<rule_id>"`` and goes with the event.

Calendar settings (bank-holiday overrides and the "move a last day off a weekend or bank holiday"
switch, default off; docs/rules-sources.md) live in ``settings`` under ``deadlines.calendar``.

Closed matters are left out of the all-matters list (``include_closed=False``) but always listed
when a matter is asked for by id.

The stored deadlines (schema v10, issue 15): computing every client's deadlines from the whole history
on each view took seconds on a ten-year casebook, so :meth:`DeadlineService.list` answers from
``deadline_cache``, one row per computed deadline, kept per client. It is DERIVED data, never the
record: not audited, not in search, not the source of any date the user cannot recompute, and always
identical to a fresh computation. SQLite triggers (schema v10) mark a client dirty in the writer's own
transaction whenever an event of a type the rules look at, a matter's type or client, or a sentence
changes — whoever writes (the CLI in another process, a restore, a migration) — and a list recomputes
only the dirty clients first, in one short transaction. What the computation depends on besides the data
(the rules data, the engine's code, the bank holidays, the calendar settings and commencement dates) is
a fingerprint: when it changes, everything is recomputed. Status (open/overdue/days left/snoozed), the
user's marks, the Board's directions, matter titles and client names are read live. When the file is
busy (another writer holds it) or read-only, the list is computed in memory and nothing is stored: the
cache never makes a read fail or wait.

A page of the open deadlines (:meth:`DeadlineService.page`, :meth:`DeadlineService.summary`): the app's
"This week" and its unlock reminder ask for the first 200 rows and the whole list's counts, not for the
~15,000 deadlines a ten-year casebook has (nearly all long overdue). The user's marks are applied in SQL
against the stored rows and the directions and release dates merged in order by SQLite, so a page is
exactly the slice of :meth:`DeadlineService.list` for the same question (tests/core/deadlines/test_page.py);
the counts are counted, never built. ``list()`` stays the whole answer for everything else (the CLI, the
calendar file, a matter's tab).
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import datetime as _dt
import functools
import gc
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.deadlines import (
    ComputedDeadline,
    MatterFacts,
    NotApplied,
    RuleSet,
    TriggerEvent,
    WorkingCalendar,
    compute,
    default_rules,
)
from casebook.domain.dates import format_date
from casebook.domain.validate import parse_date
from casebook.domain.vocabulary import LICENCE_START_EVENT
from casebook.errors import BadInput, CasebookError, NotFound, ValidationError
from casebook.store.sqlite import DatabaseError

SETTINGS_KEY = "deadlines.calendar"
COMMENCEMENTS_KEY = "deadlines.commencements"
DIRECTION_PREFIX = "direction"
#: Directions whose party is the prisoner's side are time limits for us; others are for us to chase.
_OUR_SIDE = re.compile(r"\b(prisoner|representatives?|solicitors?|us|applicant|counsel)\b", re.IGNORECASE)
DIRECTION_RULE = "Parole Board direction (Parole Board Rules 2019 r.6)"
RELEASE_PREFIX = "prrd"
FTR_RULE = "Criminal Justice Act 2003 s.255B (fixed-term recall)"
STATUSES = ("open", "overdue", "done")
#: What a stored deadline row means: change it (and so the fingerprint) when the row's layout changes.
CACHE_FORMAT = "1"
#: Pages of :meth:`DeadlineService.page` up to this long are kept for the same question asked again.
_MEMO_PAGE = 1000
#: How long a list waits for another writer before computing in memory instead of storing (ms).
_CACHE_WAIT_MS = 100
_COLUMNS = ("closed, due, matter_id, event_id, rule_id, client_id, trigger_date, extra, non_working, advice, "
            "matter_title, matter_type, matter_status, client_name")
_EVENT_COLUMNS = "e.id, e.matter_id, e.date, e.type, m.type, m.client_id, m.title, m.status, c.name"
_READ_COLUMNS = ("dc.closed, dc.due, dc.matter_id, dc.event_id, dc.rule_id, dc.client_id, dc.trigger_date, "
                 "dc.extra, dc.non_working, dc.advice, dc.matter_title, dc.matter_type, dc.client_name")


@dataclass(frozen=True)
class Deadline:
    """One computed deadline with the user's marks applied."""

    id: str
    event_id: int
    rule_id: str
    matter_id: int
    matter_title: str
    matter_type: str
    client_id: int
    client_name: str
    title: str
    due: _dt.date  # the date that counts: the override if there is one, else the computed date
    computed_due: _dt.date
    trigger_date: _dt.date
    trigger_type: str
    trigger_label: str
    citation: str  # as practitioners cite it, e.g. "Parole Board Rules 2019 r.28(3)"
    period: str  # e.g. "21 days after"
    kind: str  # time-limit | expected | milestone
    status: str  # open | overdue | done
    confirmed: bool
    note: str = ""
    caveats: tuple[str, ...] = ()
    rolled_from: _dt.date | None = None
    overridden: bool = False
    override_reason: str | None = None
    snoozed_until: _dt.date | None = None
    days_left: int = 0  # due − today (negative when overdue)
    snoozed: bool = False  # snoozed_until is after today
    closed_by: str | None = None
    instrument: str = ""  # e.g. "SI 2019/1038"
    #: the bank holiday's name, or "Saturday"/"Sunday", when the due date falls on one (else None)
    non_working_day: str | None = None
    #: what to do about it, e.g. "falls on Boxing Day (substitute day) — file by 24 December"
    non_working_advice: str | None = None
    #: "rule" (computed from the chronology by a rule), "direction" (the Board's direction, r.6)
    source: str = "rule"
    #: False for a date that no switch may move (fixed by statute)
    movable: bool = True

    @property
    def full_citation(self) -> str:
        # closed automatically by a later event, e.g. "Final decision on 3 May 2026"
        return f"{self.citation} ({self.instrument})" if self.instrument else self.citation

    def as_json(self) -> dict[str, Any]:
        """The CLI's JSON shape."""
        return {
            "id": self.id,
            "matter": self.matter_id,
            "matter_title": self.matter_title,
            "client": self.client_name,
            "client_id": self.client_id,
            "title": self.title,
            "due": self.due.isoformat(),
            "computed_due": self.computed_due.isoformat(),
            "rule": self.citation,
            "instrument": self.instrument,
            "rule_id": self.rule_id,
            "period": self.period,
            "kind": self.kind,
            "status": self.status,
            "confirmed": self.confirmed,
            "trigger": {"event": self.event_id, "type": self.trigger_type,
                        "date": self.trigger_date.isoformat()},
            "caveats": list(self.caveats),
            "rolled_from": self.rolled_from.isoformat() if self.rolled_from else None,
            "overridden": self.overridden,
            "override_reason": self.override_reason,
            "snoozed_until": self.snoozed_until.isoformat() if self.snoozed_until else None,
            "days_left": self.days_left,
            "closed_by": self.closed_by,
            "non_working_day": self.non_working_day,
            "non_working_advice": self.non_working_advice,
            "source": self.source,
        }


@dataclass(frozen=True)
class DeadlineCounts:
    """How many deadlines a list of open deadlines holds, by when they are due (counted in SQL from the
    stored deadlines, not by building them). The groups are those of "This week"."""

    total: int = 0
    overdue: int = 0
    due_7: int = 0  # due today or in the next 7 days
    due_14: int = 0  # in 8–14 days
    due_28: int = 0  # in 15–28 days
    later: int = 0  # after 28 days (a window longer than 28 days)
    unconfirmed: int = 0  # from rules not yet confirmed
    #: snoozed in the whole window, whether or not the list asked for shows them
    snoozed: int = 0
    snoozed_overdue: int = 0
    #: the earliest due date of an overdue deadline (snoozed ones included), or None
    earliest_overdue: _dt.date | None = None


@dataclass(frozen=True)
class DeadlinePage:
    """One page of a list of open deadlines: ``items`` are ``list(...)[offset:offset + limit]`` of the
    same question; ``total`` is the length of the whole list, ``counts`` its groups."""

    items: tuple[Deadline, ...]
    offset: int
    total: int
    counts: DeadlineCounts


@dataclass(frozen=True)
class NotAppliedRule:
    """A rule the matter's events would trigger but which does not apply, and why."""

    event_id: int
    matter_id: int
    rule_id: str
    title: str
    citation: str
    reason: str


@dataclass
class CalendarSettings:
    extra_non_working: list[_dt.date] = field(default_factory=list)
    removed: list[_dt.date] = field(default_factory=list)
    roll_non_working: bool = False

    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar(self.extra_non_working, self.removed)


def parse_deadline_id(deadline_id: str) -> tuple[int, str]:
    """``(event_id, rule_id)`` for a rule's deadline, ``(direction_id, "direction")`` for a direction's."""
    text = str(deadline_id or "").strip()
    head, sep, rule_id = text.partition(":")
    if head in (DIRECTION_PREFIX, RELEASE_PREFIX) and sep and rule_id.isdigit():
        return int(rule_id), head
    if not sep or not head.isdigit() or not rule_id:
        raise BadInput(f"'{text}' is not a deadline id (they look like "
                       "12:pbr2019-r20-oral-hearing-application)")
    return int(head), rule_id


class DeadlineService:
    def __init__(self, cb, audit, rules: RuleSet | None = None) -> None:
        self.cb = cb
        self.audit = audit
        self.rules = rules or default_rules()
        self.clock = audit.clock
        self._labels = {e.code: e.label for e in self.rules.event_types}
        #: the DirectionService (set by the Services container): marking a direction done goes there
        self.directions = None
        #: the ReleaseService (set by the Services container): fixed-term recall release dates
        self.release = None
        self._memo: dict[tuple, tuple[Deadline, ...]] = {}
        self._rules_digest: str | None = None
        self._templates: dict[str, dict[str, Any]] = {}
        #: pages and counts of :meth:`page`, by question and the file's version (as ``_memo``)
        self._pages: dict[tuple, Any] = {}

    @property
    def conn(self):
        return self.cb.conn

    def event_types(self) -> list:
        """The chronology's event types in the rules data's order; ``triggers`` is true for those that
        start a time limit (entering one changes the matter's deadlines)."""
        return list(self.rules.event_types)

    # ------------------------------------------------------------------ settings
    def calendar_settings(self) -> CalendarSettings:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (SETTINGS_KEY,)).fetchone()
        if not row:
            return CalendarSettings()
        try:
            raw = json.loads(row[0])
            return CalendarSettings(
                extra_non_working=sorted(_dt.date.fromisoformat(x) for x in raw.get("extra_non_working", [])),
                removed=sorted(_dt.date.fromisoformat(x) for x in raw.get("removed", [])),
                roll_non_working=bool(raw.get("roll_non_working", False)),
            )
        except (ValueError, TypeError, AttributeError):
            # Never guess: a damaged setting is reported, not silently replaced.
            raise BadInput("the deadline calendar settings are damaged; set them again") from None

    def set_calendar_settings(
        self,
        *,
        extra_non_working: list[Any] | None = None,
        removed: list[Any] | None = None,
        roll_non_working: bool | None = None,
    ) -> CalendarSettings:
        """Change the bank-holiday overrides and/or the roll switch (audited)."""
        current = self.calendar_settings()
        errors: dict[str, str] = {}

        def dates(name: str, values: list[Any] | None, keep: list[_dt.date]) -> list[_dt.date]:
            if values is None:
                return keep
            out = []
            for v in values:
                try:
                    out.append(parse_date(v))
                except ValueError as exc:
                    errors[name] = f"{v!s}: {exc}"
            return sorted(set(out))

        new = CalendarSettings(
            extra_non_working=dates("extra_non_working", extra_non_working, current.extra_non_working),
            removed=dates("removed", removed, current.removed),
            roll_non_working=current.roll_non_working if roll_non_working is None else bool(roll_non_working),
        )
        if errors:
            raise ValidationError(errors)
        value = json.dumps(
            {
                "extra_non_working": [d.isoformat() for d in new.extra_non_working],
                "removed": [d.isoformat() for d in new.removed],
                "roll_non_working": new.roll_non_working,
            },
            sort_keys=True,
        )
        with self.cb.transaction():
            self.conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (SETTINGS_KEY, value),
            )
            self.audit.record("settings", "deadline-calendar", None, json.loads(value))
        return new

    # ------------------------------------------------------------------ commencement dates
    def commencements(self) -> dict[str, _dt.date]:
        """The commencement dates the user has set for provisions not in force when the rules were
        written (``[[commencement]]`` in the rules data), by id."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (COMMENCEMENTS_KEY,)).fetchone()
        if not row:
            return {}
        try:
            raw = json.loads(row[0])
            return {str(k): _dt.date.fromisoformat(v) for k, v in raw.items()}
        except (ValueError, TypeError, AttributeError):
            raise BadInput("the commencement dates setting is damaged; set the dates again") from None

    def set_commencement(self, commencement_id: str, day: Any) -> dict[str, _dt.date]:
        """Set (or with ``day`` None/"" clear) the date a provision comes into force (audited)."""
        known = {c.id: c for c in self.rules.commencements}
        cid = str(commencement_id or "").strip()
        if cid not in known:
            names = ", ".join(sorted(known)) or "none"
            raise BadInput(f"'{cid}' is not a provision awaiting commencement (known: {names})")
        current = self.commencements()
        if day in (None, ""):
            current.pop(cid, None)
        else:
            try:
                current[cid] = parse_date(day)
            except ValueError as exc:
                raise ValidationError({"date": str(exc)}) from None
        value = json.dumps({k: v.isoformat() for k, v in sorted(current.items())})
        with self.cb.transaction():
            self.conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (COMMENCEMENTS_KEY, value),
            )
            self.audit.record("settings", "commencement", None,
                              {"provision": cid, "date": current.get(cid)})
        return current

    # ------------------------------------------------------------------ computing
    def _gather(self, matter_id: int | None, include_closed: bool, event_id: int | None = None):
        rules = self.rules.rules
        triggering = sorted({r.trigger for r in rules}.union(*(r.superseded_by for r in rules)))
        marks = ",".join("?" * len(triggering))
        sql = (
            "SELECT e.id, e.matter_id, e.date, e.type, m.type, m.title, m.status, c.id, c.name "
            "FROM events e JOIN matters m ON m.id = e.matter_id JOIN clients c ON c.id = m.client_id "
            f"WHERE e.type IN ({marks})"
        )
        args: list[Any] = list(triggering)
        if matter_id is not None:
            sql += " AND e.matter_id = ?"
            args.append(matter_id)
        elif not include_closed:
            sql += " AND m.status != 'closed'"
        if event_id is not None:
            sql += " AND e.matter_id = (SELECT matter_id FROM events WHERE id = ?)"
            args.append(event_id)
        rows = self.conn.execute(sql + " ORDER BY e.date, e.id", args).fetchall()
        one_client = matter_id is not None or event_id is not None
        # Sentences and marks are small tables: read them whole (or for the one matter) rather than
        # build IN (…) lists that could pass SQLite's limit on bound variables.
        sentences: dict[int, set[str]] = {}
        recalls: dict[int, set[str]] = {}
        context: list[TriggerEvent] = []
        if rows:
            if one_client:
                sent_sql = "SELECT client_id, sentence_type, recall_type FROM sentences WHERE client_id = ?"
                sent_args: list[Any] = [rows[0][7]]
            else:
                sent_sql, sent_args = "SELECT client_id, sentence_type, recall_type FROM sentences", []
            sentences, recalls = _sentence_facts(self.conn.execute(sent_sql, sent_args))
            # Events some rules look for in any of the client's matters, open or closed (a recall in
            # the recall matter stops the IPP licence clock in the termination matter).
            related = sorted(self.rules.related_event_types())
            if related:
                rel_sql = (
                    "SELECT e.id, e.matter_id, e.date, e.type, m.client_id FROM events e "
                    f"JOIN matters m ON m.id = e.matter_id WHERE e.type IN ({','.join('?' * len(related))})"
                )
                rel_args: list[Any] = list(related)
                if one_client:
                    rel_sql += " AND m.client_id = ?"
                    rel_args.append(rows[0][7])
                context = [
                    TriggerEvent(id=eid, matter_id=mid, date=_dt.date.fromisoformat(d), type=t, client_id=cid)
                    for eid, mid, d, t, cid in self.conn.execute(rel_sql, rel_args)
                ]
        events, facts, info = [], {}, {}
        for eid, mid, date, etype, mtype, mtitle, _status, cid, cname in rows:
            events.append(TriggerEvent(id=eid, matter_id=mid, date=_dt.date.fromisoformat(date), type=etype,
                                       client_id=cid))
            facts[mid] = _matter_facts(mtype, cid, sentences, recalls)
            info[mid] = (mtitle, mtype, cid, cname)
        state: dict[tuple[int, str], tuple] = {}
        if events:
            state_sql = (
                "SELECT event_id, rule_id, status, due_override, override_reason, snoozed_until FROM "
                "deadline_state"
            )
            state_args: list[Any] = []
            if one_client:
                state_sql += " WHERE event_id IN (SELECT id FROM events WHERE matter_id = ?)"
                state_args.append(events[0].matter_id)
            for row in self.conn.execute(state_sql, state_args):
                state[(row[0], row[1])] = row[2:]
        return events, facts, info, state, context

    def _compute(self, matter_id, include_closed, event_id=None):
        events, facts, info, state, context = self._gather(matter_id, include_closed, event_id)
        settings = self.calendar_settings()
        comp = compute(
            events, facts, self.rules, settings.calendar(), roll_non_working=settings.roll_non_working,
            context_events=context, commencements=self.commencements(),
        )
        return comp, info, state, settings.calendar()

    def _non_working(self, due: _dt.date, kind: str, movable: bool,
                     calendar: WorkingCalendar) -> tuple[str | None, str | None]:
        name = calendar.non_working_name(due)
        if name is None:
            return None, None
        text = f"falls on {name}"
        if not movable:
            return name, f"{text} — fixed by statute: the date does not move"
        if kind == "expected":
            nxt = calendar.next_working_day(due)
            return name, f"{text} — expect it by the next working day, {_day_month(nxt, due)}"
        return name, f"{text} — file by {_day_month(calendar.previous_working_day(due), due)}"

    def _build(self, c: ComputedDeadline, info, state, today: _dt.date,
               calendar: WorkingCalendar) -> Deadline:
        mtitle, mtype, cid, cname = info[c.matter_id]
        status, override, reason, snoozed = state.get((c.event_id, c.rule.id), ("open", None, None, None))
        due = _dt.date.fromisoformat(override) if override else c.due
        snoozed_until = _dt.date.fromisoformat(snoozed) if snoozed else None
        closed_by = None
        if c.superseded_by is not None:
            sup = c.superseded_by
            closed_by = f"{self._labels.get(sup.type, sup.type)} on {format_date(sup.date)}"
            status = "done"
        elif c.closed_by_rule is not None:
            other = c.closed_by_rule
            closed_by = f"{other.rule.title} — {format_date(other.due)}"
            status = "done"
        if status != "done":
            status = "overdue" if due < today else "open"
        et = self.rules.event_type(c.rule.trigger)
        movable = c.rule.roll != "never"
        nwd, advice = self._non_working(due, c.rule.kind, movable, calendar)
        return Deadline(
            id=c.id,
            event_id=c.event_id,
            rule_id=c.rule.id,
            matter_id=c.matter_id,
            matter_title=mtitle,
            matter_type=mtype,
            client_id=cid,
            client_name=cname,
            title=c.rule.title,
            due=due,
            computed_due=c.due,
            trigger_date=c.trigger_date,
            trigger_type=c.rule.trigger,
            trigger_label=et.label if et else c.rule.trigger,
            citation=c.rule.citation,
            instrument=c.rule.instrument,
            period=c.rule.period_text,
            kind=c.rule.kind,
            status=status,
            confirmed=c.rule.confirmed,
            note=c.rule.note,
            caveats=c.caveats,
            rolled_from=c.rolled_from,
            overridden=bool(override),
            override_reason=reason,
            snoozed_until=snoozed_until,
            days_left=(due - today).days,
            snoozed=bool(snoozed_until and snoozed_until > today),
            closed_by=closed_by,
            non_working_day=nwd,
            non_working_advice=advice,
            movable=movable,
        )

    def _directions(self, matter_id: int | None, include_closed: bool, today: _dt.date,
                    calendar: WorkingCalendar, direction_id: int | None = None) -> list[Deadline]:
        """The Board's directions as deadlines: their dates were set by the panel and entered by the user."""
        sql = (
            "SELECT d.id, d.matter_id, d.text, d.party, d.made_on, d.due, d.status, d.completed_on, "
            "d.original_due, d.change_reason, m.title, m.type, c.id, c.name FROM directions d "
            "JOIN matters m ON m.id = d.matter_id JOIN clients c ON c.id = m.client_id"
        )
        where, args = [], []
        if direction_id is not None:
            where.append("d.id = ?")
            args.append(direction_id)
        elif matter_id is not None:
            where.append("d.matter_id = ?")
            args.append(matter_id)
        elif not include_closed:
            where.append("m.status != 'closed'")
        if where:
            sql += " WHERE " + " AND ".join(where)
        out = []
        for (did, mid, text, party, made_on, due_s, dstatus, completed, original, reason, mtitle, mtype, cid,
             cname) in self.conn.execute(sql, args):
            due = _dt.date.fromisoformat(due_s)
            ours = bool(_OUR_SIDE.search(party or "")) or not (party or "").strip()
            kind = "time-limit" if ours else "expected"
            done = dstatus in ("complied", "withdrawn", "not-complied")
            status = "done" if done else ("overdue" if due < today else "open")
            nwd, advice = self._non_working(due, kind, True, calendar)
            caveats = []
            if original:
                caveats.append(f"originally due {format_date(_dt.date.fromisoformat(original))}"
                               + (f": {reason}" if reason else ""))
            closed_by = None
            if done:
                closed_by = {"complied": "Complied with", "withdrawn": "Withdrawn or varied",
                             "not-complied": "Not complied with"}[dstatus]
                if completed:
                    closed_by += f" on {format_date(_dt.date.fromisoformat(completed))}"
            title = " ".join(str(text).split())
            if len(title) > 120:
                title = title[:119].rstrip() + "…"
            made = _dt.date.fromisoformat(made_on) if made_on else due
            out.append(Deadline(
                id=f"{DIRECTION_PREFIX}:{did}", event_id=0, rule_id=DIRECTION_PREFIX, matter_id=mid,
                matter_title=mtitle, matter_type=mtype, client_id=cid, client_name=cname,
                title=f"Direction: {title}" + (f" ({party})" if party else ""), due=due, computed_due=due,
                trigger_date=made, trigger_type="direction", trigger_label="Direction of the Parole Board",
                citation=DIRECTION_RULE, instrument="SI 2019/1038", period="set by the Board",
                kind=kind, status=status, confirmed=True,
                note="A date the panel set in its directions (r.6), entered by you.",
                caveats=tuple(caveats), days_left=(due - today).days, closed_by=closed_by,
                non_working_day=nwd, non_working_advice=advice, source="direction",
            ))
        return out

    def _recall_releases(self, matter_id: int | None, include_closed: bool, today: _dt.date,
                         calendar: WorkingCalendar) -> list[Deadline]:
        """The automatic release date at the end of a fixed-term recall (PRRD), from the release-date
        engine, for recall-review matters whose client has a sentence recalled on a fixed term."""
        if self.release is None:
            return []
        # From the (few) fixed-term recalls to their clients' matters, not through every matter.
        sql = ("SELECT m.id, m.title, m.client_id, c.name FROM matters m "
               "JOIN clients c ON c.id = m.client_id WHERE m.type = 'recall-review' AND m.client_id IN "
               "(SELECT s.client_id FROM sentences s WHERE s.recall_type LIKE 'FTR%' "
               "AND s.recall_date IS NOT NULL)")
        args: list[Any] = []
        if matter_id is not None:
            sql += " AND m.id = ?"
            args.append(matter_id)
        elif not include_closed:
            sql += " AND m.status != 'closed'"
        out = []
        checks: dict[int, Any] = {}
        for mid, mtitle, cid, cname in self.conn.execute(sql, args).fetchall():
            if cid not in checks:
                try:
                    checks[cid] = self.release.check(cid, today=today)
                except CasebookError:
                    checks[cid] = None
            check = checks[cid]
            row = next((c for c in (check.comparisons if check else []) if c.code == "PRRD"), None)
            if row is None or not (row.ours or row.prisons):
                continue
            due = row.ours or row.prisons
            caveats = []
            if not row.ours:
                caveats.append("from the prison's calculation: our check did not calculate it"
                               + (f" ({check.refusal})" if check.refusal else ""))
            elif row.differs:
                caveats.append(f"the prison's calculation gives {format_date(row.prisons)}: check the "
                               "working")
            recall = self.conn.execute(
                "SELECT MAX(recall_date), MAX(recall_type) FROM sentences WHERE client_id = ? "
                "AND recall_type LIKE 'FTR%'", (cid,)).fetchone()
            recalled = _dt.date.fromisoformat(recall[0]) if recall and recall[0] else due
            released = self.conn.execute(
                "SELECT date FROM events WHERE matter_id = ? AND type = 're-release' AND date >= ? "
                "ORDER BY date LIMIT 1", (mid, recalled.isoformat())).fetchone()
            status = "done" if released else ("overdue" if due < today else "open")
            nwd, advice = self._non_working(due, "expected", False, calendar)
            out.append(Deadline(
                id=f"{RELEASE_PREFIX}:{mid}", event_id=0, rule_id=RELEASE_PREFIX, matter_id=mid,
                matter_title=mtitle, matter_type="recall-review", client_id=cid, client_name=cname,
                title="Automatic release at the end of the fixed-term recall (PRRD)", due=due,
                computed_due=due,
                trigger_date=recalled, trigger_type="recall", trigger_label=f"Recall ({recall[1]})",
                citation=FTR_RULE, instrument="", period="calculated from the sentence",
                kind="expected", status=status, confirmed=bool(row.confirmed),
                note=" ".join(str(row.working or "").split()), caveats=tuple(caveats),
                days_left=(due - today).days,
                closed_by=(f"Re-released on {format_date(_dt.date.fromisoformat(released[0]))}"
                           if released else None),
                non_working_day=nwd, non_working_advice=advice and advice.replace(
                    "fixed by statute: the date does not move", "a release due then is usually made on the "
                    "working day before"),
                source="release", movable=False,
            ))
        return out

    def list(
        self,
        matter_id: int | None = None,
        within_days: int | None = None,
        today: _dt.date | None = None,
        *,
        include_closed: bool = False,
        include_done: bool = True,
        include_snoozed: bool = True,
    ) -> list[Deadline]:
        """Deadlines (the rules' and the Board's directions), overdue first, then by due date.

        ``within_days``: only those not done and due on or before today + N (overdue included).
        """
        today = today or self.clock.today()
        if within_days is not None and within_days < 0:
            raise BadInput("--within must be 0 or more days")
        # The same question asked again with nothing written since (the window asks several times at
        # unlock) is answered from memory: any change on this connection, or a commit by another
        # process, gives a new key.
        key = (matter_id, within_days, today, include_closed, include_done, include_snoozed, self._version())
        hit = self._memo.get(key)
        if hit is not None:
            return list(hit)
        out = self._list(matter_id, within_days, today, include_closed, include_done, include_snoozed)
        if len(self._memo) >= 16:
            self._memo.clear()
        self._memo[key] = tuple(out)
        # Bringing the stored deadlines up to date is itself a write: the same question asked next is
        # the same answer.
        self._memo[key[:-1] + (self._version(),)] = self._memo[key]
        return out

    # ------------------------------------------------------------------ a page of the open deadlines
    def page(
        self,
        within_days: int | None = 7,
        today: _dt.date | None = None,
        offset: int = 0,
        limit: int = 200,
        *,
        include_snoozed: bool = True,
        include_closed: bool = False,
    ) -> DeadlinePage:
        """Items ``[offset:offset + limit]`` of ``list(within_days=…, include_done=False,
        include_closed=…, include_snoozed=…)`` — the same deadlines in the same order — with the whole
        list's length and groups (:class:`DeadlineCounts`).

        Read from the stored deadlines with the user's marks applied in SQL (a done mark leaves a deadline
        out, an overridden date moves it, a snooze hides it), merged in order with the Board's directions
        and the fixed-term recall release dates (a few, built as :meth:`list` builds them): only the
        page's deadlines are built, and the counts are counted, not built (a ten-year casebook's "This
        week" has ~15,000 deadlines, nearly all long overdue). When the stored deadlines cannot answer
        (clients out of date on a busy or read-only file, the rules or settings changed, a file without
        them) the whole list is computed and sliced: the same answer, more slowly."""
        today = today or self.clock.today()
        if within_days is not None and within_days < 0:
            raise BadInput("--within must be 0 or more days")
        if offset < 0 or limit < 0:
            raise BadInput("a page starts at 0 or later and holds 0 or more deadlines")
        key = ("page", within_days, today, include_closed, include_snoozed, offset, limit, self._version())
        hit = self._pages.get(key)
        if hit is not None:
            return hit
        collecting = gc.isenabled()
        gc.disable()
        try:
            try:
                got = self._page_stored(within_days, today, offset, limit, include_snoozed, include_closed)
            except _NoStore:
                got = self._page_sliced(within_days, today, offset, limit, include_snoozed, include_closed)
        finally:
            if collecting:
                gc.enable()
        if limit > _MEMO_PAGE:
            return got  # a long page (the keyboard went to the end) is not kept twice
        if len(self._pages) >= 32:
            self._pages.clear()
        self._pages[key] = got
        self._pages[key[:-1] + (self._version(),)] = got  # storing the deadlines was itself a write
        return got

    def summary(self, within_days: int | None = 7, today: _dt.date | None = None, *,
                include_snoozed: bool = True, include_closed: bool = False) -> DeadlineCounts:
        """The groups of ``page(...)``'s list without building any deadline (the unlock reminder)."""
        return self.page(within_days, today, 0, 0, include_snoozed=include_snoozed,
                         include_closed=include_closed).counts

    def _page_sliced(self, within_days, today, offset, limit, include_snoozed,
                     include_closed) -> DeadlinePage:
        """:meth:`page` from the whole list (when the stored deadlines cannot answer)."""
        every = self.list(within_days=within_days, today=today, include_closed=include_closed,
                          include_done=False, include_snoozed=True)
        tally = _Tally()
        for d in every:
            tally.add(d.days_left, d.snoozed, not d.confirmed, d.due)
        shown = every if include_snoozed else [d for d in every if not d.snoozed]
        return DeadlinePage(tuple(shown[offset:offset + limit]), offset, len(shown),
                            tally.counts(include_snoozed))

    def _page_stored(self, within_days, today, offset, limit, include_snoozed,
                     include_closed) -> DeadlinePage:
        try:
            self._refresh(self.calendar_settings(), self.commencements())
        except DatabaseError:
            raise _NoStore from None  # no stored deadlines here (a file not migrated)
        with self._snapshot():
            settings = self.calendar_settings()
            calendar = settings.calendar()
            try:
                if self._pending(settings, self.commencements()) is not None:
                    raise _NoStore  # clients out of date that could not be stored: computed in memory
                ckey = ("counts", within_days, today, include_closed, self._version())
                base = self._pages.get(ckey)
                if base is None:
                    base = self._pages[ckey] = self._count_stored(within_days, today, include_closed,
                                                                  calendar)
                tally, extras = base
                counts = tally.counts(include_snoozed)
                items: tuple[Deadline, ...] = ()
                if limit and offset < counts.total:
                    items = self._page_rows(within_days, today, offset, limit, include_snoozed,
                                            include_closed, extras, calendar)
            except DatabaseError:
                raise _NoStore from None
        return DeadlinePage(items, offset, counts.total, counts)

    def _count_stored(self, within_days, today, include_closed, calendar) -> tuple[_Tally, list[Deadline]]:
        """The groups of the open deadlines in the window, counted: every stored row by ranges of its
        computed date (the table's key), then the few rows with a mark moved to where the mark puts them,
        then the directions and release dates (built: ``extras``, in the list's order)."""
        horizon = today + _dt.timedelta(days=within_days) if within_days is not None else None
        hz = horizon.isoformat() if horizon is not None else None
        matter = _matter_filter(include_closed)
        bounds = [None, *(today + _dt.timedelta(days=n) for n in (0, 8, 15, 29)), None]
        tally = _Tally()
        parts, args = [], []
        base = "SELECT count(*) FROM deadline_cache dc WHERE dc.closed = 0" + matter
        if hz is not None:
            base += " AND dc.due <= ?"
        for b in range(5):
            sql = base
            extra_args: list[Any] = [hz] if hz is not None else []
            if bounds[b] is not None:
                sql += " AND dc.due >= ?"
                extra_args.append(bounds[b].isoformat())
            if bounds[b + 1] is not None:
                sql += " AND dc.due < ?"
                extra_args.append(bounds[b + 1].isoformat())
            parts.append(f"({sql})")
            args.extend(extra_args)
        unconfirmed = sorted(r.id for r in self.rules.rules if not r.confirmed)
        parts.append(f"({base} AND dc.rule_id IN (SELECT value FROM json_each(?)))")
        args.extend([*([hz] if hz is not None else []), json.dumps(unconfirmed)])
        row = self.conn.execute("SELECT " + ", ".join(parts), args).fetchone()
        for b in range(5):
            tally.buckets[b][0] += row[b]
        tally.unconfirmed[0] += row[5]
        # The earliest overdue deadline without a mark that moves or removes it: the key's first row.
        first = self.conn.execute(
            "SELECT dc.due FROM deadline_cache dc LEFT JOIN deadline_state s ON s.event_id = dc.event_id "
            "AND s.rule_id = dc.rule_id WHERE dc.closed = 0 AND dc.due < ?" + matter
            + " AND ifnull(s.due_override, '') = '' AND s.status IS NOT 'done' "
            "ORDER BY dc.closed, dc.due, dc.matter_id, dc.event_id, dc.rule_id LIMIT 1",
            (today.isoformat(),)).fetchone()
        if first is not None:
            tally.earliest = _dt.date.fromisoformat(first[0])
        # The marked rows: out of the group of their computed date, into the group their mark gives.
        unconfirmed_set = set(unconfirmed)
        t = today.isoformat()
        for due_s, rid, status, override, snoozed in self.conn.execute(
                "SELECT dc.due, dc.rule_id, s.status, s.due_override, s.snoozed_until FROM deadline_state s "
                "CROSS JOIN deadline_cache dc ON dc.event_id = s.event_id AND dc.rule_id = s.rule_id "
                "WHERE dc.closed = 0" + matter):
            unconf = rid in unconfirmed_set
            if hz is None or due_s <= hz:
                tally.buckets[_bucket((_dt.date.fromisoformat(due_s) - today).days)][0] -= 1
                tally.unconfirmed[0] -= unconf
            eff = override or due_s
            if status != "done" and (hz is None or eff <= hz):
                day = _dt.date.fromisoformat(eff)
                tally.add((day - today).days, bool(snoozed and snoozed > t), unconf, day)
        extras = [d for d in (self._directions(None, include_closed, today, calendar)
                              + self._recall_releases(None, include_closed, today, calendar))
                  if d.status != "done" and (horizon is None or d.due <= horizon)]
        extras.sort(key=_order)
        for d in extras:
            tally.add(d.days_left, d.snoozed, not d.confirmed, d.due)
        return tally, extras

    def _page_rows(self, within_days, today, offset, limit, include_snoozed, include_closed, extras,
                   calendar) -> tuple[Deadline, ...]:
        """The page's deadlines: the stored rows without a moved date in the table's key order (no
        sorting), those with one (few, sorted) and ``extras`` merged by SQLite in the list's order."""
        horizon = today + _dt.timedelta(days=within_days) if within_days is not None else None
        matter = _matter_filter(include_closed)
        t = today.isoformat()
        marks = "s.status, s.due_override, s.override_reason, s.snoozed_until"
        hidden = "" if include_snoozed else " AND (s.snoozed_until IS NULL OR s.snoozed_until <= :t)"
        unmoved = (f"SELECT 0, dc.due, dc.matter_id, dc.event_id, dc.rule_id, '', {_READ_COLUMNS}, {marks} "
                   "FROM deadline_cache dc LEFT JOIN deadline_state s ON s.event_id = dc.event_id AND "
                   "s.rule_id = dc.rule_id WHERE dc.closed = 0" + matter
                   + (" AND dc.due <= :hz" if horizon is not None else "")
                   + " AND ifnull(s.due_override, '') = '' AND s.status IS NOT 'done'" + hidden)
        moved = (f"SELECT 0, s.due_override, dc.matter_id, dc.event_id, dc.rule_id, '', {_READ_COLUMNS}, "
                 f"{marks} FROM deadline_state s CROSS JOIN deadline_cache dc ON dc.event_id = s.event_id "
                 "AND dc.rule_id = s.rule_id WHERE s.due_override != '' AND dc.closed = 0" + matter
                 + (" AND s.due_override <= :hz" if horizon is not None else "")
                 + " AND s.status IS NOT 'done'" + hidden)
        built = ("SELECT 1, value ->> 0, value ->> 1, 0, value ->> 2, value ->> 3, value ->> 4"
                 + ", NULL" * 16 + " FROM json_each(:extras)")
        args: dict[str, Any] = {
            "t": t, "limit": limit, "offset": offset,
            "extras": json.dumps([[d.due.isoformat(), d.matter_id, d.rule_id, d.id, i]
                                  for i, d in enumerate(extras) if include_snoozed or not d.snoozed]),
        }
        if horizon is not None:
            args["hz"] = horizon.isoformat()
        sql = (f"{unmoved} UNION ALL {moved} UNION ALL {built} ORDER BY 2, 3, 4, 5, 6 "
               "LIMIT :limit OFFSET :offset")
        args = {k: v for k, v in args.items() if f":{k}" in sql}
        rows = self.conn.execute(sql, args).fetchall()
        stored = [r[6:19] for r in rows if r[0] == 0]
        state = {(r[9], r[10]): r[19:23] for r in rows if r[0] == 0 and r[19] is not None}
        plain, others = self._build_stored(stored, state, today, calendar, horizon, True)
        by_id = {d.id: d for d in plain}
        by_id.update((d.id, d) for d in others)
        return tuple(by_id[f"{r[9]}:{r[10]}"] if r[0] == 0 else extras[int(r[6])] for r in rows)

    def _version(self) -> tuple[int, int]:
        conn = self.conn
        return (conn.total_changes, int(conn.execute("PRAGMA data_version").fetchone()[0]))

    def _list(self, matter_id, within_days, today, include_closed, include_done, include_snoozed):
        try:
            return self._list_stored(matter_id, within_days, today, include_closed, include_done,
                                     include_snoozed)
        except _NoStore:
            return self._list_fresh(matter_id, within_days, today, include_closed, include_done,
                                    include_snoozed)

    def _list_fresh(self, matter_id, within_days, today, include_closed, include_done, include_snoozed):
        """The list computed from the chronology, ignoring the stored deadlines (the reference the
        stored ones must equal; used when they cannot be brought up to date)."""
        comp, info, state, calendar = self._compute(matter_id, include_closed)
        wanted = comp.deadlines
        if within_days is not None or not include_done:
            # Leave out before building what the filters below would drop anyway (a ten-year casebook
            # has thousands of deadlines; the week's view wants a few).
            horizon = today + _dt.timedelta(days=within_days) if within_days is not None else None

            def keep(c) -> bool:
                mark = state.get((c.event_id, c.rule.id))
                closed = c.superseded_by is not None or c.closed_by_rule is not None
                if closed or (mark and mark[0] == "done"):
                    return False
                due = _dt.date.fromisoformat(mark[1]) if mark and mark[1] else c.due
                return horizon is None or due <= horizon

            wanted = [c for c in wanted if keep(c)]
        out = [self._build(c, info, state, today, calendar) for c in wanted]
        out.extend(self._directions(matter_id, include_closed, today, calendar))
        out.extend(self._recall_releases(matter_id, include_closed, today, calendar))
        if within_days is not None:
            horizon = today + _dt.timedelta(days=within_days)
            out = [d for d in out if d.status != "done" and d.due <= horizon]
        if not include_done:
            out = [d for d in out if d.status != "done"]
        if not include_snoozed:
            out = [d for d in out if not d.snoozed]
        order = {"overdue": 0, "open": 1, "done": 2}
        out.sort(key=lambda d: (order[d.status], d.due, d.matter_id, d.event_id, d.rule_id, d.id))
        return out

    # ------------------------------------------------------------------ the stored deadlines
    def _rules_fingerprint(self) -> str:
        """What the computation depends on besides the casebook's data and settings: the rules data (the
        files read, or every field of every rule and event type), the engine's and the calendar's code,
        the bank holidays' package and the stored rows' format. Once per rule set and process."""
        if self._rules_digest is None:
            known = _DIGESTS.get(id(self.rules))
            if known is None or known[0] is not self.rules:
                h = hashlib.sha256(_code_digest().encode())
                h.update((self.rules.digest or json.dumps(_canonical(self.rules), sort_keys=True)).encode())
                known = _DIGESTS[id(self.rules)] = (self.rules, h.hexdigest())
            self._rules_digest = known[1]
        return self._rules_digest

    def _fingerprint(self, settings: CalendarSettings, commencements: dict[str, _dt.date]) -> str:
        h = hashlib.sha256(self._rules_fingerprint().encode())
        h.update(json.dumps({
            "extra": [d.isoformat() for d in settings.extra_non_working],
            "removed": [d.isoformat() for d in settings.removed],
            "roll": settings.roll_non_working,
            "commencements": {k: v.isoformat() for k, v in sorted(commencements.items())},
        }, sort_keys=True).encode())
        return h.hexdigest()

    def _cache_types(self) -> list[str]:
        """Event types the computation reads: an event of another type changes no deadline."""
        rules = self.rules.rules
        return sorted({r.trigger for r in rules}.union(*(r.superseded_by for r in rules),
                                                        self.rules.related_event_types()))

    def _compute_clients(self, clients: list[int] | None, settings: CalendarSettings,
                         commencements: dict[str, _dt.date]) -> list[tuple]:
        """The stored rows for ``clients`` (None: every client), computed from the chronology."""
        rules = self.rules.rules
        triggering = sorted({r.trigger for r in rules}.union(*(r.superseded_by for r in rules)))
        related = sorted(self.rules.related_event_types())
        scope = json.dumps(clients) if clients is not None else None
        # Few clients: from their matters (an index on matters.client_id, then each matter's events by
        # type); all of them: every event of a triggering type, by the index on events.type.
        if scope is None:
            ev_sql = (f"SELECT {_EVENT_COLUMNS} FROM events e JOIN matters m ON m.id = e.matter_id "
                      "JOIN clients c ON c.id = m.client_id WHERE e.type IN (SELECT value FROM json_each(?))")
            ctx_sql = ("SELECT e.id, e.matter_id, e.date, e.type, m.client_id FROM events e JOIN matters m "
                       "ON m.id = e.matter_id WHERE e.type IN (SELECT value FROM json_each(?))")
            sent_sql, sent_args = "SELECT client_id, sentence_type, recall_type FROM sentences", []
            ev_args, ctx_args = [json.dumps(triggering)], [json.dumps(related)]
        else:
            ev_sql = (f"SELECT {_EVENT_COLUMNS} FROM matters m CROSS JOIN events e ON e.matter_id = m.id "
                      "JOIN clients c ON c.id = m.client_id WHERE m.client_id IN "
                      "(SELECT value FROM json_each(?)) AND e.type IN (SELECT value FROM json_each(?))")
            ctx_sql = ("SELECT e.id, e.matter_id, e.date, e.type, m.client_id FROM matters m "
                       "CROSS JOIN events e ON e.matter_id = m.id WHERE m.client_id IN "
                       "(SELECT value FROM json_each(?)) AND e.type IN (SELECT value FROM json_each(?))")
            sent_sql = ("SELECT client_id, sentence_type, recall_type FROM sentences WHERE client_id IN "
                        "(SELECT value FROM json_each(?))")
            sent_args = [scope]
            ev_args, ctx_args = [scope, json.dumps(triggering)], [scope, json.dumps(related)]
        rows = self.conn.execute(ev_sql + " ORDER BY e.date, e.id", ev_args).fetchall()
        if not rows:
            return []
        sentences, recalls = _sentence_facts(self.conn.execute(sent_sql, sent_args))
        fromiso = _dt.date.fromisoformat
        context = [TriggerEvent(id=eid, matter_id=mid, date=fromiso(d), type=t, client_id=cid)
                   for eid, mid, d, t, cid in (self.conn.execute(ctx_sql, ctx_args) if related else ())]
        events, facts, info = [], {}, {}
        for eid, mid, date, etype, mtype, cid, mtitle, mstatus, cname in rows:
            events.append(TriggerEvent(id=eid, matter_id=mid, date=fromiso(date), type=etype, client_id=cid))
            if mid not in facts:
                facts[mid] = _matter_facts(mtype, cid, sentences, recalls)
                info[mid] = (mtitle, mtype, mstatus, cname)
        calendar = settings.calendar()
        comp = compute(events, facts, self.rules, calendar,
                       roll_non_working=settings.roll_non_working, context_events=context,
                       commencements=commencements)
        out = []
        for c in comp.deadlines:
            nwd, advice = self._non_working(c.due, c.rule.kind, c.rule.roll != "never", calendar)
            extra: dict[str, Any] = {}
            if c.caveats:
                extra["caveats"] = list(c.caveats)
            if c.rolled_from is not None:
                extra["rolled_from"] = c.rolled_from.isoformat()
            if c.superseded_by is not None:
                extra["closer"] = ["event", c.superseded_by.type, c.superseded_by.date.isoformat()]
            elif c.closed_by_rule is not None:
                extra["closer"] = ["rule", c.closed_by_rule.rule.id, c.closed_by_rule.due.isoformat()]
            out.append((
                1 if "closer" in extra else 0, c.due.isoformat(), c.matter_id, c.event_id, c.rule.id,
                facts[c.matter_id].client_id, c.trigger_date.isoformat(),
                json.dumps(extra, sort_keys=True) if extra else None, nwd, advice, *info[c.matter_id],
            ))
        return out

    def _out_of_date(self, fp: str) -> tuple[bool, list[int]]:
        """(everything, dirty clients): whether the fingerprint differs from the stored one, else which
        clients' rows are out of date."""
        row = self.conn.execute("SELECT value FROM deadline_cache_meta WHERE key = 'fingerprint'").fetchone()
        if not row or row[0] != fp:
            return True, []
        return False, [r[0] for r in self.conn.execute("SELECT client_id FROM deadline_cache_dirty")]

    def _refresh(self, settings: CalendarSettings, commencements: dict[str, _dt.date]) -> None:
        """Bring the stored deadlines up to date if they are not and the file can be written now:
        recompute the dirty clients (every client when the fingerprint changed) and store them in one
        short transaction. Inside another transaction, with the file busy (another writer) or
        read-only, or the connection held by another thread, nothing is stored and nothing waits."""
        conn = self.conn
        fp = self._fingerprint(settings, commencements)
        everything, dirty = self._out_of_date(fp)
        if not everything and not dirty:
            return
        lock = getattr(self.cb, "lock", None)
        if not conn.in_transaction and (lock is None or lock.acquire(timeout=_CACHE_WAIT_MS / 1000)):
            try:
                self._store_pending(fp, settings, commencements)
            finally:
                if lock is not None:
                    lock.release()

    def _pending(self, settings: CalendarSettings, commencements: dict[str, _dt.date]):
        """``None`` when the stored rows are current, else ``(clients, rows)``: the rows of the clients
        whose stored rows are out of date, computed in memory (not stored). Raises :class:`_NoStore`
        when nothing stored can be used (the rules or settings changed)."""
        everything, dirty = self._out_of_date(self._fingerprint(settings, commencements))
        if everything:
            raise _NoStore
        if not dirty:
            return None
        clients = sorted(dirty)
        return clients, self._compute_clients(clients, settings, commencements)

    def _store_pending(self, fp: str, settings: CalendarSettings,
                       commencements: dict[str, _dt.date]) -> bool:
        """Recompute and store what is out of date, in one transaction; False (nothing stored) when the
        file is busy with another writer for more than a moment, or read-only."""
        conn = self.conn
        # Derived data: its commit need not wait for the disk (lost in a power cut, it leaves the
        # clients dirty, as they were, and they are recomputed), nor be copied into the main file at
        # once (the next save's checkpoint does it).
        sync = conn.execute("PRAGMA synchronous").fetchone()[0]
        wait = conn.execute("PRAGMA busy_timeout").fetchone()[0]
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute(f"PRAGMA busy_timeout = {_CACHE_WAIT_MS}")
        try:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except DatabaseError:
                return False  # another writer, or a read-only file
            conn.execute(f"PRAGMA busy_timeout = {int(wait)}")
            try:
                row = conn.execute("SELECT value FROM deadline_cache_meta WHERE key = 'fingerprint'")
                stored = row.fetchone()
                if not stored or stored[0] != fp:
                    clients = None
                else:  # as of now, with the write lock held
                    clients = [r[0] for r in conn.execute("SELECT client_id FROM deadline_cache_dirty")]
                rows = self._compute_clients(clients, settings, commencements) if clients != [] else []
                self._store(clients, rows, fp)
                conn.execute("COMMIT")
                return True
            except DatabaseError:
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except DatabaseError:
                        pass
                return False
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(wait)}")
            with contextlib.suppress(DatabaseError):  # only refused inside a transaction left open
                conn.execute(f"PRAGMA synchronous = {int(sync)}")

    def _store(self, clients: list[int] | None, rows: list[tuple], fp: str) -> None:
        conn = self.conn
        if clients is None:
            conn.execute("DELETE FROM deadline_cache")
            conn.execute("DELETE FROM deadline_cache_dirty")
            conn.execute("DELETE FROM deadline_cache_types")
            conn.executemany("INSERT INTO deadline_cache_types(type) VALUES (?)",
                             [(t,) for t in self._cache_types()])
            conn.execute("INSERT OR REPLACE INTO deadline_cache_meta(key, value) VALUES ('fingerprint', ?)",
                         (fp,))
        else:
            scope = json.dumps(clients)
            conn.execute("DELETE FROM deadline_cache WHERE client_id IN (SELECT value FROM json_each(?))",
                         (scope,))
            conn.execute("DELETE FROM deadline_cache_dirty WHERE client_id IN "
                         "(SELECT value FROM json_each(?))", (scope,))
        conn.executemany(
            f"INSERT OR REPLACE INTO deadline_cache({_COLUMNS}) VALUES ({', '.join('?' * 14)})", rows)

    def _list_stored(self, matter_id, within_days, today, include_closed, include_done, include_snoozed):
        # Thousands of small objects are made here and kept: the cyclic garbage collector would scan the
        # growing heap again and again meanwhile (a quarter of the time, measured), and none of them can
        # be part of a cycle.
        collecting = gc.isenabled()
        gc.disable()
        try:
            try:
                self._refresh(self.calendar_settings(), self.commencements())
            except DatabaseError:
                raise _NoStore from None  # no stored deadlines here (a file not migrated)
            with self._snapshot():
                return self._list_stored_now(matter_id, within_days, today, include_closed, include_done,
                                             include_snoozed)
        finally:
            if collecting:
                gc.enable()

    @contextlib.contextmanager
    def _snapshot(self):
        """One read transaction: the stored rows, the dirty set and everything read live are of the same
        moment, whatever another program commits meanwhile (WAL readers see a snapshot).

        Holds ``cb.lock`` while it is open: the connection is shared with background jobs, and a job's
        write begun inside this read transaction became a savepoint in it, ended by this COMMIT halfway
        through the job's own block."""
        with getattr(self.cb, "lock", None) or contextlib.nullcontext(), self._snapshot_unlocked():
            yield

    @contextlib.contextmanager
    def _snapshot_unlocked(self):
        conn = self.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN")
        try:
            yield
        finally:
            if conn.in_transaction:
                with contextlib.suppress(DatabaseError):
                    conn.execute("COMMIT")

    def _list_stored_now(self, matter_id, within_days, today, include_closed, include_done, include_snoozed):
        settings = self.calendar_settings()
        commencements = self.commencements()
        calendar = settings.calendar()
        try:
            pending = self._pending(settings, commencements)
        except DatabaseError:
            raise _NoStore from None
        horizon = today + _dt.timedelta(days=within_days) if within_days is not None else None
        open_only = within_days is not None or not include_done
        cols = f"SELECT {_READ_COLUMNS} FROM deadline_cache dc"
        where: list[str] = []
        args: list[Any] = []
        if matter_id is not None:
            where.append("dc.matter_id = ?")
            args.append(matter_id)
        elif not include_closed:
            where.append("dc.matter_status != 'closed'")
        if open_only:
            where.append("dc.closed = 0")
        if pending is not None:
            where.append("dc.client_id NOT IN (SELECT value FROM json_each(?))")
            args.append(json.dumps(pending[0]))
        order_by = " ORDER BY dc.due, dc.matter_id, dc.event_id, dc.rule_id"  # the table's key: no sorting
        late: list[tuple] = []
        if horizon is not None:
            # Open and due by the horizon (a range of the table's key), and any with an overridden date
            # later on.
            sql = cols + " WHERE " + " AND ".join([*where, "dc.due <= ?"]) + order_by
            rows = self.conn.execute(sql, [*args, horizon.isoformat()]).fetchall()
            late = self.conn.execute(
                cols + " JOIN deadline_state s ON s.event_id = dc.event_id AND s.rule_id = dc.rule_id WHERE "
                + " AND ".join([*where, "dc.due > ?", "s.due_override IS NOT NULL"]),
                [*args, horizon.isoformat()]).fetchall()
        else:
            rows = self.conn.execute(cols + (" WHERE " + " AND ".join(where) if where else "") + order_by,
                                     args).fetchall()
        if pending is not None:
            # Computed in memory (not stored): the same filters as the SQL above.
            late += [r[:12] + r[13:] for r in pending[1]
                     if (r[2] == matter_id if matter_id is not None else include_closed or r[12] != "closed")
                     and not (open_only and r[0])]
        # The user's marks, read live.
        state: dict[tuple[int, str], tuple] = {}
        if rows or late:
            state_sql = ("SELECT event_id, rule_id, status, due_override, override_reason, snoozed_until "
                         "FROM deadline_state")
            state_args: list[Any] = []
            if matter_id is not None:
                state_sql += " WHERE event_id IN (SELECT id FROM events WHERE matter_id = ?)"
                state_args.append(matter_id)
            for row in self.conn.execute(state_sql, state_args):
                state[(row[0], row[1])] = row[2:]
        # ``plain``: deadlines without a mark, in the table's key order (due date, matter, event, rule);
        # when only open ones are asked for, that is already the list's order (overdue ⇔ due before today)
        # and they pass every filter below, so only the few others are filtered and put in their places.
        plain, others = self._build_stored(rows, state, today, calendar, horizon, open_only)
        if late:
            others += [d for part in self._build_stored(late, state, today, calendar, horizon, open_only)
                       for d in part]
        others.extend(self._directions(matter_id, include_closed, today, calendar))
        others.extend(self._recall_releases(matter_id, include_closed, today, calendar))
        if not open_only:
            others, plain = plain + others, []
        if within_days is not None:
            others = [d for d in others if d.status != "done" and d.due <= horizon]
        if not include_done:
            others = [d for d in others if d.status != "done"]
        if not include_snoozed:
            others = [d for d in others if not d.snoozed]
        others.sort(key=_order)
        if not plain:
            return others
        if len(others) > 64:
            plain.extend(others)
            plain.sort(key=_order)
            return plain
        for d in others:
            bisect.insort(plain, d, key=_order)
        return plain

    def _template(self, rule_id: str) -> dict[str, Any]:
        """A rule's part of its deadlines (the same for every deadline of the rule)."""
        t = self._templates.get(rule_id)
        if t is None:
            rule = self.rules.by_id(rule_id)
            if rule is None:  # pragma: no cover - the fingerprint holds the rules: stored ids are known
                raise _NoStore
            et = self.rules.event_type(rule.trigger)
            t = self._templates[rule_id] = {
                "rule_id": rule.id, "title": rule.title, "trigger_type": rule.trigger,
                "trigger_label": et.label if et else rule.trigger, "citation": rule.citation,
                "instrument": rule.instrument, "period": rule.period_text, "kind": rule.kind,
                "confirmed": rule.confirmed, "note": rule.note, "source": "rule",
                "movable": rule.roll != "never",
                # a deadline without a mark, a closing event or a caveat (the row fills in the rest)
                "id": "", "event_id": 0, "matter_id": 0, "matter_title": "", "matter_type": "",
                "client_id": 0, "client_name": "", "due": None, "computed_due": None, "trigger_date": None,
                "status": "open", "caveats": (), "rolled_from": None, "overridden": False,
                "override_reason": None, "snoozed_until": None, "days_left": 0, "snoozed": False,
                "closed_by": None, "non_working_day": None, "non_working_advice": None,
            }
        return t

    def _build_stored(self, rows, state, today: _dt.date, calendar: WorkingCalendar, horizon, open_only):
        """Deadlines from stored rows: what :meth:`_build` makes of a computed deadline, with the filters
        of :meth:`_list_fresh` that need the user's marks. Returns ``(plain, others)``: those without a
        mark, in the rows' order, and those with one.

        Built without the dataclass's ``__init__`` (15 µs for its 33 frozen fields; a ten-year
        casebook's week has ~15,000 deadlines, most of them long overdue): the same fields, the same
        values; the parts that depend only on the rule or only on the date are made once."""
        days: dict[str, tuple[_dt.date, int, str]] = {}

        def day(text: str) -> tuple[_dt.date, int, str]:
            """(date, days left, open/overdue) for an ISO date."""
            got = days.get(text)
            if got is None:
                d = _dt.date.fromisoformat(text)
                got = days[text] = (d, (d - today).days, "overdue" if d < today else "open")
            return got

        extras: dict[str, tuple] = {}

        def extra(text: str) -> tuple:
            """(caveats, rolled from, closer) of a row's JSON, parsed once (many rows share one)."""
            got = extras.get(text)
            if got is None:
                raw = json.loads(text)
                got = extras[text] = (tuple(raw.get("caveats", ())),
                                      day(raw["rolled_from"])[0] if "rolled_from" in raw else None,
                                      raw.get("closer"))
            return got

        templates = self._templates
        new = object.__new__
        setattr_ = object.__setattr__
        get_day = days.get
        plain: list[Deadline] = []
        others: list[Deadline] = []
        append = plain.append
        for (closed, due_s, mid, eid, rid, cid, trig_s, extra_s, nwd_s, advice_s, mtitle, mtype,
             cname) in rows:
            t = templates.get(rid) or self._template(rid)
            mark = state.get((eid, rid)) if state else None
            if mark is None and not closed:
                # The common case: no mark, nothing closed it.
                computed, left, status = get_day(due_s) or day(due_s)
                v = t.copy()  # a copy of a dict with every key: no resizing (1.8 v 3.5 µs)
                v["id"] = f"{eid}:{rid}"
                v["event_id"] = eid
                v["matter_id"] = mid
                v["matter_title"] = mtitle
                v["matter_type"] = mtype
                v["client_id"] = cid
                v["client_name"] = cname
                v["due"] = v["computed_due"] = computed
                v["trigger_date"] = (get_day(trig_s) or day(trig_s))[0]
                v["status"] = status
                v["days_left"] = left
                if nwd_s is not None:
                    v["non_working_day"] = nwd_s
                    v["non_working_advice"] = advice_s
                if extra_s:  # a caveat, or a date rolled off a non-working day
                    v["caveats"], v["rolled_from"], _closer = extras.get(extra_s) or extra(extra_s)
                d = new(Deadline)
                setattr_(d, "__dict__", v)
                append(d)
                continue
            if mark is not None:
                if open_only:
                    if mark[0] == "done":
                        continue
                    if horizon is not None and day(mark[1] or due_s)[0] > horizon:
                        continue
                status, override, reason, snoozed = mark
            else:
                status = "open"
                override = reason = snoozed = None
            if open_only and closed:
                continue
            computed = day(due_s)[0]
            due, left, open_status = day(override or due_s)
            snoozed_until = day(snoozed)[0] if snoozed else None
            caveats: tuple[str, ...] = ()
            rolled_from = closed_by = None
            if extra_s:
                caveats, rolled_from, closer = extra(extra_s)
                if closer and closer[0] == "event":
                    label = self._labels.get(closer[1], closer[1])
                    closed_by = f"{label} on {format_date(day(closer[2])[0])}"
                    status = "done"
                elif closer:
                    other = self._template(closer[1])["title"]
                    closed_by = f"{other} — {format_date(day(closer[2])[0])}"
                    status = "done"
            if status != "done":
                status = open_status
            if override:  # the stored words are for the computed date
                nwd_s, advice_s = self._non_working(due, t["kind"], t["movable"], calendar)
            d = new(Deadline)
            setattr_(d, "__dict__", {
                **t, "id": f"{eid}:{rid}", "event_id": eid, "matter_id": mid, "matter_title": mtitle,
                "matter_type": mtype, "client_id": cid, "client_name": cname, "due": due,
                "computed_due": computed, "trigger_date": day(trig_s)[0], "status": status,
                "caveats": caveats, "rolled_from": rolled_from, "overridden": bool(override),
                "override_reason": reason, "snoozed_until": snoozed_until, "days_left": left,
                "snoozed": bool(snoozed_until and snoozed_until > today), "closed_by": closed_by,
                "non_working_day": nwd_s, "non_working_advice": advice_s,
            })
            (others if mark is not None or status == "done" else plain).append(d)
        return plain, others

    def verify_stored(self) -> list[str]:
        """Problems with the stored deadlines (for a deep check): brought up to date as a list would,
        then compared with a fresh computation of every client. Empty when they agree."""
        settings, commencements = self.calendar_settings(), self.commencements()
        self._refresh(settings, commencements)
        with self._snapshot():
            try:
                pending = self._pending(settings, commencements)
            except _NoStore:
                return []  # nothing stored could be checked (busy or read-only): the next list rebuilds
            fresh = sorted(self._compute_clients(None, settings, commencements))
            stored = sorted(tuple(r) for r in self.conn.execute(f"SELECT {_COLUMNS} FROM deadline_cache"))
        if pending is not None:
            covered = set(pending[0])
            stored = sorted([r for r in stored if r[5] not in covered] + pending[1])
        if stored == fresh:
            return []
        missing = len(set(fresh) - set(stored))
        extra = len(set(stored) - set(fresh))
        return [f"the stored deadlines differ from the chronology ({missing} missing or changed, {extra} "
                "out of date); they are rebuilt at the next view"]

    def invalidate_stored(self) -> None:
        """Mark every stored deadline out of date (the next list recomputes them all)."""
        with self.cb.transaction():
            self.conn.execute("UPDATE deadline_cache_meta SET value = '' WHERE key = 'fingerprint'")

    def licence_dates(self, client_id: int, sentence_types: set[str] | frozenset[str]):
        """An IPP/DPP licence's dates for the client, by the same rules as the deadlines: the first
        ``ipp-licence-start`` event in any of the client's matters, with its recalls and re-releases.
        Returns ``(computed, not_applied)`` (both empty when no first release is recorded)."""
        from casebook.deadlines import RuleSet

        licence = [r for r in self.rules.rules if r.trigger == LICENCE_START_EVENT]
        codes = sorted({LICENCE_START_EVENT, *self.rules.related_event_types()})
        rows = self.conn.execute(
            "SELECT e.id, e.matter_id, e.date, e.type FROM events e JOIN matters m ON m.id = e.matter_id "
            f"WHERE m.client_id = ? AND e.type IN ({','.join('?' * len(codes))}) ORDER BY e.date, e.id",
            (client_id, *codes),
        ).fetchall()
        events = [TriggerEvent(id=i, matter_id=m, date=_dt.date.fromisoformat(d), type=t, client_id=client_id)
                  for i, m, d, t in rows]
        starts = [e for e in events if e.type == LICENCE_START_EVENT]
        if not starts or not licence:
            return [], []
        settings = self.calendar_settings()
        comp = compute(
            [starts[0]],
            MatterFacts(sentence_types=frozenset(sentence_types) or None, client_id=client_id),
            RuleSet(rules=tuple(licence), event_types=self.rules.event_types,
                    commencements=self.rules.commencements),
            settings.calendar(), roll_non_working=settings.roll_non_working,
            context_events=[e for e in events if e.type != LICENCE_START_EVENT],
            commencements=self.commencements(),
        )
        return comp.deadlines, comp.not_applied

    def not_applied(self, matter_id: int) -> list[NotAppliedRule]:
        """Rules a matter's events would trigger but which do not apply, with the reason."""
        comp, _info, _state, _cal = self._compute(matter_id, True)
        return [_not_applied(n) for n in comp.not_applied]

    def get(self, deadline_id: str, today: _dt.date | None = None) -> Deadline:
        event_id, rule_id = parse_deadline_id(deadline_id)
        today = today or self.clock.today()
        if rule_id == RELEASE_PREFIX:
            found = self._recall_releases(event_id, True, today, self.calendar_settings().calendar())
            if not found:
                raise NotFound(f"no fixed-term recall release date for matter {event_id}")
            return found[0]
        if rule_id == DIRECTION_PREFIX:
            found = self._directions(None, True, today, self.calendar_settings().calendar(), event_id)
            if not found:
                raise NotFound(f"no direction with id {event_id}")
            return found[0]
        comp, info, state, calendar = self._compute(None, True, event_id=event_id)
        for c in comp.deadlines:
            if c.event_id == event_id and c.rule.id == rule_id:
                return self._build(c, info, state, today, calendar)
        raise NotFound(f"no deadline with id {event_id}:{rule_id}")

    # ------------------------------------------------------------------ the user's marks
    def _upsert(self, d: Deadline, action: str, detail: dict[str, Any], **values: Any) -> None:
        if d.source == "release":
            raise BadInput(f"{d.id} is calculated from the sentence's recall: change the recall on the "
                           "client's sentence, or record the re-release in the chronology")
        if d.source == DIRECTION_PREFIX:
            raise BadInput(f"{d.id} is a direction of the Board: change its date with 'casebook direction "
                           f"defer {d.id.split(':')[1]} --to DATE --reason TEXT' (or in the matter's "
                           "Directions tab)")
        cols = ["status", "due_override", "override_reason", "snoozed_until"]
        row = self.conn.execute(
            "SELECT status, due_override, override_reason, snoozed_until FROM deadline_state "
            "WHERE event_id = ? AND rule_id = ?",
            (d.event_id, d.rule_id),
        ).fetchone()
        current = dict(zip(cols, row or ("open", None, None, None), strict=True))
        current.update(values)
        with self.cb.transaction():
            self.conn.execute(
                "INSERT INTO deadline_state(matter_id, event_id, rule_id, status, due_override, "
                "override_reason, snoozed_until, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON "
                "CONFLICT(event_id, rule_id) DO UPDATE SET status = excluded.status, due_override = "
                "excluded.due_override, override_reason = excluded.override_reason, snoozed_until = "
                "excluded.snoozed_until, updated_at = excluded.updated_at",
                (
                    d.matter_id, d.event_id, d.rule_id, current["status"], current["due_override"],
                    current["override_reason"], current["snoozed_until"], self.clock.now_iso(),
                ),
            )
            self.audit.record(action, "deadline", d.event_id,
                              {"deadline": d.id, "matter_id": d.matter_id, **detail})

    def _direction_service(self):
        if self.directions is None:  # pragma: no cover - the Services container always sets it
            raise BadInput("directions are not available here")
        return self.directions

    def mark_done(self, deadline_id: str) -> Deadline:
        d = self.get(deadline_id)
        if d.source == DIRECTION_PREFIX:
            self._direction_service().done(int(d.id.split(":")[1]))
            return self.get(deadline_id)
        self._upsert(d, "deadline-done", {"due": d.due}, status="done")
        return self.get(deadline_id)

    def reopen(self, deadline_id: str) -> Deadline:
        d = self.get(deadline_id)
        if d.source == DIRECTION_PREFIX:
            self._direction_service().reopen(int(d.id.split(":")[1]))
            return self.get(deadline_id)
        self._upsert(d, "deadline-reopened", {}, status="open")
        return self.get(deadline_id)

    def override(self, deadline_id: str, new_due: Any, reason: str) -> Deadline:
        """Replace the computed due date (e.g. the Board extended time under r.9). A reason is required
        and both dates go to the audit log."""
        d = self.get(deadline_id)
        errors: dict[str, str] = {}
        reason = (reason or "").strip()
        if not reason:
            errors["reason"] = "is required: say why the date differs from the rule"
        try:
            due = parse_date(new_due)
        except ValueError as exc:
            errors["due"] = str(exc)
            due = None
        if errors:
            raise ValidationError(errors)
        self._upsert(
            d,
            "deadline-override",
            {"computed_due": d.computed_due, "from": d.due, "to": due, "reason": reason},
            due_override=due.isoformat(),
            override_reason=reason,
        )
        return self.get(deadline_id)

    def clear_override(self, deadline_id: str) -> Deadline:
        d = self.get(deadline_id)
        self._upsert(
            d, "deadline-override-cleared", {"from": d.due, "to": d.computed_due},
            due_override=None, override_reason=None,
        )
        return self.get(deadline_id)

    def snooze(self, deadline_id: str, until: Any, today: _dt.date | None = None) -> Deadline:
        """Hide from the dashboard until ``until`` (None clears). The due date does not change."""
        d = self.get(deadline_id)
        if until in (None, ""):
            self._upsert(d, "deadline-unsnoozed", {}, snoozed_until=None)
            return self.get(deadline_id)
        try:
            day = parse_date(until)
        except ValueError as exc:
            raise ValidationError({"until": str(exc)}) from None
        today = today or self.clock.today()
        if day <= today:
            raise ValidationError({"until": "must be after today"})
        self._upsert(d, "deadline-snoozed", {"until": day}, snoozed_until=day.isoformat())
        return self.get(deadline_id)

    # ------------------------------------------------------------------ calendar export
    def export_ics(
        self,
        path: str | os.PathLike,
        *,
        matter_id: int | None = None,
        within_days: int | None = None,
        force: bool = False,
        include_names: bool = True,
        today: _dt.date | None = None,
    ) -> int:
        """Write the open and overdue deadlines as all-day events to an .ics file (Outlook, Google,
        Apple Calendar). Never overwrites without ``force``. Recorded in the audit log. Returns the
        number of events written."""
        from icalendar import Alarm, Calendar, Event

        target = Path(path).expanduser()
        if target.suffix.lower() != ".ics":
            raise BadInput("the calendar file name must end in .ics")
        if target.exists() and not force:
            raise BadInput(f"{target.name} already exists; choose another name or use --force to replace it")
        if not target.parent.is_dir():
            raise BadInput(f"the folder {target.parent} does not exist")
        deadlines = self.list(matter_id=matter_id, within_days=within_days, today=today, include_done=False)
        file_id = str(getattr(self.cb, "file_id", "") or "casebook")[:16]
        cal = Calendar()
        cal.add("prodid", "-//Casebook//Deadlines//EN")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", "Casebook deadlines")
        stamp = self.clock.now()
        for d in deadlines:
            ev = Event()
            ev.add("uid", f"{d.id.replace(':', '-')}.{file_id}@casebook.invalid")
            ev.add("dtstamp", stamp)
            ev.add("dtstart", d.due)
            ev.add("dtend", d.due + _dt.timedelta(days=1))
            ev.add("transp", "TRANSPARENT")
            who = f"{d.client_name} — " if include_names else f"Matter {d.matter_id} — "
            flag = "" if d.confirmed else " [UNCONFIRMED rule]"
            if d.non_working_day:
                flag += f" [{d.non_working_day}]"
            ev.add("summary", f"{who}{d.title}{flag}")
            lines = [
                f"Due: {format_date(d.due)} — {d.period}: {d.trigger_label} ({format_date(d.trigger_date)})",
                f"Rule: {d.full_citation}",
            ]
            if include_names:
                lines.insert(0, f"Matter: {d.matter_title} (#{d.matter_id})")
            if not d.confirmed:
                lines.append("This rule is UNCONFIRMED: check it before relying on the date.")
            if d.overridden:
                lines.append(f"Date overridden (computed {format_date(d.computed_due)}): {d.override_reason}")
            if d.non_working_advice:
                lines.append(f"This date {d.non_working_advice}.")
            lines.extend(d.caveats)
            ev.add("description", "\n".join(lines))
            ev.add("categories", ["Casebook", d.kind])
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Deadline: {d.title}")
            alarm.add("trigger", _dt.timedelta(days=-2))
            ev.add_component(alarm)
            cal.add_component(ev)
        data = cal.to_ical()
        fd, tmp = tempfile.mkstemp(prefix=".casebook-", suffix=".ics.tmp", dir=str(target.parent))
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.audit.record(
            "export",
            "deadlines-ics",
            matter_id,
            {"path": str(target), "count": len(deadlines), "names": include_names,
             "within_days": within_days},
        )
        return len(deadlines)


def _day_month(day: _dt.date, near: _dt.date) -> str:
    """"24 December", with the year only when it differs from ``near``'s."""
    text = format_date(day)
    return text.rsplit(" ", 1)[0] if day.year == near.year else text


_STATUS_ORDER = {"overdue": 0, "open": 1, "done": 2}
#: id(rule set) → (the rule set, its fingerprint): computed once per process.
_DIGESTS: dict[int, tuple[RuleSet, str]] = {}


@functools.cache
def _code_digest() -> str:
    """The engine's, the calendar's and the date arithmetic's code, the bank holidays' package and the
    stored rows' format: a change to any of them recomputes every stored deadline."""
    from casebook.deadlines import bank_holidays as table_mod
    from casebook.deadlines import calendar as cal_mod
    from casebook.deadlines import engine as engine_mod
    from casebook.domain import dates as dates_mod

    h = hashlib.sha256(CACHE_FORMAT.encode())
    for mod in (engine_mod, cal_mod, table_mod, dates_mod):
        try:
            h.update(Path(mod.__file__ or "").read_bytes())
        except OSError:  # a frozen app without sources: its version stands for the code
            from casebook import __version__

            h.update(f"{mod.__name__} {__version__}".encode())
    h.update(cal_mod.bank_holidays_version().encode())  # read without importing every country's calendar
    return h.hexdigest()


def _order(d: Deadline) -> tuple:
    """The list's order: overdue first, then by due date (then matter, event, rule, id)."""
    return (_STATUS_ORDER[d.status], d.due, d.matter_id, d.event_id, d.rule_id, d.id)


def _matter_filter(include_closed: bool) -> str:
    return "" if include_closed else " AND dc.matter_status != 'closed'"


def _bucket(days_left: int) -> int:
    """The group of an open deadline: overdue, 0–7 days, 8–14, 15–28, later."""
    if days_left < 0:
        return 0
    return 1 if days_left <= 7 else 2 if days_left <= 14 else 3 if days_left <= 28 else 4


class _Tally:
    """Counts of open deadlines by group and by whether they are snoozed (index 1) or not (index 0)."""

    def __init__(self) -> None:
        self.buckets = [[0, 0] for _ in range(5)]
        self.unconfirmed = [0, 0]
        self.earliest: _dt.date | None = None

    def add(self, days_left: int, snoozed: bool, unconfirmed: bool, due: _dt.date) -> None:
        b = _bucket(days_left)
        self.buckets[b][int(snoozed)] += 1
        self.unconfirmed[int(snoozed)] += int(unconfirmed)
        if b == 0 and (self.earliest is None or due < self.earliest):
            self.earliest = due

    def counts(self, include_snoozed: bool) -> DeadlineCounts:
        n = [b[0] + (b[1] if include_snoozed else 0) for b in self.buckets]
        return DeadlineCounts(
            total=sum(n), overdue=n[0], due_7=n[1], due_14=n[2], due_28=n[3], later=n[4],
            unconfirmed=self.unconfirmed[0] + (self.unconfirmed[1] if include_snoozed else 0),
            snoozed=sum(b[1] for b in self.buckets), snoozed_overdue=self.buckets[0][1],
            earliest_overdue=self.earliest,
        )


class _NoStore(Exception):
    """The stored deadlines cannot be used for this answer: compute it from the chronology."""


def _canonical(value: Any) -> Any:
    """A JSON-able form of the rules data that does not depend on set order (string hashing differs
    from one process to the next)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, {f.name: _canonical(getattr(value, f.name))
                                       for f in dataclasses.fields(value)}]
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return repr(value)


def _not_applied(n: NotApplied) -> NotAppliedRule:
    return NotAppliedRule(n.event_id, n.matter_id, n.rule.id, n.rule.title, n.rule.citation, n.reason)


__all__ = ["CalendarSettings", "Deadline", "DeadlineCounts", "DeadlinePage", "DeadlineService",
           "NotAppliedRule", "parse_deadline_id"]


def _sentence_facts(rows) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """(sentence types, recall types) recorded for each client, from rows of (client_id, sentence_type,
    recall_type)."""
    sentences: dict[int, set[str]] = {}
    recalls: dict[int, set[str]] = {}
    for cid, stype, rtype in rows:
        sentences.setdefault(cid, set()).add(stype)
        if rtype:
            recalls.setdefault(cid, set()).add(rtype)
    return sentences, recalls


def _matter_facts(mtype: str, cid: int, sentences: dict[int, set[str]],
                  recalls: dict[int, set[str]]) -> MatterFacts:
    types = frozenset(sentences[cid]) if cid in sentences else None
    return MatterFacts(matter_type=mtype, sentence_types=types, client_id=cid,
                       recall_types=frozenset(recalls.get(cid, ())))
