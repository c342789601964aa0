"""``casebook offence search`` and ``sentence add --offence ID`` (issue 13)."""

from __future__ import annotations

import json


def _json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_offence_search_is_ranked_json_without_a_casebook(run_cli):
    rows = _json(run_cli("--json", "offence", "search", "wounding", "with", "intent", passphrase=None))
    assert rows[0]["id"] == "oapa1861-s18"
    assert set(rows[0]) >= {"id", "title", "statute", "flags"}
    assert rows[0]["statute"] == "Offences Against the Person Act 1861 s.18"
    codes = {f["code"] for f in rows[0]["flags"]}
    assert {"SCH15_P1", "SDS_PLUS_4Y"} <= codes
    assert all({"code", "citation", "since", "confirmed"} <= set(f) for f in rows[0]["flags"])
    human = run_cli("offence", "search", "coercive", passphrase=None)
    assert human.returncode == 0 and "sca2015-s76" in human.stdout


def test_offence_search_with_no_match_exits_1(run_cli):
    p = run_cli("--json", "offence", "search", "zzzqqq", passphrase=None)
    assert p.returncode == 1 and json.loads(p.stdout) == []


def test_sentence_add_takes_a_catalogue_id_and_the_check_names_the_rule(run_cli, tmp_path):
    f = str(tmp_path / "c.casebook")
    assert run_cli("--file", f, "init").returncode == 0
    cid = _json(run_cli("--file", f, "--json", "client", "add", "--name", "Ann Example", "--dob",
                        "1990-01-01"))["id"]
    sid = _json(run_cli("--file", f, "--json", "sentence", "add", "--client", str(cid), "--type", "SDS",
                        "--date", "2023-05-01", "--term", "P6Y", "--offence", "oapa1861-s18"))["id"]
    shown = _json(run_cli("--file", f, "--json", "client", "show", str(cid)))
    [s] = shown["sentences"]
    assert s["id"] == sid and s["offence_id"] == "oapa1861-s18"
    assert s["offence"] == "Wounding or causing grievous bodily harm with intent"
    crd = next(d for d in shown["release_check"]["dates"] if d["code"] == "CRD")
    assert "s.244ZA" in crd["working"] and "Schedule 15" in crd["working"]
    human = run_cli("--file", f, "client", "show", str(cid)).stdout
    assert "Enter the prison's calculation to compare." in human
    assert "No differences" not in human


def test_sentence_add_refuses_free_text_with_the_nearest_and_saves_nothing(run_cli, tmp_path):
    f = str(tmp_path / "c.casebook")
    assert run_cli("--file", f, "init").returncode == 0
    cid = _json(run_cli("--file", f, "--json", "client", "add", "--name", "Ann Example"))["id"]
    p = run_cli("--file", f, "sentence", "add", "--client", str(cid), "--type", "SDS", "--date",
                "2023-05-01", "--term", "P6Y", "--offence", "GBH with intent")
    assert p.returncode == 1
    assert "not an offence id" in p.stderr and "oapa1861-s18" in p.stderr
    assert "Traceback" not in p.stderr
    assert _json(run_cli("--file", f, "--json", "client", "show", str(cid)))["sentences"] == []
    # the record's own wording is kept with --offence-text
    _json(run_cli("--file", f, "--json", "sentence", "add", "--client", str(cid), "--type", "SDS", "--date",
                  "2023-05-01", "--term", "P6Y", "--offence", "oapa1861-s18", "--offence-text",
                  "GBH with intent (count 1)"))
    [s] = _json(run_cli("--file", f, "--json", "client", "show", str(cid)))["sentences"]
    assert s["offence"] == "GBH with intent (count 1)" and s["offence_id"] == "oapa1861-s18"
