"""The legal-aid records (schema v8) as plain dataclasses; declared for the generic store in
:mod:`casebook.domain.records` (the ``legal aid`` block)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class LegalAid:
    """A matter's legal aid: the UFN, the fee earner, CRM1 (means) and CRM3 (advocacy assistance)."""

    id: int | None
    matter_id: int
    ufn: str | None = None
    fee_earner: str = ""
    crm1_signed_on: _dt.date | None = None
    means_passported: bool | None = None
    means_weekly_income: int | None = None  # pence
    means_capital: int | None = None  # pence
    means_notes: str = ""
    crm3_applied_on: _dt.date | None = None
    crm3_granted_on: _dt.date | None = None
    crm3_reference: str = ""
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def ufn_date(self) -> _dt.date | None:
        if not self.ufn:
            return None
        return _dt.date(2000 + int(self.ufn[4:6]), int(self.ufn[2:4]), int(self.ufn[0:2]))


@dataclass
class LegalAidClass:
    """A class of work on a matter (the LAA's fee-code stem) and when it opened and closed."""

    id: int | None
    matter_id: int
    code: str
    opened_on: _dt.date
    closed_on: _dt.date | None = None
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""


@dataclass
class PriorAuthority:
    """CRM4: prior authority for an expert, with the estimate."""

    id: int | None
    matter_id: int
    expert: str
    hours: str
    hourly_rate: str
    travel_hours: str = "0"
    expert_name: str = ""
    applied_on: _dt.date | None = None
    granted_on: _dt.date | None = None
    reference: str = ""
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""


@dataclass
class LegalVisit:
    """A legal visit at a prison. Times are local ``HH:MM``; ``timer`` is the running timer's state:
    ``{"phase": "travel" | "waiting" | "consultation" | None, "since": ISO UTC, "segments":
    [[phase, start ISO, end ISO], …]}``."""

    id: int | None
    matter_id: int
    date: _dt.date
    status: str = "done"
    prison: str = ""
    booked_slot: str = ""
    arrived_at: str = ""
    consultation_start: str = ""
    consultation_end: str = ""
    departed_at: str = ""
    travel_minutes: int = 0
    waiting_minutes: int = 0
    mileage: str = ""
    attendees: str = ""
    note_id: int | None = None
    timer: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""
    updated_at: str = ""

    @property
    def running(self) -> bool:
        return self.status == "running"


@dataclass
class TimeEntry:
    id: int | None
    matter_id: int
    date: _dt.date
    activity: str
    unit_minutes: int
    minutes_raw: int = 0
    units: int = 0
    items: int = 0
    visit_id: int | None = None
    class_code: str | None = None
    fee_earner: str = ""
    description: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def minutes(self) -> int:
        """The minutes claimed: whole units."""
        return self.units * self.unit_minutes


@dataclass
class HourlyRate:
    id: int | None
    scheme: str
    kind: str
    rate: str  # pounds, exact text
    source: str = ""
    created_at: str = ""
    updated_at: str = ""


__all__ = ["HourlyRate", "LegalAid", "LegalAidClass", "LegalVisit", "PriorAuthority", "TimeEntry"]
