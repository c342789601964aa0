"""56-day fixed-term recall (Sentencing Act 2026): which tranche date a re-release waits for (issue 13).

The rule, as HMPPS applies it (CRDS FTR56TrancheSelectionStrategy and TrancheAllocationService, read for
the rule; our own code in ``casebook.sentencing.recalls``):

* the deciding lines are those with a 56-day recall whose sentence expiry falls after the LATEST licence
  revocation recorded on any 56-day recall, not revoked on 31 March 2026 itself, returned to custody on or
  before 31 March 2026; each counted from its first term imposed before 31 March 2026;
* no licence revocation recorded (or no deciding line): no tranche — the 56 days stand, with no tranche date
  to wait for;
* tranche dates by the longest deciding line: under 5 years 31 Mar 2026; 5 to under 6, 14 Apr; over 6 to
  under 7, 21 Apr; over 7 to 8 years exactly, 28 Apr; 10 years or more, 12 May. Exactly 6 or 7 years and
  over 8 to under 10 years are refused where the tranche date could decide the release.

Dates below are worked by hand (56 days counted from the day of return: return + 55 days).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.sentencing import NotSupported, calculate
from casebook.sentencing.durations import Term
from casebook.sentencing.model import BookingIn, SentenceIn


def ftr56(sa, term, revocation, *, ident="", cons=None):
    return SentenceIn("SDS", sa, term, offence_date=sa - timedelta(days=200), ident=ident,
                      consecutive_to=cons, recall_type="FTR56", revocation_date=revocation)


def booking(*sentences, rtc):
    return BookingIn(sentences=list(sentences), return_to_custody=rtc, date_of_birth=date(1990, 1, 1))


def prrd(b):
    return calculate(b).as_iso_dict()["PRRD"]


def test_no_revocation_recorded_means_no_tranche_to_wait_for():
    # 7 years 6 months from 10 Jan 2022 (expires 9 Jul 2029). Returned 20 Feb 2026, no revocation recorded:
    # HMPPS allocates no tranche (it selects by the latest revocation). 20 Feb + 55 days: to 28 Feb is 8,
    # to 31 Mar is 39, + 16 = 16 Apr 2026 — before the 28 April tranche a 7½-year term would otherwise wait
    # for, and it stands.
    b = booking(ftr56(date(2022, 1, 10), Term(years=7, months=6), None), rtc=date(2026, 2, 20))
    assert prrd(b) == "2026-04-16"


def test_the_same_recall_with_a_revocation_waits_for_its_tranche():
    # As above with the licence revoked 15 Feb 2026: the line expires after it and was returned before 31 Mar
    # 2026, so it decides: 7 years 6 months → over 7 to 8 years → 28 April 2026 (16 Apr is before it).
    b = booking(ftr56(date(2022, 1, 10), Term(years=7, months=6), date(2026, 2, 15)), rtc=date(2026, 2, 20))
    assert prrd(b) == "2026-04-28"


def test_no_tranche_and_56_days_ending_before_commencement_is_refused():
    # Returned 10 Jan 2026 with no revocation: 10 Jan + 55 = 6 Mar 2026, before 56-day recall commenced;
    # what HMPPS does then is not shown.
    b = booking(ftr56(date(2024, 1, 10), Term(years=3), None), rtc=date(2026, 1, 10))
    with pytest.raises(NotSupported, match="no FTR56 tranche"):
        calculate(b)


def test_a_line_expired_before_the_latest_revocation_does_not_decide():
    # Line 1: 9 years 6 months from 1 Jun 2016, recalled on a 56-day recall revoked 1 May 2019 (returned
    # and re-released then); adjusted expiry 30 Nov 2025. Line 2: 3 years from 1 Jun 2024 (expires 31 May
    # 2027), licence revoked 1 Feb 2026, returned 5 Feb 2026. The latest revocation is 1 Feb 2026; line 1
    # expired before it, so only line 2 decides: under 5 years → 31 March 2026. 5 Feb + 55 = 1 Apr 2026,
    # after 31 March: 1 April stands (the 9½-year line would have meant waiting to 12 May, refused or not).
    b = booking(ftr56(date(2016, 6, 1), Term(years=9, months=6), date(2019, 5, 1), ident="a"),
                ftr56(date(2024, 6, 1), Term(years=3), date(2026, 2, 1), ident="b"), rtc=date(2026, 2, 5))
    assert prrd(b) == "2026-04-01"


def test_revoked_on_the_commencement_day_is_outside_the_tranches():
    # Revoked and returned 31 Mar 2026 on a 12-year term: excluded from the tranche rules, so no tranche:
    # 31 Mar + 55 = 25 May 2026 (a 12-year line would otherwise wait for 12 May — earlier anyway).
    b = booking(ftr56(date(2020, 3, 1), Term(years=12), date(2026, 3, 31)), rtc=date(2026, 3, 31))
    assert prrd(b) == "2026-05-25"


def test_exactly_eight_years_is_in_the_28_april_tranche():
    # 3 years then 5 years consecutive from 14 Jan 2021: 8 years exactly. Revoked 2 Dec 2025, returned
    # 3 Dec 2025: 3 Dec + 55 = 26 Jan 2026, before the tranche: moves to 28 April 2026.
    b = booking(ftr56(date(2021, 1, 14), Term(months=36), date(2025, 12, 2), ident="a"),
                ftr56(date(2021, 1, 14), Term(years=5), date(2025, 12, 2), ident="b", cons="a"),
                rtc=date(2025, 12, 3))
    assert prrd(b) == "2026-04-28"


def test_over_eight_years_is_refused_where_the_tranche_decides():
    # 8 years 6 months: the 28 April or the 5 May tranche — not settled; 3 Dec + 55 = 26 Jan 2026 is before
    # both, so it decides.
    b = booking(ftr56(date(2021, 1, 14), Term(years=8, months=6), date(2025, 12, 2)), rtc=date(2025, 12, 3))
    with pytest.raises(NotSupported, match="tranche boundary"):
        calculate(b)


def test_ten_years_or_more_waits_for_the_last_tranche():
    # 10 years from 1 Feb 2020, revoked 1 Dec 2025, returned 3 Dec 2025: 26 Jan 2026 → 12 May 2026.
    b = booking(ftr56(date(2020, 2, 1), Term(years=10), date(2025, 12, 1)), rtc=date(2025, 12, 3))
    assert prrd(b) == "2026-05-12"


TRANCHE_BY_YEARS = {1: date(2026, 3, 31), 2: date(2026, 3, 31), 3: date(2026, 3, 31), 4: date(2026, 3, 31),
                    5: date(2026, 4, 14)}


@settings(max_examples=60, deadline=None)
@given(years=st.integers(1, 5), months=st.integers(1, 11),
       rtc=st.dates(date(2025, 9, 1), date(2026, 3, 31)), revoked_before=st.integers(0, 20))
def test_prrd_is_56_days_or_the_tranche_date_whichever_later(years, months, rtc, revoked_before):
    # Under 6 years (never a whole number of years here): re-release = the later of return + 55 days and the
    # tranche date (31 March under 5 years, 14 April for 5 years and more), never after expiry; with no
    # revocation recorded the 56 days stand (refused where they end before 31 March).
    # imposed so that the term runs to about 1 July 2026: still running at the return and the tranche dates
    sa = date(2026, 7, 1) - timedelta(days=365 * years + 30 * months)
    revocation = rtc - timedelta(days=revoked_before)
    s = ftr56(sa, Term(years=years, months=months), revocation)
    b = booking(s, rtc=rtc)
    got = date.fromisoformat(prrd(b))
    base = rtc + timedelta(days=55)
    expiry = date.fromisoformat(calculate(b).as_iso_dict()["SLED"])
    assert got == min(max(base, TRANCHE_BY_YEARS[years]), expiry)

    b2 = booking(ftr56(sa, Term(years=years, months=months), None), rtc=rtc)
    if base < date(2026, 3, 31):
        with pytest.raises(NotSupported):
            calculate(b2)
    else:
        assert date.fromisoformat(prrd(b2)) == min(base, expiry)
