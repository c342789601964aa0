"""A unit's dates: which release and expiry dates it has (CRD/ARD/MTD, SLED/SED/LED), PED, TUSED, DTO
transfer dates, ERSED and HDCED, each with its working.

``compute_unit`` = ``unit.release_and_expiry`` + these dates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from casebook.sentencing import ers, hdc
from casebook.sentencing import progression as PM
from casebook.sentencing import rules as R
from casebook.sentencing.adjustments import CustodyWindow
from casebook.sentencing.durations import Term, add_months, uk_date
from casebook.sentencing.model import BookingIn, DateResult, NotSupported, SentenceIn, Working
from casebook.sentencing.release_points import (
    PROGRESSION,
    SDS40,
    STANDARD,
    THREE_QUARTERS,
    fraction_name,
)
from casebook.sentencing.terms import (
    ceil_frac,
    months_days,
    offence_day,
    plus_days,
    under_months,
    years_days,
)
from casebook.sentencing.unit import Unit, release_and_expiry

ADULT_YEARS = 18


@dataclass(frozen=True)
class RefusedWorking(Working):
    """The working of a date not settled: given where it does not decide the booking's answer, refused with
    ``refusal`` where it does (checked once the booking's dates are settled, ``engine``)."""

    refusal: str = ""


def birthday(dob: date, years: int) -> date:
    """The day a person born on ``dob`` turns ``years`` as HMPPS counts age (a java.time Period from the
    date of birth): someone born on 29 February turns a year older on 1 March in a common year."""
    d = add_months(dob, years * 12)
    return d if d.day == dob.day else plus_days(d, 1)


class _Codes(NamedTuple):
    release: str                # CRD, ARD or MTD
    expiry: str                 # SLED or SED
    mixed_ora: bool = False     # consecutive terms for offences before and after 1 February 2015
    led_three_quarters: bool = False   # CJA 1991 licence to three-quarters of the term
    cja_1991_long: bool = False        # CJA 1991 term of 4 years or more, not recalled (HMPPS; UNCONFIRMED)


def compute_unit(parts: list[SentenceIn], booking: BookingIn, regime: str,
                 window: CustodyWindow | None = None,
                 in_custody_until: date | None = None, early_from: date | None = None) -> Unit:
    """A unit's release and expiry under ``regime`` with all its dates and their working."""
    u = release_and_expiry(parts, booking, regime, window, in_custody_until=in_custody_until,
                           early_from=early_from)
    codes = _codes(u, booking)
    u.types = {codes.release, codes.expiry}
    if codes.expiry == "SLED":
        u.led = u.expiry
    if u.kind == "SDS" and codes.expiry == "SED" and codes.release == "CRD":
        if codes.mixed_ora:
            _ora_led(u)
        if codes.led_three_quarters:
            _three_quarters_led(u)
    if u.kind == "DTO":
        u.dates.update(dto_transfer_dates(u.sentenced_at, u.days, u.release))
    _release_and_expiry_dates(u, codes)
    _ped(u)
    _tused(u, booking, codes.release)
    cja_1991 = u.kind == "SDS" and all(p.sentenced_at < R.LASPO_COMMENCEMENT
                                       and offence_day(p) < R.CJA_2003_COMMENCEMENT for p in parts)
    if booking.calculate_ersed and u.recall is None and cja_1991 and (len(parts) > 1 or parts[0].single_term):
        # HMPPS leaves out of the scheme a single standard determinate sentence under the CJA 1991 rules, but
        # tests only that sentence type: a line of consecutive CJA 1991 terms, or their single term, is not
        # excluded by that test (CRDS ErsedCalculator isEligibleUnderCJAAndLASPO). Not settled here.
        raise NotSupported("early removal date for consecutive or combined CJA 1991 terms")
    if booking.calculate_ersed and u.recall is None and u.kind in ("SDS", "EXTENDED") and not cja_1991:
        # (HMPPS: no ERSED for a DTO, default term, BOTUS or a CJA 1991 sentence — CRDS ErsedCalculator)
        u.dates["ERSED"] = ers.unit_ersed(u, _ers30_snapshot(parts, booking, regime, window))
        u.ersed = u.dates["ERSED"].date
    if hdc.eligible(u, booking):
        found = hdc.unit_hdced(u)
        if found is not None:
            u.hdced, u.dates["HDCED"] = found.date, found
    return u


@lru_cache(maxsize=4096)
def _term_text(term: Term, extension: Term | None) -> str:
    return str(term) + (f" (+{extension} extension)" if extension else "")


# -- which dates -------------------------------------------------------------------------------------------
def _codes(u: Unit, booking: BookingIn) -> _Codes:
    if u.kind in ("AFINE", "BOTUS"):
        return _Codes("ARD", "SED")
    if u.kind == "DTO":
        return _Codes("MTD", "SED")
    if u.kind == "EXTENDED":
        return _Codes("CRD", "SLED")
    return _sds_codes(u, booking)


def _cja_1991(p: SentenceIn) -> bool:
    """Offence before 4 April 2005 and sentenced before 3 December 2012: CJA 1991 release rules."""
    return p.sentenced_at < R.LASPO_COMMENCEMENT and offence_day(p) < R.CJA_2003_COMMENCEMENT


def _cja_1991_long_recalled(u: Unit) -> bool:
    """Offence before 4 April 2005, sentenced before 3 December 2012: CJA 1991 release rules. A term of 4
    years or more (a "1991 Act long-term prisoner") is released on licence at the release point of a
    standard determinate sentence with the licence to sentence expiry (CRD + SLED), as HMPPS identifies
    every such term (CRDS SentenceIdentificationService.beforeCJAAndLASPO): right for a term not for a
    Schedule 15 offence (CJA 2003 Sch.20A); for one that is, release is at the Parole Board's direction
    from one-half and automatic at two-thirds, which the booking cannot show (the CRD's working says so).
    Recalled on a standard recall: on licence (or in custody) to sentence expiry (CJA 2003 s.255C). A
    fixed-term recall of such a term is refused."""
    if u.days >= years_days(4, u.sentenced_at):
        if u.recall not in (None, "STANDARD"):
            raise NotSupported("fixed-term recall of a CJA 1991 sentence of 4 years or more")
        return True
    return False


def _sds_codes(u: Unit, booking: BookingIn) -> _Codes:
    """Release on licence (CRD + SLED) or unconditionally (ARD + SED), and the licence of a CJA 1991
    sentence or of consecutive pre- and post-ORA terms (PSI 03/2015 examples 21, 25)."""
    parts, sa = u.parts, u.sentenced_at
    ora = all(offence_day(p) >= R.ORA_COMMENCEMENT for p in parts)
    mixed_ora = not ora and any(offence_day(p) >= R.ORA_COMMENCEMENT for p in parts)
    old = [_cja_1991(p) for p in parts]
    under_12m = under_months(u.days, 12, sa)
    long_recalled = led_three_quarters = False
    if all(old):
        long_recalled = _cja_1991_long_recalled(u)
        led_three_quarters = not under_12m and not long_recalled
    dob = booking.date_of_birth
    # under 18 at the release HMPPS tests: the adjusted release (additional days in, not before the sentence
    # date); for a recalled sentence the post-recall release (CRDS ReleaseDateTypes, SentenceCalculation
    # releaseDate), later than the first release tested here
    under_18 = dob is not None and birthday(dob, ADULT_YEARS) > u.release
    if any(old) and not all(old):
        # A line of CJA 1991 terms and later ones (PSI 03/2015 example 39): released on licence to the end
        # of the line whatever its length, as HMPPS identifies it (CRDS SentenceIdentificationService: a
        # consecutive sentence "made up of before and after CJA/LASPO sentences" → SLED, CRD, checked before
        # the ORA split of examples 21 and 25), with no top-up supervision (TusedCalculator: only a line of
        # later terms has one). Each term keeps its own release point. Under 12 months and under 18 at
        # release: unconditional (ARD + SED), as for any such term (CRDS ReleaseDateTypes).
        return _Codes("ARD", "SED") if under_12m and under_18 else _Codes("CRD", "SLED")
    if mixed_ora:
        if under_12m and under_18:
            # (HMPPS would give ARD + SED with the licence of example 25: not shown, not settled)
            raise NotSupported("consecutive pre- and post-ORA terms under 12 months, under 18 at release")
        return _Codes("CRD", "SED" if under_12m else "SLED", mixed_ora=True)   # PSI 03/2015 examples 25, 21
    if long_recalled:
        return _Codes("CRD", "SLED", cja_1991_long=u.recall is None)
    if all(old):
        if under_12m:
            return _Codes("ARD", "SED")
        return _Codes("CRD", "SED", led_three_quarters=led_three_quarters)
    if u.regime == PROGRESSION and u.days > 1 and not ora and under_12m \
            and any(PM.in_model(p) for p in parts):
        # Under the progression model, terms under 12 months for offences before 1 February 2015 are
        # released on licence (CRD + SLED) rather than unconditionally (CRDS ProgressionModelLegislation
        # modifyConditionalReleaseAndReleaseDateTypes). UNCONFIRMED.
        return _Codes("CRD", "SLED")
    if u.recall and ora and under_12m and u.days > 1 and under_18:
        # released unconditionally at the first release, yet recalled: HMPPS tests the age at the post-recall
        # release, worked out later; not settled here
        raise NotSupported("a recalled sentence under 12 months of someone under 18 at the first release")
    if (not ora and under_12m) or u.days <= 1 or (under_12m and under_18):
        return _Codes("ARD", "SED")
    return _Codes("CRD", "SLED")


# -- licence ------------------------------------------------------------------------------------------------
def _ora_led(u: Unit) -> None:
    """Licence for the ORA part only: release + one-half of the ORA terms (PSI 03/2015 example 25; CRDS
    LED_CONSEC_ORA_AND_NON_ORA). HMPPS counts the ORA terms as one term, their years, months, weeks and
    days added together, from the line's sentence date (CRDS SentenceAdjustedCalculationService.calculateLED,
    Duration.appendAll), not as runs counted on from each other (para 5.5)."""
    ora_days = sum((p.term for p in u.parts if p.kind == "SDS" and offence_day(p) >= R.ORA_COMMENCEMENT),
                   Term()).length_days(u.sentenced_at)
    u.led = min(plus_days(u.release, ora_days // 2), u.expiry)   # additional days beyond expiry are unused
    u.types.add("LED")
    u.dates["LED"] = DateResult("LED", u.led, R.working(
        "ORA_LICENCE", f"release {uk_date(u.release)} + one-half of the {ora_days} days of the terms for "
        f"offences from 1 February 2015 ({ora_days // 2} days) = {uk_date(u.led)}"))


def _three_quarters_led(u: Unit) -> None:
    """Licence to three-quarters of the term (CJA 1991 s.37(1)); deductions beyond the custodial part carry
    into the licence, except for a recalled sentence (CRDS SentenceCalculation
    numberOfDaysToAddToLicenceExpiryDate)."""
    adj, sa = u.adj, u.sentenced_at
    extra = max(0, adj.deducted - u.release_days) if u.recall is None else 0
    led_days = ceil_frac(u.days, THREE_QUARTERS)
    u.led = plus_days(sa, led_days - 1 + extra + adj.ual - adj.deducted)
    u.types.add("LED")
    u.dates["LED"] = DateResult("LED", u.led, R.working(
        "LED_THREE_QUARTERS", f"{u.days} days × 3/4 = {led_days} days from {uk_date(sa)}"
        f"{'; ' + adj.text() if adj.text() else ''} = {uk_date(u.led)}"))


def dto_transfer_dates(sa: date, days: int, release: date, at_once: bool = False) -> dict[str, DateResult]:
    """DTO early/late transfer (release) dates: one month either side of the mid-term for terms of 8 to
    under 18 months, two months for 18 to 24 months (Sentencing Act 2020 s.241(4)-(5)). None where the
    mid-term is the sentence date (released at once), unless ``at_once`` (HMPPS does not test that for
    concurrent lines of orders, CRDS calculateWhenAllDtos)."""
    if release <= sa and not at_once:
        return {}
    if months_days(8, sa) <= days < months_days(18, sa):
        n = 1
    elif months_days(18, sa) <= days <= months_days(24, sa):
        n = 2
    else:
        return {}
    out = {}
    for code, sign in (("ETD", -1), ("LTD", 1)):
        d = add_months(release, sign * n)
        out[code] = DateResult(code, d, R.working("DTO", f"mid-term date {uk_date(release)} "
                                                        f"{'−' if sign < 0 else '+'} {n} "
                                                        f"month{'s' if n > 1 else ''} = {uk_date(d)}"))
    return out


# -- release, expiry, parole eligibility ----------------------------------------------------------------
def _release_and_expiry_dates(u: Unit, codes: _Codes) -> None:
    sa, adj, plan = u.sentenced_at, u.adj, u.plan
    days, release_days, release = u.days, u.release_days, u.release
    expiry, unadjusted_expiry, parts = u.expiry, u.unadjusted_expiry, list(u.parts)

    def terms() -> str:
        return " + ".join(_term_text(p.term, p.extension) for p in parts)

    def rel_text() -> str:   # (written when first read: most units' texts are never shown)
        steps = [f"{d} days × {fraction_name(f)} = {k} days" for d, f, k in plan.steps]
        how = (f"{terms()} from {uk_date(sa)} = {days} days to expiry; release after " + "; then ".join(steps)
               + (f", {release_days} days in all" if len(steps) > 1 else ""))
        adj_text = adj.with_awarded_text()
        unadj_rel = plus_days(sa, release_days - 1)
        text = f"{how} → {uk_date(unadj_rel)}"
        if adj_text or release != unadj_rel:
            text += f"{'; ' + adj_text if adj_text else ''} = {uk_date(release)}"
        return text

    def exp_text() -> str:
        text = f"{terms()} from {uk_date(sa)} ends {uk_date(unadjusted_expiry)}"
        if expiry != unadjusted_expiry:
            text += f"{'; ' + adj.text() if adj.text() else ''} = {uk_date(expiry)}"
        return text
    rel_rule = "ARD" if (codes.release == "ARD" and u.kind == "SDS") else u.rule_key
    more = ("REMAND",)
    if codes.cja_1991_long:
        rel_rule, more = "CJA1991_LONG", (rel_rule, "REMAND")
    u.dates[codes.release] = DateResult(codes.release, release, R.working(
        rel_rule, rel_text, *more, confirmed=not plan.progression))   # progression fraction: UNCONFIRMED
    u.dates[codes.expiry] = DateResult(codes.expiry, expiry, R.working(
        "SLED" if codes.expiry == "SLED" else "TERM_DAYS", exp_text, "TERM_DAYS"))


def _ped(u: Unit) -> None:
    if u.ped_days is None:
        return
    sa, adj = u.sentenced_at, u.adj
    adj_text = adj.with_awarded_text()
    u.ped = max(sa, plus_days(sa, u.ped_days - 1 - adj.deducted + adj.ual + adj.awarded))
    u.types.add("PED")
    u.dates["PED"] = DateResult("PED", u.ped, R.working(
        u.plan.ped_rule, f"{u.ped_days} days from {uk_date(sa)} (custodial term × "
        f"{fraction_name(u.plan.ped_fraction)}){'; ' + adj_text if adj_text else ''} = {uk_date(u.ped)}"))


# -- top-up supervision (Offender Rehabilitation Act 2014) -----------------------------------------------
def _tused_applies(u: Unit, booking: BookingIn) -> bool:
    """Offences from 1 February 2015, aged 18 or over at the end of the custodial part and at release, a term
    over 1 day and under 2 years with under a year on licence (CJA 2003 s.256AA)."""
    sa, dob = u.sentenced_at, booking.date_of_birth
    if not (1 < u.days < years_days(2, sa) and (u.days - u.release_days) < 365):
        return False
    adult_at_release = dob is None or birthday(dob, ADULT_YEARS) <= u.release_no_ada
    if not any(offence_day(p) >= R.ORA_COMMENCEMENT for p in u.parts):
        if u.kind == "DTO" and adult_at_release:
            # HMPPS gives a DTO its top-up supervision without testing the offence date (CRDS
            # SentenceIdentificationService identifyDtoSentence, TusedCalculator
            # sentenceMatchesTusedCriteria);
            # Sentencing Act 2020 s.247 applies only to offences from 1 February 2015 (ORA 2014 s.6).
            raise NotSupported("top-up supervision of a detention and training order for offences before "
                               "1 February 2015 (HMPPS gives it; the Act does not)")
        return False
    if any(_cja_1991(p) for p in u.parts):
        # a line with a CJA 1991 term has no top-up supervision (CRDS TusedCalculator: a line only of later
        # terms; PSI 03/2015 example 39)
        return False
    if u.kind == "DTO":
        # A detention and training order: further supervision where the offender is aged 18 or over at the
        # half-way point of the term (Sentencing Act 2020 s.247; formerly PCC(S)A 2000 s.106B, inserted by
        # ORA 2014 s.6); HMPPS tests 18 at the release without additional days (CRDS determineTUSED), not
        # the adult test of an SDS.
        return adult_at_release
    # CJA 2003 s.256AA: aged 18 or over on the last day of the requisite custodial period. HMPPS: age over
    # 18 (a fraction of a year counts) on the day after it, the sentence date + one-half of the days rounded
    # (CRDS TusedCalculator sentenceIsEligibleForTused, getHalfSentenceDate) — the same day test; and 18 at
    # the release without additional days (sentenceMatchesTusedCriteria).
    after_half = plus_days(sa, math.ceil(u.days / 2))
    return dob is None or (birthday(dob, ADULT_YEARS) < after_half and adult_at_release)


def _tused_after_recall(u: Unit) -> tuple[date, str, date]:
    """Recalled: the release point adjusted by recall remand and by UAL before it, + 12 months, + UAL after
    it; from the sentence date if release was immediate (CRDS TusedCalculator). Also that release point."""
    sa, adj = u.sentenced_at, u.adj
    rel = plus_days(sa, u.release_days - 1 - adj.deducted)
    before = 0
    for st, n in sorted(adj.ual_items, key=lambda x: (x[0] or date.min)):
        if st is None or st <= plus_days(rel, before):
            before += n
    after = adj.ual - before
    rel = plus_days(rel, before)
    if adj.awarded > 0 and any(st is not None and rel < st <= plus_days(rel, adj.awarded)
                               for st, _ in adj.ual_items):
        # HMPPS counts UAL as during custody up to the release with additional days: not settled.
        raise NotSupported("top-up supervision of a recalled sentence with time unlawfully at large "
                           "starting within the additional days before its first release")
    if rel <= sa:
        tused = plus_days(add_months(sa, R.TUSED_MONTHS), after)
        return tused, (f"immediate release: sentence date {uk_date(sa)} + 12 months + {after} days UAL "
                       f"after release = {uk_date(tused)}"), rel
    tused = plus_days(add_months(rel, R.TUSED_MONTHS), after)
    how = f"release {uk_date(rel)} + 12 months + {after} days UAL after release = {uk_date(tused)}"
    return tused, how, rel


def _tused(u: Unit, booking: BookingIn, release_code: str) -> None:
    if not ((u.kind == "SDS" and release_code == "CRD") or u.kind == "DTO") or not _tused_applies(u, booking):
        return
    # (a single term of concurrent DTOs, Sentencing Act 2020 s.238, has top-up supervision as one order
    # does: CRDS SentenceIdentificationService gives DtoSingleTermSentence the DTO date types, TUSED among
    # them, and determineTUSED the same licence-period and age tests)
    if u.recall is None:
        # released at once (additional days included: CRDS TusedCalculator isImmediateRelease) from the
        # sentence date, otherwise from the release before additional days
        base = u.sentenced_at if u.immediate or u.release_no_ada < u.sentenced_at else u.release_no_ada
        u.tused = add_months(base, R.TUSED_MONTHS)
        how = f"release (before additional days) {uk_date(base)} + 12 months = {uk_date(u.tused)}"
        if not u.immediate and u.release_no_ada < u.sentenced_at:
            # before the sentence date without additional days, after it with them: CRDS then counts from the
            # release before additional days (before the sentence date), where the additional days it counts
            # in custody are the engine's; refused where it decides the booking's TUSED (engine)
            _refused_tused(u, how, "top-up supervision of a sentence released before its sentence date "
                                   "without its additional days but after it with them")
            return
    else:
        u.tused, how, rel = _tused_after_recall(u)
        if rel <= u.sentenced_at < plus_days(rel, u.adj.awarded):
            # CRDS tests release at once with the additional days awarded in custody (CRDS
            # SentenceCalculation.isImmediateRelease); which of a recalled sentence's days those are: not
            # settled, refused where it decides the booking's TUSED (engine)
            _refused_tused(u, how, "top-up supervision of a recalled sentence released at once before its "
                                   "additional days but not after them")
            return
    u.dates["TUSED"] = DateResult("TUSED", u.tused, R.working("TUSED", how))


def _refused_tused(u: Unit, how: str, refusal: str) -> None:
    """A TUSED whose working is kept but which the engine refuses where it decides the booking's TUSED."""
    w = R.working("TUSED", how)
    u.dates["TUSED"] = DateResult("TUSED", u.tused, RefusedWorking(w.rule, w.citation, w.arithmetic,
                                                                   w.confirmed, refusal=refusal))


# -- early removal: the pre-ERS30 snapshot ------------------------------------------------------------
def _ers30_snapshot(parts: list[SentenceIn], booking: BookingIn, regime: str,
                    window: CustodyWindow | None) -> ers.ErsDate | None:
    """With the HMPPS toggle useLatestErsedFromPreErs30Snapshot, a chain spanning the ERS30 commencement
    keeps the ERS50 date its earlier terms had before that date (CRS-2812): that date, from the terms
    imposed before it under the rules then in force (SDS40, not the progression model). UNCONFIRMED."""
    c = R.ERS30_COMMENCEMENT
    if ("useLatestErsedFromPreErs30Snapshot" not in booking.toggles
            or not min(p.sentenced_at for p in parts) < c <= max(p.sentenced_at for p in parts)):
        return None
    earlier = [p for p in parts if p.sentenced_at < c]
    snap = compute_unit(earlier, booking, STANDARD if regime == STANDARD else SDS40, window=window)
    if "ERSED" not in snap.dates:
        return None
    e = snap.dates["ERSED"]
    return ers.ErsDate(e.date, plus_days(e.date, -snap.adj.awarded), e.working.arithmetic + " (terms imposed "
                       "before 23 September 2025, as calculated before then)", "ERS")
