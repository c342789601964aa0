"""Checks that a booking makes sense before any date is worked out: the engine's counterpart of the HMPPS
*Calculate Release Dates* pre-calculation validators, written for input typed in by hand.

Each check rejects one kind of impossible or inconsistent input with one message that names the sentence or
adjustment as the user entered it and says what to change (:class:`InvalidBooking`), or refuses valid input
the engine does not calculate (:class:`NotSupported`). ``check(booking)`` runs from ``engine.validate``;
``check_against_today`` needs the date of the calculation (dates in the future), so only the casebook,
which has its clock, runs it (``casebook_adapter``); ``check_additional_days_after_release`` needs the
release date, so it runs after a calculation.

Each check cites the HMPPS validation code it mirrors (CRDS ``ValidationCode``) and the law that makes the
input impossible.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta

from casebook.sentencing import rules as R
from casebook.sentencing.durations import Term, add_years, uk_date
from casebook.sentencing.model import AdjustmentIn, BookingIn, InvalidBooking, NotSupported, SentenceIn
from casebook.sentencing.terms import aggregate_days, build_chains, under_months

__all__ = ["adjustment_name", "check", "check_additional_days_after_release", "check_against_today",
           "check_entered", "check_recall_after_expiry", "check_remand_while_serving", "sentence_name"]

# Parameters, each with the law that sets it.
#: An extended sentence's extension period: at least 1 year (imposed from 3 December 2012, LASPO 2012 s.124
#: inserting CJA 2003 s.226A; now Sentencing Act 2020 ss.256, 268, 281) and at most 8 years (the longest,
#: for a specified sexual or terrorism offence). CRDS EDS_LICENCE_TERM_LESS_THAN_ONE_YEAR / _MORE_THAN_EIGHT.
EDS_EXTENSION_MIN_YEARS = 1
EDS_EXTENSION_MAX_YEARS = 8
#: A sentence for offenders of particular concern carries a further licence period of exactly 1 year (CJA
#: 2003 s.236A(2)(b); Sentencing Act 2020 ss.252A, 265, 278). CRDS SOPC_LICENCE_TERM_NOT_12_MONTHS.
SOPC_LICENCE_YEARS = 1
#: Sentences for offenders of particular concern exist from 13 April 2015 (CJCA 2015 s.6 and Sch.1,
#: inserting CJA 2003 s.236A; SI 2015/778). CRDS SOPC18_SOPC21_SENTENCE_TYPE_INCORRECT (type against date).
SOPC_COMMENCEMENT = date(2015, 4, 13)
#: Extended sentences with automatic release at two-thirds were abolished for sentences imposed from 13 April
#: 2015 (CJCA 2015 s.4 amending CJA 2003 s.246A; SI 2015/778). CRDS LASPO_AR_SENTENCE_TYPE_INCORRECT.
EDS_AUTOMATIC_END = date(2015, 4, 13)
#: A detention and training order is for 4 to 24 months (Sentencing Act 2020 s.236(1); before, PCC(S)A
#: 2000 s.101(1)); consecutive orders may total more, one order may not.
DTO_MAX_MONTHS = 24

#: Commencements that apply by the date of the offence (so a missing offence date can decide the dates): CJA
#: 2003 Part 12 (SI 2005/950), the Offender Rehabilitation Act 2014 (SI 2015/40), the Sentencing Act 2020
#: (SI 2020/1236).
OFFENCE_DATE_COMMENCEMENTS = (R.CJA_2003_COMMENCEMENT, R.ORA_COMMENCEMENT, R.SENTENCING_CODE_COMMENCEMENT)

_ADJUSTMENT_NAMES = {
    "REMAND": "remand", "TAGGED_BAIL": "tagged bail", "UAL": "time unlawfully at large",
    "ADA": "additional days awarded", "RADA": "restored additional days",
    "RECALL_REMAND": "recall remand", "RECALL_TAGGED_BAIL": "recall tagged bail",
}
_FIXED_TERM = frozenset({"FTR14", "FTR28", "FTR56"})
_CREDITS = frozenset({"REMAND", "TAGGED_BAIL", "RECALL_REMAND", "RECALL_TAGGED_BAIL"})


def sentence_name(s: SentenceIn) -> str:
    """The sentence as the user knows it: 'sentence 3 (Robbery)', or its label ('sentence 2')."""
    label = s.label.strip()
    short_id = s.ident and len(s.ident) <= 12 and not s.ident.startswith("#")
    if short_id and label and label != f"sentence {s.ident}":
        return f"sentence {s.ident} ({label})"
    if label:
        return label
    return f"sentence {s.ident}" if short_id else "a sentence"


def adjustment_name(a: AdjustmentIn) -> str:
    """The adjustment as entered: 'the remand of 30 days from 1 December 2023 to 30 December 2023'."""
    text = f"the {_ADJUSTMENT_NAMES.get(a.kind, a.kind)} of {a.days} day{'s' if a.days != 1 else ''}"
    if a.from_date and a.to_date:
        text += f" from {uk_date(a.from_date)} to {uk_date(a.to_date)}"
    elif a.from_date:
        text += f" from {uk_date(a.from_date)}"
    elif a.to_date:
        text += f" to {uk_date(a.to_date)}"
    return text


def _ends_before(term: Term, start: date, years: int) -> bool:
    """Does ``term`` beginning on ``start`` end before the same term of ``years`` years would?"""
    return term.end_date(start) < Term(years=years).end_date(start)


def _ends_after(term: Term, start: date, years: int = 0, months: int = 0) -> bool:
    return term.end_date(start) > Term(years=years, months=months).end_date(start)


# ---------------------------------------------------------------------------------------------- sentences
def _check_sentence(s: SentenceIn) -> None:
    if s.term.is_zero:
        # CRDS ZERO_IMPRISONMENT_TERM / SENTENCE_HAS_NO_IMPRISONMENT_TERM.
        name = sentence_name(s)
        raise InvalidBooking(f"{name} has no length: enter its custodial term, e.g. P2Y6M")
    if s.kind in ("EDS", "SOPC") and (s.extension is None or s.extension.is_zero):
        # CRDS SENTENCE_HAS_NO_LICENCE_TERM.
        name = sentence_name(s)
        raise InvalidBooking(f"{name} is an extended sentence with no extension period: enter the extension "
                             "(licence) period as pronounced")
    if s.kind == "EDS":
        _check_eds(s)
    if s.kind == "SOPC":
        _check_sopc(s)
    if s.kind == "DTO":
        _check_dto(s)


def _check_eds(s: SentenceIn) -> None:
    ext = s.extension
    assert ext is not None
    if s.sentenced_at >= R.LASPO_COMMENCEMENT and _ends_before(ext, s.sentenced_at, EDS_EXTENSION_MIN_YEARS):
        name = sentence_name(s)
        raise InvalidBooking(f"{name}: the extension period ({ext}) is under 1 year, the shortest an "
                             "extended sentence can have: check the extension period as pronounced")
    if _ends_after(ext, s.sentenced_at, EDS_EXTENSION_MAX_YEARS):
        name = sentence_name(s)
        raise InvalidBooking(f"{name}: the extension period ({ext}) is over 8 years, the longest an extended "
                             "sentence can have: check the extension period as pronounced")
    if s.eds_automatic and s.sentenced_at >= EDS_AUTOMATIC_END:
        name = sentence_name(s)
        raise InvalidBooking(f"{name}: an extended sentence with automatic release cannot be imposed on or "
                             f"after {uk_date(EDS_AUTOMATIC_END)} ({uk_date(s.sentenced_at)} entered): "
                             "choose the extended determinate sentence (release on the Parole Board's "
                             "direction)")


def _check_sopc(s: SentenceIn) -> None:
    ext = s.extension
    assert ext is not None
    if ext.end_date(s.sentenced_at) != Term(years=SOPC_LICENCE_YEARS).end_date(s.sentenced_at):
        name = sentence_name(s)
        raise InvalidBooking(f"{name}: a sentence for offenders of particular concern has a further licence "
                             f"period of exactly 1 year ({ext} entered): enter P1Y")
    if s.sentenced_at < SOPC_COMMENCEMENT:
        name = sentence_name(s)
        raise InvalidBooking(f"{name}: sentences for offenders of particular concern exist only from "
                             f"{uk_date(SOPC_COMMENCEMENT)} ({uk_date(s.sentenced_at)} entered): check the "
                             "sentence type and date")


def _check_dto(s: SentenceIn) -> None:
    if s.single_term:
        return
    if _ends_after(s.term, s.sentenced_at, months=DTO_MAX_MONTHS):
        name = sentence_name(s)
        raise InvalidBooking(f"{name}: a detention and training order is at most 24 months ({s.term} "
                             "entered); consecutive orders are entered as separate sentences")


# ------------------------------------------------------------------------------------ consecutive links
def _check_consecutive(sentences: list[SentenceIn]) -> None:
    if all(s.consecutive_to is None for s in sentences):
        return
    by_id: dict[str, list[SentenceIn]] = {}
    for s in sentences:
        by_id.setdefault(s.ident, []).append(s)
    for s in sentences:
        target = s.consecutive_to
        if target is None:
            continue
        if target == s.ident and len(by_id.get(target, ())) == 1:
            name = sentence_name(s)
            raise InvalidBooking(f"{name} is entered as consecutive to itself: choose the sentence it "
                                 "follows, or none if it is concurrent")
        others = by_id.get(target)
        if not others:
            # CRDS BROKEN_CONSECUTIVE_CHAINS.
            name = sentence_name(s)
            raise InvalidBooking(f"{name} is consecutive to a sentence that is not recorded (id {target}): "
                                 "enter that sentence, or change what it is consecutive to")
        later = [o for o in others if o.sentenced_at > s.sentenced_at]
        if later and len(others) == 1:
            # CRDS CONSECUTIVE_TO_SENTENCE_IMPOSED_AFTER: a term can only follow one already imposed.
            name = sentence_name(s)
            raise InvalidBooking(f"{name} (sentenced {uk_date(s.sentenced_at)}) is consecutive to "
                                 f"{sentence_name(later[0])}, imposed later "
                                 f"({uk_date(later[0].sentenced_at)}): a sentence can only be consecutive "
                                 "to one passed on or before its date")


    _check_cycles(sentences, by_id)


def _check_cycles(sentences: list[SentenceIn], by_id: dict[str, list[SentenceIn]]) -> None:
    """Sentences each consecutive to the next round a loop never begin (CJA 2003 s.264: a term begins at
    the end of the one it follows)."""
    for s in sentences:
        seen = [s]
        current = s
        while current.consecutive_to is not None and len(by_id.get(current.consecutive_to, ())) == 1:
            current = by_id[current.consecutive_to][0]
            if current is s:
                names = " → ".join(sentence_name(x) for x in seen + [s])
                raise InvalidBooking(f"consecutive sentences form a loop ({names}): one of them must be "
                                     "concurrent or follow a sentence outside the loop")
            if current in seen:
                break
            seen.append(current)


# ----------------------------------------------------------------------------------------------- recalls
def _check_recalls(booking: BookingIn) -> None:
    recalled = [s for s in booking.sentences if s.recall_type]
    fixed = [s for s in recalled if s.recall_type in _FIXED_TERM]
    if fixed and booking.return_to_custody is None:
        # CRDS FTR_NO_RETURN_TO_CUSTODY_DATE.
        raise InvalidBooking(f"{sentence_name(fixed[0])} is a fixed-term recall with no date of return to "
                             "custody: enter the recall date (the day the person was returned to prison)")
    rtc = booking.return_to_custody
    if rtc is not None:
        for s in fixed:
            if s.sentenced_at > rtc:
                # CRDS FTR_RTC_DATE_BEFORE_SENTENCE_DATE.
                name = sentence_name(s)
                raise InvalidBooking(f"{name}: the return to custody ({uk_date(rtc)}) is before "
                                     f"the sentence date ({uk_date(s.sentenced_at)}): check the recall date")
    _check_28_day_recall_length(booking)
    if recalled and any(s.kind == "DTO" for s in booking.sentences):
        # CRDS UNSUPPORTED_CALCULATION_DTO_WITH_RECALL (the service routes these to a manual calculation).
        raise NotSupported("a detention and training order with a recalled sentence")


def _check_28_day_recall_length(booking: BookingIn) -> None:
    """A fixed-term recall is 14 days for a sentence under 12 months, 28 days for 12 months or more (CJA
    2003 s.255B as amended by ORA 2014), a line of consecutive sentences counted as one term. A 28-day recall
    where every line holding a 14/28-day recall is under 12 months is the wrong length (CRDS
    FTR_TYPE_28_DAYS_SENTENCE_LT_12_MONTHS, FTR_TYPE_28_DAYS_AGGREGATE_LT_12_MONTHS)."""
    if not any(s.recall_type == "FTR28" for s in booking.sentences):
        return
    try:
        chains = build_chains(booking)
    except (NotSupported, InvalidBooking):
        return   # (the calculation says why)
    lines = [c for c in chains if any(p.recall_type in ("FTR14", "FTR28") for p in c)]

    def under_12_months(line: list[SentenceIn]) -> bool:
        start = line[0].sentenced_at
        return under_months(aggregate_days(start, [p.term for p in line]), 12, start)
    if lines and all(under_12_months(c) for c in lines):
        s = next(x for x in booking.sentences if x.recall_type == "FTR28")
        what = "sentence is" if all(len(c) == 1 for c in lines) else "line of consecutive sentences is"
        name = sentence_name(s)
        raise InvalidBooking(f"{name} is recorded as a 28-day fixed-term recall, but the {what} "
                             "under 12 months: the recall is for 14 days — change the recall type")


# ------------------------------------------------------------------------------------------- adjustments
def _check_adjustments(booking: BookingIn) -> None:
    for a in booking.adjustments:
        if a.days < 0:
            raise InvalidBooking(f"{adjustment_name(a)}: the number of days cannot be negative")
    _check_restored_days(booking.adjustments)


def _check_remand_overlaps(adjustments: Iterable[AdjustmentIn]) -> None:
    """CRDS REMAND_OVERLAPS_WITH_REMAND: a day on remand is credited once (CJA 2003 s.240ZA(3)-(4)); two
    periods that overlap or share a day are one entered twice."""
    periods = sorted((a for a in adjustments if a.kind == "REMAND" and a.from_date and a.to_date),
                     key=lambda a: (a.from_date, a.to_date))
    for a, b in zip(periods, periods[1:], strict=False):
        assert a.to_date is not None and b.from_date is not None
        if b.from_date <= a.to_date:
            raise InvalidBooking(f"{adjustment_name(a)} and {adjustment_name(b)} overlap: enter each day of "
                                 "remand once")


def _check_restored_days(adjustments: Iterable[AdjustmentIn]) -> None:
    """Restored additional days remit days awarded (Prison Rules 1999 r.61; YOI Rules 2000 r.66): more
    cannot be restored than were awarded."""
    awarded = sum(a.days for a in adjustments if a.kind == "ADA")
    restored = sum(a.days for a in adjustments if a.kind == "RADA")
    if restored > awarded:
        raise InvalidBooking(f"{restored} restored additional days but only {awarded} awarded: check the "
                             "additional days awarded and restored")


def check(booking: BookingIn) -> None:
    """The checks that need only the booking (``engine.validate``)."""
    if not booking.sentences:
        raise InvalidBooking("at least one sentence is needed")
    for s in booking.sentences:
        _check_sentence(s)
    _check_consecutive(booking.sentences)
    _check_recalls(booking)
    _check_adjustments(booking)



# ----------------------------------------------------------------------------- input typed in by hand
def check_entered(booking: BookingIn) -> None:
    """Checks of the record as entered, which HMPPS applies to its source data before building a booking
    (CRDS SentenceValidator, AdjustmentsBeforeCalculationValidator, RemandPeriodsAgainstSentenceDateValidator)
    and not to a booking itself: its own suite holds bookings that fail them and still expects dates, so
    ``engine.validate`` does not apply them; the casebook, where a person types the record, does."""
    for s in booking.sentences:
        name = sentence_name(s)
        if s.offence_date is not None and s.offence_date > s.sentenced_at:
            # CRDS OFFENCE_DATE_AFTER_SENTENCE_START_DATE: no one is sentenced for an offence to come.
            raise InvalidBooking(f"{name}: the offence date ({uk_date(s.offence_date)}) is after the "
                                 f"sentence date ({uk_date(s.sentenced_at)}): enter the date the offence was "
                                 "committed (the first day, where it spans several)")
        if s.offence_end_date is not None and s.offence_end_date > s.sentenced_at:
            # CRDS OFFENCE_DATE_AFTER_SENTENCE_RANGE_DATE.
            raise InvalidBooking(f"{name}: the offence ends ({uk_date(s.offence_end_date)}) after the "
                                 f"sentence date ({uk_date(s.sentenced_at)}): correct the offence dates")
        if s.kind == "EDS" and not s.eds_automatic and s.sentenced_at < R.LASPO_COMMENCEMENT:
            # CRDS EDS18_EDS21_EDSU18 / LASPO_AR type-against-date checks: the extended determinate sentence
            # (release on the Parole Board's direction) exists from 3 December 2012 (LASPO 2012 s.124).
            raise InvalidBooking(f"{name}: an extended determinate sentence can only be imposed from "
                                 f"{uk_date(R.LASPO_COMMENCEMENT)} ({uk_date(s.sentenced_at)} entered): for "
                                 "an earlier extended sentence choose 'Extended sentence, automatic release'")
        if s.kind == "EDS" and s.recall_type in ("FTR14", "FTR28", "FTR56"):
            # CJA 2003 s.255A(2): an extended sentence prisoner is never considered for automatic (fixed-term)
            # release after recall; release is on the Parole Board's direction (s.255C).
            raise InvalidBooking(f"{name}: an extended sentence cannot be recalled for a fixed term "
                                 "(CJA 2003 s.255A(2)): choose 'Standard recall'")
        if s.recall_type and booking.return_to_custody and booking.return_to_custody < s.sentenced_at:
            # (CRDS FTR_RTC_DATE_BEFORE_SENTENCE_DATE for fixed-term recalls; a standard recall as much)
            raise InvalidBooking(f"{name}: the recall date ({uk_date(booking.return_to_custody)}) is before "
                                 f"the sentence date ({uk_date(s.sentenced_at)}): check the recall date")
    _check_pre_pcsc_dto_credit(booking)
    latest_sentence = max((s.sentenced_at for s in booking.sentences), default=None)
    # Additional days postpone the release of the period in custody they were awarded in (CJA 2003 s.257):
    # with more than one sentence date or a recall, the date of the award decides which.
    several = len({s.sentenced_at for s in booking.sentences}) > 1 or any(s.recall_type
                                                                          for s in booking.sentences)
    for a in booking.adjustments:
        name = adjustment_name(a)
        if a.kind in ("ADA", "RADA") and a.from_date is None and several:
            what = "the adjudication hearing" if a.kind == "ADA" else "the days were restored"
            raise InvalidBooking(f"{name} has no date: enter the date of {what} (with more than one "
                                 "sentence or a recall, it decides which release the days postpone)")
        if a.from_date and a.to_date and a.to_date < a.from_date:
            # CRDS ADJUSTMENT_INVALID_DATE_RANGE.
            raise InvalidBooking(f"{name}: the period ends before it begins: check the from and to dates")
        if a.kind in _CREDITS | {"UAL"} and a.from_date and a.to_date:
            span = (a.to_date - a.from_date).days + 1
            if a.days > span:
                # (each day of the period counts once at most: CJA 2003 ss.240ZA, 240A; Prison Act 1952 s.49)
                raise InvalidBooking(f"{name}: {a.days} days cannot be counted for a period of {span} "
                                     f"day{'s' if span != 1 else ''}: check the days and the dates")
            if a.kind in ("TAGGED_BAIL", "RECALL_TAGGED_BAIL") and a.days > math.ceil(span / 2):
                # CJA 2003 s.240A(3): the credit is half the days on a qualifying curfew, rounded up; the
                # days of the curfew themselves entered as the credit would bring the release forward twice
                # as far as the law does.
                raise InvalidBooking(f"{name}: a curfew of {span} days gives at most {math.ceil(span / 2)} "
                                     "days' credit (half, rounded up: CJA 2003 s.240A(3)): enter the credit "
                                     "the court directed, not the days on curfew")
        first_sentence = min(x.sentenced_at for x in booking.sentences)
        if a.kind == "UAL" and (a.to_date or a.from_date) and (a.to_date or a.from_date) < first_sentence:
            # Unlawfully at large is time out of custody while serving (Prison Act 1952 s.49(2)); the
            # engine leaves out a period before the sentence, which is then entered to no effect.
            raise InvalidBooking(f"{name}: the period is before the first sentence "
                                 f"({uk_date(first_sentence)}), so it does not count against these "
                                 "sentences: check the dates, or enter the sentence it was served under")
        # CRDS REMAND_ON_OR_AFTER_SENTENCE_DATE: remand is time in custody before sentence (CJA 2003
        # s.240ZA). The casebook does not link remand to a sentence: remand on or after the latest
        # sentence date is before none of them.
        if (a.kind == "REMAND" and a.from_date and a.to_date and latest_sentence is not None
                and a.to_date >= latest_sentence):
            raise InvalidBooking(f"{name}: remand must end before the sentence date "
                                 f"({uk_date(latest_sentence)}): check the dates")
    _check_remand_overlaps(booking.adjustments)


def _check_pre_pcsc_dto_credit(booking: BookingIn) -> None:
    """CRDS PRE_PCSC_DTO_WITH_ADJUSTMENT: for a detention and training order imposed before 28 June 2022 the
    court allowed for time on remand in fixing the term, and it is not deducted after (PCSCA 2022 made it a
    deduction from that date). Where every sentence is such an order, remand or tagged bail entered cannot
    be credited to any of them."""
    if not booking.sentences or not all(s.kind == "DTO" and s.sentenced_at < R.PCSC_COMMENCEMENT
                                        for s in booking.sentences):
        return
    for a in booking.adjustments:
        if a.kind in ("REMAND", "TAGGED_BAIL") and a.days:
            raise InvalidBooking(f"{adjustment_name(a)}: remand and tagged bail are not deducted from a "
                                 "detention and training order imposed before "
                                 f"{uk_date(R.PCSC_COMMENCEMENT)} (the court allowed for them in the "
                                 "term): remove it")


# ------------------------------------------------------------------------------------ against today
def check_against_today(booking: BookingIn, today: date) -> None:
    """Dates that cannot be after the day of the calculation (the casebook's clock): additional days are
    awarded at a hearing already held, time unlawfully at large has begun, a recall has happened. CRDS
    ADJUSTMENT_FUTURE_DATED_ADA / _RADA / _UAL, FTR_RTC_DATE_IN_FUTURE, REVOCATION_DATE_IN_THE_FUTURE."""
    for a in booking.adjustments:
        if a.kind in ("ADA", "RADA") and a.from_date and a.from_date > today:
            what = "the adjudication hearing" if a.kind == "ADA" else "the days were restored"
            raise InvalidBooking(f"{adjustment_name(a)} is dated in the future: enter the date {what}")
        if a.kind == "UAL":
            when = a.to_date or a.from_date
            if when and when > today:
                raise InvalidBooking(f"{adjustment_name(a)} runs into the future: enter it once the person "
                                     "is back in custody, from the first to the last day unlawfully at "
                                     "large")
    if booking.return_to_custody and booking.return_to_custody > today:
        raise InvalidBooking(f"the recall date ({uk_date(booking.return_to_custody)}) is in the future: "
                             "enter the day the person was returned to custody")
    for s in booking.sentences:
        if s.offence_date is not None and s.offence_date < add_years(today, -100):
            # CRDS OFFENCE_DATE_OVER_OR_UNDER_100_YEARS_AGO
            name = sentence_name(s)
            raise InvalidBooking(f"{name}: the offence date ({uk_date(s.offence_date)}) is more "
                                 "than 100 years ago: check it")
        if s.sentenced_at > today:
            name = sentence_name(s)
            raise InvalidBooking(f"{name}: the sentence date ({uk_date(s.sentenced_at)}) is in "
                                 "the future: check it")


# ---------------------------------------------------------------------------- after the calculation
def check_additional_days_after_release(booking: BookingIn, release: date | None) -> None:
    """CRDS ADJUSTMENT_AFTER_RELEASE_ADA / _RADA: additional days are awarded for an offence against prison
    discipline while serving the sentence (CJA 2003 s.257; Prison Rules 1999 r.55); one dated after the
    release they would postpone was awarded when the person was not serving it. ``release`` is the latest
    release before any additional days; each award in date order moves it on by its days."""
    if release is None:
        return
    dated = sorted((a for a in booking.adjustments if a.kind in ("ADA", "RADA") and a.from_date),
                   key=lambda a: a.from_date)
    for a in dated:
        assert a.from_date is not None
        if a.from_date > release:
            what = "the adjudication hearing" if a.kind == "ADA" else "the days were restored"
            raise InvalidBooking(f"{adjustment_name(a)} is dated after release ({uk_date(release)}): check "
                                 f"the date (that of {what}) and that the days belong to this sentence")
        release += timedelta(days=a.days if a.kind == "ADA" else -a.days)


def check_recall_after_expiry(booking: BookingIn, expiry: date | None) -> None:
    """A recall revokes a licence (CJA 2003 s.254): one after every sentence has expired (``expiry``, the
    latest SLED/SED/LED before the recall is counted) recalls nothing. The dates would only repeat the
    expiry."""
    rtc = booking.return_to_custody
    if rtc is not None and expiry is not None and rtc > expiry:
        names = ", ".join(sentence_name(s) for s in booking.sentences if s.recall_type)
        raise InvalidBooking(f"{names}: the recall date ({uk_date(rtc)}) is after the sentence expired "
                             f"({uk_date(expiry)}): check the recall date and the sentence")


def check_remand_while_serving(booking: BookingIn, served: dict[str, tuple[date, date]]) -> None:
    """A day in custody while serving a sentence is not credited as remand (CJA 2003 s.240ZA(4)); HMPPS
    reports remand that overlaps a sentence's custodial period (CRDS REMAND_OVERLAPS_WITH_SENTENCE, from the
    sentence date to its release before adjustments) yet still calculates. Here the days of remand entered
    must fit in the days of the period not spent serving another sentence: ``served`` is each sentence's
    (sentence date, release) by its identifier."""
    for a in booking.adjustments:
        if a.kind != "REMAND" or a.from_date is None or a.to_date is None:
            continue
        overlaps = [(s, served[s.ident]) for s in booking.sentences
                    if s.ident in served and not s.recall_type
                    and served[s.ident][0] <= a.to_date and a.from_date <= served[s.ident][1]]
        if not overlaps:
            continue
        days = {a.from_date + timedelta(days=i) for i in range((a.to_date - a.from_date).days + 1)}
        for _, (start, end) in overlaps:
            days -= {d for d in days if start <= d <= end}
        if a.days > len(days):
            s, (start, end) = overlaps[0]
            raise InvalidBooking(f"{adjustment_name(a)} overlaps {sentence_name(s)}, served from "
                                 f"{uk_date(start)} until release on {uk_date(end)}: a day serving a "
                                 f"sentence is not credited as remand, which leaves {len(days)} days — check "
                                 "the remand")
