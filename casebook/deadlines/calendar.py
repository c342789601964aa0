"""Date arithmetic for time limits: calendar months, working days, England & Wales bank holidays.

Pure functions over :class:`datetime.date`; no storage, no Qt.

Month arithmetic — the "corresponding date rule"
-------------------------------------------------
"Month" in legislation and in the Civil Procedure Rules means a *calendar* month (Interpretation Act
1978, s.5 and Sch.1; CPR 2.10 for judgments, orders and directions). A period of N calendar months
from a given day ends on the *corresponding date* N months later — the day with the same number —
and where that month has no such day (31 January + 1 month), on the **last day of that month**:
*Dodds v Walker* [1981] 1 WLR 1027 (HL), applied to CPR periods such as the 3-month judicial-review
limit in CPR 54.5(1). So:

* 31 January + 3 months = 30 April (April has no 31st);
* 30 November + 3 months = 28 February, or 29 February in a leap year;
* 29 February 2024 + 3 years = 28 February 2027.

Years are counted as 12 calendar months with the same rule. The arithmetic is
:func:`casebook.domain.dates.add_months` (re-exported here).

Working days
------------
A working day is Monday to Friday that is not an England & Wales bank holiday (the ``holidays``
package, ``country_holidays("GB", subdiv="ENG")``, computed offline), adjusted by the user's
overrides: *extra* non-working days (e.g. an office closure, a newly announced one-off bank holiday)
and *removed* days (a listed bank holiday the user says is a working day). Weekends are never
working days.

The bank holidays are read from :mod:`casebook.deadlines.bank_holidays`, the package's own answer for
every year it computes (1872–2100), written out from the installed version (issue 15: asking the
package loads every country it knows, about 13 MB, for a few hundred dates). The package itself is
asked only for a year outside that table, or for every year when the installed ``holidays`` is not the
version the table was generated from — so the days are always the installed package's.
:func:`bank_holidays_version` (the installed package's version) is part of the stored deadlines'
fingerprint. Names are the package's UK English ones (``language="en_GB"``), whatever the locale.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from functools import cache, lru_cache

from casebook.deadlines import bank_holidays as _table
from casebook.domain.dates import add_months, add_years  # the one month arithmetic (see above)

__all__ = ["WorkingCalendar", "add_months", "add_years", "bank_holidays_version"]


@cache
def bank_holidays_version() -> str:
    """The installed ``holidays`` package's version (its distribution's, which is what the package's own
    ``__version__`` reads), without importing the package (that loads every country's calendar).
    ``""`` if it cannot be found."""
    loaded = sys.modules.get("holidays")
    if loaded is not None:
        return str(getattr(loaded, "__version__", ""))
    from importlib import metadata

    try:
        return metadata.version("holidays")
    except (metadata.PackageNotFoundError, OSError, ValueError):
        return ""


@cache
def _table_years() -> dict[int, str] | None:
    """The table's lines by year, or None when the installed ``holidays`` is another version."""
    if bank_holidays_version() != _table.HOLIDAYS_VERSION:
        return None
    return {int(line[:4]): line for line in _table.TABLE.splitlines()}


def _computed(year: int) -> dict[dt.date, str]:
    """The package's own answer (it is imported the first time this is needed)."""
    import holidays

    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year, language="en_GB"))


@lru_cache(maxsize=64)
def _names(year: int) -> dict[dt.date, str]:
    lines = _table_years()
    if lines is not None and _table.FIRST_YEAR <= year <= _table.LAST_YEAR:
        return _table.parse_year(lines[year])
    return _computed(year)



class WorkingCalendar:
    """Which days are working days in England & Wales, with the user's overrides.

    ``extra_non_working``: days treated as non-working in addition to bank holidays.
    ``removed``: bank holidays the user has removed (treated as working days if a weekday).
    """

    def __init__(
        self,
        extra_non_working: Iterable[dt.date] = (),
        removed: Iterable[dt.date] = (),
    ):
        self.extra_non_working = frozenset(extra_non_working)
        self.removed = frozenset(removed)

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"WorkingCalendar(extra={sorted(self.extra_non_working)}, removed={sorted(self.removed)})"

    def bank_holiday_name(self, day: dt.date) -> str | None:
        """The bank holiday's name (from ``holidays``), or None. Ignores the user's overrides."""
        return _names(day.year).get(day)

    def non_working_name(self, day: dt.date) -> str | None:
        """Why ``day`` is not a working day, in words ("Christmas Day", "Boxing Day (substitute day)",
        "Saturday", "a day marked non-working in your calendar"), or None for a working day."""
        if day in self.extra_non_working:
            return "a day marked non-working in your calendar"
        if day not in self.removed:
            name = self.bank_holiday_name(day)
            if name:
                return name.replace("(observed)", "(substitute day)")
        if day.weekday() >= 5:
            return "Saturday" if day.weekday() == 5 else "Sunday"
        return None

    def is_bank_holiday(self, day: dt.date) -> bool:
        if day in self.extra_non_working:
            return True
        return day in _names(day.year) and day not in self.removed

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and not self.is_bank_holiday(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def previous_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (before it if negative). ``start`` itself is
        never counted, as with calendar-day periods ("within 5 working days of …")."""
        step = 1 if days >= 0 else -1
        remaining = abs(days)
        day = start
        while remaining:
            day += dt.timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day
