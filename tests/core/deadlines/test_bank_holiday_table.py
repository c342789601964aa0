"""The bank holidays written out of the ``holidays`` package (issue 15) are the package's own, year by year.

The calendar reads :mod:`casebook.deadlines.bank_holidays` instead of asking the package (which loads
every country it knows). These tests compare it with the package itself over every year the package
computes and beyond, so a ``holidays`` upgrade without regenerating the table fails here; and they
check that the calendar and the stored deadlines' fingerprint never import it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.deadlines import bank_holidays as table
from casebook.deadlines import calendar as cal_mod
from casebook.deadlines.calendar import WorkingCalendar
from tests.conftest import REPO

REGENERATE = 'run: python -c "from casebook.deadlines.bank_holidays import write; write()"'

#: Every year checked: well before the package's first (1872) to well after its last (2100); the years
#: outside the table come from the package itself.
YEARS = range(1800, 2201)


@pytest.fixture(scope="module")
def package_days() -> dict[dt.date, str]:
    """The package's own answer for :data:`YEARS`, as the calendar asked it before the table."""
    return dict(holidays.country_holidays("GB", subdiv="ENG", years=YEARS, language="en_GB"))


@pytest.fixture
def fresh_calendar_caches():
    """The calendar's per-process caches emptied before and after (a test may change what they read)."""
    def clear():
        cal_mod._names.cache_clear()
        cal_mod._table_years.cache_clear()
        cal_mod.bank_holidays_version.cache_clear()

    clear()
    yield
    clear()


def test_the_table_was_generated_from_the_installed_package():
    assert holidays.__version__ == table.HOLIDAYS_VERSION, REGENERATE
    source = Path(table.__file__).read_text(encoding="utf-8")
    assert source.endswith(table.generate()), REGENERATE
    assert cal_mod.bank_holidays_version() == holidays.__version__


def test_the_table_is_in_use(fresh_calendar_caches):
    assert cal_mod._table_years() is not None
    assert (table.FIRST_YEAR, table.LAST_YEAR) == (1872, 2100)


def test_every_day_of_every_year_is_what_the_package_says(package_days, fresh_calendar_caches):
    cal = WorkingCalendar()
    day, end = dt.date(YEARS[0], 1, 1), dt.date(YEARS[-1], 12, 31)
    mismatches = []
    while day <= end:
        expected_working = day.weekday() < 5 and day not in package_days
        if cal.is_working_day(day) != expected_working or cal.bank_holiday_name(day) != package_days.get(day):
            mismatches.append(day)
        day += dt.timedelta(days=1)
    assert mismatches == []
    # The comparison has teeth: the package does list holidays in these years (and the table holds them).
    assert sum(1 for d in package_days if d.year == 2026) == 9
    assert cal.bank_holiday_name(dt.date(2022, 9, 19)) == "State Funeral of Queen Elizabeth II"


def test_a_different_package_version_reads_the_package_itself(package_days, fresh_calendar_caches,
                                                              monkeypatch):
    """A ``holidays`` the table was not generated from: every year is the package's own answer."""
    monkeypatch.setattr(table, "HOLIDAYS_VERSION", "0.0-not-installed")
    monkeypatch.setattr(table, "parse_year", lambda line: pytest.fail("the table was read"))
    cal = WorkingCalendar()
    assert cal_mod._table_years() is None
    for day in (dt.date(2026, 12, 28), dt.date(2027, 3, 26), dt.date(1977, 6, 7), dt.date(2100, 12, 28)):
        assert cal.bank_holiday_name(day) == package_days[day]
        assert not cal.is_working_day(day)
    assert cal.is_working_day(dt.date(2026, 12, 29))


@settings(max_examples=300, deadline=None)
@given(start=st.dates(min_value=dt.date(1850, 1, 1), max_value=dt.date(2150, 12, 31)),
       n=st.integers(min_value=-400, max_value=400))
def test_adding_working_days_matches_the_package(start, n):
    """Counting ``n`` working days over the package's own holidays gives the calendar's answer."""
    known = _package_year_days(start.year - 2, start.year + 2)
    step, remaining, day = (1 if n >= 0 else -1), abs(n), start
    while remaining:
        day += dt.timedelta(days=step)
        if day.weekday() < 5 and day not in known:
            remaining -= 1
    assert WorkingCalendar().add_working_days(start, n) == day


_PACKAGE_YEARS: dict[int, frozenset[dt.date]] = {}


def _package_year_days(first: int, last: int) -> frozenset[dt.date]:
    out: set[dt.date] = set()
    for year in range(first, last + 1):
        if year not in _PACKAGE_YEARS:
            _PACKAGE_YEARS[year] = frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))
        out |= _PACKAGE_YEARS[year]
    return frozenset(out)


def test_the_stored_deadlines_fingerprint_follows_the_package_version(monkeypatch):
    from casebook.services import deadlines as deadlines_service

    digest = deadlines_service._code_digest.__wrapped__
    now = digest()
    monkeypatch.setattr(cal_mod, "bank_holidays_version", lambda: "0.109")
    assert digest() != now
    monkeypatch.setattr(cal_mod, "bank_holidays_version", lambda: holidays.__version__)
    assert digest() == now


def test_working_days_and_the_fingerprint_never_import_the_package(tmp_path):
    """In a fresh process: the calendar and the stored deadlines' fingerprint read the table and the
    installed version without importing ``holidays`` (which loads every country's calendar)."""
    code = r"""
import datetime as dt, sys
from casebook.deadlines.calendar import WorkingCalendar, bank_holidays_version
from casebook.services.deadlines import _code_digest
cal = WorkingCalendar()
print(cal.add_working_days(dt.date(2026, 12, 24), 5), cal.bank_holiday_name(dt.date(2026, 12, 28)),
      bank_holidays_version(), len(_code_digest()), "holidays" in sys.modules)
"""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path,
                         timeout=120, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["2027-01-05", "Boxing", "Day", "(observed)", holidays.__version__, "64",
                                  "False"]
