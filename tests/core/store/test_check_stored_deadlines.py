"""`casebook check` also compares the stored deadlines (derived data, schema 10) with the chronology: rows
out of step are reported and marked for rebuilding, and the next list is the fresh computation."""

from __future__ import annotations

import datetime as dt
import json

from casebook import session

TODAY = dt.date(2026, 11, 26)


def _parole_book(svc):
    cid = svc.clients.add(name="Alan Example", prison_number="A1234BC")
    svc.clients.add_sentence(cid, sentence_type="LIFE", sentence_date="2010-05-04", minimum_term="P12Y")
    mid = svc.matters.add(cid, "parole-review", title="Review")
    svc.chronology.add(mid, "2026-11-02", "paper-decision-negative", "MCA: no release")
    return mid


def test_check_reports_and_repairs_stored_deadlines_out_of_step(svc):
    _parole_book(svc)
    fresh = svc.deadlines.list(today=TODAY)
    assert session.check(svc)["stored_deadlines"] == "ok"
    # Rows changed behind the engine's back (another program, a bug): the check finds them.
    with svc.cb.transaction():
        svc.cb.conn.execute("UPDATE deadline_cache SET due = '2031-01-01'")
    report = session.check(svc)
    assert report["ok"]   # derived data put right, not damage
    assert "stored deadlines differ" in report["stored_deadlines"]
    assert [(d.id, d.due) for d in svc.deadlines.list(today=TODAY)] == [(d.id, d.due) for d in fresh]
    assert session.check(svc)["stored_deadlines"] == "ok"


def test_check_command_shows_the_stored_deadlines(run_cli, tmp_path):
    f = str(tmp_path / "c.casebook")
    assert run_cli("--file", f, "demo").returncode == 0
    proc = run_cli("--file", f, "--json", "check")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["stored_deadlines"] == "ok"
