"""Lock the casebook when the computer locks or goes to sleep (KeePassXC's "lock on screen lock").

:class:`ScreenLockWatcher` emits :attr:`~ScreenLockWatcher.screen_locked` with a reason in words:

* **Linux and the BSDs** — D-Bus: the desktop's screen saver turning on (``ActiveChanged(true)`` from
  ``org.freedesktop.ScreenSaver``, GNOME, MATE and Cinnamon), logind locking the session (``Lock`` on
  ``org.freedesktop.login1.Session``) and logind preparing for sleep (``PrepareForSleep(true)``).
* **Windows** — a native event filter on the session-change and power messages
  (``WM_WTSSESSION_CHANGE`` / ``WTS_SESSION_LOCK`` after ``WTSRegisterSessionNotification``, and
  ``WM_POWERBROADCAST`` / ``PBT_APMSUSPEND``).
* **macOS** — not watched (that needs the Cocoa notification centre): the idle lock still applies,
  and :meth:`ScreenLockWatcher.unavailable_reason` says so in Preferences.

The shell locks on the signal when the ``security/lock_on_screen_lock`` setting is on (the default).
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import SLOT, QAbstractNativeEventFilter, QObject, Signal, Slot

_log = logging.getLogger(__name__)

#: (interface, object path, signal) on the session bus whose first argument is "screen saver active".
SCREEN_SAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "ActiveChanged"),
    ("org.freedesktop.ScreenSaver", "/ScreenSaver", "ActiveChanged"),  # KDE Plasma
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "ActiveChanged"),
    ("org.mate.ScreenSaver", "/org/mate/ScreenSaver", "ActiveChanged"),
    ("org.cinnamon.ScreenSaver", "/org/cinnamon/ScreenSaver", "ActiveChanged"),
)
LOGIND_MANAGER = ("org.freedesktop.login1.Manager", "/org/freedesktop/login1", "PrepareForSleep")
LOGIND_SESSION = ("org.freedesktop.login1.Session", "", "Lock")  # any session path

# Windows messages (WinUser.h, WtsApi32.h)
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x4
NOTIFY_FOR_THIS_SESSION = 0


def windows_lock_reason(message: int, wparam: int) -> str | None:
    """The reason to lock for one Windows message, or None."""
    if message == WM_WTSSESSION_CHANGE and wparam == WTS_SESSION_LOCK:
        return "the computer was locked"
    if message == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND:
        return "the computer went to sleep"
    return None


class _WindowsFilter(QAbstractNativeEventFilter):
    def __init__(self, watcher: ScreenLockWatcher) -> None:
        super().__init__()
        self._watcher = watcher

    def nativeEventFilter(self, event_type, message):  # noqa: N802
        if bytes(event_type) == b"windows_generic_MSG":
            from ctypes import wintypes

            msg = wintypes.MSG.from_address(int(message))
            reason = windows_lock_reason(msg.message, msg.wParam)
            if reason:
                self._watcher.screen_locked.emit(reason)
        return False, 0


class ScreenLockWatcher(QObject):
    screen_locked = Signal(str)

    def __init__(self, parent: QObject | None = None, *, session_bus=None, system_bus=None) -> None:
        super().__init__(parent)
        self.sources: list[str] = []
        self._filter: _WindowsFilter | None = None
        self._registered_windows: set[int] = set()
        if sys.platform == "win32":
            self._start_windows()
        elif sys.platform != "darwin":
            self._start_dbus(session_bus, system_bus)

    # ------------------------------------------------------------------ what is watched
    def available(self) -> bool:
        return bool(self.sources)

    def unavailable_reason(self) -> str:
        if self.sources:
            return ""
        if sys.platform == "darwin":
            return "not available on macOS yet: the casebook still locks after the idle time"
        return ("no desktop session or system message bus was found: the casebook still locks after the "
                "idle time")

    # ------------------------------------------------------------------ Linux / BSD
    def _start_dbus(self, session_bus, system_bus) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a Qt build without D-Bus
            return
        session = session_bus if session_bus is not None else QDBusConnection.sessionBus()
        system = system_bus if system_bus is not None else QDBusConnection.systemBus()
        if session.isConnected():
            for interface, path, name in SCREEN_SAVERS:
                if session.connect("", path, interface, name, self, SLOT("_on_screensaver(QDBusMessage)")) \
                        and f"{interface} {name}" not in self.sources:
                    self.sources.append(f"{interface} {name}")
        if system.isConnected():
            interface, path, name = LOGIND_MANAGER
            if system.connect("", path, interface, name, self, SLOT("_on_sleep(QDBusMessage)")):
                self.sources.append(f"{interface} {name}")
            interface, path, name = LOGIND_SESSION
            if system.connect("", path, interface, name, self, SLOT("_on_session_lock(QDBusMessage)")):
                self.sources.append(f"{interface} {name}")

    @staticmethod
    def _first_true(message) -> bool:
        args = message.arguments()
        return bool(args) and args[0] is True

    @Slot("QDBusMessage")
    def _on_screensaver(self, message) -> None:
        if self._first_true(message):
            self.screen_locked.emit("the screen was locked")

    @Slot("QDBusMessage")
    def _on_sleep(self, message) -> None:
        if self._first_true(message):
            self.screen_locked.emit("the computer went to sleep")

    @Slot("QDBusMessage")
    def _on_session_lock(self, _message) -> None:
        self.screen_locked.emit("the computer was locked")

    # ------------------------------------------------------------------ Windows
    def _start_windows(self) -> None:
        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        if app is None:
            return
        self._filter = _WindowsFilter(self)
        app.installNativeEventFilter(self._filter)
        self.sources.append("WM_POWERBROADCAST")

    def watch_window(self, widget) -> None:
        """Windows sends session changes only to windows that ask: register a top-level window."""
        if sys.platform != "win32" or widget is None:
            return
        hwnd = int(widget.winId())
        if hwnd in self._registered_windows:
            return
        try:
            import ctypes

            if ctypes.windll.wtsapi32.WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION):
                self._registered_windows.add(hwnd)
                if "WM_WTSSESSION_CHANGE" not in self.sources:
                    self.sources.append("WM_WTSSESSION_CHANGE")
        except (OSError, AttributeError):
            _log.warning("could not register for session notifications")

    def stop(self) -> None:
        if self._filter is not None:
            from PySide6.QtCore import QCoreApplication

            app = QCoreApplication.instance()
            if app is not None:
                app.removeNativeEventFilter(self._filter)
            self._filter = None


__all__ = ["ScreenLockWatcher", "windows_lock_reason"]
