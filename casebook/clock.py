"""The one clock of the core.

Nothing in ``casebook`` reads the wall clock except through a :class:`Clock`: the services get one
(``Services(cb, clock=…)``), and the desktop app and the CLI ask ``services.clock`` for "today". A test,
a benchmark or a "what was due on …" view passes a :class:`FixedClock`, so every date the core computes
is the same on whatever day it runs.

"Today" is the user's local calendar date (a deadline falls due on a day in England and Wales, not in
UTC); timestamps written to the casebook (created/updated, the audit log) are UTC.
"""

from __future__ import annotations

import datetime as _dt


class Clock:
    """The real clock: the machine's local date, and UTC for timestamps."""

    def today(self) -> _dt.date:
        return _dt.date.today()

    def now(self) -> _dt.datetime:
        """The current moment, timezone-aware UTC, to the second."""
        return _dt.datetime.now(_dt.UTC).replace(microsecond=0)

    def now_iso(self) -> str:
        return self.now().isoformat()

    def __repr__(self) -> str:
        return "Clock()"


class FixedClock(Clock):
    """A clock stopped at ``today`` (and ``now``, default noon UTC of that day): for tests, benchmarks and
    looking at the casebook as it stood on a given day."""

    def __init__(self, today: _dt.date, now: _dt.datetime | None = None) -> None:
        if not isinstance(today, _dt.date) or isinstance(today, _dt.datetime):
            raise TypeError("FixedClock needs a datetime.date")
        self._today = today
        if now is None:
            now = _dt.datetime(today.year, today.month, today.day, 12, 0, 0, tzinfo=_dt.UTC)
        elif now.tzinfo is None:
            raise ValueError("FixedClock's now must be timezone-aware")
        self._now = now.astimezone(_dt.UTC).replace(microsecond=0)

    def today(self) -> _dt.date:
        return self._today

    def now(self) -> _dt.datetime:
        return self._now

    def set(self, today: _dt.date, now: _dt.datetime | None = None) -> None:
        """Move the stopped clock (a test stepping through days)."""
        self.__init__(today, now)

    def __repr__(self) -> str:
        return f"FixedClock({self._today.isoformat()})"


SYSTEM_CLOCK = Clock()
_default: Clock = SYSTEM_CLOCK


def default_clock() -> Clock:
    """The process's clock: the system's, unless :func:`set_default_clock` stopped it (tests do, so the
    whole suite — the services and the desktop app alike — runs on one fixed day)."""
    return _default


def set_default_clock(clock: Clock | None) -> Clock:
    """Make ``clock`` (``None``: the system clock) the process default; returns the previous one."""
    global _default
    previous, _default = _default, (clock or SYSTEM_CLOCK)
    return previous


def as_clock(clock: Clock | None = None, today: _dt.date | None = None) -> Clock:
    """``clock`` if given; a :class:`FixedClock` at ``today`` if that is given; else the default clock."""
    if clock is not None and today is not None:
        raise TypeError("pass a clock or a date, not both")
    if clock is not None:
        return clock
    if today is not None:
        return FixedClock(today)
    return _default


__all__ = ["Clock", "FixedClock", "SYSTEM_CLOCK", "as_clock", "default_clock", "set_default_clock"]
