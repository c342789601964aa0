"""Fault 7: names and single-line fields refuse control characters and bidi overrides; free text (notes)
is kept exactly as entered and shown on a terminal without the characters a terminal would act on."""

from __future__ import annotations

import json

import pytest

from casebook.domain.validate import for_terminal, json_for_terminal
from casebook.errors import ValidationError
from casebook.store import Casebook
from tests.conftest import PASSPHRASE
from tests.core.faults.helpers import count, one_line

UNSAFE = ["\x1b[2J", "\x07", "\x08", "\t", "\r", "\n", "\x7f", "\x9b2J", "\x85",
          "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("bad", UNSAFE, ids=[f"U+{ord(b[0]):04X}" for b in UNSAFE])
def test_a_client_name_with_a_control_character_is_refused(svc, bad):
    with pytest.raises(ValidationError, match="name: must not contain control characters"):
        svc.clients.add(name=f"Ada{bad}Lovelace")
    assert svc.clients.ids("") == []


@pytest.mark.parametrize("field, value", [("aliases", ["A\x1b[31mB"]), ("prison", "HMP \u202eX"),
                                          ("interpreter", "Welsh\x00")])
def test_other_single_line_client_fields_are_refused(svc, field, value):
    with pytest.raises(ValidationError, match="must not contain control characters"):
        svc.clients.add(name="Ada Lovelace", **{field: value})


def test_other_records_names_and_titles_are_refused(svc):
    cid = svc.clients.add(name="Ada Lovelace")
    with pytest.raises(ValidationError, match="title: must not contain"):
        svc.matters.add(cid, "parole-review", title="Review\x1b]0;pwned\x07")


def test_cli_refuses_an_escape_in_a_name_in_one_line(run_cli, casebook_path):
    r = run_cli("--file", casebook_path, "client", "add", "--name", "\x1b[2JAda")
    assert r.returncode == 1
    assert "must not contain control characters" in one_line(r)
    assert "\x1b" not in r.stderr
    assert count(casebook_path, "clients") == 0


def test_unicode_names_are_fine(svc):
    cid = svc.clients.add(name="Zoë O’Brien-Łukasiewicz", aliases=["محمد", "José"])
    assert svc.clients.get(cid).name == "Zoë O’Brien-Łukasiewicz"


def test_notes_are_stored_exactly_and_shown_safely(run_cli, casebook_path):
    text = "Visit\tnotes:\nclient said \x1b[2J hello \u202eevil\u202c and \x9b31m bye\r\nend"
    assert run_cli("--file", casebook_path, "client", "add", "--name", "Ada Lovelace").returncode == 0
    r = run_cli("--file", casebook_path, "note", "--client", "1", "--text", text)
    assert r.returncode == 0, r.stderr
    with Casebook.open(casebook_path, PASSPHRASE) as cb:
        stored = cb.conn.execute("SELECT text FROM notes").fetchone()[0]
    assert stored == text  # never altered
    shown = run_cli("--file", casebook_path, "search", "hello")
    assert shown.returncode == 0 and "hello" in shown.stdout
    for ch in ("\x1b", "\u202e", "\u202c", "\x9b", "\r"):
        assert ch not in shown.stdout
    as_json = run_cli("--file", casebook_path, "--json", "search", "hello")
    for ch in ("\x1b", "\u202e", "\x9b"):
        assert ch not in as_json.stdout
    assert json.loads(as_json.stdout)[0]["snippet"]  # still valid JSON


def test_a_stored_name_from_before_the_rule_is_shown_safely(run_cli, casebook_path):
    with Casebook.open(casebook_path, PASSPHRASE) as cb, cb.transaction():
        cb.conn.execute("INSERT INTO clients(name, aliases, prison_dates, created_at, updated_at) "
                        "VALUES (?, '[]', '{}', '2026-01-01', '2026-01-01')", ("\x1b[2J\u202eAda",))
    r = run_cli("--file", casebook_path, "client", "list")
    assert r.returncode == 0 and "Ada" in r.stdout
    assert "\x1b" not in r.stdout and "\u202e" not in r.stdout
    data = json.loads(run_cli("--file", casebook_path, "--json", "client", "list").stdout)
    assert data[0]["name"] == "\x1b[2J\u202eAda"  # JSON keeps the value, escaped


def test_terminal_helpers():
    assert for_terminal("a\x1b[2Jb\tc\nd\r\u202eX\x9b") == "a[2Jb\tc\ndX"
    escaped = json_for_terminal(json.dumps({"a": "x\u202ey\x9bz\x1b"}, ensure_ascii=False))
    assert "\u202e" not in escaped and "\x9b" not in escaped and "\x1b" not in escaped
    assert json.loads(escaped) == {"a": "x\u202ey\x9bz\x1b"}
