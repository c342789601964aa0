"""Compute deadlines from a matter's events and the rules data. Pure: no storage, no clock.

A deadline's id is ``"<event_id>:<rule_id>"``: stable while the event exists, so the user's marks
(done, override, snooze) survive a change to the event's date, and vanish with the event.

Nothing is silently dropped: a rule that could apply to an event but does not (wrong sentence or
matter type, not in force) is reported in :attr:`Computation.not_applied` with the reason; a rule
applied on incomplete facts (no sentence recorded, say) carries a caveat instead of being hidden.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from casebook.deadlines.calendar import WorkingCalendar, add_months, add_years
from casebook.deadlines.rules import Rule, RuleSet
from casebook.domain.dates import uk_date as _fmt

__all__ = ["Computation", "ComputedDeadline", "MatterFacts", "NotApplied", "TriggerEvent", "compute",
           "due_date"]


@dataclass(frozen=True)
class TriggerEvent:
    id: int
    matter_id: int
    date: dt.date
    type: str


@dataclass(frozen=True)
class MatterFacts:
    """What the rules need to know about a matter. ``None`` = not recorded (rules then apply with a
    caveat rather than being hidden)."""

    matter_type: str | None = None
    sentence_types: frozenset[str] | None = None


@dataclass(frozen=True)
class ComputedDeadline:
    event_id: int
    matter_id: int
    rule: Rule
    trigger_date: dt.date
    due: dt.date
    #: the date before any roll to a working day (None when not rolled)
    rolled_from: dt.date | None = None
    caveats: tuple[str, ...] = ()
    #: a later event of the matter that closed this deadline automatically (``Rule.superseded_by``)
    superseded_by: TriggerEvent | None = None

    @property
    def id(self) -> str:
        return f"{self.event_id}:{self.rule.id}"


@dataclass(frozen=True)
class NotApplied:
    event_id: int
    matter_id: int
    rule: Rule
    reason: str


@dataclass
class Computation:
    deadlines: list[ComputedDeadline] = field(default_factory=list)
    not_applied: list[NotApplied] = field(default_factory=list)


def _shift(rule: Rule, start: dt.date, calendar: WorkingCalendar) -> dt.date:
    n = rule.offset if rule.direction == "after" else -rule.offset
    if rule.day_type == "working":
        return calendar.add_working_days(start, n)
    if rule.unit == "days":
        return start + dt.timedelta(days=n)
    if rule.unit == "weeks":
        return start + dt.timedelta(weeks=n)
    if rule.unit == "months":
        return add_months(start, n)
    return add_years(start, n)


def _roll_policy(rule: Rule, roll_non_working: bool) -> str:
    if rule.roll != "none" or not roll_non_working:
        return rule.roll
    # The user's "move last days off weekends and bank holidays" switch: later for "after" limits,
    # earlier for "before" limits so a required notice period is never cut short.
    return "forward" if rule.direction == "after" else "backward"


def _roll(day: dt.date, policy: str, calendar: WorkingCalendar) -> dt.date:
    if policy == "forward":
        return calendar.next_working_day(day)
    if policy == "backward":
        return calendar.previous_working_day(day)
    return day


def due_date(
    rule: Rule,
    trigger: dt.date,
    calendar: WorkingCalendar | None = None,
    *,
    roll_non_working: bool = False,
) -> tuple[dt.date, dt.date | None]:
    """``(due, rolled_from)`` for ``rule`` triggered on ``trigger``; ``rolled_from`` is the unrolled
    date when the last day was moved off a non-working day, else None. No applicability checks."""
    calendar = calendar or WorkingCalendar()
    raw = _shift(rule, trigger, calendar)
    rolled = _roll(raw, _roll_policy(rule, roll_non_working), calendar)
    return rolled, (raw if rolled != raw else None)


def _codes(codes: frozenset[str]) -> str:
    return ", ".join(sorted(codes))


def compute(
    events: Iterable[TriggerEvent],
    facts: Mapping[int, MatterFacts] | MatterFacts | None,
    rules: RuleSet,
    calendar: WorkingCalendar | None = None,
    *,
    roll_non_working: bool = False,
) -> Computation:
    """Every deadline the events create. ``facts`` maps matter id → :class:`MatterFacts` (or one
    :class:`MatterFacts` for all events)."""
    calendar = calendar or WorkingCalendar()
    out = Computation()
    events = list(events)
    by_matter: dict[int, list[TriggerEvent]] = {}
    for ev in events:
        by_matter.setdefault(ev.matter_id, []).append(ev)
    for ev in events:
        if isinstance(facts, MatterFacts):
            mf = facts
        else:
            mf = (facts or {}).get(ev.matter_id) or MatterFacts()
        for rule in rules.for_trigger(ev.type):
            caveats: list[str] = []

            def skip(reason: str, _ev=ev, _rule=rule) -> None:
                out.not_applied.append(NotApplied(_ev.id, _ev.matter_id, _rule, reason))

            if rule.matter_types is not None:
                if mf.matter_type is None:
                    caveats.append(f"applies to {_codes(rule.matter_types)} matters; "
                                   "matter type not recorded")
                elif mf.matter_type not in rule.matter_types:
                    skip(f"does not apply to {mf.matter_type} matters")
                    continue
            if rule.sentence_types is not None:
                if not mf.sentence_types:
                    caveats.append(
                        f"applies only to {_codes(rule.sentence_types)} sentences; no sentence recorded — "
                        "check"
                    )
                elif not (mf.sentence_types & rule.sentence_types):
                    skip(
                        f"does not apply to {_codes(mf.sentence_types)} sentences "
                        f"(only {_codes(rule.sentence_types)})"
                    )
                    continue
            if rule.applies_by == "trigger" and not rule.in_force(ev.date):
                skip(f"not in force for an event on {_fmt(ev.date)}")
                continue
            raw = _shift(rule, ev.date, calendar)
            if rule.applies_by == "due":
                if rule.effective_to is not None and raw > rule.effective_to:
                    skip(f"not in force on {_fmt(raw)}")
                    continue
                if raw < rule.effective_from:
                    if rule.transitional != "clamp":
                        skip(f"falls before the rule came into force ({_fmt(rule.effective_from)})")
                        continue
                    caveats.append(
                        f"computed date {_fmt(raw)} is before commencement; due from "
                        f"{_fmt(rule.effective_from)} (transitional)"
                    )
                    raw = rule.effective_from
            due = _roll(raw, _roll_policy(rule, roll_non_working), calendar)
            closer = None
            if rule.superseded_by:
                # A closing event must come on or after the earlier of the trigger and the due date:
                # after the decision for "after" rules; for "before" rules (counted back from a
                # future date) from the reminder date on, so an old cycle's events never count.
                since = min(ev.date, raw)
                later = [
                    e
                    for e in by_matter[ev.matter_id]
                    if e.id != ev.id and e.type in rule.superseded_by and e.date >= since
                ]
                closer = min(later, key=lambda e: (e.date, e.id)) if later else None
            out.deadlines.append(
                ComputedDeadline(
                    event_id=ev.id,
                    matter_id=ev.matter_id,
                    rule=rule,
                    trigger_date=ev.date,
                    due=due,
                    rolled_from=raw if due != raw else None,
                    caveats=tuple(caveats),
                    superseded_by=closer,
                )
            )
    out.deadlines.sort(key=lambda d: (d.due, d.matter_id, d.event_id, d.rule.id))
    return out
