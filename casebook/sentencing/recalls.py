"""Fixed-term recall of sentences of different lengths imposed on different dates.

CJA 2003 s.255B: a person recalled on a fixed term is re-released automatically after 14 days (sentence
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

from casebook.sentencing.durations import Term

RECALL_DAYS = {"FTR14": 14, "FTR28": 28}


def _under_12_months(u) -> bool:
    return u.days < Term(months=12).length_days(u.sentenced_at)


def mixed_duration_prrd(units: list, rtc: date | None) -> tuple[date, str] | None:
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
    recall_end = rtc + timedelta(days=RECALL_DAYS[sled.recall])
    if abs((twelve - rtc).days) < 14:
        return min(recall_end, eleven), ("the 12-month sentence's release is within 14 days of the return to "
                                         "custody: the earlier of the recall period end and the other "
                                         "sentence's release")
    return min(recall_end, twelve), ("the earlier of the recall period end and the 12-month sentence's "
                                     "post-recall release")
