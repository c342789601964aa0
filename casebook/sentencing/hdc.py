"""Home detention curfew eligibility date (HDCED), CJA 2003 s.246.

* one unit's HDCED: a fraction of the custodial period, at least a minimum and not less than 14 days
  after sentence, under the 180-day rules or, from 3 June 2025, the 365-day rules (SI 2024/1331 art.2);
* concurrent units: the HDCED of the unit with the latest, moved to the release of a concurrent sentence
  not eligible for HDC (CRDS HdcedExtractionService);
* the Sentencing Act 2026 repeal/suspension, where the booking's HMPPS feature toggles switch it on.
"""

from __future__ import annotations

import math
from datetime import date

from casebook.sentencing import progression as PM
from casebook.sentencing import rules as R
from casebook.sentencing.durations import uk_date
from casebook.sentencing.model import BookingIn, DateResult, NotSupported, Working
from casebook.sentencing.terms import plus_days
from casebook.sentencing.unit import Unit


def eligible(u: Unit, booking: BookingIn) -> bool:
    """Standard determinate sentences, not recalled, not SDS+ (by type, length and offence), not a
    registered sex offender (CJA 2003 s.246(4))."""
    return (u.kind == "SDS" and u.recall is None and not any(p.sds_plus_eligible for p in u.parts)
            and not booking.active_sex_offender)


def _hdc_date(u: Unit, params: R.HdcParams, adjust: int) -> tuple[date, str]:
    sa = u.sentenced_at
    custodial = u.release_days
    if custodial < params.midpoint_days:
        base = max(params.below_midpoint_minimum_days, math.ceil(custodial / 2))
        how = (f"one-half of the {custodial}-day custodial period (at least "
               f"{params.below_midpoint_minimum_days} days) = {base} days")
    else:
        base = custodial - params.above_midpoint_deduction - 1
        how = f"{custodial}-day custodial period − {params.above_midpoint_deduction + 1} = {base} days"
    hd = plus_days(sa, base + adjust)
    arith = f"{uk_date(sa)} + {how}; adjustments {adjust:+d} days = {uk_date(hd)}"
    added = u.adj.ual + u.adj.awarded
    floor = plus_days(sa, params.minimum_days_on_hdc + added)
    if floor >= hd:
        hd = floor
        arith += (f"; not earlier than sentence date + {params.minimum_days_on_hdc} days"
                  + (f" + {added} days added" if added else "") + f" = {uk_date(hd)}")
    return hd, arith


def unit_hdced(u: Unit) -> DateResult | None:
    """One unit's HDCED, or None where the custodial period is too short."""
    sa, adj = u.sentenced_at, u.adj
    pre = R.HDC_PRE_365
    if u.release_days < pre.minimum_custodial_days or u.release < plus_days(sa, pre.minimum_days_on_hdc):
        return None
    adjust = adj.ual + adj.awarded - adj.deducted
    hd_pre, a_pre = _hdc_date(u, pre, adjust)
    hd_post, a_post = _hdc_date(u, R.HDC_POST_365, adjust)
    c = R.HDC_365_COMMENCEMENT
    # Which rules: compared without additional days, which are added to whichever date results.
    # A consecutive term imposed from the commencement brings the whole term under the new rules (CRDS).
    if plus_days(hd_pre, -adj.awarded) < c and max(p.sentenced_at for p in u.parts) < c:
        hd, arith, key = hd_pre, a_pre + f" (180-day rules: before {uk_date(c)})", "HDC"
    elif plus_days(hd_post, -adj.awarded) < c:
        hd = plus_days(c, adj.awarded)
        arith, key = (a_post + f"; the 365-day rules start on {uk_date(c)}"
                      + (f", + {adj.awarded} additional days" if adj.awarded else "")
                      + f" = {uk_date(hd)}"), "HDC_365"
    else:
        hd, arith, key = hd_post, a_post, "HDC_365"
    return DateResult("HDCED", hd, R.working(key, arith, "HDC"))


def combined_hdced(units: list[Unit], latest_release: date) -> DateResult | None:
    """Concurrent units: the latest HDCED, moved to the release of a concurrent sentence not eligible for
    HDC that is later; none where the latest-released eligible unit has none."""
    if any(p.sds_plus_eligible for u in units if len(u.parts) == 1 for p in u.parts):
        return None
    found = _combined_hdced(units, latest_release)
    all_plus = any(len(u.parts) > 1 and all(p.sds_plus_eligible for p in u.parts) for u in units)
    if found is not None and all_plus:
        # HMPPS gives no HDCED where a single sentence is SDS+ by type, length and offence; a line of
        # consecutive sentences made up only of SDS+ terms did the same in earlier versions of its service,
        # not in later ones (CRDS HdcedExtractionService, ConsecutiveSentence): not settled here.
        raise NotSupported("HDCED beside a line of consecutive sentences that are all SDS+")
    # A line with an SDS+ term among others has no HDCED of its own (unit eligibility), and is a concurrent
    # release like any other sentence without HDC: it does not stop another sentence's HDCED (CRDS
    # HdcedExtractionService tests single sentences only, in every version).
    return found


def _combined_hdced(units: list[Unit], latest_release: date) -> DateResult | None:
    elig = [u for u in units if not u.recall and u.kind != "DTO"]
    if not elig:
        return None
    latest = max(elig, key=lambda u: u.release)
    if latest.hdced is None:
        return None
    cands = [u for u in units if u.hdced is not None and latest_release >= plus_days(u.sentenced_at, 14)]
    if not cands:
        return None
    hs = max(cands, key=lambda u: u.hdced)
    conflicts = [u for u in units if u.hdced is None and u is not hs and u.release > hs.hdced
                 and u.kind != "DTO" and not u.recall]
    if conflicts:
        c = max(conflicts, key=lambda u: u.release)
        if _moves_hdced(conflicts, c):
            return DateResult("HDCED", c.release, Working(
                "HDCED moves to the release date of a concurrent sentence not eligible for HDC",
                R.RULES["HDC"].citation,
                f"HDCED {uk_date(hs.hdced)} is before the concurrent release date {uk_date(c.release)}"))
    if not (latest_release > hs.hdced):
        return None
    return hs.dates["HDCED"]


def _moves_hdced(conflicts: list[Unit], c: Unit) -> bool:
    """Whether later concurrent releases move the HDCED: yes unless every one of them was released at once;
    then only where the latest of them is released on its sentence date itself (remand and additional days
    leaving exactly the sentence date), not where it would have been before it (CRDS HdcedExtractionService
    isImmediateRelease / isImmediateCustodyRelease; the visible suite's CRS-1541 shows this version)."""
    if not all(x.immediate for x in conflicts):
        return True
    tied = {x.before_sentence for x in conflicts if x.release == c.release}
    if len(tied) > 1:
        # which of several released at once on the same day HMPPS takes is its list order: not settled
        raise NotSupported("HDCED beside concurrent sentences released at once on the same day, one on its "
                           "sentence date and one before it")
    return not c.before_sentence


def apply_toggles(dates: dict[str, DateResult], booking: BookingIn, notes: list[str]) -> None:
    """HDC repeal / adult HDC suspension (Sentencing Act 2026), where the booking's rules switch them on
    (HMPPS feature toggles): see ``progression.hdc_toggle_outcome``. UNCONFIRMED."""
    if "HDCED" not in dates or not booking.toggles & {"applyPostHdcedRepealRules", "adultHdcSuspended"}:
        return
    outcome = PM.hdc_toggle_outcome(booking.sentences, dates["HDCED"].date, booking.toggles)
    if outcome == "depends":
        raise NotSupported("HDC repeal (Sentencing Act 2026) with an HDCED before 2 September 2026: whether "
                           "it stands depends on the date of the calculation")
    if outcome == "remove":
        del dates["HDCED"]
        key = "HDC_SUSPENDED" if "adultHdcSuspended" in booking.toggles else "HDC_REPEAL"
        notes.append(f"no HDCED: {R.RULES[key].text} [{R.RULES[key].citation}] — UNCONFIRMED")
