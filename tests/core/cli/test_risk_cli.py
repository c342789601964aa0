"""The risk and evidence commands of the CLI contract: ``assessment``, ``factor``, ``evidence`` and
``report matrix`` — JSON shapes, and bad input → one line naming the field, exit 1, nothing saved."""

from __future__ import annotations

import json

import pytest


def _json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture
def book(run_cli, tmp_path):
    """A casebook with two clients; returns ``(cli, client, other_client)`` where ``cli(*args)`` runs
    a command on it."""
    f = str(tmp_path / "risk.casebook")
    assert run_cli("--file", f, "init").returncode == 0

    def cli(*args):
        return run_cli("--file", f, *[str(a) for a in args])

    a = _json(cli("--json", "client", "add", "--name", "Ambrose Kettlewell"))["id"]
    b = _json(cli("--json", "client", "add", "--name", "Bertram Oakes"))["id"]
    return cli, a, b


def _counts(cli) -> dict[str, int]:
    return _json(cli("--json", "check"))["counts"]


def test_assessment_add_and_list(book):
    cli, cid, _ = book
    aid = _json(cli("--json", "assessment", "add", "--client", cid, "--tool", "OASys", "--date", "2026-03-02",
                    "--author", "Probation officer", "--source", "OASys layer 3", "--page", "14",
                    "--rosh", "public:community=high", "--rosh", "known adult:custody=Very High",
                    "--score", "OGRS3=62:static", "--score", "osp/dc=31", "--band-as-issued", "ogrs3=High"))
    assert list(aid) == ["id"]
    listed = _json(cli("--json", "assessment", "list", "--client", cid))
    assert listed == [{
        "id": aid["id"], "tool": "oasys", "date": "2026-03-02", "author": "Probation officer",
        "rosh": [{"group": "public", "setting": "community", "level": "high"},
                 {"group": "known-adult", "setting": "custody", "level": "very high"}],
        "scores": [
            {"name": "OGRS3", "value": 62, "kind": "static", "band": "medium", "band_as_issued": "high"},
            {"name": "OSP/DC", "value": 31, "kind": None, "band": "high", "band_as_issued": None}],
        "author_role": None, "source": "OASys layer 3", "page": 14, "pni": None, "mappa_category": None,
        "mappa_level": None, "conclusions": "", "recommendation": None, "sections": [],
    }]
    text = cli("assessment", "list", "--client", cid).stdout
    assert "2 March 2026" in text and "DIFFERS. Issued as high" in text
    assert _json(cli("--json", "assessment", "list", "--client", _json(
        cli("--json", "client", "add", "--name", "Nobody Yet"))["id"])) == []


def test_assessment_add_takes_every_field_the_services_accept(book):
    cli, cid, _ = book
    aid = _json(cli("--json", "assessment", "add", "--client", cid, "--tool", "oasys", "--date", "2026-03-02",
                    "--author-role", "Probation", "--conclusions", "Risk reduced since Kaizen",
                    "--recommendation", "Open conditions", "--pni", "Moderate intensity",
                    "--mappa-category", "2", "--mappa-level", "1", "--section", "11:both",
                    "--section", "6:offending", "--section", "3:none", "--section", "7:HARM"))["id"]
    [got] = _json(cli("--json", "assessment", "list", "--client", cid))
    assert got["id"] == aid
    assert {k: got[k] for k in ("author_role", "conclusions", "recommendation", "pni", "mappa_category",
                                "mappa_level")} == {
        "author_role": "probation", "conclusions": "Risk reduced since Kaizen",
        "recommendation": "Open conditions", "pni": "moderate", "mappa_category": 2, "mappa_level": 1}
    assert got["sections"] == [
        {"section": 3, "linked_to_harm": False, "linked_to_offending": False},
        {"section": 6, "linked_to_harm": False, "linked_to_offending": True},
        {"section": 7, "linked_to_harm": True, "linked_to_offending": False},
        {"section": 11, "linked_to_harm": True, "linked_to_offending": True}]
    text = cli("assessment", "list", "--client", cid).stdout
    assert "Section 11: linked to harm and offending" in text and "MAPPA category 2" in text
    assert "Recommendation: Open conditions" in text
    help_text = cli("assessment", "add", "--help").stdout
    assert "N:harm|offending|both|none" in help_text and "--mappa-level" in help_text


def test_factor_evidence_and_matrix(book):
    cli, cid, _ = book
    aid = _json(cli("--json", "assessment", "add", "--client", cid, "--tool", "hcr-20-v3", "--date",
                    "2026-02-01", "--author", "Dr Q. Expert"))["id"]
    f1 = _json(cli("--json", "factor", "add", "--client", cid, "--name", "Emotional management",
                   "--assessment", aid, "--assessment", f"{aid}:C2"))["id"]
    f2 = _json(cli("--json", "factor", "add", "--client", cid, "--name", "Intimate relationships"))["id"]
    assert _json(cli("--json", "factor", "list", "--client", cid)) == [
        {"id": f1, "name": "Emotional management", "notes": "",
         "assessments": [{"id": aid, "section": ""}, {"id": aid, "section": "C2"}]},
        {"id": f2, "name": "Intimate relationships", "notes": "", "assessments": []}]
    e1 = _json(cli("--json", "evidence", "add", "--client", cid, "--kind", "accredited-programme", "--date",
                   "2026-06-30", "--title", "Kaizen completed", "--factor", f1, "--source",
                   "Post-programme report", "--page", "4"))["id"]
    e2 = _json(cli("--json", "evidence", "add", "--client", cid, "--kind", "behaviour", "--date",
                   "2026-05-01", "--title", "Six months adjudication-free", "--factor", f1))["id"]
    listed = _json(cli("--json", "evidence", "list", "--client", cid))
    assert [(e["id"], e["kind"], e["date"], e["title"], e["page"], e["factors"]) for e in listed] == [
        (e2, "behaviour", "2026-05-01", "Six months adjudication-free", None, [f1]),
        (e1, "accredited-programme", "2026-06-30", "Kaizen completed", 4, [f1])]
    matrix = _json(cli("--json", "report", "matrix", "--client", cid))
    assert matrix == {"factors": [
        {"id": f1, "name": "Emotional management", "evidence": [e2, e1], "gap": False},
        {"id": f2, "name": "Intimate relationships", "evidence": [], "gap": True}]}
    assert "NO EVIDENCE" in cli("report", "matrix", "--client", cid).stdout
    hits = _json(cli("--json", "search", "adjudication"))
    assert [(h["kind"], h["id"], h["client"]) for h in hits] == [("evidence", e2, cid)]


BAD = [
    (["assessment", "add", "--tool", "ouija", "--date", "2026-01-01"], "tool"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-11-27"], "date"),   # tomorrow, by the clock
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--page", "0"], "page"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--page", "xii"], "page"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--score", "OGRS3=101"], "score value"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--score", "OSP/DC=65"], "score value"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--score", "OGRS3"], "--score"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--score", "XYZ=3"], "score name"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--score", "OGRS3=60:fixed"],
     "score kind"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--score", "OGRS3=60",
      "--band-as-issued", "OGRS3=purple"], "band as issued"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--band-as-issued", "OVP=low"],
     "band as issued"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--rosh", "public=high"], "--rosh"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--rosh", "public:custody=severe"],
     "rosh level"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--rosh", "prisoners:community=low"],
     "rosh setting"),
    # a good assessment with one bad part saves nothing, not even the good parts
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--rosh", "public:custody=low",
      "--score", "OGRS3=60", "--score", "OVP=-1"], "score value"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--author-role", "clairvoyant"],
     "author role"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--pni", "maximum"], "pni"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--mappa-category", "5"],
     "mappa category"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--mappa-level", "two"], "mappa level"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--section", "14:both"],
     "section section"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--section", "11:sometimes"],
     "--section"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--section", "11"], "--section"),
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--section", "11:both", "--section",
      "11:harm"], "section"),
    # good fields and parts with one bad flag save nothing
    (["assessment", "add", "--tool", "oasys", "--date", "2026-01-01", "--section", "11:both",
      "--score", "OGRS3=60", "--mappa-level", "4"], "mappa level"),
    (["evidence", "add", "--kind", "rumour", "--date", "2026-01-01", "--title", "T"], "kind"),
    (["evidence", "add", "--kind", "behaviour", "--date", "2027-01-01", "--title", "T"], "date"),
    (["evidence", "add", "--kind", "behaviour", "--date", "2026-01-01", "--title", "T", "--page", "-2"],
     "page"),
    (["factor", "add", "--name", " "], "name"),
    (["factor", "add", "--name", "X", "--assessment", "abc"], "--assessment"),
]


@pytest.mark.parametrize(("args", "field"), BAD, ids=[f"{a[0]}-{f}-{i}" for i, (a, f) in enumerate(BAD)])
def test_bad_input_is_one_line_naming_the_field_exit_1_and_nothing_saved(book, args, field):
    cli, cid, _ = book
    before = _counts(cli)
    p = cli("--json", *args[:2], "--client", cid, *args[2:])
    assert p.returncode == 1, p.stderr
    assert p.stdout == "" and "Traceback" not in p.stderr
    line = p.stderr.strip()
    assert len(line.splitlines()) == 1 and line.startswith(f"casebook: {field}"), line
    assert _counts(cli) == before


def test_records_of_another_client_are_refused(book):
    cli, cid, other = book
    theirs = _json(cli("--json", "assessment", "add", "--client", other, "--tool", "oasys", "--date",
                       "2026-01-01"))["id"]
    their_factor = _json(cli("--json", "factor", "add", "--client", other, "--name",
                             "Substance misuse"))["id"]
    before = _counts(cli)
    p = cli("factor", "add", "--client", cid, "--name", "Thinking skills", "--assessment", theirs)
    assert p.returncode == 1
    assert p.stderr.strip() == "casebook: assessment: must be an assessment of the same client"
    p = cli("evidence", "add", "--client", cid, "--kind", "behaviour", "--date", "2026-01-01", "--title", "T",
            "--factor", their_factor)
    assert p.returncode == 1
    assert p.stderr.strip() == "casebook: factor: must be a risk factor of the same client"
    for args in (["assessment", "list"], ["factor", "list"], ["evidence", "list"], ["report", "matrix"],
                 ["factor", "add", "--name", "X"]):
        p = cli(*args, "--client", 999)
        assert (p.returncode, p.stderr.strip()) == (1, "casebook: no client with id 999")
    assert _counts(cli) == before


def test_the_audit_log_records_an_assessment_and_its_parts(book):
    cli, cid, _ = book
    aid = _json(cli("--json", "assessment", "add", "--client", cid, "--tool", "oasys", "--date", "2026-01-01",
                    "--rosh", "staff:custody=low", "--score", "OGP=20"))["id"]
    entries = _json(cli("--json", "audit", "--limit", 5))
    assert [(e["action"], e["entity"]) for e in entries][:3] == [
        ("create", "score"), ("create", "rosh-level"), ("create", "assessment")]
    assert entries[2]["entity_id"] == aid
