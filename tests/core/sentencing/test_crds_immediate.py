"""A sentence "released at once": where remand (and additional days) leave its release on or before its
sentence date (issue 13).

HMPPS's *Calculate Release Dates* service (CRDS) calls a sentence released at once where its adjusted release
date, additional days awarded in custody included and capped at the sentence date, IS the sentence date
(CRDS SentenceCalculation.isImmediateRelease, the same in every version read): remand of exactly one day
less than the custodial part (release on the sentence date itself) already counts, and additional days that
take the release past the sentence date undo it. The engine had it as "the release before additional days
falls before the sentence date". Each use follows the CRDS rule that reads it:

* HDC (CJA 2003 s.246): a later concurrent release moves the HDCED, unless every such release is at once;
  then only the latest released on its sentence date itself does (CRDS HdcedExtractionService,
  isImmediateCustodyRelease; an older version let no release at once move it: the visible suite's CRS-1541
  shows the newer one);
* TUSED (CJA 2003 s.256AA): from the sentence date where released at once, otherwise from the release
  before additional days (CRDS TusedCalculator.getInitialTused); where that is before the sentence date
  (additional days alone take the release past it), refused: the days CRDS counts are not settled;
* PED (CJA 2003 s.246A / Sentencing Act 2020 s.279), ERSED (CJA 2003 s.260) and default terms: a sentence
  released at once does not move the latest PED or ERSED (CRDS BookingExtractionService, the versions with
  SDS40 tranches; earlier ones did not test it, and the visible suite has no such case);
* DTO transfer dates (Sentencing Act 2020 s.241(4)-(5)): none beside another sentence where an order is
  released at once (CRDS BookingExtractionService).

CRDS's own unit tests for these rules (HdcedExtractionServiceTest) mock the release dates rather than build
bookings, so the cases below are worked by hand from the statute and the CRDS rule.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from casebook.sentencing import NotSupported, calculate
from casebook.sentencing.durations import Term
from casebook.sentencing.model import AdjustmentIn, BookingIn, SentenceIn

SA = date(2023, 5, 2)
ADULT = date(1990, 1, 1)


def sds(sa, term, ident, **kw):
    return SentenceIn("SDS", sa, term, offence_date=date(2023, 1, 1) if sa > date(2023, 1, 1)
                      else date(2022, 12, 1), ident=ident, **kw)


def remand(days, applies=SA, kind="REMAND"):
    return AdjustmentIn(kind, days, applies_from=applies, from_date=date(2022, 11, 1),
                        to_date=date(2022, 11, 1))


def ada(days, on):
    return AdjustmentIn("ADA", days, applies_from=on, from_date=on)


def dates(booking):
    return calculate(booking).as_iso_dict()


# -- HDC: a concurrent sentence released at once (CJA 2003 s.246; CRDS HdcedExtractionService) -------------
# A: 12 months from 10 Jan 2023, eligible for HDC. B: 2 months from 2 May 2023 (61 days, release at one-half
# = 31 days: 1 Jun 2023 before remand), not eligible (under 12 weeks). The remand counts towards both.
def _a_and_b(rem, awarded=0):
    adj = [remand(rem)] + ([ada(awarded, SA)] if awarded else [])
    return BookingIn([sds(date(2023, 1, 10), Term(months=12), "a"), sds(SA, Term(months=2), "b")], adj,
                     date_of_birth=ADULT)


def _a_alone(rem, awarded=0):
    b = _a_and_b(rem, awarded)
    b.sentences = b.sentences[:1]
    # (credit applies from a sentence's own date: A's, once B is gone)
    b.adjustments = [replace(x, applies_from=date(2023, 1, 10)) if x.kind == "REMAND" else x
                     for x in b.adjustments]
    return dates(b)["HDCED"]


@pytest.mark.parametrize(("rem", "awarded", "expected"), [
    (29, 0, "2023-05-03"),   # B released 3 May (the day after its sentence date): not at once, HDCED moves
    (30, 0, "2023-05-02"),   # B released on 2 May itself: at once, but on its sentence date: HDCED moves
    (31, 5, "2023-05-06"),   # 1 May before additional days, 6 May with them: not at once, HDCED moves
])
def test_a_later_concurrent_release_moves_the_hdced(rem, awarded, expected):
    assert dates(_a_and_b(rem, awarded))["HDCED"] == expected


def test_a_release_at_once_before_the_sentence_date_leaves_the_hdced():
    # remand 31: B would be released 1 May, before its sentence date: released at once on 2 May, and the HDCED
    # is A's own (12 Mar 2023, A alone with the same remand).
    got = dates(_a_and_b(31))
    assert got["HDCED"] == _a_alone(31) == "2023-03-12"
    assert got["CRD"] == "2023-06-10"   # A: 10 Jan + 183 days − 1 = 11 Jul, − 31 days remand


@pytest.mark.parametrize(("rem", "expected"), [(29, "2023-05-03"), (30, "2023-05-02"), (31, "2023-03-17")])
def test_time_unlawfully_at_large_after_a_release_at_once_leaves_it_at_once(rem, expected):
    # 5 days unlawfully at large from 10 May, after B's release: A (still in custody) is 5 days later, HDCED
    # and CRD alike (A alone: HDCED 17 Mar with remand 31); B's release and so the outcome are as without it.
    b = _a_and_b(rem)
    b.adjustments.append(AdjustmentIn("UAL", 5, applies_from=date(2023, 5, 10), from_date=date(2023, 5, 10),
                                      to_date=date(2023, 5, 14)))
    assert dates(b)["HDCED"] == expected


def test_two_releases_at_once_on_the_same_day_one_on_the_sentence_date_is_refused():
    # B (2 months) released on 2 May itself, C (1 month, 31 days: 16 days, 17 May − 30 = 17 Apr) before it:
    # both released at once on 2 May. Which of the two CRDS takes is its list order: refused.
    b = _a_and_b(30)
    b.sentences.append(sds(SA, Term(months=1), "c"))
    with pytest.raises(NotSupported, match="released at once on the same day"):
        calculate(b)


# -- TUSED: from the sentence date where released at once (CJA 2003 s.256AA; CRDS TusedCalculator) ----------
# SDS 6 months from 2 May 2023: 184 days, one-half = 92 days: 1 Aug 2023 before remand.
def _six_months(rem, awarded):
    adj = [remand(rem)] + ([ada(awarded, SA)] if awarded else [])
    return BookingIn([sds(SA, Term(months=6), "s")], adj, date_of_birth=ADULT)


@pytest.mark.parametrize(("rem", "awarded", "crd", "tused"), [
    (91, 0, "2023-05-02", "2024-05-02"),   # release on the sentence date itself: from it
    (91, 3, "2023-05-05", "2024-05-02"),   # 2 May before additional days: from that release, the same day
    (92, 1, "2023-05-02", "2024-05-02"),   # 1 May, + 1 day = 2 May: at once, from the sentence date
    (93, 1, "2023-05-02", "2024-05-02"),   # 30 Apr, + 1 day = 1 May: at once
    (90, 5, "2023-05-08", "2024-05-03"),   # 3 May before additional days: from it
])
def test_top_up_supervision_of_a_release_at_once(rem, awarded, crd, tused):
    got = dates(_six_months(rem, awarded))
    assert (got["CRD"], got["TUSED"]) == (crd, tused)


@pytest.mark.parametrize(("rem", "awarded"), [(92, 2), (93, 5)])
def test_top_up_supervision_released_at_once_only_without_additional_days_is_refused(rem, awarded):
    # 1 May + 2 days = 3 May (30 Apr + 5 = 5 May): before the sentence date without the additional days, after
    # it with them, so not released at once for CRDS, which then counts from the release before additional
    # days (1 May 2024, 30 Apr 2024) — where the additional days it counts in custody are the engine's. The
    # engine had the sentence date (2 May 2024); not settled (and more additional days would make the date
    # earlier): refused.
    with pytest.raises(NotSupported, match="without its additional days but after it with them"):
        calculate(_six_months(rem, awarded))


def test_recalled_sentence_released_at_once_before_its_additional_days_only_is_refused():
    # SDS 6 months from 3 Mar 2023 (184 days, one-half 92: 2 Jun 2023), recall remand 92: first release 2 Mar,
    # the day before the sentence date (TUSED from the sentence date, 3 Mar 2024). With 2 additional days it
    # would be 4 Mar: which additional days CRDS counts for a recalled sentence's first release: not settled.
    sa = date(2023, 3, 3)
    s = SentenceIn("SDS", sa, Term(months=6), offence_date=date(2023, 1, 1), recall_type="STANDARD")
    b = BookingIn([s], [remand(92, sa, "RECALL_REMAND")], date_of_birth=ADULT, profile="sds-50",
                  return_to_custody=date(2023, 7, 1))
    assert dates(b)["TUSED"] == "2024-03-03"
    b.adjustments.append(ada(2, date(2023, 3, 10)))
    with pytest.raises(NotSupported, match="before its additional days but not after them"):
        calculate(b)


# -- PED: a concurrent release at once does not move it (CRDS BookingExtractionService) --------------------
# EDS 1 year + 1 year extension from 1 Nov 2022: custodial 365 days, PED at two-thirds = 244 days (2 Jul 2023
# before remand), release at the end of the custodial part (31 Oct 2023). SDS 6 months from 2 May 2023
# (92 days: 1 Aug 2023 before remand). The remand counts towards both.
@pytest.mark.parametrize(("rem", "awarded", "ped"), [
    (90, 0, "2023-05-03"),   # EDS PED 3 Apr; SDS released 3 May (not at once): PED moves to it
    (91, 0, "2023-04-02"),   # SDS released on 2 May itself: at once, the PED (2 Apr) stays
    (92, 3, "2023-05-04"),   # SDS 1 May + 3 days = 4 May: not at once; PED (1 Apr + 3 = 4 Apr) moves to 4 May
])
def test_parole_eligibility_beside_a_release_at_once(rem, awarded, ped):
    adj = [remand(rem)] + ([ada(awarded, SA)] if awarded else [])
    eds = SentenceIn("EDS", date(2022, 11, 1), Term(years=1), offence_date=date(2022, 3, 1),
                     extension=Term(years=1), ident="e")
    got = dates(BookingIn([eds, sds(SA, Term(months=6), "s")], adj, date_of_birth=ADULT))
    assert got["PED"] == ped


# -- ERSED beside a default term released at once (CJA 2003 s.260; CRDS BookingExtractionService) ----------
# SDS 18 months from 2 May 2023: 550 days, one-half 275 (31 Jan 2024 before remand); ERS50 at one-half of
# that, 138 days: 17 Sep 2023 before remand. Default term of 90 days from 1 Sep 2023: 45 days, 15 Oct 2023.
@pytest.mark.parametrize(("rem", "ersed"), [
    (43, "2023-09-02"),   # the default term released 2 Sep, after the ERSED (5 Aug): the ERSED moves to it
    (44, "2023-08-04"),   # released on 1 Sep itself, at once: the SDS's own ERSED, 17 Sep − 44 days
])
def test_early_removal_beside_a_default_term_released_at_once(rem, ersed):
    fine = SentenceIn("AFINE", date(2023, 9, 1), Term(days=90), offence_date=date(2023, 3, 1), ident="f",
                      fine_amount=500.0)
    b = BookingIn([sds(SA, Term(months=18), "s"), fine], [remand(rem, date(2023, 9, 1))],
                  date_of_birth=ADULT, calculate_ersed=True)
    assert dates(b)["ERSED"] == ersed


# -- DTO transfer dates beside another sentence (Sentencing Act 2020 s.241; CRDS BookingExtractionService) --
# DTOs of 6 months (184 days, mid-term 92: 1 Aug 2023) and 8 months (245 days, 123: 1 Sep 2023) from
# 2 May 2023, with an SDS of 12 months; aged 18 at the releases.
@pytest.mark.parametrize(("rem", "transfer"), [
    (90, {"MTD": "2023-06-03", "ETD": "2023-05-03", "LTD": "2023-07-03"}),   # 6 months: 3 May, not at once
    (91, {"MTD": "2023-06-02"}),   # the 6-month order released on 2 May itself, at once: no transfer dates
])
def test_dto_transfer_dates_where_an_order_is_released_at_once(rem, transfer):
    orders = [SentenceIn("DTO", SA, Term(months=m), offence_date=date(2023, 3, 1), ident=f"d{m}")
              for m in (6, 8)]
    b = BookingIn([*orders, sds(SA, Term(months=12), "s")], [remand(rem)], date_of_birth=date(2005, 1, 1))
    got = dates(b)
    assert {k: got[k] for k in ("MTD", "ETD", "LTD") if k in got} == transfer


def test_dto_released_at_once_before_additional_days_only_has_transfer_dates():
    # DTO 8 months from 2 May 2023 (mid-term 1 Sep before remand), remand 123 days: 1 May, before the sentence
    # date; 3 additional days awarded on 20 Apr (before that release) make it 4 May: not released at once, so
    # the transfer dates stand one month either side of the mid-term date.
    d = SentenceIn("DTO", SA, Term(months=8), offence_date=date(2023, 3, 1), ident="d")
    b = BookingIn([d, sds(SA, Term(months=12), "s")], [remand(123), ada(3, date(2023, 4, 20))],
                  date_of_birth=date(2005, 1, 1))
    got = dates(b)
    assert (got["MTD"], got["ETD"], got["LTD"]) == ("2023-05-04", "2023-04-04", "2023-06-04")
