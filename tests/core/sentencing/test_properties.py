"""Property tests of the sentence arithmetic (hypothesis)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.sentencing import AdjustmentIn, BookingIn, InvalidBooking, NotSupported, SentenceIn, calculate
from casebook.sentencing.durations import Term, add_months, period_between
from casebook.sentencing.terms import aggregate_days

dates = st.dates(min_value=date(2006, 1, 1), max_value=date(2030, 12, 31))
terms = st.builds(Term, years=st.integers(0, 12), months=st.integers(0, 24), weeks=st.integers(0, 10),
                  days=st.integers(0, 60)).filter(lambda t: not t.is_zero)


def sds(sentenced_at: date, term: Term, **kw) -> SentenceIn:
    return SentenceIn(kind="SDS", sentenced_at=sentenced_at, term=term, offence_date=sentenced_at, **kw)


def booking(s: SentenceIn, remand: int = 0, profile: str = "sds-50") -> BookingIn:
    adj = [AdjustmentIn("REMAND", remand)] if remand else []
    return BookingIn(sentences=[s], adjustments=adj, profile=profile)


@given(dates, terms)
def test_length_counts_first_and_last_day(start, term):
    end = term.end_date(start)
    assert term.length_days(start) == (end - start).days + 1
    assert end >= start - timedelta(days=1)


@given(dates, st.integers(1, 30))
def test_whole_years_are_365_days_plus_the_leap_days(start, years):
    n = Term(years=years).length_days(start)
    assert 365 * years <= n <= 365 * years + (years + 3) // 4 + 1
    # Counting to the same date in the target year (or the month end) gives the same answer.
    assert n == (Term(years=years).end_date(start) - start).days + 1


def test_known_values_counted_by_hand():
    # PSI 03/2015 para 5.5 day counting, worked by hand (from the sentence date inclusive).
    assert Term(years=2).length_days(date(2020, 1, 1)) == 731
    assert Term(years=6).length_days(date(2020, 3, 15)) == 2191
    assert Term(months=30).length_days(date(2024, 10, 10)) == 912
    assert Term(months=30).end_date(date(2024, 10, 10)) == date(2027, 4, 9)


@given(st.integers(2000, 2040), st.integers(1, 12), st.integers(1, 120))
def test_term_from_the_first_of_a_month_ends_on_a_month_end(year, month, months):
    start = date(year, month, 1)
    end = Term(months=months).end_date(start)
    assert end.day == calendar.monthrange(end.year, end.month)[1]
    assert (end + timedelta(days=1)) == add_months(start, months)


@given(st.integers(2000, 2040))
def test_leap_day_month_arithmetic_clamps(year):
    # 31 January + 1 month is the last day of February; 29 February + 12 months is 28 February.
    assert add_months(date(year, 1, 31), 1).day == calendar.monthrange(year, 2)[1]
    if calendar.isleap(year):
        assert add_months(date(year, 2, 29), 12) == date(year + 1, 2, 28)


@given(dates, st.lists(terms, min_size=1, max_size=4))
def test_consecutive_days_are_at_least_the_longest_part(start, parts):
    total = aggregate_days(start, parts)
    assert total >= max(p.length_days(start) for p in parts) - 3  # month ends may shift a part by days
    assert total > 0


@given(dates, dates)
def test_period_between_round_trips(a, b):
    if b < a:
        a, b = b, a
    y, m, d = period_between(a, b)
    assert y >= 0 and 0 <= m < 12 and d >= 0
    assert add_months(a, 12 * y + m) + timedelta(days=d) == b


def _calc(s, remand=0, profile="sds-50"):
    try:
        return calculate(booking(s, remand, profile))
    except (NotSupported, InvalidBooking):   # refused, or remand longer than the custodial period
        return None


@settings(max_examples=150)
@given(dates, st.builds(Term, years=st.integers(1, 10), months=st.integers(0, 11)), st.integers(0, 200))
def test_more_remand_never_makes_release_later(start, term, remand):
    a = _calc(sds(start, term), remand)
    b = _calc(sds(start, term), remand + 1)
    if a is None or b is None:
        return
    rel_a = (a.dates.get("CRD") or a.dates.get("ARD")).date
    rel_b = (b.dates.get("CRD") or b.dates.get("ARD")).date
    assert rel_b <= rel_a
    if rel_b > start:   # not clamped to the sentence date (immediate release)
        assert rel_b == rel_a - timedelta(days=1)
    exp_a = (a.dates.get("SLED") or a.dates.get("SED")).date
    exp_b = (b.dates.get("SLED") or b.dates.get("SED")).date
    assert exp_b == exp_a - timedelta(days=1)
    # The effective sentence end date ignores remand.
    assert a.dates["ESED"].date == b.dates["ESED"].date


@settings(max_examples=150)
@given(dates, st.builds(Term, years=st.integers(1, 10), months=st.integers(0, 11)))
def test_release_is_half_way_rounded_up_and_before_expiry(start, term):
    r = _calc(sds(start, term))
    if r is None:
        return
    days = term.length_days(start)
    crd = (r.dates.get("CRD") or r.dates.get("ARD")).date
    assert (crd - start).days + 1 == -(-days // 2)
    assert crd < r.dates["ESED"].date
    assert r.dates["ESED"].date == start + timedelta(days=days - 1)


@settings(max_examples=100)
@given(dates.filter(lambda d: d >= date(2024, 12, 16)), st.builds(Term, years=st.integers(1, 4),
                                                                   months=st.integers(0, 11)))
def test_sds40_is_never_later_than_half(start, term):
    half = _calc(sds(start, term), profile="sds-50")
    forty = _calc(sds(start, term), profile="calculation-params")
    if half is None or forty is None:
        return
    assert forty.dates["CRD"].date <= half.dates["CRD"].date
    assert forty.dates["SLED"].date == half.dates["SLED"].date


@settings(max_examples=100)
@given(dates, st.builds(Term, years=st.integers(1, 10), months=st.integers(0, 11)))
def test_sds_plus_releases_no_earlier_than_standard(start, term):
    std = _calc(sds(start, term))
    plus = _calc(sds(start, term, sds_plus=True, sds_plus_eligible=True))
    if std is None or plus is None:
        return
    assert plus.dates["CRD"].date >= std.dates["CRD"].date
    assert "HDCED" not in plus.dates


@given(dates, terms)
def test_every_date_has_working(start, term):
    r = _calc(sds(start, term))
    if r is None:
        return
    for code, d in r.dates.items():
        assert d.code == code
        assert d.working.arithmetic and d.working.citation


def test_worked_examples_through_the_engine():
    # EDS 6y + 3y, 15 Mar 2020, 100 days remand: PED 5 Dec 2023, CRD 4 Dec 2025, SLED 4 Dec 2028.
    eds = SentenceIn(kind="EDS", sentenced_at=date(2020, 3, 15), term=Term(years=6), extension=Term(years=3),
                     offence_date=date(2019, 1, 1))
    r = calculate(BookingIn([eds], [AdjustmentIn("REMAND", 100)], profile="sds-50"))
    assert r.dates["PED"].date == date(2023, 12, 5)
    assert r.dates["CRD"].date == date(2025, 12, 4)
    assert r.dates["SLED"].date == date(2028, 12, 4)
    # SDS 30 months, 10 Oct 2024: CRD at 50% 8 Jan 2026; SED 9 Apr 2027.
    r = calculate(booking(sds(date(2024, 10, 10), Term(months=30))))
    assert r.dates["CRD"].date == date(2026, 1, 8)
    assert r.dates["SLED"].date == date(2027, 4, 9)
    # …and at 40% (sentenced after SDS40 commenced) 9 Oct 2025.
    r = calculate(booking(sds(date(2024, 10, 10), Term(months=30)), profile="calculation-params"))
    assert r.dates["CRD"].date == date(2025, 10, 9)
