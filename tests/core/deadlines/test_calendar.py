"""Month arithmetic (corresponding-date rule) and England & Wales working days, hand-worked."""

from __future__ import annotations

import datetime as dt

import pytest

from casebook.deadlines import WorkingCalendar, add_months, add_years

D = dt.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 3, D(2026, 4, 30)),  # no 31 April: last day of April
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2023, 11, 30), 3, D(2024, 2, 29)),  # leap year
        (D(2022, 11, 30), 3, D(2023, 2, 28)),
        (D(2026, 11, 26), 3, D(2027, 2, 26)),  # corresponding date, across a year end
        (D(2026, 5, 31), 3, D(2026, 8, 31)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
    ],
)
def test_add_months_corresponding_date_rule(start, months, expected):
    assert add_months(start, months) == expected


def test_add_years_from_29_february():
    assert add_years(D(2024, 2, 29), 3) == D(2027, 2, 28)
    assert add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert add_years(D(2023, 3, 10), 5) == D(2028, 3, 10)


# England & Wales bank holidays as GOV.UK publishes them (written out by hand, not computed).
EW_2026 = [D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4), D(2026, 5, 25), D(2026, 8, 31),
           D(2026, 12, 25), D(2026, 12, 28)]  # fmt: skip
EW_2027 = [D(2027, 1, 1), D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 3), D(2027, 5, 31), D(2027, 8, 30),
           D(2027, 12, 27), D(2027, 12, 28)]  # fmt: skip


@pytest.mark.parametrize("day", EW_2026 + EW_2027 + [D(2028, 1, 3), D(2022, 9, 19), D(2023, 5, 8)])
def test_bank_holidays_are_not_working_days(day):
    cal = WorkingCalendar()
    assert cal.is_bank_holiday(day)
    assert not cal.is_working_day(day)


@pytest.mark.parametrize("day", [D(2026, 11, 26), D(2026, 12, 24), D(2026, 12, 29), D(2027, 1, 4)])
def test_ordinary_weekdays_are_working_days(day):
    assert WorkingCalendar().is_working_day(day)


def test_weekends_are_not_working_days():
    cal = WorkingCalendar()
    assert not cal.is_working_day(D(2026, 11, 28))  # Saturday
    assert not cal.is_working_day(D(2026, 11, 29))  # Sunday


def test_next_and_previous_working_day_around_christmas_2026():
    cal = WorkingCalendar()
    # Fri 25 Dec (Christmas), Sat, Sun, Mon 28 Dec (Boxing Day substitute) → Tue 29 Dec.
    assert cal.next_working_day(D(2026, 12, 25)) == D(2026, 12, 29)
    assert cal.previous_working_day(D(2026, 12, 28)) == D(2026, 12, 24)
    assert cal.next_working_day(D(2026, 12, 24)) == D(2026, 12, 24)


def test_add_working_days_over_christmas():
    cal = WorkingCalendar()
    # From Thu 24 Dec 2026: 29, 30, 31 Dec, (1 Jan holiday), 4 Jan, 5 Jan.
    assert cal.add_working_days(D(2026, 12, 24), 5) == D(2027, 1, 5)
    assert cal.add_working_days(D(2027, 1, 5), -5) == D(2026, 12, 24)


def test_user_overrides_remove_and_add_days():
    removed = WorkingCalendar(removed=[D(2027, 1, 1)])
    assert removed.is_working_day(D(2027, 1, 1))
    assert removed.add_working_days(D(2026, 12, 24), 5) == D(2027, 1, 4)
    extra = WorkingCalendar(extra_non_working=[D(2026, 12, 29)])
    assert not extra.is_working_day(D(2026, 12, 29))
    assert extra.add_working_days(D(2026, 12, 24), 5) == D(2027, 1, 6)
    # A removed bank holiday that falls on a weekend is still not a working day.
    assert not WorkingCalendar(removed=[D(2026, 12, 26)]).is_working_day(D(2026, 12, 26))


def test_bank_holiday_name():
    assert "Christmas" in WorkingCalendar().bank_holiday_name(D(2026, 12, 25))
    assert WorkingCalendar().bank_holiday_name(D(2026, 12, 24)) is None
