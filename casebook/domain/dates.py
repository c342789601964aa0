"""The one date toolkit: English (UK) date text and calendar-month arithmetic.

Every part of Casebook that shows a date to a person, or moves a date by months or years, uses these
(the sentencing engine, the deadline rules, the services, the CLI and the desktop app).

Month arithmetic — the "corresponding date rule"
-------------------------------------------------
"Month" in legislation means a *calendar* month (Interpretation Act 1978, s.5 and Sch.1). N calendar
months from a day ends on the day with the same number N months later and, where that month has no
such day, on the **last day of that month** (*Dodds v Walker* [1981] 1 WLR 1027, HL). So 31 January +
1 month = 28 (or 29) February; 29 February 2024 + 3 years = 28 February 2027. A year is twelve
calendar months under the same rule. The sentencing conventions (PSI 03/2015 para 5.5, HMPPS
Calculate Release Dates) use the same arithmetic.

Pure functions of :class:`datetime.date`; never the wall clock, never the locale (``%B`` would
follow the machine's language).
"""

from __future__ import annotations

import datetime as _dt

__all__ = [
    "MONTHS",
    "add_months",
    "add_years",
    "days_in_month",
    "end_of_month",
    "format_date",
    "month_year",
    "short_month_year",
    "uk_date",
]

MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July", "August",
                           "September", "October", "November", "December")
_SHORT_MONTHS: tuple[str, ...] = tuple(m[:3] for m in MONTHS)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def end_of_month(d: _dt.date) -> _dt.date:
    return _dt.date(d.year, d.month, days_in_month(d.year, d.month))


def add_months(d: _dt.date, months: int) -> _dt.date:
    """``d`` moved by ``months`` calendar months (negative = earlier), clamped to the month end
    (31 January + 1 month = 28/29 February)."""
    if not months:
        return d
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    day = d.day
    if day > 28:
        day = min(day, days_in_month(year, month))
    return _dt.date(year, month, day)


def add_years(d: _dt.date, years: int) -> _dt.date:
    """``d`` moved by whole years (twelve calendar months each; 29 February → 28 February)."""
    return add_months(d, 12 * years)


def uk_date(d: _dt.date) -> str:
    """English (UK) long form: 2 December 2026."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def format_date(d: _dt.date | None) -> str:
    """:func:`uk_date`, and "" for no date (forms and tables show a blank)."""
    if d is None:
        return ""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def month_year(d: _dt.date) -> str:
    """December 2026."""
    return f"{MONTHS[d.month - 1]} {d.year}"


def short_month_year(d: _dt.date) -> str:
    """Dec 2026 (for tight spaces such as a timeline's axis)."""
    return f"{_SHORT_MONTHS[d.month - 1]} {d.year}"
