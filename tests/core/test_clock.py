"""The core reads "today" and timestamps only through its one clock (casebook.clock).

Two proofs: no module outside casebook/clock.py reads the wall clock (a source scan of the core and the
desktop app), and the whole deadline and release-check path, run on three fixed days far from the real
one (past, present, a leap day), gives on each day exactly what asking for that day explicitly gives —
which it could not if anything on the path still read the machine's date.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from casebook.clock import FixedClock, as_clock, default_clock, set_default_clock
from casebook.services import Services
from casebook.store import Casebook
from tests.conftest import PASSPHRASE, REPO

#: Calls that read the machine's date or time of day. Durations (time.monotonic, perf_counter) are fine.
WALL_CLOCK = {("date", "today"), ("datetime", "today"), ("datetime", "now"), ("datetime", "utcnow"),
              ("time", "time"), ("time", "localtime"), ("time", "gmtime"), ("time", "strftime")}


def _wall_clock_reads(path: Path, root: Path = REPO) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    # An elapsed-time measure that must count time asleep (the idle lock) may read the wall clock, on a
    # line that says so and why: ``# wall-clock: <reason>``. A date is never read this way.
    allowed = {i for i, line in enumerate(source.splitlines(), 1) if "# wall-clock:" in line}
    hits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (name, node.func.attr) in WALL_CLOCK and node.lineno not in allowed:
                hits.append(f"{path.relative_to(root)}:{node.lineno} {name}.{node.func.attr}()")
    return hits


def test_nothing_but_the_clock_reads_the_wall_clock():
    files = [p for pkg in ("casebook", "ui") for p in sorted((REPO / pkg).rglob("*.py"))]
    assert len(files) > 40
    hits = [h for p in files if p != REPO / "casebook" / "clock.py" for h in _wall_clock_reads(p)]
    assert hits == [], ("read the date through casebook.clock (services.clock / default_clock()):\n"
                        + "\n".join(hits))


def test_the_scan_finds_a_wall_clock_read(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import datetime as _dt\nimport time\nfrom datetime import date\n"
                     "x = _dt.date.today()\ny = time.time()\nz = _dt.datetime.now()\nw = date.today()\n"
                     "ok = time.monotonic()\nt = time.time()  # wall-clock: asleep counts\n")
    found = [h.split(" ", 1)[1] for h in _wall_clock_reads(probe, tmp_path)]
    assert found == ["date.today()", "time.time()", "datetime.now()", "date.today()"]


def test_fixed_clock_and_defaults():
    day = dt.date(2024, 2, 29)
    c = FixedClock(day)
    assert c.today() == day and c.now() == dt.datetime(2024, 2, 29, 12, tzinfo=dt.UTC)
    assert c.now_iso() == "2024-02-29T12:00:00+00:00"
    with pytest.raises(TypeError):
        FixedClock(dt.datetime(2024, 2, 29, 9))  # a datetime is not a day
    with pytest.raises(ValueError):
        FixedClock(day, dt.datetime(2024, 2, 29, 9))  # naive "now"
    assert as_clock(today=day).today() == day
    assert as_clock(c) is c
    with pytest.raises(TypeError):
        as_clock(c, today=day)
    previous = set_default_clock(c)
    try:
        assert default_clock() is c and as_clock() is c
    finally:
        set_default_clock(previous)


# ---------------------------------------------------------------------- the whole path on three days
DAYS = [
    pytest.param(dt.date(2019, 9, 2), id="past-2019"),
    pytest.param(dt.date(2026, 11, 26), id="present"),
    pytest.param(dt.date(2028, 2, 29), id="leap-day-2028"),
]


def _build(svc: Services, day: dt.date) -> dict[str, int]:
    """A lifer on a parole review and an IPP prisoner released on licence, with events placed around
    ``day`` so that some time limits are still open on it and some have passed."""
    lifer = svc.clients.add(name="Alan Example", prison_number="A1234BC")
    svc.clients.add_sentence(lifer, sentence_type="LIFE", sentence_date=day - dt.timedelta(days=12 * 365),
                             minimum_term="P12Y")
    parole = svc.matters.add(lifer, "parole-review", title="Review")  # opened today, by the clock
    svc.chronology.add(parole, day - dt.timedelta(days=2), "reconsideration-application-served")
    svc.chronology.add(parole, day - dt.timedelta(days=40), "decision-provisional")
    svc.chronology.add(parole, day - dt.timedelta(days=10), "referral")
    ipp = svc.clients.add(name="Bella Sample", prison_number="B2345CD")
    svc.clients.add_sentence(ipp, sentence_type="IPP", sentence_date=day - dt.timedelta(days=15 * 365),
                             minimum_term="P3Y")
    term = svc.matters.add(ipp, "ipp-licence-termination", title="Termination")
    svc.chronology.add(term, day - dt.timedelta(days=800), "ipp-licence-start")
    note = svc.notes.add(lifer, "Visit booked")  # dated today, by the clock
    return {"lifer": lifer, "parole": parole, "ipp": ipp, "term": term, "note": note}


@pytest.mark.parametrize("day", DAYS)
def test_deadlines_and_release_checks_read_only_the_clock(tmp_path, fixed_clock, day):
    fixed_clock.set(day)  # the process clock (tests/conftest.py) — Services below gets no date of its own
    book = Casebook.create(tmp_path / "clock.casebook", PASSPHRASE)
    try:
        svc = Services(book)
        ids = _build(svc, day)
        assert book.meta("created_at").startswith(day.isoformat())
        assert svc.matters.get(ids["parole"]).opened_on == day
        assert svc.notes.get(ids["note"]).date == day

        implicit = svc.deadlines.list()
        explicit = svc.deadlines.list(today=day)
        assert implicit == explicit and len(implicit) >= 3
        statuses = {d.status for d in implicit}
        assert {"open", "overdue"} <= statuses, statuses  # the events straddle the fixed day
        for d in implicit:
            assert d.days_left == (d.due - day).days
            assert d.status in ("open", "overdue", "done", "not-applicable")
            if d.status in ("open", "overdue"):
                assert (d.status == "overdue") == (d.due < day)

        # Marking done and reopening gives the status on the fixed day (the defect this clock fixed).
        target = next(d for d in implicit if d.status == "open")
        assert svc.deadlines.mark_done(target.id).status == "done"
        assert svc.deadlines.reopen(target.id).status == "open"
        late = next(d for d in implicit if d.status == "overdue")
        assert svc.deadlines.mark_done(late.id).status == "done"
        assert svc.deadlines.reopen(late.id).status == "overdue"
        assert svc.deadlines.list(within_days=28) == svc.deadlines.list(within_days=28, today=day)

        for who in ("lifer", "ipp"):
            check = svc.release.check(ids[who])
            assert check.today == day
            again = svc.release.check(ids[who], today=day)
            assert [(m.code, m.date) for m in check.milestones] == [(m.code, m.date)
                                                                    for m in again.milestones]
        assert svc.release.check(ids["ipp"]).milestones, "IPP milestones expected"

        stamps = [e.at for e in svc.audit.entries()]
        assert stamps and all(s.startswith(day.isoformat()) for s in stamps)
    finally:
        book.close()
