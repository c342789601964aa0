"""A small trend chart: each predictor (and the highest RoSH level) across a client's assessments.

Small multiples on one time axis: a row per series (its name on the left, "legacy" or "new"
generation under it), a dot and the value at each assessment, joined by a line; a dashed vertical
line marks the assessment where the new-generation predictors begin. Painted with QPainter from the
palette (light or dark), no charting dependency. Every label is kept inside the widget
(:attr:`RiskTrend.label_rects` records where each was drawn, for the tests).
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from casebook.domain.dates import format_date
from ui.widgets import mix, semantic

PAD = 8
ROW_MIN = 30


class RiskTrend(QWidget):
    """``set_series(series, generation_change)`` with :class:`ui.models.risk_models.TrendSeries`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: list = []
        self.change: _dt.date | None = None
        self.label_rects: list[QRectF] = []
        self.setAccessibleName("Risk trend")
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._describe()

    def set_series(self, series, change: _dt.date | None = None) -> None:
        self.series = list(series)
        self.change = change
        self._describe()
        self.updateGeometry()
        self.update()

    def clear(self) -> None:
        self.set_series([], None)

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = self.fontMetrics()
        rows = max(len(self.series), 1)
        return QSize(480, rows * max(ROW_MIN, fm.height() * 2 + 4) + fm.height() * 2 + PAD * 3)

    def _describe(self) -> None:
        if not self.series:
            self.setAccessibleDescription("No assessments with scores yet.")
            self.setToolTip("")
            return
        lines = [f"{s.label}: " + ", ".join(f"{lab} on {format_date(d)}" for d, _v, lab in s.points)
                 for s in self.series]
        if self.change is not None:
            lines.append(f"New-generation predictors from {format_date(self.change)}.")
        text = "\n".join(lines)
        self.setAccessibleDescription(text)
        self.setToolTip(text)

    # ------------------------------------------------------------------ painting
    def _text(self, p: QPainter, rect: QRectF, flags, text: str) -> None:
        """Draw ``text`` in ``rect`` moved inside the widget, and remember where."""
        r = QRectF(rect)
        bounds = QRectF(self.rect())
        if r.right() > bounds.right():
            r.moveRight(bounds.right())
        if r.left() < bounds.left():
            r.moveLeft(bounds.left())
        if r.bottom() > bounds.bottom():
            r.moveBottom(bounds.bottom())
        if r.top() < bounds.top():
            r.moveTop(bounds.top())
        p.drawText(r, flags, text)
        self.label_rects.append(r)

    def paintEvent(self, _event) -> None:  # noqa: N802
        self.label_rects = []
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text_col = pal.color(QPalette.ColorRole.WindowText)
        muted = semantic("muted", pal)
        fm = self.fontMetrics()
        lh = fm.height()
        w, h = self.width(), self.height()
        if not self.series:
            p.setPen(muted)
            self._text(p, QRectF(0, 0, w, h), Qt.AlignmentFlag.AlignCenter,
                       "The trend appears once assessments with scores are recorded.")
            p.end()
            return
        dates = sorted({d for s in self.series for d, _v, _l in s.points})
        label_w = max(fm.horizontalAdvance(s.label) for s in self.series)
        label_w = max(label_w, fm.horizontalAdvance("legacy"), fm.horizontalAdvance("new")) + PAD
        left = PAD + label_w + PAD
        value_w = fm.horizontalAdvance("Very high") // 2 + 4
        plot_l, plot_r = left + value_w, w - PAD - value_w
        top = PAD + (lh + 2 if self.change is not None else 0)
        axis_h = lh + PAD
        plot_b = h - axis_h
        n = len(self.series)
        row_h = max((plot_b - top) / n, 1.0)

        span = (dates[-1] - dates[0]).days

        def x_of(d: _dt.date) -> float:
            if span == 0:
                return (plot_l + plot_r) / 2
            return plot_l + (plot_r - plot_l) * (d - dates[0]).days / span

        # the generation change
        if self.change is not None:
            before = [d for d in dates if d < self.change]
            xc = (x_of(before[-1]) + x_of(self.change)) / 2 if before else x_of(self.change) - 6
            pen = QPen(semantic("info", pal), 1, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(xc, top - 2), QPointF(xc, plot_b))
            p.setPen(semantic("info", pal))
            caption = f"New-generation predictors from {format_date(self.change)}"
            cw = fm.horizontalAdvance(caption) + 4
            self._text(p, QRectF(xc - cw / 2, PAD / 2, cw, lh), Qt.AlignmentFlag.AlignCenter, caption)

        line_col = mix(text_col, semantic("info", pal), 0.6)
        for i, s in enumerate(self.series):
            y0 = top + i * row_h
            if i % 2:
                band = mix(pal.color(QPalette.ColorRole.Window), text_col, 0.05)
                p.fillRect(QRectF(0, y0, w, row_h), band)
            # its name and generation
            p.setPen(text_col)
            name_rect = QRectF(PAD, y0, label_w, row_h if not s.generation else row_h / 2 + lh / 2)
            self._text(p, QRectF(PAD, name_rect.top() + max((name_rect.height() - lh) / 2, 0), label_w, lh),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, s.label)
            if s.generation and row_h >= lh * 2:
                p.setPen(muted)
                self._text(p, QRectF(PAD, y0 + row_h / 2 + (row_h / 2 - lh) / 2, label_w, lh),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, s.generation)
            # its points: scaled within the row, the value written beside each dot
            values = [v for _d, v, _l in s.points]
            lo = 0.0
            hi = s.maximum if s.maximum else max(max(values), 1.0)
            inner_t, inner_b = y0 + lh * 0.9, y0 + row_h - 4
            if inner_b <= inner_t:
                inner_t = inner_b = y0 + row_h / 2

            def y_of(v: float, lo=lo, hi=hi, inner_t=inner_t, inner_b=inner_b) -> float:
                t = 0.0 if hi == lo else min(max((v - lo) / (hi - lo), 0.0), 1.0)
                return inner_b - (inner_b - inner_t) * t

            pts = [QPointF(x_of(d), y_of(v)) for d, v, _l in s.points]
            p.setPen(QPen(line_col, 1.5))
            for a, b in zip(pts, pts[1:], strict=False):
                p.drawLine(a, b)
            p.setBrush(line_col)
            for pt, (_d, _v, lab) in zip(pts, s.points, strict=True):
                p.drawEllipse(pt, 3, 3)
                p.setPen(text_col)
                tw = fm.horizontalAdvance(lab) + 4
                self._text(p, QRectF(pt.x() - tw / 2, pt.y() - lh - 2, tw, lh),
                           Qt.AlignmentFlag.AlignCenter, lab)
                p.setPen(QPen(line_col, 1.5))
            p.setBrush(Qt.BrushStyle.NoBrush)

        # the time axis: each assessment's date, skipping any that would overlap the one before
        p.setPen(muted)
        p.drawLine(QPointF(plot_l, plot_b), QPointF(plot_r, plot_b))
        last_right = -1e9
        for d in dates:
            lab = format_date(d)
            tw = fm.horizontalAdvance(lab) + 6
            x = x_of(d)
            r = QRectF(x - tw / 2, plot_b + 2, tw, lh)
            r.moveLeft(min(max(r.left(), 0), w - tw))
            if r.left() < last_right:
                continue
            p.drawLine(QPointF(x, plot_b), QPointF(x, plot_b + 3))
            self._text(p, r, Qt.AlignmentFlag.AlignCenter, lab)
            last_right = r.right()
        p.end()


__all__ = ["RiskTrend"]
