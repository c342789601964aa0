"""Early removal scheme (ERS50 → ERS30 from 23 September 2025): hand-worked dates."""

from __future__ import annotations

from datetime import date, timedelta

from casebook.sentencing import BookingIn, SentenceIn, calculate
from casebook.sentencing.durations import Term
from casebook.sentencing.ers import ersed


def _release(sa: date, days: int) -> date:
    return sa + timedelta(days=days - 1)


def test_sentence_after_commencement_takes_30_percent():
    # 5 Jan 2026 + ceil(730 × 0.3) = 219 days = 12 Aug 2026 (release 4 Jan 2028 − 4 years is earlier).
    sa = date(2026, 1, 5)
    e = ersed([sa], sa, _release(sa, 730), 730, 0, 0, 0, "CRD")
    assert e.when == date(2026, 8, 12) and e.rule == "ERS30"


def test_ers30_no_more_than_four_years_before_release():
    # 5000 days to release: 30% is 1500 days (13 Feb 2030) but release 13 Sep 2039 − 4 years is later.
    sa = date(2026, 1, 5)
    assert ersed([sa], sa, _release(sa, 5000), 5000, 0, 0, 0, "CRD").when == date(2035, 9, 13)


def test_earlier_sentence_keeps_ers50_date_before_commencement():
    # 10 Jan 2024 + ceil(1000 / 2) = 500 days = 24 May 2025, before 23 Sep 2025: ERS50 stands.
    sa = date(2024, 1, 10)
    e = ersed([sa], sa, _release(sa, 1000), 1000, 0, 0, 0, "CRD")
    assert e.when == date(2025, 5, 24) and e.rule == "ERS"


def test_earlier_sentence_moves_to_commencement():
    # 1 Jun 2024: ERS50 = 1 Jun 2024 + 500 days = 14 Oct 2025 (after commencement); ERS30 = + 300 days =
    # 28 Mar 2025 (before it): so 23 Sep 2025.
    sa = date(2024, 6, 1)
    assert ersed([sa], sa, _release(sa, 1000), 1000, 0, 0, 0, "CRD").when == date(2025, 9, 23)


def test_earlier_sentence_after_commencement_under_both_takes_ers30_with_added_days():
    # 1 Mar 2025, 2000 days, 10 ADA: ERS50 = release 21 Aug 2030 − 544 days (after commencement);
    # ERS30 = 1 Mar 2025 + 600 + 10 days = 1 Nov 2026.
    sa = date(2025, 3, 1)
    assert ersed([sa], sa, _release(sa, 2000), 2000, 0, 0, 10, "CRD").when == date(2026, 11, 1)


def test_chain_spanning_commencement_is_ers30():
    sa = date(2025, 9, 1)
    e = ersed([sa, date(2025, 10, 1)], sa, _release(sa, 730), 730, 0, 0, 0, "CRD")
    assert e.when == date(2026, 4, 8) and e.rule == "ERS30"


def test_engine_gives_ersed_when_asked():
    # SDS 2 years from 5 Jan 2026 (SDS40: 292 days to CRD 23 Oct 2026): ERSED = + ceil(292 × 0.3) = 88 days.
    s = SentenceIn(kind="SDS", sentenced_at=date(2026, 1, 5), term=Term(years=2),
                   offence_date=date(2026, 1, 5))
    r = calculate(BookingIn(sentences=[s], calculate_ersed=True))
    assert r.dates["CRD"].date == date(2026, 10, 23)
    assert r.dates["ERSED"].date == date(2026, 4, 3)
    assert not r.dates["ERSED"].confirmed
