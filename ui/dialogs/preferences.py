"""Preferences: the idle lock and locking with the computer. Settings only, never client data."""

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
        settings_mod.settings().set(settings_mod.IDLE_LOCK_MINUTES, self.idle.value())
        if self.screen_lock.isEnabled():
            settings_mod.settings().set(settings_mod.LOCK_ON_SCREEN_LOCK, self.screen_lock.isChecked())
        super().accept()


__all__ = ["PreferencesDialog"]
