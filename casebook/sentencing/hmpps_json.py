"""Read an HMPPS *Calculate Release Dates* booking (the JSON of its public test suite).

Format: ``{"booking": {"offender", "sentences", "adjustments", "returnToCustodyDate", …},
"userInputs": {…}, "params": "<rules profile>"}`` (see shared/oracles/README.md).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from casebook.domain.validate import TERM_LIMIT_TEXT, TERM_LIMITS
from casebook.sentencing.durations import Term
from casebook.sentencing.model import (
    AdjustmentIn,
    BookingIn,
    InvalidBooking,
    Movement,
    NotSupported,
    PreviousCalculation,
    SentenceIn,
)

_TYPES = {
    "StandardSentence": "SDS",
    "ExtendedDeterminateSentence": "EDS",
    "SopcSentence": "SOPC",
    "DetentionAndTrainingOrderSentence": "DTO",
    "AFineSentence": "AFINE",
    "BotusSentence": "BOTUS",
}
_ADJ = {
    "REMAND": "REMAND",
    "TAGGED_BAIL": "TAGGED_BAIL",
    "UNLAWFULLY_AT_LARGE": "UAL",
    "ADDITIONAL_DAYS_AWARDED": "ADA",
    "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED": "RADA",
    "RECALL_REMAND": "RECALL_REMAND",
    "RECALL_TAGGED_BAIL": "RECALL_TAGGED_BAIL",
}
_RECALL = {
    "STANDARD_RECALL": "STANDARD",
    "FIXED_TERM_RECALL_14": "FTR14",
    "FIXED_TERM_RECALL_28": "FTR28",
    "FIXED_TERM_RECALL_56": "FTR56",
}


# The fields of an HMPPS booking this reader interprets, or knows to make no difference to the dates. A
# field outside these with a value is refused, never ignored: it may carry a rule the engine does not
# apply (an older offence-indicator form, a previous calculation, user answers in place of the offence
# indicators …).
_KNOWN_TOP = frozenset({"booking", "userInputs", "params", "featureToggles", "assertSds40", "error",
                        "expectedValidationException", "expectedValidationMessage", "previousCalculations"})
_KNOWN_BOOKING = frozenset({"offender", "sentences", "adjustments", "returnToCustodyDate", "bookingId",
                            "externalMovements", "fixedTermRecallDetails", "historicalTusedData",
                            "calculateErsed"})
_KNOWN_OFFENDER = frozenset({"reference", "dateOfBirth", "isActiveSexOffender"})
_KNOWN_FTR = frozenset({"returnToCustodyDate", "recallLength", "bookingId"})
_KNOWN_HISTORICAL_TUSED = frozenset({"tused", "historicalTusedSource"})
_HISTORICAL_TUSED_SOURCES = frozenset({"CRDS", "CRDS_OVERRIDDEN", "NOMIS", "NOMIS_OVERRIDDEN"})
_KNOWN_SENTENCE = frozenset({"type", "offence", "duration", "custodialDuration", "extensionDuration",
                             "sentencedAt", "identifier", "consecutiveSentenceUUIDs", "caseSequence",
                             "lineSequence", "caseReference", "externalSentenceId", "recall", "recallType",
                             "releaseArrangements", "fineAmount", "automaticRelease", "sdopcu18",
                             "hasAnSDSEarlyReleaseExclusion", "isSDSPlus",
                             "isSDSPlusEligibleSentenceTypeLengthAndOffence", "latestTusedDate",
                             "latestTusedSource"})
_KNOWN_OFFENCE = frozenset({"committedAt", "offenceCode", "offenceEndDate"})
_KNOWN_ARRANGEMENTS = frozenset({"isSDSPlus", "isSDSPlusEligibleSentenceTypeLengthAndOffence",
                                 "isSection250", "sdsEarlyReleaseExclusions", "comment"})
_KNOWN_RECALL = frozenset({"recallType", "returnToCustodyDate", "revocationDate"})
_KNOWN_USER = frozenset({"calculateErsed", "useOffenceIndicators", "usePreviouslyRecordedSLEDIfFound"})
_KNOWN_PREVIOUS = frozenset({"calculationType", "calculationStatus", "calculationDate", "dates"})
# additionalInfo: the UAL type (escape, immigration detention, …) or NONE, which HMPPS's calculation does not
# read (the suite's cases with it count the days alike)
_KNOWN_ADJUSTMENT = frozenset({"appliesToSentencesFrom", "numberOfDays", "fromDate", "toDate",
                               "additionalInfo"})
# Exclusion markers the engine knows; an unknown one that names the progression model is not guessed at.
_PROGRESSION_MARKERS = frozenset({"PROGRESSION_MODEL_SCHEDULE_13_PART_3",
                                  "SA2026_PROGRESSION_MODEL_SCHEDULE"})


# Bounds of a booking's numbers and dates (beyond them the date arithmetic overflows; no real booking comes
# near): terms as for a term typed into a casebook, days of an adjustment, years of a date.
_TERM_LIMITS = {"YEARS": TERM_LIMITS["Y"], "MONTHS": TERM_LIMITS["M"], "WEEKS": TERM_LIMITS["W"],
                "DAYS": TERM_LIMITS["D"]}
MAX_ADJUSTMENT_DAYS = 100_000
_YEARS = (1900, 2199)
# The JSON shape of each field the reader looks into: an object, a list (of objects) or a string.
_SHAPES_TOP = {"userInputs": dict, "featureToggles": dict, "params": str}
_SHAPES_BOOKING = {"offender": dict, "adjustments": dict, "externalMovements": list,
                   "fixedTermRecallDetails": dict, "historicalTusedData": dict}
_SHAPES_SENTENCE = {"type": str, "offence": dict, "recall": dict, "recallType": str,
                    "releaseArrangements": dict, "consecutiveSentenceUUIDs": list}
_SHAPE_NAMES = {dict: "an object", list: "a list", str: "a string"}
_DURATIONS = ("duration", "custodialDuration", "extensionDuration")


def _shape(obj: dict, shapes: dict, where) -> None:
    """``where()``: the text naming ``obj`` (built only for the message)."""
    for k, kind in shapes.items():
        v = obj.get(k)
        if v is not None and not isinstance(v, kind) and (kind is str or v):   # (an empty value is absent)
            raise InvalidBooking(f"{where()} {k} is not {_SHAPE_NAMES[kind]}: {str(v)[:40]!r}")


def _check_shapes(doc: dict) -> None:
    """Each field the reader looks into has the JSON type of the HMPPS format (a malformed file is an
    invalid booking, never a crash of the reader)."""
    _shape(doc, _SHAPES_TOP, lambda: "the booking file's")
    b = doc["booking"]
    _shape(b, _SHAPES_BOOKING, lambda: "the booking's")
    sentences = b.get("sentences")
    if not isinstance(sentences, list) or not sentences:
        raise InvalidBooking("the booking has no sentences")
    for i, s in enumerate(sentences):
        if not isinstance(s, dict):
            raise InvalidBooking(f"sentence {i + 1} is not an object")
        _shape(s, _SHAPES_SENTENCE, lambda: f"sentence {i + 1}'s")   # noqa: B023 (called at once)
        markers = (s.get("releaseArrangements") or {}).get("sdsEarlyReleaseExclusions") or []
        if not isinstance(markers, list) or not all(isinstance(x, str) or x is None for x in markers):
            raise InvalidBooking(f"sentence {i + 1}'s early release exclusions are not a list of names")
        if not all(isinstance(x, (str, int)) and not isinstance(x, bool)
                   for x in s.get("consecutiveSentenceUUIDs") or ()):
            raise InvalidBooking(f"sentence {i + 1} is consecutive to something that is not an identifier")
        for k in _DURATIONS:
            v = s.get(k)
            if v and not isinstance(v, dict):
                raise InvalidBooking(f"sentence {i + 1}'s {k} is not a duration")
        recall = s.get("recall")
        if recall and not isinstance(recall.get("recallType") or "", str):
            raise InvalidBooking(f"sentence {i + 1}'s recall type is not a string")
    historical = b.get("historicalTusedData")
    if historical and not isinstance(historical.get("historicalTusedSource") or "", str):
        raise InvalidBooking("the historical TUSED data's source is not a string")
    for k, items in (b.get("adjustments") or {}).items():
        if items and not isinstance(items, list):
            raise InvalidBooking(f"the {k} adjustments are not a list")


def _unknown(obj: Any, known: frozenset[str], where: str) -> None:
    if not isinstance(obj, dict):
        return
    for k, v in obj.items():
        if k not in known and v not in (None, False, "", [], {}):
            raise NotSupported(f"{where} field {k!r} (not interpreted by this engine)")


def _check_fields(doc: dict) -> None:
    _unknown(doc, _KNOWN_TOP, "booking file")
    b = doc.get("booking") or {}
    _unknown(b, _KNOWN_BOOKING, "booking")
    _unknown(b.get("offender"), _KNOWN_OFFENDER, "offender")
    _unknown(b.get("fixedTermRecallDetails"), _KNOWN_FTR, "fixed-term recall details")
    _unknown(b.get("historicalTusedData"), _KNOWN_HISTORICAL_TUSED, "historical TUSED data")
    user = doc.get("userInputs")
    _unknown(user, _KNOWN_USER, "user input")
    if isinstance(user, dict) and user.get("useOffenceIndicators") is False:
        raise NotSupported("release arrangements answered by the user instead of the offence indicators")
    for s in b.get("sentences") or []:
        if not isinstance(s, dict):
            continue
        _unknown(s, _KNOWN_SENTENCE, "sentence")
        _unknown(s.get("offence"), _KNOWN_OFFENCE, "offence")
        ra = s.get("releaseArrangements")
        _unknown(ra, _KNOWN_ARRANGEMENTS, "release arrangements")
        if isinstance(s.get("recall"), dict):
            _unknown(s["recall"], _KNOWN_RECALL, "recall")
        for x in (ra or {}).get("sdsEarlyReleaseExclusions") or []:
            if isinstance(x, str) and "PROGRESSION" in x.upper() and x not in _PROGRESSION_MARKERS:
                raise NotSupported(f"progression-model exclusion marker {x}")


def _date(v: Any, what: str) -> date | None:
    if v in (None, ""):
        return None
    try:
        d = date.fromisoformat(str(v)[:10])
    except ValueError as exc:
        raise InvalidBooking(f"{what} is not a date: {v!r}") from exc
    if not 1900 <= d.year <= 2199:   # (_YEARS)
        raise InvalidBooking(f"{what} {d.isoformat()} is out of range (years {_YEARS[0]} to {_YEARS[1]})")
    return d


def _term(obj: Any, what: str) -> Term:
    if not isinstance(obj, dict):
        raise InvalidBooking(f"{what} is missing")
    el = obj.get("durationElements", obj)
    if not isinstance(el, dict):
        raise InvalidBooking(f"{what} is not a duration")
    known = {"YEARS", "MONTHS", "WEEKS", "DAYS"}
    for k in el:
        if k not in known:
            raise InvalidBooking(f"{what} has an unknown unit {k}")
    try:
        vals = {k: int(el.get(k, 0) or 0) for k in known}
    except (TypeError, ValueError, OverflowError) as exc:
        raise InvalidBooking(f"{what} is not a whole number") from exc
    if any(v < 0 for v in vals.values()):
        raise InvalidBooking(f"{what} is negative")
    if (vals["YEARS"] > _TERM_LIMITS["YEARS"] or vals["MONTHS"] > _TERM_LIMITS["MONTHS"]
            or vals["WEEKS"] > _TERM_LIMITS["WEEKS"] or vals["DAYS"] > _TERM_LIMITS["DAYS"]):
        raise InvalidBooking(f"{what} is out of range: a term is at most {TERM_LIMIT_TEXT}")
    return Term(vals["YEARS"], vals["MONTHS"], vals["WEEKS"], vals["DAYS"])


def _kind(i: int, s: dict) -> str:
    t = s.get("type")
    if t is None:
        if "duration" not in s:
            raise InvalidBooking(f"sentence {i + 1} has no type")
        t = "StandardSentence"   # the service's default sentence type
    kind = _TYPES.get(t)
    if kind is None:
        raise NotSupported(f"sentence type {t}")
    return kind


def _recall(s: dict) -> str | None:
    rec = s.get("recall")
    if not isinstance(rec, dict) and s.get("recallType"):
        rec = {"recallType": s["recallType"]}   # (the older form of the suite: the type on the sentence)
    if not (isinstance(rec, dict) and rec.get("recallType")):
        return None
    recall = _RECALL.get(rec["recallType"])
    if recall is None:
        raise NotSupported(f"recall type {rec['recallType']}")
    return recall


def _exclusions(s: dict, ra: dict) -> frozenset[str]:
    exclusions = frozenset(x for x in (ra.get("sdsEarlyReleaseExclusions") or []) if x and x != "NO")
    if s.get("hasAnSDSEarlyReleaseExclusion") not in (None, "NO", False):
        exclusions = exclusions | {str(s.get("hasAnSDSEarlyReleaseExclusion"))}
    return exclusions


def _sentence(i: int, s: Any) -> SentenceIn:
    if not isinstance(s, dict):
        raise InvalidBooking(f"sentence {i + 1} is not an object")
    kind = _kind(i, s)
    sa = _date(s.get("sentencedAt"), "sentencedAt")
    if sa is None:
        raise InvalidBooking(f"sentence {i + 1} has no sentence date")
    off = s.get("offence") or {}
    if _date(off.get("committedAt"), "committedAt") is None:
        # HMPPS reads a missing offence date as neither an ORA nor a CJA 1991 offence (CRDS
        # StandardDeterminateSentence.isOraSentence / isBeforeCJAAndLASPO); the engine would take the
        # sentence date: not guessed at.
        raise NotSupported(f"sentence {i + 1} has no offence date")
    extension = None
    if kind in ("EDS", "SOPC"):
        term = _term(s.get("custodialDuration"), "custodialDuration")
        extension = _term(s.get("extensionDuration"), "extensionDuration")
    else:
        term = _term(s.get("duration"), "duration")
    ra = s.get("releaseArrangements") or {}
    recall = _recall(s)
    cons = s.get("consecutiveSentenceUUIDs") or []
    if len(cons) > 1:
        raise NotSupported("a sentence consecutive to more than one sentence")
    sds_plus = ra.get("isSDSPlus", s.get("isSDSPlus"))   # (older form: flags on the sentence)
    return SentenceIn(
        kind=kind,
        sentenced_at=sa,
        term=term,
        offence_date=_date(off.get("committedAt"), "committedAt"),
        offence_end_date=_date(off.get("offenceEndDate"), "offenceEndDate"),
        extension=extension,
        offence_code=str(off.get("offenceCode") or ""),
        ident=str(s.get("identifier") or f"#{i}"),
        consecutive_to=str(cons[0]) if cons else None,
        sds_plus=bool(sds_plus),
        sds_plus_eligible=bool(ra.get("isSDSPlusEligibleSentenceTypeLengthAndOffence",
                                      s.get("isSDSPlusEligibleSentenceTypeLengthAndOffence")) or sds_plus),
        exclusions=_exclusions(s, ra),
        section250=bool(ra.get("isSection250")),
        eds_automatic=bool(s.get("automaticRelease")),
        sdopcu18=kind == "SOPC" and bool(s.get("sdopcu18")),
        recall_type=recall,
        label=str(s.get("caseReference") or f"sentence {i + 1}"),
        fine_amount=_fine(i, s.get("fineAmount")),
        revocation_date=_date((s.get("recall") or {}).get("revocationDate")
                              if isinstance(s.get("recall"), dict) else None, "revocationDate"),
        latest_tused=_date(s.get("latestTusedDate"), "latestTusedDate") if kind == "BOTUS" else None,
    )


def _fine(i: int, v: Any) -> float | None:
    if v is None:
        return None
    try:
        if isinstance(v, bool):
            raise TypeError
        amount = float(v)
    except (TypeError, ValueError) as exc:
        raise InvalidBooking(f"sentence {i + 1}'s fine amount is not a number: {str(v)[:40]!r}") from exc
    if not amount >= 0 or amount == float("inf"):
        raise InvalidBooking(f"sentence {i + 1}'s fine amount is not an amount: {str(v)[:40]!r}")
    return amount


def _days(k: str, v: Any) -> int:
    try:
        if isinstance(v, (bool, list, dict)) or (isinstance(v, float) and not v.is_integer()):
            raise TypeError
        days = int(v)
    except (TypeError, ValueError, OverflowError) as exc:
        raise InvalidBooking(f"a {k} adjustment's numberOfDays is not a whole number: "
                             f"{str(v)[:40]!r}") from exc
    if abs(days) > MAX_ADJUSTMENT_DAYS:
        raise InvalidBooking(f"a {k} adjustment of {days} days is out of range (at most "
                             f"{MAX_ADJUSTMENT_DAYS})")
    return days


def _adjustments(b: dict) -> list[AdjustmentIn]:
    adjustments = []
    raw_adj = b.get("adjustments") or {}
    if not isinstance(raw_adj, dict):
        raise InvalidBooking("adjustments are not an object")
    for k, items in raw_adj.items():
        kind = _ADJ.get(k)
        if kind is None:
            raise NotSupported(f"adjustment type {k}")
        for a in items or []:
            if not isinstance(a, dict):
                raise InvalidBooking(f"a {k} adjustment is not an object")
            _unknown(a, _KNOWN_ADJUSTMENT, f"{k} adjustment")
            days = a.get("numberOfDays")
            if days is None:
                days = 0   # recorded without days: nothing to apply
            adjustments.append(AdjustmentIn(
                kind, _days(k, days), _date(a.get("appliesToSentencesFrom"), "appliesToSentencesFrom"),
                _date(a.get("fromDate"), "fromDate"), _date(a.get("toDate"), "toDate")))
    return adjustments


# Movement reasons as HMPPS reads them (CRDS model ExternalMovementReason): releases, then admissions. The
# release rules here treat every release alike except ERS (and HDC/ECSL at SDS40 commencement); a reason
# outside these is not guessed at.
_MOVEMENT_REASONS = {
    "OUT": frozenset({"HDC", "ERS", "PAROLE", "ECSL", "CRD", "DTO", "IMMIGRATION_BAIL", "RECALL_RELEASE"}),
    "IN": frozenset({"SENTENCE", "REMAND", "RECALL_ADMISSION", "HDC_RECALL", "ERS_BREACH",
                     "FAILED_ERS_REMOVAL"}),
}
_KNOWN_MOVEMENT = frozenset({"movementDate", "movementReason", "direction"})


def _movements(b: dict) -> list[Movement]:
    movements = []
    for m in b.get("externalMovements") or []:
        if not isinstance(m, dict):
            raise InvalidBooking("an external movement is not an object")
        _unknown(m, _KNOWN_MOVEMENT, "external movement")
        when = _date(m.get("movementDate"), "movementDate")
        if when is None:
            continue
        direction = str(m.get("direction") or "").upper()
        reason = str(m.get("movementReason") or "").upper()
        if reason not in _MOVEMENT_REASONS.get(direction, ()):
            raise NotSupported(f"external movement {direction or '(no direction)'} {reason or '(no reason)'}")
        movements.append(Movement(when, direction, reason))
    movements.sort(key=lambda m: m.when)
    return movements


def _out_periods(movements: list[Movement]) -> list[tuple]:
    """(released, re-admitted or None) periods out of prison."""
    out_periods = []
    out_since = None
    for m in movements:
        if m.direction == "OUT":
            out_since = out_since or m.when
        elif out_since is not None:
            out_periods.append((out_since, m.when))   # an admission with no release before it changes nothing
            out_since = None
    if out_since is not None:
        out_periods.append((out_since, None))
    return out_periods


def _return_to_custody(b: dict, sentences_raw: list) -> date | None:
    rtc = _date(b.get("returnToCustodyDate"), "returnToCustodyDate")
    ftr = b.get("fixedTermRecallDetails")
    if rtc is None and isinstance(ftr, dict):
        rtc = _date(ftr.get("returnToCustodyDate"), "returnToCustodyDate")
    if rtc is None:
        # the service also records the return to custody on each recalled sentence's recall
        rtcs = {_date(s["recall"].get("returnToCustodyDate"), "returnToCustodyDate") for s in sentences_raw
                if isinstance(s, dict) and isinstance(s.get("recall"), dict)
                and s["recall"].get("returnToCustodyDate")}
        if len(rtcs) > 1:
            raise NotSupported("recalls with different return-to-custody dates")
        rtc = rtcs.pop() if rtcs else None
    return rtc


def parse_booking(doc: Any) -> BookingIn:
    if not isinstance(doc, dict) or not isinstance(doc.get("booking"), dict):
        raise InvalidBooking("no booking in the file")
    _check_shapes(doc)
    _check_fields(doc)
    b = doc["booking"]
    offender = b.get("offender") or {}
    sentences_raw = b.get("sentences")
    if not isinstance(sentences_raw, list) or not sentences_raw:
        raise InvalidBooking("the booking has no sentences")
    sentences = [_sentence(i, s) for i, s in enumerate(sentences_raw)]
    adjustments = _adjustments(b)
    movements = _movements(b)
    historical = b.get("historicalTusedData")
    if historical:
        # The latest TUSED recorded before, given to each BOTUS committal (CRDS booking transform).
        tused = _date(historical.get("tused") if isinstance(historical, dict) else None, "historical tused")
        if tused is None:
            raise NotSupported("historical TUSED data without a date")
        if historical.get("historicalTusedSource") not in _HISTORICAL_TUSED_SOURCES:
            # (CRDS HistoricalTusedSource: calculated or overridden, in the service or in NOMIS)
            raise NotSupported("historical TUSED data from a source the service does not know")
        sentences = [replace(x, latest_tused=tused) if x.kind == "BOTUS" else x for x in sentences]
    rtc = _return_to_custody(b, sentences_raw)
    _check_recall_length(b, sentences)
    user = doc.get("userInputs") or {}
    return BookingIn(
        sentences=sentences,
        adjustments=adjustments,
        date_of_birth=_date(offender.get("dateOfBirth"), "dateOfBirth"),
        active_sex_offender=bool(offender.get("isActiveSexOffender")),
        return_to_custody=rtc,
        profile=doc.get("params") or "calculation-params",
        calculate_ersed=bool(user.get("calculateErsed") or b.get("calculateErsed")),
        toggles=frozenset(k for k, v in (doc.get("featureToggles") or {}).items() if v),
        out_of_custody=tuple(_out_periods(movements)),
        movements=tuple(movements),
        previous_calculations=_previous_calculations(doc.get("previousCalculations")),
        use_previous_sled=bool(user.get("usePreviouslyRecordedSLEDIfFound")),
        declared_error=_declared_error(doc),
    )


def _declared_error(doc: dict) -> str | None:
    """The validation error the booking file records the service as giving (``expectedValidationException``,
    or ``error`` for an exception), or None."""
    for key in ("expectedValidationException", "error"):
        v = doc.get(key)
        if v not in (None, "", False):
            return str(v)
    return None


def _check_recall_length(b: dict, sentences: list[SentenceIn]) -> None:
    """The fixed-term recall length recorded with the return to custody must be the one of a recalled
    sentence: otherwise which length applies is not the engine's to choose."""
    ftr = b.get("fixedTermRecallDetails")
    length = ftr.get("recallLength") if isinstance(ftr, dict) else None
    if length in (None, ""):
        return
    if not any(s.recall_type == f"FTR{length}" for s in sentences):
        raise NotSupported(f"a fixed-term recall of {length} days recorded with no sentence recalled for "
                           "that length")


def _previous_calculations(previous: Any) -> tuple:
    """The calculations recorded before this one (HMPPS test file ``previousCalculations``: type, status,
    date made and dates)."""
    if not previous:
        return ()
    if not isinstance(previous, list):
        raise InvalidBooking("previousCalculations is not a list")
    out = []
    for pc in previous:
        if not isinstance(pc, dict):
            raise InvalidBooking("a previous calculation is not an object")
        _unknown(pc, _KNOWN_PREVIOUS, "previous calculation")
        raw = pc.get("dates") or {}
        if not isinstance(raw, dict):
            raise InvalidBooking("a previous calculation's dates are not an object")
        found = tuple((str(k), d) for k, v in raw.items() if (d := _date(v, f"previous {k}")) is not None)
        out.append(PreviousCalculation(str(pc.get("calculationStatus") or ""),
                                       _date(pc.get("calculationDate"), "previous calculationDate"), found,
                                       str(pc.get("calculationType") or "")))
    return tuple(out)
