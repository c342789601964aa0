"""Small helpers for the deadline-engine tests (no expected values are computed here)."""

from __future__ import annotations

import datetime as dt

from casebook.deadlines import MatterFacts, TriggerEvent, WorkingCalendar, compute, default_rules

D = dt.date
PAROLE_LIFER = MatterFacts(matter_type="parole-review", sentence_types=frozenset({"LIFE"}))


def dues(event_type: str, when: dt.date, facts: MatterFacts = PAROLE_LIFER, *, calendar=None, roll=False):
    """{rule_id: due} for one event of ``event_type`` on ``when``."""
    comp = compute(
        [TriggerEvent(id=1, matter_id=1, date=when, type=event_type)],
        facts,
        default_rules(),
        calendar or WorkingCalendar(),
        roll_non_working=roll,
    )
    return {d.rule.id: d.due for d in comp.deadlines}


def computation(event_type: str, when: dt.date, facts: MatterFacts = PAROLE_LIFER, **kw):
    return compute([TriggerEvent(id=1, matter_id=1, date=when, type=event_type)], facts,
                   default_rules(), **kw)
