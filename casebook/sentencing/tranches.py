"""Changes of release point that commence by tranche: SDS40 (SI 2024/844, with the tranche 3 exclusions of
SI 2024/1331) and the Sentencing Act 2026 progression model (UNCONFIRMED).

The booking is run under the old and the new regime and the two are merged: a date that the new fraction
would put before the person's tranche commencement moves to the commencement date; a date already before
it under the old fraction stands (SI 2024/844 art.3; CRDS defaulting rules).
"""

from __future__ import annotations

from dataclasses import replace

from casebook.sentencing import movements as MV
from casebook.sentencing import progression as PM
from casebook.sentencing import rules as R
from casebook.sentencing.adjustments import booking_adjustments
from casebook.sentencing.durations import uk_date
from casebook.sentencing.model import BookingIn, DateResult, InvalidBooking, NotSupported, SentenceIn, Working
from casebook.sentencing.regimes import RegimeResult, Runner, check_credit
from casebook.sentencing.release_points import (
    FORTY,
    HALF,
    ONE_THIRD,
    PRE_PROGRESSION,
    PROGRESSION,
    SDS40,
    T3_SUFFIX,
)
from casebook.sentencing.terms import plus_days, years_days
from casebook.sentencing.timeline import first_release
from casebook.sentencing.unit import Unit

Dates = dict[str, DateResult]


def allocate(er: R.EarlyRelease, units: list[Unit]) -> R.Tranche:
    """Tranche allocation by the longest term in the booking."""
    longest = max(units, key=lambda u: u.days)
    for t in er.tranches:
        if t.below_years is not None:
            if longest.days < years_days(t.below_years, longest.sentenced_at):
                return t
        elif t.below_days is not None:
            if longest.days < t.below_days:
                return t
        else:
            return t
    return er.tranches[-1]


def _sds40_tranche(units: list[Unit]) -> R.Tranche:
    """By the longest term still running when tranche 1 commenced (all of them where none was)."""
    t1 = R.SDS40.tranches[0].commencement
    return allocate(R.SDS40, [u for u in units if u.expiry >= t1] or units)


# -- SDS40 ------------------------------------------------------------------------------------------
def _has_forty(r: RegimeResult) -> bool:
    return any(f == FORTY for u in r.units for f in u.fractions)


def sds40(run: Runner, standard: RegimeResult, notes: list[str]) -> tuple[RegimeResult, Runner]:
    """The booking's result with SDS40 in force, and the lines of sentences as SDS40 leaves them (the tranche
    3 exclusions applied where the person was in custody when they commenced)."""
    booking = run.booking
    t1 = R.SDS40.tranches[0].commencement
    if (not booking.movements and all(s.sentenced_at < t1 and not s.recall_type for s in booking.sentences)
            and all(u.release < t1 for u in standard.units)):
        # Released from every sentence before SDS40 commenced: it never applied to them, so every date
        # (TUSED and LED from the release too) is the one before it (SI 2024/844 art.3; CRDS
        # BookingTimelineService: the tranche finds no sentence in custody).
        check_credit(standard.units)
        return standard, run
    tranche = _sds40_tranche(standard.units)
    early = run.run(SDS40, early_from=tranche.commencement)
    if (booking.movements and MV.out_of_custody_at(booking, R.SDS40.tranches[0].commencement)
            and MV.out_of_custody_at(booking, tranche.commencement)):
        # Out of prison when SDS40 commenced: only sentences imposed from then take 40% (SI 2024/844 art.3).
        early = run.run_sds40_after_commencement()
        notes.append(f"{R.RULES['SDS40_OUT_OF_CUSTODY'].text} [{R.RULES['SDS40_OUT_OF_CUSTODY'].citation}]")
    if not _has_forty(early):
        return standard, run
    result = _sds40_result(early, standard)
    if _t3_in_custody(early, booking):
        # In custody when the tranche 3 exclusions commenced: those sentences return to their old
        # release point (SI 2024/1331; CRDS TimelineTrancheThreeCalculationHandler).
        run = replace(run, chains=[[_t3_excluded(p) for p in c] for c in run.chains])
        early = run.run(SDS40, early_from=tranche.commencement)
        result = _sds40_result(early, standard) if _has_forty(early) else standard
        notes.append(f"{R.RULES['SDS40_T3'].text} [{R.RULES['SDS40_T3'].citation}]")
    notes.append("SDS40 applied (SI 2024/844)")
    return result, run


def _sds40_result(early: RegimeResult, standard: RegimeResult) -> RegimeResult:
    t1 = R.SDS40.tranches[0].commencement
    if all(u.sentenced_at >= t1 for u in early.units if FORTY in u.fractions):
        return early   # imposed after SDS40 commenced: no tranche (SI 2024/844 art.3)
    return _merge_sds40(early, standard, _sds40_tranche(early.units))


def _to_commencement(e: DateResult, k: str, t: R.Tranche) -> DateResult:
    rule = R.RULES["SDS40_TRANCHE"]
    return DateResult(k, t.commencement, Working(
        rule.text, rule.citation, f"{e.working.arithmetic}; this is before {t.name} commenced, so "
        f"{uk_date(t.commencement)}"))


def _merge_sds40(early: RegimeResult, standard: RegimeResult, t: R.Tranche) -> RegimeResult:
    dates = dict(early.dates)
    _default_to_tranche(dates, early.dates, standard.dates, t)
    _default_ard(dates, early.dates, standard.dates, t)
    latest_release = max(u.release for u in early.units)
    latest_tused = max((u for u in early.units if u.tused), key=lambda u: u.tused, default=None)
    _check_recall_tused(early, standard, t)
    if (latest_release < R.SDS40.tranches[0].commencement and latest_tused is not None and latest_tused.recall
            and "TUSED" in standard.dates):
        dates["TUSED"] = standard.dates["TUSED"]
    rel = dates.get("CRD") or dates.get("ARD")
    for k in ("HDCED", "ERSED"):
        if rel and k in dates and dates[k].date == rel.date and rel.date in (R.SDS40.tranches[0].commencement,
                                                                               R.SDS40.tranches[1].commencement):
            del dates[k]
    _drop_ped_after_defaulting(dates, early, standard, t)
    return RegimeResult(early.units, dates, early.esl)


def _drop_ped_after_defaulting(dates: Dates, early: RegimeResult, standard: RegimeResult,
                               t: R.Tranche) -> None:
    """A PED only where the sentence released last is one with a PED, a standard determinate sentence
    released at 40% before the tranche date counted as released when it actually is: on the tranche date where
    the old fraction would release it after it, at the old fraction where that is before it (the tranche is
    allocated only to sentences not released by then under the old rules). Where such a sentence is released
    after the extended sentence, there is no parole eligibility before it (CRDS SDS40EarlyReleaseDefaulting-
    RulesService.removePedIfNotApplicable, SentenceCalculation.releaseDateDefaultedByCommencement, the
    timeline's tranche handler)."""
    if "PED" not in dates:
        return
    c = t.commencement
    if len(early.units) != len(standard.units):
        if any(FORTY in u.fractions and u.release < c for u in early.units):
            raise NotSupported("a PED beside a sentence released at 40% before its SDS40 tranche date where "
                               "the lines of sentences differ between the regimes")
        old = early.units
    else:
        old = standard.units

    def release(i: int):
        u = early.units[i]
        if u.recall:
            return u.prrd or u.release
        if FORTY in u.fractions and u.release < c:
            return c if old[i].release >= c else old[i].release
        return u.release
    order = sorted(range(len(early.units)), key=lambda i: len(early.units[i].parts) == 1)   # lines first
    last = early.units[max(order, key=release)]
    if "PED" not in last.types or last.recall:
        del dates["PED"]


def _check_recall_tused(early: RegimeResult, standard: RegimeResult, t: R.Tranche) -> None:
    """A recalled sentence's top-up supervision runs from its first release. Where that release was at 40%
    but before the person's SDS40 tranche commenced, or at 40% before tranche 1 where one-half would have
    been after it, the release actually made (moved to the commencement) is not in the booking, and HMPPS's
    TUSED for it is not settled: refused."""
    t1 = R.SDS40.tranches[0].commencement
    if len(early.units) != len(standard.units):
        if any(u.recall and u.tused for u in early.units):
            raise NotSupported("top-up supervision of a recalled sentence under SDS40 where the lines of "
                               "sentences differ between the regimes")
        return
    doubtful = [(e, s) for e, s in zip(early.units, standard.units, strict=True)
                if e.recall and e.tused and FORTY in e.fractions
                and (e.release_no_ada < t1 <= s.release_no_ada
                     or t1 <= e.release_no_ada < t.commencement)]
    if not doubtful:
        return
    settled = max((u.tused for u in early.units if u.tused and all(u is not e for e, _ in doubtful)),
                  default=None)
    for e, s in doubtful:
        if settled is None or max(e.tused, s.tused or e.tused) >= settled:
            raise NotSupported("top-up supervision of a recalled sentence first released under SDS40 around "
                               "its tranche commencement (the release actually made decides it)")


def _default_to_tranche(dates: Dates, early: Dates, standard: Dates, t: R.Tranche) -> None:
    """CRD, ERSED, HDCED and PED: at 40% but before the tranche date, and at the old fraction not, the
    tranche date; at the old fraction before it (or unchanged), the old date."""
    c = t.commencement
    types = ("CRD", "ERSED", "HDCED", "PED")
    if not any((early.get(k) or standard.get(k)) and (early.get(k) or standard.get(k)).date < c
               for k in types):
        return
    for k in types:
        e, s = early.get(k), standard.get(k)
        if e is not None and e.date < c and s is not None and s.date >= c:
            dates[k] = _to_commencement(e, k, t)
        elif s is not None and (s.date < c or (e is not None and s.date == e.date)):
            dates[k] = s
            if k == "CRD" and "TUSED" in standard:
                dates["TUSED"] = standard["TUSED"]
        elif e is None and k in dates:
            del dates[k]


def _default_ard(dates: Dates, early: Dates, standard: Dates, t: R.Tranche) -> None:
    """The same defaulting applies to the release date where it is unconditional."""
    if "ARD" in early and "ARD" in standard:
        e, s = early["ARD"], standard["ARD"]
        if e.date < t.commencement <= s.date:
            dates["ARD"] = _to_commencement(e, "ARD", t)
        elif s.date < t.commencement:
            dates["ARD"] = s


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


# -- the progression model (Sentencing Act 2026), UNCONFIRMED -------------------------------------------
def _moves_release(prog: RegimeResult) -> bool:
    """Any term at one-third, or SDS+ at one-half (the model's fractions)."""
    return any(f == ONE_THIRD or (f == HALF and u.kind == "SDS" and any(p.sds_plus for p in u.parts))
               for u in prog.units for f in u.fractions)


def progression(run: Runner, result: RegimeResult, pm: R.EarlyRelease, notes: list[str]) -> RegimeResult:
    """The booking's result with the progression model in force, merged by tranche with ``result`` (the
    rules before it)."""
    booking = run.booking
    first = pm.tranches[0]
    eve = plus_days(first.commencement, -1)
    for a in booking.adjustments:
        if a.kind == "UAL" and a.from_date and a.to_date and a.from_date <= eve <= a.to_date:
            raise InvalidBooking("unlawfully at large when the progression model commenced: not supported, "
                                 "enter the prison's dates")
    if not any(PM.in_model(p) for p in booking.sentences):
        return result   # (no sentence in the model: its regime would repeat the one before it)
    if _released_before(result, booking, first.commencement):
        return result   # (the model never applied: nothing was in custody when it commenced)
    # A line mixing release points, in any order (terms in the model, terms kept out of it at 40% or one-half,
    # extended terms), is counted as ``unit.release_plan`` counts every line: the terms without a PED grouped
    # by release fraction in order of first appearance, the extended terms last. A term kept out of the model
    # keeps its own release point: the model changes only the parts it applies to (CRDS ApplicableLegislation
    # .applyToSentence, UnadjustedReleaseDate.getConsecutiveRelease; the suite shows a s.250 term at 40%
    # before a term at one-third, and SDS+ at one-half grouped with an excluded term at one-half).
    prog = run.run(PROGRESSION)
    if not _moves_release(prog):
        return result
    future_ual = sum((a.to_date - a.from_date).days for a in booking.adjustments
                     if a.kind == "UAL" and a.from_date and a.to_date and a.from_date >= first.commencement)
    tranche = PM.allocate_tranche(pm, result.units, future_ual)
    if tranche is None:
        # No sentence in the model imposed before commencement and still in custody then: no tranche; a
        # release before commencement under the old rules stands, otherwise the new release point applies
        # from commencement.
        tranche = first
    else:
        if "progressionTrancheOneManualJourney" in booking.toggles and tranche is first:
            raise InvalidBooking("progression model tranche 1 allocation: a manual calculation is required")
        if any(a.kind == "UAL" and a.from_date and a.from_date < tranche.commencement
               for a in booking.adjustments):
            # Kept in custody until the tranche date, UAL before it is served (CRDS timeline).
            prog = run.run(PROGRESSION, in_custody_until=tranche.commencement)
    before = result
    if any(p.sentenced_at >= first.commencement and PM.in_model(p) for p in booking.sentences):
        # A chain with terms imposed after commencement: those are under the model already.
        before = run.run(PRE_PROGRESSION)
    merged = _merge_progression(prog, before, tranche, booking)
    _check_tused_progression(merged, before, prog, booking)
    _hdced_progression(merged, before, booking)
    _ersed_progression(merged, before, prog, tranche, booking)
    notes.append("progression model applied (UNCONFIRMED tranche data)")
    return merged


def _released_before(result: RegimeResult, booking: BookingIn, when) -> bool:
    """Released from every sentence (CRD, ARD, mid-term or post-recall release, and a recalled sentence's
    first release with any UAL after it) before ``when``, every sentence and any return to custody before it,
    and no movements recorded: a change commencing then never applied to the booking (CRDS
    TimelineSDSTrancheCalculationHandler changes only sentences whose release is after the tranche date)."""
    released = [d.date for k, d in result.dates.items() if k in ("CRD", "ARD", "MTD", "PRRD")]
    return (bool(released) and max(released) < when and not booking.movements
            and all(s.sentenced_at < when for s in booking.sentences)
            and (booking.return_to_custody is None or booking.return_to_custody < when)
            and all(first_release(u) < when for u in result.units))


def _release_key(d: Dates) -> str | None:
    return "CRD" if "CRD" in d else ("ARD" if "ARD" in d else None)


def _ual_after_tranche(booking: BookingIn, t: R.Tranche, awarded: int) -> int:
    """A release defaulted to the tranche date (+ ADA) moves on for UAL that begins from the tranche date
    while still in custody; UAL before the tranche date was served waiting for it, and UAL after release on
    licence does not move a sentence that is not recalled (as the HMPPS suite shows; CRDS
    ualPostProgression). UNCONFIRMED."""
    c = t.commencement
    ual_after = 0
    for st, n in sorted(((a.from_date or a.applies_from), a.days) for a in booking.adjustments
                        if a.kind == "UAL" and (a.from_date or a.applies_from)):
        if c <= st <= plus_days(c, awarded + ual_after):
            ual_after += n
    return ual_after


def _progression_defaulted(e: DateResult, code: str, t: R.Tranche, when) -> DateResult:
    rule = R.RULES["PROGRESSION"]
    return DateResult(code, when, Working(
        rule.text, rule.citation, f"{e.working.arithmetic}; before {t.name} ({uk_date(t.commencement)}), so "
        f"{uk_date(when)}", False))


def _merge_progression(early: RegimeResult, standard: RegimeResult, t: R.Tranche,
                       booking: BookingIn) -> RegimeResult:
    """Progression-model defaulting (CRDS SDSProgressionModelFinalDatesService): a release date (or PED)
    that is already before the tranche date under the old rules stands; otherwise the new date, but not
    before the tranche date (plus any additional days and UAL after commencement)."""
    dates = dict(early.dates)
    c = t.commencement
    awarded = booking_adjustments(booking).awarded
    when = plus_days(c, awarded + _ual_after_tranche(booking, t, awarded))
    ek, sk = _release_key(early.dates), _release_key(standard.dates)
    e, s = early.dates.get(ek), standard.dates.get(sk)
    old_release_stands = s is not None and plus_days(s.date, -awarded) < c
    if old_release_stands:
        # The old release rules govern: keep the old release and expiry types.
        for code in ("CRD", "ARD", "SLED", "SED", "LED", "TUSED"):   # (HDCED: _hdced_progression)
            dates.pop(code, None)
            if code in standard.dates:
                dates[code] = standard.dates[code]
    elif e is not None and plus_days(e.date, -awarded) < c:
        if any(u.before_sentence and not u.recall for u in early.units):
            raise InvalidBooking("remand and tagged bail exceed the custodial period under the progression "
                                 "model (sentence extinguished): enter the prison's dates")
        dates[ek] = _progression_defaulted(e, ek, t, when)
    e, s = early.dates.get("PED"), standard.dates.get("PED")
    if s is None and old_release_stands:
        dates.pop("PED", None)   # released under the old rules with no PED: none appears afterwards
    elif s is not None and plus_days(s.date, -awarded) < c:
        dates["PED"] = s
    elif e is not None and plus_days(e.date, -awarded) < c:
        dates["PED"] = _progression_defaulted(e, "PED", t, when)
    return RegimeResult(early.units, dates, early.esl)


def _check_tused_progression(merged: RegimeResult, before: RegimeResult, prog: RegimeResult,
                             booking: BookingIn) -> None:
    """Top-up supervision (CJA 2003 s.256AA) where the release under the model is not the model's own — the
    old release stands, or the new one waits for the tranche date — and the two calculations' TUSEDs differ
    (under one-third the licence may run a year or more, or the TUSED falls 12 months after another
    release). HMPPS merges only HDCED, CRD, PED and ERSED into its model calculation (CRDS SDSProgression-
    ModelFinalDatesService), which would leave the model's own TUSED, while its per-sentence early-release
    defaulting (the SDS40 pattern) would give the one of the release actually made; the HMPPS suite shows no
    TUSED under the model (its cases repeal top-up supervision). Not settled: refused. Where the model's own
    release stands its TUSED is given, as both would."""
    if "applyPostRecallRepealRules" in booking.toggles:
        return
    bt, pt = before.dates.get("TUSED"), prog.dates.get("TUSED")
    if (bt is None and pt is None) or (bt is not None and pt is not None and bt.date == pt.date):
        return
    code = _release_key(merged.dates)
    own = prog.dates.get(code) if code else None
    if code is None or own is None or merged.dates[code].date != own.date:
        raise NotSupported("top-up supervision where the release under the progression model is the old one "
                           "or waits for the tranche date (which release HMPPS takes it from is not settled)")


def _hdced_progression(merged: RegimeResult, before: RegimeResult, booking: BookingIn) -> None:
    """HDCED with the progression model in force: the HDCED of the calculation before the model wherever
    that calculation has one (people could still be released on an HDC worked out at 40% or 50% before
    commencement); otherwise the model's own HDCED, which is not moved to the tranche date (only CRD, PED
    and ERSED are). CRDS SDSProgressionModelFinalDatesService.applyFinalDates, read for the rule; the HDC
    itself is CJA 2003 s.246. UNCONFIRMED (the Sentencing Act 2026 commencement as HMPPS applies it).

    HMPPS applies the toggled HDC repeal/suspension within each calculation, before this choice (CRDS
    HdcedExtractionService). An HDCED the toggles remove from the calculation before the model leaves none:
    the model commenced after the adult HDC repeal, so its own HDCED for a sentence the repeal affects is
    not one anyone could be released on (HMPPS gives none, suite case crs-2761). Where the calculation
    before the model has no HDCED at all, the model's own stands (the toggles then apply to it,
    ``hdc.apply_toggles``)."""
    old = before.dates.get("HDCED")
    if old is None:
        return
    if booking.toggles & {"applyPostHdcedRepealRules", "adultHdcSuspended"}:
        outcome = PM.hdc_toggle_outcome(booking.sentences, old.date, booking.toggles)
        if outcome == "depends":
            raise NotSupported("HDC repeal (Sentencing Act 2026) with an HDCED before 2 September 2026: "
                               "whether it stands depends on the date of the calculation")
        if outcome == "remove":
            # The HDCED before the model is taken away by the repeal: the model's own does not stand in
            # for it. The model commenced after the adult HDC repeal, so an HDCED worked out under it
            # for a sentence the repeal affects is one no one could be released on (and HMPPS, on the
            # suite, gives none: crs-2761).
            merged.dates.pop("HDCED", None)
            return
    code = _release_key(merged.dates)
    if code is not None and old.date >= merged.dates[code].date:
        # The HDCED before the model falls on or after the release under it: HMPPS's merge would still give
        # it (it expects HDC to be repealed once the model is in force), an HDCED no one could use; whether it
        # stands is not settled.
        raise NotSupported("an HDCED worked out before the progression model that falls on or after the "
                           "release under the model")
    merged.dates["HDCED"] = old


def _ersed_progression(result: RegimeResult, before: RegimeResult, prog: RegimeResult, t: R.Tranche,
                       booking: BookingIn) -> None:
    """ERSED under the progression model, defaulted as the release date is (CRDS SDSProgressionModelFinal-
    DatesService, as the HMPPS suite shows): an ERSED already before the tranche date under the old release
    point stands; otherwise the ERSED on the new release point, but not before the tranche date (plus
    additional days awarded). UNCONFIRMED."""
    old, new = before.dates.get("ERSED"), prog.dates.get("ERSED")
    c = t.commencement
    awarded = booking_adjustments(booking).awarded
    if new is None and (old is None or plus_days(old.date, -awarded) >= c):
        result.dates.pop("ERSED", None)
        return
    if old is not None and plus_days(old.date, -awarded) < c:
        chosen = DateResult("ERSED", old.date, Working(
            old.working.rule, old.working.citation, old.working.arithmetic + f" (before {t.name}, "
            f"{uk_date(c)}: the release point before the progression model stands)", False))
    elif plus_days(new.date, -awarded) < c:
        when = plus_days(c, awarded)
        chosen = DateResult("ERSED", when, Working(
            new.working.rule, new.working.citation, f"{new.working.arithmetic}; before {t.name} "
            f"({uk_date(c)}), so {uk_date(when)}", False))
    else:
        chosen = new
    result.dates["ERSED"] = chosen
