"""A one-line, dismissible reminder shown above the main window's central area (e.g. "2 deadlines
are overdue")."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from ui.widgets import mix, semantic


class Banner(QFrame):
    """A one-line, dismissible reminder above the central area."""

    action_clicked = Signal()

    def __init__(self, text: str, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Banner")
        self.setAccessibleName("Reminder")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        pal = self.palette()
        warn = semantic("warning", pal)
        base = pal.color(pal.ColorRole.Base)
        self.setStyleSheet(
            f"QFrame#Banner {{ background: {mix(base, warn, 0.14).name()}; border: 1px solid "
            f"{mix(base, warn, 0.45).name()}; border-radius: 4px; }}")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 4, 4, 4)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setAccessibleName("Reminder text")
        lay.addWidget(self.label, 1)
        show = QPushButton(action)
        show.setAutoDefault(False)
        show.clicked.connect(self.action_clicked)
        lay.addWidget(show)
        self.action_button = show
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setAccessibleName("Dismiss the reminder")
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        lay.addWidget(close)
        self.close_button = close

    def follow_in_tab_order(self, before: QWidget) -> None:
        """Tab reaches the banner just after ``before`` (the client list, left of it), then goes on to
        the page under it. Added after the window was built, the banner was otherwise last in the chain,
        and Tab from a client's tab bar jumped up to it before going on into the tab."""
        QWidget.setTabOrder(before, self.action_button)
        QWidget.setTabOrder(self.action_button, self.close_button)


__all__ = ["Banner"]
