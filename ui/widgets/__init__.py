"""Small shared widgets and helpers for the desktop app: icons that follow the palette, the inline
message label, and semantic colours derived from the palette (never hard-coded for light or dark)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QWidget

ICON_DIR = Path(__file__).resolve().parents[2] / "resources" / "icons"


def _text_colour() -> str:
    app = QApplication.instance()
    pal = app.palette() if app is not None else QPalette()
    return pal.color(QPalette.ColorRole.WindowText).name()


@lru_cache(maxsize=64)
def _icon(name: str, colour: str) -> QIcon:
    path = ICON_DIR / f"{name}.svg"
    if not path.exists():
        return QIcon()
    svg = path.read_text(encoding="utf-8").replace("currentColor", colour)
    icon = QIcon()
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    for size in (16, 20, 24, 32, 48, 64, 128, 256):
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        renderer.render(p)
        p.end()
        icon.addPixmap(pm)
    return icon


def icon(name: str) -> QIcon:
    """A monochrome icon from ``resources/icons`` drawn in the palette's text colour."""
    return _icon(name, _text_colour())


def app_icon() -> QIcon:
    return _icon("casebook", "")


def mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(round(a.red() * (1 - t) + b.red() * t), round(a.green() * (1 - t) + b.green() * t),
                  round(a.blue() * (1 - t) + b.blue() * t))


def is_dark(palette: QPalette | None = None) -> bool:
    pal = palette or QApplication.palette()
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


def semantic(kind: str, palette: QPalette | None = None) -> QColor:
    """A semantic colour ("error", "warning", "ok", "info", "muted") readable on the palette's window
    colour."""
    pal = palette or QApplication.palette()
    window = pal.color(QPalette.ColorRole.Window)
    text = pal.color(QPalette.ColorRole.WindowText)
    dark = window.lightness() < 128
    base = {
        "error": QColor("#ff8a80") if dark else QColor("#b3261e"),
        "warning": QColor("#ffd180") if dark else QColor("#8a5300"),
        "ok": QColor("#8bd49a") if dark else QColor("#1e6b34"),
    }.get(kind)
    if kind == "muted":
        return mix(text, window, 0.4)
    if kind == "info":
        return text
    return base if base is not None else text


ERROR_COLOUR = "#c62828"  # error red on a light palette (WCAG AA on white)
ERROR_COLOUR_DARK = "#ff8a80"  # the same message on a dark palette


def error_colour() -> str:
    """The red for inline messages that reads well on the current (light or dark) palette.

    Here rather than in :mod:`ui.widgets.form` so the date field can use it without importing the
    form module (which imports the date field)."""
    return ERROR_COLOUR_DARK if is_dark() else ERROR_COLOUR


class MessageLabel(QLabel):
    """A calm inline message under a form: one line, wraps, coloured by kind, read out by screen readers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("Message")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        col = semantic(kind, self.palette())
        self.setStyleSheet(f"color: {col.name()};")
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.setText("")
        self.hide()
