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

from casebook.sentencing import calculate, hdc
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
