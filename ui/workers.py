"""Long work off the GUI thread, with progress and cancel.

A :class:`Job` runs one callable on a ``QThread``. The callable receives the two hooks the core
functions take: ``progress(done, total)`` and ``cancelled() -> bool``. Its outcome comes back on
the GUI thread as exactly one of :attr:`Job.succeeded` (the return value), :attr:`Job.failed`
(a user-facing message, never a traceback or client data) or :attr:`Job.was_cancelled`, followed by
:attr:`Job.ended`.

The casebook's SQLite connection is opened with ``check_same_thread=False``; core functions that
use it from a worker hold ``cb.lock``. The GUI keeps the user out of the way with a window-modal
:class:`ProgressDialog` while such a job runs, and locking waits for running jobs (see
``ui.session``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from casebook.errors import Cancelled, CasebookError

log = logging.getLogger(__name__)

GENERIC_FAILURE = "Something went wrong; nothing was changed. Please try again."

_running: set[Job] = set()


def running_jobs() -> list[Job]:
    return list(_running)


class Job(QThread):
    """One piece of long work. Create, connect, :meth:`start`; :meth:`cancel` asks it to stop."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    was_cancelled = Signal()
    ended = Signal()

    def __init__(self, fn: Callable[..., Any], *, name: str = "job", parent: QObject | None = None,
                 hooks: bool = True) -> None:
        super().__init__(parent)
        self._fn = fn
        self._hooks = hooks
        self._cancel = threading.Event()
        self.name = name
        self.outcome: str | None = None  # "ok" | "failed" | "cancelled"
        self.result: Any = None
        self.message = ""
        self.setObjectName(name)
        self.finished.connect(self._on_finished)

    def start(self, *args, **kwargs) -> None:  # noqa: D401 - Qt name
        _running.add(self)
        super().start(*args, **kwargs)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        self.progressed.emit(int(done), int(total))

    def run(self) -> None:  # worker thread
        try:
            if self._hooks:
                result = self._fn(progress=self._progress, cancelled=self._cancel.is_set)
            else:
                result = self._fn()
        except Cancelled:
            self.outcome = "cancelled"
        except CasebookError as exc:
            self.outcome, self.message = "failed", exc.message
        except Exception as exc:  # noqa: BLE001 - reported without its message (it may hold client data)
            log.error("background job %s failed: %s", self.name, type(exc).__name__)
            self.outcome, self.message = "failed", GENERIC_FAILURE
        else:
            self.outcome, self.result = "ok", result

    def _on_finished(self) -> None:  # GUI thread (the QThread object lives there)
        _running.discard(self)
        if self.outcome == "ok":
            self.succeeded.emit(self.result)
        elif self.outcome == "cancelled":
            self.was_cancelled.emit()
        else:
            self.failed.emit(self.message or GENERIC_FAILURE)
        self.ended.emit()


class ProgressDialog(QProgressDialog):
    """A window-modal progress dialog bound to a :class:`Job` (Cancel asks the job to stop)."""

    def __init__(self, job: Job, title: str, label: str, parent: QWidget | None = None,
                 cancellable: bool = True) -> None:
        super().__init__(label, "Cancel" if cancellable else None, 0, 0, parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setValue(0)  # at the minimum, so the next line (re)starts the show timer
        self.setMinimumDuration(400)  # quick jobs never flash a dialog; slower ones show it at 0.4 s
        self.setMinimumWidth(380)
        self.job = job
        self.canceled.connect(self._cancel)
        job.progressed.connect(self._on_progress)
        job.ended.connect(self._done)

    def _cancel(self) -> None:
        self.setLabelText("Cancelling…")
        self.job.cancel()

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            if self.maximum() != total:
                self.setMaximum(total)
            self.setValue(min(done, total))

    def _done(self) -> None:
        self.reset()
        self.hide()
        self.deleteLater()


def run_with_progress(fn: Callable[..., Any], *, title: str, label: str, parent: QWidget | None = None,
                      cancellable: bool = True, name: str = "job") -> Job:
    """Start ``fn(progress=, cancelled=)`` in a :class:`Job` behind a progress dialog; return the job."""
    job = Job(fn, name=name)  # no QObject parent: a closing window must not destroy a running thread
    job.dialog = ProgressDialog(job, title, label, parent, cancellable)
    job.start()
    return job


def wait_for_all(timeout_ms: int = 30000) -> None:
    """Ask every running job to stop and wait for it (used before the casebook is closed)."""
    for job in running_jobs():
        job.cancel()
        job.wait(timeout_ms)
        _running.discard(job)
