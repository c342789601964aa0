"""The unlock window: open a recent or chosen casebook, create a new one, or try the demo.

Two pages (:mod:`ui.unlock.open_page`, :mod:`ui.unlock.create_page`) over one busy bar. Unlocking
derives the key with Argon2id (about half a second by design), so it runs on a worker thread and the
window stays responsive. What opens a file, and with which key, is the core's
(:mod:`casebook.session`); this window asks, shows progress and says what went wrong in one calm inline
line, never a dialog. "Remember on this device" keeps the raw key (never the passphrase) in the OS
keyring; where no keyring exists the option is shown disabled with the reason.

A remembered key unlocks without asking when the app starts or a file is opened. After a lock the
window waits for the user (Enter or the Unlock button) so that locking a remembered casebook still
means something; no passphrase needs typing.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_documents_dir
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casebook import session
from ui import settings as settings_mod
from ui.unlock.create_page import CreatePage
from ui.unlock.open_page import OpenPage
from ui.widgets import app_icon, semantic
from ui.workers import Job

OPEN_PAGE, CREATE_PAGE = 0, 1


class UnlockWindow(QWidget):
    """Top-level window. Emits :attr:`unlocked` with an open :class:`casebook.session.OpenCasebook`."""

    unlocked = Signal(object)
    demo_requested = Signal()
    closed_by_user = Signal()  # the window was closed (not replaced by the main window): quit

    def __init__(self, path: str | Path | None = None, *, auto_unlock: bool = True, message: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Casebook")
        self.setWindowIcon(app_icon())
        self.setObjectName("UnlockWindow")
        self._settings = settings_mod.settings()
        self._job: Job | None = None
        self._used_key = False
        self._availability = session.keyring_availability()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(36, 28, 36, 24)
        outer.setSpacing(14)
        outer.addLayout(self._header())
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(line)

        self.open_page = OpenPage(self._settings, self._availability)
        self.open_page.unlock_requested.connect(self.unlock)
        self.open_page.browse_requested.connect(self.browse)
        self.open_page.create_requested.connect(self.show_create)
        self.open_page.demo_requested.connect(self.demo_requested)
        self.create_page = CreatePage(self._availability)
        self.create_page.back_requested.connect(self.show_open)
        self.create_page.create_requested.connect(self.create)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.open_page)
        self.pages.addWidget(self.create_page)
        outer.addWidget(self.pages, 1)
        self._expose_page_widgets()

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(4)
        self.busy.setAccessibleName("Working")
        self.busy.setVisible(False)
        outer.addWidget(self.busy)

        self.setAcceptDrops(True)  # a .casebook file dropped on the window is opened
        QShortcut(QKeySequence(QKeySequence.StandardKey.Open), self, activated=self.browse)
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, activated=self.show_create)
        self.resize(self.sizeHint().expandedTo(QSize(560, 470)))

        self.open_page.fill_recent()
        initial = path or self._settings.get(settings_mod.LAST_FILE) or None
        if initial:
            self.set_path(initial)
        if message:
            self.message.show_message(message, "info")
        elif self.selected_path() is None:
            self.message.show_message("Welcome. Open a casebook file with Browse…, create a new one, or try "
                                      "the demo to look around.", "info")
        self._auto_unlock = auto_unlock

    # ------------------------------------------------------------------ building
    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(14)
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(52, 52), self.devicePixelRatioF()))
        logo.setAccessibleName("Casebook logo")
        row.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        col = QVBoxLayout()
        col.setSpacing(2)
        title = QLabel("Casebook")
        f = QFont(title.font())
        f.setPointSizeF(f.pointSizeF() * 1.7)
        f.setWeight(QFont.Weight.DemiBold)
        title.setFont(f)
        sub = QLabel("Encrypted casework for prison law and the Parole Board")
        sub.setStyleSheet(f"color: {semantic('muted', self.palette()).name()};")
        col.addWidget(title)
        col.addWidget(sub)
        row.addLayout(col, 1)
        return row

    def _expose_page_widgets(self) -> None:
        """The pages' controls, reachable from the window as before the pages were their own classes."""
        o, c = self.open_page, self.create_page
        self.file_combo, self.browse_button, self.file_where = o.file_combo, o.browse_button, o.file_where
        self.passphrase, self.remember, self.remember_reason = o.passphrase, o.remember, o.remember_reason
        self.demo_hint, self.message, self.unlock_button = o.demo_hint, o.message, o.unlock_button
        self.create_button, self.demo_button = o.create_button, o.demo_button
        self.new_path, self.new_pass, self.new_pass2 = c.new_path, c.new_pass, c.new_pass2
        self.strength, self.new_remember = c.strength, c.new_remember
        self.create_message, self.create_confirm = c.create_message, c.create_confirm

    # ------------------------------------------------------------------ files
    def selected_path(self) -> Path | None:
        return self.open_page.selected_path()

    def set_path(self, path: str | Path) -> None:
        self.open_page.set_path(path)

    def browse(self) -> None:
        start = str(self.selected_path().parent) if self.selected_path() else user_documents_dir()
        path, _ = QFileDialog.getOpenFileName(self, "Open casebook", start,
                                              "Casebooks (*.casebook);;All files (*)")
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> None:
        """Select ``path`` and, if a key is remembered for it, unlock straight away."""
        self.show_open()
        self.set_path(path)
        if session.remembered_key(path) is not None:
            self.unlock()

    # ------------------------------------------------------------------ pages
    def show_open(self) -> None:
        self.pages.setCurrentIndex(OPEN_PAGE)
        self.passphrase.setFocus()

    def show_create(self) -> None:
        if self.is_busy():
            return
        self.pages.setCurrentIndex(CREATE_PAGE)
        self.create_page.reset()

    # ------------------------------------------------------------------ the window
    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._auto_unlock:
            self._auto_unlock = False
            path = self.selected_path()
            if path is not None and path.exists() and session.remembered_key(path) is not None:
                self.unlock()

    def dismiss(self) -> None:
        """Close without meaning "quit" (the shell replaces this window)."""
        self._dismissed = True
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802
        from ui import drafts

        if not getattr(self, "_dismissed", False) and not drafts.may_discard(self):
            event.ignore()  # unsaved forms kept over the lock: the user chose not to quit
            return
        self._closed = True  # a casebook opened after this point is closed again, not shown
        self.wait_idle()
        super().closeEvent(event)
        if not getattr(self, "_dismissed", False):
            self.closed_by_user.emit()

    @staticmethod
    def _dropped_casebook(event) -> str | None:
        md = event.mimeData()
        if md is None or not md.hasUrls():
            return None
        for url in md.urls():
            if url.isLocalFile() and url.toLocalFile().endswith(session.SUFFIX):
                return url.toLocalFile()
        return None

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if not self.is_busy() and self._dropped_casebook(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802
        path = self._dropped_casebook(event)
        if path and not self.is_busy():
            event.acceptProposedAction()
            self.open_file(path)

    # ------------------------------------------------------------------ unlocking and creating
    def is_busy(self) -> bool:
        return self._job is not None

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for w in (*self.open_page.inputs(), *self.create_page.inputs()):
            w.setEnabled(not busy)
        if not busy:
            self.open_page.reapply_availability()
            self.create_page.reapply_availability()
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def unlock(self) -> None:
        if self.is_busy():
            return
        self.message.clear_message()
        path = self.selected_path()
        if path is None:
            self.message.show_message("Choose a casebook file first (Browse…), create one, or try the demo.")
            return
        passphrase = self.passphrase.text()
        has_key = not passphrase and session.remembered_key(path) is not None
        if not passphrase and not has_key:
            self.message.show_message("Enter the passphrase for this casebook.")
            self.passphrase.setFocus()
            return
        self._used_key = has_key
        # A stale remembered key is forgotten by the core, which says so (the message is shown as is).
        self._start(lambda: session.open(path, passphrase or None), remember=self.remember.isChecked(),
                    page=OPEN_PAGE)

    def create(self) -> None:
        if self.is_busy():
            return
        wanted = self.create_page.validated()
        if wanted is None:
            return
        path, passphrase = wanted
        self._used_key = False
        self._start(lambda: session.create(path, passphrase), remember=self.new_remember.isChecked(),
                    page=CREATE_PAGE)

    def _start(self, fn, *, remember: bool, page: int) -> None:
        self._set_busy(True)
        job = Job(fn, name="unlock", hooks=False)
        self._job = job
        job.succeeded.connect(lambda opened: self._on_opened(opened, remember))
        job.failed.connect(lambda msg: self._on_failed(msg, page))
        job.start()

    def _on_opened(self, opened: session.OpenCasebook, remember: bool) -> None:
        if getattr(self, "_closed", False):
            opened.close()
            return
        self._job = None
        self._set_busy(False)
        self.passphrase.clear()
        self.create_page.clear_passphrases()
        if self._availability.available:
            opened.remember_on_device(remember)
        self._settings.add_recent(opened.path)
        self.unlocked.emit(opened)

    def _on_failed(self, message: str, page: int) -> None:
        if getattr(self, "_closed", False):
            return
        self._job = None
        self._set_busy(False)
        text = message[:1].upper() + message[1:]
        if not text.endswith("."):
            text += "."
        if page == OPEN_PAGE:
            self.open_page.failed(text, self._used_key)
        else:
            self.create_message.show_message(text)

    def wait_idle(self, timeout_ms: int = 30000) -> None:
        if self._job is not None:
            self._job.wait(timeout_ms)


__all__ = ["UnlockWindow"]
