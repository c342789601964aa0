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
from casebook.sentencing.durations import uk_date
from casebook.sentencing.model import BookingIn, DateResult, InvalidBooking, NotSupported, Working
from casebook.sentencing.terms import aggregate_days, plus_days, under_months, years_days
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


def apply_recall(u: Unit, booking: BookingIn, units: list[Unit] | None = None) -> None:
    """A recalled unit's PRRD, in place of its release, HDC and parole dates (``units``: every line of the
    booking under the same regime, which the 56-day recall tranche turns on)."""
    if u.recall is None:
        return
    if u.recall == "STANDARD":
        prrd, key = u.expiry, "RECALL_STANDARD"
        how = (f"standard recall: re-release at sentence expiry {uk_date(prrd)} "
               "unless the Parole Board directs earlier")
    else:
        prrd, how, key = _fixed_term_release(u, booking, units or [u])
    u.prrd = prrd
    u.dates = {k: v for k, v in u.dates.items() if k in KEPT_AFTER_RECALL}
    u.hdced = None
    u.ped = None
    u.dates["PRRD"] = DateResult("PRRD", prrd, R.working(key, how))


def _capped(prrd: date, how: str, expiry: date) -> tuple[date, str]:
    if prrd > expiry:
        return expiry, how + f", capped at sentence expiry {uk_date(expiry)}"
    return prrd, how


def _fixed_term_release(u: Unit, booking: BookingIn, units: list[Unit]) -> tuple[date, str, str]:
    """Return to custody + the recall period − 1 day, + UAL and additional days since the return."""
    n = R.FTR_DAYS.get(u.recall)
    if n is None:
        raise NotSupported(f"recall type {u.recall}")
    rtc = booking.return_to_custody
    if rtc is None:
        raise NotSupported("fixed-term recall without a return-to-custody date")
    if u.recall == "FTR56":
        return _ftr56_release(u, booking, rtc, units)

    later, after_release = _days_added_to_fixed_term(booking, rtc, plus_days(rtc, n - 1), u.expiry)
    prrd = plus_days(rtc, n - 1 + later)
    how = (f"returned to custody {uk_date(rtc)} + {n} − 1 days"
           + (f" {later:+d} days (UAL/additional days since)" if later else "") + f" = {uk_date(prrd)}")
    if after_release:
        how += (f" (unlawfully at large for {after_release} days from after this release: it extends the "
                "licence, not the recall)")
    return (*_capped(prrd, how, u.expiry), "RECALL_FIXED")


def _days_added_to_fixed_term(booking: BookingIn, rtc: date, release: date, expiry: date) -> tuple[int, int]:
    """(days added to a fixed-term recall's ``release``, days of UAL left out) — CJA 2003 s.255B with s.49 of
    the Prison Act 1952 (time unlawfully at large does not count as time served), as HMPPS applies it (CRDS
    SentenceAdjustments.adjustmentsForFixedTermRecall and the UAL timeline handler, read for the rule):

    * additional days awarded less restored, from the return to custody on, are added;
    * time unlawfully at large from the return to custody on is added only where it begins on or before
      the release as it then stands (the days added so far counted, in date order; never after expiry).
      UAL beginning after that release is absence from the licence that follows, not from the recall: it
      is left out here."""
    def start(a) -> date | None:
        # (placed by the date they apply from, as HMPPS places additional days and UAL on its timeline:
        # CRDS UALTimelineCalculationEvent(appliesToSentencesFrom); the suite's crs-2556-ac1-1 has UAL from
        # after the return applying from the sentence date, and it does not delay the release)
        return a.applies_from or a.from_date
    events = sorted(((start(a), a) for a in booking.adjustments
                     if a.kind in ("UAL", "ADA", "RADA") and start(a) is not None and start(a) >= rtc),
                    key=lambda e: e[0])
    added = left_out = 0
    for when, a in events:
        if a.kind == "UAL":
            if when > min(plus_days(release, added), expiry):
                left_out += a.days
                continue
            added += a.days
        else:
            added += a.days if a.kind == "ADA" else -a.days
    return added, left_out


# Sentence kinds whose length does not count towards a tranche (CRDS TrancheAllocationService: DTOs,
# breach of top-up supervision and default terms are left out of the length).
_NOT_COUNTED_FOR_TRANCHE = frozenset({"DTO", "BOTUS", "AFINE"})


def _ftr56_tranche_lengths(booking: BookingIn, units: list[Unit]) -> list[tuple[int, date]]:
    """(days, start) of each line that decides the 56-day recall tranche, as HMPPS selects them (CRDS
    FTR56TrancheSelectionStrategy and TrancheAllocationService.findTranche, read for the rule):

    * lines with a 56-day recall whose sentence expiry (adjusted) falls after the latest licence revocation
      recorded on any 56-day recall;
    * not a line whose revocation is on the day 56-day recall commenced (31 March 2026);
    * with a 56-day recall returned to custody on or before that day;
    * each line's length counted from its earliest term imposed before that day, over those terms only
      (DTOs, BOTUS and default terms left out).

    No revocation recorded at all, or no line left: no tranche applies (the list is empty)."""
    commencement = R.FTR56_TRANCHES[0][1]
    revoked = [p.revocation_date for p in booking.sentences
               if p.recall_type == "FTR56" and p.revocation_date is not None]
    rtc = booking.return_to_custody
    if not revoked or rtc is None or rtc > commencement:
        return []
    latest = max(revoked)
    out = []
    for v in units:
        ftr56 = [p for p in v.parts if p.recall_type == "FTR56"]
        if not ftr56 or v.expiry <= latest:
            continue
        own = {p.revocation_date for p in ftr56}
        if commencement in own:
            if len(own) > 1:
                raise NotSupported("a line of 56-day fixed-term recalls with different licence revocation "
                                   "dates, one on 31 March 2026 (tranche allocation not settled)")
            continue   # revoked on the commencement day: outside the tranche rules
        before = [p for p in v.parts if p.sentenced_at < commencement
                  and p.kind not in _NOT_COUNTED_FOR_TRANCHE]
        if not before:
            out.append((0, v.sentenced_at))
            continue
        start = min(p.sentenced_at for p in before)
        out.append((aggregate_days(start, [p.term for p in before]), start))
    return out


def _whole_years(days: int, sa: date) -> tuple[int, bool]:
    """(whole years in ``days`` counted from ``sa``, whether exactly that many years)."""
    w = 0
    while years_days(w + 1, sa) <= days:
        w += 1
    return w, days == years_days(w, sa)


def _ftr56_tranche(booking: BookingIn, u: Unit, units: list[Unit]) -> date | None:
    """The person's FTR56 tranche date, decided by the longest deciding line (Sentencing Act 2026
    commencement, as HMPPS applies it: CRDS FTR_56 tranches, counted in whole years from the line's first
    term; UNCONFIRMED). None where no tranche applies (``_ftr56_tranche_lengths``).

    Settled (CRDS tranche allocation and the HMPPS suite): under 5 years 31 March 2026; 5 years to under 6,
    14 April; over 6 to under 7, 21 April; over 7 to 8 years exactly, 28 April; 10 years or more, 12 May.
    Not settled, refused where the tranche date could decide the release: exactly 6 or 7 years (the suite
    allocates exactly 8 years below its boundary, exactly 5 above it) and over 8 to under 10 years (whether
    the 28 April tranche counts whole years up to 8, or days below 8 years, is not shown)."""
    rtc = booking.return_to_custody
    lengths = _ftr56_tranche_lengths(booking, units)
    if not lengths:
        return None
    t = dict(R.FTR56_TRANCHES)
    w, exact = max(_whole_years(days, sa) for days, sa in lengths)
    if w < 5:
        return t[5]
    if w == 5:
        return t[6]
    if (w, exact) == (8, True):
        return t[8]
    if w >= 10:
        return t[None]
    unsettled = {6: (t[6], t[7]), 7: (t[7], t[8]), 8: (t[8], t[9]), 9: (t[8], t[None])}
    if exact or w in (8, 9):
        lo, hi = unsettled[w]
        if rtc is not None and plus_days(rtc, 55) < hi and u.expiry > lo:
            what = f"exactly {w} years" if exact else f"{w} years and more (under {w + 1})"
            raise NotSupported(f"56-day fixed-term recall on a term of {what} (tranche boundary allocation "
                               "not settled)")
        return hi
    return t[w + 1]


def _ftr56_release(u: Unit, booking: BookingIn, rtc: date, units: list[Unit]) -> tuple[date, str, str]:
    """56 days from the return to custody, not before the person's tranche date, + days added since.

    The days added are those of a 14/28-day recall: additional days since the return and time at large
    beginning on or before the release as it then stands (HMPPS applies adjustmentsForFixedTermRecall to
    every fixed-term recall, FTR56 included; the suite shows it for 28 days, crs-790-ftr-ac10). Where the
    release waits for the tranche date they are added after moving it there (FTR_56 "additions applied after
    defaulting"; the suite shows it for additional days, crs-2819: 31 March + 1 = 1 April 2026).

    With no tranche (no licence revocation recorded, or no recall the tranche rules count) HMPPS applies the
    56 days with no tranche date to wait for; where they end before 56-day recall commenced (31 March 2026)
    what it does is not shown: refused."""
    tranche = _ftr56_tranche(booking, u, units)
    base = plus_days(rtc, 55)
    if tranche is None and base < R.FTR56_TRANCHES[0][1]:
        raise NotSupported("a 56-day fixed-term recall with no FTR56 tranche (no licence revocation recorded "
                           "or none the tranche rules count) whose 56 days end before 31 March 2026")
    how = f"returned to custody {uk_date(rtc)} + 56 − 1 days = {uk_date(base)}"
    if tranche is not None and base < tranche:
        base = tranche
        how += f"; not before the FTR56 tranche date {uk_date(tranche)}"
    later, after_release = _days_added_to_fixed_term(booking, rtc, base, u.expiry)
    prrd = plus_days(base, later)
    if later:
        how += f" {later:+d} days (UAL/additional days since the return) = {uk_date(prrd)}"
    if after_release:
        how += (f" (unlawfully at large for {after_release} days from after this release: it extends the "
                "licence, not the recall)")
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
        if "PRRD" in dates:   # the post-recall release is the latest release: no HDC (CRDS FixedTermRecalls-
            dates.pop("HDCED", None)   # Service.hasHomeDetentionCurfew, no CRD or ARD)
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
