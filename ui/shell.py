"""The shell: the controller that moves between the two top-level windows.

First the unlock window; once a casebook is open, the main window. Locking (Ctrl+L, idle time, the
computer locking or sleeping, opening another file) keeps unsaved drafts in memory (``ui.drafts``),
tears the main window's models and views down, closes the casebook, clears the clipboard if it still
holds what Casebook copied, and shows the unlock window with the same file preselected.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from ui.demo import ensure_demo

log = logging.getLogger("casebook.ui")


class Shell(QObject):
    """Moves between the unlock window and the main window; owns the session and the idle watcher."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from ui.session import IdleWatcher, clipboard_guard

        self.unlock_window = None
        self.main_window = None
        self.session = None
        self.reminder: str | None = None
        clipboard_guard()
        self.idle = IdleWatcher(parent=self)
        self.idle.idle.connect(self.idle_lock)
        from ui.screenlock import ScreenLockWatcher

        self.screen_lock = ScreenLockWatcher(self)
        self.screen_lock.screen_locked.connect(self.screen_locked)
        from ui import settings as settings_mod

        settings_mod.settings().changed.connect(self._setting_changed)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        # macOS: a .casebook double-clicked in the Finder arrives as a FileOpen event.
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.FileOpen and event.file().endswith(".casebook"):
            if self.session is None:
                if self.unlock_window is None:
                    self.show_unlock(event.file(), auto_unlock=False)
                else:
                    self.unlock_window.open_file(event.file())
            return True
        if (event.type() == QEvent.Type.KeyPress and self.session is not None
                and self.main_window is not None and QApplication.activeModalWidget() is not None
                and not event.isAutoRepeat()):
            # File ▸ Lock's shortcut is the main window's, which a dialog open over it blocks: Ctrl+L
            # in a dialog did nothing. Lock as the idle lock does (what was typed is kept as a draft).
            action = self.main_window.menu_actions.get("lock")
            if action is not None and not action.shortcut().isEmpty() \
                    and QKeySequence(event.keyCombination()) == action.shortcut():
                QTimer.singleShot(0, self.lock)
                return True
        return False

    def _setting_changed(self, key: str) -> None:
        from ui import settings as settings_mod

        if key == settings_mod.IDLE_LOCK_MINUTES.key:
            self.idle.set_minutes(settings_mod.settings().get(settings_mod.IDLE_LOCK_MINUTES))

    # ------------------------------------------------------------------ unlock window
    def show_unlock(self, path=None, *, auto_unlock: bool = True, message: str = "", mode: str = "open"):
        from ui.unlock import UnlockWindow

        if self.unlock_window is not None:
            self.unlock_window.dismiss()
            self.unlock_window.deleteLater()
        w = UnlockWindow(path, auto_unlock=auto_unlock, message=message)
        w.unlocked.connect(self._on_unlocked)
        w.demo_requested.connect(self.open_demo)
        w.closed_by_user.connect(self.quit)
        self.unlock_window = w
        if mode == "new":
            w.show_create()
        w.show()
        w.raise_()
        w.activateWindow()
        if mode == "browse":
            QTimer.singleShot(0, w.browse)
        from ui import preload

        preload.start()  # the main window's code, while the passphrase is typed (once per process)
        return w

    def open_demo(self) -> None:
        parent = self.unlock_window

        def ready(path):
            if self.unlock_window is not None:
                self.unlock_window.open_file(path)
            else:
                self.show_unlock(path)

        def failed(message):
            if message and self.unlock_window is not None:
                self.unlock_window.message.show_message(message)

        self._demo_job = ensure_demo(parent, on_ready=ready, on_failed=failed)

    # ------------------------------------------------------------------ main window
    def _on_unlocked(self, opened) -> None:
        """``opened``: the :class:`casebook.session.OpenCasebook` the unlock window emitted."""
        from ui import preload

        preload.wait(60)  # whatever is still loading (never two threads importing the same modules)
        from ui.main_window import MainWindow
        from ui.session import Session

        self.session = Session(opened)
        try:
            self.main_window = MainWindow(self.session)
        except Exception as exc:  # noqa: BLE001 - never leave an open casebook without a window
            log.error("main window could not be built: %s", type(exc).__name__)
            self.session.close()
            self.session = None
            if self.unlock_window is not None:
                self.unlock_window.message.show_message(
                    "The casebook opened, but its window could not be shown, so it was closed again. "
                    "Nothing was changed.")
            return
        self.main_window.lock_requested.connect(self.lock)
        self.main_window.switch_requested.connect(self.switch)
        self.main_window.open_path_requested.connect(self.open_other)
        self.main_window.quit_requested.connect(self.quit)
        self.main_window.screen_lock_watcher = self.screen_lock
        self.main_window.show()
        self.screen_lock.watch_window(self.main_window)
        if self.unlock_window is not None:
            self.unlock_window.dismiss()
            self.unlock_window.deleteLater()
            self.unlock_window = None
        self.idle.start()
        self.reminder = self.main_window.show_overdue_reminder()

    def _close_transient_windows(self) -> None:
        """Dialogs, message boxes and menus opened over the main window go before the casebook closes."""
        from PySide6.QtWidgets import QDialog, QMenu

        for w in QApplication.topLevelWidgets():
            if w is self.unlock_window or w is self.main_window or not w.isVisible():
                continue
            if isinstance(w, QDialog):
                w.reject()
                if w.isVisible():
                    w.hide()
            elif isinstance(w, QMenu):
                w.close()

    def _close_session(self) -> Path | None:
        self.idle.stop()
        path = None
        if self.main_window is not None:
            from ui.drafts import keep_drafts

            keep_drafts(self.main_window)  # unsaved dialogs and the screen, in memory, before they close
            self._close_transient_windows()
        if self.main_window is not None:
            self.main_window.teardown()
            self.main_window.close()
            self.main_window.deleteLater()
            self.main_window = None
        if self.session is not None:
            path = self.session.path
            self.session.close()
            self.session = None
        return path

    def lock(self, message: str = "Locked. Enter the passphrase to open the casebook again.") -> None:
        if self.session is None:
            return
        path = self._close_session()
        self.show_unlock(path, auto_unlock=False, message=message)

    def idle_lock(self) -> None:
        from ui import settings as settings_mod

        minutes = settings_mod.settings().get(settings_mod.IDLE_LOCK_MINUTES)
        self.lock(f"Locked after {minutes} minute{'' if minutes == 1 else 's'} without use.")

    def screen_locked(self, reason: str) -> None:
        """The computer locked or is going to sleep: lock too, unless the user turned that off."""
        from ui import settings as settings_mod

        if self.session is not None and settings_mod.settings().get(settings_mod.LOCK_ON_SCREEN_LOCK):
            self.lock(f"Locked because {reason}.")

    def switch(self, mode: str) -> None:
        path = self._close_session()
        self.show_unlock(path, auto_unlock=False, mode="new" if mode == "new" else "browse")

    def open_other(self, path: str) -> None:
        """Lock this casebook and open ``path`` (unlocking at once if its key is remembered)."""
        self._close_session()
        w = self.show_unlock(None, auto_unlock=False)
        w.open_file(path)

    def quit(self) -> None:
        self.shutdown()
        QApplication.instance().quit()

    def shutdown(self) -> None:
        """Close everything without quitting the application object (tests, smoke, aboutToQuit)."""
        from ui import workers

        self._close_session()
        if self.unlock_window is not None:
            self.unlock_window.dismiss()
            self.unlock_window.deleteLater()
            self.unlock_window = None
        self.idle.stop()
        self.screen_lock.stop()
        workers.wait_for_all()

