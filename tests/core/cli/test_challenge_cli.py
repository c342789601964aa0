"""The programme-access log, allegation and challenge commands of the CLI contract: JSON shapes, a
step's deadline from the engine, and bad input → one line naming the field, exit 1, nothing saved.
The suite runs on 26 November 2026 (tests/conftest.py)."""

from __future__ import annotations

import json

import pytest

TABLES = ("programme_referrals", "referral_status", "allegations", "challenges", "challenge_steps",
          "challenge_evidence", "challenge_events", "events")


def _json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def book(run_cli, tmp_path):
    """A casebook with two clients, each with a matter: ``(cli, path, client, matter, other_client,
    other_matter)``."""
    f = str(tmp_path / "challenges.casebook")
    assert run_cli("--file", f, "init").returncode == 0

    def cli(*args):
        return run_cli("--file", f, *[str(a) for a in args])

    a = _json(cli("--json", "client", "add", "--name", "Ambrose Kettlewell"))["id"]
    b = _json(cli("--json", "client", "add", "--name", "Bertram Oakes"))["id"]
    ma = _json(cli("--json", "matter", "add", "--client", a, "--type", "parole-review"))["id"]
    mb = _json(cli("--json", "matter", "add", "--client", b, "--type", "parole-review"))["id"]
    return cli, f, a, ma, b, mb


def _counts(path) -> dict[str, int]:
    from casebook.store import Casebook
    from tests.conftest import PASSPHRASE

    cb = Casebook.open(path, PASSPHRASE)
    try:
        return {t: cb.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (*TABLES, "audit")}
    finally:
        cb.close()


def _refused(cli, path, args, field):
    before = _counts(path)
    proc = cli(*args)
    assert proc.returncode == 1, proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"casebook: {field}"), proc.stderr
    assert "Traceback" not in proc.stderr
    assert _counts(path) == before
    return lines[0]


def test_programme_refer_status_and_list(book):
    cli, f, a, *_ = book
    rid = _json(cli("--json", "programme", "refer", "--client", a, "--programme", "Kaizen", "--date",
                    "2026-02-01"))
    assert list(rid) == ["id"]
    rid = rid["id"]
    _json(cli("--json", "programme", "status", "--referral", rid, "--status", "awaiting-assessment",
              "--date", "2026-03-01"))
    _json(cli("--json", "programme", "status", "--referral", rid, "--status", "on-hold", "--date",
              "2026-04-01", "--reason", "no places until next year"))
    [listed] = _json(cli("--json", "programme", "list", "--client", a))
    assert (listed["id"], listed["programme"], listed["status"]) == (rid, "kaizen", "on-hold")
    assert listed["history"] == [
        {"status": "submitted", "date": "2026-02-01", "reason": ""},
        {"status": "awaiting-assessment", "date": "2026-03-01", "reason": ""},
        {"status": "on-hold", "date": "2026-04-01", "reason": "no places until next year"}]
    text = cli("programme", "list", "--client", a).stdout
    assert "1 April 2026" in text and "no places until next year" in text
    line = _refused(cli, f, ("programme", "status", "--referral", rid, "--status", "programme-complete",
                             "--date", "2026-05-01"), "status:")
    assert "allowed next: awaiting-assessment, assessment-started" in line
    _refused(cli, f, ("programme", "status", "--referral", rid, "--status", "withdrawn", "--date",
                      "2026-03-31"), "date: cannot be before the previous status")
    _refused(cli, f, ("programme", "status", "--referral", rid, "--status", "withdrawn", "--date",
                      "2026-11-27"), "date: cannot be in the future")
    line = _refused(cli, f, ("programme", "refer", "--client", a, "--programme", "Horizen", "--date",
                             "2026-02-01"), "programme:")
    assert "did you mean: Horizon" in line


def test_allegation_add_status_and_list(book):
    cli, f, a, ma, b, mb = book
    aid = _json(cli("--json", "allegation", "add", "--client", a, "--matter", ma, "--text",
                    "Alleged threats to a neighbour", "--source", "Police report", "--page", "3", "--status",
                    "disputed"))["id"]
    assert _json(cli("--json", "allegation", "status", "--allegation", aid, "--status",
                     "no-factual-basis")) == {"id": aid, "status": "no-factual-basis"}
    assert _json(cli("--json", "allegation", "list", "--client", a)) == [
        {"id": aid, "client": a, "matter": ma, "text": "Alleged threats to a neighbour",
         "source": "Police report", "page": 3, "status": "no-factual-basis"}]
    _refused(cli, f, ("allegation", "add", "--client", a, "--matter", mb, "--text", "x", "--status",
                      "disputed"), "matter: must be a matter of the same client")
    _refused(cli, f, ("allegation", "add", "--client", a, "--text", "x", "--page", "0", "--status",
                      "disputed"), "page: must be a positive whole number")
    _refused(cli, f, ("allegation", "add", "--client", a, "--text", "x", "--status", "probable"), "status:")


def test_challenge_add_step_status_and_list(book):
    cli, f, a, ma, b, mb = book
    ev = _json(cli("--json", "evidence", "add", "--client", a, "--kind", "one-to-one-work", "--date",
                   "2026-05-01", "--title", "Psychology sessions"))["id"]
    other = _json(cli("--json", "evidence", "add", "--client", b, "--kind", "behaviour", "--date",
                      "2026-05-01", "--title", "Enhanced level"))["id"]
    cid = _json(cli("--json", "challenge", "add", "--matter", ma, "--assertion",
                    "Has never engaged with psychology", "--source", "OASys 2026", "--page", "12",
                    "--paragraph", "R6.2", "--ground", "Factual error", "--position",
                    "Completed 14 one-to-one sessions", "--evidence", ev))
    assert list(cid) == ["id"]
    cid = cid["id"]
    # a rectification request received today: 1 month beginning with today, s.54(2) → 25 Dec 2026
    step = _json(cli("--json", "challenge", "step", "--challenge", cid, "--step", "rectification-request",
                     "--date", "2026-11-26"))
    assert step["next_due"] == "2026-12-25"
    _json(cli("--json", "challenge", "step", "--challenge", cid, "--step", "correction-request", "--date",
              "2026-11-10"))  # practice reminder 24 November 2026, closed by the later rectification request
    [listed] = _json(cli("--json", "challenge", "list", "--matter", ma))
    assert {k: listed[k] for k in ("id", "assertion", "ground", "status", "next_due")} == {
        "id": cid, "assertion": "Has never engaged with psychology", "ground": "factual-error",
        "status": "disputed", "next_due": "2026-12-25"}
    assert listed["evidence"] == [ev]
    assert [(s["step"], s["date"], [(d["due"], d["status"]) for d in s["deadlines"]])
            for s in listed["steps"]] == [("correction-request", "2026-11-10", [("2026-11-24", "done")]),
                                          ("rectification-request", "2026-11-26", [("2026-12-25", "open")])]
    assert [d["confirmed"] for s in listed["steps"] for d in s["deadlines"]] == [False, True]
    # each step is an event of the matter's chronology
    events = _json(cli("--json", "event", "list", "--matter", ma))
    assert sorted(e["type"] for e in events) == ["assessment-correction-requested",
                                                 "dpa-rectification-requested"]
    assert _json(cli("--json", "challenge", "status", "--challenge", cid, "--status", "corrected")) == {
        "id": cid, "status": "corrected"}
    text = cli("challenge", "list", "--matter", ma).stdout
    assert "Has never engaged with psychology" in text and "next due 25 December 2026" in text
    hits = _json(cli("--json", "search", "psychology engaged"))
    assert any(h.get("kind") == "challenge" for h in hits), hits
    # bad input: one line naming the field, exit 1, nothing saved
    base = ("challenge", "add", "--matter", ma, "--assertion", "x", "--source", "s", "--position", "p")
    _refused(cli, f, (*base, "--ground", "bias"), "ground:")
    _refused(cli, f, (*base, "--ground", "methodology", "--page", "twelve"), "page: must be a positive")
    _refused(cli, f, (*base, "--ground", "methodology", "--evidence", other),
             "evidence: must be evidence of the matter's client")
    _refused(cli, f, ("challenge", "step", "--challenge", cid, "--step", "tribunal", "--date", "2026-11-01"),
             "step:")
    _refused(cli, f, ("challenge", "step", "--challenge", cid, "--step", "comp1", "--date", "2026-11-27"),
             "date: cannot be in the future")
    _refused(cli, f, ("challenge", "status", "--challenge", cid, "--status", "won"), "status:")
    assert _json(cli("--json", "challenge", "list", "--matter", mb)) == []


def test_a_challenge_links_chronology_events_and_evidence_of_its_client_only(book):
    cli, f, a, ma, b, mb = book
    ev_a = _json(cli("--json", "event", "add", "--matter", ma, "--type", "other", "--date", "2026-10-01",
                     "--note", "Psychology report served"))["id"]
    ev_b = _json(cli("--json", "event", "add", "--matter", mb, "--type", "other",
                     "--date", "2026-10-02"))["id"]
    cid = _json(cli("--json", "challenge", "add", "--matter", ma, "--assertion", "He has done no work",
                    "--source", "OASys", "--page", "12", "--ground", "factual-error",
                    "--position", "He completed Kaizen", "--event", ev_a))["id"]
    (listed,) = _json(cli("--json", "challenge", "list", "--matter", ma))
    assert listed["events"] == [ev_a] and listed["steps"] == [] and listed["next_due"] is None
    # another client's event: refused, nothing saved
    _refused(cli, f, ("challenge", "link", "--challenge", cid, "--event", ev_b), "event")
    _refused(cli, f, ("challenge", "add", "--matter", ma, "--assertion", "x", "--source", "OASys",
                      "--ground", "factual-error", "--position", "y", "--event", ev_b), "event")
    ev_a2 = _json(cli("--json", "event", "add", "--matter", ma, "--type", "other",
                      "--date", "2026-10-03"))["id"]
    linked = _json(cli("--json", "challenge", "link", "--challenge", cid, "--event", ev_a2, "--event", ev_a))
    assert linked["events"] == [ev_a, ev_a2]  # the existing link is kept once
    # a linked event that is not a step never becomes the challenge's next deadline
    step = _json(cli("--json", "challenge", "step", "--challenge", cid, "--step", "rectification-request",
                     "--date", "2026-11-26"))
    assert step["challenge"] == cid and step["next_due"] == "2026-12-25"  # DPA 2018 s.54(2): one month
    (listed,) = _json(cli("--json", "challenge", "list", "--matter", ma))
    assert listed["next_due"] == "2026-12-25"
    assert cli("challenge", "link", "--challenge", cid).returncode == 1
