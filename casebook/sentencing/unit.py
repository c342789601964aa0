"""A unit's release and expiry: one sentence, or one line of consecutive sentences, under one regime.

``release_and_expiry`` does the arithmetic only (days to expiry and to release, adjustments, UAL,
additional days); ``unit_dates.compute_unit`` adds the date types and their working. The booking
timeline probes units with the arithmetic alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import NamedTuple

from casebook.sentencing.adjustments import Adjustments, CustodyWindow, net_awarded, unit_adjustments
from casebook.sentencing.model import BookingIn, DateResult, InvalidBooking, NotSupported, SentenceIn
from casebook.sentencing.release_points import ONE, STANDARD, ped_fraction, release_fraction
from casebook.sentencing.terms import aggregate_days, ceil_frac, months_days, plus_days, whole_term

# consecutive detention and training orders: 24 months at most (Sentencing Act 2020 s.236)
DTO_MAX_MONTHS = 24


class ReleasePlan(NamedTuple):
    """How the days to release were counted: one step (days, fraction, days served) per group of terms."""

    fractions: list[Fraction]          # each part's release fraction
    rule_key: str                      # the release rule (rules.RULES key)
    progression: bool                  # a term at a progression-model fraction (UNCONFIRMED)
    total: int                         # days to release before adjustments
    ped_days: int | None               # days to parole eligibility, where a part has one
    ped_rule: str | None
    ped_fraction: Fraction | None
    steps: tuple[tuple[int, Fraction, int], ...]


@dataclass(slots=True)
class Unit:
    parts: list[SentenceIn]
    regime: str = STANDARD
    kind: str = ""                   # SDS, EXTENDED, DTO, AFINE, BOTUS
    sentenced_at: date = date.min
    days: int = 0                    # whole term to expiry (custodial + extension)
    plan: ReleasePlan | None = None
    release_days: int = 0            # to CRD/ARD before adjustments
    ped_days: int | None = None
    rule_key: str = ""
    fractions: list[Fraction] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    dates: dict[str, DateResult] = field(default_factory=dict)
    release: date = date.min         # adjusted release (CRD/ARD) including ADA
    release_no_ada: date = date.min
    expiry: date = date.min
    unadjusted_expiry: date = date.min
    led: date | None = None
    hdced: date | None = None
    ped: date | None = None
    tused: date | None = None
    ersed: date | None = None
    prrd: date | None = None
    immediate: bool = False          # released at once: release with additional days on/before sentence
    before_sentence: bool = False    # ... and strictly before it (not released on the sentence date itself)
    recall: str | None = None
    adj: Adjustments | None = None


def unit_kind(parts: list[SentenceIn]) -> str:
    """A default term consecutive to a standard determinate sentence is served as part of it (release at
    one-half of the default term, CJA 2003 s.258; CRDS consecutive sentence aggregation)."""
    kinds = {p.kind for p in parts}
    if "BOTUS" in kinds and len(kinds) > 1:
        raise NotSupported("breach of top-up supervision (BOTUS) consecutive to other sentences")
    if "DTO" in kinds and len(kinds) > 1:
        raise NotSupported("detention and training orders consecutive to other sentences")
    if "AFINE" in kinds and kinds != {"AFINE"} and kinds != {"SDS", "AFINE"}:
        raise NotSupported("default terms consecutive to sentences other than standard determinate ones")
    if kinds in ({"SDS"}, {"SDS", "AFINE"}):
        return "SDS"
    if len(kinds) == 1 and kinds <= {"AFINE", "DTO", "BOTUS"}:
        return next(iter(kinds))
    return "EXTENDED"


def _recall_of(parts: list[SentenceIn]) -> str | None:
    recalls = {p.recall_type for p in parts}
    if len(recalls) > 1:
        raise NotSupported("consecutive sentences with different recall status")
    return recalls.pop()


def _days_to_expiry(parts: list[SentenceIn], sa: date, kind: str) -> int:
    """Custodial term + any extension period, aggregated for consecutive terms."""
    days = aggregate_days(sa, [whole_term(p) for p in parts])
    if kind == "DTO" and len(parts) > 1:
        days = min(days, months_days(DTO_MAX_MONTHS, sa))
    if days <= 0:
        raise InvalidBooking("a sentence has no length")
    return days


def _ped_days(ps: list[SentenceIn], start: date) -> int:
    """Days to parole eligibility over the parts with a PED: the terms at the first part's fraction, then
    the others counted on from there."""
    first = ped_fraction(ps[0])
    same = [p for p in ps if ped_fraction(p) == first]
    other = [p for p in ps if ped_fraction(p) != first]
    days = ceil_frac(aggregate_days(start, [p.term for p in same]), first)
    if other:
        d2 = aggregate_days(plus_days(start, days - 1), [p.term for p in other])
        days += ceil_frac(d2, ped_fraction(other[0]))
    return days


def release_plan(parts: list[SentenceIn], sa: date, regime: str, kind: str, dto_cap: int,
                 with_ped: bool) -> ReleasePlan:
    """Days to release: parts without a PED grouped by release fraction (in order of first appearance),
    then the parts with a PED (EDS, SOPC) served in full, each group counted on from the notional release
    of the one before (CRDS SentenceCalculationService). A DTO group is not longer than ``dto_cap``."""
    if len(parts) == 1:
        return _single_release_plan(parts[0], sa, regime, kind, dto_cap, with_ped)
    fr = [release_fraction(p, regime) for p in parts]
    groups: dict[Fraction, list[SentenceIn]] = {}
    ped_group: list[SentenceIn] = []
    for p, (f, _) in zip(parts, fr, strict=True):
        if ped_fraction(p) is not None:
            ped_group.append(p)
        else:
            groups.setdefault(f, []).append(p)
    order = [*groups.items(), *([(ONE, ped_group)] if ped_group else [])]
    notional: date | None = None
    total = 0
    ped_days = None
    steps = []
    for f, ps in order:
        start = plus_days(notional, 1) if notional is not None else sa
        d = aggregate_days(start, [p.term for p in ps])
        if kind == "DTO":
            d = min(d, dto_cap)
        if ps is ped_group and with_ped:
            ped_days = total + _ped_days(ps, start)
        k = ceil_frac(d, f)
        steps.append((d, f, k))
        notional = plus_days(start, k - 1)
        total += k
    keys = {k for _, k in fr}
    rule_key = fr[-1][1] if len(keys) == 1 else ("SDS40" if "SDS40" in keys else fr[0][1])
    ped_rule = next((k for (_, k), p in zip(fr, parts, strict=True) if ped_fraction(p) is not None), None)
    return ReleasePlan([f for f, _ in fr], rule_key, "PROGRESSION" in keys, total, ped_days, ped_rule,
                       ped_fraction(ped_group[0]) if ped_group else None, tuple(steps))


def _single_release_plan(p: SentenceIn, sa: date, regime: str, kind: str, dto_cap: int,
                         with_ped: bool) -> ReleasePlan:
    """``release_plan`` for one sentence (most units): its term at its release fraction, or served in
    full where it has a PED."""
    rf, key = release_fraction(p, regime)
    pf = ped_fraction(p)
    d = p.term.length_days(sa)
    if kind == "DTO":
        d = min(d, dto_cap)
    f = rf if pf is None else ONE
    k = ceil_frac(d, f)
    ped_days = ceil_frac(d, pf) if pf is not None and with_ped else None
    return ReleasePlan([rf], key, key == "PROGRESSION", k, ped_days, key if pf is not None else None, pf,
                       ((d, f, k),))


def _ual_counted(u: Unit, adj: Adjustments, in_custody_until: date | None, early_from: date | None,
                 awards: list | tuple = ()) -> int:
    """UAL after release on licence does not move a non-recalled sentence's dates (CRDS: UAL after the CRD
    only applies to a recall). Where a change of release point commenced by tranche (``early_from``),
    before it the old release point was in force: UAL then counts if it began while in custody under it,
    and afterwards release is not before the commencement; still in custody until a progression tranche
    date (``in_custody_until``), UAL before it counts (CRDS timeline). The release it is tested against
    includes the additional days (``awards``: date, net days) awarded in custody by the day the UAL began:
    escaping while serving them is still escaping from custody (CRDS TimelineUalAdjustmentCalculationHandler
    tests the release with the awards so far, ADA before RADA before UAL on one day; Prison Act 1952
    s.49(2))."""
    sa = u.sentenced_at
    unadj_rel = plus_days(sa, u.release_days - 1 - adj.deducted)
    old_rel = None
    if early_from is not None and u.regime != STANDARD and sa < early_from:
        cap = aggregate_days(sa, [whole_term(p) for p in u.parts]) if u.kind == "DTO" else 0
        old_days = release_plan(u.parts, sa, STANDARD, u.kind, cap, with_ped=False).total
        old_rel = plus_days(sa, old_days - 1 - adj.deducted)
        unadj_rel = max(unadj_rel, plus_days(early_from, -1))
    counted = 0
    awarded = 0   # net days awarded in custody so far (never more than the unit's own)
    events = sorted([(d, 0, n) for d, n in awards] + [(d, 1, n) for d, n in adj.ual_items],
                    key=lambda x: (x[0] or date.min, x[1]))
    for start, ual, n in events:
        extra = max(0, min(awarded, adj.awarded))
        if not ual:
            if start is None or start <= plus_days(unadj_rel, counted + extra):
                awarded += n
            continue
        if old_rel is not None and start is not None and start < early_from:
            if start <= plus_days(old_rel, counted + extra):
                counted += n
            continue
        if (start is None or start <= plus_days(unadj_rel, counted + extra)
                or (in_custody_until is not None and start < in_custody_until)):
            counted += n
    return counted


def _awards(booking: BookingIn, adj: Adjustments, window: CustodyWindow | None) -> list:
    """The unit's additional and restored days by the date they apply from (none where it has none)."""
    if adj.awarded <= 0:
        return []
    return [(x.applies_from, x.days if x.kind == "ADA" else -x.days) for x in booking.adjustments
            if x.kind in ("ADA", "RADA") and (x.applies_from is None or window is None
                                               or window.holds(x.applies_from))]


def _expiry(u: Unit, adj: Adjustments, booking: BookingIn) -> date:
    expiry = plus_days(u.unadjusted_expiry, -adj.deducted + adj.ual)
    if u.recall == "STANDARD":
        # A recalled sentence cannot expire while the person is unlawfully at large (CRDS behaviour).
        ual_ends = [x.to_date for x in booking.adjustments if x.kind == "UAL" and x.to_date]
        if ual_ends and max(ual_ends) >= expiry:
            expiry = plus_days(max(ual_ends), 1)
    return max(expiry, u.sentenced_at)


def _set_release(u: Unit, adj: Adjustments, booking: BookingIn) -> None:
    """Release before and after additional days, which never take release past expiry."""
    sa = u.sentenced_at
    u.release_no_ada = plus_days(sa, u.release_days - 1 - adj.deducted + adj.ual)
    if adj.awarded and u.kind == "DTO" and u.recall is None:
        # Additional days awarded after the mid-term (release) date are not added to the order: by then
        # the person was serving another sentence (as the HMPPS suite shows).
        late = net_awarded(booking.adjustments,
                           lambda x: x.applies_from is not None and x.applies_from > u.release_no_ada)
        if late > 0:
            adj = adj.but(awarded=max(0, adj.awarded - late))
    u.release = plus_days(u.release_no_ada, adj.awarded)
    if u.release > u.expiry and adj.awarded > 0 and u.recall is None:
        # Additional days cannot take release past the sentence expiry: the excess is unused (CRDS
        # unusedAdaDays).
        adj = adj.but(awarded=adj.awarded - min(adj.awarded, (u.release - u.expiry).days))
        u.release = plus_days(u.release_no_ada, adj.awarded)
    u.adj = adj
    # Released at once: the release with additional days is not after the sentence date (CRDS
    # SentenceCalculation.isImmediateRelease, every version: the capped adjusted release is the sentence
    # date).
    u.immediate = u.release <= sa
    u.before_sentence = u.release < sa
    # immediate release: not before the sentence date (CRDS SentenceCalculation)
    u.release = max(u.release, sa)


def release_and_expiry(parts: list[SentenceIn], booking: BookingIn, regime: str,
                       window: CustodyWindow | None = None, own_deductions_only: bool = False,
                       in_custody_until: date | None = None, early_from: date | None = None) -> Unit:
    """A unit's release and expiry under ``regime``, with its adjustments (no date types or working)."""
    kind = unit_kind(parts)
    recall = _recall_of(parts)
    sa = min(p.sentenced_at for p in parts)
    adj = unit_adjustments(booking, parts, kind, recall, window, own_deductions_only)
    days = _days_to_expiry(parts, sa, kind)
    plan = release_plan(parts, sa, regime, kind, days, with_ped=recall is None)
    u = Unit(parts=parts, regime=regime, kind=kind, sentenced_at=sa, days=days, plan=plan,
             release_days=plan.total, ped_days=plan.ped_days, rule_key=plan.rule_key,
             fractions=plan.fractions,
             recall=recall, unadjusted_expiry=plus_days(sa, days - 1))
    if recall is None and adj.ual:
        adj = adj.but(ual=_ual_counted(u, adj, in_custody_until, early_from, _awards(booking, adj, window)))
    u.expiry = _expiry(u, adj, booking)
    _set_release(u, adj, booking)
    return u
