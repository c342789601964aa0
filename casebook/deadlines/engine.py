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
from dataclasses import dataclass, field, replace

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
    #: the matter's client: rules with ``restarted_by`` / ``suspended_by`` look across the client's matters
    client_id: int | None = None


@dataclass(frozen=True)
class MatterFacts:
    """What the rules need to know about a matter. ``None`` = not recorded (rules then apply with a
    caveat rather than being hidden)."""

    matter_type: str | None = None
    sentence_types: frozenset[str] | None = None
    client_id: int | None = None
    #: the recall types recorded on the client's sentences (empty or None: none recorded)
    recall_types: frozenset[str] | None = None


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
    #: another rule's date from the same event that closed this one (``Rule.closed_by_rules``)
    closed_by_rule: ComputedDeadline | None = None
    #: the event that restarted the period (``Rule.restarted_by``), if any
    restarted_from: TriggerEvent | None = None

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


def _add(start: dt.date, n: int, unit: str) -> dt.date:
    if unit == "days":
        return start + dt.timedelta(days=n)
    if unit == "weeks":
        return start + dt.timedelta(weeks=n)
    if unit == "months":
        return add_months(start, n)
    return add_years(start, n)


def _shift(rule: Rule, start: dt.date, calendar: WorkingCalendar) -> dt.date:
    n = rule.offset if rule.direction == "after" else -rule.offset
    if rule.day_type == "working":
        return calendar.add_working_days(start, n)
    return _period(start, n, rule.unit, rule.period_start)


def _period(start: dt.date, n: int, unit: str, period_start: str) -> dt.date:
    # "The period of N … beginning with X" includes X: it is counted from the day before, so it ends on
    # the date corresponding to that day (1 year beginning with 29 February 2024 ends on 28 February
    # 2025; 2 years beginning with 1 March 2025 end on 28 February 2027).
    if period_start == "trigger-day" and n > 0:
        return _add(start - dt.timedelta(days=1), n, unit)
    if period_start == "after-period" and n > 0:
        # The day after such a period ends (a duty that arises once it has expired): the anniversary,
        # except that 3 years beginning with 29 February 2024 end on 28 February 2027, so the duty arises
        # on 1 March 2027 (adding 3 years to 29 February gave 28 February, the period's own last day).
        return _add(start - dt.timedelta(days=1), n, unit) + dt.timedelta(days=1)
    return _add(start, n, unit)


def _restart(rule: Rule, start: dt.date) -> dt.date:
    return _period(start, rule.restart_offset, rule.restart_unit or rule.unit, rule.period_start)


def _roll_policy(rule: Rule, roll_non_working: bool) -> str:
    if rule.roll == "never":
        return "none"
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


def _label(rules: RuleSet, code: str, *, lower: bool = True) -> str:
    et = rules.event_type(code)
    if et is None:
        return code
    return et.label[0].lower() + et.label[1:] if lower else et.label


def _applies(codes: frozenset[str] | None, have: str | frozenset[str] | None) -> bool | None:
    """True / False, or None when the fact is not recorded."""
    if codes is None:
        return True
    if not have:
        return None
    if isinstance(have, str):
        return have in codes
    return bool(have & codes)


def _period_end(rule: Rule, ev: TriggerEvent, related: list[TriggerEvent], calendar: WorkingCalendar,
                floor: dt.date | None = None):
    """(raw due, restarting event, suspending event): the period from ``ev``, restarted by later
    ``restarted_by`` events and stopped by ``suspended_by`` ones. Events after it ran out are ignored;
    ``floor`` (a transitional rule's commencement) keeps it running until then: a licence recalled before
    commencement was not in force when the duty arose."""
    base = _shift(rule, ev.date, calendar)
    if not rule.restarted_by:
        return base, None, None
    due, restarted, suspended = base, None, None
    for e in related:
        if e.date <= ev.date or e.id == ev.id:
            continue
        if suspended is None and e.date > (max(due, floor) if floor else due):
            break  # the period had already run its course (while suspended, look for the restart)
        if e.type in rule.suspended_by:
            suspended = suspended or e
        elif e.type in rule.restarted_by:
            suspended = None
            again = _restart(rule, e.date)
            if again > due:
                due, restarted = again, e
            elif again > base:
                restarted = e
    return due, restarted, suspended


def compute(
    events: Iterable[TriggerEvent],
    facts: Mapping[int, MatterFacts] | MatterFacts | None,
    rules: RuleSet,
    calendar: WorkingCalendar | None = None,
    *,
    roll_non_working: bool = False,
    context_events: Iterable[TriggerEvent] = (),
    commencements: Mapping[str, dt.date] | None = None,
) -> Computation:
    """Every deadline the events create. ``facts`` maps matter id → :class:`MatterFacts` (or one
    :class:`MatterFacts` for all events). ``context_events``: the client's events in other matters that
    rules restarted or suspended by an event look at (a recall in the recall matter stops the IPP
    licence clock of the termination matter); they trigger nothing themselves. ``commencements``: the
    dates the user has set for provisions not yet in force when the rules were written."""
    calendar = calendar or WorkingCalendar()
    commencements = commencements or {}
    out = Computation()
    events = list(events)
    by_matter: dict[int, list[TriggerEvent]] = {}
    for ev in events:
        by_matter.setdefault(ev.matter_id, []).append(ev)
    by_client: dict[int, dict[int, TriggerEvent]] = {}
    for ev in [*events, *context_events]:
        if ev.client_id is not None:
            by_client.setdefault(ev.client_id, {})[ev.id] = ev
    related_cache: dict[tuple[int | None, int], list[TriggerEvent]] = {}

    def related(ev: TriggerEvent, mf: MatterFacts) -> list[TriggerEvent]:
        client = ev.client_id if ev.client_id is not None else mf.client_id
        key = (client, ev.matter_id if client is None else 0)
        if key not in related_cache:
            pool = by_client.get(client, {}).values() if client is not None else by_matter[ev.matter_id]
            related_cache[key] = sorted(pool, key=lambda e: (e.date, e.id))
        return related_cache[key]

    for ev in events:
        if isinstance(facts, MatterFacts):
            mf = facts
        else:
            mf = (facts or {}).get(ev.matter_id) or MatterFacts()
        from_event: list[ComputedDeadline] = []
        for rule in rules.for_trigger(ev.type):
            caveats: list[str] = []

            def skip(reason: str, _ev=ev, _rule=rule) -> None:
                out.not_applied.append(NotApplied(_ev.id, _ev.matter_id, _rule, reason))

            matter_ok = _applies(rule.matter_types, mf.matter_type)
            sentence_ok = _applies(rule.sentence_types, mf.sentence_types)
            also = rule.also_when
            if (also is not None and sentence_ok is False and _applies(also.sentence_types, mf.sentence_types)
                    and _applies(also.matter_types, mf.matter_type)):
                caveats.append(also.caveat)
                sentence_ok = True
                matter_ok = True if matter_ok is not None else None
            if matter_ok is None:
                caveats.append(f"applies to {_codes(rule.matter_types)} matters; matter type not recorded")
            elif not matter_ok:
                skip(f"does not apply to {mf.matter_type} matters")
                continue
            if sentence_ok is None:
                caveats.append(
                    f"applies only to {_codes(rule.sentence_types)} sentences; no sentence recorded — check"
                )
            elif not sentence_ok:
                skip(
                    f"does not apply to {_codes(mf.sentence_types)} sentences "
                    f"(only {_codes(rule.sentence_types)})"
                )
                continue
            recalls = mf.recall_types
            if rule.recall_types is not None and recalls and not rule.recall_types & recalls:
                skip(f"does not apply to a {_codes(recalls)} recall (only {_codes(rule.recall_types)})")
                continue
            effective_from, effective_to = rule.effective_from, rule.effective_to
            if rule.commencement:
                began = commencements.get(rule.commencement)
                if began is None:
                    skip("not in force: its commencement date has not been set (Working days, bank "
                         "holidays and commencement dates, or casebook deadlines commencement "
                         f"{rule.commencement} DATE)")
                    continue
                effective_from = max(effective_from, began)
            if rule.retired_by and rule.retired_by in commencements:
                last = commencements[rule.retired_by] - dt.timedelta(days=1)
                effective_to = last if effective_to is None else min(effective_to, last)
            in_force = effective_from <= ev.date and (effective_to is None or ev.date <= effective_to)
            if rule.applies_by == "trigger" and not in_force:
                skip(f"not in force for an event on {_fmt(ev.date)}")
                continue
            floor = effective_from if rule.applies_by == "due" and rule.transitional == "clamp" else None
            raw, restarted, suspended = _period_end(rule, ev, related(ev, mf), calendar, floor)
            if suspended is not None:
                again = " or ".join(sorted(f"'{_label(rules, c, lower=False)}'" for c in rule.restarted_by))
                skip(f"no date while the {_label(rules, suspended.type)} of {_fmt(suspended.date)} lasts: "
                     f"the period starts again when {again} is entered in the chronology")
                continue
            if restarted is not None:
                caveats.append(
                    f"period started again on {_fmt(restarted.date)} ({_label(rules, restarted.type)})"
                )
            if rule.applies_by == "due":
                if effective_to is not None and raw > effective_to:
                    skip(f"not in force on {_fmt(raw)}")
                    continue
                if raw < effective_from:
                    if rule.transitional != "clamp":
                        skip(f"falls before the rule came into force ({_fmt(effective_from)})")
                        continue
                    caveats.append(
                        f"computed date {_fmt(raw)} is before commencement; due from "
                        f"{_fmt(effective_from)} (transitional)"
                    )
                    raw = effective_from
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
            from_event.append(
                ComputedDeadline(
                    event_id=ev.id,
                    matter_id=ev.matter_id,
                    rule=rule,
                    trigger_date=ev.date,
                    due=due,
                    rolled_from=raw if due != raw else None,
                    caveats=tuple(caveats),
                    superseded_by=closer,
                    restarted_from=restarted,
                )
            )
        # Another rule's date from the same event can close one (automatic termination before referral).
        by_rule = {d.rule.id: d for d in from_event}
        for i, d in enumerate(from_event):
            closers = [by_rule[r] for r in d.rule.closed_by_rules if r in by_rule and by_rule[r].due <= d.due]
            if closers:
                from_event[i] = replace(d, closed_by_rule=min(closers, key=lambda c: c.due))
        out.deadlines.extend(from_event)
    out.deadlines.sort(key=lambda d: (d.due, d.matter_id, d.event_id, d.rule.id))
    return out
