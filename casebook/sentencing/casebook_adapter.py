"""From the casebook's stored domain objects to the engine, and our dates beside the prison's.

``calculate_for_client(sentences, adjustments, today)`` takes ``casebook.domain.Sentence`` and
``Adjustment`` objects (read loosely, by attribute) and returns a :class:`ClientCalculation`: the
engine's result or the refusal reason, plus life/IPP milestones. ``compare(computed, prison_dates)``
lines our dates up against the prison's calculation sheet for the UI and letters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from casebook import offences as OFF
from casebook.domain.validate import TERM_LIMIT_TEXT, TERM_LIMITS
from casebook.domain.vocabulary import ADJUSTMENT_KINDS, INDETERMINATE_TYPES
from casebook.sentencing import rules as R
from casebook.sentencing import validation
from casebook.sentencing.durations import Term, parse_iso_term, uk_date
from casebook.sentencing.engine import calculate
from casebook.sentencing.indeterminate import Milestone, indeterminate_milestones
from casebook.sentencing.model import (
    AdjustmentIn,
    BookingIn,
    CalculationResult,
    InvalidBooking,
    NotSupported,
    SentenceIn,
)
from casebook.sentencing.terms import under_months

INDETERMINATE = INDETERMINATE_TYPES  # the one vocabulary (casebook.domain.vocabulary)
# Every determinate sentence type and the engine's kind for it (None: known, not calculated — refused with
# the reason in ``_REFUSED_TYPES``).
_KIND = {"SDS": "SDS", "SDS_PLUS": "SDS", "YOI": "SDS", "EDS": "EDS", "EDS_AUTO": "EDS", "SOPC": "SOPC",
         "DTO": "DTO", "A_FINE": "AFINE", "BOTUS": "BOTUS", "STS": None, "DCR": None}
# Casebook offence flags → the engine's SDS40 exclusion markers.
_EXCLUSION_FLAGS = {"SDS40_EXCLUDED": "EXCLUDED", "SEXUAL": "SEXUAL", "TERRORISM": "TERRORISM",
                    "VIOLENT_4Y": "VIOLENT", "DOMESTIC_ABUSE": "DOMESTIC_ABUSE",
                    "NATIONAL_SECURITY": "NATIONAL_SECURITY"}
#: Flags by which the user records the release regime of a sentence whose offence is not in the catalogue.
REGIME_FLAGS = frozenset({"SDS40_ELIGIBLE", *_EXCLUSION_FLAGS})
#: Sentence types whose release fraction turns on the offence (standard determinate sentences).
_OFFENCE_DECIDES = frozenset({"SDS", "YOI"})
_ADJ = frozenset(ADJUSTMENT_KINDS)
#: Adjustments that apply from their own from date (the others are credited to the sentence).
_DATED_FROM = frozenset({"UAL", "ADA", "RADA"})
#: Sentence types the engine does not calculate, with the reason a practitioner is given.
_REFUSED_TYPES = {
    "STS": ("release from a serious terrorism sentence (Sentencing Act 2020 ss.268A, 282A; CJA 2003 s.247A: "
            "the whole custodial term is served, no release before its end and no parole) is not calculated "
            "here"),
    "DCR": ("release from a discretionary conditional release sentence (CJA 1991 s.35: an offence before "
            "4 April 2005 with a term of 4 years or more, released at the Parole Board's discretion from "
            "one-half and automatically at two-thirds) is not calculated here"),
}


@dataclass
class ClientCalculation:
    result: CalculationResult | None
    refusal: str | None
    milestones: list[Milestone] = field(default_factory=list)
    profile: str = R.DEFAULT_PROFILE
    #: Which release rules were (or were not) applied and why, e.g. the progression model's commencement.
    notes: list[str] = field(default_factory=list)
    #: Per sentence, what its offence means for release (the working of every date names it).
    offence_rules: list[str] = field(default_factory=list)
    #: False where an offence rule rests on an unconfirmed flag.
    offence_confirmed: bool = True
    #: Standard determinate sentences whose release fraction neither the offence nor the user decided.
    undecided: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result is not None


@dataclass(frozen=True)
class DateComparison:
    code: str
    label: str
    ours: date | None
    prisons: date | None
    differs: bool
    working: str
    confirmed: bool = True
    #: Why the two dates might differ (a hint, not a finding), filled in by the release check.
    hint: str = ""

    @property
    def status(self) -> str:
        if self.ours is None and self.prisons is None:
            return ""
        if self.ours is None:
            return "prison only"
        if self.prisons is None:
            return "ours only"
        return "differs" if self.differs else "same"


def _get(obj: Any, name: str, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _term(text: Any, what: str) -> Term:
    if not text:
        raise InvalidBooking(f"{what} is missing: enter it as pronounced, e.g. P2Y6M")
    try:
        term = parse_iso_term(str(text))
    except ValueError as exc:
        raise InvalidBooking(f"{what} is not a period like P4Y6M: {text!r}") from exc
    if any(n > TERM_LIMITS[u] for n, u in zip((term.years, term.months, term.weeks, term.days), "YMWD",
                                              strict=True)):
        raise InvalidBooking(f"{what} {text!r} is out of range: a term is at most {TERM_LIMIT_TEXT}")
    return term


def _whole_days(value: Any) -> int | None:
    """A number of days as a whole number (None where it is not one)."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        return None
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


#: The most days an adjustment can hold (as a casebook's adjustment record, casebook.domain.records).
MAX_ADJUSTMENT_DAYS = 100_000
_YEARS = (1900, 2199)   # the years a record's dates can fall in (beyond them the date arithmetic overflows)
_SENTENCE_DATES = ("sentence_date", "offence_date", "recall_date")
_ADJUSTMENT_DATES = ("from_date", "to_date")


def _tariff_credit(adjustments: list[Any], sentence_date: date) -> int:
    """The days of remand and tagged bail recorded before an indeterminate sentence (undated, or ending
    before its date): the judge takes them off the minimum term (Sentencing Act 2020 s.322(2)(b),
    s.323(2)(c), applying CJA 2003 ss.240ZA, 240A)."""
    total = 0
    for a in adjustments:
        ends = _get(a, "to_date") or _get(a, "from_date")
        days = _whole_days(_get(a, "days"))
        if str(_get(a, "kind") or "").upper() in ("REMAND", "TAGGED_BAIL") and days and (
                ends is None or ends < sentence_date):
            total += days
    return total


def _check_record_types(sentences: list[Any], adjustments: list[Any]) -> None:
    """The records' dates are dates and the offence flags a collection of flags: anything else (a date kept
    as text, a timestamp) is named, never compared with a date."""
    def check(obj: Any, names: tuple[str, ...], what: str) -> None:
        for name in names:
            v = _get(obj, name)
            if v is not None and (not isinstance(v, date) or isinstance(v, datetime)):
                raise InvalidBooking(f"{what}: the {name.replace('_', ' ')} is not a date: {str(v)[:40]!r}")
            if v is not None and not _YEARS[0] <= v.year <= _YEARS[1]:
                raise InvalidBooking(f"{what}: the {name.replace('_', ' ')} {uk_date(v)} is out of range "
                                     f"(years {_YEARS[0]} to {_YEARS[1]})")
    for s in sentences:
        label = _sentence_label(s, _get(s, "id"))
        check(s, _SENTENCE_DATES, label)
        if not isinstance(_get(s, "offence_flags") or [], (list, tuple, set, frozenset)):
            raise InvalidBooking(f"{label}: the offence flags are not a list of flags")
    for a in adjustments:
        check(a, _ADJUSTMENT_DATES, f"adjustment {_get(a, 'id')}")


#: The casebook setting (a ``[[commencement]]`` of resources/rules/sentencing_act_2026.toml) that switches
#: the Sentencing Act 2026 progression model on for the release check.
PROGRESSION_COMMENCEMENT_ID = "sa2026-progression-model"
PROGRESSION_PROFILE = "sds-progression-model-october"


def planned_progression_start() -> date:
    """The progression model's first tranche as HMPPS planned it (the only tranche dates known)."""
    return R.PROFILES[PROGRESSION_PROFILE].progression.tranches[0].commencement


def profile_for(today: date, progression_from: date | None = None) -> str:
    """The rules in force on ``today``: SDS40 from 10 September 2024; the Sentencing Act 2026 progression
    model only where the user has set the date its first tranche came into force (``progression_from``:
    its commencement was not confirmed when the rules were written, so it is never assumed)."""
    if progression_from is not None and today >= progression_from:
        return PROGRESSION_PROFILE
    if today >= R.SDS40.tranches[0].commencement:
        return "calculation-params"
    return "sds-50"


def progression_notes(today: date, progression_from: date | None) -> list[str]:
    """What the release check says about the progression model on ``today``; raises NotSupported where
    the user's commencement date is not the one whose tranche dates are known."""
    planned = planned_progression_start()
    if progression_from is None:
        if today < planned:
            return []
        return [f"The Sentencing Act 2026 progression model (standard determinate sentences released at "
                f"one-third, SDS+ at one-half) is not applied: its commencement is not confirmed (HMPPS "
                f"planned the first tranche for {uk_date(planned)}). If it is in force, enter the date under "
                f"Working days, bank holidays and commencement dates (casebook deadlines commencement "
                f"{PROGRESSION_COMMENCEMENT_ID} DATE): the release dates may then be earlier."]
    if today < progression_from:
        return []
    if progression_from != planned:
        raise NotSupported(
            f"the progression model's tranche dates are known only for a first tranche on {uk_date(planned)} "
            f"(as HMPPS planned it), not for the {uk_date(progression_from)} you entered")
    return [f"The Sentencing Act 2026 progression model is applied from {uk_date(progression_from)}, the "
            "date you entered; its tranche dates are HMPPS's planned ones (UNCONFIRMED)."]


@dataclass
class OffenceReading:
    """What :func:`to_booking` learnt from the sentences' offences."""

    rules: list[str] = field(default_factory=list)
    confirmed: bool = True
    undecided: list[str] = field(default_factory=list)


def _sentence_label(s: Any, sid: Any) -> str:
    offence = str(_get(s, "offence") or "").strip()
    return f"sentence {sid}" + (f" ({offence})" if offence else "")


def offence_regime(s: Any, stype: str, term_text: str, flags: set[str], date_of_birth: date | None,
                   reading: OffenceReading, profile: str = "") -> OFF.ReleaseDecision | None:
    """The release regime the catalogue offence gives a standard determinate sentence (None where the
    offence is not in the catalogue; then the user's flags decide, and with none the sentence is noted as
    undecided)."""
    sid = _get(s, "id")
    oid = _get(s, "offence_id")
    offence = OFF.catalogue().get(oid) if oid else None
    if offence is None:
        if stype in _OFFENCE_DECIDES and not flags & REGIME_FLAGS:
            what = (f"offence id {oid!r} is not in the offence catalogue" if oid else
                    "no offence chosen from the offence catalogue")
            reading.undecided.append(f"{_sentence_label(s, sid)}: {what}")
        return None
    sa = _get(s, "sentence_date")
    age = OFF.age_on(date_of_birth, sa)
    decision = OFF.decide(offence, term=term_text, sentence_date=sa, offence_date=_get(s, "offence_date"),
                          age_at_sentence=age, section250="S250" in flags)
    text = decision.text()
    if stype == "SDS_PLUS" and not decision.sds_plus:
        text += " — but the sentence is recorded as SDS+ (two-thirds): the recorded type is used; check it"
        reading.confirmed = False
    elif stype not in _OFFENCE_DECIDES and stype != "SDS_PLUS":
        return None
    if decision.sds_plus and profile == PROGRESSION_PROFILE:
        text += (" — one-half under the Sentencing Act 2026 progression model, which you have entered as in "
                 "force (UNCONFIRMED)")
    reading.rules.append(f"Sentence {sid}: {text}")
    reading.confirmed = reading.confirmed and decision.confirmed
    return decision


def _cja_1991(p: SentenceIn) -> bool:
    return (p.sentenced_at < R.LASPO_COMMENCEMENT
            and (p.offence_date or p.sentenced_at) < R.CJA_2003_COMMENCEMENT)


def _check_cja_1991_schedule_15(ins: list[SentenceIn], schedule_15: set[str]) -> None:
    """A CJA 1991 long-term prisoner (4 years or more, alone or as one term with others) serving a sentence
    for a Schedule 15 offence is released at the Parole Board's direction from one-half and automatically at
    two-thirds (CJA 2003 Sch.20A para 5): not a conditional release date the engine can give. HMPPS gives a
    CRD there; the casebook, which knows the offence, says so instead."""
    old = [p for p in ins if _cja_1991(p)]
    flagged = [p for p in old if p.ident in schedule_15]
    if not flagged:
        return
    if len(old) > 1 or any(not under_months(p.term.length_days(p.sentenced_at), 48, p.sentenced_at)
                           for p in flagged):
        raise NotSupported("a CJA 1991 sentence of 4 years or more for a Schedule 15 offence (release at the "
                           "Parole Board's direction from one-half, automatic at two-thirds: CJA 2003 "
                           "Sch.20A) — enter the prison's dates")


def _sopc_licence(sid: Any, text: Any) -> Term:
    """A SOPC's further licence period is one year by statute (Sentencing Act 2020 ss.252A, 265, 278; CJA
    2003 s.236A): taken as one year where none is entered, rejected where another is (CRDS
    SOPC_LICENCE_TERM_NOT_12_MONTHS)."""
    if not text:
        return Term(years=1)
    term = _term(text, f"sentence {sid} licence period")
    if term not in (Term(years=1), Term(months=12)):
        raise InvalidBooking(f"sentence {sid}: a SOPC's further licence period is one year (Sentencing Act "
                             f"2020 s.265(2), s.278(2)), not {term}")
    return term


def _check_eds_automatic(sid: Any, sa: date, term: Term) -> None:
    """An EDS is released automatically at two-thirds only where imposed from 3 December 2012 (LASPO 2012)
    to 12 April 2015 with a custodial term under 10 years (CJA 2003 s.246A(2) as enacted; CJCA 2015 s.4
    ended it): any other is a Parole Board release (enter it as an EDS)."""
    if not R.LASPO_COMMENCEMENT <= sa < R.EDS_AUTOMATIC_END:
        raise InvalidBooking(f"sentence {sid}: an EDS with automatic release must be imposed between "
                             f"3 December 2012 and 12 April 2015 (CJA 2003 s.246A as enacted; CJCA 2015 s.4)"
                             " — enter it as an EDS")
    if term.length_days(sa) >= Term(years=10).length_days(sa):
        raise InvalidBooking(f"sentence {sid}: an EDS with a custodial term of 10 years or more is released "
                             "by the Parole Board (CJA 2003 s.246A(2)(a) as enacted) — enter it as an EDS")


#: A casebook credit before sentence, as the engine credits it to a recalled sentence.
_RECALL_KIND = {"REMAND": "RECALL_REMAND", "TAGGED_BAIL": "RECALL_TAGGED_BAIL"}


def _check_recall_credit_overlaps(adj: list[AdjustmentIn]) -> None:
    """A day of remand is credited once (CJA 2003 s.240ZA): remand entered both as remand and as recall
    remand for the same days would count twice towards the recalled sentence."""
    for kind in _RECALL_KIND.values():
        periods = sorted((a.from_date, a.to_date) for a in adj
                         if a.kind == kind and a.from_date and a.to_date)
        for (f1, t1), (f2, t2) in zip(periods, periods[1:], strict=False):
            if f2 <= t1:
                what = ADJUSTMENT_KINDS[kind].lower()
                raise InvalidBooking(f"the {what} from {uk_date(f2)} to {uk_date(t2)} overlaps remand or "
                                     f"tagged bail from {uk_date(f1)} to {uk_date(t1)}: remand before the "
                                     "sentence counts towards it after recall too, so enter each day once")


def to_booking(sentences: Iterable[Any], adjustments: Iterable[Any], today: date, *,
               date_of_birth: date | None = None, reading: OffenceReading | None = None,
               progression_from: date | None = None) -> BookingIn:
    profile = profile_for(today, progression_from)
    ins: list[SentenceIn] = []
    returns = set()
    schedule_15: set[str] = set()   # sentences for a CJA 2003 Schedule 15 offence of the catalogue
    reading = reading if reading is not None else OffenceReading()
    for s in sentences:
        stype = str(_get(s, "sentence_type") or "").upper()
        if stype in INDETERMINATE:
            continue
        if stype in _REFUSED_TYPES:
            raise NotSupported(_REFUSED_TYPES[stype])
        kind = _KIND.get(stype)
        if kind is None:
            raise NotSupported(f"sentence type {stype or '(none)'}")
        sid = _get(s, "id")
        sa = _get(s, "sentence_date")
        if sa is None:
            raise InvalidBooking(f"{_sentence_label(s, sid)} has no sentence date: enter the date it was "
                                 "passed")
        term = _term(_get(s, "custodial_term"), f"sentence {sid} custodial term")
        ext = None
        if kind == "SOPC":
            ext = _sopc_licence(sid, _get(s, "extension_term"))
        elif kind == "EDS":
            ext = _term(_get(s, "extension_term"), f"sentence {sid} extension period")
        if stype == "EDS_AUTO":
            _check_eds_automatic(sid, sa, term)
        flags = {str(f).upper() for f in (_get(s, "offence_flags") or [])}
        exclusions = {v for k, v in _EXCLUSION_FLAGS.items() if k in flags}
        sds_plus = stype == "SDS_PLUS"
        decision = offence_regime(s, stype, str(_get(s, "custodial_term")), flags, date_of_birth, reading,
                                  profile)
        if decision is not None:
            if decision.terrorist:
                raise NotSupported("a terrorist prisoner's sentence (CJA 2003 s.247A: release by the Parole "
                                   "Board from two-thirds) — enter the prison's dates")
            sds_plus = sds_plus or decision.sds_plus
            exclusions |= decision.exclusions
        offence = OFF.catalogue().get(_get(s, "offence_id")) if _get(s, "offence_id") else None
        # SDS+ by type, length and offence were it imposed today (HMPPS's isSDSPlusEligibleSentenceType
        # LengthAndOffence): no HDC (CJA 2003 s.246(4), as HMPPS applies it) and, under the progression
        # model, the old release point, even where imposed before its SDS+ rule (s.18, 6 years, May 2022).
        eligible = sds_plus or (decision is not None and offence is not None and OFF.decide(
            offence, term=str(_get(s, "custodial_term")), sentence_date=max(sa, today),
            offence_date=_get(s, "offence_date"), age_at_sentence=OFF.age_on(date_of_birth, sa),
            section250="S250" in flags).sds_plus)
        if offence is not None and any(f.code.startswith("SCH15") for f in offence.flags):
            schedule_15.add(str(sid))
        recall = _get(s, "recall_type")
        if _get(s, "recall_date") and not recall:
            raise InvalidBooking(f"{_sentence_label(s, sid)} has a recall date but no recall type: choose "
                                 "the recall type (standard, or fixed-term 14, 28 or 56 days), or clear the "
                                 "date")
        if recall and _get(s, "recall_date"):
            returns.add(_get(s, "recall_date"))
        cons = _get(s, "consecutive_to")
        ins.append(SentenceIn(
            kind=kind, sentenced_at=sa, term=term, offence_date=_get(s, "offence_date"), extension=ext,
            ident=str(sid), consecutive_to=str(cons) if cons is not None else None,
            sds_plus=sds_plus, sds_plus_eligible=eligible,
            exclusions=frozenset(exclusions),
            section250="S250" in flags, eds_automatic=stype == "EDS_AUTO",
            recall_type=str(recall).upper() if recall else None,
            label=str(_get(s, "offence") or f"sentence {sid}")))
    if len(returns) > 1:
        raise NotSupported("recalls with different return-to-custody dates")
    _check_cja_1991_schedule_15(ins, schedule_15)
    adj = []
    for a in adjustments:
        kind = str(_get(a, "kind") or "").upper()
        if kind not in _ADJ:
            raise NotSupported(f"adjustment type {kind or '(none)'}")
        days = _whole_days(_get(a, "days"))
        if days is not None and days > MAX_ADJUSTMENT_DAYS:
            raise InvalidBooking(f"adjustment {_get(a, 'id')}: {days:,} days is out of range (at most "
                                 f"{MAX_ADJUSTMENT_DAYS:,})")
        if days is None or days < 0:
            label = ADJUSTMENT_KINDS.get(kind, kind).lower()
            raise InvalidBooking(f"the {label} (adjustment {_get(a, 'id')}) has no valid number of days: "
                                 "enter the days as a whole number, 0 or more")
        if kind in _RECALL_KIND.values() and days and not any(p.recall_type for p in ins):
            # credited to a recalled sentence only (CJA 2003 ss.240ZA, 240A as they apply after recall): with
            # none recorded as recalled it would be credited to nothing
            raise InvalidBooking(f"the {ADJUSTMENT_KINDS[kind].lower()} of {days} days (adjustment "
                                 f"{_get(a, 'id')}) counts only towards a recalled sentence, and none is "
                                 "recorded as recalled: choose the recall type on the sentence recalled, or "
                                 "record the days as remand or tagged bail")
        # The date an adjustment applies from: UAL from its first day, additional days from the hearing.
        applies = _get(a, "from_date") if kind in _DATED_FROM else None
        if kind in ("REMAND", "TAGGED_BAIL", "RECALL_REMAND", "RECALL_TAGGED_BAIL"):
            # Credit applies from the sentence it was served for, the first imposed on or after it ends
            # (CJA 2003 s.240ZA; HMPPS records it so), not from its first day, which is before any sentence
            # and would make the engine treat it as credit for a sentence not in the booking; undated, it
            # applies to the booking.
            ends = _get(a, "to_date") or _get(a, "from_date")
            applies = None if ends is None else min((p.sentenced_at for p in ins if p.sentenced_at >= ends),
                                                    default=None)
        adj.append(AdjustmentIn(kind, days, applies, _get(a, "from_date"), _get(a, "to_date")))
        if kind in _RECALL_KIND and ends is None and days and any(p.recall_type for p in ins) and any(
                not p.recall_type and p.sentenced_at > min(q.sentenced_at for q in ins if q.recall_type)
                for p in ins):
            # Remand for the recalled sentence or for one imposed since: its dates decide (CJA 2003 s.240ZA:
            # credited to the sentence it was served for).
            raise InvalidBooking(f"the {ADJUSTMENT_KINDS[kind].lower()} of {days} days (adjustment "
                                 f"{_get(a, 'id')}) has no dates, and a sentence was imposed after the "
                                 "recalled one: enter the from and to dates, which decide the sentence it "
                                 "counts towards")
        if kind in _RECALL_KIND and any(p.recall_type for p in ins if applies in (None, p.sentenced_at)):
            # Remand before a sentence since recalled still counts as time served as part of it (CJA 2003
            # ss.240ZA, 240A): its expiry and post-recall release keep the credit. The engine, as HMPPS,
            # credits a recalled sentence with recall remand only (HMPPS records that remand as such).
            adj.append(AdjustmentIn(_RECALL_KIND[kind], days, applies, _get(a, "from_date"),
                                    _get(a, "to_date")))
    _check_recall_credit_overlaps(adj)
    # The age at release decides top-up supervision (CJA 2003 s.256AA; Sentencing Act 2020 s.247) and an
    # under-18's unconditional release: the engine takes everyone without a date of birth for an adult.
    return BookingIn(sentences=ins, adjustments=adj, return_to_custody=next(iter(returns), None),
                     profile=profile, date_of_birth=date_of_birth)


def calculate_for_client(sentences: Iterable[Any], adjustments: Iterable[Any],
                         today: date, *,
                         date_of_birth: date | None = None,
                         progression_from: date | None = None) -> ClientCalculation:
    """Our calculation for a client's stored sentences (never raises for a case it cannot do). An IPP/DPP
    licence's termination dates are not here: they are deadline rules (the release service adds them)."""
    if not isinstance(today, date):
        raise TypeError("calculate_for_client needs today= (the services' clock)")
    if progression_from is not None and not isinstance(progression_from, date):
        raise TypeError("calculate_for_client: progression_from= is a date (the casebook's setting) or None")
    sentences = list(sentences)
    adjustments = list(adjustments)
    milestones: list[Milestone] = []
    indet = [s for s in sentences if str(_get(s, "sentence_type") or "").upper() in INDETERMINATE]
    profile = profile_for(today, progression_from)
    reading = OffenceReading()
    notes: list[str] = []

    def done(result, refusal, ms) -> ClientCalculation:
        return ClientCalculation(result, refusal, ms, profile, notes, reading.rules, reading.confirmed,
                                 reading.undecided)

    try:
        _check_record_types(sentences, adjustments)
        if date_of_birth is not None and (not isinstance(date_of_birth, date)
                                          or isinstance(date_of_birth, datetime)
                                          or not _YEARS[0] <= date_of_birth.year <= _YEARS[1]):
            raise InvalidBooking(f"the date of birth is not a date from {_YEARS[0]} to {_YEARS[1]}: "
                                 f"{str(date_of_birth)[:40]!r}")
        for s in indet:
            mt = _get(s, "minimum_term")
            if not mt:
                raise NotSupported("no minimum term recorded for the indeterminate sentence")
            if not isinstance(_get(s, "sentence_date"), date):
                raise InvalidBooking(f"{_sentence_label(s, _get(s, 'id'))} has no sentence date: enter the "
                                     "date it was passed")
            milestones.extend(indeterminate_milestones(
                str(_get(s, "sentence_type")).upper(), _get(s, "sentence_date"), _term(mt, "minimum term"),
                _tariff_credit(adjustments, _get(s, "sentence_date"))))
        if not sentences:
            return done(None, "no sentences recorded", milestones)
        if indet:
            reason = ("indeterminate sentence: release is for the Parole Board after the tariff expires; "
                      "only review milestones are calculated")
            return done(None, reason, sorted(milestones, key=lambda m: m.date))
        if any(str(_get(s, "sentence_type") or "").upper() in _OFFENCE_DECIDES | {"SDS_PLUS"}
               for s in sentences):
            notes.extend(progression_notes(today, progression_from))
        booking = to_booking(sentences, adjustments, today, date_of_birth=date_of_birth, reading=reading,
                             progression_from=progression_from)
        result = _checked_calculation(booking, sentences, adjustments, today, date_of_birth, progression_from)
        notes.extend(_hdc_and_notification(result, sentences))
        return done(result, None, milestones)
    except NotSupported as exc:
        return done(None, str(exc), milestones)
    except InvalidBooking as exc:
        return done(None, f"the sentence details are incomplete or invalid: {exc}", milestones)


def _checked_calculation(booking: BookingIn, sentences: list[Any], adjustments: list[Any], today: date,
                         date_of_birth: date | None, progression_from: date | None) -> CalculationResult:
    """The calculation of a record typed in by hand, with the checks HMPPS applies to its source data
    (``validation.check_entered``), the dates that cannot be after today, additional days dated after the
    release, and a missing offence date where the dates turn on it."""
    validation.check_entered(booking)
    validation.check_against_today(booking, today)
    _check_offence_against_its_act(sentences)
    result = calculate(booking)
    if booking.return_to_custody is not None:
        unrecalled = [replace(s, recall_type=None) for s in booking.sentences]
        try:
            without = calculate(replace(booking, sentences=unrecalled, return_to_custody=None))
        except (NotSupported, InvalidBooking):
            without = None   # (the sentences alone are not calculated: the check cannot be made)
        if without is not None:
            expiries = [without.dates[c].date for c in ("SLED", "SED", "LED") if c in without.dates]
            validation.check_recall_after_expiry(booking, max(expiries, default=None))
    if any(a.kind in ("ADA", "RADA") and a.from_date for a in booking.adjustments):
        without = calculate(replace(booking, adjustments=[a for a in booking.adjustments
                                                          if a.kind not in ("ADA", "RADA")]))
        releases = [without.dates[c].date for c in _RELEASES if c in without.dates]
        validation.check_additional_days_after_release(booking, max(releases, default=None))
    if len({s.sentenced_at for s in booking.sentences}) > 1 and any(
            a.kind == "REMAND" and a.from_date and a.to_date for a in booking.adjustments):
        validation.check_remand_while_serving(booking, _served(booking))
    _check_missing_offence_dates(result, sentences, adjustments, today, date_of_birth, progression_from)
    _check_missing_date_of_birth(result, sentences, adjustments, today, date_of_birth, progression_from)
    return result


def _youth_sentence(s: Any) -> bool:
    """A sentence only someone under 18 at conviction receives: a detention and training order or detention
    under Sentencing Act 2020 s.250."""
    flags = {str(f).upper() for f in (_get(s, "offence_flags") or [])}
    return str(_get(s, "sentence_type") or "").upper() == "DTO" or "S250" in flags


def _check_missing_date_of_birth(result: CalculationResult, sentences: list[Any], adjustments: list[Any],
                                 today: date, date_of_birth: date | None,
                                 progression_from: date | None) -> None:
    """Without a date of birth the engine takes the client for an adult. For a detention and training order
    or s.250 detention the dates may turn on the age at the half-way point or at release (top-up
    supervision: Sentencing Act 2020 s.247, CJA 2003 s.256AA; unconditional release under 18): where someone
    under 18 throughout would have other dates, the date of birth is needed, never assumed."""
    youth = [s for s in sentences if _youth_sentence(s)]
    if date_of_birth is not None or not youth:
        return
    first = min(_get(s, "sentence_date") for s in sentences if _get(s, "sentence_date"))
    young = date(first.year - 15, first.month, 1)   # 15 at the first sentence: under 18 at any such release
    try:
        other = calculate(to_booking(sentences, adjustments, today, date_of_birth=young,
                                     progression_from=progression_from))
    except (NotSupported, InvalidBooking):
        other = None
    if other is None or (other.as_iso_dict(), other.effective_sentence_length) != (
            result.as_iso_dict(), result.effective_sentence_length):
        names = ", ".join(_sentence_label(s, _get(s, "id")) for s in youth)
        raise InvalidBooking(f"{names}: no date of birth recorded, and the release dates depend on the age "
                             "at release (top-up supervision, Sentencing Act 2020 s.247 and CJA 2003 "
                             "s.256AA): enter the client's date of birth")


def _hdc_and_notification(result: CalculationResult, sentences: list[Any]) -> list[str]:
    """No home detention curfew for a prisoner subject to the notification requirements of the Sexual
    Offences Act 2003 Part 2 (CJA 2003 s.246(4)), which a custodial sentence for a sexual offence almost
    always brings (SOA 2003 s.80, Sch.3). The casebook does not record notification, so for a sexual offence
    of the catalogue the HDCED is not given as a date; the note says what it would be without it."""
    if "HDCED" not in result.dates:
        return []
    sexual = [s for s in sentences if _get(s, "offence_id") and (offence := OFF.catalogue().get(
        _get(s, "offence_id"))) is not None and any(f.code == "SCH15_P2" or f.category == "SEXUAL"
                                                    for f in offence.flags)]
    if not sexual:
        return []
    hdced = result.dates.pop("HDCED").date
    names = ", ".join(_sentence_label(s, _get(s, "id")) for s in sexual)
    return [f"No home detention curfew eligibility date is given: {names} is for a sexual offence, and a "
            "prisoner subject to the notification requirements of the Sexual Offences Act 2003 (Part 2) "
            "cannot be released on home detention curfew (CJA 2003 s.246(4)). If the client is not subject "
            f"to them, the HDCED would be {uk_date(hdced)}."]


def _served(booking: BookingIn) -> dict[str, tuple[date, date]]:
    """Each sentence's custodial period on its own, from its date to its release before any adjustment
    (the shortest it can be: a line of consecutive sentences runs on)."""
    served = {}
    for s in booking.sentences:
        alone = replace(s, consecutive_to=None, recall_type=None)
        try:
            dates = calculate(replace(booking, sentences=[alone], adjustments=[],
                                      return_to_custody=None)).dates
        except (NotSupported, InvalidBooking):
            continue
        releases = [dates[c].date for c in _RELEASES if c in dates]
        if releases:
            served[s.ident] = (s.sentenced_at, min(releases))
    return served


def _check_offence_against_its_act(sentences: list[Any]) -> None:
    """The catalogue offence must be the one in force on the offence date. The Sentencing Act 2020 came into
    force on 1 December 2020 (SI 2020/1236): an offence under it cannot be earlier (CRDS
    SE2020_INVALID_OFFENCE_DETAIL), and a restraining order breached from then is breached under its s.363,
    not the Protection from Harassment Act 1997 s.5 (CRDS INCORRECT_OFFENCE_BREACH_97). The two breaches are
    excluded from SDS40 from different dates, so the wrong one gives a wrong release."""
    for s in sentences:
        oid, when = _get(s, "offence_id"), _get(s, "offence_date")
        offence = OFF.catalogue().get(oid) if oid else None
        if offence is None or when is None:
            continue
        label = _sentence_label(s, _get(s, "id"))
        if offence.statute == "Sentencing Act 2020" and when < R.SENTENCING_CODE_COMMENCEMENT:
            raise InvalidBooking(f"{label}: {offence.short} applies only to offences from "
                                 f"{uk_date(R.SENTENCING_CODE_COMMENCEMENT)} ({uk_date(when)} entered): "
                                 "change the offence date or choose the offence under the earlier Act")
        if oid == _PHA_BREACH and when >= R.SENTENCING_CODE_COMMENCEMENT:
            raise InvalidBooking(f"{label}: a restraining order breached on or after "
                                 f"{uk_date(R.SENTENCING_CODE_COMMENCEMENT)} is breached under the "
                                 "Sentencing Act 2020 s.363: choose 'Breach of a restraining order "
                                 "(Sentencing Code)'")


_PHA_BREACH = "pha1997-s5"
#: The release dates additional days postpone.
_RELEASES = ("CRD", "ARD", "PRRD", "MTD")


class _OffenceDated:
    """A stored sentence read with another offence date (``_get`` reads it by attribute)."""

    def __init__(self, sentence: Any, offence_date: date):
        self._sentence = sentence
        self.offence_date = offence_date

    def __getattr__(self, name: str):
        return _get(self._sentence, name)


def _check_missing_offence_dates(result: CalculationResult, sentences: list[Any], adjustments: list[Any],
                                 today: date, date_of_birth: date | None,
                                 progression_from: date | None) -> None:
    """A sentence with no offence date is calculated as if the offence were on the sentence date. Where an
    offence before a commencement that turns on the offence date (CJA 2003 Part 12, 4 April 2005; the
    Offender Rehabilitation Act 2014, 1 February 2015; the Sentencing Act 2020, 1 December 2020) would give
    other dates, the offence date is needed (HMPPS rejects every sentence without one: CRDS
    OFFENCE_MISSING_DATE)."""
    undated = [s for s in sentences if _get(s, "offence_date") is None
               and str(_get(s, "sentence_type") or "").upper() not in INDETERMINATE]
    if not undated:
        return
    for commencement in sorted(validation.OFFENCE_DATE_COMMENCEMENTS, reverse=True):
        before = commencement - timedelta(days=1)
        if not any(_get(s, "sentence_date") and _get(s, "sentence_date") > before for s in undated):
            continue
        variant = [_OffenceDated(s, min(before, _get(s, "sentence_date"))) if s in undated else s
                   for s in sentences]
        try:
            other = calculate(to_booking(variant, adjustments, today, date_of_birth=date_of_birth,
                                         progression_from=progression_from))
        except (NotSupported, InvalidBooking):
            other = None
        if other is None or (other.as_iso_dict(), other.effective_sentence_length) != (
                result.as_iso_dict(), result.effective_sentence_length):
            names = ", ".join(_sentence_label(s, _get(s, "id")) for s in undated)
            raise InvalidBooking(f"{names}: no offence date, and the release dates depend on whether the "
                                 f"offence was committed before {uk_date(commencement)}: enter the offence "
                                 "date (the first day, where it spans several)")


ORDER = ("TED", "PED", "HDCED", "CRD", "ARD", "PRRD", "ERSED", "MTD", "ETD", "LTD", "SLED", "SED", "LED",
         "TUSED", "ESED", "APD")
LABELS = {
    "SED": "Sentence expiry date", "LED": "Licence expiry date", "SLED": "Sentence and licence expiry date",
    "CRD": "Conditional release date", "ARD": "Automatic release date", "PED": "Parole eligibility date",
    "HDCED": "Home detention curfew eligibility date", "TUSED": "Top-up supervision expiry date",
    "PRRD": "Post-recall release date", "ERSED": "Early removal scheme eligibility date",
    "ESED": "Effective sentence end date", "MTD": "Mid-term date", "ETD": "Early transfer date",
    "LTD": "Late transfer date", "TED": "Tariff expiry date", "APD": "Approved parole date",
}


def compare(computed: ClientCalculation | CalculationResult | None,
            prison_dates: dict[str, date] | None) -> list[DateComparison]:
    """Our dates beside the prison's, one row per date code on either side, in sentence order.

    ``differs`` is true only where both sides have the date and they disagree; a date on one side only
    is shown with its status ("ours only" / "prison only")."""
    prison_dates = {str(k).upper(): v for k, v in (prison_dates or {}).items() if v is not None}
    ours: dict[str, tuple[date, str, bool]] = {}
    result = computed.result if isinstance(computed, ClientCalculation) else computed
    if result is not None:
        for code, r in result.dates.items():
            ours[code] = (r.date, r.working.arithmetic, r.working.confirmed)
    if isinstance(computed, ClientCalculation):
        for m in computed.milestones:
            if m.code == "TED":
                ours["TED"] = (m.date, m.arithmetic, m.confirmed)
    if isinstance(computed, ClientCalculation) and result is not None:
        rule = offence_rule_text(computed)
        if rule:
            # a fraction neither the offence nor the user decided is not a confirmed date
            settled = computed.offence_confirmed and not computed.undecided
            ours = {code: (d, f"{arith}. {rule}" if arith else rule, conf and settled)
                    for code, (d, arith, conf) in ours.items() if code != "TED"} | (
                       {"TED": ours["TED"]} if "TED" in ours else {})
    if "SLED" in ours:
        # The prison's sheet may give the sentence expiry (SED) or the licence expiry (LED) of a sentence
        # whose sentence and licence end together: both are our SLED (CJA 2003 s.249: the licence remains
        # in force until the end of the sentence). They were shown as "prison only" beside our SLED as
        # "ours only", compared with nothing.
        sled, arith, conf = ours["SLED"]
        for code in ("SED", "LED"):
            if code in prison_dates and code not in ours:
                ours[code] = (sled, f"the sentence and the licence both end on the SLED, {uk_date(sled)}: "
                                    f"{arith}", conf)
    codes = sorted(set(ours) | set(prison_dates),
                   key=lambda c: (ORDER.index(c) if c in ORDER else len(ORDER), c))
    rows = []
    for code in codes:
        o = ours.get(code)
        p = prison_dates.get(code)
        rows.append(DateComparison(
            code=code, label=LABELS.get(code, code), ours=o[0] if o else None, prisons=p,
            differs=bool(o and p and o[0] != p), working=o[1] if o else "",
            confirmed=o[2] if o else True))
    return rows


UNDECIDED = ("The release fraction could not be decided from the offence ({what}): choose the offence from "
             "the catalogue, or record the release regime (40%, excluded from 40%, or SDS+).")


def offence_rule_parts(calc: ClientCalculation) -> list[str]:
    """The offence rules behind a calculation, then its notes and any undecided sentence, one a part, each
    ending as a sentence does (so joined they read "… → two-thirds (SDS+). The Sentencing Act 2026 …")."""
    parts = [f"Offence rule — {r}" for r in calc.offence_rules]
    parts.extend(calc.notes)
    if calc.undecided:
        parts.append(UNDECIDED.format(what="; ".join(calc.undecided)))
    return [p if p.endswith((".", "!", "?")) else p + "." for p in parts]


def offence_rule_text(calc: ClientCalculation) -> str:
    """The offence rules behind a calculation, for each date's working ('' where there are none): each
    part a sentence of its own ("… → two-thirds (SDS+). The Sentencing Act 2026 …")."""
    return " ".join(offence_rule_parts(calc))


def describe(row: DateComparison) -> str:
    """One line for letters: 'CRD: prison 1 May 2026, ours 3 May 2026 — differs'."""
    p = uk_date(row.prisons) if row.prisons else "—"
    o = uk_date(row.ours) if row.ours else "—"
    return f"{row.label} ({row.code}): prison {p}, ours {o}" + (" — differs" if row.differs else "")
