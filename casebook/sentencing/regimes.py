"""Running a booking under one regime of release fractions: every line of sentences computed as a unit
(``unit_dates.compute_unit``), checked, recalled units given their post-recall release, and the units
combined (``combine.combine``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casebook.sentencing import recalls as RC
from casebook.sentencing import rules as R
from casebook.sentencing.adjustments import CustodyWindow
from casebook.sentencing.combine import combine
from casebook.sentencing.model import BookingIn, DateResult, InvalidBooking, SentenceIn
from casebook.sentencing.release_points import SDS40, STANDARD
from casebook.sentencing.terms import plus_days
from casebook.sentencing.unit import Unit
from casebook.sentencing.unit_dates import compute_unit


@dataclass
class RegimeResult:
    units: list[Unit]
    dates: dict[str, DateResult]
    esl: str


@dataclass(frozen=True)
class Runner:
    """A booking's lines of sentences and their periods in custody, ready to run under any regime."""

    chains: list[list[SentenceIn]]
    booking: BookingIn
    windows: dict[int, CustodyWindow]

    def run(self, regime: str, in_custody_until: date | None = None,
            early_from: date | None = None) -> RegimeResult:
        """Every line under ``regime``. ``early_from``: the commencement of the regime's tranche, before which
        the old release point was in force; ``in_custody_until``: held in custody until then (a progression
        tranche date), so UAL before it counts."""
        return self._result([compute_unit(c, self.booking, regime, self.windows.get(i), in_custody_until,
                                          early_from)
                             for i, c in enumerate(self.chains)])

    def run_sds40_after_commencement(self) -> RegimeResult:
        """SDS40 for sentences imposed on or after tranche 1 commencement only; earlier ones at the old point
        (out of prison when SDS40 commenced: SI 2024/844 art.3; CRDS TimelineTrancheCalculationHandler)."""
        t1 = R.SDS40.tranches[0].commencement
        return self._result([compute_unit(c, self.booking, SDS40 if min(p.sentenced_at for p in c) >= t1
                                          else STANDARD,
                                          self.windows.get(i)) for i, c in enumerate(self.chains)])

    def _result(self, units: list[Unit]) -> RegimeResult:
        RC.check_fixed_term_recalls(units, self.booking.return_to_custody)
        _check_credit(units, self.booking)
        for u in units:
            RC.apply_recall(u, self.booking, units)
        dates, esl = combine(units, self.booking)
        return RegimeResult(units, dates, esl)


def _check_credit(units: list[Unit], booking: BookingIn) -> None:
    """Credit that exactly uses up the custodial period means release on the day of sentence; credit beyond
    it (release earlier than the day before sentence) cannot be right (CRDS validation). Checked under the
    regime the booking's profile has in force at sentence."""
    if units and units[0].regime == (SDS40 if R.PROFILES[booking.profile].sds40 else STANDARD):
        check_credit(units)


def check_credit(units: list[Unit]) -> None:
    """The check above on one regime's units, whatever the profile (a booking released before a change of
    release point commenced is checked under the rules before it)."""
    live = [u for u in units if not u.recall]
    if live:
        latest = max(live, key=lambda u: u.release)
        if latest.before_sentence and plus_days(latest.release_no_ada, latest.adj.awarded) \
                < plus_days(latest.sentenced_at, -1):
            raise InvalidBooking("the release date is before the sentence date: check remand and tagged bail")
