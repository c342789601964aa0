"""Sentencing Act 2026 progression model and the HMPPS feature-toggled HDC rules, with hand-worked dates.

Profile "sds-progression-model-october": SDS at one-third, SDS+ at one-half; tranche 1 on 1 October 2026;
SDS40 (40%) for sentences outside the model. Day counts: a term is counted inclusively from the sentence
date; release = sentence date + ceil(days × fraction) − 1.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.sentencing import AdjustmentIn, BookingIn, InvalidBooking, NotSupported, SentenceIn, calculate
from casebook.sentencing import progression as PM
from casebook.sentencing import rules as R
from casebook.sentencing.durations import Term

PROFILE = "sds-progression-model-october"
TOGGLES = frozenset({"applyPostRecallRepealRules", "routePreProgressionExtinguishedSentenceToManual"})


def sds(sentenced_at: date, term: Term, **kw) -> SentenceIn:
    return SentenceIn(kind="SDS", sentenced_at=sentenced_at, term=term, offence_date=sentenced_at, **kw)


def calc(*sentences: SentenceIn, adjustments=(), toggles=TOGGLES, hdc=False) -> dict[str, date]:
    # As the HMPPS suite's progression cases do, the person is a registered sex offender (no HDC, CJA 2003
    # s.246(4)) unless ``hdc``.
    b = BookingIn(sentences=list(sentences), adjustments=list(adjustments), profile=PROFILE, toggles=toggles,
                  date_of_birth=date(2000, 1, 1), active_sex_offender=not hdc)
    return {k: v.date for k, v in calculate(b).dates.items()}


# ---- tranche table and allocation -------------------------------------------------------------------
def test_tranche_limits_are_inclusive_lengths_in_days():
    t = R.PROGRESSION_OCTOBER.tranches
    # 574 days is tranche 1, 575 days tranche 2 (CRDS SENTENCE_LENGTH_LESS_THAN_OR_EQUAL_TO 574).
    assert t[0].commencement == date(2026, 10, 1) and t[0].below_days == 575
    assert [x.below_days for x in t[:9]] == [575, 883, 1163, 1562, 2122, 2759, 3284, 3655, 4397]
    assert t[-1].commencement == date(2027, 6, 8) and t[-1].below_days is None


def test_chain_length_for_tranche_runs_each_term_from_the_end_of_the_last():
    c = date(2026, 10, 1)
    a = sds(date(2025, 3, 26), Term(years=2), ident="a")
    b = sds(date(2025, 3, 26), Term(years=2), ident="b", consecutive_to="a")
    # 26/3/2025 + 2 years ends 25/3/2027 (730 days); the next 2 years end 25/3/2029 (731 days, 2028 leap).
    assert PM.chain_days_for_tranche([a, b], c) == 730 + 731
    # a term imposed after commencement does not count towards the tranche
    late = sds(date(2026, 12, 1), Term(years=5), ident="c", consecutive_to="a")
    assert PM.chain_days_for_tranche([a, late], c) == 730


def test_who_is_in_the_model():
    assert PM.in_model(sds(date(2025, 1, 1), Term(years=3)))
    assert not PM.in_model(sds(date(2025, 1, 1), Term(years=3), section250=True))
    assert not PM.in_model(sds(date(2025, 1, 1), Term(years=3),
                               exclusions=frozenset({"PROGRESSION_MODEL_SCHEDULE_13_PART_3"})))
    # would be SDS+ if sentenced today: kept out
    assert not PM.in_model(sds(date(2020, 1, 28), Term(years=15), sds_plus_eligible=True))
    assert PM.in_model(sds(date(2023, 1, 1), Term(years=7), sds_plus=True, sds_plus_eligible=True))
    assert not PM.in_model(sds(date(2025, 1, 1), Term(years=3), recall_type="STANDARD"))
    # SDS40 exclusion markers do not keep a sentence out of the model
    assert PM.in_model(sds(date(2026, 6, 1), Term(years=5), exclusions=frozenset({"VIOLENT"})))


# ---- release points -----------------------------------------------------------------------------------
def test_violent_marker_is_still_one_third_and_no_tranche_default_when_after_the_tranche():
    # 5 years from 1/6/2026 = 1826 days; ceil(1826/3) = 609 → 1/6/2026 + 608 = 30/1/2028.
    # Tranche: 1826 ≤ 2121 → tranche 5 (12/1/2027); 30/1/2028 is after it, so it stands.
    d = calc(sds(date(2026, 6, 1), Term(years=5), exclusions=frozenset({"VIOLENT"})))
    assert d["CRD"] == date(2028, 1, 30)
    assert d["SLED"] == date(2031, 5, 31)


def test_release_defaults_to_the_tranche_date():
    # 40 months from 14/8/2025 = 1218 days. One-third: 406 → 23/9/2026. SDS40: ceil(487.2) = 488 → 14/12/2026.
    # 1218 ≤ 1561 → tranche 4 (8/12/2026): the old date is not before it, the new one is → 8/12/2026.
    d = calc(sds(date(2025, 8, 14), Term(months=40)))
    assert d["CRD"] == date(2026, 12, 8)
    assert d["SLED"] == date(2028, 12, 13)


def test_old_release_before_the_tranche_date_stands():
    # 48 months from 23/2/2025 = 1461 days; SDS40: ceil(584.4) = 585 → 30/9/2026, + 4 days UAL = 4/10/2026,
    # before tranche 4 (8/12/2026), so the SDS40 date stands.
    ual = AdjustmentIn("UAL", 4, date(2026, 9, 2), date(2026, 9, 2), date(2026, 9, 5))
    d = calc(sds(date(2025, 2, 23), Term(months=48)), adjustments=[ual])
    assert d["CRD"] == date(2026, 10, 4)


def test_ual_before_the_tranche_date_is_served_waiting_for_it():
    # 60 months from 18/4/2025 = 1826 days; one-third 609 → 17/12/2026; tranche 5 (12/1/2027).
    # UAL 5/1/2027-18/1/2027 (14 days) began before the tranche date: release stays 12/1/2027 and the
    # licence expiry moves by 14 days: 17/4/2030 + 14 = 1/5/2030.
    ual = AdjustmentIn("UAL", 14, date(2027, 1, 5), date(2027, 1, 5), date(2027, 1, 18))
    d = calc(sds(date(2025, 4, 18), Term(months=60)), adjustments=[ual])
    assert d["CRD"] == date(2027, 1, 12)
    assert d["SLED"] == date(2030, 5, 1)


def test_would_be_sds_plus_keeps_the_old_release_point():
    # 15 years from 28/1/2020 = 5479 days; violent 4 years+ so no SDS40: one-half 2740 → 29/7/2027.
    d = calc(sds(date(2020, 1, 28), Term(years=15), sds_plus_eligible=True,
                 exclusions=frozenset({"VIOLENT"})))
    assert d["CRD"] == date(2027, 7, 29)


def test_sds_plus_of_any_length_at_one_half():
    # SDS+ 8 years from 2/1/2027 (after commencement, no tranche) = 2922 days → 1461 → 2/1/2027 + 1460
    # = 1/1/2031 (at two-thirds it would be 1948 days → 2/5/2032).
    d = calc(sds(date(2027, 1, 2), Term(years=8), sds_plus=True, sds_plus_eligible=True))
    assert d["CRD"] == date(2031, 1, 1)


def test_consecutive_terms_either_side_of_commencement():
    # 3 years from 24/5/2026 (1095 days → 365) then 2 years from 24/5/2029 (731 days → 244), both one-third:
    # 609 days → 24/5/2026 + 608 = 22/1/2028.
    a = sds(date(2026, 5, 24), Term(years=3), ident="a", exclusions=frozenset({"VIOLENT"}))
    b = sds(date(2026, 12, 2), Term(years=2), ident="b", consecutive_to="a")
    d = calc(a, b)
    assert d["CRD"] == date(2028, 1, 22)
    assert d["SLED"] == date(2031, 5, 23)


# ---- HDC feature toggles ---------------------------------------------------------------------------------
def test_hdc_toggle_outcomes():
    adult = sds(date(2025, 12, 3), Term(years=2, months=6))
    s250 = sds(date(2025, 12, 5), Term(years=3, months=8), section250=True)
    fine = SentenceIn(kind="AFINE", sentenced_at=date(2026, 3, 2), term=Term(years=2))
    repeal, suspended = frozenset({"applyPostHdcedRepealRules"}), frozenset({"adultHdcSuspended"})
    assert PM.hdc_toggle_outcome([s250, fine], date(2027, 3, 2), repeal) == "keep"
    assert PM.hdc_toggle_outcome([adult], date(2026, 9, 2), repeal) == "remove"
    assert PM.hdc_toggle_outcome([adult], date(2026, 9, 1), repeal) == "depends"
    assert PM.hdc_toggle_outcome([adult], date(2026, 5, 5), suspended) == "remove"
    assert PM.hdc_toggle_outcome([s250], date(2026, 5, 5), suspended) == "keep"


def test_hdced_is_the_one_worked_out_before_the_model():
    # 2 years 6 months from 3/12/2025 = 913 days (3/12/2025 – 2/6/2028). Before the model (SDS40): release
    # at 40%, ceil(365.2) = 366 days; HDC under the 365-day rules (sentenced after 3/6/2025, SI 2024/1331):
    # 366 is under the 730-day mid-point, so max(28, ceil(366 / 2)) = 183 days → 3/12/2025 + 183 = 4/6/2026
    # (to 31/12 is 28, 31/1 59, 28/2 87, 31/3 118, 30/4 148, 31/5 179, + 4).
    # Under the model: one-third, ceil(913 / 3) = 305 days → 3/10/2026, before the tranche for 883–1162
    # days (tranche 3, 10/11/2026): CRD 10/11/2026. The HDCED is the one before the model (CRDS
    # SDSProgressionModelFinalDatesService), 4/6/2026 — not the model's own (ceil(305 / 2) = 153 days →
    # 5/5/2026), and not moved to the tranche date.
    d = calc(sds(date(2025, 12, 3), Term(years=2, months=6)), hdc=True)
    assert d["HDCED"] == date(2026, 6, 4) and d["CRD"] == date(2026, 11, 10)


@settings(max_examples=40, deadline=None)
@given(sa=st.dates(date(2025, 6, 3), date(2026, 9, 30)), months=st.integers(6, 40))
def test_hdced_under_the_model_equals_the_hdced_before_it(sa, months):
    # Property: for one HDC-eligible term imposed before the model commenced, the HDCED with the model in
    # force is the HDCED the same booking has under the rules before it (calculation-params).
    s = sds(sa, Term(months=months))
    try:
        with_model = calc(s, hdc=True)
    except (NotSupported, InvalidBooking):
        return
    before = BookingIn(sentences=[s], profile="calculation-params", toggles=TOGGLES,
                       date_of_birth=date(2000, 1, 1))
    expected = calculate(before).dates.get("HDCED")
    assert with_model.get("HDCED") == (expected.date if expected else None)


def test_adult_hdc_suspended_removes_the_hdced():
    # As above, suspended (HMPPS adultHdcSuspended): no HDCED; the CRD is the model's, 10/11/2026.
    s = sds(date(2025, 12, 3), Term(years=2, months=6))
    d = calc(s, toggles=TOGGLES | {"adultHdcSuspended"}, hdc=True)
    assert "HDCED" not in d and d["CRD"] == date(2026, 11, 10)


def test_hdc_repeal_removes_the_hdced_before_the_model_and_the_models_own_does_not_replace_it():
    # 7 years 9 months from 27/5/2026 = 2833 days (to 26/2/2034); 540 days' remand.
    # Before the model (SDS40): ceil(0.4 × 2833) = 1134 days − 540 → CRD 10/1/2028; HDC (365-day rules):
    # CRD − 364 → HDCED 11/1/2027, after the adult HDC repeal (2 September 2026): repealed, none.
    # Under the model: ceil(2833 / 3) = 945 − 540 → CRD 5/7/2027 (tranche 7, 9/3/2027, is earlier); its own
    # HDCED would be 6/7/2026 — before the repeal date, but worked out under a model that commenced after
    # the repeal: no one could be released on it. It was refused as "depends on the date of calculation";
    # HMPPS gives no HDCED (suite case crs-2761), and the law gives none: the HDCED before the model is
    # the only one that can stand, and the repeal took it.
    s = sds(date(2026, 5, 27), Term(years=7, months=9))
    remand = [AdjustmentIn("REMAND", 540, date(2026, 5, 27))]
    d = calc(s, adjustments=remand, toggles=frozenset({"applyPostHdcedRepealRules"}), hdc=True)
    assert "HDCED" not in d and d["CRD"] == date(2027, 7, 5)
    # Without the repeal the HDCED before the model stands.
    assert calc(s, adjustments=remand, toggles=frozenset(), hdc=True)["HDCED"] == date(2027, 1, 11)


def test_hdc_repeal_with_an_hdced_before_the_repeal_date_is_refused():
    # 2 years 6 months from 3/12/2025, HDCED 4/6/2026 before the model (see above), before 2 September
    # 2026: HMPPS keeps it when it calculates before that date and removes it on or after; a booking
    # carries no calculation date, so this is refused rather than guessed.
    with pytest.raises(NotSupported, match="date of the calculation"):
        calc(sds(date(2025, 12, 3), Term(years=2, months=6)),
             toggles=frozenset({"applyPostHdcedRepealRules"}), hdc=True)


# ---- ERSED from the pre-ERS30 snapshot (feature toggle useLatestErsedFromPreErs30Snapshot) -----------------
def test_chain_spanning_ers30_keeps_its_pre_ers30_date_with_the_toggle():
    # 4 years (violent, so one-half) from 5/2/2024 = 1461 days → 731 days; then 18 months imposed 8/10/2025
    # (after ERS30 commenced) at 40%: 546 days → 219; release 11/9/2026.
    # Chain ERS30: 30% of 950 = 285 days → 16/11/2024. Snapshot (4 years alone) ERS50: later of
    # (4/2/2026 − 544 days = 9/8/2024) and 5/2/2024 + ceil(731/2) = 366 → 5/2/2025, before 23/9/2025: stands.
    a = SentenceIn(kind="SDS", sentenced_at=date(2024, 2, 5), term=Term(years=4),
                   offence_date=date(2024, 2, 5),
                   ident="a", exclusions=frozenset({"VIOLENT"}))
    b = SentenceIn(kind="SDS", sentenced_at=date(2025, 10, 8), term=Term(years=1, months=6),
                   offence_date=date(2025, 10, 8), ident="b", consecutive_to="a")

    def ersed(toggles):
        bk = BookingIn(sentences=[a, b], profile="calculation-params", calculate_ersed=True, toggles=toggles,
                       date_of_birth=date(1990, 1, 1))
        return calculate(bk).dates["ERSED"].date

    assert ersed(frozenset()) == date(2024, 11, 16)
    assert ersed(frozenset({"useLatestErsedFromPreErs30Snapshot"})) == date(2025, 2, 5)


# ---- feature toggles in general ----------------------------------------------------------------------------
def test_unknown_feature_toggle_is_refused():
    with pytest.raises(NotSupported):
        calc(sds(date(2025, 8, 14), Term(months=40)), toggles=TOGGLES | {"someNewRuleSet"})


def test_schedule_exclusion_routed_to_manual_only_with_its_toggle():
    s = sds(date(2026, 5, 1), Term(years=3), exclusions=frozenset({"SA2026_PROGRESSION_MODEL_SCHEDULE"}))
    # excluded from the model, so SDS40: 3 years from 1/5/2026 = 1096 days (2028 is a leap year);
    # ceil(1096 × 2/5) = 439 → 1/5/2026 + 438 = 13/7/2027.
    assert calc(s)["CRD"] == date(2027, 7, 13)
    with pytest.raises(NotSupported):
        calc(s, toggles=TOGGLES | {"routeProgressionModelScheduleExclusionToManual"})


def test_pre_ora_short_term_in_the_model_is_released_on_licence():
    # 10 months from 17/7/2026 for an offence in 2014: before the model an ARD/SED; in it a CRD/SLED.
    s = SentenceIn(kind="SDS", sentenced_at=date(2026, 7, 17), term=Term(months=10),
                   offence_date=date(2014, 10, 13))
    d = calc(s)
    assert "CRD" in d and "SLED" in d and "ARD" not in d
    # kept out of the model (Schedule 13 Part 3 marker): unconditional release as before
    x = SentenceIn(kind="SDS", sentenced_at=date(2026, 7, 17), term=Term(months=10),
                   offence_date=date(2014, 10, 13),
                   exclusions=frozenset({"PROGRESSION_MODEL_SCHEDULE_13_PART_3"}))
    d = calc(x)
    assert "ARD" in d and "SED" in d


def test_ual_on_licence_after_a_tranche_release_does_not_move_it():
    # 6 months from 30/7/2026 = 184 days; one-third 62 → 29/9/2026, before tranche 1 (1/10/2026; 184 ≤ 574);
    # SDS40 74 → 11/10/2026 is not before it: released 1/10/2026. UAL from 14/10/2026 is after that
    # release (on licence, no recall): it moves neither the release nor the expiry.
    ual = AdjustmentIn("UAL", 20, date(2026, 10, 14), date(2026, 10, 14), date(2026, 11, 2))
    d = calc(sds(date(2026, 7, 30), Term(months=6)), adjustments=[ual])
    assert d["CRD"] == date(2026, 10, 1)
    assert d["SLED"] == date(2027, 1, 29)


def test_released_before_commencement_no_ped_appears():
    # EDS and SDS both released long before the progression model: the dates are the old ones, no PED is
    # defaulted to a tranche date after release.
    eds = SentenceIn(kind="EDS", sentenced_at=date(2016, 1, 1), term=Term(years=2), extension=Term(years=2),
                     offence_date=date(2016, 1, 1))
    s = sds(date(2016, 1, 1), Term(years=6))
    d = calc(eds, s)
    assert "PED" not in d and d["CRD"] < date(2026, 10, 1)


def test_concurrent_sentence_after_commencement_is_under_the_model_in_the_comparison():
    # 9 years from 1/8/2023 = 3288 days (tranche 8, 13/4/2027): SDS40 ceil(1315.2) = 1316 → 8/3/2027;
    # one-third
    # 1096 → 31/7/2026. Concurrent 9 months from 4/1/2027 (after commencement) = 273 days: one-third 91 →
    # 4/4/2027; 40% ceil(109.2) = 110 → 23/4/2027. Before the model (the later sentence already under it):
    # latest of 8/3/2027 and 4/4/2027 = 4/4/2027, before the tranche date, so it stands (not 13/4/2027).
    old = sds(date(2023, 8, 1), Term(years=9))
    new = sds(date(2027, 1, 4), Term(months=9))
    assert calc(old, new)["CRD"] == date(2027, 4, 4)


def test_snapshot_ersed_is_marked_unconfirmed():
    a = SentenceIn(kind="SDS", sentenced_at=date(2024, 2, 5), term=Term(years=4),
                   offence_date=date(2024, 2, 5),
                   ident="a", exclusions=frozenset({"VIOLENT"}))
    b = SentenceIn(kind="SDS", sentenced_at=date(2025, 10, 8), term=Term(years=1, months=6),
                   offence_date=date(2025, 10, 8), ident="b", consecutive_to="a")
    bk = BookingIn(sentences=[a, b], profile="calculation-params", calculate_ersed=True,
                   toggles=frozenset({"useLatestErsedFromPreErs30Snapshot"}), date_of_birth=date(1990, 1, 1))
    assert calculate(bk).dates["ERSED"].confirmed is False


def test_progression_dates_are_marked_unconfirmed():
    d = calculate(BookingIn(sentences=[sds(date(2026, 6, 1), Term(years=5))], profile=PROFILE,
                            toggles=TOGGLES))
    assert d.dates["CRD"].confirmed is False
    # the concurrent case where the before-model comparison (new sentence at the new rate) governs
    old = sds(date(2023, 8, 1), Term(years=9))
    new = sds(date(2027, 1, 4), Term(months=9))
    d = calculate(BookingIn(sentences=[old, new], profile=PROFILE, toggles=TOGGLES))
    assert d.dates["CRD"].date == date(2027, 4, 4) and d.dates["CRD"].confirmed is False
