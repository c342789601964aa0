"""``casebook direction|hearing|witness``: the CLI contract's shapes, --json everywhere, English (UK)
dates in the text, and bad input → one line naming the problem, exit 1, nothing saved. The suite runs on
26 November 2026 (tests/conftest.py)."""

from __future__ import annotations

import json

import pytest

TABLES = ("directions", "hearings", "hearing_witnesses", "events", "audit")


def _json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def book(run_cli, tmp_path):
    """``(cli, path, parole_matter, complaint_matter)``."""
    f = str(tmp_path / "parole.casebook")
    assert run_cli("--file", f, "init").returncode == 0

    def cli(*args):
        return run_cli("--file", f, *[str(a) for a in args])

    c = _json(cli("--json", "client", "add", "--name", "Ambrose Kettlewell"))["id"]
    m = _json(cli("--json", "matter", "add", "--client", c, "--type", "parole-review"))["id"]
    other = _json(cli("--json", "matter", "add", "--client", c, "--type", "complaint"))["id"]
    return cli, f, m, other


def _counts(path) -> dict[str, int]:
    from casebook.store import Casebook
    from tests.conftest import PASSPHRASE

    cb = Casebook.open(path, PASSPHRASE)
    try:
        return {t: cb.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        cb.close()


def _refused(cli, path, args, start):
    before = _counts(path)
    proc = cli(*args)
    assert proc.returncode == 1, proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"casebook: {start}"), proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""
    assert _counts(path) == before
    return lines[0]


def test_direction_add_list_done_defer_update_remove(book):
    cli, _f, m, _ = book
    a = _json(cli("--json", "direction", "add", "--matter", m, "--text",
                  "Updated psychological risk assessment", "--due", "2026-12-10", "--party", "psychologist"))
    assert list(a) == ["id"]
    b = _json(cli("--json", "direction", "add", "--matter", m, "--text", "SoS view on open conditions",
                  "--due", "03/12/2026", "--party", "Secretary of State", "--made-on", "20/11/2026"))["id"]
    listed = _json(cli("--json", "direction", "list", "--matter", m))
    assert [d["id"] for d in listed] == [b, a["id"]]
    assert listed[0] == {"id": b, "matter": m, "text": "SoS view on open conditions",
                         "party": "Secretary of State", "made_on": "2026-11-20", "due": "2026-12-03",
                         "status": "open", "completed_on": None, "original_due": None, "change_reason": "",
                         "notes": ""}
    text = cli("direction", "list", "--matter", m).stdout
    assert "3 December 2026" in text and "10 December 2026" in text
    done = _json(cli("--json", "direction", "done", b))
    assert (done["status"], done["completed_on"], done["changed"]) == (
        "complied", "2026-11-26", ["completed_on", "status"])
    deferred = _json(cli("--json", "direction", "defer", a["id"], "--to", "2027-01-14", "--reason",
                         "time extended by the panel chair"))
    assert (deferred["due"], deferred["original_due"], deferred["status"], deferred["change_reason"]) == (
        "2027-01-14", "2026-12-10", "deferred", "time extended by the panel chair")
    assert cli("direction", "defer", a["id"], "--to", "2027-01-21", "--reason", "again").stdout == (
        f"Direction {a['id']} now due 21 January 2027 (first due 10 December 2026).\n")
    upd = _json(cli("--json", "direction", "update", a["id"], "--party", "prison psychologist"))
    assert (upd["party"], upd["changed"], upd["original_due"]) == (
        "prison psychologist", ["party"], "2026-12-10")
    assert _json(cli("--json", "direction", "remove", b)) == {"id": b, "removed": True}
    assert [d["id"] for d in _json(cli("--json", "direction", "list", "--matter", m))] == [a["id"]]


def test_bad_direction_input_is_one_line_exit_1_nothing_saved(book):
    cli, f, m, complaint = book
    _refused(cli, f, ("direction", "add", "--matter", m, "--text", "Psychology report"), "due: is required")
    _refused(cli, f, ("direction", "add", "--matter", m, "--text", "x", "--due", "31/02/2027"),
             "due: is not a real date")
    _refused(cli, f, ("direction", "add", "--matter", 999, "--text", "x", "--due", "2026-12-01"),
             "no matter with id 999")
    line = _refused(cli, f, ("direction", "add", "--matter", complaint, "--text", "x", "--due", "2026-12-01"),
                    f"matter {complaint} (Complaint) is not a parole matter")
    assert "Parole review, Recall review and IPP licence termination" in line
    did = _json(cli("--json", "direction", "add", "--matter", m, "--text", "x", "--due", "2026-12-10"))["id"]
    _refused(cli, f, ("direction", "defer", did, "--to", "2027-01-10"), "reason: is required")
    _refused(cli, f, ("direction", "defer", did, "--reason", "adjourned"), "to: is required")
    _refused(cli, f, ("direction", "done", did, "--on", "2026-12-01"),
             "completed on: cannot be in the future")
    _refused(cli, f, ("direction", "update", did, "--status", "finished"), "status: must be one of: open")
    _refused(cli, f, ("direction", "update", did), "nothing to change")
    _refused(cli, f, ("direction", "done", 999), "no direction with id 999")


def test_hearing_set_show_and_moving_the_date(book):
    cli, _f, m, _ = book
    assert _json(cli("--json", "hearing", "show", "--matter", m)) is None
    assert "No hearing recorded" in cli("hearing", "show", "--matter", m).stdout
    h = _json(cli("--json", "hearing", "set", "--matter", m, "--date", "2027-03-01", "--time", "10:00",
                  "--format", "video", "--panel", "Judicial member and independent member",
                  "--victim-statements", "VPS to be read by the panel chair"))
    assert (h["date"], h["time"], h["format"], h["panel"], h["witnesses"]) == (
        "2027-03-01", "10:00", "video", "Judicial member and independent member", [])
    dl = _json(cli("--json", "deadlines", "--matter", m))
    r17 = [d for d in dl if d["rule_id"] == "pbr2019-r17-withholding-applications"]
    assert [d["due"] for d in r17] == ["2027-01-04"]
    moved = _json(cli("--json", "hearing", "set", "--matter", m, "--date", "12/04/2027"))
    assert (moved["id"], moved["event"], moved["date"], moved["format"]) == (
        h["id"], h["event"], "2027-04-12", "video")
    dl = _json(cli("--json", "deadlines", "--matter", m))
    assert [d["due"] for d in dl if d["rule_id"] == "pbr2019-r17-withholding-applications"] == ["2027-02-15"]
    text = cli("hearing", "show", "--matter", m).stdout
    assert "12 April 2027 at 10:00, video" in text and "VPS to be read" in text


def test_bad_hearing_input_is_refused(book):
    cli, f, m, complaint = book
    _json(cli("--json", "hearing", "set", "--matter", m, "--date", "2027-03-01"))
    _refused(cli, f, ("hearing", "set", "--matter", m, "--time", "25:00"), "time: must be a time of day")
    _refused(cli, f, ("hearing", "set", "--matter", m, "--format", "zoom"),
             "format: must be one of: video, in-person, telephone")
    _refused(cli, f, ("hearing", "set", "--matter", m, "--outcome", "freedom"), "outcome: must be one of")
    _refused(cli, f, ("hearing", "set", "--matter", m, "--date", "2027-13-01"), "date: is not a real date")
    _refused(cli, f, ("hearing", "set", "--matter", m), "nothing to set")
    _refused(cli, f, ("hearing", "set", "--matter", complaint, "--date", "2027-03-01"),
             f"matter {complaint} (Complaint) is not a parole matter")
    _refused(cli, f, ("hearing", "show", "--matter", 999), "no matter with id 999")


def test_witnesses(book):
    cli, f, m, _ = book
    w = _json(cli("--json", "witness", "add", "--matter", m, "--name", "Dr Imogen Pryce", "--role",
                  "psychologist"))
    assert list(w) == ["id"]
    w2 = _json(cli("--json", "witness", "add", "--matter", m, "--name", "Sam Okafor", "--role", "COM",
                   "--status", "directed"))["id"]
    listed = _json(cli("--json", "witness", "list", "--matter", m))
    assert [(x["name"], x["status"]) for x in listed] == [("Dr Imogen Pryce", "requested"),
                                                          ("Sam Okafor", "directed")]
    assert _json(cli("--json", "witness", "update", w["id"], "--status", "refused"))["changed"] == ["status"]
    assert "Refused" in cli("witness", "list", "--matter", m).stdout
    _refused(cli, f, ("witness", "add", "--matter", m, "--name", "X", "--status", "maybe"),
             "status: must be one of: requested, directed, refused")
    _refused(cli, f, ("witness", "add", "--matter", m), "name: is required")
    _refused(cli, f, ("witness", "add", "--matter", m, "--name", "X", "--contact", "77"),
             "contact: must be a contact of the matter's client")
    assert _json(cli("--json", "witness", "remove", w2)) == {"id": w2, "removed": True}
    shown = _json(cli("--json", "hearing", "show", "--matter", m))
    assert [x["id"] for x in shown["witnesses"]] == [w["id"]] and shown["date"] is None
