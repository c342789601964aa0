"""Fault 9: the test-only cheap KDF warns loudly on stderr on every command, and the files it makes say
so (their ``meta`` row ``kdf``), so the CLI and the app can tell. The suite alone silences the warning,
explicitly, with ``CASEBOOK_TEST_QUIET=1`` (tests/conftest.py)."""

from __future__ import annotations

import pytest

from casebook import session
from casebook.cli import safety
from casebook.store import Casebook, keys
from tests.conftest import PASSPHRASE


def _warnings(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if "INSECURE TEST KEY DERIVATION" in ln]


@pytest.mark.parametrize("args", [("init",), ("client", "list"), ("calc", "nothing.json"),
                                  ("client", "show", "1")])
def test_every_command_warns(run_cli, tmp_path, casebook_path, args):
    f = tmp_path / "new.casebook" if args == ("init",) else casebook_path
    r = run_cli("--file", f, *args, env={safety.QUIET_ENV: "0"})
    assert len(_warnings(r.stderr)) == 1, r.stderr
    assert "CASEBOOK_INSECURE_TEST_KDF=1" in r.stderr


def test_the_suite_silences_it_explicitly(run_cli, casebook_path):
    r = run_cli("--file", casebook_path, "client", "list")
    assert r.returncode == 0 and r.stderr == ""


def test_the_installed_command_warns_too(run_cli_subprocess, casebook_path):
    r = run_cli_subprocess("--file", str(casebook_path), "client", "list", env={safety.QUIET_ENV: ""})
    assert r.returncode == 0
    assert len(_warnings(r.stderr)) == 1


def test_files_made_with_it_are_marked(casebook_path, tmp_path):
    with Casebook.open(casebook_path, PASSPHRASE) as cb:
        assert cb.meta("kdf") == keys.TEST.name and cb.insecure_test_kdf


def test_a_change_of_passphrase_records_the_kdf(casebook_path):
    with Casebook.open(casebook_path, PASSPHRASE) as cb:
        cb.conn.execute("UPDATE meta SET value = 'argon2id-v1' WHERE key = 'kdf'")
        assert not cb.insecure_test_kdf
        cb.change_passphrase("a new and longer passphrase")
        assert cb.insecure_test_kdf  # re-keyed with the test KDF: marked again


def test_opening_a_marked_file_warns_even_without_the_switch(run_cli, casebook_path, monkeypatch):
    """A test file opened by its remembered key in a process where the switch is off still warns."""
    session.open(casebook_path, PASSPHRASE, remember=True).close()
    monkeypatch.setattr(keys, "_test_mode", False)
    monkeypatch.delenv("CASEBOOK_INSECURE_TEST_KDF")
    r = run_cli("--file", casebook_path, "client", "list", passphrase=None, env={safety.QUIET_ENV: "0"})
    assert r.returncode == 0, r.stderr
    [line] = _warnings(r.stderr)
    assert "this file was made with the test-only KDF" in line
