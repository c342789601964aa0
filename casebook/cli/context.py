"""What every CLI command shares: output (JSON or text), errors, and unlocking the casebook."""

from __future__ import annotations

import datetime as _dt
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from casebook.errors import BadInput, CannotUnlock

PASSPHRASE_ENV = "CASEBOOK_PASSPHRASE"


def default_casebook_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("Casebook", appauthor=False)) / "casebook.casebook"


def _json_default(o: Any):
    if isinstance(o, (_dt.date, _dt.datetime)):
        return o.isoformat()
    if isinstance(o, Path):
        return str(o)
    if hasattr(o, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(o)
    raise TypeError(type(o).__name__)


class CliContext:
    def __init__(self, args) -> None:
        self.args = args
        self.json = bool(getattr(args, "json", False))
        self._cb = None
        self._svc = None

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

    # ------------------------------------------------------------------ the casebook
    @property
    def path(self) -> Path:
        return Path(self.args.file).expanduser() if getattr(self.args, "file", None) else default_casebook_path()

    def new_passphrase(self) -> str:
        """The passphrase for a new casebook: the environment, or asked twice on a terminal."""
        env = os.environ.get(PASSPHRASE_ENV)
        if env:
            return env
        if not sys.stdin.isatty():
            raise BadInput(f"no passphrase: set {PASSPHRASE_ENV} or run this in a terminal")
        first = getpass.getpass("New passphrase: ")
        if not first:
            raise BadInput("the passphrase must not be empty")
        if getpass.getpass("Repeat the passphrase: ") != first:
            raise BadInput("the two passphrases differ; nothing was created")
        return first

    def open_casebook(self):
        """Unlock ``--file``: ``CASEBOOK_PASSPHRASE``, else a remembered key, else a prompt on a TTY."""
        if self._svc is not None:
            return self._cb, self._svc
        from casebook.services import Services
        from casebook.store import Casebook, file_id_of
        from casebook.store.keyring_store import recall_key

        path = self.path
        env = os.environ.get(PASSPHRASE_ENV)
        if env:
            cb = Casebook.open(path, env)
        else:
            key = recall_key(file_id_of(path))
            if key is not None:
                cb = Casebook.open(path, key=key)
            elif sys.stdin.isatty():
                cb = Casebook.open(path, getpass.getpass(f"Passphrase for {path.name}: "))
            else:
                file_id_of(path)  # a missing file is reported as such first
                raise CannotUnlock(
                    f"no passphrase: set {PASSPHRASE_ENV}, remember the key on this device, or run in a terminal"
                )
        self._cb, self._svc = cb, Services(cb)
        return cb, self._svc

    def close(self) -> None:
        if self._cb is not None:
            self._cb.close()
            self._cb = self._svc = None
