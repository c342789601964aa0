"""Deadlines: computed on the fly from each matter's events by the rules engine
(:mod:`casebook.deadlines`); the ``deadline_state`` table keeps only the user's marks (done, a due
date overridden with a reason, snoozed until a date). Editing or deleting an event therefore
recomputes its deadlines; a mark stays with ``"<event_id>:<rule_id>"`` and goes with the event.

Calendar settings (bank-holiday overrides and the "move a last day off a weekend or bank holiday"
switch, default off; docs/rules-sources.md) live in ``settings`` under ``deadlines.calendar``.

Closed matters are left out of the all-matters list (``include_closed=False``) but always listed
when a matter is asked for by id.
"""

from __future__ import annotations

import datetime as _dt
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

SETTINGS_KEY = "deadlines.calendar"
COMMENCEMENTS_KEY = "deadlines.commencements"
DIRECTION_PREFIX = "direction"
#: Directions whose party is the prisoner's side are time limits for us; others are for us to chase.
_OUR_SIDE = re.compile(r"\b(prisoner|representatives?|solicitors?|us|applicant|counsel)\b", re.IGNORECASE)
DIRECTION_RULE = "Parole Board direction (Parole Board Rules 2019 r.6)"
RELEASE_PREFIX = "prrd"
FTR_RULE = "Criminal Justice Act 2003 s.255B (fixed-term recall)"
STATUSES = ("open", "overdue", "done")


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
        context: list[TriggerEvent] = []
        if rows:
            if one_client:
                sent_sql = "SELECT client_id, sentence_type FROM sentences WHERE client_id = ?"
                sent_args: list[Any] = [rows[0][7]]
            else:
                sent_sql, sent_args = "SELECT client_id, sentence_type FROM sentences", []
            for cid, stype in self.conn.execute(sent_sql, sent_args):
                sentences.setdefault(cid, set()).add(stype)
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
            facts[mid] = MatterFacts(
                matter_type=mtype, sentence_types=frozenset(sentences[cid]) if cid in sentences else None,
                client_id=cid,
            )
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
        sql = ("SELECT m.id, m.title, m.client_id, c.name FROM matters m "
               "JOIN clients c ON c.id = m.client_id WHERE m.type = 'recall-review' AND EXISTS "
               "(SELECT 1 FROM sentences s WHERE s.client_id = m.client_id AND s.recall_type LIKE 'FTR%' "
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
        return out

    def _version(self) -> tuple[int, int]:
        conn = self.conn
        return (conn.total_changes, int(conn.execute("PRAGMA data_version").fetchone()[0]))

    def _list(self, matter_id, within_days, today, include_closed, include_done, include_snoozed):
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


def _not_applied(n: NotApplied) -> NotAppliedRule:
    return NotAppliedRule(n.event_id, n.matter_id, n.rule.id, n.rule.title, n.rule.citation, n.reason)


__all__ = ["CalendarSettings", "Deadline", "DeadlineService", "NotAppliedRule", "parse_deadline_id"]
