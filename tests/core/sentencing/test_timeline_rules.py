"""Release and re-admission history, SDS40 tranche 3, mixed fixed-term recalls and additional days served:
hand-worked dates."""

from __future__ import annotations

from datetime import date

import pytest

from casebook.sentencing import AdjustmentIn, BookingIn, InvalidBooking, SentenceIn, calculate
from casebook.sentencing.durations import Term
from casebook.sentencing.model import Movement


def sds(sa: date, term: Term, **kw) -> SentenceIn:
    return SentenceIn(kind="SDS", sentenced_at=sa, term=term, offence_date=sa, **kw)


def crd(booking: BookingIn) -> date:
    return calculate(booking).dates["CRD"].date


# ---- out of prison when SDS40 commenced (SI 2024/844 art.3) ---------------------------------------------
TWO_YEARS_2024 = sds(date(2024, 1, 10), Term(years=2))   # 731 days: 50% = 366, 40% = 293


def test_in_prison_at_sds40_commencement_takes_40_percent():
    # 10 Jan 2024 + 293 − 1 = 28 Oct 2024 (after tranche 1, so it stands).
    assert crd(BookingIn([TWO_YEARS_2024])) == date(2024, 10, 28)


def test_released_on_hdc_before_sds40_keeps_one_half():
    # Out on HDC on 10 September 2024: 10 Jan 2024 + 366 − 1 = 9 Jan 2025.
    b = BookingIn([TWO_YEARS_2024], movements=(Movement(date(2024, 1, 10), "IN", "SENTENCE"),
                                               Movement(date(2024, 8, 1), "OUT", "HDC")))
    assert crd(b) == date(2025, 1, 9)


def test_unlawfully_at_large_over_commencement_still_takes_sds40():
    # Released (CRD) 1 Aug 2024 but UAL 20 Aug – 15 Sep 2024 over 10 Sep: SDS40 applies; 28 days UAL counted
    # (it began while in custody under the one-half point): 28 Oct 2024 + 27 days = 24 Nov 2024.
    b = BookingIn([TWO_YEARS_2024],
                  adjustments=[AdjustmentIn("UAL", 27, date(2024, 8, 20), date(2024, 8, 20),
                                            date(2024, 9, 15))],
                  movements=(Movement(date(2024, 1, 10), "IN", "SENTENCE"),
                             Movement(date(2024, 8, 1), "OUT", "CRD"),
                             Movement(date(2024, 9, 16), "IN", "RECALL")))
    assert crd(b) == date(2024, 11, 24)


def test_recorded_release_starts_a_new_period_without_the_earlier_remand():
    # sds-50. 12 months from 10 Jan 2023 (365 days, 183 to release) with 30 days remand: 11 Jul 2023 − 30 =
    # 11 Jun 2023. 3 months from 1 Jun 2023 (92 days, 46): 16 Jul 2023. Without a recorded release the
    # remand is shared (16 Jun 2023); released on HDC on 1 May 2023, it is not.
    first = sds(date(2023, 1, 10), Term(months=12))
    second = sds(date(2023, 6, 1), Term(months=3))
    remand = [AdjustmentIn("REMAND", 30, date(2023, 1, 10), date(2022, 12, 11), date(2023, 1, 9))]
    shared = BookingIn([first, second], adjustments=remand, profile="sds-50")
    assert crd(shared) == date(2023, 6, 16)
    released = BookingIn([first, second], adjustments=remand, profile="sds-50",
                         movements=(Movement(date(2023, 5, 1), "OUT", "HDC"),
                                    Movement(date(2023, 6, 1), "IN", "SENTENCE")))
    assert crd(released) == date(2023, 7, 16)


# ---- SDS40 tranche 3 exclusions (SI 2024/1331) -------------------------------------------------------------
def test_tranche_3_exclusion_in_custody_on_16_december_2024_returns_to_one_half():
    # 2 years from 1 Oct 2024 = 730 days. 40%: 292 → 19 Jul 2025 (in custody on 16 Dec 2024), so the
    # exclusion applies: 50% = 365 → 30 Sep 2025.
    s = sds(date(2024, 10, 1), Term(years=2))
    assert crd(BookingIn([s])) == date(2025, 7, 19)
    t3 = sds(date(2024, 10, 1), Term(years=2), exclusions=frozenset({"SEXUAL_T3"}))
    assert crd(BookingIn([t3])) == date(2025, 9, 30)


def test_tranche_3_exclusion_released_before_16_december_2024_keeps_40_percent():
    # 10 months from 1 Jun 2024 (to 31 Mar 2025, 304 days): 40% = 122 → 30 Sep 2024, released before
    # 16 Dec 2024: the exclusion does not bite (one-half would be 30 Oct 2024).
    t3 = sds(date(2024, 6, 1), Term(months=10), exclusions=frozenset({"SEXUAL_T3"}))
    assert crd(BookingIn([t3])) == date(2024, 9, 30)


# ---- fixed-term recall, 12-month and shorter sentences (CJA 2003 s.255B) --------------------------------
def test_mixed_fixed_term_recall_ends_with_the_shorter_sentence():
    # FTR28, return 12 Dec 2024. 12 months from 11 Dec 2023 expired 10 Dec 2024 (2 days before the return,
    # within 14 days), so the earlier of 12 Dec 2024 + 28 days (9 Jan 2025) and the 11-month sentence's
    # post-recall release (12 Dec 2024 + 27 = 8 Jan 2025, capped at its expiry 5 Jan 2025): 5 Jan 2025.
    a = sds(date(2023, 12, 11), Term(months=12), recall_type="FTR28")
    b = sds(date(2024, 2, 6), Term(months=11), recall_type="FTR28")
    r = calculate(BookingIn([a, b], return_to_custody=date(2024, 12, 12)))
    assert r.dates["PRRD"].date == date(2025, 1, 5)


def test_14_day_recall_on_a_live_12_month_sentence_is_invalid():
    a = sds(date(2024, 2, 6), Term(months=12), recall_type="FTR14")
    b = sds(date(2024, 2, 6), Term(months=11), recall_type="FTR14")
    with pytest.raises(InvalidBooking):
        calculate(BookingIn([a, b], return_to_custody=date(2024, 11, 11)))


# ---- additional days served before a later sentence --------------------------------------------------------
def test_additional_days_served_before_a_later_sentence_are_not_added_again():
    # sds-50. 12 months from 10 Jan 2020 (366 days, 183): release 10 Jul 2020, + 30 ADA = 9 Aug 2020.
    # 6 months from 25 Jul 2020 (184 days, 92): 24 Oct 2020. 14 of the 30 days were served between
    # 10 and 25 July, so 16 are added: 9 Nov 2020.
    first = sds(date(2020, 1, 10), Term(months=12))
    second = sds(date(2020, 7, 25), Term(months=6))
    b = BookingIn([first, second], adjustments=[AdjustmentIn("ADA", 30, date(2020, 3, 1))], profile="sds-50")
    assert crd(b) == date(2020, 11, 9)


# ---- default terms for fines of £10 million or more --------------------------------------------------------
def test_default_term_for_10_million_fine_from_june_2015_is_served_in_full():
    # 2 years from 10 Jan 2022 ends 9 Jan 2024: release at the end of the term, not at one-half (9 Jan 2023).
    big = SentenceIn(kind="AFINE", sentenced_at=date(2022, 1, 10), term=Term(years=2), fine_amount=11_000_000)
    r = calculate(BookingIn([big], profile="sds-50"))
    assert r.dates["ARD"].date == r.dates["SED"].date == date(2024, 1, 9)
    small = SentenceIn(kind="AFINE", sentenced_at=date(2022, 1, 10), term=Term(years=2),
                       fine_amount=9_000_000)
    assert calculate(BookingIn([small], profile="sds-50")).dates["ARD"].date == date(2023, 1, 9)


# ---- credit that uses up the custodial period --------------------------------------------------------------
def test_remand_equal_to_the_custodial_period_means_release_on_the_day_of_sentence():
    # 6 months from 4 Jun 2020 (183 days): one-half = 92 days; 92 days' remand → release on 4 Jun 2020.
    s = sds(date(2020, 6, 4), Term(months=6))
    b = BookingIn([s], adjustments=[AdjustmentIn("REMAND", 92, date(2020, 6, 4))], profile="sds-50")
    assert crd(b) == date(2020, 6, 4)
    # A day more than the custodial period cannot be right.
    b = BookingIn([s], adjustments=[AdjustmentIn("REMAND", 94, date(2020, 6, 4))], profile="sds-50")
    with pytest.raises(InvalidBooking):
        calculate(b)


# ---- consecutive lines -------------------------------------------------------------------------------------
def test_two_sentences_consecutive_to_one_run_concurrently_with_each_other():
    # 2 years from 6 Jan 2020, then 1 year and 6 months each consecutive to it: the longest line is 3 years,
    # 1,096 days (6 Jan 2020 – 5 Jan 2023); one-half = 548 → 6 Jul 2021.
    a = sds(date(2020, 1, 6), Term(years=2), ident="a")
    b = sds(date(2020, 1, 6), Term(years=1), ident="b", consecutive_to="a")
    c = sds(date(2020, 1, 6), Term(months=6), ident="c", consecutive_to="a")
    r = calculate(BookingIn([a, b, c], profile="sds-50"))
    assert r.dates["CRD"].date == date(2021, 7, 6)
    assert r.dates["SLED"].date == date(2023, 1, 5)


def test_default_term_consecutive_to_a_standard_sentence():
    # 1 year from 1 Mar 2021 (365 days) + 30-day default term: 395 days, one-half = 198 → 14 Sep 2021;
    # expiry 30 Mar 2022.
    s = sds(date(2021, 3, 1), Term(years=1), ident="s")
    f = SentenceIn(kind="AFINE", sentenced_at=date(2021, 3, 1), term=Term(days=30), ident="f",
                   consecutive_to="s")
    r = calculate(BookingIn([s, f], profile="sds-50"))
    assert r.dates["CRD"].date == date(2021, 9, 14)
    assert r.dates["SLED"].date == date(2022, 3, 30)


# ---- additional days and a detention and training order ----------------------------------------------------
def test_additional_days_after_a_dto_mid_term_are_not_added_to_it():
    # DTO 12 months from 10 Jan 2023 (365 days): mid-term 10 Jan 2023 + 183 − 1 = 11 Jul 2023. With a
    # concurrent 2-year term running on, 10 additional days awarded on 1 Sep 2023 move the CRD
    # (10 Jan 2024 → 20 Jan 2024) but not the mid-term; awarded on 1 Mar 2023 they move both.
    dto = SentenceIn(kind="DTO", sentenced_at=date(2023, 1, 10), term=Term(months=12),
                     offence_date=date(2023, 1, 1))
    s = sds(date(2023, 1, 10), Term(years=2))

    def dates(ada_on):
        b = BookingIn([dto, s], adjustments=[AdjustmentIn("ADA", 10, ada_on)], date_of_birth=date(2006, 1, 1),
                      profile="sds-50")
        r = calculate(b)
        return r.dates["MTD"].date, r.dates["CRD"].date

    assert dates(date(2023, 9, 1)) == (date(2023, 7, 11), date(2024, 1, 20))
    assert dates(date(2023, 3, 1)) == (date(2023, 7, 21), date(2024, 1, 20))


def test_additional_days_after_release_fall_to_a_sentence_after_unbroken_remand():
    # sds-50. 12 months from 11 Jan 2021: release 12 Jul 2021. Remanded without a break from 13 Jul to
    # 30 Sep 2021 (80 days) for a 6-month term from 1 Oct 2021 (182 days, 91 → 30 Dec 2021 − 80 = 11 Oct
    # 2021); 5 additional days awarded on 15 Aug 2021 fall to the new period: 16 Oct 2021.
    a = sds(date(2021, 1, 11), Term(months=12))
    b = sds(date(2021, 10, 1), Term(months=6))
    ada = AdjustmentIn("ADA", 5, date(2021, 8, 15))
    remand = AdjustmentIn("REMAND", 80, date(2021, 10, 1), date(2021, 7, 13), date(2021, 9, 30))
    assert crd(BookingIn([a, b], adjustments=[ada, remand], profile="sds-50")) == date(2021, 10, 16)
    # With a break (remanded only from 1 Sep 2021, 30 days) the days still fall to the next sentence: awarded
    # when no sentence of the booking was being served and none recalled, they are prospective (CRDS
    # TimelineAwardedAdjustmentCalculationHandler, PADA; Prison Rules 1999 r.55): 30 Dec 2021 − 30 + 5 = 5 Dec
    # 2021.
    remand = AdjustmentIn("REMAND", 30, date(2021, 10, 1), date(2021, 9, 1), date(2021, 9, 30))
    assert crd(BookingIn([a, b], adjustments=[ada, remand], profile="sds-50")) == date(2021, 12, 5)
