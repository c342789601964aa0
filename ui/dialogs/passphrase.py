"""Change passphrase: the current one (proved by re-deriving the key), the new one twice with the
live strength hint. Key derivation runs off the GUI thread. The file is re-keyed in place
(``PRAGMA rekey``); a key remembered on this device is replaced by the new one."""

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

from casebook.store import keyring_store
from casebook.store.keys import passphrase_strength
from ui.unlock import MIN_STRENGTH, StrengthMeter
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
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
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
        score, hint = passphrase_strength(new)
        if score < MIN_STRENGTH:
            self.message.show_message(f"Choose a stronger passphrase. {hint}")
            return
        cb = self.cb
        was_remembered = keyring_store.recall_key(cb.file_id) is not None

        def work():
            if not cb.verify_passphrase(current):
                return None
            return cb.change_passphrase(new)

        self._job = Job(work, name="rekey", hooks=False)
        self._job.succeeded.connect(lambda key: self._done(key, was_remembered))
        self._job.failed.connect(self._failed)
        self._set_busy(True)
        self._job.start()

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        for w in (self.current, self.new, self.repeat, self.buttons):
            w.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _done(self, key, was_remembered: bool) -> None:
        self._job = None
        self._set_busy(False)
        if key is None:
            self.message.show_message("The current passphrase is not right.")
            self.current.selectAll()
            self.current.setFocus()
            return
        if was_remembered:
            keyring_store.remember_key(self.cb.file_id, key)
        self.accept()

    def _failed(self, message: str) -> None:
        self._job = None
        self._set_busy(False)
        self.message.show_message(message)

    def reject(self) -> None:
        if self._job is not None:
            return  # re-keying cannot be interrupted half-way
        super().reject()
