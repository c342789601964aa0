"""Recall: the post-recall release date (PRRD) and the checks on a recall's type.

* standard recall (CJA 2003 s.255C): no automatic re-release, the PRRD defaults to sentence expiry;
* fixed-term recall (s.255B): re-release 14 or 28 days after the return to custody, or 56 days under the
  Sentencing Act 2026 (phased in by tranche, UNCONFIRMED), not later than sentence expiry;
* a recalled sentence alongside a live one: the later release governs (``release_vs_recall``).

Fixed-term recall of sentences of different lengths imposed on different dates
(``mixed_duration_prrd``). CJA 2003 s.255B: a person recalled on a fixed term is re-released automatically
after 14 days (sentence
under 12 months) or 28 days (12 months or more), and not later than sentence expiry. Where the booking
holds a recalled sentence of 12 months or more and another under 12 months imposed on a different date,
HMPPS works out the post-recall release from the two (CRDS FixedTermRecallsService, CRS-2137):

* the sentence with the latest expiry (the 'SLED sentence') and the latest-imposed other one;
* both under 12 months: the SLED sentence's own post-recall release date;
* otherwise, with T = the 12-month-or-more sentence's post-recall release and E = the other's, and
  R = the return to custody + the SLED sentence's recall length (14 or 28 days, counted from the day
  after return): if T is within 14 days either side of the return to custody, the earlier of R and E
  (the longer sentence expires during the recall); otherwise the earlier of R and T.
"""

from __future__ import annotations

from datetime import date, timedelta

from casebook.sentencing import rules as R
from casebook.sentencing.adjustments import net_awarded
from casebook.sentencing.durations import uk_date
from casebook.sentencing.model import BookingIn, DateResult, InvalidBooking, NotSupported, Working
from casebook.sentencing.terms import aggregate_days, build_chains, plus_days, under_months, years_days
from casebook.sentencing.unit import Unit


def _under_12_months(u: Unit) -> bool:
    return under_months(u.days, 12, u.sentenced_at)


def mixed_duration_prrd(units: list[Unit], rtc: date | None) -> tuple[date, str] | None:
    """The post-recall release date under the rule above, or None where it does not apply."""
    if rtc is None or not units or any(u.recall not in (None, "FTR14", "FTR28") for u in units):
        return None   # (a standard or 56-day recall alongside: not this rule)
    ftr = sorted((u for u in units if u.prrd is not None and (
        u.recall == "FTR28" or (u.recall == "FTR14" and "SLED" in u.types))), key=lambda u: u.sentenced_at)
    latest_expiry = max(u.expiry for u in units)
    sled = next((u for u in reversed(ftr) if u.expiry == latest_expiry), None)
    if sled is None:
        return None
    prev = next((u for u in reversed(ftr) if u.sentenced_at != sled.sentenced_at), None)
    if prev is None:
        return None
    if _under_12_months(sled) and _under_12_months(prev):
        return sled.prrd, "both sentences under 12 months: the post-recall release of the later-expiring one"
    twelve, eleven = (prev.prrd, sled.prrd) if _under_12_months(sled) else (sled.prrd, prev.prrd)
    recall_end = rtc + timedelta(days=R.FTR_DAYS[sled.recall])
    if abs((twelve - rtc).days) < 14:
        return min(recall_end, eleven), ("the 12-month sentence's release is within 14 days of the return to "
                                         "custody: the earlier of the recall period end and the other "
                                         "sentence's release")
    return min(recall_end, twelve), ("the earlier of the recall period end and the 12-month sentence's "
                                     "post-recall release")


def apply_mixed_duration(dates: dict[str, DateResult], units: list[Unit], rtc: date | None) -> None:
    """The booking's PRRD under the rule above, where it applies and differs."""
    mixed = mixed_duration_prrd(units, rtc) if "PRRD" in dates else None
    if mixed is not None and mixed[0] != dates["PRRD"].date:
        dates["PRRD"] = DateResult("PRRD", mixed[0], R.working(
            "RECALL_MIXED", f"{mixed[1]} = {uk_date(mixed[0])}", "RECALL_FIXED"))


# Dates a recalled unit keeps: its release, HDC and parole dates give way to the post-recall release.
KEPT_AFTER_RECALL = ("SLED", "SED", "LED", "TUSED")


def apply_recall(u: Unit, booking: BookingIn) -> None:
    """A recalled unit's PRRD, in place of its release, HDC and parole dates."""
    if u.recall is None:
        return
    if u.recall == "STANDARD":
        prrd, key = u.expiry, "RECALL_STANDARD"
        how = (f"standard recall: re-release at sentence expiry {uk_date(prrd)} "
               "unless the Parole Board directs earlier")
    else:
        prrd, how, key = _fixed_term_release(u, booking)
    u.prrd = prrd
    u.dates = {k: v for k, v in u.dates.items() if k in KEPT_AFTER_RECALL}
    u.hdced = None
    u.ped = None
    u.dates["PRRD"] = DateResult("PRRD", prrd, R.working(key, how))


def _capped(prrd: date, how: str, expiry: date) -> tuple[date, str]:
    if prrd > expiry:
        return expiry, how + f", capped at sentence expiry {uk_date(expiry)}"
    return prrd, how


def _fixed_term_release(u: Unit, booking: BookingIn) -> tuple[date, str, str]:
    """Return to custody + the recall period − 1 day, + UAL and additional days since the return."""
    n = R.FTR_DAYS.get(u.recall)
    if n is None:
        raise NotSupported(f"recall type {u.recall}")
    rtc = booking.return_to_custody
    if rtc is None:
        raise NotSupported("fixed-term recall without a return-to-custody date")
    if u.recall == "FTR56":
        return _ftr56_release(u, booking, rtc)

    def since(a) -> bool:
        start = a.from_date or a.applies_from
        return bool(start) and start >= rtc
    later = sum(a.days for a in booking.adjustments if a.kind == "UAL" and since(a))
    later += net_awarded(booking.adjustments, since)
    prrd = plus_days(rtc, n - 1 + later)
    how = (f"returned to custody {uk_date(rtc)} + {n} − 1 days"
           + (f" {later:+d} days (UAL/additional days since)" if later else "") + f" = {uk_date(prrd)}")
    return (*_capped(prrd, how, u.expiry), "RECALL_FIXED")


def _longest_ftr56_line(booking: BookingIn, u: Unit) -> tuple[int, date]:
    """(days, start) of the longest line of consecutive terms with a 56-day recall still running at the
    return to custody; this unit's where there is none."""
    rtc = booking.return_to_custody
    best = None
    for c in build_chains(booking):
        if not any(p.recall_type == "FTR56" for p in c):
            continue
        sa = min(p.sentenced_at for p in c)
        days = aggregate_days(sa, [p.term for p in c])
        if rtc is not None and plus_days(sa, days - 1) < rtc:
            continue
        if best is None or days > best[0]:
            best = (days, sa)
    return best or (aggregate_days(u.sentenced_at, [p.term for p in u.parts]), u.sentenced_at)


def _tranche_for(days: int, sa: date) -> date:
    for years, when in R.FTR56_TRANCHES:
        if years is None or days < years_days(years, sa):
            return when
    return R.FTR56_TRANCHES[-1][1]


def _check_ftr56_allocation(booking: BookingIn, u: Unit, tranche: date) -> None:
    """HMPPS allocates the FTR56 tranche from the 56-day recalls whose sentence expires after the latest
    licence revocation, counting only terms imposed before the commencement (CRDS FTR56 tranche selection).
    Where the revocation is not recorded, or counting that way gives another tranche than the longest term
    running at the return to custody, the allocation is not settled: refused."""
    rtc = booking.return_to_custody
    commencement = R.FTR56_TRANCHES[0][1]
    if rtc is None or rtc > commencement or plus_days(rtc, 55) >= R.FTR56_TRANCHES[-1][1]:
        return   # no tranche date can move this release
    ftr56 = [p for p in booking.sentences if p.recall_type == "FTR56"]
    revoked = [p.revocation_date for p in ftr56 if p.revocation_date is not None]
    if len(revoked) != len(ftr56):
        raise NotSupported("a 56-day fixed-term recall returned to custody before 31 March 2026 with no "
                           "licence revocation date recorded (the FTR56 tranche turns on it)")
    latest_revocation = max(revoked)
    best = None
    for c in build_chains(booking):
        if not any(p.recall_type == "FTR56" for p in c):
            continue
        sa = min(p.sentenced_at for p in c)
        if plus_days(sa, aggregate_days(sa, [p.term for p in c]) - 1) <= latest_revocation:
            continue
        before = [p for p in c if p.sentenced_at < commencement]
        if not before:
            continue
        start = min(p.sentenced_at for p in before)
        days = aggregate_days(start, [p.term for p in before])
        if best is None or days > best[0]:
            best = (days, start)
    other = _tranche_for(*best) if best is not None else None
    if other != tranche and min(plus_days(rtc, 55), u.expiry) < max(tranche, other or tranche):
        raise NotSupported("56-day fixed-term recall whose FTR56 tranche differs when counted from the "
                           "latest licence revocation (tranche allocation not settled)")


def _ftr56_tranche(booking: BookingIn, u: Unit) -> date:
    """FTR56 tranche: by the longest 56-day-recall term in the booking still running at the return to
    custody (Sentencing Act 2026 commencement; CRDS FTR_56 tranches). UNCONFIRMED. A term of exactly 6,
    7, 8 or 9 years sits on a tranche boundary that the HMPPS suite shows allocated below it (exactly 5
    years is not): refused."""
    rtc = booking.return_to_custody
    days, sa = _longest_ftr56_line(booking, u)
    for years, when in R.FTR56_TRANCHES:
        if years is None or days < years_days(years, sa):
            break
        if (years > 5 and days == years_days(years, sa) and rtc is not None
                and plus_days(rtc, 55) < when and u.expiry > when):
            raise NotSupported(f"56-day fixed-term recall on a term of exactly {years} years "
                               "(tranche boundary allocation not settled)")
    return when


def _ftr56_release(u: Unit, booking: BookingIn, rtc: date) -> tuple[date, str, str]:
    """56 days from the return to custody, not before the person's tranche date, + additional days since."""
    tranche = _ftr56_tranche(booking, u)
    _check_ftr56_allocation(booking, u, tranche)
    base = plus_days(rtc, 55)
    if base >= tranche and any(a.kind == "UAL" and (a.from_date or a.applies_from)
                               and (a.from_date or a.applies_from) >= rtc for a in booking.adjustments):
        # (where the release moves to the tranche date the suite shows such UAL not added)
        raise NotSupported("unlawfully at large after the return to custody on a 56-day fixed-term recall")
    how = f"returned to custody {uk_date(rtc)} + 56 − 1 days = {uk_date(base)}"
    if base < tranche:
        base = tranche
        how += f"; not before the FTR56 tranche date {uk_date(tranche)}"
    added = net_awarded(booking.adjustments, lambda a: a.applies_from and a.applies_from >= rtc)
    prrd = plus_days(base, added)
    if added:
        how += f" {added:+d} additional days awarded since = {uk_date(prrd)}"
    return (*_capped(prrd, how, u.expiry), "RECALL_FTR56")


def check_fixed_term_recalls(units: list[Unit], rtc: date | None) -> None:
    """CJA 2003 s.255B: 14 days for sentences under 12 months, 28 days for 12 months or more. A 14-day
    recall on a sentence of 12 months or more still in force for the 14 days, or a 28-day recall resting on
    a 12-month sentence that expires within 14 days of the return while a shorter one runs on, is
    inconsistent (CRDS validation, CRS-2137)."""
    if rtc is None:
        return

    def twelve(u: Unit) -> bool:
        return not under_months(u.days, 12, u.sentenced_at)
    for u in units:
        if u.recall == "FTR14" and twelve(u) and (u.expiry - rtc).days >= 14:
            raise InvalidBooking("a 14-day fixed-term recall on a sentence of 12 months or more")
    if any(u.recall == "FTR28" and not twelve(u) for u in units) and any(
            u.recall == "FTR28" and twelve(u) and 0 <= (u.expiry - rtc).days < 14 for u in units):
        raise InvalidBooking("a 28-day fixed-term recall where the 12-month sentence expires within 14 days "
                             "of the return to custody")


def release_vs_recall(dates: dict[str, DateResult], units: list[Unit]) -> None:
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
    if "PRRD" not in dates:
        return
    if dates[code].date > dates["PRRD"].date:
        del dates["PRRD"]
        return
    if dates[code].date < dates["PRRD"].date:
        del dates[code]
    # (on the same day both stand, as HMPPS shows them)
    dates.pop("HDCED", None)
    if "PED" in dates and dates["PED"].date <= dates["PRRD"].date:
        del dates["PED"]   # parole eligibility already passed by the post-recall release
