"""How every screen shows a date that comes from an unconfirmed rule: calmly, the same way, never hidden.

A rule is *unconfirmed* when Casebook has not verified it against its primary source. Such a date is
still shown — and always marked: a small circled question mark and the word "unconfirmed" in the
secondary text colour (never bold capitals), the rule's source and the reason in the tooltip and in
the detail line under the table, and one :func:`legend` per screen that says what the mark means.

Models call :func:`cell` for the cell that carries the mark; views call :func:`detail_html` /
:func:`detail_text` and put one :func:`legend` on the screen.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.widgets import semantic

LABEL = "unconfirmed"
ACCESSIBLE = "Unconfirmed rule"
WHY = "Casebook has not verified this rule against its source: check before relying on the date."
LEGEND = "unconfirmed: a rule not yet verified against its source — check before relying on the date " \
         "(hover for the source)"


@lru_cache(maxsize=8)
def _icon(colour: str) -> QIcon:
    icon = QIcon()
    for size in (12, 16, 24, 32):
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(colour))
        pen.setWidthF(max(1.0, size / 12))
        p.setPen(pen)
        r = QRectF(0.5, 0.5, size - 1.0, size - 1.0).adjusted(pen.widthF() / 2, pen.widthF() / 2,
                                                            -pen.widthF() / 2, -pen.widthF() / 2)
        p.drawEllipse(r)
        f = QFont()
        f.setPixelSize(max(7, int(size * 0.72)))
        f.setBold(True)
        p.setFont(f)
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, "?")
        p.end()
        icon.addPixmap(pm)
    return icon


_SHOUT = re.compile(r"\bUNCONFIRMED\b")


def calm(text: str) -> str:
    """Text from the rules data as the screen shows it: "UNCONFIRMED" in running text (a source that
    says which part of it is unconfirmed) reads "unconfirmed" — the mark says the rest."""
    return _SHOUT.sub("unconfirmed", text or "")


def colour() -> QColor:
    return semantic("muted")


def icon() -> QIcon:
    """The small mark: a circled question mark in the secondary text colour."""
    return _icon(colour().name())


def tooltip(source: str = "", reason: str = "") -> str:
    lines = [f"Unconfirmed rule. {WHY}"]
    if source:
        lines.append(f"Source: {calm(' '.join(source.split()))}")
    if reason:
        lines.append(f"Why: {calm(' '.join(reason.split()))}")
    return "\n".join(lines)


def detail_html(source: str = "", reason: str = "") -> str:
    """One line for a rich-text detail pane (escaped)."""
    muted = colour().name()
    text = f"<span style='color:{muted}'>&#9432; unconfirmed rule</span> — {html.escape(WHY)}"
    if source:
        text += f" Source: {html.escape(calm(' '.join(source.split())))}."
    if reason:
        text += f" {html.escape(calm(' '.join(reason.split())))}"
    return text


def detail_text(source: str = "", reason: str = "") -> str:
    text = f"Unconfirmed rule: {WHY}"
    if source:
        text += f" Source: {calm(' '.join(source.split()))}."
    if reason:
        text += f" {calm(' '.join(reason.split()))}"
    return text


def cell(role: int, confirmed: bool, *, source: str = "", reason: str = "", text: bool = True) -> Any:
    """The marked cell's data for ``role`` (None: not this helper's business). ``text=False`` marks a
    cell that keeps its own text (a date) with the icon, colour-free, and the tooltip."""
    if confirmed:
        if text and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return ""
        return None
    if role == Qt.ItemDataRole.DisplayRole and text:
        return LABEL
    if role == Qt.ItemDataRole.AccessibleTextRole and text:
        return ACCESSIBLE
    if role == Qt.ItemDataRole.DecorationRole:
        return icon()
    if role == Qt.ItemDataRole.ForegroundRole and text:
        return QBrush(colour())
    if role == Qt.ItemDataRole.ToolTipRole:
        return tooltip(source, reason)
    return None


def legend(parent: QWidget | None = None) -> QWidget:
    """Say once per screen what the mark means."""
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    mark = QLabel()
    h = box.fontMetrics().height()
    mark.setPixmap(icon().pixmap(h, h))
    text = QLabel(LEGEND)
    text.setWordWrap(True)
    text.setStyleSheet(f"color: {colour().name()};")
    row.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(text, 1)
    box.setAccessibleName("Legend")
    box.setAccessibleDescription(LEGEND)
    box.legend_text = text
    return box


__all__ = ["ACCESSIBLE", "LABEL", "LEGEND", "calm", "cell", "detail_html", "detail_text", "icon", "legend",
           "tooltip"]
