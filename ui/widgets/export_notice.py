"""Once a session, before the first export: the file written leaves the encrypted casebook.

"Session" is one unlock: the notice is keyed on the session's services object, so after a lock and an
unlock it is said once more. Memory only; nothing is saved.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

TITLE = "The exported file is not encrypted"
TEXT = "The file you save is not encrypted. Keep it somewhere safe, or delete it after use."
DETAIL = ("Everything inside the casebook stays encrypted. A letter or export written to a folder is an "
          "ordinary file that anyone with access to that folder can read. You will not be told again "
          "until the casebook is next unlocked.")

_told: weakref.WeakSet = weakref.WeakSet()


def ask(parent: QWidget | None) -> bool:
    """Show the notice; True to go on with the export. Tests replace this function."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(TITLE)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(TEXT)
    box.setInformativeText(DETAIL)
    go = box.addButton("Continue", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(go)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is go


def before_export(parent: QWidget | None, services) -> bool:
    """Say it the first time this session; True to go on (always True once it has been said)."""
    if services in _told:
        return True
    if not ask(parent):
        return False
    _told.add(services)
    return True


def already_told(services) -> bool:
    return services in _told


def mark_told(services) -> None:
    """Treat the notice as given for this session (tests, and exports that say it themselves)."""
    _told.add(services)


__all__ = ["DETAIL", "TEXT", "TITLE", "already_told", "ask", "before_export", "mark_told"]
