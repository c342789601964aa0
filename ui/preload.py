"""Get the main window's code ready while the unlock window waits for the passphrase (issue 15).

A person takes seconds to type a passphrase, and the key derivation then runs on a worker for about
half a second; the main window's modules (the views, their models and dialogs), the shipped deadline
rules and the bank-holiday table do not depend on which casebook opens or on its key. So as soon as
the unlock window is up, :func:`start` loads them on a background thread, and the main window is
built from loaded code the moment the key is known, instead of importing it then.

Only code and the shipped, public rules are loaded here: nothing from any casebook, nothing
decrypted. Everything is idempotent (Python imports once; the rules and the bank holidays are cached
per process), so a lock and unlock, or a second unlock window, costs nothing more.

:func:`wait` is called before the main window is built: the GUI thread then never imports the same
modules at the same time as the preloading thread (if the key came first, e.g. a remembered key at
start, it simply waits for what is left, which it would have had to load anyway).
"""

from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger(__name__)

#: Loaded in this order: the main window first (it imports the navigator, search and "This week"),
#: then each client tab's module (built when first shown), then what they open most often.
MODULES: tuple[str, ...] = (
    "ui.main_window",
    "ui.views.overview",
    "ui.views.chronology",
    "ui.views.documents",
    "ui.views.matter_view",
    "ui.views.notes",
    "ui.views.contacts",
    "ui.views.risk",
    "ui.views.evidence",
    "ui.views.challenges",
    "ui.views.programmes",
    "ui.views.matter_deadlines",
    "ui.drafts",
    "ui.viewer",
    "ui.integrity",
)

_lock = threading.Lock()
_thread: threading.Thread | None = None
_done = threading.Event()


def _warm_core() -> None:
    """The shipped deadline rules (parsed once per process) and this year's bank holidays (read from
    the table written out of the ``holidays`` package: the package itself, and its every country, is
    not loaded — :mod:`casebook.deadlines.calendar`)."""
    from casebook import session

    session.prepare()


def _run() -> None:
    try:
        _warm_core()
        for name in MODULES:
            importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001 - preloading is only an optimisation: the real use will say
        log.warning("preloading stopped: %s", type(exc).__name__)
    finally:
        _done.set()


def start() -> None:
    """Start preloading in the background (once per process; later calls do nothing)."""
    global _thread
    with _lock:
        if _thread is not None:
            return
        _thread = threading.Thread(target=_run, name="casebook-preload", daemon=True)
        _thread.start()


def started() -> bool:
    return _thread is not None


def done() -> bool:
    return _done.is_set()


def wait(timeout: float | None = None) -> bool:
    """Wait for the preloading to finish (at once if it never started or is finished). True if done."""
    if _thread is None:
        return True
    return _done.wait(timeout)


__all__ = ["MODULES", "done", "start", "started", "wait"]
