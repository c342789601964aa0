"""Extended sentences (EDS), sentences for offenders of particular concern (SOPC), their licence and expiry
dates and the effective sentence length, checked against HMPPS *Calculate Release Dates* (issue 13).

HMPPS's Kotlin unit tests build almost no extended sentence inline (the suite's EDS/SOPC cases are JSON
examples, which this project does not read), so most facts here were read from its main source
(``ministryofjustice/calculate-release-dates-api``, ``src/main/kotlin``) and are named "CRDS <class>, read
for the rule"; the one inline unit test is named "CRDS unit test <File>.<test name>". Every date is worked
by hand from the statute in the comments.

Days are counted as HMPPS and PSI 03/2015 para 5.5 count them: a term of N days from the sentence date
ends on sentence date + N − 1; a release after D days falls on sentence date + D − 1; fractions of a day
round up.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from casebook.sentencing import calculate
from casebook.sentencing.durations import Term, period_between
from casebook.sentencing.hmpps_json import parse_booking
from casebook.sentencing.model import AdjustmentIn, BookingIn, SentenceIn

DOB = date(1980, 1, 1)
OFFENCE = date(2019, 1, 1)


def eds(sa, term, ext, *, offence=OFFENCE, **kw):
    return SentenceIn("EDS", sa, term, extension=ext, offence_date=offence, **kw)


def sopc(sa, term, ext, *, offence=OFFENCE, **kw):
    return SentenceIn("SOPC", sa, term, extension=ext, offence_date=offence, **kw)


def sds_plus(sa, term, *, offence=OFFENCE, **kw):
    return SentenceIn("SDS", sa, term, offence_date=offence, sds_plus=True, sds_plus_eligible=True, **kw)


def calc(*sentences, adjustments=(), **kw):
    r = calculate(BookingIn(sentences=list(sentences), adjustments=list(adjustments), date_of_birth=DOB,
                            **kw))
    return r.as_iso_dict(), r.effective_sentence_length


# -- one sentence ------------------------------------------------------------------------------------------
def test_eds_discretionary_release_ped_two_thirds_crd_end_of_custodial_term_sled_end_of_extension():
    # CJA 2003 s.246A (as amended from 13 April 2015): the Parole Board may release from two-thirds of the
    # custodial term; release is automatic at its end; the licence runs to the end of the extension period
    # (Sentencing Act 2020 ss.256, 268, 281). CRDS SentenceIdentificationService: EDS_DISCRETIONARY_RELEASE,
    # SLED + CRD + PED.
    # Custodial 6 years from 10 Mar 2020 → 9 Mar 2026 = 2191 days (one 29 February, 2024) → CRD 9 Mar 2026.
    # PED: ceil(2191 × 2/3) = ceil(1460.67) = 1461 days → 10 Mar 2020 + 1460 = 9 Mar 2024.
    # Custodial + extension = 10 years → SLED 9 Mar 2030; ESED the same (no adjustment); ESL 10 years.
    got, esl = calc(eds(date(2020, 3, 10), Term(years=6), Term(years=4)))
    assert got == {"CRD": "2026-03-09", "PED": "2024-03-09", "SLED": "2030-03-09", "ESED": "2030-03-09"}
    assert esl == "P10Y"


def test_eds_remand_moves_release_ped_and_licence_but_not_esed_or_esl():
    # CJA 2003 s.240ZA: remand counts as time served — every adjusted date moves 100 days earlier. The
    # effective sentence end date and length are counted before adjustments (CRDS BookingExtractionService:
    # ESED = the latest unadjusted expiry; ESL = Period(earliest sentence date, ESED + 1 day)).
    # 6 years from 1 Jan 2021: CRD 31 Dec 2026 − 100 = 22 Sep 2026; PED ceil(2191 × 2/3) = 1461 days →
    # 31 Dec 2024 − 100 = 22 Sep 2024; SLED 31 Dec 2030 − 100 = 22 Sep 2030; ESED 31 Dec 2030.
    got, esl = calc(eds(date(2021, 1, 1), Term(years=6), Term(years=4)),
                    adjustments=[AdjustmentIn("REMAND", 100, applies_from=date(2021, 1, 1))])
    assert got == {"CRD": "2026-09-22", "PED": "2024-09-22", "SLED": "2030-09-22", "ESED": "2030-12-31"}
    assert esl == "P10Y"


def test_eds_automatic_release_at_two_thirds_has_no_ped():
    # CJA 2003 s.246A as enacted by LASPO 2012 (EDS imposed before 13 April 2015, custodial term under 10
    # years, no Schedule 15B offence): automatic release at two-thirds of the custodial term, no parole
    # eligibility date. CRDS SentenceIdentificationService: EDS_AUTOMATIC_RELEASE, SLED + CRD.
    # Custodial 6 years from 10 Mar 2014 → 9 Mar 2020 = 2192 days (29 Feb 2016 and 2020). ceil(2192 × 2/3)
    # = ceil(1461.33) = 1462 days → 10 Mar 2014 + 1461 = 10 Mar 2018. SLED: 10 years → 9 Mar 2024.
    got, esl = calc(eds(date(2014, 3, 10), Term(years=6), Term(years=4), offence=date(2013, 1, 1),
                        eds_automatic=True))
    assert got == {"CRD": "2018-03-10", "SLED": "2024-03-09", "ESED": "2024-03-09"}
    assert esl == "P10Y"


@pytest.mark.parametrize(("sa", "ped"), [
    # 6 years from 27 Jun 2022 → 26 Jun 2028 = 2192 days (29 Feb 2024 and 2028). One-half: 1096 days →
    # 27 Jun 2022 + 1095 = 26 Jun 2025.
    (date(2022, 6, 27), "2025-06-26"),
    # From 28 Jun 2022 (PCSCA 2022 commencement): 2192 days, two-thirds: ceil(1461.33) = 1462 days →
    # 28 Jun 2022 + 1461 = 28 Jun 2026.
    (date(2022, 6, 28), "2026-06-28"),
])
def test_sopc_ped_one_half_before_28_june_2022_and_two_thirds_from_then(sa, ped):
    # CJA 2003 s.244A: a SOPC prisoner may be released by the Parole Board from the requisite custodial
    # period — one-half, two-thirds for sentences imposed from 28 June 2022 (PCSCA 2022, SI 2022/632) — and
    # is released automatically at the end of the custodial term. CRDS SentenceIdentificationService:
    # SOPC_PED_AT_HALFWAY before PCSC_COMMENCEMENT_DATE, SOPC_PED_AT_TWO_THIRDS from it.
    got, _ = calc(sopc(sa, Term(years=6), Term(years=1)))
    assert got["PED"] == ped
    assert got["CRD"] == (sa + timedelta(days=2192 - 1)).isoformat()   # the whole custodial term
    assert got["SLED"] == (sa + timedelta(days=2192 + 365 - 1)).isoformat()   # + 1 year extension


def test_special_sentence_for_a_terrorist_under_18_has_ped_at_two_thirds_whenever_imposed():
    # Sentencing Act 2020 s.252A (inserted by the Counter-Terrorism and Sentencing Act 2021 s.22, from 29
    # June 2021): the special sentence of detention for a terrorist offender of particular concern under 18;
    # as a terrorist prisoner, two-thirds of the custodial term before Parole Board release (CJA 2003
    # s.247A). CRDS SentenceIdentificationService, read for the rule: ``sdopcu18 || sentenced from
    # PCSC_COMMENCEMENT_DATE`` → SOPC_PED_AT_TWO_THIRDS. Before this, the booking field was refused unread.
    # Custodial 3 years from 1 Sep 2021 (first of the month: ends 31 Aug 2024) = 1096 days (29 Feb 2024).
    # Two-thirds: ceil(730.67) = 731 days → 1 Sep 2021 + 730 = 1 Sep 2023 (one-half would be 548 days → 2 Mar
    # 2023). CRD 31 Aug 2024; SLED + 1 year = 31 Aug 2025.
    s = sopc(date(2021, 9, 1), Term(years=3), Term(years=1), sdopcu18=True)
    got, _ = calc(s)
    assert got == {"CRD": "2024-08-31", "PED": "2023-09-01", "SLED": "2025-08-31", "ESED": "2025-08-31"}
    s.sdopcu18 = False
    assert calc(s)[0]["PED"] == "2023-03-02"


def test_sdopcu18_is_read_from_the_booking_file():
    sentence = {"type": "SopcSentence", "offence": {"committedAt": "2021-05-01"},
                "custodialDuration": {"durationElements": {"YEARS": 3}},
                "extensionDuration": {"durationElements": {"YEARS": 1}},
                "sentencedAt": "2021-09-01", "sdopcu18": True}
    doc = {"booking": {"offender": {"reference": "A", "dateOfBirth": "2005-01-01"}, "adjustments": {},
                       "sentences": [sentence]}}
    got = calculate(parse_booking(doc)).as_iso_dict()
    assert got["PED"] == "2023-09-01"
    sentence["sdopcu18"] = False
    assert calculate(parse_booking(doc)).as_iso_dict()["PED"] == "2023-03-02"


# -- consecutive lines (CRDS UnadjustedReleaseDate.getConsecutiveRelease / calculateConsecutivePed) ------
def test_sds_plus_then_eds_consecutive():
    # The line's terms without a PED are served first at their own release fraction, then the terms with a
    # PED in full, each counted on from the notional release before (PSI 03/2015; CRDS getConsecutiveRelease,
    # read for the rule). PED: the days to the notional release + two-thirds of the EDS custodial term.
    # SDS+ 6 years from 1 Jan 2021 = 2191 days; two-thirds ceil(1460.67) = 1461 → notional release 31 Dec
    # 2024. EDS custodial 4 years from 1 Jan 2025 = 1461 days (29 Feb 2028) → CRD 31 Dec 2024 + 1461 = 31 Dec
    # 2028. PED: two-thirds of 1461 = 974 days → 31 Dec 2024 + 974 = 1 Sep 2027.
    # Expiry: 6 years + (4 + 3) years, all years, one run = 13 years → 31 Dec 2033; ESL 13 years.
    got, esl = calc(sds_plus(date(2021, 1, 1), Term(years=6), ident="a"),
                    eds(date(2021, 1, 1), Term(years=4), Term(years=3), ident="b", consecutive_to="a"))
    assert got == {"CRD": "2028-12-31", "PED": "2027-09-01", "SLED": "2033-12-31", "ESED": "2033-12-31"}
    assert esl == "P13Y"


def test_eds_then_sopc_consecutive_ped_counts_the_second_fraction_from_the_first_ped():
    # Both terms have a PED, so both are served in full for the CRD: 4 + 3 years from 1 Jan 2021 → 31 Dec
    # 2027. PED (CRDS calculateConsecutivePed, read for the rule): the terms at the first term's PED
    # fraction, then the others at theirs, counted from the notional PED itself (not the day after).
    # EDS 4 years = 1461 days, two-thirds = 974 days → notional PED 1 Jan 2021 + 973 = 1 Sep 2023. SOPC
    # (before 28 June 2022: one-half) 3 years from 1 Sep 2023 = 1096 days (29 Feb 2024), one-half 548 days.
    # PED = 974 + 548 = 1522 days → 1 Jan 2021 + 1521 = 2 Mar 2025. Expiry 4 + 3 + 3 + 1 = 11 years.
    got, esl = calc(eds(date(2021, 1, 1), Term(years=4), Term(years=3), ident="a"),
                    sopc(date(2021, 1, 1), Term(years=3), Term(years=1), ident="b", consecutive_to="a"))
    assert got == {"CRD": "2027-12-31", "PED": "2025-03-02", "SLED": "2031-12-31", "ESED": "2031-12-31"}
    assert esl == "P11Y"


def test_consecutive_expiry_adds_runs_of_months_from_a_month_end():
    # PSI 03/2015 para 5.5 (CRDS ConsecutiveSentenceAggregator): the months-and-years parts of consecutive
    # terms are one run. EDS 7 years + 16 months extension, then EDS 38 months + 12 months: 7 years + 66
    # months from 31 Aug 2024: 30 Aug 2024 + 7 years = 30 Aug 2031, + 66 months = 28 Feb 2037 (no 30 February)
    # = the last day. Counted term by term it would end 27 Feb 2037.
    got, esl = calc(eds(date(2024, 8, 31), Term(years=7), Term(months=16), ident="a"),
                    eds(date(2024, 8, 31), Term(months=38), Term(months=12), ident="b", consecutive_to="a"))
    assert got["SLED"] == got["ESED"] == "2037-02-28"
    assert esl == period_iso(date(2024, 8, 31), date(2037, 3, 1)) == "P12Y6M1D"


def period_iso(start, end):
    y, m, d = period_between(start, end)
    return "P" + (f"{y}Y" if y else "") + (f"{m}M" if m else "") + (f"{d}D" if d else "")



@pytest.mark.parametrize(("terms", "runs"), [
    # CRDS unit tests ConsecutiveSentenceAggregatorTest / DurationAggregatorTest."Aggregate some durations":
    # 3w, 4m, 5m, 3w, 3m, 4m → 3w, 9m, 3w, 7m.
    ([Term(weeks=3), Term(months=4), Term(months=5), Term(weeks=3), Term(months=3), Term(months=4)],
     [Term(weeks=3), Term(months=9), Term(weeks=3), Term(months=7)]),
    # "... mixed units": a term with months and weeks adds its months to the run of months and starts a run
    # of weeks: 3w, 4m, 5m 2w, 3w, 3m 2w, 4m → 3w, 9m, 5w, 3m, 2w, 4m.
    ([Term(weeks=3), Term(months=4), Term(months=5, weeks=2), Term(weeks=3), Term(months=3, weeks=2),
      Term(months=4)],
     [Term(weeks=3), Term(months=9), Term(weeks=5), Term(months=3), Term(weeks=2), Term(months=4)]),
    # "... all the same": 3 + 4 + 5 + 3 + 3 + 4 months → 22 months.
    ([Term(months=m) for m in (3, 4, 5, 3, 3, 4)], [Term(months=22)]),
])
def test_consecutive_terms_are_counted_in_runs_of_like_units(terms, runs):
    # PSI 03/2015 para 5.5: consecutive terms expressed in months/years are added together, as are those in
    # weeks/days; each run is converted to days from the end of the one before.
    from casebook.sentencing.terms import consecutive_runs
    assert consecutive_runs(terms) == runs


@pytest.mark.parametrize(("term", "start", "days"), [
    (Term(days=1), date(2020, 1, 1), 1),   # CRDS unit test DurationTest.getLengthInDaysOneDay
    # DurationTest.getLengthInDaysOneYearEighteenMonths: 1 year 6 months from 1 Jan 2018 ends 30 Jun 2019
    # = 365 + 181 days.
    (Term(years=1, months=6), date(2018, 1, 1), 546),
])
def test_term_length_in_days(term, start, days):
    assert term.length_days(start) == days


# -- concurrent sentences (CRDS BookingExtractionService.extractPedForBooking, read for the rule) ---------
EDS_2021 = dict(sa=date(2021, 1, 1), term=Term(years=6), ext=Term(years=4))
# EDS 6 + 4 years from 1 Jan 2021: CRD 31 Dec 2026, PED ceil(2191 × 2/3) = 1461 days → 31 Dec 2024,
# SLED 31 Dec 2030.


@pytest.mark.parametrize(("years", "crd", "ped"), [
    # SDS+ 5 years = 1826 days, two-thirds 1218 → 2 May 2024: before the PED, which stands.
    (5, "2026-12-31", "2024-12-31"),
    # SDS+ 7 years = 2556 days, two-thirds 1704 → 31 Aug 2025: after the PED, before the EDS CRD — parole
    # cannot release before the other sentence's release, so the PED moves to it.
    (7, "2026-12-31", "2025-08-31"),
    # SDS+ 9 years = 3287 days, two-thirds ceil(2191.33) = 2192 → 1 Jan 2027: after the EDS CRD, so it is
    # the release and there is no PED.
    (9, "2027-01-01", None),
])
def test_concurrent_eds_ped_against_a_later_release(years, crd, ped):
    got, esl = calc(eds(**EDS_2021), sds_plus(date(2021, 1, 1), Term(years=years)))
    assert got["CRD"] == crd and got.get("PED") == ped
    assert got["SLED"] == got["ESED"] == "2030-12-31" and esl == "P10Y"


def test_concurrent_eds_and_sopc_latest_ped():
    # EDS 5 + 5 years and SOPC 4 + 1 years (after 28 June 2022: two-thirds), both 1 Mar 2025.
    # EDS: custodial 1826 days (29 Feb 2028) → CRD 28 Feb 2030; PED ceil(1217.33) = 1218 → 1 Mar 2025 + 1217
    # = 30 Jun 2028. SOPC: 1461 days → PED 974 → 30 Oct 2027, CRD 28 Feb 2029. Both have a PED: the latest,
    # with the latest release, 28 Feb 2030; SLED 10 years → 28 Feb 2035.
    got, _ = calc(eds(date(2025, 3, 1), Term(years=5), Term(years=5)),
                  sopc(date(2025, 3, 1), Term(years=4), Term(years=1)))
    assert got == {"CRD": "2030-02-28", "PED": "2028-06-30", "SLED": "2035-02-28", "ESED": "2035-02-28"}


@pytest.mark.parametrize("profile", ["sds-50", "calculation-params", "sds-progression-model-october"])
def test_eds_and_sopc_are_not_subject_to_release_changes_by_tranche(profile):
    # CRDS unit tests SDSLegislationTest."EDS sentences should not be subject to tranches" and "SOPC
    # sentences should not be subject to tranches": neither SDS40 (SI 2024/844 applies to standard
    # determinate sentences only) nor the progression model changes an EDS or a SOPC.
    got, _ = calc(eds(date(2025, 3, 1), Term(years=5), Term(years=5)),
                  sopc(date(2025, 3, 1), Term(years=4), Term(years=1)), profile=profile)
    assert got == {"CRD": "2030-02-28", "PED": "2028-06-30", "SLED": "2035-02-28", "ESED": "2035-02-28"}


def test_standard_recall_of_an_eds_releases_at_sled_and_drops_crd_and_ped():
    # CJA 2003 s.255C: a recalled extended sentence prisoner is released only on the Parole Board's direction
    # — at the latest when the sentence expires. CRDS SentenceIdentificationService: a recalled EDS has SLED
    # + PRRD, no CRD and no PED. EDS 3 + 2 years from 1 Jan 2018 → SLED 31 Dec 2022 = PRRD; ESL 5 years.
    got, esl = calc(eds(date(2018, 1, 1), Term(years=3), Term(years=2), recall_type="STANDARD"),
                    return_to_custody=date(2022, 5, 5))
    assert got == {"SLED": "2022-12-31", "PRRD": "2022-12-31", "ESED": "2022-12-31"} and esl == "P5Y"


# -- the rules as read, against random bookings ---------------------------------------------------------
def _ref_days(start, terms):
    """Days in consecutive terms: months-and-years parts in one run, weeks-and-days in another, each run
    counted on from the end of the one before (PSI 03/2015 para 5.5)."""
    runs, cur, cur_months = [], None, None
    for t in terms:
        for months, part in ((True, Term(t.years, t.months)), (False, Term(weeks=t.weeks, days=t.days))):
            if part.is_zero:
                continue
            if cur is not None and cur_months == months:
                cur = cur + part
            else:
                if cur is not None:
                    runs.append(cur)
                cur, cur_months = part, months
    runs.append(cur)
    d = start
    for r in runs:
        d += timedelta(days=r.length_days(d))
    return (d - start).days


def _ceil(n, num, den):
    return -((-n * num) // den)


def _ped_fr(s):
    return (1, 2) if s.kind == "SOPC" and s.sentenced_at < date(2022, 6, 28) else (2, 3)


def _ref_unit(parts, remand):
    sa = parts[0].sentenced_at
    exp_days = _ref_days(sa, [p.term + p.extension if p.extension else p.term for p in parts])
    with_ped = [p for p in parts if p.kind in ("EDS", "SOPC") and not p.eds_automatic]
    groups = {}
    for p in parts:
        if p not in with_ped:
            groups.setdefault((2, 3), []).append(p)     # SDS+ and EDS with automatic release: two-thirds
    rel_days, ped_days, start = 0, None, sa
    for fr, ps in [*groups.items(), *([((1, 1), with_ped)] if with_ped else [])]:
        if ps is with_ped:
            first = [p for p in ps if _ped_fr(p) == _ped_fr(ps[0])]
            other = [p for p in ps if _ped_fr(p) != _ped_fr(ps[0])]
            k = _ceil(_ref_days(start, [p.term for p in first]), *_ped_fr(ps[0]))
            if other:
                npd = start + timedelta(days=k - 1)
                k += _ceil(_ref_days(npd, [p.term for p in other]), *_ped_fr(other[0]))
            ped_days = rel_days + k
        k = _ceil(_ref_days(start, [p.term for p in ps]), *fr)
        rel_days += k
        start += timedelta(days=k)
    day = lambda n: sa + timedelta(days=n - 1)   # noqa: E731
    return dict(sa=sa, esed=day(exp_days), sled=day(exp_days - remand), crd=day(rel_days - remand),
                ped=None if ped_days is None else day(ped_days - remand))


def _reference(sentences, remand):
    """The booking's CRD/PED/SLED/ESED/ESL as CRDS puts them together (BookingExtractionService)."""
    by_id = {s.ident: s for s in sentences}
    lines = []
    for s in sentences:
        if not any(t.consecutive_to == s.ident for t in sentences):   # the last of a line
            line = [s]
            while line[-1].consecutive_to:
                line.append(by_id[line[-1].consecutive_to])
            lines.append(line[::-1])
    units = [_ref_unit(line, remand) for line in lines]
    rel = max(units, key=lambda u: u["crd"])
    out = {"SLED": max(u["sled"] for u in units), "CRD": rel["crd"]}
    if rel["ped"] is not None:
        later = [u["crd"] for u in units if u["ped"] is None]
        latest_ped = max(u["ped"] for u in units if u["ped"] is not None)
        if not later or max(later) < rel["crd"]:
            out["PED"] = max(latest_ped, max(later)) if later else latest_ped
    out["ESED"] = max(u["esed"] for u in units)
    esl = period_iso(min(u["sa"] for u in units), out["ESED"] + timedelta(days=1))
    return {k: v.isoformat() for k, v in out.items()}, esl


def _random_booking(r):
    first = date(2013, 6, 1) + timedelta(days=r.randrange(365 * 12))
    sentences, followed = [], set()
    for i in range(r.choice([1, 2, 2, 3, 3, 4])):
        kind = r.choice(["EDS", "EDS", "SOPC", "SDS"])
        sa = first if i == 0 or r.random() < 0.5 else first + timedelta(days=r.randrange(200))
        free = [j for j in range(i) if j not in followed]
        cons = None
        if free and r.random() < 0.5:
            j = r.choice(free)
            followed.add(j)
            cons, sa = f"s{j}", max(sa, sentences[j].sentenced_at)
        offence = sa - timedelta(days=r.randrange(10, 900))
        if kind == "SDS":
            t = r.choice([Term(years=r.randint(4, 12)), Term(months=r.randint(48, 130)),
                          Term(years=r.randint(4, 9), days=r.randint(1, 50))])
            sentences.append(sds_plus(sa, t, offence=offence, ident=f"s{i}", consecutive_to=cons))
            continue
        t = r.choice([Term(years=r.randint(1, 12)), Term(years=r.randint(1, 9), months=r.randint(1, 11)),
                      Term(months=r.randint(12, 40)), Term(years=r.randint(1, 5), weeks=r.randint(1, 20))])
        if kind == "SOPC" and sa < date(2015, 4, 13):
            kind = "EDS"   # (the SOPC exists from 13 April 2015: CJCA 2015 s.6)
        # an EDS's extension is 1 to 8 years (Sentencing Act 2020 s.256(2)); a SOPC's licence, 1 year
        # (s.265(2))
        ext = (Term(years=1) if kind == "SOPC" else
               r.choice([Term(years=r.randint(1, 8)), Term(months=r.randint(12, 96))]))
        auto = kind == "EDS" and sa < date(2015, 4, 13) and r.random() < 0.4
        sentences.append(SentenceIn(kind, sa, t, extension=ext, offence_date=offence, ident=f"s{i}",
                                    consecutive_to=cons, eds_automatic=auto))
    remand = r.randrange(1, 100) if r.random() < 0.5 else 0
    return sentences, remand


def test_extended_sentence_bookings_follow_the_rules_as_read():
    # EDS / SOPC / SDS+ bookings (lines and concurrent sentences, remand): CRD, PED, SLED, ESED and ESL as
    # worked out independently above from the rules read in CRDS UnadjustedReleaseDate, SentenceAggregator
    # and BookingExtractionService. (SDS+ only: its two-thirds does not change by tranche.)
    r = random.Random(13)
    for _ in range(400):
        sentences, remand = _random_booking(r)
        first = sentences[0].sentenced_at
        adjustments = [AdjustmentIn("REMAND", remand, applies_from=first)] if remand else []
        got = calc(*sentences, adjustments=adjustments)
        assert got == _reference(sentences, remand), sentences


# -- licence expiry of standard determinate sentences (LED) ---------------------------------------------
def test_ora_licence_of_a_mixed_line_counts_the_ora_terms_as_one_term():
    # PSI 03/2015 example 25: consecutive terms for offences before and after 1 February 2015 (ORA 2014),
    # under 12 months in all: CRD, SED and a licence of one-half of the ORA terms from the release. CRDS
    # SentenceAdjustedCalculationService.calculateLED, read for the rule: the ORA terms' years, months,
    # weeks and days are added into one term (Duration.appendAll) counted from the line's sentence date.
    # 12 Dec 2016: 1 month 3 weeks (ORA) + 1 month 5 days (ORA) + 3 months (offence 2014), consecutive.
    # Line (para 5.5 runs): 1 month (31 days) + 3 weeks (21) + 1 month from 2 Feb (28) + 5 days + 3 months
    # from 7 Mar (92) = 177 days → SED 6 Jun 2017; CRD ceil(177 / 2) = 89 days → 10 Mar 2017.
    # ORA terms as one: 2 months 3 weeks 5 days from 12 Dec 2016 → 11 Feb 2017 + 26 days = 9 Mar 2017 = 88
    # days; LED = 10 Mar 2017 + floor(88 / 2) = 44 days = 23 Apr 2017. (Counted as runs, 31 + 21 + 28 + 5 =
    # 85 days → 42 → 21 Apr 2017, as the engine did before.)
    sa = date(2016, 12, 12)
    got, _ = calc(SentenceIn("SDS", sa, Term(months=1, weeks=3), offence_date=date(2015, 7, 3), ident="a"),
                  SentenceIn("SDS", sa, Term(months=1, days=5), offence_date=date(2015, 7, 24), ident="b",
                             consecutive_to="a"),
                  SentenceIn("SDS", sa, Term(months=3), offence_date=date(2014, 12, 2), ident="c",
                             consecutive_to="b"))
    assert (got["CRD"], got["SED"], got["LED"]) == ("2017-03-10", "2017-06-06", "2017-04-23")


@pytest.mark.parametrize(("recall", "led"), [
    # Not recalled, 100 days remand: 549 − 100 → 1 Mar 2010 + 448 = 23 May 2011.
    (None, "2011-05-23"),
    # Recalled, 400 days recall remand (more than the 366 days to release): CRDS adds the excess back only
    # for a sentence not recalled, so 549 − 400 = 149 days → 27 Jul 2010 (the engine added 35 days back).
    ("STANDARD", "2010-07-27"),
])
def test_cja_1991_three_quarters_licence(recall, led):
    # CJA 1991 s.37(1): a sentence of 12 months to under 4 years (offence before 4 April 2005, sentenced
    # before 3 December 2012) is on licence to three-quarters of the term. 2 years from 1 Mar 2010 = 731 days
    # (29 Feb 2012); three-quarters ceil(548.25) = 549 days. Deductions beyond the days to release carry
    # into the licence (CRDS SentenceCalculation.numberOfDaysToAddToLicenceExpiryDate: not for a recall).
    sa = date(2010, 3, 1)
    kind, days = ("REMAND", 100) if recall is None else ("RECALL_REMAND", 400)
    got, _ = calc(SentenceIn("SDS", sa, Term(years=2), offence_date=date(2004, 6, 1), recall_type=recall),
                  adjustments=[AdjustmentIn(kind, days, applies_from=sa)],
                  return_to_custody=date(2011, 6, 1) if recall else None)
    assert got["LED"] == led


# -- the casebook: an EDS with automatic release -------------------------------------------------------
def _client_eds(sentence_date, term, *, stype="EDS_AUTO", extension="P4Y"):
    from types import SimpleNamespace as NS

    from casebook.sentencing.casebook_adapter import calculate_for_client
    s = NS(id=1, client_id=1, sentence_type=stype, offence="s.18 wounding",
           offence_date=date(2012, 6, 1), sentence_date=sentence_date, custodial_term=term,
           extension_term=extension, minimum_term=None, consecutive_to=None, offence_flags=[],
           recall_type=None, recall_date=None)
    return calculate_for_client([s], [], today=date(2026, 1, 1))


def test_casebook_eds_with_automatic_release_within_its_window():
    # LASPO 2012 EDS imposed 10 Mar 2014, custodial 6 years (2192 days): automatic release at two-thirds →
    # 10 Mar 2018, as test_eds_automatic_release_at_two_thirds_has_no_ped works it.
    c = _client_eds(date(2014, 3, 10), "P6Y")
    assert c.refusal is None and c.result.dates["CRD"].date == date(2018, 3, 10)
    assert "PED" not in c.result.dates


@pytest.mark.parametrize(("sentence_date", "term", "why"), [
    (date(2015, 4, 13), "P6Y", "12 April 2015"),     # CJCA 2015 s.4: automatic release ended
    (date(2012, 11, 30), "P6Y", "3 December 2012"),  # before LASPO 2012 there was no EDS
    (date(2014, 3, 10), "P10Y", "10 years"),         # s.246A(2)(a) as enacted: under 10 years only
])
def test_casebook_eds_with_automatic_release_outside_the_law_is_rejected(sentence_date, term, why):
    # CJA 2003 s.246A(2) as enacted: automatic release at two-thirds only for an EDS with a custodial term
    # under 10 years (and no Schedule 15B offence); the Criminal Justice and Courts Act 2015 s.4 ended it
    # for sentences imposed from 13 April 2015. The casebook says so rather than release at two-thirds.
    c = _client_eds(sentence_date, term)
    assert c.result is None and why in c.refusal and "enter it as an EDS" in c.refusal


# -- SDS40 beside an extended sentence ---------------------------------------------------------------------
def test_no_ped_where_a_concurrent_sds_held_to_its_tranche_date_is_released_last():
    # CRDS SDS40EarlyReleaseDefaultingRulesService.removePedIfNotApplicable, read for the rule: after the
    # tranche defaulting, the PED stands only where the sentence released last (a 40% release before the
    # tranche date counted at that date) has a PED.
    # EDS 2 + 2 years from 1 Sep 2022: custodial 731 days (29 Feb 2024) → CRD 31 Aug 2024; PED ceil(731 × 2/3)
    # = 488 days → 1 Jan 2024. SDS 4 years 6 months from 1 Sep 2022 = 1642 days: 40% ceil(656.8) = 657 days →
    # 18 Jun 2024; one-half 821 days → 29 Nov 2024. Every sentence under 5 years: SDS40 tranche 1, 10 Sep 2024
    # (SI 2024/844 art.2). At 40% the EDS's CRD is the latest release and its PED would move to the SDS's
    # 18 Jun 2024; but that 40% release is before tranche 1 and one-half after it, so the SDS is released on
    # 10 Sep 2024 (art.3) — the CRD, after the EDS's own: parole from the EDS cannot release earlier, no PED.
    sa = date(2022, 9, 1)
    got, _ = calc(eds(sa, Term(years=2), Term(years=2), offence=date(2021, 6, 1)),
                  SentenceIn("SDS", sa, Term(years=4, months=6), offence_date=date(2021, 6, 1)))
    assert got["CRD"] == "2024-09-10" and "PED" not in got
    assert got["SLED"] == got["ESED"] == "2027-02-28"


def test_ped_stands_where_the_extended_sentence_is_released_last_under_sds40():
    # EDS 3 + 2 years from 1 Jan 2022: custodial 1096 days → CRD 31 Dec 2024; PED 731 days → 1 Jan 2024.
    # SDS 7 years = 2557 days: 40% ceil(1022.8) = 1023 → 19 Oct 2024, before tranche 2 (22 Oct 2024, 5 years
    # or more) — held to 22 Oct 2024, still before the EDS's CRD, which is the release. The PED moves to the
    # SDS's 40% release, as CRDS gives it (the date before defaulting: its PED is not moved to the tranche).
    sa = date(2022, 1, 1)
    got, _ = calc(eds(sa, Term(years=3), Term(years=2), offence=date(2021, 6, 1)),
                  SentenceIn("SDS", sa, Term(years=7), offence_date=date(2021, 6, 1)))
    assert got["CRD"] == "2024-12-31" and got["PED"] == "2024-10-19"


@pytest.mark.parametrize("extension", [None, "P1Y", "P12M"])
def test_casebook_sopc_licence_period_is_one_year(extension):
    # Sentencing Act 2020 ss.265(2), 278(2): a SOPC is the custodial term and "a further period of 1 year"
    # on licence. The casebook lets it be left out (records: not required for a SOPC): taken as one year.
    # SOPC 6 years from 28 Jun 2022: the custodial term ends 27 Jun 2028; + 1 year → SLED 27 Jun 2029; PED 28
    # Jun 2026 (test_sopc_ped_one_half_before_28_june_2022_and_two_thirds_from_then).
    c = _client_eds(date(2022, 6, 28), "P6Y", stype="SOPC", extension=extension)
    assert c.refusal is None
    assert c.result.dates["SLED"].date == date(2029, 6, 27)
    assert c.result.dates["PED"].date == date(2026, 6, 28)


def test_casebook_sopc_with_another_licence_period_is_rejected():
    c = _client_eds(date(2022, 6, 28), "P6Y", stype="SOPC", extension="P2Y")
    assert c.result is None and "one year" in c.refusal


def test_no_ped_from_a_40_percent_release_that_never_applied():
    # EDS 3 + 2 years from 1 Jul 2021: custodial 1096 days → CRD 30 Jun 2024; PED 731 days → 1 Jul 2023.
    # SDS 6 years 6 months from 1 Jul 2021 = 2375 days: one-half 1188 → 30 Sep 2024; 40% 950 → 5 Feb 2024.
    # 5 years or more: tranche 2, 22 Oct 2024 (SI 2024/844 art.2). Released at one-half on 30 Sep 2024, before
    # its tranche commenced, the person was never serving the SDS when 40% came in (art.3; CRDS allocates the
    # tranche only to sentences not yet released): the SDS's release stays 30 Sep 2024, after the EDS's CRD,
    # and there is no PED. (The engine took the 40% release, 5 Feb 2024, as the one the PED moves to.)
    sa = date(2021, 7, 1)
    got, _ = calc(eds(sa, Term(years=3), Term(years=2), offence=date(2021, 1, 1)),
                  SentenceIn("SDS", sa, Term(years=6, months=6), offence_date=date(2021, 1, 1)))
    assert got["CRD"] == "2024-09-30" and "PED" not in got
