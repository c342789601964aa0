"""Release and re-admission history (HMPPS external movements) and what it changes.

Two rules depend on the movement history:

1. **Out of custody when SDS40 commenced** (SI 2024/844 art.3; CRDS TimelineTrancheCalculationHandler):
   a person who was out of prison when SDS40 tranche 1 commenced (10 September 2024) is not moved to the
   40% release point for the sentences they were then serving — where the release was on home detention
   curfew, early removal (ERS) or end of custody supervised licence (ECSL), in every case; after any other
   release, unless they were unlawfully at large over the commencement date (then still liable to be
   detained, so SDS40 applies). Sentences imposed after commencement take 40% in the ordinary way. A person
   whose sentences fall in tranche 2 (22 October 2024) is excluded only if out of prison on both dates
   (back in prison by 22 October 2024, SDS40 applies from then), as the HMPPS suite shows.
2. **A release ends a period in custody** (CRDS booking timeline): a sentence imposed after a recorded
   release starts a new period in custody with only its own adjustments. A removal under the early
   removal scheme does not count as a release where the removal failed (re-admission 'failed ERS
   removal'), or where it happened on or after 28 June 2022, from when the sentence clock stops while
   the person is removed (PCSCA 2022 'stop the clock' ERS changes).

An admission with no release recorded before it changes nothing. Out of prison when another change
commenced (a 56-day fixed-term recall or progression-model tranche) is refused: ``check_out_of_custody``.
"""

from __future__ import annotations

from datetime import date, timedelta

from casebook.sentencing import rules as R
from casebook.sentencing.durations import uk_date
from casebook.sentencing.model import BookingIn, Movement, NotSupported

NOT_EARLY_RELEASE_REASONS = frozenset({"HDC", "ERS", "ECSL"})


def status_before(movements: tuple[Movement, ...], when: date) -> tuple[Movement, Movement | None] | None:
    """(release, next movement) if the last movement before ``when`` was a release; None if in prison."""
    last = None
    for m in movements:
        if m.when < when:
            last = m
        else:
            break
    if last is None or last.direction != "OUT":
        return None
    nxt = next((m for m in movements if m.when > last.when), None)
    return last, nxt


def _ual_over(booking: BookingIn, when: date) -> bool:
    for a in booking.adjustments:
        if a.kind != "UAL":
            continue
        start = a.from_date or a.applies_from
        if start is None:
            continue
        end = a.to_date or (start + timedelta(days=max(a.days, 1) - 1))
        if start < when <= end:
            return True
    return False


def out_of_custody_at(booking: BookingIn, when: date) -> Movement | None:
    """The release by which the person was out of custody at ``when`` for the purposes of an early release
    change commencing then (rule 1 above), or None."""
    st = status_before(booking.movements, when)
    if st is None:
        return None
    release, _ = st
    if release.reason in NOT_EARLY_RELEASE_REASONS:
        return release
    return None if _ual_over(booking, when) else release


def release_dates(booking: BookingIn) -> list[date]:
    """Dates of releases that end a period in custody (rule 2 above)."""
    out = []
    movs = booking.movements
    for i, m in enumerate(movs):
        if m.direction != "OUT":
            continue
        nxt = movs[i + 1] if i + 1 < len(movs) else None
        if m.reason == "ERS" and ((nxt is not None and nxt.reason == "FAILED_ERS_REMOVAL")
                                  or m.when >= R.ERS_STOP_CLOCK_COMMENCEMENT):
            continue
        out.append(m.when)
    return out


def check_out_of_custody(booking: BookingIn, profile: R.Profile) -> None:
    """Out of custody when a change commenced that applies by being in custody then. SDS40 is handled
    (rule 1 above); HDC 365 and ERS30 apply by the date of the calculated date, not by being in custody then;
    where a 56-day fixed-term recall tranche (with a recall in the booking) or a progression-model tranche
    commenced while the person was out, the case is refused."""
    if not booking.out_of_custody:
        return
    relevant = []
    if any(s.recall_type for s in booking.sentences):
        relevant += [(when, "56-day fixed-term recall") for _, when in R.FTR56_TRANCHES]
    if profile.progression is not None:
        relevant += [(t.commencement, t.name) for t in profile.progression.tranches]
    for start, end in booking.out_of_custody:
        for when, name in relevant:
            if start <= when and (end is None or when < end):
                raise NotSupported(f"out of custody when {name} commenced ({uk_date(when)})")
