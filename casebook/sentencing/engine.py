"""The release-date engine: one small set of functions over the dated rules in ``rules.py``.

Pipeline
1. validate the booking and group consecutive chains into *units*;
2. compute every unit's dates under a *regime* of release fractions (the standard fractions, SDS40,
   the progression model), each date with its working;
3. combine the units (the latest release and the latest expiry govern, PSI 03/2015);
4. where a change of release point commences by tranche, merge the regimes: a date that the new
   fraction would put before the tranche commencement moves to the commencement date, and a date
   already before it under the old fraction stays (SI 2024/844 art.3; CRDS defaulting rules).

Anything outside the supported rules raises :class:`NotSupported`; the engine never guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from casebook.sentencing import movements as MV
from casebook.sentencing import progression as PM
from casebook.sentencing import recalls as RC
from casebook.sentencing import rules as R
from casebook.sentencing.adjustments import CustodyWindow, booking_adjustments
from casebook.sentencing.durations import Term, add_months, iso_period, period_between, uk_date
from casebook.sentencing.model import (
    BookingIn,
    CalculationResult,
    DateResult,
    InvalidBooking,
    NotSupported,
    SentenceIn,
    Working,
)
from casebook.sentencing.release_points import (
    FORTY,
    HALF,
    ONE_THIRD,
    PRE_PROGRESSION,
    PROGRESSION,
    SDS40,
    STANDARD,
    T3_SUFFIX,
)
from casebook.sentencing.terms import aggregate_days, build_chains
from casebook.sentencing.terms import offence_day as _offence
from casebook.sentencing.terms import plus_days as _d
from casebook.sentencing.terms import single_term as _single_term

_w = R.working

from casebook.sentencing import hdc
from casebook.sentencing.unit import Unit, release_and_expiry
from casebook.sentencing.unit_dates import compute_unit, dto_transfer_dates


# ----------------------------------------------------------------------------------------------
# Recall
# ----------------------------------------------------------------------------------------------
def _apply_recall(u: Unit, booking: BookingIn) -> None:
    if u.recall is None:
        return
    exp = u.expiry
    if u.recall == "STANDARD":
        u.prrd = exp
        how = f"standard recall: re-release at sentence expiry {uk_date(exp)} unless the Parole Board directs earlier"
        key = "RECALL_STANDARD"
    else:
        n = R.FTR_DAYS.get(u.recall)
        if n is None:
            raise NotSupported(f"recall type {u.recall}")
        if booking.return_to_custody is None:
            raise NotSupported("fixed-term recall without a return-to-custody date")
        rtc = booking.return_to_custody
        if u.recall == "FTR56":
            _ftr56(u, booking)
            return
        later = sum(a.days for a in booking.adjustments
                    if a.kind == "UAL" and (a.from_date or a.applies_from) and (a.from_date or a.applies_from) >= rtc)
        later += sum(a.days * (1 if a.kind == "ADA" else -1) for a in booking.adjustments
                     if a.kind in ("ADA", "RADA") and (a.from_date or a.applies_from)
                     and (a.from_date or a.applies_from) >= rtc)
        prrd = _d(rtc, n - 1 + later)
        how = (f"returned to custody {uk_date(rtc)} + {n} − 1 days"
               + (f" {later:+d} days (UAL/additional days since)" if later else "") + f" = {uk_date(prrd)}")
        if prrd > exp:
            prrd = exp
            how += f", capped at sentence expiry {uk_date(exp)}"
        u.prrd = prrd
        key = "RECALL_FIXED"
    u.dates = {k: v for k, v in u.dates.items() if k in ("SLED", "SED", "LED", "TUSED")}
    u.hdced = None
    u.ped = None
    u.dates["PRRD"] = DateResult("PRRD", u.prrd, _w(key, how))


def _ftr56_tranche(booking: BookingIn, u: Unit) -> date:
    """FTR56 tranche: by the longest 56-day-recall term in the booking still running at the return to
    custody (Sentencing Act 2026 commencement; CRDS FTR_56 tranches). UNCONFIRMED. A term of exactly 6, 7, 8 or 9 years sits on
    a tranche boundary that the HMPPS suite shows allocated below it (exactly 5 years is not): refused."""
    rtc = booking.return_to_custody
    best = None   # (days, start)
    for c in build_chains(booking):
        if not any(p.recall_type == "FTR56" for p in c):
            continue
        sa = min(p.sentenced_at for p in c)
        days = aggregate_days(sa, [p.term for p in c])
        if rtc is not None and _d(sa, days - 1) < rtc:
            continue
        if best is None or days > best[0]:
            best = (days, sa)
    if best is None:
        best = (aggregate_days(u.sentenced_at, [p.term for p in u.parts]), u.sentenced_at)
    days, sa = best
    for years, when in R.FTR56_TRANCHES:
        if years is None or days < Term(years=years).length_days(sa):
            break
        if (years > 5 and days == Term(years=years).length_days(sa) and rtc is not None and _d(rtc, 55) < when
                and u.expiry > when):
            raise NotSupported(f"56-day fixed-term recall on a term of exactly {years} years (tranche boundary "
                               "allocation not settled)")
    return when


def _ftr56(u: Unit, booking: BookingIn) -> None:
    rtc = booking.return_to_custody
    exp = u.expiry
    tranche = _ftr56_tranche(booking, u)
    base = _d(rtc, 55)
    how = f"returned to custody {uk_date(rtc)} + 56 − 1 days = {uk_date(base)}"
    if base < tranche:
        base = tranche
        how += f"; not before the FTR56 tranche date {uk_date(tranche)}"
    added = sum(a.days * (1 if a.kind == "ADA" else -1) for a in booking.adjustments
                if a.kind in ("ADA", "RADA") and a.applies_from and a.applies_from >= rtc)
    prrd = _d(base, added)
    if added:
        how += f" {added:+d} additional days awarded since = {uk_date(prrd)}"
    if prrd > exp:
        prrd = exp
        how += f", capped at sentence expiry {uk_date(exp)}"
    u.prrd = prrd
    u.dates = {k: v for k, v in u.dates.items() if k in ("SLED", "SED", "LED", "TUSED")}
    u.hdced = None
    u.ped = None
    u.dates["PRRD"] = DateResult("PRRD", prrd, _w("RECALL_FTR56", how))


# ----------------------------------------------------------------------------------------------
# Booking
# ----------------------------------------------------------------------------------------------
def validate(booking: BookingIn) -> None:
    if not booking.sentences:
        raise InvalidBooking("at least one sentence is needed")
    for s in booking.sentences:
        if s.term.is_zero:
            raise InvalidBooking("a sentence has no length")
        if s.kind in ("EDS", "SOPC") and (s.extension is None or s.extension.is_zero):
            raise InvalidBooking("an extended sentence has no extension period")


# Breach of a sexual harm prevention (or similar) order committed from 1 December 2020 is an offence
# under Sentencing Act 2020 s.354 rather than SOA 2003 s.103I, and is excluded from SDS40 only from
# 16 December 2024 (SI 2024/1331): which release provisions apply cannot be told from the record (CRDS
# validation UNABLE_TO_DETERMINE_SHPO_RELEASE_PROVISIONS). Offence codes as used by HMPPS.
SHPO_BREACH = re.compile(r"^SX032(20|24|44|47)A?$")


@dataclass
class RegimeResult:
    units: list[Unit]
    dates: dict[str, DateResult]
    esl: str


def _commencements(profile: R.Profile) -> list[tuple[date, str]]:
    out = [(t.commencement, t.name) for t in R.SDS40.tranches] + [(R.SDS40_TRANCHE_3, "SDS40 tranche 3")]
    out += [(when, "56-day fixed-term recall") for _, when in R.FTR56_TRANCHES]
    out += [(R.HDC_365_COMMENCEMENT, "HDC 365-day window"), (R.ERS30_FIRST_DATE_SEEN, "ERS changes")]
    if profile.progression is not None:
        out += [(t.commencement, t.name) for t in profile.progression.tranches]
    return out


def _check_out_of_custody(booking: BookingIn, profile: R.Profile) -> None:
    """Release and re-admission history matters where the person was out of custody when a change
    commenced. SDS40 is handled (``movements.py``); for the other changes, where the change could bear on
    this booking, the case is refused."""
    if not booking.out_of_custody:
        return
    relevant = []
    for when, name in _commencements(profile):
        if name.startswith("SDS40"):
            continue   # SI 2024/844 art.3: see movements.out_of_custody_at
        if name in ("ERS changes", "HDC 365-day window"):
            continue   # these apply by the date of the calculated date, not by being in custody then
        if name == "56-day fixed-term recall" and not any(s.recall_type for s in booking.sentences):
            continue
        relevant.append((when, name))
    for start, end in booking.out_of_custody:
        for when, name in relevant:
            if start <= when and (end is None or when < end):
                raise NotSupported(f"out of custody when {name} commenced ({uk_date(when)})")




def _uncovered(intervals: list[tuple[date, date]], start: date, end: date) -> int:
    """Days from ``start`` to ``end`` (inclusive) inside none of ``intervals``."""
    if end < start:
        return 0
    n = 0
    d = start
    for lo, hi in sorted(i for i in intervals if i[1] >= start and i[0] <= end):
        if lo > d:
            n += (min(lo, _d(end, 1)) - d).days
        d = max(d, _d(hi, 1))
        if d > end:
            return n
    return n + max(0, (end - d).days + 1)


def _timeline_windows(chains: list[list[SentenceIn]], booking: BookingIn) -> dict[int, CustodyWindow]:
    """Booking timeline: a sentence imposed after release from the earlier ones starts a new period in
    custody, and each period has only the adjustments recorded within it (CRDS BookingTimelineService).
    Periods are found from the historic release points, each sentence with its own remand."""
    if len({c[0].sentenced_at for c in chains}) < 2:
        return {}
    # each sentence at the release point in force when it was imposed (SDS40 from its commencement)
    t1 = R.SDS40.tranches[0].commencement
    sds40 = R.PROFILES[booking.profile].sds40 if booking.profile in R.PROFILES else False
    probe = [release_and_expiry(c, booking, SDS40 if sds40 and min(p.sentenced_at for p in c) >= t1 else STANDARD,
                                own_deductions_only=True) for c in chains]
    order = sorted(range(len(probe)), key=lambda i: probe[i].sentenced_at)
    releases = MV.release_dates(booking) if booking.movements else []
    starts: list[date] = []
    bounds: list[date] = []   # where each period's adjustments begin (its first sentence date, as a rule)
    end = None
    end_no_ada = None
    group_of: dict[int, int] = {}
    served: dict[int, int] = {}
    total_ada = sum(a.days if a.kind == "ADA" else -a.days for a in booking.adjustments if a.kind in ("ADA", "RADA"))
    # Days in custody otherwise: on remand, or serving another sentence of the booking.
    custody = [(a.from_date, a.to_date) for a in booking.adjustments
               if a.kind in ("REMAND", "RECALL_REMAND") and a.from_date and a.to_date]
    custody += [(q.sentenced_at, max(q.sentenced_at, _d(q.release, -q.adj.awarded))) for q in probe if not q.recall]
    for i in order:
        u = probe[i]
        released = starts and any(starts[-1] <= r < u.sentenced_at for r in releases)   # recorded release
        if end is None or u.sentenced_at > _d(end, 1) or released:
            bound = u.sentenced_at
            if (end is not None and end_no_ada is not None and not released and total_ada > 0 and not u.recall
                    and not _uncovered(custody, _d(end, 1), _d(u.sentenced_at, -1))):
                # Held on remand without a break after release from the earlier sentences: additional days
                # awarded since that release fall to the new period (CRDS booking timeline).
                bound = _d(end_no_ada, 1)
            end = end_no_ada = None
            starts.append(u.sentenced_at)
            bounds.append(bound)
        elif end_no_ada is not None and u.sentenced_at > _d(end_no_ada, 1) and total_ada > 0 and not u.recall:
            # Imposed while additional days were being served: those days (not otherwise in custody) are
            # served (CRDS timeline, ADDITIONAL_DAYS_SERVED), and only the rest are added to this sentence.
            n = _uncovered(custody, _d(end_no_ada, 1), _d(u.sentenced_at, -1))
            if n:
                served[i] = min(n, total_ada)
        group_of[i] = len(starts) - 1
        # days served apply to every later sentence in the period
        earlier = [served[j] for j in served if j != i and group_of.get(j) == group_of[i]]
        if earlier:
            served[i] = max([served.get(i, 0)] + earlier)
        if not u.recall:
            r0 = _d(u.release, -u.adj.awarded) if u.release > u.sentenced_at else u.release
            end_no_ada = r0 if end_no_ada is None else max(end_no_ada, r0)
        rel = u.release
        if u.recall:
            # the original release of a recalled sentence: UAL after it (on licence) does not move it
            rel = _d(u.sentenced_at, u.release_days - 1 - u.adj.deducted + u.adj.awarded)
            for st, n in sorted(u.adj.ual_items, key=lambda x: (x[0] or date.min)):
                if st is None or st <= rel:
                    rel = _d(rel, n)
            rel = max(rel, u.sentenced_at)
        end = rel if end is None else max(end, rel)
    if len(starts) < 2:
        return {i: CustodyWindow(ada_served=n) for i, n in served.items()}
    return {i: CustodyWindow(bounds[g] if g > 0 else None, bounds[g + 1] if g + 1 < len(bounds) else None,
                             served.get(i, 0))
            for i, g in group_of.items()}


def _run_regime(chains: list[list[SentenceIn]], booking: BookingIn, regime: str,
                windows: dict[int, CustodyWindow] | None = None, in_custody_until: date | None = None,
                early_from: date | None = None) -> RegimeResult:
    windows = windows or {}
    units = [compute_unit(c, booking, regime, window=windows.get(i), in_custody_until=in_custody_until,
                          early_from=early_from)
             for i, c in enumerate(chains)]
    _checks(units, booking)
    for u in units:
        _apply_recall(u, booking)
    dates, esl = _combine(units, booking)
    return RegimeResult(units, dates, esl)


def _run_sds40_after_commencement(chains: list[list[SentenceIn]], booking: BookingIn,
                                   windows: dict[int, CustodyWindow] | None) -> RegimeResult:
    """SDS40 for sentences imposed on or after tranche 1 commencement only; earlier ones at the old point
    (out of prison when SDS40 commenced: SI 2024/844 art.3; CRDS TimelineTrancheCalculationHandler)."""
    windows = windows or {}
    t1 = R.SDS40.tranches[0].commencement
    units = [compute_unit(c, booking, SDS40 if min(p.sentenced_at for p in c) >= t1 else STANDARD,
                          window=windows.get(i)) for i, c in enumerate(chains)]
    _checks(units, booking)
    for u in units:
        _apply_recall(u, booking)
    dates, esl = _combine(units, booking)
    return RegimeResult(units, dates, esl)


def calculate(booking: BookingIn) -> CalculationResult:
    validate(booking)
    profile = R.PROFILES.get(booking.profile)
    if profile is None:
        raise NotSupported(f"rules profile {booking.profile!r}")
    unknown = sorted(t for t in booking.toggles if t not in R.FEATURE_TOGGLES)
    if unknown:
        raise NotSupported("rules switched on by feature toggles (" + ", ".join(unknown) + ")")
    if "routeProgressionModelScheduleExclusionToManual" in booking.toggles and any(
            s.kind == "SDS" and not s.section250 and not s.recall_type
            and "SA2026_PROGRESSION_MODEL_SCHEDULE" in s.exclusions for s in booking.sentences):
        # CRDS ProgressionModelScheduleExclusionValidator (PROGRESSION_MODEL_SCHEDULE_EXCLUSION, unsupported)
        raise NotSupported("an offence excluded from the progression model by the Sentencing Act 2026 schedule "
                           "(HMPPS routes these to a manual calculation)")
    if profile.sds40:
        for s in booking.sentences:
            if (SHPO_BREACH.match(s.offence_code or "") and "SEXUAL" in s.exclusions and s.kind == "SDS"
                    and _offence(s) >= R.SENTENCING_CODE_COMMENCEMENT and s.sentenced_at < R.SDS40_TRANCHE_3
                    and release_and_expiry([replace(s, exclusions=s.exclusions - {"SEXUAL"})], booking,
                                           SDS40).release < R.SDS40_TRANCHE_3):
                # Excluded as a sexual offence from the start, or only from 16 December 2024 (SI 2024/1331)?
                # It matters only where release at 40% would come before that date.
                raise InvalidBooking("unable to determine the release provisions for a breach of a sexual harm "
                                     "prevention order (SDS40 exclusion from 16 December 2024)")
    _check_out_of_custody(booking, profile)
    chains = _single_term(build_chains(booking))
    if profile.sds40:
        t1, t2 = R.SDS40.tranches[0].commencement, R.SDS40.tranches[1].commencement
        for c in chains:
            if (any(p.sentenced_at < t1 for p in c) and any(t1 <= p.sentenced_at < t2 for p in c)
                    and all(p.kind == "SDS" for p in c)):
                raise InvalidBooking("consecutive sentences imposed either side of SDS40 tranche 1 commencement "
                                     "and before tranche 2: enter the prison's dates")
    windows = _timeline_windows(chains, booking)
    standard = _run_regime(chains, booking, STANDARD, windows)
    result = standard
    notes: list[str] = []
    early = None
    if profile.sds40:
        t1 = R.SDS40.tranches[0].commencement
        live = [u for u in standard.units if u.expiry >= t1] or standard.units
        sds40_tranche = _tranche(R.SDS40, live, recalls=True)
        early = _run_regime(chains, booking, SDS40, windows, early_from=sds40_tranche.commencement)
    if (early is not None and booking.movements
            and MV.out_of_custody_at(booking, R.SDS40.tranches[0].commencement)
            and MV.out_of_custody_at(booking, sds40_tranche.commencement)):
        # Out of prison when SDS40 commenced: only sentences imposed from then take 40% (SI 2024/844 art.3).
        early = _run_sds40_after_commencement(chains, booking, windows)
        notes.append(f"{R.RULES['SDS40_OUT_OF_CUSTODY'].text} [{R.RULES['SDS40_OUT_OF_CUSTODY'].citation}]")
    if early is not None and any(f == FORTY for u in early.units for f in u.fractions):
        t1 = R.SDS40.tranches[0].commencement
        if all(u.sentenced_at >= t1 for u in early.units if FORTY in u.fractions):
            result = early   # imposed after SDS40 commenced: no tranche (SI 2024/844 art.3)
        else:
            live = [u for u in early.units if u.expiry >= t1] or early.units
            result = _merge_sds40(early, standard, _tranche(R.SDS40, live, recalls=True), booking)
        t3 = _t3_in_custody(early, booking)
        if t3:
            # In custody when the tranche 3 exclusions commenced: those sentences return to their old
            # release point (SI 2024/1331; CRDS TimelineTrancheThreeCalculationHandler).
            chains = [[_t3_excluded(p) for p in c] for c in chains]
            early = _run_regime(chains, booking, SDS40, windows, early_from=sds40_tranche.commencement)
            if not any(f == FORTY for u in early.units for f in u.fractions):
                result = standard
            elif all(u.sentenced_at >= t1 for u in early.units if FORTY in u.fractions):
                result = early
            else:
                live = [u for u in early.units if u.expiry >= t1] or early.units
                result = _merge_sds40(early, standard, _tranche(R.SDS40, live, recalls=True), booking)
            notes.append(f"{R.RULES['SDS40_T3'].text} [{R.RULES['SDS40_T3'].citation}]")
        notes.append("SDS40 applied (SI 2024/844)")
    if profile.progression is not None:
        eve = _d(profile.progression.tranches[0].commencement, -1)
        for a in booking.adjustments:
            if a.kind == "UAL" and a.from_date and a.to_date and a.from_date <= eve <= a.to_date:
                raise InvalidBooking("unlawfully at large when the progression model commenced: not supported, "
                                     "enter the prison's dates")
        # (no sentence in the model: its regime would repeat the one before it)
        prog = (_run_regime(chains, booking, PROGRESSION, windows)
                if any(PM.in_model(p) for p in booking.sentences) else None)
        if prog is not None and any(
                f == ONE_THIRD or (f == HALF and u.kind == "SDS" and any(p.sds_plus for p in u.parts))
                for u in prog.units for f in u.fractions):

            pm_start = profile.progression.tranches[0].commencement
            future_ual = sum((a.to_date - a.from_date).days for a in booking.adjustments
                             if a.kind == "UAL" and a.from_date and a.to_date and a.from_date >= pm_start)
            tranche = PM.allocate_tranche(profile.progression, result.units, future_ual)
            if tranche is None:
                # No sentence in the model imposed before commencement and still in custody then: no
                # tranche; a release before commencement under the old rules stands, otherwise the new
                # release point applies from commencement.
                before = result
                if any(p.sentenced_at >= pm_start and PM.in_model(p) for p in booking.sentences):
                    before = _run_regime(chains, booking, PRE_PROGRESSION, windows)
                result = _merge_progression(prog, before, profile.progression.tranches[0], booking)
                _ersed_progression(result, before, prog, profile.progression.tranches[0], booking)
            else:
                if ("progressionTrancheOneManualJourney" in booking.toggles
                        and tranche is profile.progression.tranches[0]):
                    raise InvalidBooking("progression model tranche 1 allocation: a manual calculation is required")
                if any(a.kind == "UAL" and a.from_date and a.from_date < tranche.commencement
                       for a in booking.adjustments):
                    # Kept in custody until the tranche date, UAL before it is served (CRDS timeline).
                    prog = _run_regime(chains, booking, PROGRESSION, windows, in_custody_until=tranche.commencement)
                before = result
                if any(p.sentenced_at >= pm_start and PM.in_model(p) for p in booking.sentences):
                    # A chain with terms imposed after commencement: those are under the model already.
                    before = _run_regime(chains, booking, PRE_PROGRESSION, windows)
                result = _merge_progression(prog, before, tranche, booking)
                _ersed_progression(result, before, prog, tranche, booking)
            notes.append("progression model applied (UNCONFIRMED tranche data)")

    dates = dict(result.dates)
    mixed = RC.mixed_duration_prrd(result.units, booking.return_to_custody) if "PRRD" in dates else None
    if mixed is not None and mixed[0] != dates["PRRD"].date:
        dates["PRRD"] = DateResult("PRRD", mixed[0], _w("RECALL_MIXED", f"{mixed[1]} = {uk_date(mixed[0])}",
                                                        "RECALL_FIXED"))
    _release_vs_recall(dates, result.units)
    _known_gaps(booking, profile, chains, dates, single_period=not windows)
    rel = dates.get("CRD") or dates.get("ARD")
    if "ERSED" in dates and rel is not None and dates["ERSED"].date >= rel.date:
        del dates["ERSED"]   # no removal date at or after the release date
    if "applyPostRecallRepealRules" in booking.toggles and "TUSED" in dates:
        # Sentencing Act 2026: top-up supervision repealed (CRDS "post recall repeal" rules). UNCONFIRMED.
        del dates["TUSED"]
        notes.append("top-up supervision repealed (Sentencing Act 2026) — UNCONFIRMED")
    hdc.apply_toggles(dates, booking, notes)
    return CalculationResult(dates, standard.esl, notes)




def _known_gaps(booking: BookingIn, profile: R.Profile, chains, dates: dict[str, DateResult],
                single_period: bool = True) -> None:
    """Combinations the HMPPS suite shows to follow rules this engine does not yet reproduce: refused
    rather than risk a wrong date. (None at present: each earlier gap is now a rule or a specific refusal
    where it arises.)"""
    return


def _release_vs_recall(dates: dict[str, DateResult], units: list[Unit]) -> None:
    """A recalled sentence alongside a live one: the later of the release and the post-recall release
    governs; HDC cannot be before the post-recall release (CRDS SDSEarlyReleaseDefaultingRulesService)."""
    code = "CRD" if "CRD" in dates else ("ARD" if "ARD" in dates else None)
    if code is None:
        return
    prrds = [u for u in units if u.prrd]
    prrd = dates.get("PRRD") or (max(prrds, key=lambda u: u.prrd).dates["PRRD"] if prrds else None)
    if "HDCED" in dates and prrd is not None and prrd.date > dates["HDCED"].date:
        dates["HDCED"] = DateResult("HDCED", prrd.date, Working(
            "HDCED moves to the post-recall release date of a concurrent recalled sentence",
            R.RULES["RECALL_STANDARD"].citation, f"HDCED {uk_date(dates['HDCED'].date)} is before the "
            f"post-recall release date {uk_date(prrd.date)}"))
    if "PRRD" in dates:
        if dates[code].date > dates["PRRD"].date:
            del dates["PRRD"]
        else:
            if dates[code].date < dates["PRRD"].date:
                del dates[code]
            # (on the same day both stand, as HMPPS shows them)
            dates.pop("HDCED", None)
            if "PED" in dates and dates["PED"].date <= dates["PRRD"].date:
                del dates["PED"]   # parole eligibility already passed by the post-recall release


def _tranche(er: R.EarlyRelease, units: list[Unit], recalls: bool = False) -> R.Tranche:
    """Tranche allocation by the longest term in the booking (recalled sentences aside unless asked)."""
    live = units if recalls else ([u for u in units if not u.recall] or units)
    longest = max(live, key=lambda u: u.days)
    for t in er.tranches:
        if t.below_years is not None:
            if longest.days < Term(years=t.below_years).length_days(longest.sentenced_at):
                return t
        elif t.below_days is not None:
            if longest.days < t.below_days:
                return t
        else:
            return t
    return er.tranches[-1]


def _merge_sds40(early: RegimeResult, standard: RegimeResult, t: R.Tranche, booking: BookingIn) -> RegimeResult:
    dates = dict(early.dates)
    c = t.commencement
    types = ("CRD", "ERSED", "HDCED", "PED")
    if any((early.dates.get(k) or standard.dates.get(k)) and (early.dates.get(k) or standard.dates.get(k)).date < c
           for k in types):
        for k in types:
            e, s = early.dates.get(k), standard.dates.get(k)
            if e is not None and e.date < c and s is not None and s.date >= c:
                dates[k] = DateResult(k, c, Working(
                    R.RULES["SDS40_TRANCHE"].text, R.RULES["SDS40_TRANCHE"].citation,
                    f"{e.working.arithmetic}; this is before {t.name} commenced, so {uk_date(c)}"))
            elif s is not None and (s.date < c or (e is not None and s.date == e.date)):
                dates[k] = s
                if k == "CRD" and "TUSED" in standard.dates:
                    dates["TUSED"] = standard.dates["TUSED"]
            elif e is None and k in dates:
                del dates[k]
    # ARD: the same defaulting applies to the release date where it is unconditional.
    if "ARD" in early.dates and "ARD" in standard.dates:
        e, s = early.dates["ARD"], standard.dates["ARD"]
        if e.date < c <= s.date:
            dates["ARD"] = DateResult("ARD", c, Working(
                R.RULES["SDS40_TRANCHE"].text, R.RULES["SDS40_TRANCHE"].citation,
                f"{e.working.arithmetic}; this is before {t.name} commenced, so {uk_date(c)}"))
        elif s.date < c:
            dates["ARD"] = s
    latest_release = max(u.release for u in early.units)
    if (latest_release < R.SDS40.tranches[0].commencement
            and getattr(max((u for u in early.units if u.tused), key=lambda u: u.tused, default=None), "recall", None)
            and "TUSED" in standard.dates):
        dates["TUSED"] = standard.dates["TUSED"]
    rel = dates.get("CRD") or dates.get("ARD")
    for k in ("HDCED", "ERSED"):
        if rel and k in dates and dates[k].date == rel.date and rel.date in (R.SDS40.tranches[0].commencement,
                                                                               R.SDS40.tranches[1].commencement):
            del dates[k]
    return RegimeResult(early.units, dates, early.esl)


def _ersed_progression(result: RegimeResult, before: RegimeResult, prog: RegimeResult, t: R.Tranche,
                       booking: BookingIn) -> None:
    """ERSED under the progression model, defaulted as the release date is (CRDS SDSProgressionModelFinal-
    DatesService, as the HMPPS suite shows): an ERSED already before the tranche date under the old release
    point stands; otherwise the ERSED on the new release point, but not before the tranche date (plus
    additional days awarded). UNCONFIRMED."""
    old, new = before.dates.get("ERSED"), prog.dates.get("ERSED")
    c = t.commencement
    awarded = booking_adjustments(booking).awarded
    if new is None and (old is None or _d(old.date, -awarded) >= c):
        result.dates.pop("ERSED", None)
        return
    if old is not None and _d(old.date, -awarded) < c:
        chosen = DateResult("ERSED", old.date, Working(
            old.working.rule, old.working.citation, old.working.arithmetic + f" (before {t.name}, "
            f"{uk_date(c)}: the release point before the progression model stands)", False))
    elif _d(new.date, -awarded) < c:
        when = _d(c, awarded)
        chosen = DateResult("ERSED", when, Working(
            new.working.rule, new.working.citation, f"{new.working.arithmetic}; before {t.name} "
            f"({uk_date(c)}), so {uk_date(when)}", False))
    else:
        chosen = new
    result.dates["ERSED"] = chosen


def _t3_in_custody(early: RegimeResult, booking: BookingIn) -> bool:
    """A sentence imposed before 16 December 2024 for an offence excluded from SDS40 from that date (SI
    2024/1331), with the person still in custody on that date (the latest release, at 40%, not before it)."""
    if not any(x.endswith(T3_SUFFIX) and s.sentenced_at < R.SDS40_TRANCHE_3
               for s in booking.sentences for x in s.exclusions):
        return False
    return max(u.release for u in early.units) >= R.SDS40_TRANCHE_3


def _t3_excluded(p: SentenceIn) -> SentenceIn:
    if not any(x.endswith(T3_SUFFIX) for x in p.exclusions):
        return p
    return replace(p, exclusions=frozenset(x.removesuffix(T3_SUFFIX) for x in p.exclusions))


def _release_key(d: dict[str, DateResult]) -> str | None:
    return "CRD" if "CRD" in d else ("ARD" if "ARD" in d else None)


def _merge_progression(early: RegimeResult, standard: RegimeResult, t: R.Tranche,
                       booking: BookingIn) -> RegimeResult:
    """Progression-model defaulting (CRDS SDSProgressionModelFinalDatesService): a release date that is
    already before the tranche date under the old rules stands; otherwise the new date, but not before
    the tranche date (plus any additional days and UAL after commencement)."""
    dates = dict(early.dates)
    c = t.commencement
    adj = booking_adjustments(booking)
    # A release defaulted to the tranche date (+ ADA) moves on for UAL that begins from the tranche date while
    # still in custody; UAL before the tranche date was served waiting for it, and UAL after release on
    # licence does not move a sentence that is not recalled (as the HMPPS suite shows; CRDS
    # ualPostProgression). UNCONFIRMED.
    ual_after = 0
    for st, n in sorted(((a.from_date or a.applies_from), a.days) for a in booking.adjustments
                        if a.kind == "UAL" and (a.from_date or a.applies_from)):
        if c <= st <= _d(c, adj.awarded + ual_after):
            ual_after += n
    ek, sk = _release_key(early.dates), _release_key(standard.dates)
    old_release_stands = False
    for k in ("REL", "PED"):
        e = early.dates.get(ek) if k == "REL" else early.dates.get("PED")
        s = standard.dates.get(sk) if k == "REL" else standard.dates.get("PED")
        if k == "PED" and s is None and old_release_stands:
            dates.pop("PED", None)   # released under the old rules with no PED: none appears afterwards
            continue
        if s is not None and _d(s.date, -adj.awarded) < c:
            if k == "REL":
                # The old release rules govern: keep the old release and expiry types.
                old_release_stands = True
                for code in ("CRD", "ARD", "SLED", "SED", "LED", "TUSED", "HDCED"):
                    dates.pop(code, None)
                    if code in standard.dates:
                        dates[code] = standard.dates[code]
            else:
                dates[k] = s
        elif e is not None and _d(e.date, -adj.awarded) < c:
            if k == "REL" and any(u.before_sentence and not u.recall for u in early.units):
                raise InvalidBooking("remand and tagged bail exceed the custodial period under the progression "
                                     "model (sentence extinguished): enter the prison's dates")
            when = _d(c, adj.awarded + ual_after)
            code = ek if k == "REL" else "PED"
            dates[code] = DateResult(code, when, Working(
                R.RULES["PROGRESSION"].text, R.RULES["PROGRESSION"].citation,
                f"{e.working.arithmetic}; before {t.name} ({uk_date(c)}), so {uk_date(when)}", False))
    return RegimeResult(early.units, dates, early.esl)


def _checks(units: list[Unit], booking: BookingIn) -> None:
    rtc = booking.return_to_custody
    if rtc is not None:
        # CJA 2003 s.255B: 14 days for sentences under 12 months, 28 days for 12 months or more. A 14-day
        # recall on a sentence of 12 months or more still in force for the 14 days, or a 28-day recall
        # resting on a 12-month sentence that expires within 14 days of the return while a shorter one
        # runs on, is inconsistent (CRDS validation, CRS-2137).
        def twelve(u):
            return u.days >= Term(months=12).length_days(u.sentenced_at)
        for u in units:
            if u.recall == "FTR14" and twelve(u) and (u.expiry - rtc).days >= 14:
                raise InvalidBooking("a 14-day fixed-term recall on a sentence of 12 months or more")
        if any(u.recall == "FTR28" and not twelve(u) for u in units) and any(
                u.recall == "FTR28" and twelve(u) and 0 <= (u.expiry - rtc).days < 14 for u in units):
            raise InvalidBooking("a 28-day fixed-term recall where the 12-month sentence expires within 14 days "
                                 "of the return to custody")
    live = [u for u in units if not u.recall]
    if live and units[0].regime == (SDS40 if R.PROFILES[booking.profile].sds40 else STANDARD):
        latest = max(live, key=lambda u: u.release)
        # Credit that exactly uses up the custodial period means release on the day of sentence; credit
        # beyond it (release earlier than the day before sentence) cannot be right (CRDS validation).
        if latest.before_sentence and _d(latest.release_no_ada, latest.adj.awarded) < _d(latest.sentenced_at, -1):
            raise InvalidBooking("the release date is before the sentence date: check remand and tagged bail")


# ----------------------------------------------------------------------------------------------
# Combining concurrent units (PSI 03/2015; CRDS BookingExtractionService)
# ----------------------------------------------------------------------------------------------
def _renamed(r: DateResult, code: str) -> DateResult:
    return DateResult(code, r.date, r.working)


def _combine(units: list[Unit], booking: BookingIn) -> tuple[dict[str, DateResult], str]:
    dates: dict[str, DateResult] = {}
    earliest = min(u.sentenced_at for u in units)
    esed = max(u.unadjusted_expiry for u in units)
    y, m, d = period_between(earliest, _d(esed, 1))
    esl = iso_period(y, m, d)
    if len(units) == 1:
        u = units[0]
        dates.update(u.dates)
        if "HDCED" in dates and ("PED" in dates or not (u.release > u.hdced)):
            del dates["HDCED"]
    elif all(u.kind == "DTO" for u in units):
        rel_unit = max(units, key=lambda u: u.release)
        exp_unit = max(units, key=lambda u: u.expiry)
        dates["SED"] = exp_unit.dates["SED"]
        dates["MTD"] = rel_unit.dates["MTD"]
        transfer = dto_transfer_dates(exp_unit.sentenced_at, exp_unit.days, rel_unit.release)
        if not any(u.immediate for u in units):
            dates.update(transfer)
        tu = [u for u in units if u.tused]
        if tu and len(tu) == len(units):
            dates["TUSED"] = max(tu, key=lambda u: u.tused).dates["TUSED"]
    else:
        rel_unit = max(units, key=lambda u: u.release)
        exp_unit = max(units, key=lambda u: u.expiry)
        latest_release = rel_unit.release
        latest_expiry = exp_unit.expiry
        leds = [u for u in units if u.led is not None]
        latest_led = max((u.led for u in leds), default=None)
        dtos = [u for u in units if u.kind == "DTO"]
        non_dtos = [u for u in units if u.kind != "DTO"]
        if dtos and any(u.recall for u in units):
            raise NotSupported("detention and training orders with a recalled sentence")
        if latest_expiry == latest_led and "SLED" in exp_unit.types:
            dates["SLED"] = _renamed(exp_unit.dates.get("SLED") or exp_unit.dates["SED"], "SLED")
        elif dtos:
            last_non_dto = max(non_dtos, key=lambda u: u.release)
            last_dto = max(dtos, key=lambda u: u.release)
            src = exp_unit.dates.get("SED") or exp_unit.dates["SLED"]
            code = "SLED" if last_non_dto.expiry == last_dto.expiry else "SED"
            dates[code] = _renamed(src, code)
        else:
            dates["SED"] = _renamed(exp_unit.dates.get("SED") or exp_unit.dates["SLED"], "SED")
            if latest_led is not None and latest_led >= latest_release:
                led_unit = max(leds, key=lambda u: u.led)
                dates["LED"] = _renamed(led_unit.dates.get("SLED") or led_unit.dates["LED"], "LED")
        conditional = any(u.led is not None and u.led >= latest_release for u in units)
        top = [u for u in units if u.release == latest_release]
        live_top = [u for u in top if not u.recall]
        if dtos:
            dob = booking.date_of_birth
            def under18(day):
                return dob is not None and add_months(dob, 18 * 12) > day
            months = period_between(earliest, _d(esed, 1))
            if all(under18(u.release) for u in units) and months[0] * 12 + months[1] < 12:
                conditional = False
            elif non_dtos and not any(under18(u.release) for u in units):
                conditional = True
            last_non_dto = max(non_dtos, key=lambda u: u.release)
            last_dto = max(dtos, key=lambda u: u.release)
            code = "CRD" if conditional else "ARD"
            src = last_non_dto.dates.get("CRD") or last_non_dto.dates.get("ARD")
            dates[code] = _renamed(src, code)
            if last_dto.release <= last_dto.sentenced_at and last_dto.sentenced_at >= R.PCSC_COMMENCEMENT:
                mtd = last_dto.sentenced_at
            elif code == "CRD" and last_dto.sentenced_at < R.PCSC_COMMENCEMENT:
                mtd = _d(last_dto.sentenced_at, last_dto.release_days - 1)
            elif code == "CRD" or all(under18(u.release) for u in units):
                mtd = last_dto.release
            else:
                mtd = latest_release
            dates["MTD"] = DateResult("MTD", mtd, last_dto.dates["MTD"].working)
            if not any(u.immediate for u in dtos):
                dates.update(dto_transfer_dates(last_dto.sentenced_at, last_dto.days, mtd))
            if "CRD" in dates and "SLED" not in dates and last_non_dto.led is not None:
                led_src = last_non_dto.dates.get("LED") or last_non_dto.dates.get("SLED")
                dates["LED"] = _renamed(led_src, "LED")
            live_top = []
        if live_top:
            code = "CRD" if conditional else "ARD"
            src = live_top[0].dates.get("CRD") or live_top[0].dates.get("ARD")
            if src is not None:
                dates[code] = _renamed(src, code)
        tu = [u for u in units if u.tused]
        if tu and latest_led is not None:
            t = max(tu, key=lambda u: u.tused)
            dto_seds = [u.expiry for u in dtos]
            if t.tused > latest_led and not (dto_seds and max(dto_seds) > t.tused):
                dates["TUSED"] = t.dates["TUSED"]
        h = hdc.combined_hdced(units, latest_release)
        if h is not None:
            dates["HDCED"] = h
        peds = [u for u in units if u.ped]
        if peds:
            latest_ped = max(peds, key=lambda u: u.ped)
            if rel_unit.ped is not None:
                others = [u for u in units if not u.recall and u.ped is None and not u.immediate and u.kind != "DTO"]
                lnp = max(others, key=lambda u: u.release) if others else None
                if lnp is not None and lnp.release >= rel_unit.release:
                    pass
                elif lnp is not None and latest_ped.ped < lnp.release:
                    dates["PED"] = DateResult("PED", lnp.release, Working(
                        "PED moves to the latest concurrent release date", R.RULES["CONCURRENT"].citation,
                        f"PED {uk_date(latest_ped.ped)} is before the concurrent release date "
                        f"{uk_date(lnp.release)}"))
                else:
                    dates["PED"] = latest_ped.dates["PED"]
        ers = [u for u in units if u.ersed and not u.immediate]
        if ers:
            e = max(ers, key=lambda u: u.ersed)
            fines = [u for u in units if u.kind == "AFINE" and not u.immediate and u.release > e.ersed]
            if fines:
                f = max(fines, key=lambda u: u.release)
                dates["ERSED"] = DateResult("ERSED", f.release, Working(
                    "ERSED moves to the release date of a concurrent default term", R.RULES["ERS"].citation,
                    f"ERSED {uk_date(e.ersed)} is before the release from the default term {uk_date(f.release)}"))
            elif dtos:
                rel = dates.get("CRD") or dates.get("ARD")
                mtd = dates.get("MTD")
                if rel is not None and mtd is not None and mtd.date < rel.date:
                    if mtd.date < e.ersed:
                        dates["ERSED"] = e.dates["ERSED"]
                    else:
                        dates["ERSED"] = DateResult("ERSED", mtd.date, Working(
                            "ERSED moves to the mid-term date of a concurrent DTO", R.RULES["ERS"].citation,
                            f"ERSED {uk_date(e.ersed)} is before the DTO mid-term date {uk_date(mtd.date)}"))
            else:
                dates["ERSED"] = e.dates["ERSED"]
        prr = [u for u in units if u.prrd]
        if prr:
            dates["PRRD"] = max(prr, key=lambda u: u.prrd).dates["PRRD"]
        if "HDCED" in dates and "PED" in dates:
            del dates["HDCED"]
    if not all(u.kind == "BOTUS" for u in units):
        dates["ESED"] = DateResult("ESED", esed, _w("ESED", f"latest expiry before adjustments: {uk_date(esed)}"))
    return dates, esl


