"""Change passphrase: the current one (proved by re-deriving the key), the new one twice with the
live strength hint. Key derivation runs off the GUI thread. The core re-keys the file in place and
replaces a key remembered on this device by the new one (:func:`casebook.session.change_passphrase`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from casebook import session
from casebook.errors import BadInput, WrongPassphrase
from ui.unlock.strength import StrengthMeter
from ui.widgets import MessageLabel
from ui.workers import Job


class ChangePassphraseDialog(QDialog):
    def __init__(self, cb, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cb = cb
        self._job: Job | None = None
        self.setWindowTitle("Change passphrase")
        self.setAccessibleName("Change passphrase")
        lay = QVBoxLayout(self)
        intro = QLabel("The casebook is re-encrypted under the new passphrase. Backups made earlier keep "
                       "the old one.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        form = QFormLayout()
        self.current = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for w, name in ((self.current, "Current passphrase"), (self.new, "New passphrase"),
                        (self.repeat, "Repeat the new passphrase")):
            w.setEchoMode(QLineEdit.EchoMode.Password)
            w.setAccessibleName(name)
        form.addRow("&Current:", self.current)
        form.addRow("&New:", self.new)
        self.strength = StrengthMeter()
        form.addRow("", self.strength)
        form.addRow("&Repeat:", self.repeat)
        for i in range(form.rowCount()):
            item = form.itemAt(i, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(i, QFormLayout.ItemRole.FieldRole)
            if item and isinstance(item.widget(), QLabel) and field:
                item.widget().setBuddy(field.widget())
        lay.addLayout(form)
        self.new.textChanged.connect(self.strength.update_for)
        self.message = MessageLabel()
        lay.addWidget(self.message)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(4)
        self.busy.hide()
        lay.addWidget(self.busy)
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(ok | cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Change passphrase")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def submit(self) -> None:
        if self._job is not None:
            return
        self.message.clear_message()
        current, new, repeat = self.current.text(), self.new.text(), self.repeat.text()
        if not current:
            self.message.show_message("Enter the current passphrase.")
            return
        if new != repeat:
            self.message.show_message("The two new passphrases do not match.")
            self.repeat.clear()
            self.repeat.setFocus()
            return
        try:
            session.check_new_passphrase(new)
        except BadInput as exc:
            self.message.show_message(exc.message[:1].upper() + exc.message[1:])
            return
        cb = self.cb

        def work():
            try:
                return session.change_passphrase(cb, new, current=current)
            except WrongPassphrase:
                return None  # nothing changed: the current passphrase is not right

        self._job = Job(work, name="rekey", hooks=False)
        self._job.succeeded.connect(self._done)
        self._job.failed.connect(self._failed)
        self._set_busy(True)
        self._job.start()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for w in (self.current, self.new, self.repeat, self.buttons):
            w.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _done(self, key) -> None:
        self._job = None
        self._set_busy(False)
        if key is None:
            self.message.show_message("The current passphrase is not right.")
            self.current.selectAll()
            self.current.setFocus()
            return
        self.accept()

    def _failed(self, message: str) -> None:
        self._job = None
        self._set_busy(False)
        self.message.show_message(message)

    def reject(self) -> None:
        if self._job is not None:
            return  # re-keying cannot be interrupted half-way
        super().reject()
