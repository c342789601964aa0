"""Fault 5: ``casebook client list | head -1`` — the reader goes away; the command ends quietly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from casebook.services import Services
from casebook.store import Casebook
from tests.conftest import PASSPHRASE, cli_env


def _clients(path: Path, n: int) -> None:
    with Casebook.open(path, PASSPHRASE) as cb:
        svc = Services(cb)
        for i in range(n):
            svc.clients.add(name=f"Client number {i}", prison="HMP Example")


class _ClosedPipe:
    """A stdout whose reader has gone: every write fails as a pipe with no reader does."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


def test_in_process_a_closed_pipe_is_quiet(casebook_path, monkeypatch, capsys):
    from casebook.cli import main

    _clients(casebook_path, 3)
    monkeypatch.setenv("CASEBOOK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["--file", str(casebook_path), "client", "list"]) == 0
    assert capsys.readouterr().err == ""


def test_the_installed_command_with_its_reader_gone_exits_quietly(casebook_path, tmp_path):
    """A real pipe whose read end is closed before the command writes (deterministic: no race with a
    reader that may or may not have read yet)."""
    _clients(casebook_path, 300)
    exe = str(Path(sys.executable).with_name("casebook"))
    proc = subprocess.Popen([exe, "--file", str(casebook_path), "client", "list"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            env=cli_env(CASEBOOK_PASSPHRASE=PASSPHRASE), cwd=tmp_path)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0
    assert err == ""


def test_head_dash_1_through_a_shell(casebook_path, tmp_path):
    _clients(casebook_path, 2000)
    exe = str(Path(sys.executable).with_name("casebook"))
    r = subprocess.run(["sh", "-c", f'"{exe}" --file "{casebook_path}" client list | head -1'],
                       capture_output=True, text=True, env=cli_env(CASEBOOK_PASSPHRASE=PASSPHRASE),
                       cwd=tmp_path, timeout=120)
    assert r.returncode == 0
    assert len(r.stdout.splitlines()) == 1
    assert r.stderr == ""
