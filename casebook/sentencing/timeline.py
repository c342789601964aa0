"""The booking timeline: periods in custody, and the adjustments that belong to each.

A sentence imposed after release from the earlier ones starts a new period in custody, and each period
has only the adjustments recorded within it (CRDS BookingTimelineService; CJA 2003 s.240ZA counts remand
towards the sentence it was served for). Periods are found from the historic release points, each sentence
with its own remand; a recorded release (``movements.release_dates``) also ends a period. Additional
days awarded and served while no sentence of the booking was running are not added again.
"""

from __future__ import annotations

from datetime import date

from casebook.deadlines.calendar import WorkingCalendar
from casebook.sentencing import movements as MV
from casebook.sentencing import rules as R
from casebook.sentencing.adjustments import CustodyWindow, net_awarded
from casebook.sentencing.model import BookingIn, NotSupported, SentenceIn
from casebook.sentencing.release_points import SDS40, STANDARD
from casebook.sentencing.terms import plus_days
from casebook.sentencing.unit import Unit, release_and_expiry


def uncovered(intervals: list[tuple[date, date]], start: date, end: date) -> int:
    """Days from ``start`` to ``end`` (inclusive) inside none of ``intervals``."""
    if end < start:
        return 0
    n = 0
    d = start
    for lo, hi in sorted(i for i in intervals if i[1] >= start and i[0] <= end):
        if lo > d:
            n += (min(lo, plus_days(end, 1)) - d).days
        d = max(d, plus_days(hi, 1))
        if d > end:
            return n
    return n + max(0, (end - d).days + 1)


_CALENDAR = WorkingCalendar()   # England & Wales bank holidays, no overrides


def _probe(chains: list[list[SentenceIn]], booking: BookingIn) -> list[Unit]:
    """Each line of sentences at the release point in force when it was imposed (SDS40 from its
    commencement), with its own remand only."""
    t1 = R.SDS40.tranches[0].commencement
    sds40 = R.PROFILES[booking.profile].sds40 if booking.profile in R.PROFILES else False
    return [release_and_expiry(c, booking, SDS40 if sds40 and min(p.sentenced_at for p in c) >= t1
                               else STANDARD,
                               own_deductions_only=True) for c in chains]


def first_release(u: Unit) -> date:
    """The release that ends a unit's time in custody; for a recalled sentence its original release (UAL
    after it, on licence, does not move it)."""
    if not u.recall:
        return u.release
    rel = plus_days(u.sentenced_at, u.release_days - 1 - u.adj.deducted + u.adj.awarded)
    for st, n in sorted(u.adj.ual_items, key=lambda x: (x[0] or date.min)):
        if st is None or st <= rel:
            rel = plus_days(rel, n)
    return max(rel, u.sentenced_at)


class _Walk:
    """The units in order of sentence date, grouped into periods in custody."""

    def __init__(self, booking: BookingIn, probe: list[Unit]):
        self.releases = MV.release_dates(booking) if booking.movements else []
        self.total_ada = net_awarded(booking.adjustments)
        self.awards = [(a.applies_from, a.days if a.kind == "ADA" else -a.days) for a in booking.adjustments
                       if a.kind in ("ADA", "RADA") and a.applies_from is not None]
        self.recalled = False   # a recalled line in the current period
        # Days in custody otherwise: on remand, or serving another sentence of the booking.
        self.custody = [(a.from_date, a.to_date) for a in booking.adjustments
                        if a.kind in ("REMAND", "RECALL_REMAND") and a.from_date and a.to_date]
        self.custody += [(q.sentenced_at, max(q.sentenced_at, plus_days(q.release, -q.adj.awarded)))
                         for q in probe if not q.recall]
        self.starts: list[date] = []
        # where each period's adjustments begin (its first sentence date, as a rule)
        self.bounds: list[date] = []
        self.end: date | None = None
        self.end_sa: date | None = None   # the sentence date of the line released last in the period
        self.end_no_ada: date | None = None
        self.group_of: dict[int, int] = {}
        self.served: dict[int, int] = {}

    def add(self, i: int, u: Unit) -> None:
        released = bool(self.starts) and any(self.starts[-1] <= r < u.sentenced_at for r in self.releases)
        if self.end is None or self._after_release(u.sentenced_at) or released:
            self._new_period(u, released)
        elif (self.end_no_ada is not None and u.sentenced_at > plus_days(self.end_no_ada, 1)
              and self.total_ada > 0 and not u.recall):
            # Imposed while additional days were being served: those days (not otherwise in custody) are
            # served (CRDS timeline, ADDITIONAL_DAYS_SERVED), and only the rest are added to this sentence.
            n = uncovered(self.custody, plus_days(self.end_no_ada, 1), plus_days(u.sentenced_at, -1))
            if n:
                self.served[i] = min(n, self.total_ada)
        g = self.group_of[i] = len(self.starts) - 1
        # days served apply to every later sentence in the period
        earlier = [self.served[j] for j in self.served if j != i and self.group_of.get(j) == g]
        if earlier:
            self.served[i] = max([self.served.get(i, 0), *earlier])
        if not u.recall:
            r0 = plus_days(u.release, -u.adj.awarded) if u.release > u.sentenced_at else u.release
            self.end_no_ada = r0 if self.end_no_ada is None else max(self.end_no_ada, r0)
        rel = first_release(u)
        self.recalled = self.recalled or bool(u.recall)
        if self.end is None or rel > self.end:
            self.end, self.end_sa = rel, u.sentenced_at

    def _after_release(self, when: date) -> bool:
        """Whether a sentence imposed on ``when`` comes after release from the period's sentences: the
        release is taken on the last working day on or before the release date (not before the sentence
        date of the line released last), so a sentence imposed the day after it, or over the weekend before
        a Sunday release, starts a new period (CRDS BookingTimelineService.calculateLatestCustodialRelease
        and checkForReleasesAndLicenceExpiry). Whether a bank holiday counts is not settled (HMPPS reads
        them from a service): where it would decide, refused."""
        assert self.end is not None and self.end_sa is not None
        weekday = self._end_as_of(when)
        while weekday.weekday() >= 5:
            weekday = plus_days(weekday, -1)
        after = when > max(self.end_sa, weekday)
        working = _CALENDAR.previous_working_day(self._end_as_of(when))
        if after != (when > max(self.end_sa, working)):
            raise NotSupported("a sentence imposed when release from the earlier ones fell on a bank holiday "
                               "(whether the holiday moves the release, and so starts a new period in "
                               "custody, is not settled)")
        return after

    def _end_as_of(self, when: date) -> date:
        """The period's release as it stood on ``when``: additional days awarded after that day had not yet
        moved it (CRDS BookingTimelineService: an award is a timeline event on its own date, after a sentence
        imposed earlier)."""
        assert self.end is not None
        if self.total_ada == 0 or self.end_no_ada is None or self.recalled:
            return self.end
        late = sum(n for d, n in self.awards if d > when and d >= self.starts[-1])
        return max(self.end_no_ada, plus_days(self.end, -late)) if late > 0 else self.end

    def _new_period(self, u: Unit, released: bool) -> None:
        bound = u.sentenced_at
        if (self.end is not None and self.end_no_ada is not None and not released and self.total_ada > 0
                and not u.recall
                and not uncovered(self.custody, plus_days(self._end_as_of(u.sentenced_at), 1),
                                  plus_days(u.sentenced_at, -1))):
            # Held on remand without a break after release from the earlier sentences: additional days
            # awarded since that release fall to the new period (CRDS booking timeline) — but not what was
            # recorded against the earlier sentences on their own date (a release at once, on the day of
            # sentence, would otherwise carry their remand over).
            bound = max(plus_days(self.end_no_ada, 1), plus_days(self.starts[-1], 1))
        self.end = self.end_no_ada = self.end_sa = None
        self.recalled = False
        self.starts.append(u.sentenced_at)
        self.bounds.append(bound)

    def windows(self) -> dict[int, CustodyWindow]:
        if len(self.starts) < 2:
            return {i: CustodyWindow(ada_served=n) for i, n in self.served.items()}
        b = self.bounds
        return {i: CustodyWindow(b[g] if g > 0 else None, b[g + 1] if g + 1 < len(b) else None,
                                 self.served.get(i, 0))
                for i, g in self.group_of.items()}


def custody_windows(chains: list[list[SentenceIn]], booking: BookingIn) -> dict[int, CustodyWindow]:
    """Each line of sentences' period in custody (by its index in ``chains``); none where every line was
    imposed on the same day."""
    if len({c[0].sentenced_at for c in chains}) < 2:
        return {}
    probe = _probe(chains, booking)
    walk = _Walk(booking, probe)
    for i in sorted(range(len(probe)), key=lambda i: probe[i].sentenced_at):
        walk.add(i, probe[i])
    return walk.windows()
