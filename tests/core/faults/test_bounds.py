"""Fault 4: every number and depth is bounded at the edge — terms, ids, and the calc input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casebook.domain.validate import parse_period
from casebook.store import Casebook
from tests.conftest import PASSPHRASE
from tests.core.faults.helpers import count, one_line

ORACLES = Path(__file__).resolve().parents[4] / "shared" / "oracles" / "release-dates"


@pytest.mark.parametrize("term", ["P999999999Y", "P151Y", "P1801M", "P7801W", "P55001D",
                                  "P" + "9" * 5000 + "D"])
def test_terms_beyond_the_limits_are_refused(term):
    with pytest.raises(ValueError, match="too long: a term is at most 150 years"):
        parse_period(term)


@pytest.mark.parametrize("term", ["P150Y", "P1800M", "P7800W", "P55000D", "P4Y6M", "P2Y3D"])
def test_terms_within_the_limits_are_kept(term):
    assert parse_period(term) == term


@pytest.fixture
def client_file(run_cli, casebook_path):
    assert run_cli("--file", casebook_path, "client", "add", "--name", "Ada Lovelace").returncode == 0
    return casebook_path


def test_cli_refuses_a_huge_term_and_saves_nothing(run_cli, client_file):
    r = run_cli("--file", client_file, "sentence", "add", "--client", "1", "--type", "SDS", "--date",
                "2020-01-01", "--term", "P999999999Y")
    assert r.returncode == 1
    assert "custodial term: is too long" in one_line(r)
    assert count(client_file, "sentences") == 0


def test_a_stored_bad_term_never_breaks_client_show_or_deadlines(run_cli, client_file):
    """A term saved before terms were bounded (written straight into the file here)."""
    with Casebook.open(client_file, PASSPHRASE) as cb, cb.transaction():
        cb.conn.execute("INSERT INTO sentences(client_id, sentence_type, sentence_date, custodial_term, "
                        "created_at, updated_at) VALUES (1, 'SDS', '2020-01-01', 'P999999999Y', "
                        "'2026-01-01', '2026-01-01')")
    r = run_cli("--file", client_file, "client", "show", "1")
    assert r.returncode == 0, r.stderr
    assert "not calculated" in r.stdout and "too long" in r.stdout
    shown = json.loads(run_cli("--file", client_file, "--json", "client", "show", "1").stdout)
    assert "too long" in shown["release_check"]["refusal"]
    assert run_cli("--file", client_file, "deadlines").returncode == 0


@pytest.mark.parametrize("args, message", [
    (("client", "show", "99999999999999999999999"), "no client with id 99999999999999999999999"),
    (("event", "add", "--matter", "99999999999999999999", "--type", "referral", "--date", "2020-01-01"),
     "no matter with id 99999999999999999999"),
    (("matter", "add", "--client", "-99999999999999999999", "--type", "parole-review"),
     "no client with id -99999999999999999999"),
    (("sentence", "add", "--client", "1", "--type", "SDS", "--date", "2020-01-01", "--term", "P2Y",
      "--consecutive-to", "99999999999999999999"), "no record has id 99999999999999999999"),
])
def test_huge_ids_name_no_record(run_cli, client_file, args, message):
    r = run_cli("--file", client_file, *args)
    assert r.returncode == 1
    assert message in one_line(r)


def _booking() -> str:
    files = sorted(ORACLES.glob("overall_calculation/*/*.json")) if ORACLES.is_dir() else []
    for f in files:
        text = f.read_text(encoding="utf-8")
        if '"YEARS": 3,' in text:
            return text
    pytest.skip("no HMPPS booking with a YEARS element among the oracles")


@pytest.mark.parametrize("name, change, message", [
    ("years-inf", ('"YEARS": 3,', '"YEARS": 1e400,'), "a number is out of range (1e400)"),
    ("days-huge", ('"YEARS": 3,', '"YEARS": 3, "DAYS": 1000000000000,'),
     "DAYS 1000000000000 is out of range"),
    ("days-beyond-calendar", ('"YEARS": 3,', '"YEARS": 3, "DAYS": 3000000,'), "DAYS 3000000 is out of range"),
    ("nan", ('"YEARS": 3,', '"YEARS": NaN,'), "NaN is not a number a booking can hold"),
])
def test_calc_refuses_numbers_out_of_range(run_cli, tmp_path, name, change, message):
    f = tmp_path / f"{name}.json"
    f.write_text(_booking().replace(*change, 1), encoding="utf-8")
    r = run_cli("calc", "--json", f, passphrase=None)
    assert r.returncode == 1
    assert message in one_line(r)
    assert message in json.loads(r.stdout)["error"]


def test_calc_refuses_deep_nesting_without_recursing(run_cli, tmp_path):
    f = tmp_path / "deep.json"
    f.write_text("[" * 200_000 + "]" * 200_000)
    r = run_cli("calc", "--json", f, passphrase=None)
    assert r.returncode == 1
    assert "nested more than 64 levels" in one_line(r)


def test_calc_still_reads_a_real_booking(run_cli, tmp_path):
    f = tmp_path / "ok.json"
    f.write_text(_booking(), encoding="utf-8")
    r = run_cli("calc", "--json", f, passphrase=None)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["dates"]


def test_calc_refuses_a_file_too_large(run_cli, tmp_path):
    f = tmp_path / "big.json"
    with open(f, "w") as fh:
        fh.write('{"x": "' + "a" * (6 * 1024 * 1024) + '"}')
    r = run_cli("calc", "--json", f, passphrase=None)
    assert r.returncode == 1 and "larger than 5 MB" in one_line(r)
