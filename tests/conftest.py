"""Shared test fixtures.

* Qt runs offscreen with one session-wide QApplication (pytest-qt's ``qapp``).
* Key derivation uses the explicit test-only cheap profile (in-process and for CLI subprocesses via
  ``CASEBOOK_INSECURE_TEST_KDF=1``); the files are still real SQLCipher 4 files.
* Every test gets its own HOME / XDG data, config and cache folders, and an in-memory keyring.
* ``casebook_path`` / ``cb`` / ``svc`` give a fresh real encrypted casebook in ``tmp_path``;
  ``demo_svc`` a small demo casebook.
* ``run_cli`` runs the ``casebook`` command in-process (``casebook.cli.main``: no TTY, its own working
  folder and environment, stdout/stderr captured); ``run_cli_subprocess`` runs the installed command in
  a real subprocess, for the few tests that prove the entry point itself.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import keyring
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CASEBOOK_INSECURE_TEST_KDF"] = "1"

from casebook.store import keys  # noqa: E402

keys.use_test_kdf(True)

from tests.support.memory_keyring import MemoryKeyring  # noqa: E402

PASSPHRASE = "correct horse battery staple"
REPO = Path(__file__).resolve().parent.parent
#: The day the whole suite runs on: every service and view reads "today" from the one clock
#: (casebook.clock), which each test stops here, so the suite gives the same results on any date.
TEST_TODAY = __import__("datetime").date(2026, 11, 26)


@pytest.fixture(autouse=True)
def fixed_clock():
    """The process's one clock, stopped on :data:`TEST_TODAY` (a test may ``.set()`` another day)."""
    from casebook.clock import FixedClock, set_default_clock

    clock = FixedClock(TEST_TODAY)
    previous = set_default_clock(clock)
    yield clock
    set_default_clock(previous)


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    for var, sub in (("HOME", ""), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_RUNTIME_DIR", "runtime")):
        p = home / sub
        p.mkdir(exist_ok=True, mode=0o700)
        monkeypatch.setenv(var, str(p))
    monkeypatch.delenv("CASEBOOK_PASSPHRASE", raising=False)
    monkeypatch.delenv("CASEBOOK_NEW_PASSPHRASE", raising=False)
    ring = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(ring)
    yield home
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring():
    return keyring.get_keyring()


@pytest.fixture
def casebook_path(tmp_path) -> Path:
    from casebook.store import Casebook

    path = tmp_path / "test.casebook"
    Casebook.create(path, PASSPHRASE).close()
    return path


@pytest.fixture
def cb(casebook_path):
    from casebook.store import Casebook

    book = Casebook.open(casebook_path, PASSPHRASE)
    yield book
    book.close()


@pytest.fixture
def svc(cb):
    from casebook.services import Services

    return Services(cb)


@pytest.fixture
def demo_svc(tmp_path):
    import datetime as dt

    from casebook import demo
    from casebook.services import Services
    from casebook.store import Casebook

    book = Casebook.create(tmp_path / "demo.casebook", PASSPHRASE)
    services = Services(book)
    demo.generate(services, clients=12, seed=7, as_of=dt.date(2026, 11, 26))
    yield services
    book.close()


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEBOOK_")}
    env["CASEBOOK_INSECURE_TEST_KDF"] = "1"
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["PYTHONPATH"] = str(REPO)
    env.update(extra)
    return env


class CliResult(NamedTuple):
    """What a command run gave: like :class:`subprocess.CompletedProcess` (``returncode``, ``stdout``,
    ``stderr``)."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(tmp_path, monkeypatch):
    """Run ``casebook ARGS`` in-process (the core's ``casebook.cli.main``) as a script would: no TTY,
    ``tmp_path`` as the working folder, ``CASEBOOK_PASSPHRASE`` set (unless ``passphrase=None``) and
    ``env`` added for the call only. Returns a :class:`CliResult`."""
    from casebook.cli import main

    def run(*args: str, passphrase: str | None = PASSPHRASE, env: dict[str, str] | None = None,
            timeout: float | None = None) -> CliResult:  # noqa: ARG001 - the subprocess runner's signature
        out, err = io.StringIO(), io.StringIO()
        with monkeypatch.context() as m:
            m.chdir(tmp_path)
            for name in [k for k in os.environ if k.startswith("CASEBOOK_")]:
                if name != "CASEBOOK_INSECURE_TEST_KDF":
                    m.delenv(name)
            if passphrase is not None:
                m.setenv("CASEBOOK_PASSPHRASE", passphrase)
            for name, value in (env or {}).items():
                m.setenv(name, value)
            m.setattr(sys, "stdin", io.StringIO(""))  # not a terminal: nothing is ever prompted for
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main([str(a) for a in args])
        return CliResult(code, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def run_cli_subprocess(tmp_path):
    """Run the installed ``casebook`` command (``.venv/bin/casebook``, i.e. ``ui.entry:main``) in a real
    subprocess with no TTY and no keyring; returns CompletedProcess. ``command`` replaces the
    executable, e.g. ``[sys.executable, "-m", "ui"]``."""

    def run(*args: str, passphrase: str | None = PASSPHRASE, env: dict[str, str] | None = None,
            timeout: float = 60, command: list[str] | None = None) -> subprocess.CompletedProcess:
        e = cli_env(**(env or {}))
        if passphrase is not None:
            e["CASEBOOK_PASSPHRASE"] = passphrase
        exe = command or [str(Path(sys.executable).with_name("casebook"))]
        return subprocess.run([*exe, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, env=e,
                              timeout=timeout, cwd=tmp_path)

    return run
