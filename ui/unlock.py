"""The unlock window: open a recent or chosen casebook, create a new one, or try the demo.

Unlocking derives the key with Argon2id (about half a second by design), so it runs on a worker
thread behind a busy indicator and the window stays responsive. A wrong passphrase gets one calm
inline line, never a dialog. "Remember on this device" keeps the raw key (never the passphrase) in
the OS keyring; where no keyring exists the option is shown disabled with the reason.

A remembered key unlocks without asking when the app starts or a file is opened. After a lock the
window waits for the user (Enter or the Unlock button) so that locking a remembered casebook still
means something; no passphrase needs typing.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir, user_documents_dir
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casebook.errors import WrongPassphrase
from casebook.store import Casebook, keyring_store
from casebook.store.casebook import SUFFIX, file_id_of
from casebook.store.keys import passphrase_strength
from ui import settings as settings_mod
from ui.widgets import MessageLabel, app_icon, semantic
from ui.workers import Job

DEMO_PASSPHRASE = "demo-passphrase"
MIN_STRENGTH = 2
STRENGTH_WORDS = ("Too short", "Weak", "Fair", "Good", "Strong")


def data_dir() -> Path:
    return Path(user_data_dir("Casebook", appauthor=False))


def demo_path() -> Path:
    return data_dir() / "demo.casebook"


def _same(a: str | Path | None, b: str | Path | None) -> bool:
    if not a or not b:
        return False
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def _display_folder(folder: Path) -> str:
    try:
        return "~/" + str(folder.relative_to(Path.home()))
    except ValueError:
        return str(folder)


def _remembered_key(path: str | Path) -> bytes | None:
    try:
        return keyring_store.recall_key(file_id_of(Path(path)))
    except Exception:  # noqa: BLE001 - a missing or unreadable file simply has no remembered key
        return None


def _open_job(path: Path, passphrase: str | None, key: bytes | None):
    def work():
        if key is not None:
            try:
                return Casebook.open(path, key=key)
            except WrongPassphrase:
                keyring_store.forget_key(file_id_of(path))
                raise WrongPassphrase(
                    "The key remembered on this device no longer opens this file (was the passphrase "
                    "changed?). Enter the passphrase.") from None
        return Casebook.open(path, passphrase)

    return work


class StrengthMeter(QWidget):
    """A four-step bar and the hint from the core's ``passphrase_strength``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.bar = QProgressBar()
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(6)
        self.bar.setAccessibleName("Passphrase strength")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("Passphrase strength hint")
        lay.addWidget(self.bar)
        lay.addWidget(self.hint)
        self.score = 0
        self.update_for("")

    def update_for(self, passphrase: str) -> None:
        if not passphrase:
            self.score = 0
            self.bar.setValue(0)
            self.hint.setText("Use four or more random words. There is no way to recover a forgotten passphrase.")
            self.hint.setStyleSheet(f"color: {semantic('muted', self.palette()).name()};")
            return
        self.score, text = passphrase_strength(passphrase)
        self.bar.setValue(max(self.score, 1) if passphrase else 0)
        kind = "error" if self.score < MIN_STRENGTH else ("warning" if self.score == 2 else "ok")
        self.hint.setStyleSheet(f"color: {semantic(kind, self.palette()).name()};")
        self.hint.setText(text)
        self.bar.setAccessibleDescription(f"{STRENGTH_WORDS[self.score]}. {text}")


class UnlockWindow(QWidget):
    """Top-level window. Emits :attr:`unlocked` with an open :class:`Casebook`."""

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
        self._availability = keyring_store.availability()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(36, 28, 36, 24)
        outer.setSpacing(14)
        outer.addLayout(self._header())
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        outer.addWidget(line)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._open_page())
        self.pages.addWidget(self._create_page())
        outer.addWidget(self.pages, 1)

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

        self._fill_recent()
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

    def _open_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(10)
        heading = QLabel("Open a casebook")
        hf = QFont(heading.font())
        hf.setWeight(QFont.Weight.DemiBold)
        hf.setPointSizeF(hf.pointSizeF() * 1.15)
        heading.setFont(hf)
        lay.addWidget(heading)

        form = QFormLayout()
        self._open_form = form
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        file_row = QHBoxLayout()
        self.file_combo = QComboBox()
        self.file_combo.setAccessibleName("Casebook file")
        self.file_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.file_combo.setMinimumContentsLength(24)
        self.file_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.file_combo.currentIndexChanged.connect(self._on_file_changed)
        self.browse_button = QPushButton("Browse…")
        self.browse_button.setAccessibleName("Open another casebook file")
        self.browse_button.setToolTip("Open another casebook file (Ctrl+O)")
        self.browse_button.clicked.connect(self.browse)
        file_row.addWidget(self.file_combo, 1)
        file_row.addWidget(self.browse_button)
        file_label = QLabel("&File:")
        file_label.setBuddy(self.file_combo)
        form.addRow(file_label, file_row)
        self.file_where = QLabel()
        self.file_where.setAccessibleName("Folder of the casebook file")
        self.file_where.setStyleSheet(f"color: {semantic('muted', self.palette()).name()};")
        self.file_where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        wf = QFont(self.file_where.font())
        wf.setPointSizeF(wf.pointSizeF() * 0.9)
        self.file_where.setFont(wf)
        form.addRow("", self.file_where)
        form.setRowVisible(self.file_where, False)

        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setClearButtonEnabled(False)
        self.passphrase.returnPressed.connect(self.unlock)
        self.passphrase.textEdited.connect(lambda _t: self.message.clear_message())
        pass_label = QLabel("&Passphrase:")
        pass_label.setBuddy(self.passphrase)
        form.addRow(pass_label, self.passphrase)

        self.remember = QCheckBox("&Remember on this device")
        self.remember.setAccessibleName("Remember on this device")
        self._apply_availability(self.remember)
        form.addRow("", self.remember)
        self.remember_reason = QLabel()
        self.remember_reason.setWordWrap(True)
        self.remember_reason.setStyleSheet(f"color: {semantic('muted', self.palette()).name()};")
        self.remember_reason.setText(self._availability.reason)
        form.addRow("", self.remember_reason)
        form.setRowVisible(self.remember_reason, not self._availability.available)

        self.demo_hint = QLabel()
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.setText(f"This is the demo casebook: everyone in it is invented. "
                               f"Its passphrase is “{DEMO_PASSPHRASE}”.")
        self.demo_hint.setAccessibleName("Demo passphrase")
        form.addRow("", self.demo_hint)
        form.setRowVisible(self.demo_hint, False)
        lay.addLayout(form)

        self.message = MessageLabel()
        lay.addWidget(self.message)

        buttons = QHBoxLayout()
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        self.unlock_button.setAccessibleName("Unlock")
        self.unlock_button.clicked.connect(self.unlock)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        lay.addLayout(buttons)
        lay.addStretch(1)

        others = QHBoxLayout()
        self.create_button = QPushButton("&New casebook…")
        self.create_button.setAccessibleName("Create a new casebook")
        self.create_button.setToolTip("Create a new, empty encrypted casebook (Ctrl+N)")
        self.create_button.clicked.connect(self.show_create)
        self.demo_button = QPushButton("Try the &demo")
        self.demo_button.setAccessibleName("Try the demo casebook")
        self.demo_button.setToolTip("Open a demo casebook of invented clients")
        self.demo_button.clicked.connect(self.demo_requested)
        for b in (self.create_button, self.demo_button):
            b.setFlat(True)
            b.setAutoDefault(False)
            others.addWidget(b)
        others.addStretch(1)
        lay.addLayout(others)
        return page

    def _create_page(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(10)
        heading = QLabel("Create a new casebook")
        hf = QFont(heading.font())
        hf.setWeight(QFont.Weight.DemiBold)
        hf.setPointSizeF(hf.pointSizeF() * 1.15)
        heading.setFont(hf)
        lay.addWidget(heading)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        loc = QHBoxLayout()
        self.new_path = QLineEdit()
        self.new_path.setAccessibleName("New casebook file")
        self.new_path.setText(str(self._suggest_new_path()))
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose where to save the new casebook")
        choose.clicked.connect(self._choose_new_path)
        choose.setAutoDefault(False)
        loc.addWidget(self.new_path, 1)
        loc.addWidget(choose)
        l1 = QLabel("&Save as:")
        l1.setBuddy(self.new_path)
        form.addRow(l1, loc)

        self.new_pass = QLineEdit()
        self.new_pass.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_pass.setAccessibleName("New passphrase")
        self.new_pass.textChanged.connect(self._on_new_pass)
        l2 = QLabel("&Passphrase:")
        l2.setBuddy(self.new_pass)
        form.addRow(l2, self.new_pass)
        self.strength = StrengthMeter()
        form.addRow("", self.strength)
        self.new_pass2 = QLineEdit()
        self.new_pass2.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_pass2.setAccessibleName("Repeat the passphrase")
        self.new_pass2.returnPressed.connect(self.create)
        self.new_pass2.textEdited.connect(lambda _t: self.create_message.clear_message())
        l3 = QLabel("&Repeat:")
        l3.setBuddy(self.new_pass2)
        form.addRow(l3, self.new_pass2)
        self.new_remember = QCheckBox("Re&member on this device")
        self.new_remember.setAccessibleName("Remember on this device")
        self._apply_availability(self.new_remember)
        form.addRow("", self.new_remember)
        lay.addLayout(form)

        self.create_message = MessageLabel()
        lay.addWidget(self.create_message)
        buttons = QHBoxLayout()
        back = QPushButton("&Back")
        back.setAccessibleName("Back to opening a casebook")
        back.setAutoDefault(False)
        back.clicked.connect(self.show_open)
        self.create_confirm = QPushButton("&Create casebook")
        self.create_confirm.setAccessibleName("Create casebook")
        self.create_confirm.setDefault(True)
        self.create_confirm.clicked.connect(self.create)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.create_confirm)
        lay.addLayout(buttons)
        lay.addStretch(1)
        return page

    def _apply_availability(self, box: QCheckBox) -> None:
        if not self._availability.available:
            box.setEnabled(False)
            box.setChecked(False)
            box.setToolTip(self._availability.reason)
            box.setAccessibleDescription(self._availability.reason)
        else:
            box.setToolTip("Keep the key in the system keyring so this casebook opens without the "
                           "passphrase on this device. The passphrase is never stored.")

    # ------------------------------------------------------------------ files
    def _fill_recent(self) -> None:
        self.file_combo.blockSignals(True)
        self.file_combo.clear()
        for p in self._settings.recent_files():
            self._add_combo_path(p)
        self.file_combo.blockSignals(False)
        if self.file_combo.count() == 0:
            self.file_combo.setPlaceholderText("No recent casebooks")
            self.file_combo.setCurrentIndex(-1)

    def _add_combo_path(self, path: str) -> int:
        p = Path(path)
        label = p.name if not _same(p, demo_path()) else f"{p.name} (demo)"
        self.file_combo.addItem(label, str(p))
        i = self.file_combo.count() - 1
        self.file_combo.setItemData(i, str(p), Qt.ItemDataRole.ToolTipRole)
        return i

    def selected_path(self) -> Path | None:
        data = self.file_combo.currentData()
        return Path(data) if data else None

    def set_path(self, path: str | Path) -> None:
        p = str(Path(path).resolve())
        for i in range(self.file_combo.count()):
            if _same(self.file_combo.itemData(i), p):
                self.file_combo.setCurrentIndex(i)
                self._on_file_changed(i)
                return
        i = self._add_combo_path(p)
        self.file_combo.setCurrentIndex(i)
        self._on_file_changed(i)

    def _on_file_changed(self, _index: int) -> None:
        self.message.clear_message()
        path = self.selected_path()
        self.file_where.setText(f"in {_display_folder(path.parent)}" if path is not None else "")
        self.file_where.setToolTip(str(path) if path is not None else "")
        self._open_form.setRowVisible(self.file_where, path is not None)
        is_demo = path is not None and _same(path, demo_path())
        self._open_form.setRowVisible(self.demo_hint, is_demo)
        key = _remembered_key(path) if path is not None else None
        if self._availability.available:
            self.remember.setChecked(key is not None)
        self.passphrase.clear()
        if key is not None:
            self.passphrase.setPlaceholderText("Remembered on this device — press Enter to unlock")
        elif is_demo:
            self.passphrase.setText(DEMO_PASSPHRASE)
            self.passphrase.setPlaceholderText("")
        else:
            self.passphrase.setPlaceholderText("")
        self.passphrase.setFocus()

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
        if _remembered_key(path) is not None:
            self.unlock()

    # ------------------------------------------------------------------ pages
    def show_open(self) -> None:
        self.pages.setCurrentIndex(0)
        self.passphrase.setFocus()

    def show_create(self) -> None:
        if self.is_busy():
            return
        self.pages.setCurrentIndex(1)
        self.create_message.clear_message()
        self.new_path.setText(str(self._suggest_new_path()))
        self.new_pass.setFocus()

    def _suggest_new_path(self) -> Path:
        folder = Path(user_documents_dir())
        if not folder.is_dir():
            folder = Path.home()
        name = "Casebook.casebook"
        n = 2
        while (folder / name).exists():
            name = f"Casebook {n}.casebook"
            n += 1
        return folder / name

    def _choose_new_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the new casebook as", self.new_path.text(),
                                              "Casebooks (*.casebook)")
        if path:
            if not path.endswith(SUFFIX):
                path += SUFFIX
            self.new_path.setText(path)

    def _on_new_pass(self, text: str) -> None:
        self.strength.update_for(text)
        self.create_message.clear_message()

    # ------------------------------------------------------------------ unlocking
    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._auto_unlock:
            self._auto_unlock = False
            path = self.selected_path()
            if path is not None and path.exists() and _remembered_key(path) is not None:
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
            if url.isLocalFile() and url.toLocalFile().endswith(SUFFIX):
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

    def is_busy(self) -> bool:
        return self._job is not None

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for w in (self.file_combo, self.browse_button, self.passphrase, self.remember, self.unlock_button,
                  self.create_button, self.demo_button, self.create_confirm, self.new_pass, self.new_pass2,
                  self.new_path, self.new_remember):
            w.setEnabled(not busy)
        if not busy:
            self._apply_availability(self.remember)
            self._apply_availability(self.new_remember)
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
        key = _remembered_key(path) if not passphrase else None
        if not passphrase and key is None:
            self.message.show_message("Enter the passphrase for this casebook.")
            self.passphrase.setFocus()
            return
        self._used_key = key is not None
        self._start(_open_job(path, passphrase or None, key), remember=self.remember.isChecked(), page=0)

    def create(self) -> None:
        if self.is_busy():
            return
        self.create_message.clear_message()
        raw = self.new_path.text().strip()
        if not raw:
            self.create_message.show_message("Choose where to save the new casebook.")
            return
        path = Path(raw).expanduser()
        if path.suffix != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
        p1, p2 = self.new_pass.text(), self.new_pass2.text()
        if not p1:
            self.create_message.show_message("Choose a passphrase.")
            self.new_pass.setFocus()
            return
        if p1 != p2:
            self.create_message.show_message("The two passphrases do not match. Type them again.")
            self.new_pass2.clear()
            self.new_pass2.setFocus()
            return
        score, hint = passphrase_strength(p1)
        if score < MIN_STRENGTH:
            self.create_message.show_message(f"Choose a stronger passphrase. {hint}")
            self.new_pass.setFocus()
            return
        if path.exists():
            self.create_message.show_message("A file with that name already exists; Casebook never overwrites "
                                             "a file. Choose another name.")
            return
        if not path.parent.is_dir():
            self.create_message.show_message("That folder does not exist. Choose another place to save it.")
            return
        self._used_key = False
        self._start(lambda: Casebook.create(path, p1), remember=self.new_remember.isChecked(), page=1)

    def _start(self, fn, *, remember: bool, page: int) -> None:
        self._set_busy(True)
        job = Job(fn, name="unlock", hooks=False)
        self._job = job
        job.succeeded.connect(lambda cb: self._on_opened(cb, remember))
        job.failed.connect(lambda msg: self._on_failed(msg, page))
        job.start()

    def _on_opened(self, cb, remember: bool) -> None:
        if getattr(self, "_closed", False):
            cb.close()
            return
        self._job = None
        self._set_busy(False)
        self.passphrase.clear()
        self.new_pass.clear()
        self.new_pass2.clear()
        if self._availability.available:
            if remember:
                keyring_store.remember_key(cb.file_id, cb.raw_key())
            else:
                keyring_store.forget_key(cb.file_id)
        self._settings.add_recent(cb.path)
        self.unlocked.emit(cb)

    def _on_failed(self, message: str, page: int) -> None:
        if getattr(self, "_closed", False):
            return
        self._job = None
        self._set_busy(False)
        label = self.message if page == 0 else self.create_message
        text = message[:1].upper() + message[1:]
        if not text.endswith("."):
            text += "."
        label.show_message(text)
        if page == 0:
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            if self._used_key:
                self.remember.setChecked(False)
                self.passphrase.setPlaceholderText("")

    def wait_idle(self, timeout_ms: int = 30000) -> None:
        if self._job is not None:
            self._job.wait(timeout_ms)
