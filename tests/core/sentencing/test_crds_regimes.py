"""Release regimes and how they combine by tranche, checked against the facts of HMPPS's own Kotlin unit tests
(ministryofjustice/calculate-release-dates-api, src/test/kotlin: inline-built cases only).

Each test cites the CRDS unit test whose fact it carries and the law that makes the rule; the bookings are
our own, built so that the fact decides an observable date, and the arithmetic is worked in the comments (a
term counts inclusively from its sentence date; release = start + ceil(days × fraction) − 1; PSI 03/2015
para 5.5 for consecutive terms).

Regimes: standard (CJA 2003 s.244 one-half; s.244ZA SDS+ two-thirds), SDS40 (SI 2024/844, 40%; the
SI 2024/1331 exclusions from 16 December 2024) and the Sentencing Act 2026 progression model as HMPPS applies
it (one-third, SDS+ one-half; ten tranches from 1 October 2026; UNCONFIRMED).
"""

from __future__ import annotations

from datetime import date

import pytest

from casebook.sentencing import AdjustmentIn, BookingIn, SentenceIn, calculate
from casebook.sentencing import progression as PM
from casebook.sentencing.durations import Term
from casebook.sentencing.release_points import (
    FORTY,
    HALF,
    ONE_THIRD,
    PROGRESSION,
    SDS40,
    TWO_THIRDS,
    excluded_sds40,
    release_fraction,
)
from casebook.sentencing.terms import ceil_frac

PM_PROFILE = "sds-progression-model-october"
# As the HMPPS suite's progression cases run: top-up supervision repealed (its date under the model is
# refused where it would differ, tranches._check_tused_progression).
PM_TOGGLES = frozenset({"applyPostRecallRepealRules"})
S13 = frozenset({"PROGRESSION_MODEL_SCHEDULE_13_PART_3"})


def sds(sa: date, term: Term, ident: str = "", cons: str | None = None, **kw) -> SentenceIn:
    return SentenceIn("SDS", sa, term, offence_date=sa, ident=ident, consecutive_to=cons, **kw)


def eds(sa: date, term: Term, ext: Term, ident: str = "", cons: str | None = None) -> SentenceIn:
    return SentenceIn("EDS", sa, term, offence_date=sa, ident=ident, consecutive_to=cons, extension=ext)


def dates(*sentences: SentenceIn, adjustments=(), profile: str = "calculation-params", hdc: bool = False):
    b = BookingIn(sentences=list(sentences), adjustments=list(adjustments), profile=profile,
                  toggles=PM_TOGGLES if profile == PM_PROFILE else frozenset(),
                  date_of_birth=date(1990, 1, 1), active_sex_offender=not hdc)
    return calculate(b).as_iso_dict()


def remand(days: int, sa: date) -> AdjustmentIn:
    return AdjustmentIn("REMAND", days, sa)


# -- who each regime applies to ----------------------------------------------------------------------------
# CRDS EarlyReleaseSentenceFilterTest: SDS40 excludes SDS+, includes s.250 detention, and is excluded only by
# the original exclusion markers (sexual, violent, domestic abuse, national security, terrorism; SI 2024/844
# Sch.); the tranche 3 markers bite from 16 December 2024 (SI 2024/1331), the progression marker never.
def test_sds40_excludes_sds_plus_and_includes_section_250():
    sa = date(2024, 11, 1)
    assert release_fraction(sds(sa, Term(years=8), sds_plus=True, sds_plus_eligible=True), SDS40)[0] \
        == TWO_THIRDS   # CJA 2003 s.244ZA
    assert release_fraction(sds(sa, Term(years=5), section250=True), SDS40)[0] == FORTY


@pytest.mark.parametrize("marker, excluded", [
    ("SEXUAL", True), ("VIOLENT", True), ("DOMESTIC_ABUSE", True), ("NATIONAL_SECURITY", True),
    ("TERRORISM", True), ("SEXUAL_T3", False), ("DOMESTIC_ABUSE_T3", False), ("MURDER_T3", False),
    ("PROGRESSION_MODEL_SCHEDULE_13_PART_3", False),
])
def test_sds40_original_exclusions_only(marker, excluded):
    # sentenced in 2000, before the tranche 3 exclusions could apply at sentence
    s = sds(date(2000, 1, 1), Term(years=5), exclusions=frozenset({marker}))
    assert excluded_sds40(s) is excluded
    assert release_fraction(s, SDS40)[0] == (HALF if excluded else FORTY)


@pytest.mark.parametrize("marker", ["SEXUAL_T3", "DOMESTIC_ABUSE_T3", "MURDER_T3"])
def test_tranche_3_markers_exclude_sentences_from_16_december_2024(marker):
    # CRDS EarlyReleaseSentenceFilterTest (SDS_40_ADDITIONAL_EXCLUDED_OFFENCES includes only the T3 markers);
    # SI 2024/1331: sentences imposed from 16 December 2024 for those offences are released at one-half.
    assert excluded_sds40(sds(date(2024, 12, 16), Term(years=5), exclusions=frozenset({marker})))
    assert not excluded_sds40(sds(date(2024, 12, 15), Term(years=5), exclusions=frozenset({marker})))


@pytest.mark.parametrize("marker", ["SEXUAL", "VIOLENT", "DOMESTIC_ABUSE", "NATIONAL_SECURITY", "TERRORISM",
                                    "SEXUAL_T3", "DOMESTIC_ABUSE_T3", "MURDER_T3"])
def test_progression_model_is_not_excluded_by_sds40_markers(marker):
    # CRDS EarlyReleaseSentenceFilterTest "SDS Progression Model should exclude only Schedule 13 Part 3"
    s = sds(date(2000, 1, 1), Term(years=5), exclusions=frozenset({marker}))
    assert PM.in_model(s) and release_fraction(s, PROGRESSION)[0] == ONE_THIRD


def test_who_the_progression_tranches_apply_to():
    # CRDS SDSLegislationTest.ProgressionModelTests (isSentenceSubjectToTraches): SDS and SDS+ yes; s.250
    # detention (with or without SDS+), a recalled sentence, EDS, SOPC, DTO, a sentence that would be SDS+ if
    # imposed today, and a Schedule 13 Part 3 offence no.
    sa, five = date(2000, 1, 1), Term(years=5)
    assert PM.in_model(sds(sa, five))
    assert PM.in_model(sds(sa, five, sds_plus=True, sds_plus_eligible=True))
    assert release_fraction(sds(sa, five, sds_plus=True, sds_plus_eligible=True), PROGRESSION)[0] == HALF
    assert not PM.in_model(sds(sa, five, section250=True))
    assert not PM.in_model(sds(sa, five, section250=True, sds_plus=True, sds_plus_eligible=True))
    assert not PM.in_model(sds(sa, five, recall_type="FTR56"))
    assert not PM.in_model(eds(sa, five, five))
    assert not PM.in_model(SentenceIn("SOPC", sa, five, offence_date=sa, extension=Term(years=1)))
    assert not PM.in_model(SentenceIn("DTO", sa, Term(months=12), offence_date=sa))
    assert not PM.in_model(sds(sa, five, sds_plus_eligible=True))
    assert not PM.in_model(sds(sa, five, exclusions=S13))


# -- release fractions round up ----------------------------------------------------------------------------
def test_release_days_round_up():
    # CRDS ReleaseMultiplierTest "apply to rounds using ceiling by default": one-half of 5 days is 3.
    assert ceil_frac(5, HALF) == 3
    # 5 days from 1 Jan 2020 (before SDS40): ceil(2.5) = 3 days → 3 Jan 2020.
    assert dates(sds(date(2020, 1, 1), Term(days=5)))["CRD"] == "2020-01-03"


# -- SDS40 tranche allocation (SI 2024/844 art.2-3) ---------------------------------------------------------
# CRDS TrancheAllocationServiceTest: a booking is in tranche 1 (10 Sep 2024) only if no sentence or
# consecutive line is 5 years or more; otherwise tranche 2 (22 Oct 2024). Each booking below is released at
# 40% between the two dates, so the tranche decides the CRD: tranche 1 keeps it, tranche 2 moves it to
# 22 Oct 2024 (the 50% date being after that).
def test_sds40_single_5_years_is_tranche_2():
    # 5 years from 31 Aug 2024 = 1,826 days; 40% → 731 days → 31 Aug 2026, − 699 days remand = 1 Oct 2024.
    # 50%: 913 days → 1 Mar 2027 − 699 = 31 Mar 2025, after tranche 2.
    sa = date(2024, 8, 31)
    assert dates(sds(sa, Term(years=5)), adjustments=[remand(699, sa)])["CRD"] == "2024-10-22"


def test_sds40_single_4_years_is_tranche_1():
    # 4 years from 31 Aug 2024 = 1,461 days; 40% → 585 days → 7 Apr 2026, − 565 days remand = 19 Sep 2024,
    # after tranche 1: it stands.
    sa = date(2024, 8, 31)
    assert dates(sds(sa, Term(years=4)), adjustments=[remand(565, sa)])["CRD"] == "2024-09-19"


def test_sds40_consecutive_line_of_5_years_is_tranche_2():
    # CRDS "Consecutive chain of 5 years gets tranche 2": 3 years from 10 Sep 2022 then 2 years imposed
    # consecutively on 10 Sep 2023 = 1,826 days; 40% → 731 days → 9 Sep 2024 (before tranche 1 even); 50% →
    # 913 days → 11 Mar 2025. Tranche 2: 22 Oct 2024 (tranche 1 would have given 10 Sep 2024).
    got = dates(sds(date(2022, 9, 10), Term(years=3), "a"), sds(date(2023, 9, 10), Term(years=2), "b", "a"))
    assert got["CRD"] == "2024-10-22" and got["SLED"] == "2027-09-09"


def test_sds40_consecutive_line_under_5_years_is_tranche_1():
    # CRDS "Consecutive chain of less than 5 years gets tranche 1": 3 years from 10 Sep 2023 then 1 year
    # imposed consecutively on 9 Sep 2024 = 1,461 days; 40% → 585 days → 16 Apr 2025, − 208 days remand =
    # 20 Sep 2024, after tranche 1: it stands (tranche 2 would have moved it to 22 Oct 2024).
    got = dates(sds(date(2023, 9, 10), Term(years=3), "a"), sds(date(2024, 9, 9), Term(years=1), "b", "a"),
                adjustments=[remand(208, date(2023, 9, 10))])
    assert got["CRD"] == "2024-09-20"


def test_sds40_61_months_is_tranche_2():
    # CRDS "SDS with early release track with 61 months gets tranche 2": 61 months from 9 Sep 2024 = 1,856
    # days; 40% → 743 days → 21 Sep 2026, − 720 days remand = 1 Oct 2024 → 22 Oct 2024.
    sa = date(2024, 9, 9)
    assert dates(sds(sa, Term(months=61)), adjustments=[remand(720, sa)])["CRD"] == "2024-10-22"


def test_sds40_defaulting_is_per_date_type():
    # CRDS SDSEarlyReleaseDefaultingRulesServiceTest "Should apply the rules at a date type level": 2 years
    # from 21 Mar 2024 (730 days). CRD at 40%: 292 days → 6 Jan 2025, after tranche 1: it stands. HDCED
    # (CJA 2003 s.246, 180-day rules; sentence date + custodial days − 180): at 40%, + 112 days → 11 Jul 2024,
    # before tranche 1; at 50%, + 185 days → 22 Sep 2024, after it: the HDCED moves to 10 Sep 2024.
    got = dates(sds(date(2024, 3, 21), Term(years=2)), hdc=True)
    assert got["CRD"] == "2025-01-06" and got["HDCED"] == "2024-09-10"
    # "should use standard release point if that is also before commencement": 20 days earlier the 50% HDCED
    # (1 Mar 2024 + 185 days = 2 Sep 2024) is itself before tranche 1 and stands.
    got = dates(sds(date(2024, 3, 1), Term(years=2)), hdc=True)
    assert got["CRD"] == "2024-12-17" and got["HDCED"] == "2024-09-02"


# -- progression-model tranche allocation --------------------------------------------------------------------
def test_progression_tranche_limit_is_inclusive():
    # CRDS SDSTrancheSelectionStrategyTest: a duration equal to the limit is not within the tranche; the
    # first tranche's limit is "less than or equal to 574 days" (so 575 days is tranche 2, 13 Oct 2026).
    # 574 days from 1 Apr 2026: one-third → 192 days → 9 Oct 2026, after tranche 1 (1 Oct 2026): stands.
    # 575 days: 192 days → 9 Oct 2026, before tranche 2: 13 Oct 2026. (40%: 230 days → 16 Nov 2026.)
    assert dates(sds(date(2026, 4, 1), Term(days=574)), profile=PM_PROFILE)["CRD"] == "2026-10-09"
    assert dates(sds(date(2026, 4, 1), Term(days=575)), profile=PM_PROFILE)["CRD"] == "2026-10-13"


# -- progression model: lines mixing release points (CRDS UnadjustedReleaseDate.getConsecutiveRelease) ----
# Terms without a PED are grouped by release fraction in order of first appearance, each group counted on from
# the notional release of the one before; extended terms come last. The model changes only the terms it
# applies to (CRDS ApplicableLegislation.applyToSentence): one kept out keeps its 40% (or one-half).
D = date(2025, 12, 1)


def test_model_term_then_section_250_term():
    # 3 years from 1 Dec 2025 (1,096 days, 2028 leap) × one-third = 366 → notional 1 Dec 2026; then s.250 3
    # years from 2 Dec 2026 (1,096 days) × 40% = 439: 805 days → 13 Feb 2028. Tranche: the line is 2,191
    # days → tranche 6 (9 Feb 2027), before it: the new release stands.
    got = dates(sds(D, Term(years=3), "a"), sds(D, Term(years=3), "b", "a", section250=True),
                profile=PM_PROFILE)
    assert got["CRD"] == "2028-02-13" and got["SLED"] == "2031-11-30"


def test_model_term_then_term_excluded_from_both_at_one_half():
    # The second term is outside the model (Schedule 13 Part 3) and outside SDS40 (violent, 4 years+):
    # 366 days, then 1,096 days × one-half = 548: 914 days → 1 Jun 2028.
    got = dates(sds(D, Term(years=3), "a"), sds(D, Term(years=3), "b", "a", exclusions=S13 | {"VIOLENT"}),
                profile=PM_PROFILE)
    assert got["CRD"] == "2028-06-01"


def test_model_kept_out_model_groups_the_model_terms_first():
    # 2 + 2 + 2 years from 1 Dec 2025; the first and third in the model, the middle one kept out (40%). The
    # model group is the first and third terms: 4 years = 1,461 days × one-third = 487 → notional 1 Apr 2027;
    # then the kept-out term from 2 Apr 2027: 2 years = 731 days × 40% = 293: 780 days → 19 Jan 2028.
    got = dates(sds(D, Term(years=2), "a"), sds(D, Term(years=2), "b", "a", exclusions=S13),
                sds(D, Term(years=2), "c", "b"), profile=PM_PROFILE)
    assert got["CRD"] == "2028-01-19"


def test_kept_out_model_kept_out_groups_the_kept_out_terms_first():
    # The same lengths, kept out / in / kept out (Schedule 13 Part 3, then s.250): 1,461 days × 40% = 585 →
    # notional 6 Jul 2027; then 2 years from 7 Jul 2027 = 731 days × one-third = 244: 829 days → 8 Mar 2028.
    got = dates(sds(D, Term(years=2), "a", exclusions=S13), sds(D, Term(years=2), "b", "a"),
                sds(D, Term(years=2), "c", "b", section250=True), profile=PM_PROFILE)
    assert got["CRD"] == "2028-03-08"


def test_sds_plus_in_the_model_groups_with_an_excluded_term_at_one_half():
    # SDS+ 4 years (one-half in the model) then a term kept out of the model and excluded from SDS40
    # (one-half): one group, 6 years = 2,191 days × one-half = 1,096 → 30 Nov 2028 (as the suite shows in
    # the reverse order).
    got = dates(sds(D, Term(years=4), "a", sds_plus=True, sds_plus_eligible=True),
                sds(D, Term(years=2), "b", "a", exclusions=S13 | {"VIOLENT"}), profile=PM_PROFILE)
    assert got["CRD"] == "2028-11-30"


def test_mixed_line_with_an_extended_term_last_or_first():
    # 2 years in the model, 2 years kept out (40%), EDS 3 years custodial + 4 extension (discretionary: PED at
    # two-thirds, release at the end of the custodial term). Non-PED groups: 730 × one-third = 244, then
    # 731 × 40% = 293 (537 days); the EDS from the day after: 1,096 days served in full → 1,633 days → 21 May
    # 2030; PED 537 + ceil(1,096 × 2/3) = 731 → 1,268 days → 21 May 2029. The EDS first gives the same.
    for line in ([sds(D, Term(years=2), "a"), sds(D, Term(years=2), "b", "a", exclusions=S13),
                  eds(D, Term(years=3), Term(years=4), "c", "b")],
                 [eds(D, Term(years=3), Term(years=4), "c"), sds(D, Term(years=2), "a", "c"),
                  sds(D, Term(years=2), "b", "a", exclusions=S13)]):
        got = dates(*line, profile=PM_PROFILE)
        assert got["CRD"] == "2030-05-21" and got["PED"] == "2029-05-21" and got["SLED"] == "2036-11-30"


def test_extended_term_between_two_model_terms():
    # 2 years (model), EDS 3 + 4, 2 years (model): the model terms are one group, 4 years = 1,461 × one-third
    # = 487; the EDS served in full, 1,096: 1,583 days → 1 Apr 2030; PED 487 + 731 = 1,218 → 1 Apr 2029.
    got = dates(sds(D, Term(years=2), "a"), eds(D, Term(years=3), Term(years=4), "c", "a"),
                sds(D, Term(years=2), "b", "c"), profile=PM_PROFILE)
    assert got["CRD"] == "2030-04-01" and got["PED"] == "2029-04-01"


def test_mixed_line_with_remand():
    # The model-then-s.250 line above (805 days → 13 Feb 2028) with 100 days remand: 5 Nov 2027; SLED
    # 30 Nov 2031 − 100 = 22 Aug 2031.
    got = dates(sds(D, Term(years=3), "a"), sds(D, Term(years=3), "b", "a", section250=True),
                adjustments=[remand(100, D)], profile=PM_PROFILE)
    assert got["CRD"] == "2027-11-05" and got["SLED"] == "2031-08-22"


def test_line_spanning_the_commencement_with_the_later_term_kept_out():
    # 3 years from 1 Mar 2026 (in the model, imposed before commencement), then s.250 2 years imposed
    # consecutively on 1 Nov 2026. Tranche: only terms imposed before commencement count, 1,096 days →
    # tranche 3 (10 Nov 2026). Under the model: 1,096 × one-third = 366 → notional 1 Mar 2027; then 731 × 40%
    # = 293 from 2 Mar 2027: 659 days → 19 Dec 2027, after the tranche date: it stands (before the model:
    # 1,827 × 40% = 731 days → 1 Mar 2028).
    got = dates(sds(date(2026, 3, 1), Term(years=3), "a"),
                sds(date(2026, 11, 1), Term(years=2), "b", "a", section250=True), profile=PM_PROFILE)
    assert got["CRD"] == "2027-12-19"


def test_line_spanning_the_commencement_with_the_earlier_term_kept_out():
    # s.250 3 years from 1 Mar 2026, then 2 years in the model imposed on 1 Nov 2026: no term in the model was
    # imposed before commencement, so no tranche applies. 1,096 × 40% = 439 → notional 13 May 2027; then
    # 731 × one-third = 244: 683 days → 12 Jan 2028.
    got = dates(sds(date(2026, 3, 1), Term(years=3), "a", section250=True),
                sds(date(2026, 11, 1), Term(years=2), "b", "a"), profile=PM_PROFILE)
    assert got["CRD"] == "2028-01-12"
