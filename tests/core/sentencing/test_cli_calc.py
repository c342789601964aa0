"""``casebook calc`` through the CLI: in-process (``casebook.cli.main``), and once as a real
``python -m casebook`` subprocess, the way scripts call it."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.cli import calc, main
from tests.conftest import CliResult

ROOT = Path(__file__).resolve().parents[3]
CASE = ROOT.parent / "shared" / "oracles" / "release-dates" / "overall_calculation" / "custom-examples"

BOOKING = {
    "booking": {
        "offender": {"reference": "X", "dateOfBirth": "1990-01-01"},
        "sentences": [{"type": "StandardSentence", "offence": {"committedAt": "2020-11-15"},
                       "duration": {"durationElements": {"MONTHS": 17}}, "sentencedAt": "2021-09-21",
                       "releaseArrangements": {"isSDSPlus": False, "sdsEarlyReleaseExclusions": []}}],
        "adjustments": {"REMAND": [{"appliesToSentencesFrom": "2021-09-21", "numberOfDays": 118}]},
    },
    "params": "sds-50",
}


def run(*args) -> CliResult:
    """``casebook ARGS`` in-process, stdout and stderr captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return CliResult(code, out.getvalue(), err.getvalue())


def run_subprocess(*args):
    return subprocess.run([sys.executable, "-m", "casebook", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=60)


@pytest.fixture
def booking_file(tmp_path):
    p = tmp_path / "b.json"
    p.write_text(json.dumps(BOOKING))
    return p


def test_json_output_one_line_per_file(booking_file, tmp_path):
    unsupported = tmp_path / "u.json"
    doc = json.loads(json.dumps(BOOKING))
    # offence before 4 April 2005, sentenced before December 2012, 5 years, on a 28-day fixed-term recall:
    # refused
    doc["booking"]["sentences"][0]["offence"]["committedAt"] = "2003-05-01"
    doc["booking"]["sentences"][0]["sentencedAt"] = "2008-01-10"
    doc["booking"]["sentences"][0]["duration"]["durationElements"] = {"YEARS": 5}
    doc["booking"]["sentences"][0]["recallType"] = "FIXED_TERM_RECALL_28"
    doc["booking"]["returnToCustodyDate"] = "2011-03-01"
    unsupported.write_text(json.dumps(doc))
    r = run_subprocess("calc", str(booking_file), str(unsupported), "--json")
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    # 17 months from 21 Sep 2021 = 518 days; half = 259 → 6 Jun 2022; − 118 remand → 8 Feb 2022.
    assert lines[0] == {"file": str(booking_file), "effectiveSentenceLength": "P1Y5M",
                        "dates": {"SLED": "2022-10-25", "CRD": "2022-02-08", "HDCED": "2021-10-05",
                                  "TUSED": "2023-02-08", "ESED": "2023-02-20"}}
    assert lines[1]["unsupported"] is True and lines[1]["error"].startswith("not supported: ")
    assert r.returncode == 3
    assert "Traceback" not in r.stderr


def test_human_output_uses_english_dates(booking_file):
    r = run("calc", str(booking_file))
    assert r.returncode == 0
    assert "8 February 2022" in r.stdout and "working:" in r.stdout


def test_bad_file_exit_1_one_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    r = run("--json", "calc", str(bad), str(tmp_path / "missing.json"))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 2
    assert all("error" in json.loads(x) and "unsupported" not in json.loads(x) for x in r.stdout.splitlines())


def test_handler_directly(booking_file, capsys):
    ns = type("A", (), {"files": [str(booking_file)], "json": True})()
    assert calc.handler(ns, None) == 0
    assert json.loads(capsys.readouterr().out)["dates"]["CRD"] == "2022-02-08"


@pytest.mark.skipif(not CASE.is_dir(), reason="oracle corpus not present")
def test_oracle_file_through_cli():
    f = CASE / "crs-1008-consec-week-years.json"
    r = run("calc", str(f), "--json")
    assert json.loads(r.stdout)["dates"] == {"SLED": "2022-03-29", "CRD": "2022-02-24", "TUSED": "2023-02-24",
                                             "ESED": "2022-03-29"}
