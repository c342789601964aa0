"""``casebook deadlines …`` and ``casebook export ics`` through the CLI (in-process: ``run_cli``)."""

from __future__ import annotations

import json

import pytest
from icalendar import Calendar

from tests.conftest import PASSPHRASE


@pytest.fixture
def book(casebook_path):
    from casebook.services import Services
    from casebook.store import Casebook

    cb = Casebook.open(casebook_path, PASSPHRASE)
    svc = Services(cb)
    client = svc.clients.add(name="Alan Example", prison_number="A1234BC")
    svc.clients.add_sentence(client, sentence_type="LIFE", sentence_date="2010-05-04", minimum_term="P12Y")
    matter = svc.matters.add(client, "parole-review")
    event = svc.chronology.add(matter, "2026-11-02", "paper-decision-negative")
    other = svc.matters.add(client, "complaint")
    svc.chronology.add(other, "2026-11-19", "comp1-reply")
    cb.close()
    return {"path": casebook_path, "matter": matter, "event": event, "other": other}


def _json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_list_json_shape_and_order(run_cli, book):
    data = _json(run_cli("--file", str(book["path"]), "deadlines", "--json", "--as-at", "2026-11-26"))
    assert [(d["due"], d["status"]) for d in data] == [
        ("2026-11-23", "overdue"),
        ("2026-11-26", "open"),
        ("2026-11-30", "open"),
    ]
    first = data[0]
    assert first["id"] == f"{book['event']}:pbr2019-r28-reconsideration-paper"
    assert first["matter"] == book["matter"]
    assert first["title"] == "Apply for reconsideration of the paper decision"
    assert first["rule"].startswith("Parole Board Rules 2019 r.28(3)")
    assert first["confirmed"] is True
    assert data[1]["rule"].startswith("HMPPS Prisoner Complaints Policy Framework")


def test_matter_and_within_filters(run_cli, book):
    p = str(book["path"])
    data = _json(run_cli("--file", p, "deadlines", "--matter", str(book["other"]), "--json", "--as-at",
                         "2026-11-26"))
    assert [d["title"] for d in data] == ["Appeal the COMP1 reply (COMP1A)"]
    data = _json(run_cli("--json", "--file", p, "deadlines", "--within", "0", "--as-at", "2026-11-26"))
    assert [d["due"] for d in data] == ["2026-11-23", "2026-11-26"]


def test_done_override_snooze_round_trip(run_cli, book):
    p = str(book["path"])
    did = f"{book['event']}:pbr2019-r20-oral-hearing-application"
    assert _json(run_cli("--file", p, "deadlines", "done", did, "--json"))["status"] == "done"
    assert _json(run_cli("--file", p, "deadlines", "reopen", did, "--json"))["status"] in ("open", "overdue")
    bad = run_cli("--file", p, "deadlines", "override", did, "--due", "2026-12-10")
    assert bad.returncode == 1
    assert bad.stderr.strip().startswith("casebook: --reason is required")
    assert len(bad.stderr.strip().splitlines()) == 1
    got = _json(run_cli("--file", p, "deadlines", "override", did, "--due", "2026-12-10", "--reason",
                        "Extended by the duty member", "--json"))
    assert (got["due"], got["computed_due"], got["overridden"]) == ("2026-12-10", "2026-11-30", True)
    got = _json(run_cli("--file", p, "deadlines", "snooze", did, "--until", "2099-01-01", "--json"))
    assert got["snoozed_until"] == "2099-01-01"
    audit = _json(run_cli("--file", p, "audit", "--json"))
    actions = [a["action"] for a in audit] if isinstance(audit, list) else []
    assert "deadline-override" in actions


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("deadlines", "done", "garbage"), "is not a deadline id"),
        (("deadlines", "done", "999:pbr2019-r20-oral-hearing-application"), "no deadline with id"),
        (("deadlines", "--within", "-1"), "--within must be 0 or more"),
        (("deadlines", "--matter", "999"), "no matter with id 999"),
        (("deadlines", "--as-at", "31/02/2026"), "--as-at"),
        (("deadlines", "--as-at", "next tuesday"), "DD/MM/YYYY"),
        (("deadlines", "snooze", "1:pbr2019-r20-oral-hearing-application", "--until", "tomorrow"), "--until"),
    ],
)
def test_bad_input_is_one_line_exit_1(run_cli, book, args, message):
    proc = run_cli("--file", str(book["path"]), *args)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert message in lines[0]
    assert "Traceback" not in proc.stderr


def test_export_ics_never_overwrites_without_force(run_cli, book, tmp_path):
    p = str(book["path"])
    out = tmp_path / "deadlines.ics"
    got = _json(run_cli("--file", p, "export", "ics", "-o", str(out), "--json", "--as-at", "2026-11-26"))
    assert got["count"] == 3
    cal = Calendar.from_ical(out.read_bytes())
    starts = sorted(str(e.decoded("dtstart")) for e in cal.walk("VEVENT"))
    assert starts == ["2026-11-23", "2026-11-26", "2026-11-30"]
    before = out.read_bytes()
    again = run_cli("--file", p, "export", "ics", "-o", str(out))
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert out.read_bytes() == before
    forced = run_cli("--file", p, "export", "ics", "-o", str(out), "--force", "--no-names")
    assert forced.returncode == 0, forced.stderr
    assert b"Alan Example" not in out.read_bytes()
    wrong = run_cli("--file", p, "export", "ics", "-o", str(tmp_path / "x.csv"))
    assert wrong.returncode == 1


def test_wrong_passphrase_exit_4(run_cli, book):
    proc = run_cli("--file", str(book["path"]), "deadlines", passphrase="nope")
    assert proc.returncode == 4


def test_calendar_settings_from_the_cli(run_cli, book):
    p = str(book["path"])
    got = _json(run_cli("--file", p, "deadlines", "calendar", "--roll", "on", "--extra",
                        "2026-12-29", "--json"))
    assert got == {"roll_non_working": True, "extra_non_working": ["2026-12-29"], "removed": []}
