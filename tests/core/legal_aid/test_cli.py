"""``casebook visit|time|legalaid|fees|claims`` (issue 14): the JSON shapes, and bad input → one line on
stderr, exit 1, nothing saved."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from tests.conftest import TEST_TODAY


def _json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _fails(proc, says: str) -> None:
    assert proc.returncode == 1, proc.stdout
    assert proc.stderr.startswith("casebook: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert says in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.fixture
def book(run_cli, tmp_path):
    f = str(tmp_path / "la.casebook")
    assert run_cli("--file", f, "init").returncode == 0

    def cli(*args):
        return run_cli("--file", f, *[str(a) for a in args])

    c = _json(cli("--json", "client", "add", "--name", "Ambrose Kettlewell",
                  "--prison-number", "A1234BC"))["id"]
    m = _json(cli("--json", "matter", "add", "--client", c, "--type", "parole-review"))["id"]
    return cli, m, tmp_path


def _time(cli, m):
    return _json(cli("--json", "time", "list", "--matter", m))


def test_time_add_and_list_round_up_to_units(book):
    cli, m, _ = book
    a = _json(cli("--json", "time", "add", "--matter", m, "--activity", "preparation", "--minutes", 7,
                  "--date", "2026-11-20", "--note", "Read the dossier"))
    assert (a["minutes"], a["units"]) == (12, 2)
    _json(cli("--json", "time", "add", "--matter", m, "--activity", "letters-out", "--items", 2))
    listed = _time(cli, m)
    assert [(e["activity"], e["minutes_raw"], e["minutes"], e["items"]) for e in listed] == [
        ("preparation", 7, 12, 0), ("letters-out", 0, 0, 2)]
    assert listed[0]["description"] == "Read the dossier" and listed[0]["date"] == "2026-11-20"
    assert _json(cli("--json", "time", "unit", "--set", 15)) == {"unit_minutes": 15}
    added = _json(cli("--json", "time", "add", "--matter", m, "--activity", "calls", "--minutes", 1))
    assert added["minutes"] == 15


@pytest.mark.parametrize(("args", "says"), [
    (("--minutes", "0"), "minutes"), (("--minutes", "-5"), "minutes"), (("--minutes", "ten"), "minutes"),
    (("--minutes", "2.5"), "minutes"), ((), "--minutes"),
    (("--minutes", "6", "--date", "31/02/2026"), "date"),
])
def test_time_add_refuses_bad_minutes_and_saves_nothing(book, args, says):
    cli, m, _ = book
    _fails(cli("time", "add", "--matter", m, "--activity", "preparation", *args), says)
    _fails(cli("time", "add", "--matter", m, "--activity", "lunch", "--minutes", 6), "activity")
    assert _time(cli, m) == []


def test_legalaid_set_and_fees_json(book):
    cli, m, _ = book
    d = _json(cli("--json", "legalaid", "set", "--matter", m, "--ufn", "211225/001", "--class", "PRIC",
                  "--opened", "2025-12-21", "--fee-earner", "J. Example"))
    assert (d["ufn"], d["scheme"], [c["code"] for c in d["classes"]]) == ("211225/001", "2016", ["PRIC"])
    _json(cli("--json", "legalaid", "rate", "set", "--scheme", 2016, "--kind", "letter", "--rate", "933.93"))
    _json(cli("--json", "legalaid", "rate", "set", "--scheme", 2016, "--kind", "call", "--rate", "0.01"))
    _json(cli("--json", "time", "add", "--matter", m, "--activity", "letters-out", "--items", 1))
    fees = _json(cli("--json", "fees", "--matter", m))
    assert {k: fees[k] for k in ("scheme", "fee_code", "fixed_fee", "costs", "limit", "status")} == {
        "scheme": "2016", "fee_code": "PRIC1", "fixed_fee": 437.21, "costs": 933.93, "limit": 933.93,
        "status": "fixed-fee"}
    _json(cli("--json", "time", "add", "--matter", m, "--activity", "calls", "--items", 1))
    fees = _json(cli("--json", "fees", "--matter", m))
    assert (fees["fee_code"], fees["fixed_fee"], fees["limit"], fees["status"]) == (
        "PRIC2", 1454.44, 4362.54, "higher-standard-fee")
    assert isinstance(fees["costs"], float) and fees["costs_breakdown"]["profit"] == 933.94


def test_a_matter_opened_on_22_december_2025_is_in_the_2025_scheme(book):
    cli, m, _ = book
    _json(cli("--json", "legalaid", "set", "--matter", m, "--ufn", "221225/004", "--class", "PRIA"))
    fees = _json(cli("--json", "fees", "--matter", m))
    assert (fees["scheme"], fees["fee_code"], fees["fixed_fee"], fees["limit"], fees["status"]) == (
        "2025", "PRIA", 248.93, 746.79, "fixed-fee")


@pytest.mark.parametrize("ufn", ["21122025/001", "211225-001", "311125/001", "271126/001", "211225/000"])
def test_a_bad_ufn_is_refused_and_nothing_saved(book, ufn):
    cli, m, _ = book
    _fails(cli("legalaid", "set", "--matter", m, "--ufn", ufn, "--class", "PRIC"), "ufn")
    d = _json(cli("--json", "legalaid", "show", "--matter", m))
    assert d.get("ufn") is None and d["classes"] == []


def test_legalaid_set_is_all_or_nothing(book):
    cli, m, _ = book
    _fails(cli("legalaid", "set", "--matter", m, "--ufn", "211225/001", "--class", "PRIZ"), "class")
    assert _json(cli("--json", "legalaid", "show", "--matter", m)).get("ufn") is None
    assert _json(cli("--json", "legalaid", "ufn", "--date", "2025-12-21")) == {"ufn": "211225/001"}
    d = _json(cli("--json", "legalaid", "set", "--matter", m, "--new-ufn", "--ufn-date", "2025-12-21"))
    assert d["ufn"] == "211225/001"
    assert _json(cli("--json", "legalaid", "ufn", "--date", "2025-12-21")) == {"ufn": "211225/002"}


def test_visit_start_stop_list_via_the_cli(book, fixed_clock):
    cli, m, _ = book
    fixed_clock.set(TEST_TODAY, dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))
    v = _json(cli("--json", "visit", "start", "--matter", m, "--prison", "HMP Example"))
    assert (v["status"], v["phase"]) == ("running", "travel")
    assert [x["id"] for x in _json(cli("--json", "visit", "list", "--running"))] == [v["id"]]
    _json(cli("--json", "visit", "switch", v["id"], "--phase", "consultation", "--at", "10:00"))
    _fails(cli("visit", "stop", v["id"], "--at", "09:30"), "before it started")
    stopped = _json(cli("--json", "visit", "stop", v["id"], "--at", "11:01", "--note", "Advised on the MCA."))
    assert (stopped["status"], stopped["consultation_start"], stopped["consultation_end"]) == (
        "done", "10:00", "11:01")
    assert {e["activity"]: e["minutes"] for e in stopped["entries"]} == {"travel": 60, "attendance": 66}
    assert _json(cli("--json", "visit", "list", "--running")) == []
    assert len(_json(cli("--json", "visit", "list", "--matter", m))) == 1
    hits = _json(cli("--json", "search", "MCA"))
    assert hits


def test_visit_add_refuses_an_end_before_the_start(book):
    cli, m, _ = book
    _fails(cli("visit", "add", "--matter", m, "--date", "2026-11-20", "--start", "11:00", "--end", "10:00",
               "--note", "x"), "consultation end")
    assert _json(cli("--json", "visit", "list", "--matter", m)) == [] and _time(cli, m) == []
    d = _json(cli("--json", "visit", "add", "--matter", m, "--date", "2026-11-20", "--start", "10:00",
                  "--end", "10:50", "--travel-minutes", 40, "--waiting-minutes", 10))
    assert {e["activity"]: e["minutes"] for e in d["entries"]} == {
        "travel": 42, "waiting": 12, "attendance": 54}


def test_claims_csv_written_once_read_back_and_audited(book):
    cli, m, tmp = book
    _json(cli("--json", "legalaid", "set", "--matter", m, "--ufn", "221225/001", "--class", "PRIA",
              "--opened", "2026-01-05"))
    _json(cli("--json", "legalaid", "rate", "set", "--scheme", 2025, "--kind", "preparation", "--rate", "60"))
    _json(cli("--json", "time", "add", "--matter", m, "--activity", "preparation", "--minutes", 58,
              "--date", "2026-01-06"))
    _json(cli("--json", "legalaid", "set", "--matter", m, "--close", "PRIA", "--closed", "2026-10-31"))
    out = tmp / "claims.csv"
    done = _json(cli("--json", "claims", "--month", "2026-10", "-o", out))
    assert done["rows"] == 1
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["ufn"], r["fee_code"], r["profit_costs"], r["claim"], r["status"]) for r in rows] == [
        ("221225/001", "PRIA", "60.00", "248.93", "fixed-fee")]
    _fails(cli("claims", "--month", "2026-10", "-o", out), "already exists")
    _json(cli("--json", "claims", "--month", "2026-10", "-o", out, "--force"))
    _fails(cli("claims", "--month", "2026-13", "-o", tmp / "x.csv"), "YYYY-MM")
    _json(cli("--json", "claims", "--month", "2026-10", "-o", tmp / "claims.docx"))
    assert (tmp / "claims.docx").stat().st_size > 0
