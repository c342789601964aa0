"""The release-date engine: ``calculate(booking)``, a thin orchestrator over the modules that compute.

1. check the booking can be calculated (``_check_booking``), group consecutive sentences into lines
   (``terms``) and find each line's period in custody (``timeline``);
2. run every line as a *unit* under each regime of release fractions in force (``regimes``, ``unit``,
   ``unit_dates``), recalls (``recalls``) and concurrent units combined (``combine``);
3. where a change of release point commences by tranche, merge the regimes (``tranches``): SDS40
   (SI 2024/844 art.3) and the Sentencing Act 2026 progression model;
4. the booking-level rules last: mixed fixed-term recalls, recall against release, no removal date at or
   after release, the feature-toggled repeals of top-up supervision and HDC.

Anything outside the supported rules raises :class:`NotSupported`; the engine never guesses.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from casebook.sentencing import hdc, tranches, validation
from casebook.sentencing import movements as MV
from casebook.sentencing import recalls as RC
from casebook.sentencing import rules as R
from casebook.sentencing.durations import uk_date
from casebook.sentencing.model import BookingIn, CalculationResult, DateResult, InvalidBooking, NotSupported
from casebook.sentencing.regimes import Runner
from casebook.sentencing.release_points import SDS40, STANDARD
from casebook.sentencing.terms import build_chains, offence_day, single_term
from casebook.sentencing.timeline import custody_windows
from casebook.sentencing.unit import release_and_expiry
from casebook.sentencing.unit_dates import RefusedWorking

__all__ = ["calculate", "validate"]

# Breach of a sexual harm prevention (or similar) order committed from 1 December 2020 is an offence
# under Sentencing Act 2020 s.354 rather than SOA 2003 s.103I, and is excluded from SDS40 only from
# 16 December 2024 (SI 2024/1331): which release provisions apply cannot be told from the record (CRDS
# validation UNABLE_TO_DETERMINE_SHPO_RELEASE_PROVISIONS). Offence codes as used by HMPPS.
SHPO_BREACH = re.compile(r"^SX032(20|24|44|47)A?$")


def calculate(booking: BookingIn) -> CalculationResult:
    result = _calculate(booking)
    redated = _ual_from_applies(booking)
    if redated is not None:
        try:
            other = _calculate(redated)
        except (NotSupported, InvalidBooking):
            other = None
        if other is None or (other.as_iso_dict(), other.effective_sentence_length) != (
                result.as_iso_dict(), result.effective_sentence_length):
            raise NotSupported("time unlawfully at large recorded from one date and applying from another, "
                               "where the answer depends on which counts")
    return result


def _ual_from_applies(booking: BookingIn) -> BookingIn | None:
    """The booking with each UAL period that starts on another date than the one it applies from moved to
    start there (same length), or None where there is none. HMPPS places UAL on its booking timeline by the
    date it applies from (CRDS BookingTimelineService: UALTimelineCalculationEvent(appliesToSentencesFrom);
    TimelineUalAdjustmentCalculationHandler decides custody or licence by that date), the engine by the
    period's own dates; the suite has both and never shows them leading to different answers."""
    moved = False
    adjustments = []
    for a in booking.adjustments:
        if a.kind == "UAL" and a.from_date and a.applies_from and a.from_date != a.applies_from:
            shift = a.applies_from - a.from_date
            a = replace(a, from_date=a.applies_from, to_date=a.to_date + shift if a.to_date else None)
            moved = True
        adjustments.append(a)
    return replace(booking, adjustments=adjustments) if moved else None


def _calculate(booking: BookingIn) -> CalculationResult:
    profile = _check_booking(booking)
    deducted = sum(a.days for a in booking.adjustments if a.kind in ("REMAND", "TAGGED_BAIL"))
    chains = single_term(build_chains(booking), tuple(MV.release_dates(booking)), deducted)
    if profile.sds40:
        _check_chains_across_sds40(chains)
    run = Runner(chains, booking, custody_windows(chains, booking))
    standard = run.run(STANDARD)
    result = standard
    notes: list[str] = []
    if profile.sds40:
        result, run = tranches.sds40(run, standard, notes)
    if profile.progression is not None:
        result = tranches.progression(run, result, profile.progression, notes)
    dates = dict(result.dates)
    RC.apply_mixed_duration(dates, result.units, booking.return_to_custody)
    RC.release_vs_recall(dates, result.units)
    _booking_rules(dates, booking, notes)
    _botus_tused(dates, booking)
    _previous_sled(dates, booking)
    _check_consistent(dates)
    for d in dates.values():
        if isinstance(d.working, RefusedWorking):
            raise NotSupported(d.working.refusal)
    _check_declared_error(booking)
    return CalculationResult(dates, standard.esl, notes)


# Date types that never stand together in one HMPPS result: a release is either automatic or conditional,
# an expiry either combined with the licence end or apart from it.
_EXCLUSIVE = (("CRD", "ARD"), ("SLED", "SED"), ("SLED", "LED"))


def _check_consistent(dates: dict[str, DateResult]) -> None:
    """Where merging the rules before and after a change of release point (SDS40, the progression model)
    leaves both of such a pair — the two calculations disagree on the kind of release or expiry, e.g. an
    offender under 18 at the earlier release and 18 at the later — which one HMPPS keeps is not settled."""
    for a, b in _EXCLUSIVE:
        if a in dates and b in dates:
            raise NotSupported(f"both {a} and {b} result (the release rules before and after a change "
                               "disagree on the kind of date)")


# Validation errors HMPPS records against a booking yet still calculates (the suite gives dates with them):
# a remand period overlapping a sentence is reported, the calculation runs (crs-2082).
CALCULATED_DESPITE = frozenset({"REMAND_OVERLAPS_WITH_SENTENCE"})


def _check_declared_error(booking: BookingIn) -> None:
    """A booking the service is recorded to reject (HMPPS validation, e.g.
    FTR_TYPE_28_DAYS_SENTENCE_GAP_LT_14_DAYS) that this engine's own checks let through: the service's
    rule is one the engine does not apply, so no dates are given. Checked last, so the engine's own
    reason is the one shown where it has one."""
    code = booking.declared_error
    if code is None or all(c in CALCULATED_DESPITE for c in code.split("|")):
        return
    raise NotSupported(f"the service rejects this booking ({code}), by a validation this engine does not "
                       "apply")


def _botus_tused(dates: dict[str, DateResult], booking: BookingIn) -> None:
    """A committal for breach of top-up supervision with the supervision end recorded before: alone, that
    end stands where it is after the committal expires (CRDS BookingExtractionService extractSingle reads the
    BOTUS latest TUSED), under the Sentencing Act 2026 repeal too (extractSingle does not test the toggle;
    CRDS names the rule BOTUS_LATEST_TUSED_USED_POST_REPEAL). Beside other sentences ``combine`` decides;
    beside other committals, ending before the committal, or beside other sentences under the repeal: not
    settled."""
    recorded = [s.latest_tused for s in booking.sentences if s.latest_tused is not None]
    if not recorded:
        return
    repeal = "applyPostRecallRepealRules" in booking.toggles
    if any(s.kind != "BOTUS" for s in booking.sentences):
        if repeal:
            raise NotSupported("top-up supervision recorded before a committal for its breach, beside other "
                               "sentences, under the Sentencing Act 2026 repeal of top-up supervision")
        return   # beside other sentences: combine (the latest licence and top-up supervision decide)
    expiry = dates.get("SED") or dates.get("SLED")
    if len(booking.sentences) != 1 or expiry is None or not recorded[0] > expiry.date:
        raise NotSupported("top-up supervision recorded before a committal for its breach, beside other "
                           "committals or ending before the committal expires")
    dates["TUSED"] = DateResult("TUSED", recorded[0], R.working(
        "BOTUS_TUSED", f"top-up supervision recorded before ends {recorded[0].isoformat()}, after the "
        f"committal expires ({expiry.date.isoformat()})" + (" (kept after the Sentencing Act 2026 repeal, as "
                                                            "HMPPS does — UNCONFIRMED)" if repeal else ""),
        confirmed=not repeal))


def _recorded_sled(p) -> date | None:
    """A stored calculation's SLED, or its SED where its SED and LED fall on one day (CRDS
    PreviouslyRecordedSLEDService.hasASledOrSedAndLedWithTheSameDate)."""
    sled = p.get("SLED")
    if sled is not None:
        return sled
    sed, led = p.get("SED"), p.get("LED")
    return sed if sed is not None and sed == led else None


def _previous_sled(dates: dict[str, DateResult], booking: BookingIn) -> None:
    """A later SLED recorded by a calculation before this one (HMPPS "previously recorded SLED", CRDS
    CalculationService.usePreviouslyRecordedSLED): where the user asks for it
    (usePreviouslyRecordedSLEDIfFound) and today's calculation gives a SLED, the SLED of the latest confirmed
    calculation before (or its SED where its SED and LED fall on one day) stands if it is later, and a TUSED
    before it is dropped. An earlier HMPPS version took the latest such date of any confirmed calculation
    (CRDS DominantHistoricDateService): where the two readings differ, or where a later stored SLED is there
    but not asked for, which answer HMPPS gives is not settled: refused. Stored calculations that are not
    confirmed are not read."""
    prev = [p for p in booking.previous_calculations if p.status == "CONFIRMED"]
    if not prev:
        return
    if "useLatestErsedFromPreErs30Snapshot" in booking.toggles:
        # (a stored calculation may be the pre-ERS30 snapshot the toggle reads: not settled)
        for p in prev:
            for code, when in p.dates:
                if code not in dates or dates[code].date != when:
                    raise NotSupported(f"a calculation recorded before with a different {code} "
                                       f"({when.isoformat()}) beside the pre-ERS30 snapshot rules")
        return
    sled = dates.get("SLED")
    if sled is None:
        return

    def later(p) -> date | None:
        d = _recorded_sled(p)
        return d if d is not None and d > sled.date else None
    made = [p.made_on for p in prev]
    latest = prev if None in made else [p for p in prev if p.made_on == max(made)]
    by_latest = {later(p) for p in latest}
    by_any = max((d for p in prev if (d := later(p)) is not None), default=None)
    # (the latest by the date each was made, or as the last recorded, or the latest date of any: all agree)
    if by_latest != {by_any} or later(prev[-1]) != by_any:
        raise NotSupported("calculations recorded before whose SLEDs HMPPS's versions read differently (the "
                           "latest confirmed calculation's, or the latest of any)")
    if by_any is None:
        return
    if not booking.use_previous_sled:
        raise NotSupported(f"a calculation recorded before with a later SLED ({by_any.isoformat()}) not "
                           "asked to be used: whether the stored date stands is not settled")
    dates["SLED"] = DateResult("SLED", by_any, R.working(
        "PREVIOUS_SLED", f"SLED calculated today {sled.date.isoformat()}; the SLED recorded by the "
        f"calculation before is later: {by_any.isoformat()}"))
    tused = dates.get("TUSED")
    if tused is not None and by_any > tused.date:
        del dates["TUSED"]


def validate(booking: BookingIn) -> None:
    validation.check(booking)
    if not booking.sentences:
        raise InvalidBooking("at least one sentence is needed")
    for s in booking.sentences:
        if s.term.is_zero:
            raise InvalidBooking("a sentence has no length")
        if s.kind in ("EDS", "SOPC") and (s.extension is None or s.extension.is_zero):
            raise InvalidBooking("an extended sentence has no extension period")
    _check_ual_periods(booking)


def _check_ual_periods(booking: BookingIn) -> None:
    """Two periods unlawfully at large that overlap, or where one ends on the day the next begins, are one
    period entered twice (Prison Act 1952 s.49(2): a day at large is not served, and it counts once). HMPPS
    rejects them (CRDS UalValidator DUPLICATE_OR_OVERLAPPING_UAL: ranges from the start to the end date,
    touching ranges included)."""
    periods = sorted((x.from_date, x.to_date) for x in booking.adjustments
                     if x.kind == "UAL" and x.from_date is not None and x.to_date is not None)
    for (a_from, a_to), (b_from, b_to) in zip(periods, periods[1:], strict=False):
        if b_from <= a_to:
            raise InvalidBooking(f"two periods unlawfully at large overlap or touch ({uk_date(a_from)} to "
                                 f"{uk_date(a_to)} and {uk_date(b_from)} to {uk_date(b_to)}): enter each "
                                 "period once, from its first to its last day")


def _check_booking(booking: BookingIn) -> R.Profile:
    """A valid booking under a known rules profile, with no rules switched on that the engine does not
    apply; its rules profile."""
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
        raise NotSupported("an offence excluded from the progression model by the Sentencing Act 2026 "
                           "schedule (HMPPS routes these to a manual calculation)")
    if profile.sds40:
        _check_shpo_breach(booking)
    MV.check_out_of_custody(booking, profile)
    return profile


def _check_shpo_breach(booking: BookingIn) -> None:
    """Excluded from SDS40 as a sexual offence from the start, or only from 16 December 2024 (SI
    2024/1331)? It matters only where release at 40% would come before that date."""
    for s in booking.sentences:
        if (SHPO_BREACH.match(s.offence_code or "") and "SEXUAL" in s.exclusions and s.kind == "SDS"
                and offence_day(s) >= R.SENTENCING_CODE_COMMENCEMENT and s.sentenced_at < R.SDS40_TRANCHE_3
                and release_and_expiry([replace(s, exclusions=s.exclusions - {"SEXUAL"})], booking,
                                       SDS40).release < R.SDS40_TRANCHE_3):
            raise InvalidBooking("unable to determine the release provisions for a breach of a sexual harm "
                                 "prevention order (SDS40 exclusion from 16 December 2024)")


def _check_chains_across_sds40(chains) -> None:
    t1, t2 = R.SDS40.tranches[0].commencement, R.SDS40.tranches[1].commencement
    for c in chains:
        if (any(p.sentenced_at < t1 for p in c) and any(t1 <= p.sentenced_at < t2 for p in c)
                and all(p.kind == "SDS" for p in c)):
            raise InvalidBooking("consecutive sentences imposed either side of SDS40 tranche 1 commencement "
                                 "and before tranche 2: enter the prison's dates")


def _booking_rules(dates: dict[str, DateResult], booking: BookingIn, notes: list[str]) -> None:
    rel = dates.get("CRD") or dates.get("ARD")
    if "ERSED" in dates and rel is not None and dates["ERSED"].date >= rel.date:
        del dates["ERSED"]   # no removal date at or after the release date
    if "applyPostRecallRepealRules" in booking.toggles and "TUSED" in dates:
        # Sentencing Act 2026: top-up supervision repealed (CRDS "post recall repeal" rules). UNCONFIRMED.
        del dates["TUSED"]
        notes.append("top-up supervision repealed (Sentencing Act 2026) — UNCONFIRMED")
    hdc.apply_toggles(dates, booking, notes)
