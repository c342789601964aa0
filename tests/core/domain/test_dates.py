"""The one date toolkit (casebook.domain.dates): month arithmetic and the UK long date."""

from __future__ import annotations

import calendar
import datetime as dt
import re

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from casebook.domain.dates import (
    add_months,
    add_years,
    days_in_month,
    end_of_month,
    format_date,
    month_year,
    short_month_year,
    uk_date,
)

DATES = st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2300, 12, 31))
MONTHS = st.integers(-1200, 1200)


@given(DATES, MONTHS)
def test_add_months_agrees_with_relativedelta(d, months):
    assert add_months(d, months) == d + relativedelta(months=months)


@given(DATES, MONTHS)
def test_add_months_is_the_corresponding_date_or_the_month_end(d, months):
    out = add_months(d, months)
    assert (out.year * 12 + out.month) - (d.year * 12 + d.month) == months
    assert out.day == min(d.day, calendar.monthrange(out.year, out.month)[1])


@given(DATES, st.integers(-400, 400), st.integers(-400, 400))
def test_add_months_composes_below_the_29th(d, a, b):
    d = d.replace(day=min(d.day, 28))
    assert add_months(add_months(d, a), b) == add_months(d, a + b)


@given(DATES, st.integers(-100, 100))
def test_add_years_is_twelve_months(d, years):
    assert add_years(d, years) == add_months(d, 12 * years) == d + relativedelta(years=years)


@pytest.mark.parametrize(("start", "months", "expected"), [
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2026, 1, 31), 3, dt.date(2026, 4, 30)),
    (dt.date(2024, 2, 29), 36, dt.date(2027, 2, 28)),
    (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
    (dt.date(2026, 12, 2), 0, dt.date(2026, 12, 2)),
])
def test_add_months_examples(start, months, expected):
    assert add_months(start, months) == expected


@given(DATES)
def test_month_helpers(d):
    assert days_in_month(d.year, d.month) == calendar.monthrange(d.year, d.month)[1]
    assert end_of_month(d) == d.replace(day=calendar.monthrange(d.year, d.month)[1])


@given(DATES)
def test_uk_date_reads_back_as_the_same_day(d):
    text = uk_date(d)
    assert re.fullmatch(r"[1-9]\d? [A-Z][a-z]+ \d{4}", text)
    assert dt.datetime.strptime(text, "%d %B %Y").date() == d  # C locale: English month names
    assert format_date(d) == text
    assert month_year(d) == text.split(" ", 1)[1]
    assert short_month_year(d) == f"{text.split(' ')[1][:3]} {d.year}"


def test_uk_date_examples():
    assert uk_date(dt.date(2026, 12, 2)) == "2 December 2026"
    assert format_date(dt.date(2024, 2, 29)) == "29 February 2024"
    assert format_date(None) == ""
    assert short_month_year(dt.date(2031, 11, 5)) == "Nov 2031"


NEEDLES = ("def add_months", "def add_years", "def uk_date", "def format_date", '"January"', "%B")


def test_there_is_one_date_toolkit():
    """Every other name for these is the same function, and nothing else defines its own."""
    import pathlib

    import casebook.deadlines as deadlines
    import casebook.deadlines.engine as deadline_engine
    import casebook.domain.validate as validate
    import casebook.sentencing.durations as durations
    from casebook.domain import dates

    assert validate.format_date is dates.format_date
    assert durations.uk_date is dates.uk_date and deadline_engine._fmt is dates.uk_date
    assert durations.add_months is deadlines.add_months is dates.add_months
    assert durations.add_years is deadlines.add_years is dates.add_years
    root = pathlib.Path(dates.__file__).resolve().parents[2]
    offenders = []
    for path in [*root.joinpath("casebook").rglob("*.py"), *root.joinpath("ui").rglob("*.py")]:
        if path.resolve() == pathlib.Path(dates.__file__).resolve():
            continue
        text = path.read_text(encoding="utf-8")
        for needle in NEEDLES:
            if needle in text:
                offenders.append(f"{path.relative_to(root)}: {needle}")
    assert offenders == []
