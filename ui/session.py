"""Locking: on demand (Ctrl+L) and after idle time, and the clipboard rule.

* :class:`IdleWatcher` is an application-wide event filter: any keyboard, mouse, wheel or touch
  input restarts a single-shot timer; when it fires, :attr:`IdleWatcher.idle` is emitted and the
  shell locks. The timeout comes from the ``security/idle_lock_minutes`` setting (0 = never).
* :class:`ClipboardGuard` remembers a fingerprint (a hash, never the text) of whatever Casebook put
  on the clipboard — through :func:`copy_text` or an ordinary Ctrl+C in one of our widgets — and on
  lock clears the clipboard only if it still holds that. Whatever the user copied in another
  application afterwards is left alone (KeePassXC's rule).
* :class:`Session` is one unlocked casebook: the :class:`~casebook.store.Casebook`, its
  :class:`~casebook.services.Services`, and :meth:`Session.close`, which waits for background jobs,
  then closes the file. The shell drops its models and views before calling it.
"""

from __future__ import annotations

import hashlib
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QApplication

from ui import settings as settings_mod
from ui import workers

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate, QEvent.Type.TabletPress, QEvent.Type.Shortcut,
})


class IdleWatcher(QObject):
    """Emits :attr:`idle` once after ``minutes`` without user input anywhere in the application.

    Two clocks: a single-shot ``QTimer`` for the ordinary case, and a check of the wall clock every
    few seconds, because the monotonic clock behind ``QTimer`` stops while a laptop sleeps — a lid
    closed with two minutes left must not leave the casebook open for two minutes after waking.
    """

    idle = Signal()
    WALL_CHECK_MS = 5_000

    def __init__(self, minutes: float | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self._wall = QTimer(self)
        self._wall.setInterval(self.WALL_CHECK_MS)
        self._wall.timeout.connect(self.check_wall_clock)
        self._installed = False
        self._last_input = time.time()  # wall-clock: idle time must include time asleep
        if minutes is None:
            minutes = settings_mod.settings().get(settings_mod.IDLE_LOCK_MINUTES)
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        self._interval_ms = int(max(0.0, float(minutes)) * 60_000)
        self.restart()

    @property
    def interval_ms(self) -> int:
        return self._interval_ms

    def set_interval_ms(self, ms: int) -> None:
        """Finer control (tests)."""
        self._interval_ms = max(0, int(ms))
        self.restart()

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._last_input = time.time()  # wall-clock: idle time must include time asleep
        self.restart()

    def stop(self) -> None:
        self._timer.stop()
        self._wall.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def restart(self) -> None:
        if self._interval_ms > 0 and self._installed:
            self._timer.start(self._interval_ms)
            self._wall.start()
        else:
            self._timer.stop()
            self._wall.stop()

    def remaining_ms(self) -> int:
        return self._timer.remainingTime()

    def check_wall_clock(self, now: float | None = None) -> None:
        if self._interval_ms > 0 and self._installed and self._timer.isActive():
            now = now if now is not None else time.time()  # wall-clock: time asleep counts as idle
            if now - self._last_input >= self._interval_ms / 1000:
                self._fire()

    def _fire(self) -> None:
        self._timer.stop()
        self._wall.stop()  # once; the next input starts the clocks again
        self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if event.type() in INPUT_EVENTS and self._interval_ms > 0 and self._installed:
            self._last_input = time.time()  # wall-clock: idle time must include time asleep
            self._timer.start(self._interval_ms)
            if not self._wall.isActive():
                self._wall.start()
        return False


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ClipboardGuard(QObject):
    """Knows whether the clipboard still holds what Casebook put there (by hash, not by content)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ours: set[str] = set()
        cb = QGuiApplication.clipboard()
        cb.dataChanged.connect(self._on_changed)

    def _on_changed(self) -> None:
        # A change made while Casebook is the active application was made by Casebook (Ctrl+C in a
        # field or table). Another application can only take the clipboard while it is active.
        cb = QGuiApplication.clipboard()
        if cb.ownsClipboard() or QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive:
            text = cb.text(QClipboard.Mode.Clipboard)
            if text:
                self._ours.add(_fingerprint(text))

    def copy(self, text: str) -> None:
        self._ours.add(_fingerprint(text))
        QGuiApplication.clipboard().setText(text, QClipboard.Mode.Clipboard)

    def holds_ours(self) -> bool:
        text = QGuiApplication.clipboard().text(QClipboard.Mode.Clipboard)
        return bool(text) and _fingerprint(text) in self._ours

    def clear_if_ours(self) -> bool:
        cleared = False
        if self.holds_ours():
            QGuiApplication.clipboard().clear(QClipboard.Mode.Clipboard)
            cleared = True
        cb = QGuiApplication.clipboard()
        if cb.supportsSelection():
            sel = cb.text(QClipboard.Mode.Selection)
            if sel and _fingerprint(sel) in self._ours:
                cb.clear(QClipboard.Mode.Selection)
        self._ours.clear()
        return cleared



_guard: ClipboardGuard | None = None


def clipboard_guard() -> ClipboardGuard:
    global _guard
    if _guard is None:
        _guard = ClipboardGuard()
    return _guard


def copy_text(text: str) -> None:
    """Views copy through this, so a lock can take the copy back off the clipboard."""
    clipboard_guard().copy(text)


class Session(QObject):
    """One unlocked casebook and its services."""

    closed = Signal()

    def __init__(self, cb, parent: QObject | None = None) -> None:
        """``cb``: the :class:`casebook.session.OpenCasebook` the unlock window gave (or a bare casebook)."""
        super().__init__(parent)
        from casebook.services import Services

        services = getattr(cb, "services", None)
        cb = getattr(cb, "cb", cb)
        self.cb = cb
        self.path = cb.path
        self.services = services if services is not None else Services(cb)

    @property
    def is_open(self) -> bool:
        return self.cb is not None and not self.cb.closed

    def close(self) -> None:
        """Stop background work, close the file and forget the services. Idempotent."""
        if self.cb is None:
            return
        workers.wait_for_all()
        cb = self.cb
        self.services = None
        self.cb = None
        with cb.lock:
            cb.close()
        clipboard_guard().clear_if_ours()
        self.closed.emit()
