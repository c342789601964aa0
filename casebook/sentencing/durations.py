"""Date arithmetic for sentences (PSI 03/2015 para 5.5 "Converting a sentence into days").

The conventions follow the HMPPS Calculate Release Dates service (MoJ code, `model/Duration.kt`;
PSI 03/2015 para 5.5): a term runs from the sentence date inclusive; one year is twelve
calendar months; a term that starts on the first of a month and has months or years ends on the last
day of the month reached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

# The one date toolkit (casebook.domain.dates), re-exported for the engine's modules.
from casebook.domain.dates import add_months, add_years, days_in_month, end_of_month, uk_date  # noqa: F401

ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=65536)
def _end_date(years: int, months: int, weeks: int, days: int, start: date) -> date:
    """Last day of a term of years/months/weeks/days beginning on ``start`` (inclusive): PSI 03/2015 para 5.5
    (from the 1st of a month, whole months end on a month end). Cached: a pure function of its arguments."""
    first_of_month_rule = start.day == 1 and (months != 0 or years != 0)
    d = start if first_of_month_rule else start - ONE_DAY
    d = add_years(d, years)
    if first_of_month_rule:
        d = end_of_month(add_months(d, months - 1))
    else:
        d = add_months(d, months)
    return d + timedelta(weeks=weeks, days=days)


@dataclass(frozen=True)
class Term:
    """A sentence term as pronounced: years, months, weeks, days."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    def __add__(self, other: Term) -> Term:
        return Term(self.years + other.years, self.months + other.months, self.weeks + other.weeks,
                    self.days + other.days)

    @property
    def is_zero(self) -> bool:
        return not (self.years or self.months or self.weeks or self.days)

    def end_date(self, start: date) -> date:
        """Last day of the term beginning on ``start`` (inclusive)."""
        return _end_date(self.years, self.months, self.weeks, self.days, start)

    def length_days(self, start: date) -> int:
        """Number of days in the term, counting the first and last day."""
        return (self.end_date(start) - start).days + 1

    def __str__(self) -> str:
        parts = []
        for n, unit in ((self.years, "year"), (self.months, "month"), (self.weeks, "week"),
                        (self.days, "day")):
            if n:
                parts.append(f"{n} {unit}{'s' if n != 1 else ''}")
        return " ".join(parts) or "0 days"


_ISO = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def parse_iso_term(text: str) -> Term:
    """Parse an ISO-8601 period such as ``P4Y6M`` or ``P2Y3D`` (no time part)."""
    m = _ISO.match((text or "").strip().upper())
    if not m or text.strip().upper() == "P":
        raise ValueError(f"not an ISO-8601 period: {text!r}")
    y, mo, w, d = (int(g) if g else 0 for g in m.groups())
    return Term(y, mo, w, d)


def period_between(start: date, end: date) -> tuple[int, int, int]:
    """Years, months, days from ``start`` to ``end`` (java.time.Period.between semantics, end exclusive)."""
    total_months = (end.year - start.year) * 12 + (end.month - start.month)
    days = end.day - start.day
    if total_months > 0 and days < 0:
        total_months -= 1
        days = (end - add_months(start, total_months)).days
    elif total_months < 0 and days > 0:
        total_months += 1
        days = days - days_in_month(end.year, end.month)
    years, months = divmod(total_months, 12) if total_months >= 0 else (-((-total_months) // 12),
                                                                        -((-total_months) % 12))
    return years, months, days


def iso_period(years: int, months: int, days: int) -> str:
    s = "P"
    if years:
        s += f"{years}Y"
    if months:
        s += f"{months}M"
    if days:
        s += f"{days}D"
    return s if s != "P" else "P0D"
