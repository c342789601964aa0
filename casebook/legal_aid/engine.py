"""The one small fee engine: units, UFNs, costs at hourly rates, which fee applies and the meter.

Pure functions over :mod:`casebook.legal_aid.schemes` data: no storage, no clock (the caller passes
"today"). Money is :class:`~decimal.Decimal` pounds, rounded to the penny (half up) only at the end.

How a class's fee is worked out (as the LAA's ``PrisonLawFixedFeeCalculator``): the figure compared
is **profit costs + waiting costs** at hourly rates (travel excluded).

* PRIA: the fixed fee, unless that figure is *more than* the escape threshold → an escape case,
  claimed at hourly rates on CRM18.
* PRIB..PRIE: the lower standard fee (…1), unless the figure is more than its fee limit → the higher
  standard fee (…2), unless the figure is more than the higher fee's escape threshold → escape (CRM18).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from casebook.legal_aid.schemes import Fee, Scheme, SchemeSet

PENNY = Decimal("0.01")
DEFAULT_UNIT_MINUTES = 6

#: Work recorded as time: activity → (cost head, the rate it is paid at). Cost heads: profit, travel,
#: waiting. Letters, emails and calls given as item counts are routine items at the item rates.
ACTIVITIES: dict[str, str] = {
    "attendance": "Attendance (on the client, at the prison)",
    "preparation": "Preparation",
    "advocacy": "Advocacy (hearing)",
    "travel": "Travel",
    "waiting": "Waiting",
    "letters-out": "Letters out",
    "letters-in": "Letters in",
    "calls": "Telephone calls",
    "emails": "Emails",
}
ITEM_ACTIVITIES = {"letters-out": "letter", "letters-in": "letter", "emails": "letter", "calls": "call"}
#: The rates a user can enter: per hour for time, per item for routine letters and calls.
RATE_KINDS: dict[str, str] = {
    "attendance": "Attendance, per hour",
    "preparation": "Preparation, per hour",
    "advocacy": "Advocacy, per hour",
    "travel": "Travel, per hour",
    "waiting": "Waiting, per hour",
    "letter": "Routine letter or email, per item",
    "call": "Routine telephone call, per item",
}


def _gbp(value) -> str:
    """£1,158.07 — pounds as they are written, with the thousands separated."""
    return f"£{money(value):,.2f}"


def money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------- units
def units_for(minutes: int, unit_minutes: int = DEFAULT_UNIT_MINUTES) -> int:
    """Whole units for ``minutes`` of work, always rounded **up** (1 minute is one unit)."""
    if unit_minutes <= 0:
        raise ValueError("the unit must be a positive number of minutes")
    if minutes < 0:
        raise ValueError("minutes cannot be negative")
    return math.ceil(minutes / unit_minutes)


def rounded_minutes(minutes: int, unit_minutes: int = DEFAULT_UNIT_MINUTES) -> int:
    """``minutes`` rounded up to whole units."""
    return units_for(minutes, unit_minutes) * unit_minutes


# ---------------------------------------------------------------------------- UFN
UFN_RE = re.compile(r"^(\d{2})(\d{2})(\d{2})/(\d{3})$")


def parse_ufn(raw: object, today: _dt.date | None = None) -> tuple[str, _dt.date, int]:
    """``(ufn, date, number)`` from ``DDMMYY/NNN``; ``ValueError`` (never repeating the input) when the
    form is wrong, the date is not a real date or is after ``today``, or the number is 000."""
    s = str(raw or "").strip()
    m = UFN_RE.match(s)
    if not m:
        raise ValueError("must be DDMMYY/NNN (the date of first instruction and a three-digit number)")
    dd, mm, yy, nnn = (int(g) for g in m.groups())
    try:
        day = _dt.date(2000 + yy, mm, dd)
    except ValueError:
        raise ValueError("does not start with a real date (DDMMYY)") from None
    if today is not None and day > today:
        raise ValueError("is dated in the future")
    if nnn == 0:
        raise ValueError("must have a number from 001 to 999")
    return s, day, nnn


def format_ufn(day: _dt.date, number: int) -> str:
    if not 1 <= number <= 999:
        raise ValueError("a UFN number is from 001 to 999")
    return f"{day:%d%m%y}/{number:03d}"


def next_ufn(day: _dt.date, used: Iterable[str]) -> str:
    """The next free UFN for ``day`` given the UFNs already in the casebook."""
    prefix = f"{day:%d%m%y}/"
    taken = {int(u[7:]) for u in used if u.startswith(prefix) and u[7:].isdigit()}
    n = max(taken, default=0) + 1
    if n > 999:
        n = next((i for i in range(1, 1000) if i not in taken), 0)
        if not n:
            raise ValueError("every number for that day is used")
    return format_ufn(day, n)


# ---------------------------------------------------------------------------- costs
@dataclass(frozen=True)
class Work:
    """One time entry as the engine sees it."""

    activity: str
    minutes: int  # already rounded to units
    items: int = 0


@dataclass
class Costs:
    profit: Decimal = Decimal(0)
    travel: Decimal = Decimal(0)
    waiting: Decimal = Decimal(0)
    minutes: dict[str, int] = field(default_factory=dict)  # head → rounded minutes
    items: dict[str, int] = field(default_factory=dict)  # "letter" / "call" → count
    missing_rates: set[str] = field(default_factory=set)

    @property
    def counted(self) -> Decimal:
        """What the limits are compared with: profit + waiting (travel excluded)."""
        return money(self.profit + self.waiting)

    @property
    def total(self) -> Decimal:
        return money(self.profit + self.travel + self.waiting)


def rate_kind(activity: str, items: int) -> str:
    if items and activity in ITEM_ACTIVITIES:
        return ITEM_ACTIVITIES[activity]
    if activity in ITEM_ACTIVITIES:  # a timed (non-routine) letter, email or call: preparation
        return "preparation"
    return activity


def head(activity: str) -> str:
    return activity if activity in ("travel", "waiting") else "profit"


def costs(work: Iterable[Work], rates: Mapping[str, Decimal]) -> Costs:
    """Costs at ``rates`` (rate kind → pounds per hour, or per item for "letter" / "call")."""
    c = Costs()
    for w in work:
        kind = rate_kind(w.activity, w.items)
        h = head(w.activity)
        rate = rates.get(kind)
        if kind in ("letter", "call"):
            c.items[kind] = c.items.get(kind, 0) + w.items
            amount = (rate or 0) * w.items
        else:
            c.minutes[h] = c.minutes.get(h, 0) + w.minutes
            amount = (rate or 0) * Decimal(w.minutes) / 60
        if rate is None and (w.items or w.minutes):
            c.missing_rates.add(kind)
        setattr(c, h, getattr(c, h) + Decimal(amount))
    c.profit, c.travel, c.waiting = money(c.profit), money(c.travel), money(c.waiting)
    return c


# ---------------------------------------------------------------------------- which fee
STATUSES = {
    "fixed-fee": "Within the fixed fee",
    "higher-standard-fee": "Over the lower fee's limit: the higher standard fee",
    "escape": "Escape case: claim at hourly rates on CRM18",
    "rates-needed": "Enter the hourly rates to work out the fee",
}


@dataclass(frozen=True)
class FeeResult:
    scheme: Scheme
    klass: str
    fee: Fee  # the fee that applies (…1 or …2, or PRIA)
    costs: Costs
    status: str  # a key of STATUSES
    limit: Decimal  # the next threshold: the fee limit of a lower fee, else the escape threshold
    to_limit: Decimal  # how far the counted costs are below it (negative: crossed)
    claim: Decimal  # what to claim (profit costs side, VAT-exclusive): the fixed fee, or costs if escaped
    working: tuple[str, ...]  # the steps, in words

    @property
    def fee_code(self) -> str:
        return self.fee.code

    @property
    def fraction(self) -> float:
        """How far along the meter is (0 … 1+)."""
        return float(self.costs.counted / self.limit) if self.limit else 0.0

    @property
    def form(self) -> str:
        return "CRM18" if self.status == "escape" else ""


def over(amount: Decimal, limit: Decimal) -> bool:
    """Crossed a limit: strictly more than it (the LAA's ``amount.compareTo(limit) > 0``)."""
    return amount > limit


def fee_for(schemes: SchemeSet, ufn_date: _dt.date, klass: str, costs_: Costs) -> FeeResult:
    """Which fee applies to class ``klass`` of a matter whose UFN is dated ``ufn_date``."""
    scheme = schemes.for_date(ufn_date)
    if scheme is None:
        raise ValueError("the UFN's date is before the first prison-law fee scheme (1 April 2016)")
    fees = scheme.fees_for(klass)
    if not fees:
        raise ValueError(f"no fee for class {klass} in the {scheme.id} scheme")
    counted = costs_.counted
    steps = [f"Scheme: {scheme.name} (UFN dated {ufn_date:%d/%m/%Y}).",
             f"Profit {_gbp(costs_.profit)} + waiting {_gbp(costs_.waiting)} = {_gbp(counted)} counted "
             f"(travel {_gbp(costs_.travel)} is not counted against the limits)."]
    fee = fees[0]
    if fee.band == "lower":
        if over(counted, fee.fee_limit):  # type: ignore[arg-type]
            steps.append(f"{_gbp(counted)} is more than the {fee.code} fee limit {_gbp(fee.fee_limit)}: "
                         f"the higher standard fee {fees[1].code} applies.")
            fee = fees[1]
        else:
            steps.append(f"{_gbp(counted)} is within the {fee.code} fee limit {_gbp(fee.fee_limit)}.")
    status = "fixed-fee" if fee.band != "higher" else "higher-standard-fee"
    if fee.escape_threshold is not None:
        if over(counted, fee.escape_threshold):
            steps.append(f"{_gbp(counted)} is more than the {fee.code} escape threshold "
                         f"{_gbp(fee.escape_threshold)}: an escape case, claimed at hourly rates on CRM18.")
            status = "escape"
        else:
            steps.append(f"{_gbp(counted)} is within the {fee.code} escape threshold "
                         f"{_gbp(fee.escape_threshold)}.")
    claim = costs_.counted if status == "escape" else fee.fixed_fee
    if costs_.missing_rates:
        steps.append("No rate entered for: " + ", ".join(sorted(costs_.missing_rates))
                     + "; that work is counted at £0 until the rate is entered.")
        status = "rates-needed"
    limit = fee.limit
    steps.append(f"Fee {fee.code}: {_gbp(fee.fixed_fee)}; claim {_gbp(claim)}.")
    return FeeResult(scheme, klass, fee, costs_, status, limit, money(limit - counted), money(claim),
                     tuple(steps))


# ---------------------------------------------------------------------------- CRM4
@dataclass(frozen=True)
class Crm4Estimate:
    expert: str
    hours: Decimal
    hourly_rate: Decimal
    travel_hours: Decimal
    total: Decimal
    within_auto_grant: bool
    reasons: tuple[str, ...]


def crm4_estimate(schemes: SchemeSet, expert: str, hours: Decimal, hourly_rate: Decimal,
                  travel_hours: Decimal = Decimal(0)) -> Crm4Estimate:
    """An expert's estimate for CRM4 and whether it is within the auto-grant limits."""
    limits = schemes.experts
    if limits is None or expert not in limits.experts:
        raise ValueError("unknown kind of expert")
    e = limits.experts[expert]
    reasons = []
    top = max(e.hourly_rates)
    if hourly_rate > top:
        reasons.append(f"the hourly rate is above the auto-grant rate £{top}")
    if e.max_hours is not None and hours > e.max_hours:
        reasons.append(f"more than {e.max_hours} hours")
    if travel_hours > limits.travel_max_hours:
        reasons.append(f"more than {limits.travel_max_hours} hours' travel")
    total = money(hours * hourly_rate + travel_hours * limits.travel_rate)
    return Crm4Estimate(expert, hours, hourly_rate, travel_hours, total, not reasons, tuple(reasons))


__all__ = ["ACTIVITIES", "DEFAULT_UNIT_MINUTES", "ITEM_ACTIVITIES", "RATE_KINDS", "STATUSES", "Costs",
           "Crm4Estimate", "FeeResult", "Work", "costs", "crm4_estimate", "fee_for", "format_ufn", "money",
           "next_ufn", "over", "parse_ufn", "rounded_minutes", "units_for"]
