"""Shared test fixtures.

* Qt runs offscreen with one session-wide QApplication (pytest-qt's ``qapp``).
* Key derivation uses the explicit test-only cheap profile (in-process and for CLI subprocesses via
  ``CASEBOOK_INSECURE_TEST_KDF=1``); the files are still real SQLCipher 4 files.
* Every test gets its own HOME / XDG data, config and cache folders, and an in-memory keyring.
* ``casebook_path`` / ``cb`` / ``svc`` give a fresh real encrypted casebook in ``tmp_path``;
  ``demo_svc`` a small demo casebook. Each is a byte copy of a template built once per test process
  (:func:`casebook_template`): every test still gets its own real SQLCipher file, opened with the
  passphrase, for a fraction of the cost of building it again.
* ``run_cli`` runs the ``casebook`` command in-process (``casebook.cli.main``: no TTY, its own working
  folder and environment, stdout/stderr captured); ``run_cli_subprocess`` runs the installed command in
  a real subprocess, for the few tests that prove the entry point itself.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import keyring
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CASEBOOK_INSECURE_TEST_KDF"] = "1"
# The cheap KDF makes every command warn on stderr (casebook.cli.safety); the suite asserts on stderr, so
# it alone silences the warning, explicitly (tests/core/faults checks the warning itself).
os.environ["CASEBOOK_TEST_QUIET"] = "1"

from casebook.store import keys  # noqa: E402

keys.use_test_kdf(True)

from tests.support.memory_keyring import MemoryKeyring  # noqa: E402

PASSPHRASE = "correct horse battery staple"
REPO = Path(__file__).resolve().parent.parent
#: The day the whole suite runs on: every service and view reads "today" from the one clock
#: (casebook.clock), which each test stops here, so the suite gives the same results on any date.
TEST_TODAY = __import__("datetime").date(2026, 11, 26)


#: The slowest tests (measured, longest first), started first: pytest-xdist hands out the head of the
#: collection round-robin, so these spread over the workers instead of one of them landing last and
#: leaving the other worker idle (the 200-client soak alone takes ~15 s).
SLOW_FIRST = (
    "tests/ui/test_soak.py::",
    "tests/ui/test_screenshots.py::test_screenshots_of_every_screen",
    "tests/core/test_plaintext.py::test_no_plaintext_client_data_anywhere",
    "tests/ui/test_plaintext_gui.py::test_gui_session_writes_no_plaintext_client_data",
    "tests/ui/test_shell.py::test_smoke_run_visits_every_screen_and_exits_0",
    "tests/tooling/test_run_script.py::test_run_cli_resolves_relative_paths_in_the_callers_folder",
    "tests/core/cli/test_cli.py::test_installed_command_round_trip_and_exit_codes",
    "tests/core/cli/test_cli.py::test_python_dash_m_casebook_keeps_the_core_commands_and_sends_gui_elsewhere",
)


def pytest_collection_modifyitems(config, items):
    """Move the :data:`SLOW_FIRST` tests to the front (in that order); the rest keep their order."""
    def rank(item) -> int:
        return next((i for i, prefix in enumerate(SLOW_FIRST) if item.nodeid.startswith(prefix)),
                    len(SLOW_FIRST))

    items.sort(key=rank)  # stable


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


class CasebookTemplates:
    """Casebooks built once per test process (each pytest-xdist worker has its own) and handed to every
    test as its own byte copy.

    A template is built by the same code the fixture used to run for every test, the first time a test
    asks for it, inside that test's fixtures (the fixed clock, the isolated HOME and keyring), and closed
    cleanly (no -wal/-shm left) before it is copied; the copy keeps the owner-only mode. The key derives
    from the passphrase and the file's salt, so the copy opens with the same passphrase. Templates are
    keyed by the clock's "now" as well as by name: a test that moved the clock before asking gets one
    built on its own day, never another day's.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._made: dict[tuple[str, str], Path] = {}

    def copy(self, name: str, build: Callable[[Path], object], dest: Path) -> Path:
        """Copy template ``name`` to ``dest`` (which must not exist), first building it with
        ``build(path)`` (which leaves a closed casebook at ``path``) if this process has not yet."""
        from casebook.clock import default_clock

        key = (name, default_clock().now_iso())
        src = self._made.get(key)
        if src is None:
            src = self.folder / f"{len(self._made)}-{name}.casebook"
            build(src)
            leftovers = [s for s in ("-wal", "-shm", "-journal") if Path(f"{src}{s}").exists()]
            assert not leftovers, f"template {name} was not closed cleanly: {leftovers}"
            self._made[key] = src
        if dest.exists():
            raise FileExistsError(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dest)  # bytes and mode (0600), like the file Casebook.create makes
        return dest


@pytest.fixture(scope="session")
def casebook_template(tmp_path_factory) -> CasebookTemplates:
    return CasebookTemplates(tmp_path_factory.mktemp("templates"))


def _create_empty(path: Path) -> None:
    from casebook.store import Casebook

    Casebook.create(path, PASSPHRASE).close()


def _create_demo(path: Path) -> None:
    import datetime as dt

    from casebook import demo
    from casebook.services import Services
    from casebook.store import Casebook

    book = Casebook.create(path, PASSPHRASE)
    try:
        demo.generate(Services(book), clients=12, seed=7, as_of=dt.date(2026, 11, 26))
    finally:
        book.close()


@pytest.fixture
def casebook_path(tmp_path, casebook_template) -> Path:
    """A new, empty casebook (passphrase :data:`PASSPHRASE`), closed."""
    return casebook_template.copy("empty", _create_empty, tmp_path / "test.casebook")


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
def demo_svc(tmp_path, casebook_template):
    """Services over a 12-client demo casebook (seed 7, as of :data:`TEST_TODAY`) of the test's own."""
    from casebook.services import Services
    from casebook.store import Casebook

    path = casebook_template.copy("demo12", _create_demo, tmp_path / "demo.casebook")
    book = Casebook.open(path, PASSPHRASE)
    yield Services(book)
    book.close()


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEBOOK_")}
    env["CASEBOOK_INSECURE_TEST_KDF"] = "1"
    env["CASEBOOK_TEST_QUIET"] = "1"
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
                if name not in ("CASEBOOK_INSECURE_TEST_KDF", "CASEBOOK_TEST_QUIET", "CASEBOOK_DEBUG"):
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
