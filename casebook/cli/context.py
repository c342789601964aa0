"""What every CLI command shares: output (JSON or text), errors, and the casebook it works on.

Unlocking follows the CLI contract — ``CASEBOOK_PASSPHRASE``, else the key remembered on this device,
else a prompt on a terminal, else a clear error — and goes through :mod:`casebook.session`, the same
front door as the desktop app. Only the asking (environment variables, terminal prompts) lives here.
"""

from __future__ import annotations

import datetime as _dt
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from casebook import session
from casebook.errors import BadInput, CannotUnlock

PASSPHRASE_ENV = "CASEBOOK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "CASEBOOK_NEW_PASSPHRASE"


def default_casebook_path() -> Path:
    return session.default_path()


def _json_default(o: Any):
    if isinstance(o, (_dt.date, _dt.datetime)):
        return o.isoformat()
    if isinstance(o, Path):
        return str(o)
    if hasattr(o, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(o)
    raise TypeError(type(o).__name__)


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


class CliContext:
    def __init__(self, args) -> None:
        self.args = args
        self.json = bool(getattr(args, "json", False))
        self._opened: session.OpenCasebook | None = None

    # ------------------------------------------------------------------ output
    def emit(self, data: Any, text: str | None = None) -> None:
        """JSON on stdout with ``--json``; otherwise ``text`` (or a plain rendering of ``data``)."""
        if self.json:
            print(json.dumps(data, default=_json_default, ensure_ascii=False))
        elif text is not None:
            print(text)
        elif isinstance(data, str):
            print(data)
        else:
            print(json.dumps(data, default=_json_default, ensure_ascii=False, indent=2))

    def info(self, message: str) -> None:
        """A human message (never client data in automated contexts) on stderr."""
        print(message, file=sys.stderr)

    def error(self, message: str) -> None:
        first = str(message).splitlines()[0] if message else "error"
        print(f"casebook: {first}", file=sys.stderr)

    # ------------------------------------------------------------------ passphrases
    @property
    def path(self) -> Path:
        if getattr(self.args, "file", None):
            return Path(self.args.file).expanduser()
        return default_casebook_path()

    def new_passphrase(self, *, env: str = PASSPHRASE_ENV, prompt: str = "New passphrase: ",
                       repeat: str = "Repeat the passphrase: ", nothing: str = "nothing was created",
                       no_tty: str = f"no passphrase: set {PASSPHRASE_ENV} or run this in a terminal") -> str:
        """A passphrase being chosen: the environment variable ``env``, or asked twice on a terminal."""
        value = os.environ.get(env)
        if value:
            return value
        if not _interactive():
            raise BadInput(no_tty)
        first = getpass.getpass(prompt)
        if not first:
            raise BadInput("the passphrase must not be empty")
        import unicodedata  # (the same passphrase typed with a precomposed or a decomposed accent)

        if unicodedata.normalize("NFC", getpass.getpass(repeat)) != unicodedata.normalize("NFC", first):
            raise BadInput(f"the two passphrases differ; {nothing}")
        return first

    def existing_passphrase(self, path: Path, prompt: str, missing: str) -> str | None:
        """The passphrase of an existing file: the environment; else ``None`` if a key is remembered for
        it; else asked on a terminal; else :class:`CannotUnlock` with ``missing``."""
        env = os.environ.get(PASSPHRASE_ENV)
        if env:
            return env
        session.file_id(path)  # a missing file is reported as such first
        if session.remembered_key(path) is not None:
            return None
        if _interactive():
            return getpass.getpass(prompt)
        raise CannotUnlock(missing)

    # ------------------------------------------------------------------ the casebook
    def open(self) -> session.OpenCasebook:
        """Unlock ``--file`` (once per command)."""
        if self._opened is None:
            path = self.path
            passphrase = self.existing_passphrase(
                path, f"Passphrase for {path.name}: ",
                f"no passphrase: set {PASSPHRASE_ENV}, remember the key on this device, or run in a terminal")
            self._opened = session.open(path, passphrase)
            from casebook.cli import safety
            from casebook.store import keys

            if self._opened.cb.insecure_test_kdf and not keys.insecure_test_kdf():
                safety.warn_insecure_kdf("this file was made with the test-only KDF")
        return self._opened

    def services(self):
        """The services over ``--file``, unlocked on first use."""
        return self.open().services

    def close(self) -> None:
        if self._opened is not None:
            self._opened.close()
            self._opened = None
