"""`casebook sentence list|update|remove`: a sentence's offence can be changed to a catalogue offence
after it was entered (the release fraction then follows from it), with bad input refused."""

from __future__ import annotations

import json


def _json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_change_a_sentences_offence_and_the_fraction_follows(run_cli, tmp_path):
    f = str(tmp_path / "c.casebook")
    assert run_cli("--file", f, "init").returncode == 0
    cid = _json(run_cli("--file", f, "--json", "client", "add", "--name", "Ann Example"))["id"]
    sid = _json(run_cli("--file", f, "--json", "sentence", "add", "--client", str(cid), "--type", "SDS",
                        "--date", "2023-05-01", "--term", "P6Y", "--offence-text", "Wounding"))["id"]
    before = _json(run_cli("--file", f, "--json", "client", "show", str(cid)))["release_check"]
    # Free text is refused with the nearest catalogue ids, and nothing changes.
    bad = run_cli("--file", f, "sentence", "update", str(sid), "--offence", "wounding")
    assert bad.returncode == 1 and "oapa1861-s18" in bad.stderr and "Traceback" not in bad.stderr
    listed = _json(run_cli("--file", f, "--json", "sentence", "list", "--client", str(cid)))
    assert listed[0]["offence_id"] is None
    done = _json(run_cli("--file", f, "--json", "sentence", "update", str(sid), "--offence", "oapa1861-s18"))
    assert set(done["changed"]) == {"offence", "offence_id"}
    [s] = _json(run_cli("--file", f, "--json", "sentence", "list", "--client", str(cid)))
    assert s["offence_id"] == "oapa1861-s18" and s["offence"].startswith("Wounding or causing grievous")
    after = _json(run_cli("--file", f, "--json", "client", "show", str(cid)))["release_check"]
    crd = {d["code"]: d for d in after["dates"]}["CRD"]
    assert "s.18" in crd["working"] and crd != {d["code"]: d for d in before["dates"]}.get("CRD")
    # Nothing to change, an unknown sentence, a term out of bounds: one line, exit 1.
    for args in ((), ("--term", "P999999999Y")):
        p = run_cli("--file", f, "sentence", "update", str(sid), *args)
        assert p.returncode == 1 and "Traceback" not in p.stderr
    p = run_cli("--file", f, "sentence", "update", "99", "--term", "P2Y")
    assert p.returncode == 1 and "no sentence with id 99" in p.stderr
    assert run_cli("--file", f, "sentence", "remove", str(sid)).returncode == 0
    assert _json(run_cli("--file", f, "--json", "sentence", "list", "--client", str(cid))) == []


def test_a_sentence_is_added_as_a_solicitor_writes_it(run_cli, tmp_path):
    """`--term "4 years 6 months"` was refused ("must be a term like P4Y6M"), though the app took it; and
    the offence date (which decides the rules for a short sentence either side of 1 February 2015) could
    only be given afterwards with `sentence update`."""
    f = str(tmp_path / "c.casebook")
    assert run_cli("--file", f, "init").returncode == 0
    cid = _json(run_cli("--file", f, "--json", "client", "add", "--name", "Ann Example",
                        "--dob", "01/01/1980"))["id"]
    sid = _json(run_cli("--file", f, "--json", "sentence", "add", "--client", str(cid), "--type", "SDS",
                        "--date", "10/03/2015", "--offence-date", "20/01/2015",
                        "--term", "10 months"))["id"]
    [s] = _json(run_cli("--file", f, "--json", "sentence", "list", "--client", str(cid)))
    assert s["id"] == sid and s["custodial_term"] == "P10M" and s["offence_date"] == "2015-01-20"
    assert _json(run_cli("--file", f, "--json", "sentence", "update", str(sid), "--term",
                         "1 year and 2 months"))["changed"] == ["custodial_term"]
    [s] = _json(run_cli("--file", f, "--json", "sentence", "list", "--client", str(cid)))
    assert s["custodial_term"] == "P1Y2M"
    bad = run_cli("--file", f, "sentence", "add", "--client", str(cid), "--type", "SDS", "--date",
                  "10/03/2015", "--term", "about 4 years")
    assert bad.returncode == 1 and "term" in bad.stderr and "Traceback" not in bad.stderr
    assert len(_json(run_cli("--file", f, "--json", "sentence", "list", "--client", str(cid)))) == 1


def test_remand_and_a_recall_are_entered_from_the_cli_and_move_the_dates(run_cli, tmp_path):
    """The CLI had no way to enter remand, tagged bail, UAL or additional days, nor a recall: a release
    check from the CLI could only be of the bare sentences."""
    f = str(tmp_path / "c.casebook")
    assert run_cli("--file", f, "init").returncode == 0
    cid = _json(run_cli("--file", f, "--json", "client", "add", "--name", "Ann Example",
                        "--dob", "01/01/1980"))["id"]
    _json(run_cli("--file", f, "--json", "sentence", "add", "--client", str(cid), "--type", "SDS",
                  "--date", "01/03/2023", "--offence-date", "01/01/2023", "--term", "3 years",
                  "--offence", "ta1968-s9-dwelling"))

    def crd():
        rc = _json(run_cli("--file", f, "--json", "client", "show", str(cid)))["release_check"]
        return {d["code"]: d["ours"] for d in rc["dates"]}.get("CRD")

    bare = crd()
    # 3 years from 1 March 2023 = 1,096 days (to 28 February 2026; 2024 is a leap year); one-half = 548
    # days → 1 March 2023 + 547 = 29 August 2024, before SDS40's first tranche (10 September 2024), so the
    # release under the old fraction stands (CJA 2003 s.244; SI 2024/844 art.3).
    assert bare == "2024-08-29"
    # 30 days' remand ending the day before sentence (CJA 2003 s.240ZA): 30 days earlier.
    aid = _json(run_cli("--file", f, "--json", "adjustment", "add", "--client", str(cid), "--kind", "remand",
                        "--days", "30", "--from", "30/01/2023", "--to", "28/02/2023"))["id"]
    assert crd() == "2024-07-30"
    [a] = _json(run_cli("--file", f, "--json", "adjustment", "list", "--client", str(cid)))
    assert a == {"id": aid, "kind": "REMAND", "days": 30, "from_date": "2023-01-30", "to_date": "2023-02-28"}
    listed = run_cli("--file", f, "adjustment", "list", "--client", str(cid))
    assert "Remand in custody: 30 days, 30 January 2023 to 28 February 2023" in listed.stdout
    # Bad input: one line, nothing saved.
    for bad in (("--kind", "BONUS", "--days", "3"), ("--kind", "REMAND", "--days", "-3"),
                ("--kind", "REMAND", "--days", "3", "--from", "31/02/2023")):
        p = run_cli("--file", f, "adjustment", "add", "--client", str(cid), *bad)
        assert p.returncode == 1 and "Traceback" not in p.stderr and p.stderr.count("\n") == 1, p.stderr
    assert len(_json(run_cli("--file", f, "--json", "adjustment", "list", "--client", str(cid)))) == 1
    assert run_cli("--file", f, "adjustment", "remove", str(aid)).returncode == 0
    assert crd() == bare
    # A recall on the sentence, set and cleared with update.
    [s] = _json(run_cli("--file", f, "--json", "sentence", "list", "--client", str(cid)))
    done = _json(run_cli("--file", f, "--json", "sentence", "update", str(s["id"]), "--recall", "standard",
                         "--recall-date", "01/06/2025"))
    assert set(done["changed"]) == {"recall_type", "recall_date"}
    [s] = _json(run_cli("--file", f, "--json", "sentence", "list", "--client", str(cid)))
    assert s["recall_type"] == "STANDARD" and s["recall_date"] == "2025-06-01"
    _json(run_cli("--file", f, "--json", "sentence", "update", str(s["id"]), "--recall", "none"))
    [s] = _json(run_cli("--file", f, "--json", "sentence", "list", "--client", str(cid)))
    assert s["recall_type"] is None
