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

from casebook.clock import default_clock
from casebook.domain.dates import uk_date

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
        self._today = default_clock().today()
        self._hit: list[tuple[QRectF, _Mark]] = []
        self._labels: list[tuple[str, QRectF]] = []
        self._axis_labels: list[tuple[str, QRectF]] = []
        self.setAccessibleName("Sentence timeline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self._height())
        self.setMouseTracking(True)
        self._update_description()

    # ------------------------------------------------------------------ data
    def set_dates(self, sentence_date: _dt.date | None, milestones: list[tuple[str, _dt.date, bool]],
                  today: _dt.date | None = None) -> None:
        self._today = today or default_clock().today()
        marks = [_Mark(str(label), day, bool(differs)) for label, day, differs in milestones
                 if day is not None]
        if sentence_date is not None:
            marks.append(_Mark("Sentenced", sentence_date, False, is_start=True))
        marks.sort(key=lambda m: (m.date, not m.is_start, m.label))
        self._marks = marks
        self._update_description()
        self._relayout()
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
    # Rows from the top: the "Today" label; the label lanes above the axis (the outermost first); the
    # axis with its year row under it; the label lanes below. Each lane holds two-line labels (name,
    # date) that must not overlap; a label goes in the first lane, alternately above and below, where
    # it fits. The widget is as tall as its lanes need at its current width.
    def _lane_height(self) -> int:
        return 2 * QFontMetrics(self.font()).height() + 4

    def _label_lines(self, m: _Mark) -> list[str]:
        return [("≠ " if m.differs else "") + m.label, uk_date(m.date)]

    def _label_width(self, m: _Mark) -> float:
        f = self.font()
        f.setBold(m.differs)
        lfm = QFontMetrics(f)
        return max(lfm.horizontalAdvance(line) for line in self._label_lines(m)) + 6

    def _layout(self, widget_width: int) -> tuple[int, int, list[tuple[_Mark, float, bool, int, float]]]:
        """(lanes above, lanes below, [(mark, x, above, lane, label left)]) for a widget this wide."""
        left = float(_MARGIN)
        width = float(max(1, widget_width - 2 * _MARGIN))
        placed: list[tuple[_Mark, float, bool, int, float]] = []
        if not self._marks:
            return 1, 1, placed
        lo, hi = self._range()
        taken: dict[tuple[bool, int], list[tuple[float, float]]] = {}
        n_above = n_below = 1
        for i, m in enumerate(self._marks):
            x = self._x(m.date, lo, hi, left, width)
            w = self._label_width(m)
            bx = min(max(x - w / 2, 0.0), max(0.0, widget_width - w))
            first = i % 2 == 0  # start on alternate sides, as neighbours usually are close
            for lane in range(len(self._marks)):
                spot = None
                for above in (first, not first):
                    boxes = taken.setdefault((above, lane), [])
                    if all(bx + w + 4 <= a or bx >= b + 4 for a, b in boxes):
                        spot = above
                        break
                if spot is not None:
                    taken[(spot, lane)].append((bx, bx + w))
                    placed.append((m, x, spot, lane, bx))
                    if spot:
                        n_above = max(n_above, lane + 1)
                    else:
                        n_below = max(n_below, lane + 1)
                    break
        return n_above, n_below, placed

    def _height_for(self, n_above: int, n_below: int) -> int:
        fm = QFontMetrics(self.font())
        return (2 * _MARGIN + fm.height() + (n_above + n_below) * self._lane_height() + 4 * _MARK
                + fm.height() + 4)

    def _height(self) -> int:
        n_above, n_below, _ = self._layout(max(self.width(), 240))
        return self._height_for(n_above, n_below)

    def _relayout(self) -> None:
        h = self._height()
        if self.minimumHeight() != h:
            self.setMinimumHeight(h)
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(640, self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, self._height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._relayout()

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._relayout()
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
        self._labels = []
        self._axis_labels = []
        rect = self.rect().adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN)
        if not self._marks:
            p.setPen(faint)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "No sentence dates to show")
            p.end()
            return
        n_above, _n_below, placed = self._layout(self.width())
        lane_h = self._lane_height()
        today_row = rect.top()
        axis_y = today_row + fm.height() + n_above * lane_h + 2 * _MARK
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
            yw = fm.horizontalAdvance(str(year)) + 4
            box = QRectF(min(max(x - yw / 2, 0.0), self.width() - yw), axis_y + 4, yw, fm.height())
            if any(box.intersects(b) for _t, b in self._axis_labels):
                continue
            p.drawText(box, Qt.AlignmentFlag.AlignHCenter, str(year))  # whole, inside the widget
            self._axis_labels.append((str(year), box))

        # today: a dashed line with its label in a row of its own
        tx = self._x(self._today, lo, hi, left, width)
        p.setPen(QPen(accent, 1.5, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(tx, today_row + fm.height()), QPointF(tx, rect.bottom()))
        tw = fm.horizontalAdvance("Today") + 4
        p.drawText(QRectF(min(max(tx - tw / 2, 0.0), self.width() - tw), today_row, tw, fm.height()),
                   Qt.AlignmentFlag.AlignHCenter, "Today")

        # marks and their labels, each in its lane
        bad = self._differs_colour()
        below_top = axis_y + 2 * _MARK + fm.height() + 2
        for m, x, above, lane, bx in placed:
            colour = bad if m.differs else text
            f = p.font()
            f.setBold(m.differs)
            p.setFont(f)
            lfm = QFontMetrics(f)
            w = self._label_width(m)
            if above:
                by = axis_y - 2 * _MARK - (lane + 1) * lane_h + 4
                tick_end = by + 2 * lfm.height()
            else:
                by = below_top + lane * lane_h
                tick_end = by
            p.setPen(QPen(colour, 2 if m.differs else 1.5))
            p.drawLine(QPointF(x, axis_y), QPointF(x, tick_end))
            path = QPainterPath()
            path.moveTo(x, axis_y - _MARK)
            path.lineTo(x + _MARK, axis_y)
            path.lineTo(x, axis_y + _MARK)
            path.lineTo(x - _MARK, axis_y)
            path.closeSubpath()
            p.setBrush(Qt.BrushStyle.NoBrush if m.differs else (faint if m.is_start else colour))
            p.drawPath(path)
            box = QRectF(bx, by, w, 2 * lfm.height())
            p.setPen(colour)
            p.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                       "\n".join(self._label_lines(m)))
            f.setBold(False)
            p.setFont(f)
            self._labels.append((m.label, box))
            self._hit.append((box.united(QRectF(x - _MARK, axis_y - _MARK, 2 * _MARK, 2 * _MARK)), m))
        p.end()

    def label_boxes(self) -> list[tuple[str, QRectF]]:
        """Where each label was last drawn (for tests: labels never overlap)."""
        return [(label, QRectF(box)) for label, box in self._labels]

    def axis_label_boxes(self) -> list[tuple[str, QRectF]]:
        """Where each year under the axis was last drawn (for tests: inside the widget)."""
        return [(label, QRectF(box)) for label, box in self._axis_labels]

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
