"""Where no keyring can exist, ``keyring`` is not even imported (issue 15), and the answer is the one
``keyring``'s own discovery gives; everywhere else ``keyring`` still decides."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import subprocess
import sys

import pytest

from casebook.store import keyring_store
from tests.conftest import REPO

LINUX_WITHOUT_BINDINGS = sys.platform.startswith("linux") and all(
    importlib.util.find_spec(name) is None for name in ("dbus", "gi"))


@pytest.fixture
def no_cache():
    keyring_store.no_keyring_possible.cache_clear()
    yield
    keyring_store.no_keyring_possible.cache_clear()


@pytest.fixture
def headless(monkeypatch, no_cache):
    """A Linux session with no D-Bus session bus and no keyring configured (HOME and XDG_CONFIG_HOME
    are the test's own, empty folders)."""
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)


def test_headless_linux_has_no_keyring(headless):
    assert keyring_store.no_keyring_possible() is True


@pytest.mark.parametrize("var", ["DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND"])
def test_a_session_bus_or_a_configured_backend_lets_keyring_decide(headless, monkeypatch, var):
    monkeypatch.setenv(var, "unix:path=/run/user/1000/bus" if var.startswith("DBUS") else "x.Keyring")
    assert keyring_store.no_keyring_possible() is False


def test_a_keyringrc_file_lets_keyring_decide(headless, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "python_keyring").mkdir()
    (tmp_path / "python_keyring" / "keyringrc.cfg").write_text("[backend]\ndefault-keyring=x.Keyring\n")
    assert keyring_store.no_keyring_possible() is False


def test_the_optional_dbus_bindings_let_keyring_decide(headless, monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object() if name == "gi" else None)
    assert keyring_store.no_keyring_possible() is False


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_always_ask_keyring(headless, monkeypatch, platform):
    monkeypatch.setattr(sys, "platform", platform)
    assert keyring_store.no_keyring_possible() is False


def test_an_imported_keyring_always_decides(headless, memory_keyring):
    """The tests' in-memory backend (installed with ``keyring.set_keyring``) is used, even where the
    platform has no keyring."""
    assert keyring_store.no_keyring_possible() is True
    assert keyring_store.availability().available
    assert keyring_store.remember_key("f" * 32, b"\x02" * 32)
    assert keyring_store.recall_key("f" * 32) == b"\x02" * 32
    keyring_store.forget_key("f" * 32)
    assert keyring_store.recall_key("f" * 32) is None


def test_casebook_installs_no_other_keyring_backends():
    """Skipping keyring's entry-point scan misses nothing: only keyring's own backends are installed."""
    points = importlib.metadata.entry_points(group="keyring.backends")
    assert points and all(ep.value.startswith("keyring.backends.") for ep in points), list(points)
    assert importlib.util.find_spec("keyrings") is None  # keyrings.alt is never installed or shipped


_CHILD = r"""
import sys
from casebook.store import keyring_store
a = keyring_store.availability()
imported_first = "keyring" in sys.modules
import keyring
print(a.available, imported_first, type(keyring.get_keyring()).__module__, "|", a.reason)
"""


def _child(**env_changes: str | None) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for k, v in env_changes.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, env=env, timeout=120,
                         check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.strip().splitlines()[-1].split(" | ")


@pytest.mark.skipif(not LINUX_WITHOUT_BINDINGS, reason="a Linux without dbus-python and PyGObject")
def test_without_a_session_bus_keyring_is_not_imported_and_would_have_failed_too():
    """A fresh process: "not available" without importing keyring; keyring's own discovery, asked
    afterwards, chooses its fail backend — the same answer, with the same reason."""
    head, reason = _child(DBUS_SESSION_BUS_ADDRESS=None, PYTHON_KEYRING_BACKEND=None)
    assert head.split() == ["False", "False", "keyring.backends.fail"]
    assert reason == keyring_store.NO_KEYRING


@pytest.mark.skipif(not LINUX_WITHOUT_BINDINGS, reason="a Linux without dbus-python and PyGObject")
def test_with_a_session_bus_keyring_decides_as_before():
    """A session bus with no Secret Service behind it: keyring is imported and its discovery decides
    (here: nothing usable, so "not available", as before)."""
    head, reason = _child(DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent/casebook-test-bus",
                          PYTHON_KEYRING_BACKEND=None)
    assert head.split() == ["False", "True", "keyring.backends.fail"]
    assert reason == keyring_store.NO_KEYRING
