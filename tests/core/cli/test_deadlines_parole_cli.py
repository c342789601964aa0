"""Issue 12 through the CLI: recalls and re-release, non-working due dates in the JSON, commencement
dates, the Board's directions among the deadlines."""

from __future__ import annotations

import json


def _json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _setup(run_cli, tmp_path):
    f = str(tmp_path / "c.casebook")
    assert run_cli("--file", f, "init").returncode == 0
    cid = _json(run_cli("--file", f, "--json", "client", "add", "--name", "Ann Example"))["id"]
    assert run_cli("--file", f, "sentence", "add", "--client", str(cid), "--type", "IPP", "--date",
                   "2008-05-01", "--minimum-term", "P2Y").returncode == 0
    term = _json(run_cli("--file", f, "--json", "matter", "add", "--client", str(cid),
                         "--type", "ipp-licence-termination"))["id"]
    recall = _json(run_cli("--file", f, "--json", "matter", "add", "--client", str(cid),
                           "--type", "recall-review"))["id"]
    return f, cid, term, recall


def _event(run_cli, f, matter, kind, date):
    return run_cli("--file", f, "--json", "event", "add", "--matter", str(matter), "--type", kind,
                   "--date", date)


def test_issue_example_through_the_cli(run_cli, tmp_path):
    f, _cid, term, recall = _setup(run_cli, tmp_path)
    assert _event(run_cli, f, term, "ipp-licence-start", "2021-01-10").returncode == 0
    # A re-release before any recall: one clear line, exit 1, nothing saved.
    bad = _event(run_cli, f, recall, "re-release", "2025-03-01")
    assert bad.returncode == 1 and "record the recall first" in bad.stderr and "Traceback" not in bad.stderr
    assert _json(run_cli("--file", f, "--json", "event", "list", "--matter", str(recall))) == []
    assert _event(run_cli, f, recall, "recall", "2024-06-01").returncode == 0
    assert _event(run_cli, f, recall, "re-release", "2025-03-01").returncode == 0
    items = _json(run_cli("--file", f, "--json", "deadlines", "--matter", str(term), "--as-at", "2026-12-02"))
    got = {i["rule_id"]: i for i in items}
    assert got["vpa2024-ipp-automatic-termination"]["due"] == "2027-02-28"
    assert got["vpa2024-ipp-termination-review"]["due"] == "2025-02-01"
    assert all("non_working_day" in i for i in items)
    # 28 February 2027 is a Sunday, named; the statutory date is not moved.
    auto = got["vpa2024-ipp-automatic-termination"]
    assert auto["non_working_day"] == "Sunday" and auto["rolled_from"] is None
    human = run_cli("--file", f, "deadlines", "--matter", str(term), "--as-at", "2026-12-02").stdout
    assert "falls on Sunday — fixed by statute" in human


def test_commencement_command(run_cli, tmp_path):
    f, _cid, term, _recall = _setup(run_cli, tmp_path)
    assert _event(run_cli, f, term, "ipp-licence-start", "2025-01-01").returncode == 0
    listed = _json(run_cli("--file", f, "--json", "deadlines", "commencement"))
    by_id = {c["id"]: c for c in listed}
    assert set(by_id) == {"sa2026-s42", "sa2026-progression-model"}
    assert all(c["in_force_from"] is None for c in listed)
    assert _json(run_cli("--file", f, "--json", "deadlines", "commencement", "sa2026-s42",
                         "2026-06-01"))[0]["in_force_from"] == "2026-06-01"
    items = _json(run_cli("--file", f, "--json", "deadlines", "--matter", str(term), "--as-at", "2026-12-02"))
    assert {i["rule_id"]: i["due"] for i in items}["sa2026-ipp-termination-review"] == "2027-01-01"
    bad = run_cli("--file", f, "deadlines", "commencement", "no-such-act", "2026-06-01")
    assert bad.returncode == 1 and "sa2026-s42" in bad.stderr
    bad = run_cli("--file", f, "deadlines", "commencement", "sa2026-s42", "2026-13-01")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert _json(run_cli("--file", f, "--json", "deadlines", "commencement", "sa2026-s42",
                         "--clear"))[0]["in_force_from"] is None


def test_directions_appear_in_deadlines_json(run_cli, tmp_path):
    f = str(tmp_path / "c.casebook")
    assert run_cli("--file", f, "init").returncode == 0
    cid = _json(run_cli("--file", f, "--json", "client", "add", "--name", "Ben Example"))["id"]
    mid = _json(run_cli("--file", f, "--json", "matter", "add", "--client", str(cid), "--type",
                        "parole-review"))["id"]
    did = _json(run_cli("--file", f, "--json", "direction", "add", "--matter", str(mid), "--text",
                        "Secretary of State to serve the psychology report", "--due", "2026-12-25",
                        "--party", "Secretary of State"))["id"]
    items = _json(run_cli("--file", f, "--json", "deadlines", "--as-at", "2026-12-02"))
    [d] = [i for i in items if i["id"] == f"direction:{did}"]
    assert d["due"] == "2026-12-25" and "direction" in d["rule"].lower()
    assert d["non_working_day"] == "Christmas Day"
    assert run_cli("--file", f, "deadlines", "done", f"direction:{did}").returncode == 0
    items = _json(run_cli("--file", f, "--json", "deadlines", "--as-at", "2026-12-02"))
    assert [i["status"] for i in items if i["id"] == f"direction:{did}"] == ["done"]
