"""The Parole Board's side of a parole matter: its directions (Parole Board Rules 2019 r.6) and its
oral hearing (r.14 observers and victims' statements, r.24 witnesses, r.25 the decision).

Plain dataclasses and the small parsers their fields use; no storage, no clock, no Qt. The records are
declared in :mod:`casebook.domain.records` (``DIRECTIONS``, ``HEARINGS``, ``HEARING_WITNESSES``) and
kept by :mod:`casebook.services.directions` and :mod:`casebook.services.hearings`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from casebook.domain.vocabulary import (
    DIRECTION_STATUSES,
    HEARING_FORMATS,
    HEARING_OUTCOMES,
    MATTER_TYPES,
    WITNESS_STATUSES,
)

#: The matters that have Board directions and an oral hearing.
PAROLE_MATTER_TYPES: tuple[str, ...] = ("parole-review", "recall-review", "ipp-licence-termination")

#: Who must comply with a direction: suggestions offered by the forms and the CLI's help (the field is
#: free text: a direction may name anyone).
DIRECTION_PARTIES: tuple[str, ...] = ("Secretary of State", "prisoner's representative", "POM", "COM",
                                      "psychologist", "PPCS")

#: A direction still to be complied with (the others are closed: complied, not complied, withdrawn).
OPEN_DIRECTION_STATUSES = frozenset({"open", "deferred"})

#: Outcomes that are a decision on the case (an adjournment or deferral is not): recording one with a
#: decision date means the hearing was held.
DECISION_OUTCOMES = frozenset(HEARING_OUTCOMES) - {"adjourned", "deferred"}

_TIME_RE = re.compile(r"^(\d{1,2})[:.](\d{2})$")


def hearing_time(raw: Any) -> str:
    """A time of day as ``HH:MM`` (24-hour; ``9:30`` and ``09.30`` are accepted); blank: none ("")."""
    s = (str(raw) if raw is not None else "").strip()
    if not s:
        return ""
    m = _TIME_RE.match(s)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError("must be a time of day as HH:MM (24-hour), e.g. 10:00 or 14:30")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def code_or_blank(options: Iterable[str]):
    """A code of ``options``, or "" for blank (the columns are NOT NULL with '' for none)."""
    opts = list(options)

    def parse(raw: Any) -> str:
        s = (str(raw) if raw is not None else "").strip().lower()
        if not s:
            return ""
        s = s.replace(" ", "-").replace("_", "-")
        if s not in opts:
            raise ValueError("must be one of: " + ", ".join(opts))
        return s

    return parse


def is_parole_matter(matter_type: str) -> bool:
    return matter_type in PAROLE_MATTER_TYPES


def not_parole_matter_message(matter_id: int, matter_type: str) -> str:
    kinds = ", ".join(MATTER_TYPES[t] for t in PAROLE_MATTER_TYPES[:-1]) + " and " + MATTER_TYPES[
        PAROLE_MATTER_TYPES[-1]]
    return (f"matter {matter_id} ({MATTER_TYPES.get(matter_type, matter_type)}) is not a parole matter: "
            f"directions and hearings are kept for {kinds} matters")


@dataclass
class Direction:
    """A direction of the Board: what is to be done, by whom, by when, and where it stands. A deferral
    keeps the first due date in ``original_due`` and says why in ``change_reason``."""

    id: int | None
    matter_id: int
    text: str
    due: _dt.date
    party: str = ""
    made_on: _dt.date | None = None
    status: str = "open"
    completed_on: _dt.date | None = None
    original_due: _dt.date | None = None
    change_reason: str = ""
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def status_label(self) -> str:
        return DIRECTION_STATUSES.get(self.status, self.status)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DIRECTION_STATUSES


@dataclass
class Hearing:
    """A matter's oral hearing. ``event_id`` is the ``hearing-listed`` chronology event at its date (the
    deadline rules run from it)."""

    id: int | None
    matter_id: int
    date: _dt.date | None = None
    event_id: int | None = None
    time: str = ""
    format: str = ""
    venue: str = ""
    panel: str = ""
    observers: str = ""
    victim_statements: str = ""
    decision_date: _dt.date | None = None
    outcome: str = ""
    adjourned_reason: str = ""
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def format_label(self) -> str:
        return HEARING_FORMATS.get(self.format, self.format)

    @property
    def outcome_label(self) -> str:
        return HEARING_OUTCOMES.get(self.outcome, self.outcome)


@dataclass
class Witness:
    """A witness for the hearing (r.24): requested, directed, refused or withdrawn; optionally one of the
    client's contacts."""

    id: int | None
    hearing_id: int
    name: str
    contact_id: int | None = None
    role: str = ""
    status: str = "requested"
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def status_label(self) -> str:
        return WITNESS_STATUSES.get(self.status, self.status)


__all__ = ["DECISION_OUTCOMES", "DIRECTION_PARTIES", "OPEN_DIRECTION_STATUSES", "PAROLE_MATTER_TYPES",
           "Direction", "Hearing", "Witness", "code_or_blank", "hearing_time", "is_parole_matter",
           "not_parole_matter_message"]
