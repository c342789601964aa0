"""The booking timeline: periods in custody, and the adjustments that belong to each.

A sentence imposed after release from the earlier ones starts a new period in custody, and each period
has only the adjustments recorded within it (CRDS BookingTimelineService; CJA 2003 s.240ZA counts remand
towards the sentence it was served for). Periods are found from the historic release points, each sentence
with its own remand; a recorded release (``movements.release_dates``) also ends a period. Additional
days awarded and served while no sentence of the booking was running are not added again. Each award is
taken on its own date: made in custody it moves that period's release; made after release from every
sentence (none recalled) it is prospective and falls to the next sentence imposed; after the last release,
with none to follow, HMPPS rejects the booking (CRDS TimelineAwardedAdjustmentCalculationHandler,
AdjustmentsAfterReleaseDateValidator; CJA 2003 s.257; Prison Rules 1999 r.55).
"""

from __future__ import annotations

from datetime import date

from casebook.deadlines.calendar import WorkingCalendar
from casebook.sentencing import movements as MV
from casebook.sentencing import rules as R
from casebook.sentencing.adjustments import CustodyWindow, net_awarded
from casebook.sentencing.durations import uk_date
from casebook.sentencing.model import BookingIn, InvalidBooking, NotSupported, SentenceIn
from casebook.sentencing.release_points import SDS40, STANDARD, T3_SUFFIX
from casebook.sentencing.terms import plus_days, years_days
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
    commencement), with its own remand only. A line imposed before SDS40 and still in custody when the
    booking's tranche commenced is released at 40%, not before the tranche date (``_sds40_release``)."""
    t1 = R.SDS40.tranches[0].commencement
    sds40 = R.PROFILES[booking.profile].sds40 if booking.profile in R.PROFILES else False
    units = [release_and_expiry(c, booking, SDS40 if sds40 and min(p.sentenced_at for p in c) >= t1
                                else STANDARD,
                                own_deductions_only=True) for c in chains]
    if sds40 and not booking.movements and any(u.sentenced_at < t1 for u in units):
        _sds40_release(chains, booking, units)
    return units


def _sds40_release(chains: list[list[SentenceIn]], booking: BookingIn, units: list[Unit]) -> None:
    """HMPPS's timeline releases a line imposed before SDS40 at 40% once the booking's tranche commences, not
    before the tranche date, where its old release had not come by then (CRDS
    BookingTimelineService.calculateLatestCustodialRelease: the release is the tranche date where the 40%
    one falls before it; SI 2024/844 art.3). Not for recalled lines, or where the tranche 3 exclusions of SI
    2024/1331 could return a line to its old release point (left at the old point)."""
    t1 = R.SDS40.tranches[0].commencement
    if any(s.recall_type or any(x.endswith(T3_SUFFIX) for x in s.exclusions) for s in booking.sentences):
        return
    running = [u for u in units if u.expiry >= t1] or units
    longest = max(running, key=lambda u: u.days)
    first, second = R.SDS40.tranches
    assert first.below_years is not None
    tranche = first if longest.days < years_days(first.below_years, longest.sentenced_at) else second
    for i, u in enumerate(units):
        if u.sentenced_at >= t1 or u.recall or u.release < tranche.commencement:
            continue
        e = release_and_expiry(chains[i], booking, SDS40, own_deductions_only=True)
        if e.release < u.release:
            e.release = max(e.release, tranche.commencement)
            units[i] = e


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
        self.booking = booking
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
        self.expiry = date.min   # the latest expiry of the period's lines (additional days stop there)
        self.group_of: dict[int, int] = {}
        self.served: dict[int, int] = {}
        # each period's lines not recalled: (sentence date, release before additional days, credit given,
        # whether additional days apply to it — not to default terms or BOTUS, CRDS TimelineCalculator)
        self.releases_by_period: list[list[tuple[date, date, int, bool]]] = []
        self.kinds_by_period: list[set[str]] = []
        self.last_sa = date.min   # the sentence date of the line added last (lines of one day come together)

    def add(self, i: int, u: Unit) -> None:
        released = bool(self.starts) and any(self.starts[-1] <= r < u.sentenced_at for r in self.releases)
        if self.end is None or self._after_release(u.sentenced_at) or released:
            self._new_period(u, released)
        elif (self.end_no_ada is not None and u.sentenced_at > plus_days(self.end_no_ada, 1)
              and self.total_ada > 0 and not u.recall and u.sentenced_at > self.last_sa):
            # Imposed while additional days were being served: those days (not otherwise in custody) are
            # served (CRDS timeline, ADDITIONAL_DAYS_SERVED), and only the rest are added to this sentence.
            n = uncovered(self.custody, plus_days(self.end_no_ada, 1), plus_days(u.sentenced_at, -1))
            if n != (u.sentenced_at - self.end_no_ada).days - 1:
                # HMPPS counts every day from the release without them as served (CRDS
                # TimelineSentenceCalculationHandler.findServedAdas) and still credits remand for those days
                # (reporting REMAND_OVERLAPS_WITH_SENTENCE); CJA 2003 s.240ZA(4) gives no remand credit for a
                # day spent serving a sentence. The two disagree: refused.
                raise NotSupported("remand recorded for days when additional days were being served (HMPPS "
                                   "counts both; CJA 2003 s.240ZA(4) only the additional days)")
            if n:
                self.served[i] = min(n, self.total_ada)
        if len(self.bounds) > 1 and not u.recall:
            # A later period's release with its own credit only (not the earlier periods'), so that awards
            # are placed against the release as it stood (the probe shares all earlier credit).
            u = release_and_expiry(u.parts, self.booking, u.regime, window=CustodyWindow(self.bounds[-1]),
                                   own_deductions_only=True)
        g = self.group_of[i] = len(self.starts) - 1
        self.last_sa = u.sentenced_at
        # days served apply to every later sentence in the period
        earlier = [self.served[j] for j in self.served if j != i and self.group_of.get(j) == g]
        if earlier:
            self.served[i] = max([self.served.get(i, 0), *earlier])
        self.kinds_by_period[-1].add(u.kind)
        if not u.recall:
            self.releases_by_period[-1].append((u.sentenced_at, u.release_no_ada, u.adj.deducted,
                                                u.kind not in ("AFINE", "BOTUS")))
        if not u.recall:
            r0 = plus_days(u.release, -u.adj.awarded) if u.release > u.sentenced_at else u.release
            self.end_no_ada = r0 if self.end_no_ada is None else max(self.end_no_ada, r0)
            self.expiry = max(self.expiry, u.expiry)
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
        """The period's release as it stood on ``when``: its release without additional days, moved by each
        award of the period (from its bound, so with days awarded before it began) made while the person was
        still in custody, in date order, before ``when`` — an award is a timeline event on its own date, and
        one made after the release (taken on the last working day on or before it) no longer moves it (CRDS
        TimelineAwardedAdjustmentCalculationHandler; CJA 2003 s.257)."""
        assert self.end is not None
        if self.total_ada == 0 or self.end_no_ada is None or self.recalled:
            return self.end
        return self._awards_walk(when)[0]

    def _awards_walk(self, when: date) -> tuple[date, list[date]]:
        """The period's release with the awards before ``when`` made in custody, and the dates of those
        made after the release."""
        assert self.end_no_ada is not None and self.end_sa is not None
        rel = self.end_no_ada
        lo = self.bounds[-1] if len(self.bounds) > 1 else date.min
        late: list[date] = []
        for d, n in sorted(self.awards):
            if lo <= d < when:
                if not late and max(self.end_sa, _CALENDAR.previous_working_day(rel)) < d \
                        <= self._weekday_release(rel):
                    raise NotSupported("additional days awarded or restored when the release fell on a bank "
                                       "holiday (whether the holiday moves the release is not settled)")
                if late or d > self._weekday_release(rel):
                    late.append(d)
                else:
                    rel = min(plus_days(rel, n), self.expiry) if n > 0 else plus_days(rel, n)
        return rel, late

    def _weekday_release(self, rel: date) -> date:
        """The release taken as HMPPS's timeline takes it: not before the sentence date of the line released
        last, on the last weekday on or before the release date."""
        assert self.end_sa is not None
        while rel.weekday() >= 5:
            rel = plus_days(rel, -1)
        return max(self.end_sa, rel)

    def awards_after_release(self, until: date) -> list[date]:
        """Awards of the period dated after its release (as it stood) and before ``until``."""
        if self.end is None or self.end_no_ada is None or self.recalled or self.total_ada == 0:
            return []
        return self._awards_walk(until)[1]

    def _new_period(self, u: Unit, released: bool) -> None:
        bound = u.sentenced_at
        if self.end is not None and self.total_ada > 0 and not u.recall:
            late = self.awards_after_release(u.sentenced_at)
            out = [r for r in self.releases if self.starts[-1] <= r < u.sentenced_at]
            if out and any(min(out) <= d < u.sentenced_at for d, _ in self.awards):
                raise NotSupported("additional days awarded or restored between a recorded release and a "
                                   "later sentence (whether the release recorded or the one calculated ends "
                                   "the period is not settled)")
            if late:
                # Awarded after release from every earlier sentence, none of them recalled: prospective days
                # (PADA), added to the sentence imposed next, not to the period already served (CRDS
                # TimelineAwardedAdjustmentCalculationHandler; Prison Rules 1999 r.55; CJA 2003 s.257).
                bound = min(late)
        self.end = self.end_no_ada = self.end_sa = None
        self.expiry = date.min
        self.recalled = False
        self.starts.append(u.sentenced_at)
        self.bounds.append(bound)
        self.releases_by_period.append([])
        self.kinds_by_period.append(set())

    def check_awards_beside_default_terms(self) -> None:
        """Days awarded after release from every line of a period but its default terms (terms in default of
        a fine, which take no additional days): HMPPS drops them (CRDS
        TimelineAwardedAdjustmentCalculationHandler adds them only where a line other than a default term is
        still to be released) and rejects them where no later release follows
        (AdjustmentsAfterReleaseDateValidator); the engine would add them to a release already past:
        refused."""
        for g, period in enumerate(self.releases_by_period):
            taking = [rel for _, rel, _, takes in period if takes]
            if not taking or len(taking) == len(period):
                continue
            lo = self.bounds[g] if g else date.min
            hi = self.bounds[g + 1] if g + 1 < len(self.bounds) else date.max
            rel = max(taking)
            for d, n in sorted(self.awards):
                if lo <= d < hi:
                    if d > rel:
                        raise NotSupported("additional days awarded or restored after release from every "
                                           "sentence but a default term (HMPPS drops them)")
                    rel = plus_days(rel, n)

    def check_extinguished(self) -> None:
        """A period in custody whose latest release, with its credit, falls before the day before its first
        sentence: the remand or tagged bail exceeds what the sentences could use, and HMPPS rejects the
        booking for any period, not only the one that decides the dates (CRDS
        ValidateSentenceHasNotBeenExtinguished, RELEASE_DATE_BEFORE_SENTENCE_DATE, per sentence group; CJA
        2003 s.240ZA)."""
        undated = net_awarded(self.booking.adjustments, lambda a: a.applies_from is None)
        for g, period in enumerate(self.releases_by_period):
            if period:
                # the days awarded in the period (its window), as HMPPS adds them to its release
                lo = self.bounds[g] if g else date.min
                hi = self.bounds[g + 1] if g + 1 < len(self.bounds) else date.max
                awarded = undated + sum(n for d, n in self.awards if lo <= d < hi)
                first = min(p[0] for p in period)
                _, latest, credit, takes = max(period, key=lambda x: plus_days(x[1], awarded if x[3] else 0))
                if credit and plus_days(latest, awarded if takes else 0) < plus_days(first, -1):
                    raise InvalidBooking("the release date is before the sentence date: check remand and "
                                         "tagged bail")

    def check_last_period(self) -> None:
        """Days awarded or restored after release from the last period, with no later sentence to carry them:
        HMPPS rejects a booking with such an award dated after the latest release (CRDS
        AdjustmentsAfterReleaseDateValidator, ADJUSTMENT_AFTER_RELEASE_ADA/RADA: the date should be that of
        the adjudication hearing); one dated after a release taken back to the last working day before a
        weekend is dropped by its timeline without that check. Only for bookings without recalls, and where
        the last period has no default terms or detention and training orders (their rules differ)."""
        out = [r for r in self.releases if self.starts and r >= self.starts[-1]]
        lo = self.bounds[-1] if len(self.bounds) > 1 else date.min
        if out and any(d >= max(lo, min(out)) for d, _ in self.awards):
            raise NotSupported("additional days awarded or restored after a recorded release (the timeline "
                               "ends the period there; whether they count is not settled)")
        if not self.kinds_by_period or not self.kinds_by_period[-1] <= {"SDS", "EXTENDED"}:
            return
        late = self.awards_after_release(date.max)
        if not late:
            return
        end = self._end_as_of(date.max)
        if max(late) > end:
            raise InvalidBooking(f"additional days awarded or restored on {uk_date(max(late))} are dated "
                                 f"after release ({uk_date(end)}): the date should be that of the "
                                 "adjudication hearing (or of the restoration), while in custody")
        raise NotSupported("additional days awarded or restored in the weekend before a weekend release "
                           "(HMPPS's timeline drops them)")

    def windows(self) -> dict[int, CustodyWindow]:
        if len(self.starts) < 2:
            return {i: CustodyWindow(ada_served=n) for i, n in self.served.items()}
        b = self.bounds
        return {i: CustodyWindow(b[g] if g > 0 else None, b[g + 1] if g + 1 < len(b) else None,
                                 self.served.get(i, 0))
                for i, g in self.group_of.items()}


def custody_windows(chains: list[list[SentenceIn]], booking: BookingIn) -> dict[int, CustodyWindow]:
    """Each line of sentences' period in custody (by its index in ``chains``); none where every line was
    imposed on the same day. Days awarded or restored after the last release are checked
    (``_Walk.check_last_period``)."""
    several = len({c[0].sentenced_at for c in chains}) > 1
    awards = (any(a.kind in ("ADA", "RADA") and a.applies_from is not None for a in booking.adjustments)
              and all(s.recall_type is None for s in booking.sentences))
    if not several and not awards:
        return {}
    probe = _probe(chains, booking)
    walk = _Walk(booking, probe)
    for i in sorted(range(len(probe)), key=lambda i: probe[i].sentenced_at):
        walk.add(i, probe[i])
    if awards:
        walk.check_last_period()
        walk.check_awards_beside_default_terms()
    if several:
        walk.check_extinguished()
    return walk.windows() if several else {}
