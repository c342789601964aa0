"""The sentence timeline picture: sentence date → PED/TED → HDCED/CRD → SLED on one dated axis.

``SentenceTimeline.set_dates(sentence_date, milestones, today=None)`` where ``milestones`` is a list of
``(label, date, differs_from_prison)``. Each date is a tick on a horizontal axis with its label and
date in English (UK) form, alternately above and below the axis so neighbours do not collide. Today is
a dashed vertical line. A date that differs from the prison's calculation is drawn in the error colour
*and* as a hollow diamond with "≠" before its label, so the difference does not rely on colour alone.
Colours come from the widget's palette (light and dark themes); drawing is vector-only, so it is sharp
at any device-pixel ratio. The accessible description lists every date for screen readers.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from casebook.sentencing.durations import uk_date

DIFFERS_COLOUR = "#c62828"
DIFFERS_COLOUR_DARK = "#ef5350"
_MARGIN = 16
_MARK = 6


@dataclass(frozen=True)
class _Mark:
    label: str
    date: _dt.date
    differs: bool
    is_start: bool = False


class SentenceTimeline(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marks: list[_Mark] = []
        self._today = _dt.date.today()
        self._hit: list[tuple[QRectF, _Mark]] = []
        self.setAccessibleName("Sentence timeline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self._height())
        self.setMouseTracking(True)
        self._update_description()

    # ------------------------------------------------------------------ data
    def set_dates(self, sentence_date: _dt.date | None, milestones: list[tuple[str, _dt.date, bool]],
                  today: _dt.date | None = None) -> None:
        self._today = today or _dt.date.today()
        marks = [_Mark(str(label), day, bool(differs)) for label, day, differs in milestones if day is not None]
        if sentence_date is not None:
            marks.append(_Mark("Sentenced", sentence_date, False, is_start=True))
        marks.sort(key=lambda m: (m.date, not m.is_start, m.label))
        self._marks = marks
        self._update_description()
        self.update()

    def marks(self) -> list[tuple[str, _dt.date, bool]]:
        """What is drawn, in date order (for tests and for the description)."""
        return [(m.label, m.date, m.differs) for m in self._marks]

    @property
    def today(self) -> _dt.date:
        return self._today

    def description(self) -> str:
        if not self._marks:
            return "No sentence dates to show."
        parts = []
        for m in self._marks:
            text = f"{m.label} {uk_date(m.date)}"
            if m.differs:
                text += " (differs from the prison's date)"
            parts.append(text)
        return "; ".join(parts) + f". Today is {uk_date(self._today)}."

    def _update_description(self) -> None:
        self.setAccessibleDescription(self.description())
        self.setToolTip("" if self._marks else "No sentence dates to show.")

    # ------------------------------------------------------------------ geometry
    def _height(self) -> int:
        fm = QFontMetrics(self.font())
        # above the axis: a two-line label and its tick; below: the year row, then a two-line label
        return 2 * (2 * fm.height() + 2 * _MARK + 4) + fm.height() + 2 * _MARGIN

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(640, self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, self._height())

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self.setMinimumHeight(self._height())
            self.update()
        super().changeEvent(event)

    def _range(self) -> tuple[_dt.date, _dt.date]:
        days = [m.date for m in self._marks] + [self._today]
        lo, hi = min(days), max(days)
        if hi == lo:
            hi = lo + _dt.timedelta(days=1)
        pad = max(1, (hi - lo).days // 40)
        return lo - _dt.timedelta(days=pad), hi + _dt.timedelta(days=pad)

    def _x(self, day: _dt.date, lo: _dt.date, hi: _dt.date, left: float, width: float) -> float:
        return left + width * (day - lo).days / max(1, (hi - lo).days)

    def _differs_colour(self) -> QColor:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        return QColor(DIFFERS_COLOUR_DARK if dark else DIFFERS_COLOUR)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event) -> None:  # noqa: N802, ARG002
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        faint = pal.color(QPalette.ColorRole.PlaceholderText)
        accent = pal.color(QPalette.ColorRole.Highlight)
        fm = QFontMetrics(self.font())
        self._hit = []
        rect = self.rect().adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN)
        axis_y = rect.top() + 2 * fm.height() + 2 * _MARK + 4
        if not self._marks:
            p.setPen(faint)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "No sentence dates to show")
            p.end()
            return
        lo, hi = self._range()
        left, width = float(rect.left()), float(rect.width())

        # axis and year ticks
        p.setPen(QPen(text, 1.5))
        p.drawLine(QPointF(left, axis_y), QPointF(left + width, axis_y))
        p.setPen(QPen(faint, 1))
        span_years = hi.year - lo.year
        step = 1 if span_years <= 12 else (5 if span_years <= 60 else 10)
        for year in range(lo.year + 1, hi.year + 1):
            if year % step:
                continue
            x = self._x(_dt.date(year, 1, 1), lo, hi, left, width)
            p.drawLine(QPointF(x, axis_y - 3), QPointF(x, axis_y + 3))
            p.drawText(QRectF(x - 30, axis_y + 4, 60, fm.height()), Qt.AlignmentFlag.AlignHCenter, str(year))

        # today
        tx = self._x(self._today, lo, hi, left, width)
        pen = QPen(accent, 1.5, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(QPointF(tx, rect.top()), QPointF(tx, rect.bottom()))
        p.drawText(QRectF(tx + 3, rect.top(), 80, fm.height()), Qt.AlignmentFlag.AlignLeft, "Today")

        # marks: alternate above / below; labels clipped to the widget
        bad = self._differs_colour()
        for i, m in enumerate(self._marks):
            x = self._x(m.date, lo, hi, left, width)
            above = i % 2 == 0
            colour = bad if m.differs else text
            p.setPen(QPen(colour, 2 if m.differs else 1.5))
            tick_end = axis_y - 2 * _MARK if above else axis_y + 2 * _MARK + fm.height()
            p.drawLine(QPointF(x, axis_y), QPointF(x, tick_end))
            path = QPainterPath()
            path.moveTo(x, axis_y - _MARK)
            path.lineTo(x + _MARK, axis_y)
            path.lineTo(x, axis_y + _MARK)
            path.lineTo(x - _MARK, axis_y)
            path.closeSubpath()
            if m.differs:
                p.setBrush(Qt.BrushStyle.NoBrush)
            else:
                p.setBrush(faint if m.is_start else colour)
            p.drawPath(path)
            label = ("≠ " if m.differs else "") + m.label
            lines = [label, uk_date(m.date)]
            f = p.font()
            f.setBold(m.differs)
            p.setFont(f)
            lfm = QFontMetrics(f)
            w = max(lfm.horizontalAdvance(s) for s in lines) + 6
            bx = min(max(x - w / 2, 0.0), self.width() - w)
            by = tick_end - 2 * lfm.height() - 2 if above else tick_end + 2
            box = QRectF(bx, by, w, 2 * lfm.height())
            p.setPen(colour)
            p.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, "\n".join(lines))
            f.setBold(False)
            p.setFont(f)
            self._hit.append((box.united(QRectF(x - _MARK, axis_y - _MARK, 2 * _MARK, 2 * _MARK)), m))
        p.end()

    # ------------------------------------------------------------------ tooltips
    def event(self, e) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            pos = e.position() if hasattr(e, "position") else QPointF(e.pos())
            for box, m in self._hit:
                if box.contains(pos):
                    tip = f"{m.label}: {uk_date(m.date)}"
                    if m.differs:
                        tip += "\nDiffers from the prison's calculation"
                    QToolTip.showText(e.globalPos(), tip, self)
                    return True
            QToolTip.hideText()
            e.ignore()
            return True
        return super().event(e)
