"""The full integrity check, in the background after unlock: unlocking itself never scans the whole file.

A few seconds after the window opens, a worker thread opens a second, read-only connection with the same
key and runs the deep check (every page's HMAC, every table and index, the full-text indexes against their
text: :func:`casebook.store.casebook.integrity_problems`). The window stays usable; the result goes to the
status bar, and damage is reported in a dialog saying to restore from a backup. Locking stops the check at
once (``interrupt``) and closes its connection, so nothing decrypted outlives the lock.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThread, QTimer, Signal

log = logging.getLogger(__name__)

#: Delay after the window opens, so the check never competes with the first screens.
START_DELAY_MS = 3000
#: Checks still running (no Qt parent: a window closing never destroys a running thread).
_running: set[IntegrityCheck] = set()


class IntegrityCheck(QThread):
    """Runs once; ``done(problems)`` with a list of problem strings (empty when the file is sound), or
    ``skipped(reason)`` when the check could not run (the file locked meanwhile, say)."""

    done = Signal(list)
    skipped = Signal(str)

    def __init__(self, path, key: bytes, parent: QObject | None = None) -> None:
        from casebook.session import IntegrityRun

        super().__init__(parent)
        self.finished.connect(lambda: _running.discard(self))
        self.setObjectName("integrity-check")
        self._run = IntegrityRun(path, key)

    def cancel(self) -> None:
        """Stop now (from the GUI thread): interrupts the running check."""
        self._run.cancel()

    def run(self) -> None:  # worker thread
        from casebook.errors import CasebookError

        try:
            problems = self._run.run()
        except CasebookError as exc:
            if not self._run.cancelled:
                self.done.emit([exc.message])
        except Exception as exc:  # noqa: BLE001 - never a client's data in the log: only the type
            if not self._run.cancelled:
                log.warning("background integrity check did not run: %s", type(exc).__name__)
                self.skipped.emit(type(exc).__name__)
        else:
            if not self._run.cancelled:
                self.done.emit(problems)


def schedule(window, delay_ms: int = START_DELAY_MS) -> IntegrityCheck | None:
    """Start the background check on ``window``'s casebook after ``delay_ms``; returns the check (tests
    wait on it). The window's ``teardown`` (lock) must call :func:`stop`."""
    session = getattr(window, "session", None)
    if session is None or getattr(session, "cb", None) is None:
        return None
    check = IntegrityCheck(session.cb.path, session.cb.raw_key())
    window._integrity_check = check
    window.destroyed.connect(check.cancel)

    def report(problems: list) -> None:
        if getattr(window, "_torn_down", True):
            return
        if not problems:
            window.statusBar().showMessage("Integrity check: the casebook file is sound.", 8000)
            return
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(
            window, "The casebook file is damaged",
            f"The background integrity check found {len(problems)} problem(s) in this casebook file.\n\n"
            "Keep working only to note what you need, then restore the latest backup "
            "(File ▸ Restore from backup, or 'casebook restore'), and run 'casebook check' on it.")

    check.done.connect(report)

    def begin() -> None:
        if not getattr(window, "_torn_down", True) and not check.isRunning():
            _running.add(check)
            check.start()

    QTimer.singleShot(delay_ms, window, begin)  # cancelled with the window
    return check


def stop(window) -> None:
    """On lock: stop the check and wait for its connection to close."""
    check = getattr(window, "_integrity_check", None)
    if check is None:
        return
    check.cancel()
    if check.isRunning():
        check.wait(10000)
    window._integrity_check = None


def wait_all(timeout_ms: int = 10000) -> None:
    """Stop and wait for every running check (tests; quitting)."""
    for check in list(_running):
        check.cancel()
        check.wait(timeout_ms)


__all__ = ["START_DELAY_MS", "IntegrityCheck", "schedule", "stop", "wait_all"]
