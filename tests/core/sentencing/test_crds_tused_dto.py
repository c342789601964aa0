"""Top-up supervision (TUSED) and detention and training order (DTO) dates, checked against the rules of the
HMPPS *Calculate Release Dates* service (CRDS) as its Kotlin source and unit tests state them (issue 13).

Each case is worked by hand in the comments from the statute and the CRDS rule it names. CRDS's own unit
tests for these dates (SentenceCalculationServiceTest Example 12/13, SentenceIdentificationServiceTest
"Identify After 2015 …") load their bookings from its JSON test data and are not used here; the cases below
are built from the rules, not from those files.
"""

from __future__ import annotations

from datetime import date

import pytest

from casebook.sentencing import NotSupported, calculate
from casebook.sentencing.durations import Term
from casebook.sentencing.hmpps_json import parse_booking
from casebook.sentencing.model import AdjustmentIn, BookingIn, SentenceIn


def sds(sa, term, offence, **kw):
    return SentenceIn("SDS", sa, term, offence_date=offence, **kw)


def dto(sa, term, offence, **kw):
    return SentenceIn("DTO", sa, term, offence_date=offence, **kw)


def botus(sa, days, recorded):
    return SentenceIn("BOTUS", sa, Term(days=days), offence_date=date(2024, 3, 30), ident="z",
                      latest_tused=recorded)


def dates(booking):
    return calculate(booking).as_iso_dict()


# -- who has top-up supervision: 18 at the end of the custodial part (CJA 2003 s.256AA) ------------------
def _six_months_2023(dob):
    # SDS 6 months from 3 Mar 2023 (offence 1 Jan 2023, after 1 February 2015), before SDS40: 3 Mar – 2 Sep
    # 2023 = 29+30+31+30+31+31+2 = 184 days; release at one-half, 92 days → 3 Mar + 91 = 2 Jun 2023; licence
    # 92 days, under a year: TUSED 12 months after release, 2 Jun 2024.
    return BookingIn([sds(date(2023, 3, 3), Term(months=6), date(2023, 1, 1))], date_of_birth=dob,
                     profile="sds-50")


@pytest.mark.parametrize("dob", [date(2004, 8, 1), date(2005, 6, 2)])
def test_top_up_supervision_from_18_at_the_end_of_the_custodial_part(dob):
    # CJA 2003 s.256AA applies unless the offender is under 18 at the end of the requisite custodial period
    # (here 2 Jun 2023). CRDS TusedCalculator.sentenceIsEligibleForTused: age over 18 — a Period from the
    # date of birth in years plus fractions, so any day past the 18th birthday — on getHalfSentenceDate, the
    # sentence date + one-half of the 184 days (92) = 3 Jun 2023, the day after: the same test. Born 1 Aug
    # 2004 (18, not 19) or 2 Jun 2005 (18 on the release day itself): TUSED. (The engine required 19 before.)
    got = dates(_six_months_2023(dob))
    assert got["CRD"] == "2023-06-02" and got["SLED"] == "2023-09-02" and got["TUSED"] == "2024-06-02"


def test_no_top_up_supervision_for_someone_17_at_release():
    # Born 3 Jun 2005: 17 on 2 Jun 2023, the release; under 12 months and under 18 at release, released
    # unconditionally (ARD + SED, CRDS ReleaseDateTypes), and no top-up supervision.
    got = dates(_six_months_2023(date(2005, 6, 3)))
    assert got["ARD"] == "2023-06-02" and got["SED"] == "2023-09-02" and "TUSED" not in got


def test_18_at_the_release_with_additional_days_is_released_on_licence():
    # The same sentence with 14 additional days (from 1 Apr 2023): release 2 Jun + 14 = 16 Jun 2023. Born 10
    # Jun 2005: 17 on 2 Jun, 18 on 16 Jun. CRDS ReleaseDateTypes tests under 18 at the release date itself
    # (additional days in): 18, so on licence, CRD + SLED (was ARD + SED, tested at the release without
    # additional days). No top-up supervision: 17 at the end of the custodial part (s.256AA; CRDS tests the
    # release without additional days too).
    b = _six_months_2023(date(2005, 6, 10))
    b.adjustments = [AdjustmentIn("ADA", 14, applies_from=date(2023, 4, 1), from_date=date(2023, 4, 1))]
    got = dates(b)
    assert got["CRD"] == "2023-06-16" and got["SLED"] == "2023-09-02" and "TUSED" not in got


@pytest.mark.parametrize(("sa", "expected"), [
    # 8 months from 30 Oct 2021: 2+30+31+31+28+31+30+31+29 = 243 days, release 122 days → 28 Feb 2022
    (date(2021, 10, 30), {"ARD": "2022-02-28", "SED": "2022-06-29"}),
    # 8 months from 31 Oct 2021: to 30 Jun 2022, 243 days, release → 1 Mar 2022; TUSED 1 Mar 2023
    (date(2021, 10, 31), {"CRD": "2022-03-01", "SLED": "2022-06-30", "TUSED": "2023-03-01"}),
])
def test_born_on_29_february_turns_18_on_1_march(sa, expected):
    # Born 29 Feb 2004. HMPPS counts age as a java.time Period from the date of birth: on 28 Feb 2022 that is
    # 17 years 11 months 30 days, on 1 Mar 2022 18 years 0 months 1 day (CRDS Offender.getAgeOnDate). So
    # released on 28 Feb 2022 the offender is under 18 (ARD + SED, no TUSED); on 1 Mar 2022, 18 (CRD + SLED,
    # top-up supervision: 18 at the end of the custodial part, s.256AA).
    got = dates(BookingIn([sds(sa, Term(months=8), date(2021, 6, 1))], date_of_birth=date(2004, 2, 29),
                          profile="sds-50"))
    assert {k: v for k, v in got.items() if k in ("ARD", "CRD", "SED", "SLED", "TUSED")} == expected


# -- DTO top-up supervision ---------------------------------------------------------------------------
def test_dto_for_offences_before_ora_with_an_adult_at_release_is_refused():
    # DTO 12 months from 2 Jun 2014 (offence 1 Jan 2014, before 1 February 2015); born 1 Mar 1996, 18 at the
    # mid-term (1 Dec 2014). Sentencing Act 2020 s.247 (formerly PCC(S)A 2000 s.106B, ORA 2014 s.6) gives
    # further supervision only for offences from 1 February 2015; CRDS gives every DTO the TUSED date type
    # (SentenceIdentificationService.identifyDtoSentence) and tests only the licence length and age 18 at
    # release (TusedCalculator.sentenceMatchesTusedCriteria), not the offence date. They differ: refused.
    b = BookingIn([dto(date(2014, 6, 2), Term(months=12), date(2014, 1, 1))], date_of_birth=date(1996, 3, 1),
                  profile="sds-50")
    with pytest.raises(NotSupported, match="before 1 February 2015"):
        calculate(b)
    # Under 18 at the mid-term (born 1 Mar 1997): no top-up supervision either way; 12 months = 365 days,
    # mid-term 183 days → 1 Dec 2014, transfer one month either side (s.241(4)).
    b.date_of_birth = date(1997, 3, 1)
    assert dates(b) == {"MTD": "2014-12-01", "ETD": "2014-11-01", "LTD": "2015-01-01", "SED": "2015-06-01",
                        "ESED": "2015-06-01"}


def _dto_lines(dob):
    # All on 10 Jan 2024 (offences 1 Dec 2023): DTOs of 6 + 6 months consecutive (12 months, 10 Jan 2024 –
    # 9 Jan 2025 = 366 days, mid-term 183 days → 10 Jul 2024) and a concurrent DTO of 4 months (10 Jan – 9 May
    # 2024 = 121 days, mid-term 61 days → 10 Mar 2024). Same date, one a line: not a single term.
    sa, offence = date(2024, 1, 10), date(2023, 12, 1)
    return BookingIn([dto(sa, Term(months=6), offence, ident="a"),
                      dto(sa, Term(months=6), offence, ident="b", consecutive_to="a"),
                      dto(sa, Term(months=4), offence, ident="c")], date_of_birth=dob)


def test_concurrent_dto_lines_with_top_up_supervision_on_only_one():
    # Born 1 May 2006: 17 at the 4-month order's mid-term (10 Mar 2024), 18 at the line's (10 Jul 2024). Only
    # the line has top-up supervision (s.247: 18 at the half-way point): 10 Jul 2025. CRDS
    # BookingExtractionService.isTusedableDtos: all DTOs, not all under 18 at their releases, each under 2
    # years → the latest TUSED of those that have one. Mid-term the latest (10 Jul 2024); transfer dates by
    # the line that expires last (12 months: one month either side, s.241(4); calculateWhenAllDtos).
    # (Refused before: "top-up supervision on only some of them".)
    assert dates(_dto_lines(date(2006, 5, 1))) == {
        "MTD": "2024-07-10", "ETD": "2024-06-10", "LTD": "2024-08-10", "SED": "2025-01-09",
        "TUSED": "2025-07-10", "ESED": "2025-01-09"}


def test_concurrent_dto_lines_all_under_18_at_release_have_no_top_up_supervision():
    got = dates(_dto_lines(date(2006, 9, 1)))   # 18 on 1 Sep 2024, after both mid-terms
    assert "TUSED" not in got and got["MTD"] == "2024-07-10"


def test_concurrent_dto_lines_running_past_24_months_each_under_2_years():
    # DTOs of 10 + 10 months consecutive from 10 Jan 2024 (to 9 Sep 2025) and a DTO of 20 months from 1 Jun
    # 2024 (offence 1 Mar 2024), before the line's mid-term: 1 Jun 2024 – 31 Jan 2026 = 610 days, mid-term
    # 305 days → 1 Apr 2025, licence 305 days, under a year. Together they span 10 Jan 2024 – 31 Jan 2026,
    # over 24 months, but each is under 2 years: CRDS isTusedableDtos tests each (durationIsLessThan 2
    # years), so top-up supervision stands: the latest, the 20-month order's, 1 Apr 2026 (born 1 Jan 2006,
    # adult throughout). Transfer: 20 months, two months either side (s.241(5)).
    b = BookingIn([dto(date(2024, 1, 10), Term(months=10), date(2023, 12, 1), ident="a"),
                   dto(date(2024, 1, 10), Term(months=10), date(2023, 12, 1), ident="b", consecutive_to="a"),
                   dto(date(2024, 6, 1), Term(months=20), date(2024, 3, 1), ident="c")],
                  date_of_birth=date(2006, 1, 1))
    assert dates(b) == {"MTD": "2025-04-01", "ETD": "2025-02-01", "LTD": "2025-06-01", "SED": "2026-01-31",
                        "TUSED": "2026-04-01", "ESED": "2026-01-31"}


def test_concurrent_dto_lines_one_released_at_once_with_transfer_dates_is_refused():
    # The same lines with 100 days' remand: the 4-month order's mid-term (61 days) is covered, released at
    # once; the line's (183 days) is not. CRDS gives transfer dates around the latest mid-term with no test
    # of immediate release where all sentences are DTOs, though one order alone released at once has none:
    # not settled.
    b = _dto_lines(date(2006, 5, 1))
    b.adjustments = [AdjustmentIn("REMAND", 100, applies_from=date(2024, 1, 10))]
    with pytest.raises(NotSupported, match="released at once"):
        calculate(b)


# -- committal for breach of top-up supervision (BOTUS), CJA 2003 s.256AC ------------------------------
def _sds_and_botus(recorded, **kw):
    # SDS 7 days and a BOTUS committal of 14 days, both 26 Apr 2024 (offences 30 Mar 2024). SDS: 7 days,
    # release at day 4 → 29 Apr 2024, SLED 2 May 2024, TUSED 29 Apr 2025 (licence 3 days). BOTUS: served in
    # full, 26 Apr – 9 May 2024: ARD = SED = 9 May 2024 (with no licence left to follow, ARD).
    return BookingIn([sds(date(2024, 4, 26), Term(days=7), date(2024, 3, 30)), botus(date(2024, 4, 26), 14,
                                                                                    recorded)],
                     date_of_birth=date(1990, 1, 1), profile="sds-50", **kw)


@pytest.mark.parametrize("recorded", [date(2025, 4, 29), date(2025, 3, 1)])
def test_botus_beside_a_sentence_with_its_own_top_up_supervision(recorded):
    # CRDS BookingExtractionService.extractManyTopUpSuperVisionDate: the latest calculated TUSED first (the
    # SDS's, 29 Apr 2025, after the latest licence end 2 May 2024), the historical one only where none is
    # calculated. The supervision recorded before ends on that date or earlier: TUSED 29 Apr 2025.
    assert dates(_sds_and_botus(recorded)) == {"ARD": "2024-05-09", "SED": "2024-05-09",
                                               "TUSED": "2025-04-29", "ESED": "2024-05-09"}


def test_botus_with_a_recorded_end_after_the_calculated_one_is_refused():
    # Recorded 1 Jun 2025, after the SDS's 29 Apr 2025: CRDS versions differ (older ones take the latest of
    # all; later ones the calculated one first): refused.
    with pytest.raises(NotSupported, match="recorded before a committal"):
        calculate(_sds_and_botus(date(2025, 6, 1)))


def test_botus_beside_sentences_with_no_licence_is_refused():
    # SDS 4 months for an offence of 2014 (before ORA, under 12 months: ARD + SED, no licence): CRDS looks for
    # a TUSED only after a licence and would drop the recorded one; not settled.
    b = _sds_and_botus(date(2025, 4, 29))
    b.sentences[0] = sds(date(2024, 4, 26), Term(months=4), date(2014, 3, 30))
    with pytest.raises(NotSupported, match="no licence"):
        calculate(b)


def test_botus_beside_other_sentences_with_a_recorded_end_under_the_repeal_is_refused():
    with pytest.raises(NotSupported, match="repeal of top-up supervision"):
        calculate(_sds_and_botus(date(2025, 4, 29), toggles=frozenset({"applyPostRecallRepealRules"})))


def _botus_doc(source):
    return {"booking": {"offender": {"reference": "A", "dateOfBirth": "1990-01-01"},
                        "sentences": [{"type": "BotusSentence", "sentencedAt": "2024-02-01",
                                       "offence": {"committedAt": "2024-01-01"},
                                       "duration": {"durationElements": {"DAYS": 14}}}],
                        "adjustments": {},
                        "historicalTusedData": {"tused": "2024-04-01", "historicalTusedSource": source}},
            "params": "calculation-params"}


@pytest.mark.parametrize("source", ["CRDS", "CRDS_OVERRIDDEN", "NOMIS", "NOMIS_OVERRIDDEN"])
def test_recorded_top_up_supervision_stands_whatever_its_source(source):
    # CRDS unit tests BotusTusedServiceTest ("historical TUSEDs from NOMIS are correctly categorised") and
    # NomisTusedDataTest.getLatestTusedDate: the recorded end is the override where one was made (even an
    # earlier date), else the calculated one, and its source one of calculated/overridden in the service or
    # in NOMIS; the booking carries the resolved date. A committal of 14 days from 1 Feb 2024 (ARD = SED =
    # 14 Feb 2024) keeps it, 1 Apr 2024, whichever the source (CRDS extractSingle reads only the date).
    assert dates(parse_booking(_botus_doc(source))) == {"ARD": "2024-02-14", "SED": "2024-02-14",
                                                        "TUSED": "2024-04-01"}


def test_recorded_top_up_supervision_from_an_unknown_source_is_refused():
    with pytest.raises(NotSupported, match="source the service does not know"):
        calculate(parse_booking(_botus_doc("PRISON")))


# -- a DTO beside other sentences ----------------------------------------------------------------------
@pytest.mark.parametrize(("order", "led"), [("ab", "2025-08-10"), ("ba", "2025-11-09")])
def test_dto_beside_sentences_released_together_the_last_listed_gives_the_licence(order, led):
    # SDS A 10 months from 10 Jan 2025: 303 days × 40% = 122 days → CRD 11 May 2025, SLED 9 Nov 2025. SDS B
    # 5 months from 11 Mar 2025: 153 days × 40% = 62 days → CRD 11 May 2025 too, SLED 10 Aug 2025. DTO 24
    # months from 10 Jan 2025 (offences 1 Dec 2024): 730 days, mid-term 365 days → 9 Jan 2026, SED 9 Jan 2027,
    # transfer two months either side (s.241(5)). The DTO expires last: SED, with the LED of "the latest
    # non-DTO sentence" — CRDS BookingExtractionService sorts the sentences by release date and takes the
    # last non-DTO, so of two released together the one listed later. No TUSED: A's (11 May 2026) ends before
    # the DTO expires (CRDS extractManyTopUpSuperVisionDate).
    a = sds(date(2025, 1, 10), Term(months=10), date(2024, 12, 1), ident="a")
    b = sds(date(2025, 3, 11), Term(months=5), date(2024, 12, 1), ident="b")
    d = dto(date(2025, 1, 10), Term(months=24), date(2024, 12, 1), ident="d")
    got = dates(BookingIn([a, b, d] if order == "ab" else [b, a, d], date_of_birth=date(2006, 6, 1)))
    assert got["SED"] == "2027-01-09" and got["CRD"] == "2025-05-11" and got["LED"] == led
    assert got["MTD"] == "2026-01-09" and got["ETD"] == "2025-11-09" and got["LTD"] == "2026-03-09"
    assert "TUSED" not in got


def test_a_dto_is_not_in_the_progression_model():
    # CRDS unit test SDSLegislationTest "DTO sentences should not be subject to tranches" (a DTO's release
    # point is the half-way point of Sentencing Act 2020 s.241, not changed by the Sentencing Act 2026
    # progression model). DTO 12 months from 5 Oct 2026 (offence 1 Aug 2026; born 1 Jan 2010): 365 days,
    # mid-term 183 days → 5 Apr 2027, transfer one month either side, SED 4 Oct 2027; no TUSED (17 at the
    # mid-term) — the same under the progression-model rules as under the rules before it.
    order = dto(date(2026, 10, 5), Term(months=12), date(2026, 8, 1))
    expected = {"MTD": "2027-04-05", "ETD": "2027-03-05", "LTD": "2027-05-05", "SED": "2027-10-04",
                "ESED": "2027-10-04"}
    for profile in ("calculation-params", "sds-progression-model-october"):
        assert dates(BookingIn([order], date_of_birth=date(2010, 1, 1), profile=profile)) == expected


def test_recalled_short_sentence_of_someone_under_18_at_the_first_release_is_refused():
    # SDS 6 months from 3 Mar 2023 (first release 2 Jun 2023), recalled; born 3 Jun 2005, 17 at that release:
    # under 12 months and under 18, released unconditionally (ARD) — yet recalled. CRDS ReleaseDateTypes tests
    # the age at the sentence's release date, for a recall the post-recall release, worked out after: not
    # settled. Born 2 Jun 2005 (18 at the first release): a standard recall on licence, PRRD = SLED
    # 2 Sep 2023, top-up supervision from the first release, 2 Jun 2024 (CRDS getInitialTused).
    s = sds(date(2023, 3, 3), Term(months=6), date(2023, 1, 1), recall_type="STANDARD")
    b = BookingIn([s], date_of_birth=date(2005, 6, 3), profile="sds-50", return_to_custody=date(2023, 7, 1))
    with pytest.raises(NotSupported, match="under 18 at the first release"):
        calculate(b)
    b.date_of_birth = date(2005, 6, 2)
    got = dates(b)
    assert got["SLED"] == got["PRRD"] == "2023-09-02" and got["TUSED"] == "2024-06-02"
