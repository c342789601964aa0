"""The CLI contract (docs/architecture.md), through a real subprocess with no TTY."""

from __future__ import annotations

import json
import sys

import pytest

from casebook import session
from tests.conftest import PASSPHRASE


def _json(proc):
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _no_traceback(proc):
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) <= 1


def test_init_client_matter_event_search(run_cli, tmp_path):
    f = str(tmp_path / "c.casebook")
    assert run_cli("--file", f, "init").returncode == 0
    cid = _json(run_cli("--file", f, "client", "add", "--name", "Ptolemy Drinkwater", "--prison-number",
                        "A1234BC", "--dob", "1980-05-01", "--prison", "HMP Grendon", "--json"))["id"]
    mid = _json(run_cli("--file", f, "--json", "matter", "add", "--client", str(cid), "--type",
                        "parole-review"))["id"]
    eid = _json(run_cli("--file", f, "event", "add", "--matter", str(mid), "--type", "referral",
                        "--date", "2026-10-01", "--note", "Referral received from PPCS", "--json"))["id"]
    assert isinstance(eid, int)
    listed = _json(run_cli("--file", f, "client", "list", "--json"))
    assert [c["name"] for c in listed] == ["Ptolemy Drinkwater"]
    shown = _json(run_cli("--file", f, "client", "show", str(cid), "--json"))
    assert shown["prison_number"] == "A1234BC" and shown["matters"][0]["type"] == "parole-review"
    hits = _json(run_cli("--file", f, "search", "PPCS", "--json"))
    assert [(h["kind"], h["matter"]) for h in hits] == [("event", mid)]
    events = _json(run_cli("--file", f, "event", "list", "--matter", str(mid), "--json"))
    assert events[0]["date"] == "2026-10-01"
    human = run_cli("--file", f, "event", "list", "--matter", str(mid))
    assert "1 October 2026" in human.stdout


def test_init_never_overwrites(run_cli, tmp_path):
    f = tmp_path / "c.casebook"
    f.write_bytes(b"something precious")
    p = run_cli("--file", str(f), "init")
    assert p.returncode == 1 and "already exists" in p.stderr
    _no_traceback(p)
    assert f.read_bytes() == b"something precious"


def test_wrong_passphrase_exit_4(run_cli, casebook_path):
    p = run_cli("--file", str(casebook_path), "client", "list", passphrase="wrong")
    assert p.returncode == 4
    assert p.stderr.strip() == "casebook: wrong passphrase or not a casebook file"


def test_no_tty_no_passphrase_is_a_clear_error_not_a_hang(run_cli, casebook_path):
    p = run_cli("--file", str(casebook_path), "client", "list", passphrase=None, timeout=30)
    assert p.returncode == 4
    assert "CASEBOOK_PASSPHRASE" in p.stderr
    _no_traceback(p)


def test_not_a_casebook_exit_4(run_cli, tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("hello " * 1000)
    p = run_cli("--file", str(f), "client", "list")
    assert p.returncode == 4
    _no_traceback(p)


def test_missing_file_exit_1(run_cli, tmp_path):
    p = run_cli("--file", str(tmp_path / "missing.casebook"), "client", "list")
    assert p.returncode == 1 and "no casebook" in p.stderr
    _no_traceback(p)


@pytest.mark.parametrize("args,needle", [
    (["client", "add", "--name", "X", "--prison-number", "12"], "prison number"),
    (["client", "add", "--name", "X", "--dob", "31/02/1990"], "dob"),
    (["matter", "add", "--client", "1", "--type", "divorce"], "type"),
    (["client", "show", "99"], "no client with id 99"),
])
def test_bad_input_exit_1_one_line(run_cli, casebook_path, args, needle):
    assert run_cli("--file", str(casebook_path), "client", "add", "--name", "Existing").returncode == 0
    p = run_cli("--file", str(casebook_path), *args)
    assert p.returncode == 1, p.stderr
    assert needle in p.stderr
    _no_traceback(p)


def test_usage_error_exit_2(run_cli, casebook_path):
    p = run_cli("--file", str(casebook_path), "client", "frobnicate")
    assert p.returncode == 2


def test_event_with_bad_date_saves_nothing(run_cli, casebook_path):
    f = str(casebook_path)
    cid = _json(run_cli("--file", f, "client", "add", "--name", "X", "--json"))["id"]
    mid = _json(run_cli("--file", f, "matter", "add", "--client", str(cid), "--type", "complaint",
                        "--json"))["id"]
    p = run_cli("--file", f, "event", "add", "--matter", str(mid), "--type", "comp1-reply", "--date",
                "2026-13-01")
    assert p.returncode == 1
    _no_traceback(p)
    assert _json(run_cli("--file", f, "event", "list", "--matter", str(mid), "--json")) == []


def test_demo_backup_restore_check(run_cli, tmp_path):
    f = str(tmp_path / "demo.casebook")
    out = _json(run_cli("--file", f, "demo", "--clients", "6", "--seed", "3", "--json"))
    assert out["clients"] == 6
    p = run_cli("--file", f, "demo")
    assert p.returncode == 1 and "already exists" in p.stderr
    b = str(tmp_path / "backup.casebook")
    assert _json(run_cli("--file", f, "backup", "-o", b, "--json"))["backup"] == b
    r = str(tmp_path / "restored.casebook")
    assert _json(run_cli("restore", b, "--to", r, "--json"))["restored"] == r
    report = _json(run_cli("--file", r, "check", "--json"))
    assert report["ok"] is True and report["counts"]["clients"] == 6
    assert report["page_authentication"] == "HMAC-SHA256"
    text = run_cli("--file", r, "check").stdout
    assert text.startswith("OK: ") and "pages authenticated by HMAC-SHA256" in text
    p = run_cli("restore", b, "--to", r)
    assert p.returncode == 1 and "already exists" in p.stderr


def test_passwd(run_cli, casebook_path):
    f = str(casebook_path)
    p = run_cli("--file", f, "passwd", env={"CASEBOOK_NEW_PASSPHRASE": "new secret words"})
    assert p.returncode == 0, p.stderr
    assert run_cli("--file", f, "client", "list").returncode == 4
    assert run_cli("--file", f, "client", "list", passphrase="new secret words").returncode == 0


def test_event_types_lists_triggering_types(run_cli):
    types = _json(run_cli("event", "types", "--json", passphrase=None))
    by_code = {t["code"]: t for t in types}
    assert by_code["decision-provisional"]["triggers"] is True
    assert by_code["note"]["triggers"] is False


def test_python_dash_m_and_help(run_cli):
    p = run_cli("--help", passphrase=None)
    assert p.returncode == 0 and "casebook" in p.stdout


def test_client_show_puts_our_check_beside_the_prisons_dates(run_cli, tmp_path):
    f = str(tmp_path / "c.casebook")
    assert run_cli("--file", f, "init").returncode == 0
    cid = _json(run_cli("--file", f, "--json", "client", "add", "--name", "Ann Example"))["id"]
    assert run_cli("--file", f, "client", "set-date", str(cid), "CRD", "2026-03-10").returncode == 0
    assert run_cli("--file", f, "sentence", "add", "--client", str(cid), "--type", "SDS", "--date",
                   "2025-01-10",
                   "--term", "P3Y").returncode == 0
    shown = _json(run_cli("--file", f, "--json", "client", "show", str(cid)))
    crd = next(d for d in shown["release_check"]["dates"] if d["code"] == "CRD")
    assert crd["prisons"] == "2026-03-10" and crd["differs"] is True and crd["working"]
    human = run_cli("--file", f, "client", "show", str(cid))
    assert "prison 10 March 2026" in human.stdout and "DIFFERS" in human.stdout


def test_client_show_lists_ipp_licence_milestones(run_cli, tmp_path):
    f = str(tmp_path / "c.casebook")
    assert run_cli("--file", f, "init").returncode == 0
    cid = _json(run_cli("--file", f, "--json", "client", "add", "--name", "Ann Example"))["id"]
    assert run_cli("--file", f, "sentence", "add", "--client", str(cid), "--type", "IPP", "--date",
                   "2008-05-01",
                   "--minimum-term", "P2Y").returncode == 0
    mid = _json(run_cli("--file", f, "--json", "matter", "add", "--client", str(cid),
                        "--type", "ipp-licence-termination"))["id"]
    assert run_cli("--file", f, "event", "add", "--matter", str(mid), "--type", "ipp-licence-start",
                   "--date", "2024-01-15").returncode == 0
    check = _json(run_cli("--file", f, "--json", "client", "show", str(cid)))["release_check"]
    got = {m["code"]: (m["date"], m["confirmed"]) for m in check["milestones"]}
    assert got["IPP_QUALIFYING"] == ("2027-01-15", False)
    # 5 years beginning with 15 January 2024 end on 14 January 2029 (the licence ends at the end of it).
    assert got["IPP_AUTOMATIC_TERMINATION"] == ("2029-01-14", False)
    human = run_cli("--file", f, "client", "show", str(cid)).stdout
    assert "15 January 2027" in human and "UNCONFIRMED" in human


def test_init_refuses_a_weak_passphrase_and_writes_nothing(run_cli, tmp_path):
    p = run_cli("--file", str(tmp_path / "c.casebook"), "init", passphrase="weak")
    assert p.returncode == 1
    assert p.stderr.startswith("casebook: choose a stronger passphrase. Too short")
    _no_traceback(p)
    assert list(tmp_path.iterdir()) == []


def test_init_remember_then_no_passphrase_needed(run_cli, tmp_path):
    f = str(tmp_path / "c.casebook")
    assert _json(run_cli("--file", f, "init", "--remember", "--json")) == {"file": f, "remembered": True}
    assert _json(run_cli("--file", f, "client", "list", "--json", passphrase=None)) == []
    # a backup keeps the file's id: the remembered key restores it too
    b, r = str(tmp_path / "b.casebook"), str(tmp_path / "r.casebook")
    assert run_cli("--file", f, "backup", "-o", b, passphrase=None).returncode == 0
    assert _json(run_cli("restore", b, "--to", r, "--json", passphrase=None)) == {"restored": r}


def test_passwd_keeps_a_remembered_key_working(run_cli, tmp_path):
    f = str(tmp_path / "c.casebook")
    assert run_cli("--file", f, "init", "--remember").returncode == 0
    p = run_cli("--file", f, "passwd", passphrase=None, env={"CASEBOOK_NEW_PASSPHRASE": "new secret words"})
    assert p.returncode == 0, p.stderr
    assert run_cli("--file", f, "client", "list", passphrase=None).returncode == 0  # re-remembered
    assert run_cli("--file", f, "client", "list").returncode == 4  # the old passphrase no longer opens it


def test_passwd_refuses_a_weak_new_passphrase(run_cli, casebook_path):
    p = run_cli("--file", str(casebook_path), "passwd", env={"CASEBOOK_NEW_PASSPHRASE": "short"})
    assert p.returncode == 1 and "stronger passphrase" in p.stderr
    assert run_cli("--file", str(casebook_path), "client", "list").returncode == 0  # unchanged


def test_a_stale_remembered_key_is_forgotten_and_says_so(run_cli, casebook_path):
    from casebook.store import keyring_store

    keyring_store.remember_key(session.file_id(casebook_path), b"\x01" * 32)
    p = run_cli("--file", str(casebook_path), "client", "list", passphrase=None)
    assert p.returncode == 4 and "no longer opens this file" in p.stderr
    assert session.remembered_key(casebook_path) is None


def test_gui_is_not_a_core_command(run_cli):
    for args in (["gui", "--smoke"], []):
        p = run_cli(*args, passphrase=None)
        assert p.returncode == 3
        assert p.stderr.strip() == ("casebook: the desktop app starts with the 'casebook' command or "
                                    "'python -m ui', not 'python -m casebook'")


def test_the_core_cli_grows_from_above(run_cli, capsys):
    from casebook.cli import main

    def register(sub, groups):
        p = sub.add_parser("hello")
        p.set_defaults(func=lambda args, ctx: ctx.emit({"hello": True}, "Hello.") or 0)
        groups["export"].add_parser("nothing").set_defaults(func=lambda args, ctx: 0)

    assert main(["--json", "hello"], extra=[register]) == 0
    assert json.loads(capsys.readouterr().out) == {"hello": True}
    assert main(["export", "nothing"], extra=[register]) == 0


# ---------------------------------------------------------------------------- the entry point, for real
def test_installed_command_round_trip_and_exit_codes(run_cli_subprocess, tmp_path):
    f = str(tmp_path / "c.casebook")
    assert run_cli_subprocess("--file", f, "init").returncode == 0
    added = run_cli_subprocess("--file", f, "client", "add", "--name", "Ann Example", "--json")
    assert added.returncode == 0 and json.loads(added.stdout) == {"id": 1}
    wrong = run_cli_subprocess("--file", f, "client", "list", passphrase="wrong")
    assert wrong.returncode == 4
    assert wrong.stderr.strip() == "casebook: wrong passphrase or not a casebook file"
    no_tty = run_cli_subprocess("--file", f, "client", "list", passphrase=None, timeout=30)
    assert no_tty.returncode == 4 and "CASEBOOK_PASSPHRASE" in no_tty.stderr
    assert run_cli_subprocess("--file", f, "client", "frobnicate").returncode == 2


def test_python_dash_m_ui_is_the_casebook_command_with_gui(run_cli_subprocess):
    p = run_cli_subprocess("--help", passphrase=None, command=[sys.executable, "-m", "ui"])
    assert p.returncode == 0 and "gui" in p.stdout and "the desktop app (the default command)" in p.stdout
    p = run_cli_subprocess("gui", "--help", passphrase=None, command=[sys.executable, "-m", "ui"])
    assert p.returncode == 0 and "--smoke" in p.stdout


def test_python_dash_m_casebook_keeps_the_core_commands_and_sends_gui_elsewhere(run_cli_subprocess, tmp_path):
    f = str(tmp_path / "c.casebook")
    core = [sys.executable, "-m", "casebook"]
    assert run_cli_subprocess("--file", f, "init", command=core).returncode == 0
    assert run_cli_subprocess("--file", f, "--json", "check", command=core).returncode == 0
    p = run_cli_subprocess("gui", "--demo", passphrase=None, command=core)
    assert p.returncode == 3 and "python -m ui" in p.stderr
    _no_traceback(p)
    assert PASSPHRASE not in p.stderr
