"""Terms and chains: how long a sentence, or a line of consecutive sentences, is in days.

* ``aggregate_days``: consecutive terms counted as PSI 03/2015 para 5.5 says (runs of months/years and
  of weeks/days, each run counted on from the end of the previous one);
* ``build_chains``: consecutive sentences grouped into lines from a first sentence to a last (CJA 2003
  s.264), each line computed as one *unit*;
* ``single_term``: concurrent or overlapping short CJA 1991 terms treated as one (CJA 1991 s.51(2)).
"""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction

from casebook.sentencing import rules as R
from casebook.sentencing.durations import Term, add_months
from casebook.sentencing.model import BookingIn, InvalidBooking, NotSupported, SentenceIn

MAX_LINES = 64   # lines of consecutive sentences in one booking (more is refused, not guessed)


_fromordinal = date.fromordinal


def plus_days(day: date, n: int) -> date:
    return _fromordinal(day.toordinal() + n)


def ceil_frac(days: int, frac: Fraction) -> int:
    """ceil(days × frac) in exact integer arithmetic (release days are rounded up, PSI 03/2015)."""
    return -((-days * frac.numerator) // frac.denominator)


def offence_day(p: SentenceIn) -> date:
    """The offence date, or the sentence date where none is recorded."""
    return p.offence_date or p.sentenced_at


_MONTHS: dict[int, Term] = {}
_YEARS: dict[int, Term] = {}


def months_days(months: int, start: date) -> int:
    """Days in ``months`` calendar months from ``start`` (inclusive)."""
    t = _MONTHS.get(months)
    if t is None:
        t = _MONTHS[months] = Term(months=months)
    return t.length_days(start)


def years_days(years: int, start: date) -> int:
    """Days in ``years`` years from ``start`` (inclusive)."""
    t = _YEARS.get(years)
    if t is None:
        t = _YEARS[years] = Term(years=years)
    return t.length_days(start)


def under_months(days: int, months: int, start: date) -> bool:
    """True if ``days`` from ``start`` are fewer than ``months`` calendar months."""
    return days < months_days(months, start)


def whole_term(p: SentenceIn) -> Term:
    """The custodial term and any extension period."""
    return p.term if p.extension is None else p.term + p.extension


def aggregate_days(start: date, terms: list[Term]) -> int:
    """Days in consecutive terms: runs of month/year parts and of week/day parts are added together
    and each run is counted on from the end of the previous one (PSI 03/2015 para 5.5; CRDS
    DurationAggregator)."""
    if len(terms) == 1:
        return terms[0].length_days(start)
    d = start
    for r in consecutive_runs(terms):
        d = plus_days(d, r.length_days(d))
    return (d - start).days


def consecutive_runs(terms: list[Term]) -> list[Term]:
    """The runs ``aggregate_days`` counts: each term's years-and-months part, then its weeks-and-days part,
    added to the run before while the kind of part is the same, else starting a new run (PSI 03/2015
    para 5.5)."""
    runs: list[Term] = []
    working: Term | None = None
    working_months = False
    for t in terms:
        for months_part, part in ((True, Term(t.years, t.months, 0, 0)),
                                  (False, Term(0, 0, t.weeks, t.days))):
            if part.is_zero:
                continue
            if working is None:
                working, working_months = part, months_part
            elif working_months == months_part:
                working = working + part
            else:
                runs.append(working)
                working, working_months = part, months_part
    if working is not None:
        runs.append(working)
    return runs


def _check_shared_identifiers(booking: BookingIn) -> None:
    ids = [s.ident for s in booking.sentences if s.ident]
    for i in {i for i in ids if ids.count(i) > 1}:
        if any(s.consecutive_to == i for s in booking.sentences):
            same = {(s.kind, s.sentenced_at, s.term, s.extension, s.recall_type, s.consecutive_to)
                    for s in booking.sentences if s.ident == i}
            if len(same) > 1:
                raise NotSupported("a sentence consecutive to an identifier shared by two different "
                                   "sentences")


def _links(booking: BookingIn) -> tuple[dict[str, SentenceIn], dict[str, list[SentenceIn]]]:
    """Each identifier's sentence (identical sentences sharing one: the first carries the chain), and the
    sentences consecutive to each."""
    by_id: dict[str, SentenceIn] = {}
    for s in booking.sentences:
        if s.ident and s.ident not in by_id:
            by_id[s.ident] = s
    children: dict[str, list[SentenceIn]] = {}
    for s in booking.sentences:
        if s.consecutive_to:
            if s.consecutive_to not in by_id:
                raise InvalidBooking("a sentence is consecutive to a sentence that is not in the booking")
            children.setdefault(s.consecutive_to, []).append(s)
    return by_id, children


def build_chains(booking: BookingIn) -> list[list[SentenceIn]]:
    """Two or more sentences consecutive to the same sentence are each consecutive to it and concurrent
    with one another: one chain per path from a first sentence to a last (CJA 2003 s.264; PSI 03/2015)."""
    _check_shared_identifiers(booking)
    by_id, children = _links(booking)
    chains = []
    reached: set[int] = set()
    for s in booking.sentences:
        if s.consecutive_to:
            continue
        stack = [[s]]
        while stack:
            chain = stack.pop()
            last = chain[-1]
            reached.add(id(last))
            nxt = children.get(last.ident, []) if last.ident and by_id.get(last.ident) is last else []
            if not nxt:
                chains.append(chain)
                continue
            if len(chains) + len(stack) > MAX_LINES:
                raise NotSupported(f"more than {MAX_LINES} lines of consecutive sentences")
            for n in reversed(nxt):
                if any(n is c for c in chain):
                    raise InvalidBooking("consecutive sentences form a loop")
                stack.append([*chain, n])
    if len(reached) != len(booking.sentences):
        raise InvalidBooking("consecutive sentences form a loop")
    return chains


def _cja_1991(p: SentenceIn) -> bool:
    """A standard determinate sentence for an offence before 4 April 2005 imposed before 3 December 2012,
    not recalled."""
    return (p.kind == "SDS" and not p.recall_type and p.sentenced_at < R.LASPO_COMMENCEMENT
            and offence_day(p) < R.CJA_2003_COMMENCEMENT)


def _short_cja_1991(p: SentenceIn) -> bool:
    """Under 12 months, offence before 4 April 2005, sentenced before 3 December 2012, not recalled."""
    return (p.kind == "SDS" and not p.recall_type and p.sentenced_at < R.LASPO_COMMENCEMENT
            and offence_day(p) < R.CJA_2003_COMMENCEMENT
            and under_months(p.term.length_days(p.sentenced_at), 12, p.sentenced_at))


def _dto_single_term(dtos: list[SentenceIn]) -> list[list[SentenceIn]]:
    """Sentencing Act 2020 s.238 (formerly PCC(S)A 2000 s.101(13)): detention and training orders that are
    wholly or partly concurrent are treated as a single term, from the first order's date to the later
    expiry, 24 months at most (s.237; formerly s.101(4)-(5)). As HMPPS counts it (CRDS
    DtoSingleTermSentence): the longest order of the earliest date and the longest of the latest date give
    the end; capped at 2 years from the first date. Where an order of a date between them would end later,
    or the later order begins after the earlier one ended, the single term is not settled: refused."""
    start = min(p.sentenced_at for p in dtos)
    last = max(p.sentenced_at for p in dtos)
    if start < R.PCSC_COMMENCEMENT <= last:
        # HMPPS credits remand to the single term as after 28 June 2022 unless every order was before it
        raise NotSupported("concurrent detention and training orders either side of 28 June 2022 (single "
                           "term's remand credit not settled)")

    def longest(day: date) -> SentenceIn:
        return max((p for p in dtos if p.sentenced_at == day), key=lambda p: p.term.length_days(day))
    first, latest = longest(start), longest(last)
    end = max(first.term.end_date(start), latest.term.end_date(last))
    if any(p.term.end_date(p.sentenced_at) > end for p in dtos):
        raise NotSupported("concurrent detention and training orders where an order of an intermediate date "
                           "ends last (single term under Sentencing Act 2020 s.238 not settled)")
    if last > plus_days(first.term.end_date(start), 1):
        raise NotSupported("a detention and training order imposed after an earlier order had ended "
                           "(single term under Sentencing Act 2020 s.238 not settled)")
    released = max(_half_way(p.sentenced_at, p.term.end_date(p.sentenced_at))
                   for p in dtos if p.sentenced_at < last)
    if last > released:
        # Imposed during the supervision part of the earlier orders (after their half-way point): the
        # Sentencing Act 2020 s.239 rules for an offender subject to a DTO, HMPPS's single term (CRDS
        # DtoSingleTermSentence) and its booking timeline (a release starts a new period) differ; the suite
        # shows later orders imposed before the earlier release only.
        raise NotSupported("a detention and training order imposed after release from an earlier order "
                           "(single term under Sentencing Act 2020 s.238 not settled)")
    cap = add_months(start, 24)
    days = (cap - start).days if end > cap else (end - start).days + 1
    single = SentenceIn(kind="DTO", sentenced_at=start, term=Term(days=days),
                        offence_date=min(offence_day(p) for p in dtos), ident=first.ident,
                        label="single term of " + ", ".join(p.label for p in dtos), single_term=True)
    return [[single]]


def _half_way(sa: date, end: date) -> date:
    """The unadjusted half-way (automatic release) date of a short CJA 1991 term from ``sa`` to ``end``."""
    return plus_days(sa, math.ceil(((end - sa).days + 1) / 2) - 1)


def single_term(chains: list[list[SentenceIn]], released_on: tuple[date, ...] = (),
                deducted: int = 0) -> list[list[SentenceIn]]:
    """CJA 1991 s.51(2): concurrent or overlapping terms (offences before 4 April 2005, sentenced before
    3 December 2012) are treated as a single term from the first sentence date to the last expiry (PSI
    03/2015 example 32; CRDS SingleTermSentence, which joins concurrent CJA 1991 terms of different dates of
    any length). Concurrent detention and training orders imposed on different dates likewise
    (``_dto_single_term``). ``deducted``: the remand and tagged bail recorded, which may bring a release
    forward (a term imposed after it is not joined by HMPPS's booking timeline)."""
    if (len(chains) >= 2 and all(len(c) == 1 and c[0].kind == "DTO" and not c[0].recall_type for c in chains)
            and len({c[0].sentenced_at for c in chains}) > 1):
        return _dto_single_term([c[0] for c in chains])
    hmpps_single = (len(chains) >= 2 and all(len(c) == 1 and _cja_1991(c[0]) for c in chains)
                    and len({c[0].sentenced_at for c in chains}) > 1)
    all_short = len(chains) >= 2 and all(len(c) == 1 and _short_cja_1991(c[0]) for c in chains)
    if not (hmpps_single or all_short):
        return chains
    old = [c[0] for c in chains]
    start = min(p.sentenced_at for p in old)
    ends = sorted((p.sentenced_at, p.term.end_date(p.sentenced_at)) for p in old)
    end = ends[0][1]
    released = _half_way(*ends[0])
    for sa, e in ends[1:]:
        if sa > plus_days(end, 1):
            if hmpps_single:
                raise NotSupported("a CJA 1991 sentence imposed after release from an earlier one (single "
                                   "term under CJA 1991 s.51(2) not settled)")
            return chains   # not one period: leave to the timeline
        if (sa > plus_days(released, -deducted)
                or any(sa_out and start < sa_out <= sa for sa_out in released_on)):
            # Imposed while the earlier terms were still running but after the person was released from them
            # (their half-way point, or a release recorded before it, e.g. on HDC): s.51(2) joins "partly
            # concurrent" terms, HMPPS joins any concurrent CJA 1991 terms of different dates, and the booking
            # timeline starts a new period after a release: which applies is not settled. (With remand or
            # tagged bail the release may have come that much earlier.)
            raise NotSupported("a CJA 1991 sentence imposed after release from an earlier one still running "
                               "(single term under CJA 1991 s.51(2) not settled)")
        end = max(end, e)
        released = max(released, _half_way(sa, e))
    if len(old) > 2:
        # HMPPS counts the single term from the first two sentences only (in booking order, or in the order
        # its timeline takes them, by sentence date): refused where that differs.
        for a, b in (old[:2], sorted(old, key=lambda p: p.sentenced_at)[:2]):
            if (min(a.sentenced_at, b.sentenced_at) != start
                    or max(a.term.end_date(a.sentenced_at), b.term.end_date(b.sentenced_at)) != end):
                raise NotSupported("three or more concurrent CJA 1991 sentences whose single term is not "
                                   "settled")
    if not all_short and end >= R.SDS40.tranches[0].commencement:
        # HMPPS releases a single term at one-half whatever SDS40 says (CRDS: a SingleTermSentence is not a
        # standard determinate sentence for the SDS40 track); not settled here.
        raise NotSupported("a single term of concurrent CJA 1991 sentences running to SDS40's commencement")
    first = min(old, key=lambda p: p.sentenced_at)
    single = SentenceIn(kind="SDS", sentenced_at=start, term=Term(days=(end - start).days + 1),
                        offence_date=min(offence_day(p) for p in old), ident=first.ident,
                        label="single term of " + ", ".join(p.label for p in old), single_term=True)
    return [[single]]
