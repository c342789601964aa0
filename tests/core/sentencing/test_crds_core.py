"""The core sentence calculation checked against the facts of HMPPS's own Kotlin unit tests (issue 13).

Each case is built here in our own words from an inline case of a *Calculate Release Dates* unit test (cited
as "CRDS unit test <File>.<test>"), with the statute or PSI paragraph that makes the rule and the working
done by hand. Cases of those files that load a JSON example are not used.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction

import pytest

from casebook.sentencing import InvalidBooking, NotSupported, calculate
from casebook.sentencing.durations import Term
from casebook.sentencing.hmpps_json import parse_booking
from casebook.sentencing.model import AdjustmentIn, BookingIn, SentenceIn
from casebook.sentencing.release_points import SDS40, STANDARD, release_fraction
from casebook.sentencing.terms import aggregate_days, consecutive_runs


def sds(sa, term, *, offence=None, ident="", cons=None, recall=None, **kw):
    return SentenceIn("SDS", sa, term, offence_date=offence or sa, ident=ident, consecutive_to=cons,
                      recall_type=recall, **kw)


def dates(booking):
    return calculate(booking).as_iso_dict()


# -- term arithmetic (PSI 03/2015 para 5.5) --------------------------------------------------------------
def test_one_day_term_is_one_day():
    # CRDS unit test DurationTest.getLengthInDaysOneDay: a term counts its first day (PSI 03/2015 para 5.5).
    assert Term(days=1).length_days(date(2020, 1, 1)) == 1


def test_eighteen_months_from_the_first_of_january():
    # CRDS unit test DurationTest.getLengthInDaysOneYearEighteenMonths: 1 year 6 months from 1 Jan 2018 runs
    # to 30 Jun 2019 (a term from the 1st of a month ends on the last day of the month reached, PSI 03/2015
    # para 5.5): 365 (2018) + 181 (Jan–Jun 2019) = 546 days.
    assert Term(years=1, months=6).length_days(date(2018, 1, 1)) == 546
    assert Term(years=1, months=6).end_date(date(2018, 1, 1)) == date(2019, 6, 30)


@pytest.mark.parametrize("term, text", [
    # CRDS unit tests DurationTest.append, append1year6months, toStringWithZeros, testCopy
    (Term(years=2), "2 years"), (Term(years=1, months=6), "1 year 6 months"), (Term(years=1), "1 year"),
    (Term(years=1) + Term(days=1), "1 year 1 day"),
])
def test_a_term_reads_as_pronounced(term, text):
    assert str(term) == text


M, W = (lambda n: Term(months=n)), (lambda n: Term(weeks=n))


@pytest.mark.parametrize("terms, runs", [
    # CRDS unit test DurationAggregatorTest "Aggregate some durations" (as ConsecutiveSentenceAggregatorTest):
    # 3w, 4m, 5m, 3w, 3m, 4m → 3w | 9m | 3w | 7m
    ([W(3), M(4), M(5), W(3), M(3), M(4)], [W(3), M(9), W(3), M(7)]),
    # "... mixed units": a term of months and weeks adds its months to the run before and starts a week run
    ([W(3), M(4), Term(months=5, weeks=2), W(3), Term(months=3, weeks=2), M(4)],
     [W(3), M(9), W(5), M(3), W(2), M(4)]),
    # "... all the same": 3 + 4 + 5 + 3 + 3 + 4 months = 22 months
    ([M(3), M(4), M(5), M(3), M(3), M(4)], [M(22)]),
])
def test_consecutive_terms_are_counted_in_runs_of_like_units(terms, runs):
    # PSI 03/2015 para 5.5: consecutive terms in months are added together, and terms in weeks or days
    # together, each run counted on from the end of the one before.
    assert consecutive_runs(terms) == runs


def test_runs_are_counted_on_from_the_end_of_the_run_before():
    # 3 weeks from 1 Jan 2021 = 21 days → ends 21 Jan; 9 months from 22 Jan 2021 → ends 21 Oct 2021 (273
    # days); 3 weeks from 22 Oct → 11 Nov (21 days); 7 months from 12 Nov 2021 → 11 Jun 2022 (212 days).
    # 21 + 273 + 21 + 212 = 527 days.
    terms = [W(3), M(4), M(5), W(3), M(3), M(4)]
    assert aggregate_days(date(2021, 1, 1), terms) == 527


# -- sentence identification: the release point (CJA 2003 ss.244, 244ZA; SI 2024/844) -------------------
@pytest.mark.parametrize("sa", [date(2005, 1, 1), date(2016, 1, 1)])
@pytest.mark.parametrize("sds_plus, exclusion, under_sds40, standard", [
    (False, None, Fraction(2, 5), Fraction(1, 2)),
    (False, "SEXUAL", Fraction(1, 2), Fraction(1, 2)),
    (False, "VIOLENT", Fraction(1, 2), Fraction(1, 2)),
    (True, None, Fraction(2, 3), Fraction(2, 3)),
    (True, "SEXUAL", Fraction(2, 3), Fraction(2, 3)),
    (True, "VIOLENT", Fraction(2, 3), Fraction(2, 3)),
])
def test_release_point_follows_sds_plus_and_the_sds40_exclusions(sa, sds_plus, exclusion, under_sds40,
                                                                  standard):
    # CRDS unit test SentenceIdentificationServiceTest "Identify SDS early release correctly": a 5-year
    # standard determinate sentence is released at 40% with SDS40 in force (SI 2024/844) unless its offence is
    # excluded (sexual, violent: Sch.1), at one-half without it (CJA 2003 s.244), and an SDS+ at two-thirds
    # either way (s.244ZA); the same for a sentence of 1 Jan 2005 as of 1 Jan 2016.
    s = sds(sa, Term(years=5), sds_plus=sds_plus, exclusions=frozenset({exclusion} if exclusion else ()))
    assert release_fraction(s, SDS40)[0] == under_sds40
    assert release_fraction(s, STANDARD)[0] == standard



@pytest.mark.parametrize("ada, expected", [(0, ("ARD", "SED")), (90, ("CRD", "SLED"))])
def test_under_18_at_release_is_judged_with_the_additional_days(ada, expected):
    # 8 months from 1 Jan 2024 (offence 1 Jun 2023, before SDS40: profile sds-50) = 244 days to 31 Aug 2024;
    # one-half = 122 days → 1 May 2024, when a person born 1 Jul 2006 is 17: a term under 12 months of
    # someone under 18 at release is released unconditionally (ARD + SED). With 90 additional days release is
    # 30 Jul 2024, by then 18: on licence (CRD + SLED) — HMPPS judges the age at the release date with the
    # additional days (CRDS ReleaseDateTypes: the sentence's adjusted release date). No top-up supervision
    # either way: its age test is at the release before additional days (17; CJA 2003 s.256AA).
    adjustments = [AdjustmentIn("ADA", ada, applies_from=date(2024, 2, 1))] if ada else []
    got = dates(BookingIn([sds(date(2024, 1, 1), Term(months=8), offence=date(2023, 6, 1))],
                          adjustments=adjustments, date_of_birth=date(2006, 7, 1), profile="sds-50"))
    release, expiry = expected
    assert got[release] == ("2024-05-01" if not ada else "2024-07-30") and got[expiry] == "2024-08-31"
    assert "TUSED" not in got

# -- CJA 1991 sentences of 4 years or more (1991 Act long-term prisoners) -------------------------------
def _old(sa, term, **kw):
    return sds(sa, term, offence=date(2003, 6, 1), **kw)


def test_cja_1991_term_of_four_years_or_more_is_released_on_licence_to_sentence_expiry():
    # Offence 1 Jun 2003 (before 4 April 2005), sentenced 10 Jan 2004 (before 3 December 2012), 5 years: HMPPS
    # gives a CRD and SLED as for a standard determinate sentence (CRDS SentenceIdentificationService: a
    # term of 4 years or more before CJA 2003 and LASPO → CRD, SLED). 10 Jan 2004 – 9 Jan 2009 = 1,827
    # days; one-half rounded up = 914 days → 10 Jan 2004 + 913 = 11 Jul 2006. Right for a term that is not
    # for a Schedule 15 offence (CJA 2003 Sch.20A); the CRD's working says the rule is unconfirmed for one
    # that is.
    b = BookingIn([_old(date(2004, 1, 10), Term(years=5))], date_of_birth=date(1980, 1, 1))
    r = calculate(b)
    got = r.as_iso_dict()
    assert got["CRD"] == "2006-07-11" and got["SLED"] == "2009-01-09"
    assert "LED" not in got and "SED" not in got and "ARD" not in got
    assert not r.dates["CRD"].confirmed and "Schedule 15" in r.dates["CRD"].working.rule
    assert "one-half" in r.dates["CRD"].working.arithmetic


def test_cja_1991_term_just_under_four_years_keeps_the_three_quarters_licence():
    # 3 years 11 months from 10 Jan 2004 = 1,430 days (to 9 Dec 2007): 12 months to under 4 years, so CRD
    # at one-half (715 days → 24 Dec 2005), licence to three-quarters ceil(1,430 × 3/4) = 1,073 days → 17
    # Dec 2006 (CJA 1991 s.37(1)), SED at the end of the term.
    got = dates(BookingIn([_old(date(2004, 1, 10), Term(years=3, months=11))],
                          date_of_birth=date(1980, 1, 1)))
    assert got["CRD"] == "2005-12-24" and got["LED"] == "2006-12-17" and got["SED"] == "2007-12-09"


def test_consecutive_cja_1991_terms_reaching_four_years_are_one_long_term():
    # 2 years + 2 years consecutive from 10 Jan 2004: 4 years = 1,461 days (to 9 Jan 2008); the line is 4
    # years or more (CRDS: a line made up only of pre-CJA/LASPO sentences is identified on its whole
    # length): CRD at one-half, ceil(1,461 / 2) = 731 days → 9 Jan 2006; SLED 9 Jan 2008.
    b = BookingIn([_old(date(2004, 1, 10), Term(years=2), ident="a"),
                   _old(date(2004, 1, 10), Term(years=2), ident="b", cons="a")],
                  date_of_birth=date(1980, 1, 1))
    got = dates(b)
    assert got["CRD"] == "2006-01-09" and got["SLED"] == "2008-01-09" and "LED" not in got


def test_cja_1991_long_term_on_a_fixed_term_recall_is_refused():
    b = BookingIn([_old(date(2004, 1, 10), Term(years=5), recall="FTR28")], date_of_birth=date(1980, 1, 1),
                  return_to_custody=date(2007, 3, 1))
    with pytest.raises(NotSupported, match="fixed-term recall of a CJA 1991 sentence"):
        calculate(b)






def test_concurrent_cja_1991_terms_of_12_months_or_more_are_one_term():
    # 18 months on 5 Jan 2004 (ends 4 Jul 2005; half-way 4 Oct 2004) and 18 months on 1 Mar 2004 (ends 31 Aug
    # 2005), imposed before the first release: CJA 1991 s.51(2) treats wholly or partly concurrent terms as
    # one, of any length (HMPPS likewise: CRDS SingleTermSentence, from the first sentence date to the later
    # expiry). 5 Jan 2004 – 31 Aug 2005 = 362 + 243 = 605 days: CRD ceil(605 / 2) = 303 days → 2 Nov 2004;
    # LED ceil(605 × 3/4) = 454 days → 2 Apr 2005 (s.37(1)); SED 31 Aug 2005. Refused before.
    b = BookingIn([_old(date(2004, 1, 5), Term(months=18), ident="a"),
                   _old(date(2004, 3, 1), Term(months=18), ident="b")], date_of_birth=date(1980, 1, 1))
    got = dates(b)
    assert (got["CRD"], got["LED"], got["SED"]) == ("2004-11-02", "2005-04-02", "2005-08-31")


def test_a_cja_1991_term_imposed_once_remand_may_have_brought_release_forward_is_refused():
    # 18 months on 5 Jan 2004: half-way 4 Oct 2004, but with 30 days' remand the release was 4 Sep 2004; a
    # term imposed on 20 Sep 2004 may come after that release, when HMPPS's booking timeline starts a new
    # period and joins nothing: refused. Without the remand it is one term.
    first = _old(date(2004, 1, 5), Term(months=18), ident="a")
    second = _old(date(2004, 9, 20), Term(months=18), ident="b")
    remand = [AdjustmentIn("REMAND", 30, applies_from=date(2004, 1, 5))]
    with pytest.raises(NotSupported, match="after release from an earlier one"):
        calculate(BookingIn([first, second], adjustments=remand, date_of_birth=date(1980, 1, 1)))
    assert "CRD" in dates(BookingIn([first, second], date_of_birth=date(1980, 1, 1)))


def test_a_single_term_of_cja_1991_sentences_running_into_sds40_is_refused():
    # HMPPS releases a single term at one-half (it is not a standard determinate sentence for the SDS40
    # track); whether SDS40 bears on one is not settled here.
    b = BookingIn([_old(date(2010, 1, 10), Term(years=25), ident="a"),
                   _old(date(2011, 1, 10), Term(years=2), ident="b")], date_of_birth=date(1980, 1, 1))
    with pytest.raises(NotSupported, match="SDS40"):
        calculate(b)

# -- lines of CJA 1991 terms and later ones (PSI 03/2015 example 39) -----------------------------------------
def test_short_line_of_a_cja_1991_term_and_a_later_one_is_released_on_licence():
    # 4 months (offence 1 Jun 2004, before 4 April 2005) and 4 months consecutive (offence 1 Jun 2009), both
    # on 1 Mar 2010: 8 months from the 1st of a month end on 31 Oct 2010 = 245 days (PSI 03/2015 para 5.5);
    # both terms at one-half: ceil(245 / 2) = 123 days → 1 Jul 2010. HMPPS releases such a line on licence
    # to its end whatever its length (CRDS SentenceIdentificationService: made up of before and after
    # CJA/LASPO sentences → SLED, CRD): CRD 1 Jul 2010, SLED 31 Oct 2010 (refused before: under 12 months).
    b = BookingIn([sds(date(2010, 3, 1), Term(months=4), offence=date(2004, 6, 1), ident="a"),
                   sds(date(2010, 3, 1), Term(months=4), offence=date(2009, 6, 1), ident="b", cons="a")],
                  date_of_birth=date(1980, 1, 1))
    got = dates(b)
    assert got["CRD"] == "2010-07-01" and got["SLED"] == "2010-10-31" and "ARD" not in got
    # Under 18 on 1 Jul 2010 (born 1 Sep 1992), a term under 12 months: unconditional (CRDS ReleaseDateTypes)
    got = dates(replace(b, date_of_birth=date(1992, 9, 1)))
    assert got["ARD"] == "2010-07-01" and got["SED"] == "2010-10-31" and "CRD" not in got


def test_line_of_a_cja_1991_term_and_a_post_ora_one_has_crd_and_sled_only():
    # 10 years on 10 Jan 2011 (offence 1 Jun 2004) and 6 months consecutive on 1 Jun 2015 (offence 1 Mar 2015,
    # after 1 Feb 2015): 126 months from 10 Jan 2011 end on 9 Jul 2021 = 3,834 days; one-half = 1,917 days
    # → 9 Apr 2016. As a line of CJA 1991 and later terms: CRD + SLED, no licence split of PSI 03/2015
    # example 25 and no top-up supervision (CRDS TusedCalculator: only a line of later terms); refused
    # before.
    b = BookingIn([sds(date(2011, 1, 10), Term(years=10), offence=date(2004, 6, 1), ident="a"),
                   sds(date(2015, 6, 1), Term(months=6), offence=date(2015, 3, 1), ident="b", cons="a")],
                  date_of_birth=date(1980, 1, 1))
    got = dates(b)
    assert got["CRD"] == "2016-04-09" and got["SLED"] == "2021-07-09"
    assert not {"LED", "SED", "TUSED"} & set(got)


# -- remand and tagged bail (CJA 2003 ss.240ZA, 240A) -----------------------------------------------------
@pytest.mark.parametrize("code, credited", [
    ("ZZ01002", False), ("XX00000-016N", False),   # civil committals HMPPS lists (CRDS CIVIL_OFFENCE_CODES)
    ("ZZ01006", True), ("TH68010", True),          # other codes: the remand counts
])
def test_remand_is_not_credited_to_a_civil_committal(code, credited):
    # A default term of 30 days from 1 Mar 2024: released at one-half, 15 days → 15 Mar 2024, expiry 30 Mar.
    # 5 days' remand count towards a sentence for an offence (s.240ZA) → 10 Mar / 25 Mar; not towards a
    # committal for a civil matter (CRDS TimelineCalculator.setAdjustments: remand and tagged bail nil for a
    # default term whose offence is one of its civil codes). Before: any code beginning ZZ counted as civil.
    term = SentenceIn("AFINE", date(2024, 3, 1), Term(days=30), offence_date=date(2024, 1, 1),
                      offence_code=code)
    got = dates(BookingIn([term], adjustments=[AdjustmentIn("REMAND", 5, applies_from=date(2024, 3, 1))],
                          date_of_birth=date(1980, 1, 1)))
    expected = ("2024-03-10", "2024-03-25") if credited else ("2024-03-15", "2024-03-30")
    assert (got["ARD"], got["SED"]) == expected

# -- a SLED recorded by an earlier calculation ("calculation from stored") -------------------------------
# SDS 12 months from 10 Jan 2022, offence 1 Jun 2021 (after 1 Feb 2015), aged 32: 365 days; one-half = 183
# days → CRD 11 Jul 2022 (CJA 2003 s.244); SLED 9 Jan 2023; licence under a year, so top-up supervision to
# CRD + 12 months = 11 Jul 2023 (s.256AA).
def _stored(previous=None, asked=None):
    doc = {"booking": {"offender": {"reference": "A", "dateOfBirth": "1990-01-01"},
                       "sentences": [{"type": "StandardSentence", "sentencedAt": "2022-01-10",
                                      "offence": {"committedAt": "2021-06-01"},
                                      "duration": {"durationElements": {"MONTHS": 12}}}],
                       "adjustments": {}},
           "params": "calculation-params"}
    if previous is not None:
        doc["previousCalculations"] = previous
    if asked is not None:
        doc["userInputs"] = {"usePreviouslyRecordedSLEDIfFound": asked}
    return parse_booking(doc)


def _calc(stored_dates, made="2022-06-01", status="CONFIRMED"):
    return {"calculationType": "CALCULATED", "calculationStatus": status, "calculationDate": made,
            "dates": stored_dates}


def test_todays_dates_without_a_stored_calculation():
    got = dates(_stored())
    assert (got["CRD"], got["SLED"], got["TUSED"]) == ("2022-07-11", "2023-01-09", "2023-07-11")


def test_a_later_stored_sled_stands_where_asked_and_a_tused_after_it_is_kept():
    # CRDS unit tests PreviouslyRecordedSLEDServiceTest "should return a previously recorded SLED if a
    # historic SLED exists ..." and CalculationServiceTest "should use dominant historic SLED with TUSED
    # retained ...": the stored SLED 1 Mar 2023 is later than today's 9 Jan 2023, so it stands; TUSED 11 Jul
    # 2023 is after it.
    r = calculate(_stored([_calc({"SLED": "2023-03-01"})], asked=True))
    got = r.as_iso_dict()
    assert got["SLED"] == "2023-03-01" and got["TUSED"] == "2023-07-11" and got["CRD"] == "2022-07-11"
    assert not r.dates["SLED"].confirmed


def test_a_stored_sled_after_the_tused_drops_the_tused():
    # CRDS unit test CalculationServiceTest "should use dominant historic SLED with TUSED removed ...": the
    # stored SLED 1 Sep 2023 is after TUSED 11 Jul 2023: no TUSED.
    got = dates(_stored([_calc({"SLED": "2023-09-01"})], asked=True))
    assert got["SLED"] == "2023-09-01" and "TUSED" not in got


@pytest.mark.parametrize("stored, sled", [
    # PreviouslyRecordedSLEDServiceTest "... a historic SED and LED with the same date exists": the SED
    ({"SED": "2023-03-01", "LED": "2023-03-01"}, "2023-03-01"),
    # "... SED and LED exist but the dates are different", "only a historic SED", "only a historic LED": none
    ({"SED": "2023-03-01", "LED": "2023-03-02"}, "2023-01-09"),
    ({"SED": "2023-03-01"}, "2023-01-09"),
    ({"LED": "2023-03-01"}, "2023-01-09"),
    # a stored SLED earlier than today's does not stand (PreviouslyRecordedSLEDService: only a later one)
    ({"SLED": "2022-12-01"}, "2023-01-09"),
])
def test_which_stored_dates_count_as_a_sled(stored, sled):
    assert dates(_stored([_calc(stored)], asked=True))["SLED"] == sled


def test_the_latest_calculation_is_read():
    # PreviouslyRecordedSLEDServiceTest "should return the latest previously recorded SLED if multiple ...":
    # an earlier calculation's SLED 1 Mar 2023 and the latest one's SED = LED 1 Apr 2023: 1 Apr 2023.
    got = dates(_stored([_calc({"SLED": "2023-03-01"}, made="2022-05-01"),
                         _calc({"SED": "2023-04-01", "LED": "2023-04-01"}, made="2022-06-01")], asked=True))
    assert got["SLED"] == "2023-04-01"


def test_an_earlier_calculation_with_the_later_sled_is_refused():
    # The latest calculation (HMPPS today) gives 1 Apr 2023; the latest date of any (its DominantHistoricDate
    # service before) 1 May 2023: which one HMPPS gives depends on its version, so refused.
    b = _stored([_calc({"SLED": "2023-05-01"}, made="2022-05-01"),
                 _calc({"SED": "2023-04-01", "LED": "2023-04-01"}, made="2022-06-01")], asked=True)
    with pytest.raises(NotSupported, match="read differently"):
        calculate(b)


def test_a_later_stored_sled_not_asked_for_is_refused_and_one_not_confirmed_is_not_read():
    # CalculationServiceTest "should skip checking for dominant historic dates if user requested it not to be
    # used": HMPPS then gives today's SLED. Refused here instead (a wrong SLED is worse than none): whether
    # every HMPPS entry point asks is not settled.
    with pytest.raises(NotSupported, match="not asked"):
        calculate(_stored([_calc({"SLED": "2023-09-01"})]))
    # a stored calculation that is not confirmed is not read (CRDS findLatestCalculationForPreviousSLED)
    assert dates(_stored([_calc({"SLED": "2023-09-01"}, status="PRELIMINARY")], asked=True))["SLED"] == \
        "2023-01-09"


def test_three_concurrent_cja_1991_terms_whose_first_two_by_date_miss_the_span_are_refused():
    # HMPPS's single term spans the first two sentences only (CRDS SingleTermSentence.combinedDuration). The
    # whole span is 10 Jan – 31 Jul 2004. In booking order the first two (1 Feb, ends 31 Jul; 10 Jan, ends
    # 9 Jul) span it; taken by sentence date (10 Jan; 20 Jan, ends 19 Apr) they end on 9 Jul: which order
    # HMPPS takes is not settled, so refused.
    b = BookingIn([_old(date(2004, 2, 1), Term(months=6), ident="c"),
                   _old(date(2004, 1, 10), Term(months=6), ident="a"),
                   _old(date(2004, 1, 20), Term(months=3), ident="b")], date_of_birth=date(1980, 1, 1))
    with pytest.raises(NotSupported, match="three or more"):
        calculate(b)


# -- time unlawfully at large entered twice (CRDS UalValidator, DUPLICATE_OR_OVERLAPPING_UAL) ---------------
def _ual_booking(*periods):
    adj = [AdjustmentIn("UAL", (b - a).days, a, a, b) for a, b in periods]
    sds = SentenceIn("SDS", date(2024, 1, 10), Term(years=3), offence_date=date(2023, 6, 1))
    return BookingIn(sentences=[sds], adjustments=adj)


@pytest.mark.parametrize("second", [(date(2024, 3, 5), date(2024, 3, 20)),    # overlaps the first
                                    (date(2024, 3, 10), date(2024, 3, 20)),   # starts the day the first ends
                                    (date(2024, 3, 1), date(2024, 3, 10))])   # the same period twice
def test_overlapping_or_touching_ual_periods_are_rejected_with_what_to_do(second):
    with pytest.raises(InvalidBooking, match="unlawfully at large overlap or touch .*enter each period once"):
        calculate(_ual_booking((date(2024, 3, 1), date(2024, 3, 10)), second))


def test_ual_periods_a_day_apart_are_both_counted():
    # 1–10 March and 11–20 March 2024: separate periods (9 + 9 days as entered), not one entered twice.
    got = calculate(_ual_booking((date(2024, 3, 1), date(2024, 3, 10)),
                                 (date(2024, 3, 11), date(2024, 3, 20)))).as_iso_dict()
    alone = calculate(_ual_booking((date(2024, 3, 1), date(2024, 3, 10)))).as_iso_dict()
    assert date.fromisoformat(got["SLED"]) - date.fromisoformat(alone["SLED"]) == timedelta(days=9)
