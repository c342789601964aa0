"""The passphrase strength meter: a four-step bar and the core's hint, live as the user types.

The score and the minimum come from the core (:func:`casebook.session.passphrase_strength`,
:data:`casebook.session.MIN_STRENGTH`), which also refuses a weak passphrase whatever the form says.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from casebook.session import MIN_STRENGTH, passphrase_strength
from ui.widgets import semantic

STRENGTH_WORDS = ("Too short", "Weak", "Fair", "Good", "Strong")


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
        # Said all along, not only until the first key (the hint then gives the strength instead).
        self.recovery = QLabel("There is no way to recover a forgotten passphrase: keep it safe.")
        self.recovery.setWordWrap(True)
        self.recovery.setStyleSheet(f"color: {semantic('muted', self.palette()).name()};")
        lay.addWidget(self.bar)
        lay.addWidget(self.hint)
        lay.addWidget(self.recovery)
        self.score = 0
        self.update_for("")

    def update_for(self, passphrase: str) -> None:
        if not passphrase:
            self.score = 0
            self.bar.setValue(0)
            self.hint.setText("Use four or more random words.")
            self.hint.setStyleSheet(f"color: {semantic('muted', self.palette()).name()};")
            return
        self.score, text = passphrase_strength(passphrase)
        self.bar.setValue(max(self.score, 1) if passphrase else 0)
        kind = "error" if self.score < MIN_STRENGTH else ("warning" if self.score == 2 else "ok")
        self.hint.setStyleSheet(f"color: {semantic(kind, self.palette()).name()};")
        self.hint.setText(text)
        self.bar.setAccessibleDescription(f"{STRENGTH_WORDS[self.score]}. {text}")


__all__ = ["MIN_STRENGTH", "STRENGTH_WORDS", "StrengthMeter"]
