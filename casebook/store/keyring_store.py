""""Remember on this device": the raw key (never the passphrase) in the OS keyring.

Service ``Casebook``, account = the file's id (the hex of its SQLCipher salt, readable before
unlock). Losing the keyring never loses data: the passphrase still opens the file. When no usable
backend exists (headless Linux, no Secret Service), every function degrades quietly and
``availability()`` says why, so the UI can show the option as unavailable with the reason.

The backend is the one ``keyring`` chooses (``keyring.get_keyring()``: the configured one, else the
best of the installed backends). ``keyring`` is imported only when it is first needed, and not at all
where it could only choose its "fail" backend (issue 15: importing it and discovering the backends
costs about 12 MB, from its HTTP/SSL and entry-point scanning dependencies to the Secret Service's
cryptography): a Linux (or other Unix) session with no D-Bus session bus, no keyring configured
(``PYTHON_KEYRING_BACKEND`` or ``keyringrc.cfg``) and neither of the optional D-Bus bindings the
KWallet and libsecret backends need. Where a keyring may exist (Windows, macOS, a Linux desktop) the
app still asks it at start, as before, and pays the same. Casebook installs no third-party keyring
backends (and never ships ``keyrings.alt``).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SERVICE = "Casebook"
NO_KEYRING = ("No system keyring is available on this device (for example a Linux session without a "
              "Secret Service). Casebook will ask for the passphrase each time.")


@dataclass(frozen=True)
class Availability:
    available: bool
    reason: str


@cache
def no_keyring_possible() -> bool:
    """Whether ``keyring`` could only choose its "fail" backend here, known without importing it.

    On Linux the Secret Service backend needs the D-Bus session bus, which it finds only through
    ``DBUS_SESSION_BUS_ADDRESS``; KWallet needs ``dbus`` (dbus-python) and libsecret ``gi`` (PyGObject),
    neither installed with Casebook (if either is there, ``keyring`` decides). A configured backend
    (``PYTHON_KEYRING_BACKEND``, or ``keyringrc.cfg`` where ``keyring`` looks for it) is always loaded.
    Windows and macOS always have a keyring.
    """
    if sys.platform in ("win32", "cygwin", "darwin"):
        return False
    if os.environ.get("PYTHON_KEYRING_BACKEND") or os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    try:
        config_home = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
        if (Path(config_home) / "python_keyring" / "keyringrc.cfg").exists():
            return False
        return all(importlib.util.find_spec(name) is None for name in ("dbus", "gi"))
    except (RuntimeError, KeyError, ImportError, OSError, ValueError):  # no home folder, a broken path
        return False


def _backend():
    """The keyring backend ``keyring`` chooses; None where it could only choose "fail" (see
    :func:`no_keyring_possible`). Once ``keyring`` is imported (the tests install an in-memory backend
    with ``keyring.set_keyring``) it always decides."""
    if "keyring" not in sys.modules and no_keyring_possible():
        return None
    import keyring

    return keyring.get_keyring()


def _usable() -> tuple[object | None, Availability]:
    try:
        backend = _backend()
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return None, Availability(False, "No system keyring could be loaded on this device.")
    if backend is None:
        return None, Availability(False, NO_KEYRING)
    priority = getattr(backend, "priority", 0)
    name = type(backend).__module__ + "." + type(backend).__name__
    if "fail" in name.lower() or "null" in name.lower() or priority <= 0:
        return None, Availability(False, NO_KEYRING)
    return backend, Availability(True, f"Stored in the system keyring ({type(backend).__name__}).")


def availability() -> Availability:
    return _usable()[1]


def remember_key(file_id: str, key: bytes) -> bool:
    backend, _ = _usable()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, file_id, key.hex())
        return True
    except Exception:  # noqa: BLE001 - any keyring failure: not remembered
        return False


def recall_key(file_id: str) -> bytes | None:
    backend, _ = _usable()
    if backend is None:
        return None
    try:
        value = backend.get_password(SERVICE, file_id)
    except Exception:  # noqa: BLE001 - any keyring failure: nothing remembered
        return None
    if not value:
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        return None
    return key if len(key) == 32 else None


def forget_key(file_id: str) -> None:
    backend, _ = _usable()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, file_id)
    except Exception:  # noqa: BLE001 - any keyring failure (nothing to forget)
        pass
