"""Preferences: the idle lock and locking with the computer (this computer's settings, never client data),
and the largest document this casebook takes (kept in the casebook itself, audited)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import settings as settings_mod
from ui.widgets import semantic


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        s = settings_mod.settings()
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setSuffix(" minutes")
        self.idle.setSpecialValueText("Never")
        self.idle.setValue(s.get(settings_mod.IDLE_LOCK_MINUTES))
        self.idle.setAccessibleName("Lock after this many minutes without use")
        label = QLabel("&Lock when idle for:")
        label.setBuddy(self.idle)
        form.addRow(label, self.idle)
        self.screen_lock = QCheckBox("Lock when the computer locks or &sleeps")
        self.screen_lock.setChecked(s.get(settings_mod.LOCK_ON_SCREEN_LOCK))
        watcher = getattr(parent, "screen_lock_watcher", None)
        reason = watcher.unavailable_reason() if watcher is not None else ""
        if reason:
            self.screen_lock.setEnabled(False)
            self.screen_lock.setToolTip(reason[0].upper() + reason[1:] + ".")
        form.addRow("", self.screen_lock)
        self.screen_lock_reason = QLabel(reason[0].upper() + reason[1:] + "." if reason else "")
        self.screen_lock_reason.setWordWrap(True)
        self.screen_lock_reason.setVisible(bool(reason))
        form.addRow("", self.screen_lock_reason)
        # This casebook's own limit on one document's size (the service keeps it in the casebook).
        self.services = getattr(parent, "services", None)
        self.doc_limit: QSpinBox | None = None
        documents = getattr(self.services, "documents", None)
        if documents is not None and hasattr(documents, "max_bytes"):
            self._limit_mb = max(1, documents.max_bytes() // (1024 * 1024))
            self.doc_limit = QSpinBox()
            self.doc_limit.setRange(1, 900)
            self.doc_limit.setSuffix(" MB")
            self.doc_limit.setValue(self._limit_mb)
            self.doc_limit.setAccessibleName("Largest document this casebook takes, in megabytes")
            self.doc_limit.setToolTip("A file larger than this is refused on import (this casebook only)")
            limit_label = QLabel("Largest &document:")
            limit_label.setBuddy(self.doc_limit)
            form.addRow(limit_label, self.doc_limit)
        lay.addLayout(form)
        note = QLabel("Locking closes the casebook and clears anything Casebook copied to the clipboard.")
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {semantic('muted', self.palette()).name()};")
        lay.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def accept(self) -> None:
        if self.doc_limit is not None and self.doc_limit.value() != self._limit_mb:
            from casebook.errors import CasebookError

            try:
                self.services.documents.set_max_bytes(self.doc_limit.value() * 1024 * 1024)
            except CasebookError as exc:
                self.doc_limit.setToolTip(exc.message)
                self.doc_limit.setFocus()
                return
        settings_mod.settings().set(settings_mod.IDLE_LOCK_MINUTES, self.idle.value())
        if self.screen_lock.isEnabled():
            settings_mod.settings().set(settings_mod.LOCK_ON_SCREEN_LOCK, self.screen_lock.isChecked())
        super().accept()


__all__ = ["PreferencesDialog"]
