"""What keeps every command to the CLI contract when things go wrong (issue 15, faults 2–5, 7, 9).

* :class:`TerminalText` wraps stdout/stderr so nothing a terminal acts on reaches it: in text output the
  escape sequences, carriage returns, C1 controls and bidi overrides of stored free text (a note, a
  document's page) are dropped; in ``--json`` output DEL, C1 and bidi controls are written as ``\\uXXXX``
  escapes (the same JSON value). Stored text is never changed.
* :func:`fault_message` puts an unexpected failure in one line with its exit code: a full disk, a busy
  casebook, a damaged file (from SQLite's error), a number too large, input nested too deeply, or, as a
  last resort, an internal error named by its type only (``CASEBOOK_DEBUG=1`` shows the traceback).
* :func:`warn_insecure_kdf` — the test-only cheap KDF (``CASEBOOK_INSECURE_TEST_KDF=1``) is announced on
  stderr by every command, and by every command that opens a file made with it. Only the test suite
  silences it, explicitly, with ``CASEBOOK_TEST_QUIET=1``.
* :func:`quiet_broken_pipe` — ``casebook client list | head -1``: the reader went away, so the command
  stops writing and exits quietly (no ``BrokenPipeError`` traceback).
"""

from __future__ import annotations

import errno
import os
import sys

from casebook.domain.validate import for_terminal, json_for_terminal
from casebook.errors import CasebookError
from casebook.store import keys

QUIET_ENV = "CASEBOOK_TEST_QUIET"
DEBUG_ENV = "CASEBOOK_DEBUG"
INSECURE_KDF_WARNING = (
    "casebook: WARNING: INSECURE TEST KEY DERIVATION ({why}): a passphrase of a casebook made or re-keyed "
    "this way can be guessed quickly. Never keep real client data in it."
)


class TerminalText:
    """A text stream that passes text through :func:`for_terminal` (or :func:`json_for_terminal`)."""

    def __init__(self, stream, *, as_json: bool = False) -> None:
        self._stream = stream
        self._fix = json_for_terminal if as_json else for_terminal

    def write(self, text: str) -> int:
        self._stream.write(self._fix(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._stream.flush()

    def __getattr__(self, name):  # buffer, fileno, isatty, encoding … of the real stream
        return getattr(self._stream, name)


def quiet() -> bool:
    return os.environ.get(QUIET_ENV) == "1"


def warn_insecure_kdf(why: str = "CASEBOOK_INSECURE_TEST_KDF=1") -> None:
    if not quiet():
        print(INSECURE_KDF_WARNING.format(why=why), file=sys.stderr)


def warn_if_insecure_kdf_in_use() -> bool:
    """The warning of every command while the cheap test KDF is on; whether it is on."""
    if keys.insecure_test_kdf():
        warn_insecure_kdf()
        return True
    return False


def fault_message(exc: BaseException, path=None) -> tuple[str, int]:
    """One line and an exit code for an exception that is not a :class:`CasebookError`."""
    from casebook.store import faults

    translated = faults.translate(exc, path)
    if translated is not None:
        return translated.message, translated.exit_code
    if isinstance(exc, OSError):  # a file of the user's (an export, a backup) on a full or failing disk
        name = os.path.basename(str(exc.filename)) if exc.filename else "a file"
        if exc.errno == errno.ENOSPC:
            return f"the disk is full (writing {name}); free some space and try again", 1
        return f"cannot use {name}: {exc.strerror or type(exc).__name__}", 1
    if isinstance(exc, OverflowError):
        return "a number given is too large (ids, days and terms have limits); nothing was saved", 1
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read; nothing was saved", 1
    if isinstance(exc, MemoryError):
        return "not enough memory to finish; nothing more was saved", 1
    if isinstance(exc, CasebookError):  # (not reached: main reports these itself)
        return exc.message, exc.exit_code
    return (f"internal error ({type(exc).__name__}); nothing more was saved. Please report it; "
            f"{DEBUG_ENV}=1 shows the details"), 1


def debugging() -> bool:
    return os.environ.get(DEBUG_ENV) == "1"


def quiet_broken_pipe(stream) -> None:
    """After ``BrokenPipeError`` on ``stream`` (the command's stdout): if it is the process's own stdout,
    point it at the null device so the interpreter's final flush cannot fail again; the command then
    ends quietly. (A stream of the caller's, in-process, is left alone.)"""
    try:
        fd = stream.fileno() if stream is sys.__stdout__ and stream is not None else None
    except (OSError, ValueError):
        fd = None
    if fd is not None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fd)
        finally:
            os.close(devnull)


__all__ = ["DEBUG_ENV", "INSECURE_KDF_WARNING", "QUIET_ENV", "TerminalText", "debugging", "fault_message",
           "quiet", "quiet_broken_pipe", "warn_if_insecure_kdf_in_use", "warn_insecure_kdf"]
