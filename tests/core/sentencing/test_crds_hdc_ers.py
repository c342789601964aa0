"""HDCED and ERSED cases translated from the HMPPS Calculate Release Dates service's own Kotlin unit tests.

Each case names its source ("CRDS unit test <File>.<test name>", in ministryofjustice/calculate-release-
dates-api; inline-built bookings only, nothing from its JSON test data) and the law that makes the rule. The
unit tests give the HMPPS calculator a mocked release point; where that release point is one a real sentence
has (one-half before SDS40), the case is run through the whole engine; where it is not (a fraction of 0.2
or 0.45), the HDC arithmetic is checked on one unit with that many days to release.
"""

from __future__ import annotations

from datetime import date

import pytest

from casebook.sentencing import NotSupported, calculate, hdc
from casebook.sentencing.adjustments import Adjustments
from casebook.sentencing.durations import Term
from casebook.sentencing.model import AdjustmentIn, BookingIn, SentenceIn
from casebook.sentencing.terms import plus_days
from casebook.sentencing.unit import Unit

JAN_2020 = date(2020, 1, 1)


def sds(sa, term, *, ident="", cons=None, offence=None, **kw):
    return SentenceIn("SDS", sa, term, offence_date=offence or date(2020, 1, 1), ident=ident,
                      consecutive_to=cons, **kw)


def dates(booking: BookingIn) -> dict[str, str]:
    return calculate(booking).as_iso_dict()


def one(term, *adjustments, sa=JAN_2020, **kw) -> dict[str, str]:
    return dates(BookingIn([sds(sa, term)], list(adjustments), **kw))


# -- HDCED of one sentence: CJA 2003 s.246(1)-(2) and the HDC parameters (180-day rules before 3 June 2025) --
# Sources: CRDS unit tests HdcedCalculatorTest.* and Hdced4CalculatorTest.* (the same cases, older and newer
# calculator). Sentenced 1 January 2020: released at one-half (CJA 2003 s.244), long before SDS40.

def test_no_hdced_for_a_registered_sex_offender():
    # CRDS HdcedCalculatorTest."shouldn't calculate a date for a sex offender": 150 days, active sex offender.
    # CJA 2003 s.246(4)(e): a person subject to the notification requirements of the Sexual Offences Act 2003
    # Part 2 is not released on HDC.
    got = one(Term(days=150), active_sex_offender=True)
    assert "HDCED" not in got and got["CRD"] == "2020-03-15"


@pytest.mark.parametrize("term, has_hdced", [
    (Term(weeks=11), False),        # 77 days, 39 to release: under the 42-day minimum custodial period
    (Term(days=84), True),          # 42 days to release: the minimum is inclusive
    (Term(days=82), False),         # 41 days
])
def test_minimum_custodial_period_of_42_days(term, has_hdced):
    # CRDS HdcedCalculatorTest."shouldn't calculate a date when the custodial period is less than the
    # minimum",
    # "minimum custodial period is inclusive", "minimum custodial period handles different release points"
    # (84/82 at 0.5). CJA 2003 s.246(4)(a) as HMPPS applies it: the requisite custodial period is at least
    # 6 weeks (42 days) [CRDS hdced minimumCustodialPeriodDays 42].
    assert ("HDCED" in one(term)) is has_hdced


def test_no_maximum_sentence_length():
    # CRDS HdcedCalculatorTest."shouldn't calculate a date when the sentence length is greater than the
    # maximum"
    # (despite the name it asserts an HDCED): 5 years still has HDC. The 4-year limit of s.246(4) was removed
    # (SI 2024/1331 / "HDC-4+" rules; HMPPS has no maximum). 2020-01-01 + 5 years = 1827 days, one-half =
    # 914 days: CRD 2022-07-02; 914 - 180 = 734 days → HDCED 2022-01-04.
    got = one(Term(years=5))
    assert got["HDCED"] == "2022-01-04" and got["CRD"] == "2022-07-02"


@pytest.mark.parametrize("remand", [65, 70])
def test_no_hdced_where_remand_puts_release_within_14_days_of_sentence(remand):
    # CRDS HdcedCalculatorTest (remand 70) and Hdced4CalculatorTest (remand 65) "shouldn't calculate a date
    # when
    # the adjusted release date is less than the minimum custodial period": 20 weeks (140 days, CRD at day
    # 70),
    # remand puts the release before sentence date + 14 days: no HDC (CJA 2003 s.246(2): at least 14 days
    # on HDC after sentence cannot be met).
    assert "HDCED" not in one(Term(weeks=20), AdjustmentIn("REMAND", remand))


def test_below_the_midpoint_hdc_at_one_half_of_the_custodial_period():
    # CRDS HdcedCalculatorTest."should calculate a date with quarter of sentence length if the sentence length
    # is
    # greater than the minimum and less than midpoint": 20 weeks, 70 days to CRD; one-half = 35 days →
    # 2020-02-05 (CJA 2003 s.246(2)(a): one-quarter of the term = one-half of the custodial period).
    assert one(Term(weeks=20))["HDCED"] == "2020-02-05"


def test_below_the_midpoint_at_least_28_days():
    # CRDS HdcedCalculatorTest."should calculate a date with 28 days rules …": 106 days, 53 to CRD; one-half
    # is
    # 27 days, so the 4-week minimum: 28 days → 2020-01-29 (CJA 2003 s.246(2)(b)).
    assert one(Term(days=106))["HDCED"] == "2020-01-29"


@pytest.mark.parametrize("term, remand", [(Term(weeks=20), 25), (Term(days=722), 180)])
def test_remand_never_brings_hdced_within_14_days_of_sentence(term, remand):
    # CRDS HdcedCalculatorTest."should enforce minimum custodial period if sentence is greater than the
    # minimum
    # and less than midpoint but adjustments reduce to less than min custodial period" (20 weeks, remand 25:
    # 35 - 25 = 10 days) and "should calculate a date with minimum custodial period if the sentence length is
    # greater than the midpoint" (722 days, remand 180: 181 - 180 = 1 day): sentence date + 14 days,
    # 2020-01-15 (CJA 2003 s.246(2)(b)/(c) as HMPPS applies it, minimumDaysOnHdc 14).
    assert one(term, AdjustmentIn("REMAND", remand))["HDCED"] == "2020-01-15"


def test_above_the_midpoint_179_days_before_crd():
    # CRDS HdcedCalculatorTest."should calculate a date CRD minus configured deduction period if the sentence
    # length is greater than the midpoint": 722 days, 361 to CRD (26 Dec 2020); 361 - 180 = 181 days →
    # 2020-06-30, i.e. CRD - 179 days (CJA 2003 s.246 180-day maximum period on HDC before 3 June 2025).
    got = one(Term(days=722))
    assert got["HDCED"] == "2020-06-30" and got["CRD"] == "2020-12-26"


def test_exact_midpoint_uses_the_above_midpoint_rule():
    # CRDS HdcedCalculatorTest."exact midpoint should use above midpoint calculation method": 360 days to CRD
    # (the unit test mocks it on a 1000-day term; a 720-day term has it at one-half): 360 - 180 = 180 days →
    # 2020-06-29 (one-half would give the same 180 days: the boundary shows in the rule, not the date).
    assert one(Term(days=720))["HDCED"] == "2020-06-29"


# -- other release points: the unit's HDC arithmetic with a given number of days to release ----------------

def _unit(release_days: int, sa: date = JAN_2020, deducted: int = 0) -> Unit:
    s = sds(sa, Term(days=release_days * 2))
    return Unit(parts=[s], kind="SDS", sentenced_at=sa, release_days=release_days,
                release=plus_days(sa, release_days - 1 - deducted), adj=Adjustments(deducted=deducted))


@pytest.mark.parametrize("release_days, expected", [
    (42, True),    # 210 days at 0.2
    (41, False),   # 205 days at 0.2
    (43, True),    # 94 days at 0.45 (42.3 → 43)
    (41, False),   # 91 days at 0.45 (40.95 → 41)
])
def test_minimum_custodial_period_at_other_release_points(release_days, expected):
    # CRDS HdcedCalculatorTest."minimum custodial period handles different release points": the 42-day minimum
    # is on the days to release whatever the release fraction.
    assert (hdc.unit_hdced(_unit(release_days)) is not None) is expected


@pytest.mark.parametrize("release_days, expected", [
    (70, date(2020, 2, 5)),     # 140 days at 0.5: 35 days
    (60, date(2020, 1, 31)),    # 300 days at 0.2: 30 days
    (42, date(2020, 1, 29)),    # 84 days at 0.5: 21, at least 28 days
    (90, date(2020, 2, 15)),    # 200 days at 0.45: 45 days
])
def test_below_midpoint_at_other_release_points(release_days, expected):
    # CRDS HdcedCalculatorTest."below midpoint calculation should handle different release points".
    assert hdc.unit_hdced(_unit(release_days)).date == expected


# -- consecutive sentences: CJA 2003 s.264 (one term) and s.246
# -----------------------------------------------

def test_consecutive_terms_too_short_together_have_no_hdced():
    # CRDS HdcedCalculatorTest."Non SDS+ consecutive chain should not produce an HDC if total is less than
    # minimum
    # custodial period": 1 month + 1 month from 15 March 2024 = 61 days, 31 to release: under 42.
    d = date(2024, 3, 15)
    got = dates(BookingIn([sds(d, Term(months=1), ident="a"), sds(d, Term(months=1), ident="b", cons="a")]))
    assert "HDCED" not in got and got["CRD"] == "2024-04-14"


def test_consecutive_terms_long_enough_together_have_hdced():
    # CRDS HdcedCalculatorTest."Non SDS+ consecutive chain should produce an HDC if individual is less than
    # minimum
    # custodial period but aggregated is more": 2 months + 2 months from 19 March 2024 = 122 days, 61 to
    # release (each alone: 31); one-half = 31 days - 20 remand = 11 days, under 14: sentence date + 14 =
    # 2 April 2024.
    d = date(2024, 3, 19)
    got = dates(BookingIn([sds(d, Term(months=2), ident="a"), sds(d, Term(months=2), ident="b", cons="a")],
                          [AdjustmentIn("REMAND", 20, d, date(2024, 2, 28), date(2024, 3, 18))]))
    assert got["HDCED"] == "2024-04-02"


def test_consecutive_line_with_an_sds_plus_term_has_no_hdced():
    # CRDS HdcedCalculatorTest."Any booking with an SDS+ sentence should not have a HDCED4 date": 1 month + 1
    # month
    # + 6 years SDS+ from 16 February 2024, one line. CJA 2003 s.246(4) as HMPPS applies it: a sentence
    # released at two-thirds (s.244ZA) is not eligible, and the line is one term (s.264).
    d = date(2024, 2, 16)
    plus = sds(d, Term(years=6), ident="c", cons="b", sds_plus=True, sds_plus_eligible=True)
    got = dates(BookingIn([sds(d, Term(months=1), ident="a"), sds(d, Term(months=1), ident="b", cons="a"),
                           plus]))
    assert "HDCED" not in got and "CRD" in got


# -- the 365-day HDC rules from 3 June 2025 and the transition -----------------------------------------------
# No Kotlin unit test builds these inline; each case is worked from the CRDS main source (HdcedCalculator:
# both the 180-day and the 365-day date are worked out; the 180-day one stands where it, without additional
# days, is before 3 June 2025; else the 365-day one, not before 3 June 2025 plus additional days; a line of
# consecutive terms imposed either side of 3 June 2025 never keeps the 180-day date) and the HDC parameters
# (365-day rules: midpoint 730 days, 364 + 1 days before release). Profile "sds-50": release at one-half.

def _sds50(*sentences, adjustments=()):
    return dates(BookingIn(list(sentences), list(adjustments), profile="sds-50"))


def test_hdc_180_day_rules_stand_where_the_date_is_before_3_june_2025():
    # 2 years from 1 Jan 2024: 731 days, one-half 366 → CRD 31 Dec 2024. 180-day rules: 366 - 180 = 186 days →
    # 5 Jul 2024, before 3 Jun 2025: stands (CJA 2003 s.246 as it then was).
    got = _sds50(sds(date(2024, 1, 1), Term(years=2)))
    assert got["HDCED"] == "2024-07-05" and got["CRD"] == "2024-12-31"


def test_hdc_365_day_rules_after_commencement():
    # 4 years from 1 Jan 2025: 1461 days, one-half 731 → CRD 1 Jan 2027. 180-day date 551 days → 6 Jul 2026
    # (not before 3 Jun 2025); 365-day rules: 731 ≥ 730, 731 - 365 = 366 days → 2 Jan 2026 (SI 2024/1331
    # art.2).
    assert _sds50(sds(date(2025, 1, 1), Term(years=4)))["HDCED"] == "2026-01-02"


@pytest.mark.parametrize("ada, expected", [(0, "2025-06-03"), (10, "2025-06-13")])
def test_hdc_365_date_before_commencement_moves_to_it(ada, expected):
    # 3 years from 1 Sep 2024: 1095 days, one-half 548 → CRD 2 Mar 2026. 180-day date 548 - 180 = 368 days →
    # 4 Sep 2025 (after 3 Jun 2025); 365-day date ceil(548 / 2) = 274 days → 2 Jun 2025 (before it): so
    # 3 Jun 2025, plus additional days awarded (CRDS HDCED_ADJUSTED_TO_365_COMMENCEMENT).
    adjustments = [AdjustmentIn("ADA", ada, date(2024, 9, 1))] if ada else []
    assert _sds50(sds(date(2024, 9, 1), Term(years=3)), adjustments=adjustments)["HDCED"] == expected


def test_hdc_180_day_date_under_sds40_before_commencement_stands():
    # The same 3 years from 1 Sep 2024 under SDS40 (calculation-params): 40% of 1095 = 438 days → CRD 12 Nov
    # 2025. 180-day rules: 438 - 180 = 258 days → 17 May 2025, before 3 Jun 2025: stands.
    got = dates(BookingIn([sds(date(2024, 9, 1), Term(years=3))]))
    assert got["HDCED"] == "2025-05-17" and got["CRD"] == "2025-11-12"


@pytest.mark.parametrize("second, expected", [
    (date(2025, 6, 2), "2025-06-01"),   # both terms before 3 June 2025: the 180-day date stands
    (date(2025, 6, 3), "2025-06-03"),   # the line spans 3 June 2025: never the 180-day date
])
def test_consecutive_line_spanning_3_june_2025(second, expected):
    # 4 months from 1 Apr 2025 and 4 months consecutive imposed on `second`: one term 1 Apr – 30 Nov 2025 =
    # 244 days (s.264), one-half 122 → CRD 31 Jul 2025. Both rules: ceil(122 / 2) = 61 days → 1 Jun 2025. A
    # line with a term imposed from 3 June 2025 takes the later of that date and the commencement (CRDS
    # HdcedCalculator, consecutive sentence spanning HDC-365 commencement).
    got = _sds50(sds(date(2025, 4, 1), Term(months=4), ident="a"),
                 sds(second, Term(months=4), ident="b", cons="a"))
    assert got["HDCED"] == expected and got["CRD"] == "2025-07-31"


# -- early removal: who is eligible (CJA 2003 s.260) ---------------------------------------------------------

def test_no_ersed_for_a_default_term_alone():
    # CRDS unit test ErsedEligibilityServiceTest."should return ineligible when no sentence has valid type": a
    # default term (AFINE) alone has no early removal date (CJA 2003 s.260 applies to a fixed-term prisoner
    # serving a sentence of imprisonment, HMPPS excludes default terms).
    d = date(2026, 1, 5)
    got = dates(BookingIn([SentenceIn("AFINE", d, Term(months=6), offence_date=d)], calculate_ersed=True))
    assert "ERSED" not in got and got["ARD"] == "2026-04-05"


@pytest.mark.parametrize("with_default_term", [False, True])
def test_ersed_for_an_extended_sentence_from_its_ped(with_default_term):
    # CRDS unit tests ErsedEligibilityServiceTest."should return eligible when at least one sentence has valid
    # type" / "… EDS sentence has no 19ZA part 1 offence": an EDS (beside a default term) is eligible. EDS of
    # 6 years + 4 from 5 Jan 2026: PED at two-thirds (s.246A) 4 Jan 2030, 1461 days; ERS30 from the PED: 30% =
    # ceil(438.3) = 439 days → 20 Mar 2027 (later than PED - 4 years).
    d = date(2026, 1, 5)
    sentences = [SentenceIn("EDS", d, Term(years=6), offence_date=d, extension=Term(years=4))]
    if with_default_term:
        sentences.append(SentenceIn("AFINE", d, Term(months=6), offence_date=d))
    got = dates(BookingIn(sentences, calculate_ersed=True))
    assert got["PED"] == "2030-01-04" and got["ERSED"] == "2027-03-20"


def test_no_ersed_for_a_recalled_sentence():
    # CRDS ErsedCalculator.isSentenceEligible (main source): a recalled sentence has no early removal date.
    d = date(2023, 1, 5)
    s = SentenceIn("SDS", d, Term(years=4), offence_date=d, recall_type="STANDARD")
    got = dates(BookingIn([s], calculate_ersed=True, return_to_custody=date(2025, 6, 1)))
    assert "ERSED" not in got and got["PRRD"] == "2027-01-04"


# -- the booking's HDCED from concurrent sentences (CRDS HdcedExtractionService) -----------------------------
# The Kotlin tests (HdcedExtractionServiceTest) mock each sentence's dates; each rule they test is run here on
# a real booking, worked by hand. Profile "sds-50" (release at one-half); an HDCED from 3 June 2025 is under
# the 365-day rules, one before it under the 180-day rules.

D23 = date(2023, 1, 25)


def _eds(sa, term, extension):
    return SentenceIn("EDS", sa, term, offence_date=sa, extension=extension)


@pytest.mark.parametrize("plus_years", [8, 4])
def test_no_hdced_where_any_sentence_is_sds_plus(plus_years):
    # HdcedExtractionServiceTest."should return null if any sentence is SDS+": an SDS+ sentence (by type,
    # length and offence) concurrent with an SDS, released later or earlier: no HDCED for the booking (CJA
    # 2003 s.246(4) as HMPPS applies it).
    plus = sds(D23, Term(years=plus_years), sds_plus=True, sds_plus_eligible=True)
    assert "HDCED" not in _sds50(sds(D23, Term(years=2)), plus)


def test_no_hdced_where_the_latest_release_has_none():
    # HdcedExtractionServiceTest."should return null if latest eligible sentence has no HDCED": SDS 2 years
    # and an EDS of 4 + 2 years, same day; the EDS is released last (CRD 24 Jan 2027) and has no HDC
    # (s.246(4)(aa)): no HDCED, though the SDS alone would have one.
    got = _sds50(sds(D23, Term(years=2)), _eds(D23, Term(years=4), Term(years=2)))
    assert "HDCED" not in got and got["CRD"] == "2027-01-24"


def test_hdced_moves_to_a_concurrent_release_not_eligible_for_hdc():
    # HdcedExtractionServiceTest."should return adjusted HDCED if conflicting sentence exists": SDS 10 years 6
    # months (3833 days, one-half 1917 → CRD 24 Apr 2028; 365-day rules 1917 - 365 = 1552 days → 26 Apr 2027)
    # and an EDS of 5 + 3 years released at the end of its custodial term, 24 Jan 2028: after the HDCED, so
    # the HDCED moves to it (HDCED_ADJUSTED_TO_CONCURRENT_CONDITIONAL_RELEASE). An EDS of 2 + 3 years,
    # released 24 Jan 2025, before the HDCED, leaves it where it is.
    got = _sds50(_eds(D23, Term(years=5), Term(years=3)), sds(D23, Term(years=10, months=6)))
    assert got["HDCED"] == "2028-01-24" and got["CRD"] == "2028-04-24"
    got = _sds50(_eds(D23, Term(years=2), Term(years=3)), sds(D23, Term(years=10, months=6)))
    assert got["HDCED"] == "2027-04-26" and got["CRD"] == "2028-04-24"


def test_latest_hdced_of_concurrent_sentences():
    # HdcedExtractionServiceTest."should return original HDCED if no conflicting sentences and no special
    # rules": SDS 2 years (one-half 365 → CRD 24 Jan 2024; HDCED 365 - 180 = 185 days → 29 Jul 2023) and SDS
    # 10 months imposed 10 Jan 2024 (305 days, one-half 153 → CRD 10 Jun 2024; HDCED ceil(153 / 2) = 77 days →
    # 27 Mar 2024): the latest HDCED, 27 Mar 2024.
    got = _sds50(sds(D23, Term(years=2)), sds(date(2024, 1, 10), Term(months=10)))
    assert got["HDCED"] == "2024-03-27" and got["CRD"] == "2024-06-10"


REPEAL = frozenset({"applyPostHdcedRepealRules"})


def test_hdc_repeal_toggle():
    # HdcedExtractionServiceTest."Post-Repeal - …": under HMPPS's repeal toggle (Sentencing Act 2026) an adult
    # sentence's HDCED before 2 September 2026 stands or goes with the date the calculation is made, which a
    # booking does not carry: refused. Detention under Sentencing Act 2020 s.250 keeps HDC. SDS 3 years from 5
    # Jan 2026 at 40%: 438 days → CRD 19 Mar 2027; HDCED 365-day rules ceil(438 / 2) = 219 days → 13 Aug 2026.
    d = date(2026, 1, 5)
    with pytest.raises(NotSupported, match="depends on the date of the calculation"):
        dates(BookingIn([sds(d, Term(years=3))], toggles=REPEAL))
    got = dates(BookingIn([sds(d, Term(years=3), section250=True)], toggles=REPEAL))
    assert got["HDCED"] == "2026-08-13" and got["CRD"] == "2027-03-19"
    # adult HDC suspended: no HDCED at all for an adult sentence
    assert "HDCED" not in dates(BookingIn([sds(date(2025, 6, 5), Term(years=1))],
                                          toggles=frozenset({"adultHdcSuspended"})))


# -- a line of consecutive sentences with an SDS+ term beside an HDC sentence --------------------------------

def _line(first: Term, second: Term, *, all_plus: bool = False):
    d = date(2026, 1, 5)
    return [sds(d, first, ident="l1", sds_plus=all_plus, sds_plus_eligible=all_plus),
            sds(d, second, ident="l2", cons="l1", sds_plus=True, sds_plus_eligible=True)]


@pytest.mark.parametrize("first, second, expected", [
    (Term(months=1), Term(years=2), "2028-03-19"),   # the line released 19 May 2027, before the HDCED: stands
    (Term(months=6), Term(years=4), "2028-11-16"),   # released 16 Nov 2028, after it: the HDCED moves there
    (Term(months=6), Term(years=7), None),           # released 17 Nov 2030, after the SDS (no HDC): none
])
def test_hdced_beside_a_line_with_an_sds_plus_term(first, second, expected):
    # CRDS HdcedExtractionService (every version) withholds all HDCED only for a *single* SDS+ sentence; a
    # line of consecutive sentences with an SDS+ term has no HDCED of its own (HdcedCalculator.hasSdsPlus,
    # CRDS unit test HdcedCalculatorTest."Any booking with an SDS+ sentence should not have a HDCED4 date")
    # and is a concurrent release without HDC. SDS 8 years from 5 Jan 2026 at 40%: 2922 × 0.4 → 1169 days, CRD
    # 18 Mar 2029; HDCED 1169 - 365 = 804 days → 19 Mar 2028. Line of 6 months at 40% (181 → 73 days) and 4
    # years SDS+ at two-thirds (1461 → 974 days): 1047 days → 16 Nov 2028.
    got = dates(BookingIn([sds(date(2026, 1, 5), Term(years=8))] + _line(first, second)))
    assert got.get("HDCED") == expected


def test_hdced_beside_a_line_made_only_of_sds_plus_terms_is_refused():
    # Earlier versions of CRDS (ConsecutiveSentence.isSDSPlusEligibleSentenceAndOffence = all parts) withheld
    # every HDCED beside such a line, later ones do not: not settled, refused where an HDCED would be given.
    with pytest.raises(NotSupported, match="all SDS\\+"):
        calculate(BookingIn([sds(date(2026, 1, 5), Term(years=8))] + _line(Term(months=1), Term(years=2),
                                                                          all_plus=True)))


def test_no_hdced_for_a_dto_but_for_section_250_detention():
    # CRDS HdcedCalculator.doesHdcedDateApply (main source; HdcedCalculatorTest builds only SDSs): a detention
    # and training order has no HDC (its early release is Sentencing Act 2020 s.241(4)-(5), not CJA 2003
    # s.246). Detention under s.250 is a determinate sentence with HDC: 12 months from 1 Mar 2024 (365 days,
    # one-half 183 → CRD 30 Aug 2024, before SDS40's first tranche date) → HDCED + ceil(183 / 2) = 92 days = 1
    # Jun 2024.
    d, born = date(2024, 3, 1), date(2007, 1, 1)
    got = dates(BookingIn([SentenceIn("DTO", d, Term(months=12), offence_date=d)], date_of_birth=born))
    assert "HDCED" not in got and got["MTD"] == "2024-08-30"
    got = dates(BookingIn([sds(d, Term(months=12), offence=d, section250=True)], date_of_birth=born))
    assert got["HDCED"] == "2024-06-01" and got["CRD"] == "2024-08-30"


# -- HDC beside a recalled extended sentence ("parallel recalls") --------------------------------------------

def test_no_hdced_where_the_post_recall_release_is_the_latest_release():
    # EDS of 5 + 3 years from 4 Aug 2017, released on parole and recalled (standard recall: re-release at the
    # sentence expiry, 3 Aug 2025, CJA 2003 s.255C); a new SDS of 20 months from 1 Sep 2021 (608 days,
    # one-half 304 → CRD 1 Jul 2022; alone its HDCED would be + 152 days = 31 Jan 2022). The post-recall
    # release is the latest release: no CRD, and no HDCED (CRDS BookingExtractionService: with a recall among
    # the latest releases the HDCED stands only where the PRRD is before a CRD/ARD,
    # FixedTermRecallsService.hasHomeDetention- Curfew). The engine gave the HDCED here because the EDS's own
    # first release (end of its custodial term, 3 Aug 2022) came after the SDS's CRD, so no CRD was left to
    # compare the PRRD with.
    e = SentenceIn("EDS", date(2017, 8, 4), Term(years=5), offence_date=date(2017, 1, 1),
                   extension=Term(years=3), recall_type="STANDARD")
    s = sds(date(2021, 9, 1), Term(months=20), offence=date(2021, 6, 1))
    assert _sds50(s)["HDCED"] == "2022-01-31"
    got = _sds50(e, s)
    assert "HDCED" not in got and "CRD" not in got and got["PRRD"] == "2025-08-03"
    # an SDS recalled beside it (its first release, 9 Jan 2021, before the CRD): the same answer
    r = sds(date(2019, 1, 10), Term(years=4), offence=date(2018, 1, 1), recall_type="STANDARD")
    got = _sds50(r, s)
    assert "HDCED" not in got and "CRD" not in got and got["PRRD"] == "2023-01-09"
