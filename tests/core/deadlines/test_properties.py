"""Properties that hold for any date (hypothesis)."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.deadlines import WorkingCalendar, add_months, default_rules, due_date

dates = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2035, 12, 31))
CAL = WorkingCalendar()
AFTER_RULES = [r for r in default_rules().rules if r.direction == "after" and r.roll != "never"]
FIXED_RULES = [r for r in default_rules().rules if r.roll == "never"]
BEFORE_RULES = [r for r in default_rules().rules if r.direction == "before"]


@settings(max_examples=100, deadline=None)
@given(dates, st.sampled_from(FIXED_RULES))
def test_a_date_fixed_by_statute_is_never_rolled(start, rule):
    assert due_date(rule, start, CAL, roll_non_working=True) == due_date(rule, start, CAL)


@settings(max_examples=300, deadline=None)
@given(dates, st.sampled_from(AFTER_RULES))
def test_rolled_forward_due_is_never_earlier_and_is_the_first_working_day(start, rule):
    plain, _ = due_date(rule, start, CAL)
    rolled, rolled_from = due_date(rule, start, CAL, roll_non_working=True)
    assert rolled >= plain
    assert CAL.is_working_day(rolled)
    # No working day is skipped between the plain date and the rolled one.
    day = plain
    while day < rolled:
        assert not CAL.is_working_day(day)
        day += dt.timedelta(days=1)
    assert (rolled_from is None) == (rolled == plain)


@settings(max_examples=200, deadline=None)
@given(dates, st.sampled_from(BEFORE_RULES))
def test_before_rules_roll_back_never_later(start, rule):
    plain, _ = due_date(rule, start, CAL)
    rolled, _ = due_date(rule, start, CAL, roll_non_working=True)
    assert rolled <= plain < start
    assert CAL.is_working_day(rolled)


@settings(max_examples=300, deadline=None)
@given(dates, st.integers(min_value=-60, max_value=60))
def test_add_months_corresponding_date_or_month_end(start, months):
    got = add_months(start, months)
    assert (got.year * 12 + got.month) - (start.year * 12 + start.month) == months
    if got.day != start.day:
        assert got.day < start.day
        assert (got + dt.timedelta(days=1)).day == 1  # last day of its month


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(min_value=1, max_value=40))
def test_add_working_days_counts_exactly_n_working_days(start, n):
    end = CAL.add_working_days(start, n)
    assert CAL.is_working_day(end)
    days = (start + dt.timedelta(days=i) for i in itertools.count(1))
    between = list(itertools.takewhile(lambda d: d <= end, days))
    assert sum(CAL.is_working_day(d) for d in between) == n
