"""The unlock window's first page: open a recent or chosen casebook with its passphrase or remembered key.

The file list is the recent files (newest first, the last one opened preselected); the folder of the
chosen file is shown under it. A file whose key is remembered on this device says so in the passphrase
field; the demo file shows (and fills in) its public passphrase. The page only holds the form: the
window (:mod:`ui.unlock.window`) does the unlocking.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from casebook import session
from ui.unlock.common import apply_availability, heading
from ui.widgets import MessageLabel, semantic


def same_file(a: str | Path | None, b: str | Path | None) -> bool:
    if not a or not b:
        return False
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def display_folder(folder: Path) -> str:
    try:
        inside = folder.relative_to(Path.home())
        return "~" if inside == Path(".") else "~/" + str(inside)  # the home folder itself was "~/."
    except ValueError:
        return str(folder)


class OpenPage(QWidget):
    """File, passphrase, "remember on this device", the Unlock button, and the ways to the other pages."""

    unlock_requested = Signal()
    browse_requested = Signal()
    create_requested = Signal()
    demo_requested = Signal()

    def __init__(self, settings, availability: session.Availability, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._availability = availability
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(10)
        lay.addWidget(heading("Open a casebook"))

        form = QFormLayout()
        self.form = form
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
        self.browse_button.clicked.connect(self.browse_requested)
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
        self.passphrase.returnPressed.connect(self.unlock_requested)
        self.passphrase.textEdited.connect(lambda _t: self.message.clear_message())
        pass_label = QLabel("&Passphrase:")
        pass_label.setBuddy(self.passphrase)
        form.addRow(pass_label, self.passphrase)

        self.remember = QCheckBox("&Remember on this device")
        self.remember.setAccessibleName("Remember on this device")
        apply_availability(self.remember, availability)
        form.addRow("", self.remember)
        self.remember_reason = QLabel()
        self.remember_reason.setWordWrap(True)
        self.remember_reason.setStyleSheet(f"color: {semantic('muted', self.palette()).name()};")
        self.remember_reason.setText(availability.reason)
        form.addRow("", self.remember_reason)
        form.setRowVisible(self.remember_reason, not availability.available)

        self.demo_hint = QLabel()
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.setText(f"This is the demo casebook: everyone in it is invented. "
                               f"Its passphrase is “{session.DEMO_PASSPHRASE}”.")
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
        self.unlock_button.clicked.connect(self.unlock_requested)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        lay.addLayout(buttons)
        lay.addStretch(1)

        others = QHBoxLayout()
        self.create_button = QPushButton("&New casebook…")
        self.create_button.setAccessibleName("Create a new casebook")
        self.create_button.setToolTip("Create a new, empty encrypted casebook (Ctrl+N)")
        self.create_button.clicked.connect(self.create_requested)
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

    # ------------------------------------------------------------------ files
    def fill_recent(self) -> None:
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
        label = p.name if not same_file(p, session.demo_path()) else f"{p.name} (demo)"
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
            if same_file(self.file_combo.itemData(i), p):
                self.file_combo.setCurrentIndex(i)
                self._on_file_changed(i)
                return
        i = self._add_combo_path(p)
        self.file_combo.setCurrentIndex(i)
        self._on_file_changed(i)

    def _on_file_changed(self, _index: int) -> None:
        self.message.clear_message()
        path = self.selected_path()
        self.file_where.setText(f"in {display_folder(path.parent)}" if path is not None else "")
        self.file_where.setToolTip(str(path) if path is not None else "")
        self.form.setRowVisible(self.file_where, path is not None)
        is_demo = path is not None and same_file(path, session.demo_path())
        self.form.setRowVisible(self.demo_hint, is_demo)
        key = session.remembered_key(path) if path is not None else None
        if self._availability.available:
            self.remember.setChecked(key is not None)
        self.passphrase.clear()
        if key is not None:
            self.passphrase.setPlaceholderText("Remembered on this device — press Enter to unlock")
        elif is_demo:
            self.passphrase.setText(session.DEMO_PASSPHRASE)
            self.passphrase.setPlaceholderText("")
        else:
            self.passphrase.setPlaceholderText("")
        self.passphrase.setFocus()

    # ------------------------------------------------------------------ state
    def inputs(self) -> list[QWidget]:
        """The controls a running unlock disables."""
        return [self.file_combo, self.browse_button, self.passphrase, self.remember, self.unlock_button,
                self.create_button, self.demo_button]

    def reapply_availability(self) -> None:
        apply_availability(self.remember, self._availability)

    def failed(self, text: str, used_key: bool) -> None:
        """Show why unlocking failed and get ready for another try."""
        self.message.show_message(text)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        if used_key:
            self.remember.setChecked(False)
            self.passphrase.setPlaceholderText("")


__all__ = ["OpenPage", "display_folder", "same_file"]
