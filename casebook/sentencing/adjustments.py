"""Adjustments: which recorded days count towards a sentence, and how.

Remand and tagged bail are deducted (CJA 2003 ss.240ZA, 240A), recall remand and recall tagged bail for a
recalled sentence only; time unlawfully at large is added (Prison Act 1952 s.49(2)); additional days
awarded are added and restored days taken off (CJA 2003 s.257). Where the booking timeline splits the
booking into periods in custody, each sentence has only the adjustments recorded in its own period
(:class:`CustodyWindow`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from casebook.sentencing import rules as R
from casebook.sentencing.model import AdjustmentIn, BookingIn, InvalidBooking, NotSupported, SentenceIn

DEDUCTIONS = ("REMAND", "TAGGED_BAIL")
RECALL_DEDUCTIONS = ("RECALL_REMAND", "RECALL_TAGGED_BAIL")


@dataclass(frozen=True, slots=True)
class CustodyWindow:
    """One period in custody on the booking timeline: the adjustments recorded from ``start`` (inclusive)
    to ``end`` (exclusive) belong to it (``None``: open-ended), and ``ada_served`` additional days were
    already served before the sentence was imposed (CRDS BookingTimelineService)."""

    start: date | None = None
    end: date | None = None
    ada_served: int = 0

    def holds(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day < self.end)


@dataclass(slots=True)
class Adjustments:
    deducted: int = 0      # remand + tagged bail (+ recall remand / recall tagged bail)
    ual: int = 0
    awarded: int = 0       # ADA - RADA
    ual_items: list = field(default_factory=list)   # (start date or None, days)

    def text(self) -> str:
        bits = []
        if self.deducted:
            bits.append(f"− {self.deducted} days remand/tagged bail")
        if self.ual:
            bits.append(f"+ {self.ual} days unlawfully at large")
        return " ".join(bits)

    def with_awarded_text(self) -> str:
        t = self.text()
        if self.awarded:
            t = (t + " " if t else "") + f"{self.awarded:+d} days ADA (net of RADA)"
        return t

    def but(self, *, deducted: int | None = None, ual: int | None = None,
            awarded: int | None = None) -> Adjustments:
        """A copy with some totals replaced."""
        return Adjustments(self.deducted if deducted is None else deducted, self.ual if ual is None else ual,
                           self.awarded if awarded is None else awarded, self.ual_items)


def net_awarded(adjustments: list[AdjustmentIn], when=lambda a: True) -> int:
    """Additional days awarded less restored days, over the adjustments for which ``when`` holds."""
    return sum(a.days if a.kind == "ADA" else -a.days for a in adjustments
               if a.kind in ("ADA", "RADA") and when(a))


def _later_credit_counts(booking: BookingIn, x: AdjustmentIn, recall: bool, own_deductions_only: bool,
                         deduct_until: date | None, window: CustodyWindow | None) -> bool:
    """Credit recorded for a later sentence counts here only where that sentence was imposed in the same
    period in custody, whose sentences share their credit (CRDS booking timeline)."""
    if not (recall or own_deductions_only) or deduct_until is None or x.applies_from is None \
            or x.applies_from <= deduct_until:
        return True
    if own_deductions_only:
        return False
    return any(s.recall_type and x.applies_from <= s.sentenced_at
               and (window is None or window.holds(s.sentenced_at)) for s in booking.sentences)


def booking_adjustments(booking: BookingIn, recall: bool = False, sentenced_at: date | None = None,
                        unit_start: date | None = None, deduct_until: date | None = None,
                        window: CustodyWindow | None = None,
                        own_deductions_only: bool = False) -> Adjustments:
    """Remand and tagged bail count towards a sentence; recall remand and recall tagged bail towards a
    recalled sentence only (CJA 2003 ss.240ZA, 240A; CRDS SentenceCalculation)."""
    a = Adjustments()
    deduct = RECALL_DEDUCTIONS if recall else DEDUCTIONS
    sentence_dates = {s.sentenced_at for s in booking.sentences}
    for x in booking.adjustments:
        if x.days < 0:
            raise InvalidBooking("an adjustment has a negative number of days")
        if sentenced_at is not None and x.applies_from is not None and x.applies_from < sentenced_at:
            continue   # recorded against an earlier sentence (CRDS: adjustments apply from their sentence)
        if (window is not None and x.applies_from is not None and not (recall and x.kind == "UAL")
                and not window.holds(x.applies_from)):
            continue   # recorded in another period in custody
        if x.kind in deduct:
            if x.applies_from is not None and x.applies_from not in sentence_dates:
                # credit recorded against a sentence that is not in this booking: HMPPS shares credit only on
                # the date of a sentence imposed (CRDS TimelineSentenceCalculationHandler)
                continue
            if _later_credit_counts(booking, x, recall, own_deductions_only, deduct_until, window):
                a.deducted += x.days
        elif x.kind in DEDUCTIONS or x.kind in RECALL_DEDUCTIONS:
            pass
        elif x.kind == "UAL":
            start = x.applies_from or x.from_date
            if unit_start is not None and start and start < unit_start:
                continue   # unlawfully at large before this sentence was imposed
            a.ual += x.days
            a.ual_items.append((x.from_date or x.applies_from, x.days))
        elif x.kind == "ADA":
            a.awarded += x.days
        elif x.kind == "RADA":
            a.awarded -= x.days
        else:
            raise NotSupported(f"adjustment type {x.kind}")
    return a


def unit_adjustments(booking: BookingIn, parts: list[SentenceIn], kind: str, recall: str | None,
                     window: CustodyWindow | None, own_deductions_only: bool) -> Adjustments:
    """The adjustments of one unit (a sentence or consecutive chain) of kind ``kind``."""
    sa = min(p.sentenced_at for p in parts)
    recall_dates = [p.sentenced_at for p in booking.sentences if p.recall_type]
    # A sentence imposed after a recalled one starts a new period in custody: only its own adjustments
    # count (CRDS BookingTimelineService).
    after_recall = recall is None and recall_dates and sa > min(recall_dates) and window is None
    args = (recall is not None, sa if after_recall else None, sa, max(p.sentenced_at for p in parts), window,
            own_deductions_only)
    adj = booking_adjustments(booking, *args)
    if window is not None and window.ada_served and adj.awarded > 0:
        adj = adj.but(awarded=max(0, adj.awarded - window.ada_served))   # ADA already served
    if kind == "BOTUS":
        if adj.ual:
            # HMPPS clears only remand and tagged bail for a BOTUS committal (CRDS TimelineCalculator
            # setAdjustments), so time unlawfully at large would still move its dates; the suite shows none.
            raise NotSupported("time unlawfully at large during a committal for breach of top-up supervision")
        return Adjustments()   # served in full: no remand credit or additional days (CRDS BOTUS)
    if kind == "DTO" and sa < R.PCSC_COMMENCEMENT <= max(p.sentenced_at for p in parts):
        raise NotSupported("consecutive detention and training orders either side of 28 June 2022 (remand "
                           "credit not settled)")
    if kind == "DTO" and sa < R.PCSC_COMMENCEMENT:
        # DTOs imposed before 28 June 2022: the court allowed for remand in the term; only tagged bail is
        # credited (CRDS DTO_BEFORE_PCSC; PCSCA 2022 s.158).
        no_remand = replace(booking, adjustments=[x for x in booking.adjustments if x.kind != "REMAND"])
        return adj.but(deducted=booking_adjustments(no_remand, *args).deducted)
    if kind == "AFINE":
        return _default_term_adjustments(booking, parts, adj, sa)
    return adj


def _default_term_adjustments(booking: BookingIn, parts: list[SentenceIn], adj: Adjustments,
                              sa: date) -> Adjustments:
    if all(p.offence_code in R.CIVIL_OFFENCE_CODES for p in parts):
        adj = adj.but(deducted=0)   # civil committal: remand does not count (the codes HMPPS treats so)
    if adj.awarded:
        # Additional days awarded are not added to a default term (a term of imprisonment in default of a
        # fine): HMPPS sets them to nil for a sentence made only of such terms (CRDS TimelineCalculator
        # setAdjustments, AFineSentence being a Term), whenever awarded; the suite shows days awarded before
        # the term left out.
        adj = adj.but(awarded=0)
    return adj
