"""The unlock window's second page: create a new, empty encrypted casebook.

Where to save it (a free name in the user's Documents suggested), the passphrase twice with the live
strength meter, and "remember on this device". :meth:`CreatePage.validated` checks the form with one
calm line per problem; the core checks the same things again when it creates the file
(:func:`casebook.session.create`).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from platformdirs import user_documents_dir
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casebook import session
from casebook.errors import BadInput
from ui.unlock.common import apply_availability, heading
from ui.unlock.strength import StrengthMeter
from ui.widgets import MessageLabel, semantic


def suggest_new_path() -> Path:
    """``Casebook.casebook`` in the user's Documents (or home) folder, numbered if that name is taken."""
    folder = Path(user_documents_dir())
    if not folder.is_dir():
        folder = Path.home()
    name = "Casebook.casebook"
    n = 2
    while (folder / name).exists():
        name = f"Casebook {n}.casebook"
        n += 1
    return folder / name


class CreatePage(QWidget):
    back_requested = Signal()
    create_requested = Signal()

    def __init__(self, availability: session.Availability, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._availability = availability
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(10)
        lay.addWidget(heading("Create a new casebook"))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        loc = QHBoxLayout()
        self.new_path = QLineEdit()
        self.new_path.setAccessibleName("New casebook file")
        self.new_path.setText(str(suggest_new_path()))
        self.choose_button = QPushButton("Choose…")
        self.choose_button.setAccessibleName("Choose where to save the new casebook")
        self.choose_button.clicked.connect(self._choose_new_path)
        self.choose_button.setAutoDefault(False)
        loc.addWidget(self.new_path, 1)
        loc.addWidget(self.choose_button)
        l1 = QLabel("&Save as:")
        l1.setBuddy(self.new_path)
        form.addRow(l1, loc)

        self.new_pass = QLineEdit()
        self.new_pass.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_pass.setAccessibleName("New passphrase")
        self.new_pass.textChanged.connect(self._on_new_pass)
        # Enter after the passphrase goes on to typing it again (it did nothing: this page is not a
        # dialog, so the default button does not answer Enter from the first field).
        self.new_pass.returnPressed.connect(self._to_repeat)
        l2 = QLabel("&Passphrase:")
        l2.setBuddy(self.new_pass)
        form.addRow(l2, self.new_pass)
        self.strength = StrengthMeter()
        form.addRow("", self.strength)
        self.new_pass2 = QLineEdit()
        self.new_pass2.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_pass2.setAccessibleName("Repeat the passphrase")
        self.new_pass2.returnPressed.connect(self.create_requested)
        self.new_pass2.textEdited.connect(lambda _t: self.create_message.clear_message())
        l3 = QLabel("&Repeat:")
        l3.setBuddy(self.new_pass2)
        form.addRow(l3, self.new_pass2)
        self.new_remember = QCheckBox("Re&member on this device")
        self.new_remember.setAccessibleName("Remember on this device")
        apply_availability(self.new_remember, availability)
        form.addRow("", self.new_remember)
        # Why the box is greyed out, as on the first page (a disabled box shows no tooltip).
        self.remember_reason = QLabel(availability.reason)
        self.remember_reason.setWordWrap(True)
        self.remember_reason.setStyleSheet(f"color: {semantic('muted', self.palette()).name()};")
        form.addRow("", self.remember_reason)
        form.setRowVisible(self.remember_reason, not availability.available)
        lay.addLayout(form)

        self.create_message = MessageLabel()
        lay.addWidget(self.create_message)
        buttons = QHBoxLayout()
        back = QPushButton("&Back")
        back.setAccessibleName("Back to opening a casebook")
        back.setAutoDefault(False)
        back.clicked.connect(self.back_requested)
        self.create_confirm = QPushButton("&Create casebook")
        self.create_confirm.setAccessibleName("Create casebook")
        self.create_confirm.setDefault(True)
        self.create_confirm.clicked.connect(self.create_requested)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.create_confirm)
        lay.addLayout(buttons)
        lay.addStretch(1)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.back_requested.emit)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # Esc: Back, as in a dialog

    def _to_repeat(self) -> None:
        if self.new_pass.text():
            self.new_pass2.setFocus(Qt.FocusReason.TabFocusReason)

    def reset(self) -> None:
        """Shown afresh: no message, a free file name suggested, the cursor in the passphrase."""
        self.create_message.clear_message()
        self.new_path.setText(str(suggest_new_path()))
        self.new_pass.setFocus()

    def _choose_new_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the new casebook as", self.new_path.text(),
                                              "Casebooks (*.casebook)")
        if path:
            self.new_path.setText(str(session.with_suffix(path)))

    def _on_new_pass(self, text: str) -> None:
        self.strength.update_for(text)
        self.create_message.clear_message()

    def validated(self) -> tuple[Path, str] | None:
        """The file to create and its passphrase; or ``None`` with the problem shown on the page."""
        self.create_message.clear_message()
        raw = self.new_path.text().strip()
        if not raw:
            self.create_message.show_message("Choose where to save the new casebook.")
            return None
        path = session.with_suffix(raw)
        p1, p2 = self.new_pass.text(), self.new_pass2.text()
        if not p1:
            self.create_message.show_message("Choose a passphrase.")
            self.new_pass.setFocus()
            return None
        if unicodedata.normalize("NFC", p1) != unicodedata.normalize("NFC", p2):  # as the key is derived
            self.create_message.show_message("The two passphrases do not match. Type them again.")
            self.new_pass2.clear()
            self.new_pass2.setFocus()
            return None
        try:
            session.check_new_passphrase(p1)
        except BadInput as exc:
            self.create_message.show_message(exc.message[:1].upper() + exc.message[1:])
            self.new_pass.setFocus()
            return None
        if path.exists():
            self.create_message.show_message("A file with that name already exists; Casebook never "
                                             "overwrites a file. Choose another name.")
            return None
        if not path.parent.is_dir():
            self.create_message.show_message("That folder does not exist. Choose another place to save it.")
            return None
        return path, p1

    # ------------------------------------------------------------------ state
    def inputs(self) -> list[QWidget]:
        """The controls a running unlock disables."""
        return [self.create_confirm, self.new_pass, self.new_pass2, self.new_path, self.new_remember]

    def reapply_availability(self) -> None:
        apply_availability(self.new_remember, self._availability)

    def clear_passphrases(self) -> None:
        self.new_pass.clear()
        self.new_pass2.clear()


__all__ = ["CreatePage", "suggest_new_path"]
