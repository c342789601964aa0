"""Hand-worked cases for the clusters where the engine went wrong on HMPPS cases it had not seen (issue 13).

Each case is worked from the statute / PSI 03/2015 text (the working is in the comments), or checks that a
situation the engine cannot settle is refused with its reason rather than answered.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace as NS

import pytest

from casebook.sentencing import InvalidBooking, NotSupported, calculate
from casebook.sentencing.casebook_adapter import calculate_for_client
from casebook.sentencing.durations import Term
from casebook.sentencing.hmpps_json import parse_booking
from casebook.sentencing.model import AdjustmentIn, BookingIn, Movement, SentenceIn


def sds(sa, term, *, offence=None, ident="", cons=None, recall=None, **kw):
    return SentenceIn("SDS", sa, term, offence_date=offence or sa, ident=ident, consecutive_to=cons,
                      recall_type=recall, **kw)


def dto(sa, term, *, offence=None, ident="", cons=None):
    return SentenceIn("DTO", sa, term, offence_date=offence or sa, ident=ident, consecutive_to=cons)


def dates(booking):
    return calculate(booking).as_iso_dict()


# -- DTO: concurrent orders are one term (Sentencing Act 2020 s.238) ----------------------------------
def test_concurrent_dtos_of_different_dates_are_one_term():
    # DTO 12 months on 1 Jan 2024 (ends 31 Dec 2024); DTO 12 months on 1 Jun 2024 (ends 31 May 2025).
    # s.238: a single term from 1 Jan 2024 to 31 May 2025 = 366 + 151 = 517 days (under the 24-month
    # limit). Half-way point (s.241(2)): ceil(517 / 2) = 259 days → 1 Jan 2024 + 258 = 15 Sep 2024. 517 days
    # is 17 months: 8 to under 18 months → release one month either side (s.241(4)-(5)).
    b = BookingIn(sentences=[dto(date(2024, 1, 1), Term(months=12), ident="a"),
                             dto(date(2024, 6, 1), Term(months=12), ident="b")],
                  date_of_birth=date(2007, 1, 1))
    got = dates(b)
    assert got["MTD"] == "2024-09-15"
    assert got["ETD"] == "2024-08-15" and got["LTD"] == "2024-10-15"
    assert got["SED"] == "2025-05-31"
    # Each order apart would have put the mid-term at 30 Nov 2024 (the later order's own half): wrong.


def test_concurrent_dtos_single_term_is_capped_at_24_months():
    # DTO 12 months on 1 Jan 2024 (half-way 1 Jul 2024) and DTO 24 months on 1 Jun 2024, before that release
    # (ends 31 May 2026): the single term would run to 31 May 2026, past 1 Jan 2026 = 24 months from the
    # first date, so it is 24 months: 731 days (2024 is a leap year). Mid-term ceil(731 / 2) = 366 days →
    # 31 Dec 2024.
    b = BookingIn(sentences=[dto(date(2024, 1, 1), Term(months=12), ident="a"),
                             dto(date(2024, 6, 1), Term(months=24), ident="b")],
                  date_of_birth=date(2007, 1, 1))
    got = dates(b)
    assert got["SED"] == "2025-12-31"
    assert got["MTD"] == "2024-12-31"
    assert got["ETD"] == "2024-10-31" and got["LTD"] == "2025-02-28"   # 18 to 24 months: two months


def test_dto_imposed_after_release_from_an_earlier_order_is_refused():
    # DTO 24 months on 1 Jan 2024 (half-way 31 Dec 2024, then supervision) and DTO 12 months on 1 Jun 2025:
    # imposed during the earlier order's supervision. Sentencing Act 2020 s.239 (an offender subject to a
    # DTO), HMPPS's single term and its booking timeline (a release starts a new period) differ; the suite
    # shows later orders imposed before the earlier release only: refused.
    b = BookingIn(sentences=[dto(date(2024, 1, 1), Term(months=24), ident="a"),
                             dto(date(2025, 6, 1), Term(months=12), ident="b")],
                  date_of_birth=date(2007, 1, 1))
    with pytest.raises(NotSupported, match="after release from an earlier order"):
        calculate(b)


def test_dto_single_term_has_top_up_supervision_as_one_order_does():
    # DTOs of 6 months on 1 Jan and 1 Mar 2023 (offences at 17, after 1 Feb 2015): one term (Sentencing Act
    # 2020 s.238) 1 Jan – 31 Aug 2023 = 31+28+31+30+31+30+31+31 = 243 days. Mid-term: ceil(243 / 2) = 122
    # days → 1 Jan + 121 = 2 May 2023 (s.241(2)). 243 days is 8 months exactly: one month either side
    # (s.241(4)-(5)): ETD 2 Apr 2023, LTD 2 Jun 2023. The person is 19 by then and the supervision after
    # release (121 days) is under a year: top-up supervision to mid-term + 12 months = 2 May 2024 (CJA 2003
    # Sentencing Act 2020 s.247; the single term takes the DTO date types, CRDS).
    b = BookingIn(sentences=[dto(date(2023, 1, 1), Term(months=6), offence=date(2021, 12, 1), ident="a"),
                             dto(date(2023, 3, 1), Term(months=6), offence=date(2021, 12, 1), ident="b")],
                  date_of_birth=date(2004, 1, 1))
    got = dates(b)
    assert got["MTD"] == "2023-05-02" and got["SED"] == "2023-08-31" and got["TUSED"] == "2024-05-02"
    assert got["ETD"] == "2023-04-02" and got["LTD"] == "2023-06-02"


@pytest.mark.parametrize("cons", [None, "a"])
def test_dtos_either_side_of_pcsc_commencement_are_refused(cons):
    # Before 28 June 2022 a DTO is credited only tagged bail (the court allowed for remand); from then remand
    # and tagged bail (PCSCA 2022 s.158). Orders either side of that date, concurrent (one term) or
    # consecutive, with remand: which rule HMPPS applies to the whole is not settled.
    b = BookingIn(sentences=[dto(date(2022, 5, 3), Term(months=8), ident="a"),
                             dto(date(2022, 7, 5), Term(months=8), ident="b", cons=cons)],
                  adjustments=[AdjustmentIn("REMAND", 20, date(2022, 5, 3))], date_of_birth=date(2006, 1, 1))
    with pytest.raises(NotSupported, match="either side of 28 June 2022"):
        calculate(b)


def test_dto_top_up_supervision_from_age_18_at_the_half_way_point():
    # DTO 8 months on 1 Mar 2024 (offence 1 Dec 2023): 1 Mar – 31 Oct 2024 = 31+30+31+30+31+31+30+31 = 245
    # days; half-way ceil(245 / 2) = 123 days → 1 Mar + 122 = 1 Jul 2024 (MTD). Born 15 Apr 2006: 18 at
    # the half-way point, so further supervision (Sentencing Act 2020 s.247; ORA 2014 s.6) to 12 months
    # after it: TUSED 1 Jul 2025. Born 15 Aug 2006: 17 then, no top-up supervision.
    order = dto(date(2024, 3, 1), Term(months=8), offence=date(2023, 12, 1), ident="a")
    got = dates(BookingIn(sentences=[order], date_of_birth=date(2006, 4, 15)))
    assert got["MTD"] == "2024-07-01" and got["TUSED"] == "2025-07-01"
    assert "TUSED" not in dates(BookingIn(sentences=[order], date_of_birth=date(2006, 8, 15)))


def test_dto_beside_an_sds_released_before_sds40_takes_the_old_kind_of_release():
    # DTO 8 months and SDS 10 months, both 10 Jan 2024 (before SDS40 commenced, 10 Sep 2024); born 1 Jun 2006.
    # SDS: 305 days; 40% = 122 days → 10 May 2024 (aged 17), one-half = 153 days → 10 Jun 2024 (aged 18). DTO
    # mid-term 122 days → 10 May 2024. At 40% everyone would be under 18 at release (an automatic release,
    # ARD); at one-half not (a CRD). Released before SDS40 commenced, 40% never applied: the one-half CRD of
    # 10 Jun 2024 (merging the two had left both an ARD and a CRD, refused before).
    b = BookingIn(sentences=[dto(date(2024, 1, 10), Term(months=8), offence=date(2023, 6, 1), ident="a"),
                             sds(date(2024, 1, 10), Term(months=10), offence=date(2023, 6, 1), ident="b")],
                  date_of_birth=date(2006, 6, 1))
    got = dates(b)
    assert got["CRD"] == "2024-06-10" and got["MTD"] == "2024-05-10" and "ARD" not in got


def test_dto_imposed_after_the_earlier_one_ended_is_refused():
    b = BookingIn(sentences=[dto(date(2024, 1, 1), Term(months=4), ident="a"),
                             dto(date(2024, 9, 1), Term(months=4), ident="b")],
                  date_of_birth=date(2007, 1, 1))
    with pytest.raises(NotSupported, match="after an earlier order had ended"):
        calculate(b)


def test_dtos_running_to_24_months_have_no_top_up_supervision():
    # DTOs of 12 + 12 months consecutive and 6 months concurrent, all on 1 Jul 2022: the line runs to 24
    # months (731 days to 30 Jun 2024), so top-up supervision does not apply to the orders (an order of 24
    # months is not "less than 2 years"; HMPPS gives none to the booking) though the 6-month order alone
    # would have it. Mid-term ceil(731 / 2) = 366 days → 1 Jul 2023; 18-24 months: ± 2 months.
    def d(term, ident, cons=None):
        return SentenceIn("DTO", date(2022, 7, 1), term, offence_date=date(2022, 1, 1), ident=ident,
                          consecutive_to=cons)
    b = BookingIn(sentences=[d(Term(months=12), "a"), d(Term(months=12), "b", "a"), d(Term(months=6), "c")],
                  date_of_birth=date(2004, 1, 1))
    result = calculate(b)
    assert result.as_iso_dict() == {"SED": "2024-06-30", "MTD": "2023-07-01", "ETD": "2023-05-01",
                                    "LTD": "2023-09-01", "ESED": "2024-06-30"}
    assert result.effective_sentence_length == "P2Y"


# -- top-up supervision of a recalled sentence (CJA 2003 s.256AA) ----------------------------------------
def test_recalled_sentence_tused_runs_from_the_first_release_at_one_half_before_sds40():
    # 12 months from 1 Jun 2023 = 366 days; released at one-half (183 days) on 30 Nov 2023, before SDS40
    # commenced (10 Sep 2024). The licence (183 days) is under a year: top-up supervision to 12 months after
    # that release, 30 Nov 2024 (s.256AA(4)), though recalled since (standard recall, PRRD = expiry).
    s = SentenceIn("SDS", date(2023, 6, 1), Term(months=12), offence_date=date(2023, 5, 1), ident="a",
                   recall_type="STANDARD")
    got = dates(BookingIn(sentences=[s], return_to_custody=date(2024, 3, 10), date_of_birth=date(1990, 1, 1)))
    assert got["TUSED"] == "2024-11-30"
    assert got["PRRD"] == got["SLED"] == "2024-05-31"


def test_a_recalled_sentence_does_not_expire_before_its_sentence_date():
    # 1 month from 10 Jan 2025 (expires 9 Feb 2025), recalled (standard) with 40 days' recall remand: 9 Feb −
    # 40 days = 31 Dec 2024, before the sentence was imposed. HMPPS holds a sentence's expiry at its
    # sentence date at the earliest (CRDS SentenceCalculation.expiryDate): SLED = PRRD = 10 Jan 2025.
    # Released at once, so the top-up supervision runs 12 months from the sentence date
    # (CRDS TusedCalculator).
    s = SentenceIn("SDS", date(2025, 1, 10), Term(months=1), offence_date=date(2024, 6, 1), ident="a",
                   recall_type="STANDARD")
    got = dates(BookingIn(sentences=[s], return_to_custody=date(2025, 1, 20),
                          adjustments=[AdjustmentIn("RECALL_REMAND", 40, date(2025, 1, 10))],
                          date_of_birth=date(1990, 1, 1)))
    assert got["SLED"] == got["PRRD"] == "2025-01-10" and got["TUSED"] == "2026-01-10"


def test_recalled_sentence_first_released_around_sds40_commencement_is_refused():
    # 19 months from 1 Jan 2024 = 578 days: 40% = 232 days → 19 Aug 2024, before tranche 1 (10 Sep 2024);
    # one-half = 289 days → 15 Oct 2024, after it. The release actually made (moved to a commencement date
    # or not) decides the top-up supervision, and the booking does not record it: refused.
    s = SentenceIn("SDS", date(2024, 1, 1), Term(months=19), offence_date=date(2023, 11, 1), ident="a",
                   recall_type="STANDARD")
    with pytest.raises(NotSupported, match="top-up supervision of a recalled sentence"):
        calculate(BookingIn(sentences=[s], return_to_custody=date(2025, 1, 10),
                            date_of_birth=date(1990, 1, 1)))


def _botus_doc(tused, toggles=None):
    doc = {"booking": {"offender": {"reference": "A", "dateOfBirth": "1990-01-01"},
                       "sentences": [{"type": "BotusSentence", "sentencedAt": "2025-03-01",
                                      "offence": {"committedAt": "2025-01-01"},
                                      "duration": {"durationElements": {"DAYS": 14}}}],
                       "adjustments": {},
                       "historicalTusedData": {"tused": tused, "historicalTusedSource": "NOMIS"}},
           "params": "calculation-params"}
    if toggles:
        doc["featureToggles"] = toggles
    return doc


def test_botus_committal_keeps_the_recorded_top_up_supervision_end():
    # Committal for breach of top-up supervision, 14 days from 1 Mar 2025, served in full: ARD = SED =
    # 14 Mar 2025. The supervision recorded before ends 1 Sep 2025, after the committal: it runs on
    # (CJA 2003 s.256AC), TUSED 1 Sep 2025.
    assert dates(parse_booking(_botus_doc("2025-09-01"))) == {"ARD": "2025-03-14", "SED": "2025-03-14",
                                                             "TUSED": "2025-09-01"}


def test_botus_with_a_recorded_end_before_the_committal_expires_is_refused():
    with pytest.raises(NotSupported, match="top-up supervision recorded before"):
        calculate(parse_booking(_botus_doc("2025-03-05")))


def test_botus_under_the_top_up_repeal_keeps_the_recorded_end():
    # Sentencing Act 2026 repeal (HMPPS applyPostRecallRepealRules): a committal alone still shows the end
    # recorded before (CRDS extractSingle reads it without testing the toggle; rule
    # BOTUS_LATEST_TUSED_USED_POST_REPEAL). Was: none. UNCONFIRMED.
    got = calculate(parse_booking(_botus_doc("2025-09-01", {"applyPostRecallRepealRules": True})))
    assert got.as_iso_dict()["TUSED"] == "2025-09-01" and not got.dates["TUSED"].confirmed


def test_botus_committal_with_time_unlawfully_at_large_is_refused():
    # 14 days from 1 Mar 2025 (ARD = SED = 14 Mar 2025, served in full). UAL 5-9 Mar 2025 (5 days): HMPPS
    # clears only remand and tagged bail for the committal, so the UAL would move its dates; not shown.
    doc = _botus_doc("2025-09-01")
    doc["booking"]["adjustments"] = {"UNLAWFULLY_AT_LARGE": [
        {"appliesToSentencesFrom": "2025-03-01", "numberOfDays": 5, "fromDate": "2025-03-05",
         "toDate": "2025-03-09"}]}
    with pytest.raises(NotSupported, match="unlawfully at large during a committal for breach"):
        calculate(parse_booking(doc))


# -- 56-day fixed-term recall (Sentencing Act 2026; tranches by the longest term) ------------------------
def _ftr56(revocation):
    return SentenceIn("SDS", date(2024, 1, 10), Term(years=3), offence_date=date(2023, 6, 1), ident="a",
                      recall_type="FTR56", revocation_date=revocation)


def test_ftr56_release_before_the_tranche_date_moves_to_it():
    # 3 years from 10 Jan 2024: expiry 9 Jan 2027. Returned to custody 10 Jan 2026: 56 days → 10 Jan + 55 =
    # 6 Mar 2026. A term under 5 years is in the first FTR56 tranche, 31 Mar 2026: re-release is not
    # before it.
    b = BookingIn(sentences=[_ftr56(date(2026, 1, 5))], return_to_custody=date(2026, 1, 10),
                  date_of_birth=date(1990, 1, 1))
    assert dates(b) == {"SLED": "2027-01-09", "PRRD": "2026-03-31", "ESED": "2027-01-09"}


def test_ftr56_release_after_the_tranche_date_is_56_days():
    # Returned 10 Mar 2026: 10 Mar + 55 = 4 May 2026, after every tranche date: it stands.
    b = BookingIn(sentences=[_ftr56(date(2026, 3, 1))], return_to_custody=date(2026, 3, 10),
                  date_of_birth=date(1990, 1, 1))
    assert dates(b)["PRRD"] == "2026-05-04"


def test_ftr56_without_a_revocation_date_before_commencement_is_refused():
    # HMPPS picks the tranche from the recalls expiring after the latest licence revocation: with none
    # recorded no tranche applies, and 10 Jan + 55 = 6 Mar 2026 ends before 56-day recall commenced — what
    # HMPPS does then is not shown (the cases where the 56 days end later: test_ftr56_tranches.py).
    b = BookingIn(sentences=[_ftr56(None)], return_to_custody=date(2026, 1, 10),
                  date_of_birth=date(1990, 1, 1))
    with pytest.raises(NotSupported, match="no FTR56 tranche"):
        calculate(b)


def test_ftr56_unlawfully_at_large_after_return_is_added_where_56_days_stand():
    # As a 14/28-day recall (CRDS adjustmentsForFixedTermRecall for every fixed-term recall; see
    # test_crds_recalls.py): 10 Mar + 55 = 4 May 2026, + 5 days at large from 20 Mar = 9 May 2026.
    b = BookingIn(sentences=[_ftr56(date(2026, 3, 1))], return_to_custody=date(2026, 3, 10),
                  adjustments=[AdjustmentIn("UAL", 5, date(2026, 3, 20), date(2026, 3, 20),
                                            date(2026, 3, 24))],
                  date_of_birth=date(1990, 1, 1))
    assert dates(b)["PRRD"] == "2026-05-09"


# -- CJA 1991 sentences (offences before 4 April 2005): ARD/SED and the single term ----------------------
def _old(sa, term, offence=date(2003, 6, 1), ident=""):
    return SentenceIn("SDS", sa, term, offence_date=offence, ident=ident)


def test_overlapping_short_cja_1991_terms_are_one_term():
    # 3 months on 31 Jul 2012 (ends 30 Oct 2012) and 4 months on 17 Aug 2012 (ends 16 Dec 2012), offences
    # before 4 April 2005: CJA 1991 s.51(2) single term 31 Jul – 16 Dec 2012 = 139 days; under 12 months:
    # automatic release at one-half, ceil(139 / 2) = 70 days → 8 Oct 2012 (PSI 03/2015 example 32).
    b = BookingIn(sentences=[_old(date(2012, 7, 31), Term(months=3), ident="a"),
                             _old(date(2012, 8, 17), Term(months=4), ident="b")],
                  date_of_birth=date(1980, 1, 1))
    got = dates(b)
    assert got["ARD"] == "2012-10-08" and got["SED"] == "2012-12-16"


def test_cja_1991_term_imposed_after_release_from_the_first_is_refused():
    # 3 months on 5 Jan 2004 (released at one-half, 19 Feb 2004; ends 4 Apr 2004), then 3 months on 1 Jun
    # 2004: HMPPS joins them into one term regardless; CJA 1991 s.51(2) does not (not concurrent or
    # overlapping): not settled, refused.
    b = BookingIn(sentences=[_old(date(2004, 1, 5), Term(months=3), ident="a"),
                             _old(date(2004, 6, 1), Term(months=3), ident="b")],
                  date_of_birth=date(1980, 1, 1))
    with pytest.raises(NotSupported, match="imposed after release"):
        calculate(b)


@pytest.mark.parametrize("second, movements", [
    # 6 months on 10 Jan 2004 (ends 9 Jul 2004): half-way ceil(182 / 2) = 91 days → ARD 9 Apr 2004. A second
    # term imposed on 1 Jun 2004 overlaps the first's term but comes after its release date.
    (date(2004, 6, 1), ()),
    # imposed on 20 Mar 2004, before that ARD, but after a release on HDC recorded on 1 Mar 2004.
    (date(2004, 3, 20), (date(2004, 3, 1),)),
])
def test_cja_1991_term_imposed_after_release_while_the_first_still_runs_is_refused(second, movements):
    # s.51(2) joins "partly concurrent" terms; HMPPS joins any concurrent CJA 1991 terms of different dates;
    # its booking timeline starts a new period in custody after a release: not settled, refused.
    b = BookingIn(sentences=[_old(date(2004, 1, 10), Term(months=6), ident="a"),
                             _old(second, Term(months=6), offence=date(2004, 2, 1), ident="b")],
                  movements=tuple(Movement(m, "OUT", "HDC") for m in movements),
                  out_of_custody=tuple((m, second) for m in movements), date_of_birth=date(1980, 1, 1))
    with pytest.raises(NotSupported, match="after release from an earlier one still running"):
        calculate(b)


def test_cja_1991_term_imposed_before_the_first_release_is_one_term():
    # 6 months on 10 Jan 2004 and 6 months on 20 Mar 2004 (before the first's ARD, 9 Apr 2004), no release
    # recorded: one term 10 Jan – 19 Sep 2004 = 22+29+31+30+31+30+31+31+19 = 254 days; ARD ceil(254 / 2) =
    # 127 days → 10 Jan + 126 = 15 May 2004.
    b = BookingIn(sentences=[_old(date(2004, 1, 10), Term(months=6), ident="a"),
                             _old(date(2004, 3, 20), Term(months=6), offence=date(2004, 2, 1), ident="b")],
                  date_of_birth=date(1980, 1, 1))
    got = dates(b)
    assert got["ARD"] == "2004-05-15" and got["SED"] == "2004-09-19"


def test_concurrent_cja_1991_terms_one_of_12_months_or_more_are_one_term():
    # 18 months on 5 Jan 2004 (ends 4 Jul 2005) and 6 months on 1 Mar 2004, before the first's release: one
    # term (CJA 1991 s.51(2) joins terms of any length; CRDS SingleTermSentence) from 5 Jan 2004 to 4 Jul 2005
    # = 547 days, as the first alone: CRD ceil(547 / 2) = 274 days → 4 Oct 2004, LED ceil(547 × 3/4) = 411
    # days → 18 Feb 2005 (s.37(1)), SED 4 Jul 2005. (Refused before: see test_crds_core for 18 + 18 months.)
    b = BookingIn(sentences=[_old(date(2004, 1, 5), Term(months=18), ident="a"),
                             _old(date(2004, 3, 1), Term(months=6), ident="b")],
                  date_of_birth=date(1980, 1, 1))
    got = dates(b)
    assert (got["CRD"], got["LED"], got["SED"]) == ("2004-10-04", "2005-02-18", "2005-07-04")


# -- early removal (CJA 2003 s.260) ----------------------------------------------------------------------
def test_no_early_removal_date_for_a_cja_1991_sentence():
    # Offence 1 Jun 2004 (before 4 April 2005), sentenced 10 Jan 2005: CJA 1991 release rules, outside the
    # scheme as HMPPS applies it: no ERSED, though the other dates stand (2 years: release at one-half,
    # 9 Jan 2006; licence to three-quarters, 11 Jul 2006).
    s = SentenceIn("SDS", date(2005, 1, 10), Term(years=2), offence_date=date(2004, 6, 1), ident="a")
    got = dates(BookingIn(sentences=[s], calculate_ersed=True, date_of_birth=date(1980, 1, 1)))
    assert "ERSED" not in got
    assert got["CRD"] == "2006-01-09" and got["LED"] == "2006-07-11"


@pytest.mark.parametrize("cons", ["a", None])
def test_early_removal_for_consecutive_or_combined_cja_1991_terms_is_refused(cons):
    # Two terms for offences before 4 April 2005, imposed in 2004: consecutive (a line) or concurrent and
    # overlapping (one term, CJA 1991 s.51(2)). HMPPS leaves a single CJA 1991 sentence out of the scheme
    # by its sentence type only, so a line or single term of them is not excluded by that test: refused.
    a = SentenceIn("SDS", date(2004, 1, 10), Term(months=6), offence_date=date(2003, 6, 1), ident="a")
    b = SentenceIn("SDS", date(2004, 2, 10), Term(months=6), offence_date=date(2003, 6, 1), ident="b",
                   consecutive_to=cons)
    with pytest.raises(NotSupported, match="early removal date for consecutive or combined CJA 1991"):
        calculate(BookingIn(sentences=[a, b], calculate_ersed=True, date_of_birth=date(1980, 1, 1)))
    # without the early removal question the dates stand
    assert "ERSED" not in dates(BookingIn(sentences=[a, b], date_of_birth=date(1980, 1, 1)))


def test_early_removal_beside_a_dto_moves_to_the_mid_term_not_the_dtos_own():
    # SDS 2 years and DTO 12 months, both 10 Jan 2025, 17 at sentence. SDS: 730 days × 40% = 292 days →
    # CRD 28 Oct 2025; ERS50 (imposed before 23 Sep 2025): one-half of 292 = 146 days → 5 Jun 2025, before
    # 23 Sep 2025 so it stands. DTO: mid-term 183 days → 11 Jul 2025. The removal date cannot be before the
    # DTO's mid-term where that comes before the CRD: ERSED 11 Jul 2025. A DTO has no ERSED of its own.
    s = SentenceIn("SDS", date(2025, 1, 10), Term(years=2), offence_date=date(2024, 6, 1), ident="a")
    d = SentenceIn("DTO", date(2025, 1, 10), Term(months=12), offence_date=date(2024, 6, 1), ident="b")
    got = dates(BookingIn(sentences=[s, d], calculate_ersed=True, date_of_birth=date(2007, 3, 1)))
    assert got["ERSED"] == "2025-07-11" and got["MTD"] == "2025-07-11" and got["CRD"] == "2025-10-28"


def test_additional_days_are_not_added_to_a_default_term_whenever_awarded():
    # Default term of 60 days from 1 Jun 2024: release at one-half, 30 days → ARD 30 Jun 2024; SED 30 Jul 2024
    # (CJA 2003 s.258). 5 additional days awarded on 10 Jun 2024, after the term was imposed: HMPPS gives a
    # sentence made only of default terms no additional days (CRDS TimelineCalculator setAdjustments) — ARD
    # stays 30 Jun 2024 (the engine added them before).
    f = SentenceIn("AFINE", date(2024, 6, 1), Term(days=60), offence_date=date(2024, 1, 1), ident="f")
    got = dates(BookingIn(sentences=[f], adjustments=[AdjustmentIn("ADA", 5, date(2024, 6, 10))],
                          date_of_birth=date(1990, 1, 1)))
    assert got["ARD"] == "2024-06-30" and got["SED"] == "2024-07-30"


def test_hdced_beside_a_line_with_an_sds_plus_term():
    # A line from 10 Jan 2022: 4 years SDS+ (by type, length and offence) then 6 months consecutive; released
    # 21 Nov 2024. A 3-year SDS from 1 Sep 2024 (40%: 1,095 × 0.4 = 438 days → CRD 12 Nov 2025) has an HDCED
    # of its own (180-day rules: 438 - 180 = 258 days → 17 May 2025). HMPPS withholds every HDCED only where a
    # *single* sentence is SDS+ (CRDS HdcedExtractionService, every version); the line, without HDC of its
    # own, was released before that HDCED: it stands. (Refused before issue 13's HDC pass; a line made only of
    # SDS+ terms still is, see test_crds_hdc_ers.py.) With the SDS+ term standing alone, no HDCED.
    a = SentenceIn("SDS", date(2022, 1, 10), Term(years=4), offence_date=date(2021, 6, 1), ident="a",
                   sds_plus=True, sds_plus_eligible=True)
    b = SentenceIn("SDS", date(2022, 1, 10), Term(months=6), offence_date=date(2021, 6, 1), ident="b",
                   consecutive_to="a")
    c = SentenceIn("SDS", date(2024, 9, 1), Term(years=3), offence_date=date(2024, 1, 1), ident="c")
    got = dates(BookingIn(sentences=[a, b, c], date_of_birth=date(1990, 1, 1)))
    assert got["HDCED"] == "2025-05-17" and got["CRD"] == "2025-11-12"
    got = dates(BookingIn(sentences=[a, c], date_of_birth=date(1990, 1, 1)))
    assert "HDCED" not in got and got["CRD"] == "2025-11-12"


# -- HDC next to the progression model (Sentencing Act 2026) ---------------------------------------------
PM_PROFILE = "sds-progression-model-october"


def test_hdced_stands_where_release_under_the_old_rules_comes_first():
    # SDS 2 years from 2 Jun 2025: 731 days × 40% = 293 days → CRD 20 Mar 2026, before the progression
    # model's first tranche (1 Oct 2026): the old dates stand, HDCED with them (one-half of the 293-day
    # custodial period, 147 days → 26 Oct 2025; CJA 2003 s.246).
    s = SentenceIn("SDS", date(2025, 6, 2), Term(years=2), offence_date=date(2025, 1, 1), ident="a")
    got = dates(BookingIn(sentences=[s], date_of_birth=date(1990, 1, 1), profile=PM_PROFILE))
    assert got["CRD"] == "2026-03-20" and got["HDCED"] == "2025-10-26"


def test_hdced_next_to_the_progression_model_is_the_one_before_it():
    # SDS 3 years from 2 Mar 2026 (before the model commenced) = 1,096 days. Before the model (SDS40):
    # 40% → ceil(438.4) = 439 days → CRD 2 Mar 2026 + 438 = 14 May 2027; HDC (365-day rules, under the
    # 730-day mid-point): max(28, ceil(439 / 2)) = 220 days → 2 Mar 2026 + 220 = 8 Oct 2026 (to 31 Mar is
    # 29, 30 Apr 59, 31 May 90, 30 Jun 120, 31 Jul 151, 31 Aug 182, 30 Sep 212, + 8).
    # Under the model: one-third, ceil(365.33) = 366 days → 2 Mar 2027, after its tranche (1 Oct 2026): CRD
    # 2 Mar 2027. HMPPS keeps the HDCED worked out before the model (CRDS SDSProgressionModelFinalDates-
    # Service): 8 Oct 2026, not one on the model's release point.
    s = SentenceIn("SDS", date(2026, 3, 2), Term(years=3), offence_date=date(2025, 1, 1), ident="a")
    got = dates(BookingIn(sentences=[s], date_of_birth=date(1990, 1, 1), profile=PM_PROFILE))
    assert got["CRD"] == "2027-03-02" and got["HDCED"] == "2026-10-08"


def test_hdced_before_the_model_falling_after_the_release_under_it_is_refused():
    # SDS 7 years from 16 May 2025 (2,557 days), excluded from SDS40 (violent): before the model, one-half =
    # 1,279 days → CRD 14 Nov 2028, with an HDCED a year or so before it (late 2027). Under the model,
    # one-third = 853 days → 15 Sep 2027, after every tranche date: that CRD stands. HMPPS's merge keeps the
    # HDCED from before the model, which now falls after the release — not settled, refused.
    s = SentenceIn("SDS", date(2025, 5, 16), Term(years=7), offence_date=date(2023, 6, 18), ident="a",
                   exclusions=frozenset({"VIOLENT"}))
    with pytest.raises(NotSupported, match="HDCED worked out before the progression model"):
        calculate(BookingIn(sentences=[s], date_of_birth=date(1984, 5, 22), profile=PM_PROFILE))


def test_hdced_under_the_progression_model_after_the_tranche_stands():
    # SDS 2 years from 2 Nov 2026, after commencement: one-third (731 → 244 days) → CRD 3 Jul 2027, no
    # tranche; HDCED on that release point stands. With HDC repealed (HMPPS toggle) there is none.
    s = SentenceIn("SDS", date(2026, 11, 2), Term(years=2), offence_date=date(2025, 1, 1), ident="a")
    got = dates(BookingIn(sentences=[s], date_of_birth=date(1990, 1, 1), profile=PM_PROFILE))
    assert got["CRD"] == "2027-07-03" and "HDCED" in got
    got = dates(BookingIn(sentences=[s], date_of_birth=date(1990, 1, 1), profile=PM_PROFILE,
                          toggles=frozenset({"applyPostHdcedRepealRules"})))
    assert "HDCED" not in got and got["SLED"] == "2028-11-01"


def test_tused_where_the_release_under_the_model_is_not_its_own_is_refused():
    # 12 months (365 days), offence after 1 Feb 2015, adult, from 1 Jun 2026: one-third (122 days) → 30 Sep
    # 2026, before the tranche date, so release waits for 1 Oct 2026; the model's TUSED is 30 Sep 2027, the
    # old rules' (40%, 146 days → 24 Oct 2026) 24 Oct 2027. HMPPS merges only HDCED/CRD/PED/ERSED into its
    # model calculation; which TUSED it gives: not settled.
    sa = date(2026, 6, 1)
    s = SentenceIn("SDS", sa, Term(months=12), offence_date=date(2025, 1, 1), ident="a")
    with pytest.raises(NotSupported,
                       match="top-up supervision where the release under the progression model"):
        calculate(BookingIn(sentences=[s], date_of_birth=date(1990, 1, 1), profile=PM_PROFILE))
    # with top-up supervision repealed (HMPPS toggle) there is none to decide
    got = dates(BookingIn(sentences=[s], date_of_birth=date(1990, 1, 1), profile=PM_PROFILE,
                          toggles=frozenset({"applyPostRecallRepealRules"})))
    assert "TUSED" not in got


def test_tused_of_a_release_before_the_model_commenced_is_the_old_one():
    # 12 months from 1 Jun 2025 (365 days): 40% = 146 days → CRD 24 Oct 2025, long before the first tranche
    # (1 Oct 2026). HMPPS changes only sentences still to be released at the tranche date (CRDS
    # TimelineSDSTrancheCalculationHandler), so the model never applied: TUSED 24 Oct 2026 (was refused, the
    # model's one-third giving 30 Sep 2026).
    s = SentenceIn("SDS", date(2025, 6, 1), Term(months=12), offence_date=date(2025, 1, 1), ident="a")
    got = dates(BookingIn(sentences=[s], date_of_birth=date(1990, 1, 1), profile=PM_PROFILE))
    assert got["CRD"] == "2025-10-24" and got["TUSED"] == "2026-10-24"


def test_tused_where_the_models_own_release_stands():
    # 12 months from 1 Aug 2026 (365 days): one-third ceil(121.67) = 122 days → 1 Aug + 121 = 30 Nov 2026,
    # after its tranche date (1 Oct 2026): the model's release stands. Licence 365 − 122 = 243 days, under a
    # year: TUSED 30 Nov 2027 (CJA 2003 s.256AA), as both readings of HMPPS would give.
    s = SentenceIn("SDS", date(2026, 8, 1), Term(months=12), offence_date=date(2025, 1, 1), ident="a")
    got = dates(BookingIn(sentences=[s], date_of_birth=date(1990, 1, 1), profile=PM_PROFILE))
    assert got["CRD"] == "2026-11-30" and got["TUSED"] == "2027-11-30"


def test_model_chain_with_the_term_in_the_model_first_is_calculated():
    # A term in the progression model (one-third) followed consecutively by detention under s.250, kept out
    # of it (40%). The terms are grouped by release fraction in order of first appearance (CRDS
    # UnadjustedReleaseDate.getConsecutiveRelease; the model changes only the parts it applies to,
    # ApplicableLegislation.applyToSentence). 3 years from 10 Jan 2025 (1,095 days) × one-third = 365 days →
    # notional 9 Jan 2026; then 3 years from 10 Jan 2026 (1,096 days, 2028 leap) × 40% = 439 days: 804 days →
    # 24 Mar 2027. The line is 2,191 days: tranche 6 (9 Feb 2027), before the new release, which stands (the
    # old one, 40% of 2,191 = 877 days → 5 Jun 2027, is after it).
    a = SentenceIn("SDS", date(2025, 1, 10), Term(years=3), offence_date=date(2024, 6, 1), ident="a")
    b = SentenceIn("SDS", date(2025, 1, 10), Term(years=3), offence_date=date(2024, 6, 1), ident="b",
                   consecutive_to="a", section250=True)
    got = dates(BookingIn(sentences=[a, b], date_of_birth=date(1990, 1, 1), profile=PM_PROFILE,
                          active_sex_offender=True))
    assert got["CRD"] == "2027-03-24" and got["SLED"] == "2031-01-09"
    # 2 + 2 years: 1,461 days, 40% → 585 days → 17 Aug 2026, released before the model commenced: it never
    # applied, and the old rules' answer stands (the order does not arise).
    a, b = replace(a, term=Term(years=2)), replace(b, term=Term(years=2))
    got = dates(BookingIn(sentences=[a, b], date_of_birth=date(1990, 1, 1), profile=PM_PROFILE,
                          active_sex_offender=True))
    assert got["CRD"] == "2026-08-17" and got["SLED"] == "2029-01-09"


def test_model_chain_with_the_excluded_term_first_is_calculated():
    # s.250 detention 2 years from 10 Jan 2025 (730 days; 40% → 292 days) then a term in the model, 2 years
    # from the end of the first (731 days, 2028 a leap year; one-third → 244 days): 536 days → 29 Jun 2026
    # under the model. Under the old rules (40% of the 1,461-day line = 585 days) 17 Aug 2026, before the
    # first tranche (1 Oct 2026): the old release stands.
    a = SentenceIn("SDS", date(2025, 1, 10), Term(years=2), offence_date=date(2024, 6, 1), ident="a",
                   section250=True)
    b = SentenceIn("SDS", date(2025, 1, 10), Term(years=2), offence_date=date(2024, 6, 1), ident="b",
                   consecutive_to="a")
    got = dates(BookingIn(sentences=[a, b], date_of_birth=date(1990, 1, 1), profile=PM_PROFILE,
                          active_sex_offender=True))
    assert got["CRD"] == "2026-08-17"


# -- the HMPPS booking: what the reader does not interpret is refused, never ignored ----------------------
def _doc(**extra):
    doc = {"booking": {"offender": {"reference": "A", "dateOfBirth": "1990-01-01"},
                       "sentences": [{"type": "StandardSentence", "sentencedAt": "2025-01-10",
                                      "offence": {"committedAt": "2024-06-01"},
                                      "duration": {"durationElements": {"YEARS": 3}}}],
                       "adjustments": {}},
           "params": "calculation-params"}
    doc.update(extra)
    return doc


def test_a_booking_read_as_given_still_calculates():
    # 3 years from 10 Jan 2025 = 1,095 days; 40% = 438 days → CRD 23 Mar 2026 (SI 2024/844).
    assert dates(parse_booking(_doc()))["CRD"] == "2026-03-23"


def test_an_earlier_calculation_with_other_dates_is_refused():
    # ("calculation from stored": HMPPS may keep a previously recorded SLED later than today's.)
    doc = _doc(previousCalculations=[{"calculationType": "CALCULATED", "calculationStatus": "CONFIRMED",
                                      "calculationDate": "2025-02-01", "dates": {"SLED": "2028-06-09"}}])
    with pytest.raises(NotSupported, match="calculation recorded before"):
        calculate(parse_booking(doc))
    same = _doc(previousCalculations=[{"dates": {"SLED": "2028-01-09", "CRD": "2026-03-23"}}])
    assert dates(parse_booking(same))["SLED"] == "2028-01-09"


@pytest.mark.parametrize("change", [
    lambda d: d["booking"]["sentences"][0]["offence"].update(isPcscSdsPlus=True),
    lambda d: d["booking"]["sentences"][0].update(sentenceCalculationType="ADIMP_ORA"),
    lambda d: d.update(userInputs={"useOffenceIndicators": False}),
    lambda d: d["booking"].update(somethingNew={"x": 1}),
])
def test_fields_the_reader_does_not_interpret_are_refused(change):
    doc = _doc()
    change(doc)
    with pytest.raises(NotSupported):
        parse_booking(doc)


@pytest.mark.parametrize("direction, reason", [("OUT", "TEMPORARY_ABSENCE"), ("IN", "RECALL"), ("OUT", ""),
                                               ("SIDEWAYS", "CRD")])
def test_a_movement_the_service_does_not_know_is_refused(direction, reason):
    doc = _doc()
    doc["booking"]["externalMovements"] = [{"movementDate": "2025-06-01", "direction": direction,
                                            "movementReason": reason}]
    with pytest.raises(NotSupported, match="external movement"):
        parse_booking(doc)


def test_an_adjustment_field_the_reader_does_not_interpret_is_refused():
    doc = _doc()
    doc["booking"]["adjustments"] = {"REMAND": [{"appliesToSentencesFrom": "2025-01-10", "numberOfDays": 10,
                                                 "status": "INACTIVE"}]}
    with pytest.raises(NotSupported, match="REMAND adjustment field 'status'"):
        parse_booking(doc)


def test_a_recall_length_no_sentence_is_recalled_for_is_refused():
    doc = _doc()
    doc["booking"]["sentences"][0]["recall"] = {"recallType": "FIXED_TERM_RECALL_28"}
    doc["booking"]["returnToCustodyDate"] = "2026-05-01"
    doc["booking"]["fixedTermRecallDetails"] = {"returnToCustodyDate": "2026-05-01", "recallLength": 14}
    with pytest.raises(NotSupported, match="fixed-term recall of 14 days"):
        parse_booking(doc)
    doc["booking"]["fixedTermRecallDetails"]["recallLength"] = 28
    assert parse_booking(doc).sentences[0].recall_type == "FTR28"


def test_a_sentence_with_no_offence_date_is_refused():
    doc = _doc()
    del doc["booking"]["sentences"][0]["offence"]["committedAt"]
    with pytest.raises(NotSupported, match="no offence date"):
        parse_booking(doc)


def test_a_known_release_movement_is_read():
    doc = _doc()
    doc["booking"]["externalMovements"] = [{"movementDate": "2026-03-23", "direction": "OUT",
                                            "movementReason": "CRD"}]
    assert parse_booking(doc).movements[0].reason == "CRD"


def test_a_booking_the_service_rejects_by_a_rule_the_engine_lacks_is_refused():
    # The same 3-year SDS calculates (CRD 23 Mar 2026, above), but the file records that the service rejects
    # the booking with a validation this engine does not apply: no dates.
    with pytest.raises(NotSupported, match="service rejects this booking .SOME_NEW_VALIDATION."):
        calculate(parse_booking(_doc(expectedValidationException="SOME_NEW_VALIDATION")))
    with pytest.raises(NotSupported, match="NoValidReturnToCustodyDateException"):
        calculate(parse_booking(_doc(error="NoValidReturnToCustodyDateException")))


def test_a_rejection_the_engine_detects_itself_keeps_its_own_reason():
    # 3 years with 1,200 days remand: release (438 days) before the sentence date — the engine's own check.
    doc = _doc(expectedValidationException="RELEASE_DATE_BEFORE_SENTENCE_DATE")
    doc["booking"]["adjustments"] = {
        "REMAND": [{"appliesToSentencesFrom": "2025-01-10", "numberOfDays": 1200}]}
    with pytest.raises(InvalidBooking, match="release date is before the sentence date"):
        calculate(parse_booking(doc))


def test_a_remand_overlap_reported_by_the_service_is_still_calculated():
    # HMPPS reports REMAND_OVERLAPS_WITH_SENTENCE and still gives the dates (the suite's crs-2082).
    assert dates(parse_booking(_doc(expectedValidationException="REMAND_OVERLAPS_WITH_SENTENCE")))["CRD"] \
        == "2026-03-23"


# -- casebook adapter: sentence types the engine does not calculate --------------------------------------
def _sentence(**kw):
    base = dict(id=1, client_id=1, sentence_type="SDS", offence="theft", offence_date=date(2024, 6, 1),
                sentence_date=date(2025, 1, 10), custodial_term="P3Y", extension_term=None, minimum_term=None,
                consecutive_to=None, offence_flags=[], recall_type=None, recall_date=None)
    base.update(kw)
    return NS(**base)


@pytest.mark.parametrize("stype, words", [
    ("STS", "release from a serious terrorism sentence"),
    ("DCR", "discretionary conditional release"),
])
def test_adapter_refuses_sts_and_dcr_with_the_reason(stype, words):
    c = calculate_for_client([_sentence(sentence_type=stype, custodial_term="P14Y")], [],
                             today=date(2026, 1, 1))
    assert c.result is None
    assert words in c.refusal
    assert "enter the prison's dates" in c.refusal
    assert f"sentence type {stype}" not in c.refusal


__all__ = ["AdjustmentIn", "sds"]


# -- periods in custody: a sentence imposed after release starts a new one (metamorphic check) --------
def _released_then_sentenced(second: date, remand: int) -> BookingIn:
    # 6 months on Wed 10 Jan 2024 (182 days, to 9 Jul 2024): release at one-half (sds-50) on day 91 = 9 Apr
    # 2024, less the remand recorded against it; a second sentence of 3 months on ``second``.
    return BookingIn(sentences=[sds(date(2024, 1, 10), Term(months=6), offence=date(2023, 12, 1), ident="a"),
                                sds(second, Term(months=3), offence=date(2023, 12, 1), ident="b")],
                     adjustments=[AdjustmentIn("REMAND", remand, date(2024, 1, 10))], profile="sds-50")


def test_a_sentence_imposed_the_day_after_release_does_not_share_the_remand():
    # 7 days' remand: released Tue 2 Apr 2024. HMPPS closes a period in custody on any date after the release
    # (CRDS BookingTimelineService.checkForReleasesAndLicenceExpiry), so a sentence imposed on Wed 3 Apr
    # starts a new one and only its own adjustments count: 3 months from 3 Apr 2024 = 28+31+30+2 = 91 days,
    # release on day ceil(91 / 2) = 46 → 3 Apr + 45 = 18 May 2024 (was 11 May: the remand shared).
    assert dates(_released_then_sentenced(date(2024, 4, 3), 7))["CRD"] == "2024-05-18"
    # Imposed on the release day itself it is in the same period: 3 months from 2 Apr 2024 = 29+31+30+1 = 91
    # days, day 46 = 17 May, less the 7 days' remand = 10 May 2024.
    assert dates(_released_then_sentenced(date(2024, 4, 2), 7))["CRD"] == "2024-05-10"


def test_release_on_a_sunday_is_taken_on_the_friday_before():
    # 2 days' remand: release Sun 7 Apr 2024, taken on the working day before, Fri 5 Apr (CRDS
    # calculateLatestCustodialRelease: previousWorkingDay). A sentence imposed on Sat 6 Apr is after it: 3
    # months from 6 Apr = 25+31+30+5 = 91 days, day 46 → 6 Apr + 45 = 21 May 2024, no remand (was 19 May).
    assert dates(_released_then_sentenced(date(2024, 4, 6), 2))["CRD"] == "2024-05-21"
    # Imposed on the Friday it is not: 3 months from 5 Apr = 26+31+30+4 = 91 days, day 46 = 20 May, less the
    # 2 days' remand = 18 May 2024.
    assert dates(_released_then_sentenced(date(2024, 4, 5), 2))["CRD"] == "2024-05-18"


def test_a_release_moved_only_by_a_bank_holiday_is_refused():
    # 9 days' remand: release Easter Sunday 31 Mar 2024; the working day before is Thu 28 Mar (Good Friday
    # 29 Mar is a bank holiday), or Fri 29 Mar counting weekends only. HMPPS reads bank holidays from a
    # service whose years the suite does not show: a sentence imposed on 29 Mar is refused, one on Sat 30 Mar
    # is after release either way (3 months from 30 Mar = 2+30+31+29 = 92 days, day 46 = 14 May 2024).
    with pytest.raises(NotSupported, match="bank holiday"):
        calculate(_released_then_sentenced(date(2024, 3, 29), 9))
    assert dates(_released_then_sentenced(date(2024, 3, 30), 9))["CRD"] == "2024-05-14"


# -- UAL: the date it applies from against its own dates (metamorphic check) --------------------------
def _ual_recorded(start: date) -> BookingIn:
    # 12 months from 10 Jan 2023 (sds-50): to 9 Jan 2024, 365 days; release on day ceil(365 / 2) = 183 =
    # 11 Jul 2023. 10 days unlawfully at large from ``start``, recorded as applying from the sentence date.
    ual = AdjustmentIn("UAL", 10, date(2023, 1, 10), start, start + timedelta(days=9))
    return BookingIn(sentences=[sds(date(2023, 1, 10), Term(months=12), offence=date(2022, 12, 1))],
                     adjustments=[ual], profile="sds-50")


def test_ual_applying_from_another_date_is_calculated_where_that_changes_nothing():
    # UAL 1-10 Mar 2023, in custody either way: release 11 Jul + 10 = 21 Jul 2023; SLED 9 Jan 2024 + 10 =
    # 19 Jan 2024 (Prison Act 1952 s.49(2): time at large does not count).
    got = dates(_ual_recorded(date(2023, 3, 1)))
    assert got["CRD"] == "2023-07-21" and got["SLED"] == "2024-01-19"


def test_ual_whose_dates_and_applying_date_fall_either_side_of_release_is_refused():
    # UAL 20-29 Jul 2023 is after the release of 11 Jul (on licence, not recalled: the release stands), but
    # HMPPS places UAL by the date it applies from (CRDS BookingTimelineService, UALTimelineCalculationEvent
    # at appliesToSentencesFrom), 10 Jan 2023, in custody: release 21 Jul. Which counts is not settled:
    # refused (was: CRD 11 Jul 2023 given).
    with pytest.raises(NotSupported, match="unlawfully at large recorded from one date"):
        calculate(_ual_recorded(date(2023, 7, 20)))


# -- SDS40: never applied to sentences all released before it commenced (metamorphic check) -------------
def test_release_before_sds40_commenced_keeps_every_date_of_the_old_rules():
    # 9 days from Fri 5 May 2023 (to 13 May) and a 14-day committal for breach of top-up supervision the same
    # day (served in full: ARD = SED = 18 May 2023). The 9 days are released at one-half, day ceil(9 / 2) = 5
    # = 9 May 2023, long before SDS40 commenced (10 Sep 2024), so 40% (day ceil(3.6) = 4, 8 May) never
    # applied: top-up supervision to 9 May 2023 + 12 months = 9 May 2024 (CJA 2003 s.256AA), under the
    # SDS40 profile as under the one before it (HMPPS fixed the same beside a CRD, suite
    # crs-2062-sds40-tused-bug; was 8 May 2024 here, where the release date shown is the committal's ARD).
    committal = SentenceIn("BOTUS", date(2023, 5, 5), Term(days=14), offence_date=date(2023, 4, 1))
    b = BookingIn(sentences=[sds(date(2023, 5, 5), Term(days=9), offence=date(2023, 4, 1)), committal])
    assert b.profile == "calculation-params"
    got = dates(b)
    assert got["ARD"] == "2023-05-18" and got["TUSED"] == "2024-05-09"
    assert got == dates(replace(b, profile="sds-50"))


def test_release_before_the_progression_model_keeps_the_answer_before_it():
    # 12 months from 10 Jan 2025 (offence 1 Dec 2024): to 9 Jan 2026, 365 days; SDS40: day ceil(365 × 0.4) =
    # 146 = 4 Jun 2025, top-up supervision to 4 Jun 2026 (CJA 2003 s.256AA), SLED 9 Jan 2026. Released long
    # before the progression model's first tranche (1 Oct 2026): it never applied, so the progression profile
    # gives the SDS40 answer (was refused: which release the model's TUSED runs from).
    b = BookingIn(sentences=[sds(date(2025, 1, 10), Term(months=12), offence=date(2024, 12, 1))],
                  profile="sds-progression-model-october")
    got = dates(b)
    assert got["CRD"] == "2025-06-04" and got["TUSED"] == "2026-06-04" and got["SLED"] == "2026-01-09"
    assert got == dates(replace(b, profile="calculation-params"))


# -- periods in custody and additional days (metamorphic check: more additional days never make a release
# earlier) ------------------------------------------------------------------------------------------------
def test_remand_of_a_sentence_released_at_once_stays_with_it_when_days_are_awarded_later():
    # 1 month from 4 Mar 2024 (31 days) with 16 days' remand: release on day ceil(31 / 2) = 16, less 16 =
    # 3 Mar, before the sentence: released on the day, 4 Mar. 3 months from 11 Mar 2024 (to 10 Jun:
    # 21+30+31+10 = 92 days), on remand 1-10 Mar (10 days) for it: day 46 = 25 Apr 2024, − 10 days + 5 days
    # awarded on 2 Apr = 20 Apr 2024; SLED 10 Jun − 10 = 31 May. The later sentence starts a new period in
    # custody (CRDS BookingTimelineService), where the award falls; the first sentence's remand stays with it
    # (was: shared, CRD 4 Apr 2024 — a later award made the engine treat the first sentence's own date as the
    # new period's start).
    b = BookingIn(sentences=[sds(date(2024, 3, 4), Term(months=1), offence=date(2023, 12, 1), ident="a"),
                             sds(date(2024, 3, 11), Term(months=3), offence=date(2023, 12, 1), ident="b")],
                  adjustments=[
                      AdjustmentIn("REMAND", 16, date(2024, 3, 4), date(2024, 2, 17), date(2024, 3, 3)),
                      AdjustmentIn("REMAND", 10, date(2024, 3, 11), date(2024, 3, 1), date(2024, 3, 10)),
                      AdjustmentIn("ADA", 5, date(2024, 4, 2))], profile="sds-50")
    got = dates(b)
    assert got["CRD"] == "2024-04-20" and got["SLED"] == "2024-05-31"


def test_days_awarded_after_a_later_sentence_do_not_hold_the_earlier_period_open():
    # 6 months from 10 Jan 2024 (182 days), 7 days' remand: release day 91 = 9 Apr, less 7 = 2 Apr 2024. A
    # second sentence of 3 months on 5 Apr (91 days to 4 Jul; day 46 = 20 May) and 10 days awarded on 10 Apr.
    # On 5 Apr the first release (2 Apr) had passed: HMPPS takes an award on its own date (CRDS
    # BookingTimelineService), so the award cannot keep the first period open until 12 Apr. New period: no
    # remand for the second sentence, the award falls to it: CRD 20 May + 10 = 30 May 2024 (was 21 May: the
    # remand shared and some of the award counted as served).
    b = BookingIn(sentences=[sds(date(2024, 1, 10), Term(months=6), offence=date(2023, 12, 1), ident="a"),
                             sds(date(2024, 4, 5), Term(months=3), offence=date(2023, 12, 1), ident="b")],
                  adjustments=[AdjustmentIn("REMAND", 7, date(2024, 1, 10)),
                               AdjustmentIn("ADA", 10, date(2024, 4, 10))], profile="sds-50")
    assert dates(b)["CRD"] == "2024-05-30"


def test_credit_beyond_the_custodial_period_is_rejected_for_a_release_before_sds40():
    # 12 months from 1 Oct 2020 (365 days): release on day 183 = 1 Apr 2021; 200 days' remand would put it
    # 18 days before the sentence date (day 183 − 200): not a valid booking (CRDS validation
    # RELEASE_DATE_BEFORE_SENTENCE_DATE), under the SDS40 profile too, though the booking is worked under the
    # rules before SDS40.
    b = BookingIn(sentences=[sds(date(2020, 10, 1), Term(months=12), offence=date(2019, 1, 1))],
                  adjustments=[AdjustmentIn("REMAND", 200, date(2020, 10, 1))])
    with pytest.raises(InvalidBooking, match="before the sentence date"):
        calculate(b)
