"""Parole Board Rules / complaints / judicial-review time-limit engine.

Pure: rules are dated, cited data in ``resources/rules/*.toml``; dates are computed from a matter's
events. Never imports Qt or the UI. See :mod:`casebook.deadlines.rules` for the data format,
:mod:`casebook.deadlines.calendar` for month and working-day arithmetic and
:mod:`casebook.deadlines.engine` for the computation.
"""

from __future__ import annotations

from casebook.deadlines.calendar import WorkingCalendar, add_months, add_years
from casebook.deadlines.engine import (
    Computation,
    ComputedDeadline,
    MatterFacts,
    NotApplied,
    TriggerEvent,
    compute,
    due_date,
)
from casebook.deadlines.rules import (
    MATTER_TYPES,
    SENTENCE_TYPES,
    EventType,
    Rule,
    RuleError,
    RuleSet,
    default_rules,
    load_rules,
)

__all__ = [
    "MATTER_TYPES",
    "SENTENCE_TYPES",
    "Computation",
    "ComputedDeadline",
    "EventType",
    "MatterFacts",
    "NotApplied",
    "Rule",
    "RuleError",
    "RuleSet",
    "TriggerEvent",
    "WorkingCalendar",
    "add_months",
    "add_years",
    "compute",
    "default_rules",
    "due_date",
    "event_types",
    "load_rules",
]


def event_types(rules: RuleSet | None = None) -> list[EventType]:
    """Event types with human labels, in the order of ``event_types.toml``; ``triggers`` is True for
    those that start at least one time limit."""
    return list((rules or default_rules()).event_types)
