"""The parole-review timeline picture: a matter's events and deadlines on one dated axis.

Events sit above the axis (circles), deadlines below it (diamonds). The oral hearing — a
``hearing-listed`` or ``oral-hearing-held`` event — is a larger square on the axis itself, labelled
"Oral hearing" (with the time when the event's text gives it), and a direction of the Board (a deadline
whose ``source`` is ``"direction"``) is a triangle, so the Board's own dates stand apart from the rules'.
Today is a vertical line; the
past is shaded and drawn fainter. Overdue deadlines are red, done ones greyed, open ones in the
palette's highlight colour; a deadline from an unconfirmed rule is drawn hollow with a dashed outline
and its label ends in "?". Labels are never cut short: each is written in full, wrapped onto up to
three lines, in the first free place near its mark inside the widget
(:meth:`ParoleTimeline.label_layout`); one that finds no room is left to the mark's tooltip and the
table, never drawn over the edge. Colours come from the widget's palette, so light and dark themes
both work. Hovering a mark shows its details; the accessible description summarises the whole picture
for screen readers (the same data is in the deadlines table beside it).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from casebook.clock import default_clock
from casebook.domain.dates import format_date, short_month_year
from ui.widgets import semantic, unconfirmed

_MARGIN = 24
_MARK = 6
_LINES = 4  # label lines above the axis, and below it
_MAX_LABEL_LINES = 3


#: Chronology events drawn as the hearing (a square on the axis).
HEARING_EVENTS = {"hearing-listed": "Oral hearing", "oral-hearing-held": "Oral hearing held"}


@dataclass(frozen=True)
class TimelineItem:
    kind: str  # "event" | "hearing" | "deadline"
    date: _dt.date
    label: str
    status: str = ""  # deadlines: open | overdue | done
    confirmed: bool = True
    tooltip: str = ""
    source: str = "rule"  # deadlines: "rule" (computed) or "direction" (the Board's direction, r.6)

    @property
    def above(self) -> bool:
        """Drawn (and labelled) above the axis: events and the hearing; deadlines go below."""
        return self.kind != "deadline"


_TIME_RE = re.compile(r"\b([01]\d|2[0-3]):[0-5]\d\b")


def _short(text: str, limit: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ParoleTimeline(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[TimelineItem] = []
        self._today = default_clock().today()
        self._range: tuple[_dt.date, _dt.date] | None = None  # date_range(), kept until the items change
        self._layout: tuple[tuple, list] | None = None  # label_layout() for (size, font), likewise
        self.setAccessibleName("Parole timeline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(self._height())
        self.setMouseTracking(True)
        self._update_description()

    # ------------------------------------------------------------------ data
    def set_items(self, events=(), deadlines=(), today: _dt.date | None = None) -> None:
        """``events``: objects with ``date``/``type`` (and optional ``text``), or ``(date, label)``
        pairs; ``deadlines``: :class:`casebook.services.deadlines.Deadline` objects."""
        self._today = today or default_clock().today()
        items: list[TimelineItem] = []
        labels = None
        events = list(events)
        # A hearing held on the day it was listed for is one square ("Oral hearing held"), not two.
        held = {ev.date for ev in events if getattr(ev, "type", None) == "oral-hearing-held"}
        for ev in events:
            if isinstance(ev, tuple):
                day, label = ev
                items.append(TimelineItem("event", day, label, tooltip=f"{format_date(day)}: {label}"))
                continue
            if labels is None:
                from casebook.services.chronology import known_event_types

                labels = known_event_types()
            label = labels.get(ev.type, ev.type)
            text = getattr(ev, "text", "") or ""
            tip = f"{format_date(ev.date)}: {label}" + (f"\n{_short(text, 200)}" if text else "")
            if ev.type == "hearing-listed" and ev.date in held:
                continue
            if ev.type in HEARING_EVENTS:
                when = _TIME_RE.search(text)
                shown = HEARING_EVENTS[ev.type] + (f", {when.group(0)}" if when else "")
                items.append(TimelineItem("hearing", ev.date, shown, tooltip=tip))
                continue
            items.append(TimelineItem("event", ev.date, label, tooltip=tip))
        for d in deadlines:
            source = getattr(d, "source", "rule") or "rule"
            tip = [f"{d.title}", f"Due {format_date(d.due)} ({d.status})", d.citation]
            if not d.confirmed:
                tip.append(unconfirmed.tooltip())
            items.append(TimelineItem("deadline", d.due, d.title, d.status, d.confirmed, "\n".join(tip),
                                      source=source))
        items.sort(key=lambda i: (i.date, i.kind))
        self._items = items
        self._range = self._layout = None
        self._update_description()
        self.update()

    def clear(self) -> None:
        self._items = []
        self._range = self._layout = None
        self._update_description()
        self.update()

    def items(self) -> list[TimelineItem]:
        return list(self._items)

    @property
    def today(self) -> _dt.date:
        return self._today

    def date_range(self) -> tuple[_dt.date, _dt.date]:
        if self._range is None:
            # (the items are sorted by date: the first and the last bound them)
            days = [self._today] + ([self._items[0].date, self._items[-1].date] if self._items else [])
            start, end = min(days), max(days)
            pad = max(7, (end - start).days // 20)
            self._range = (start - _dt.timedelta(days=pad), end + _dt.timedelta(days=pad))
        return self._range

    def x_for(self, day: _dt.date) -> float:
        start, end = self.date_range()
        span = max(1, (end - start).days)
        width = max(1, self.width() - 2 * _MARGIN)
        return _MARGIN + width * (day - start).days / span

    def _axis_y(self) -> float:
        return self.height() / 2

    def _mark_centre(self, index: int) -> QPointF:
        item = self._items[index]
        y = self._axis_y() + {"event": -16, "hearing": 0}.get(item.kind, 16)
        return QPointF(self.x_for(item.date), y)

    def item_at(self, pos: QPointF) -> TimelineItem | None:
        best, best_dist = None, float(_MARK * 2)
        for i, item in enumerate(self._items):
            c = self._mark_centre(i)
            dist = abs(c.x() - pos.x()) + abs(c.y() - pos.y())
            if dist <= best_dist:
                best, best_dist = item, dist
        return best

    def _update_description(self) -> None:
        if not self._items:
            self.setAccessibleDescription("No events or deadlines yet.")
            return
        n_ev = sum(1 for i in self._items if i.above)
        dls = [i for i in self._items if i.kind == "deadline"]
        start, end = self._items[0].date, self._items[-1].date
        parts = [
            f"From {format_date(start)} to {format_date(end)}: {n_ev} event{'s' if n_ev != 1 else ''} and "
            f"{len(dls)} deadline{'s' if len(dls) != 1 else ''}; today is {format_date(self._today)}."
        ]
        overdue = [d for d in dls if d.status == "overdue"]
        if overdue:
            parts.append(f"{len(overdue)} overdue.")
        upcoming = [d for d in dls if d.status == "open"]
        if upcoming:
            nxt = min(upcoming, key=lambda d: d.date)
            parts.append(f"Next: {nxt.label}, {format_date(nxt.date)}.")
        hearings = [i for i in self._items if i.kind == "hearing"]
        if hearings:
            parts.append(f"{hearings[-1].label}: {format_date(hearings[-1].date)}.")
        self.setAccessibleDescription(" ".join(parts))

    # ------------------------------------------------------------------ Qt
    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(640, self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, self._height())

    def _height(self) -> int:
        # Label lines above and below the axis, the month labels and the "Today" caption.
        fh = QFontMetrics(self.font()).height()
        return 2 * (22 + _LINES * (fh + 1)) + 2 * fh + 8

    # ------------------------------------------------------------------ layout (painting and tests)
    def label_text(self, item: TimelineItem) -> str:
        return " ".join(item.label.split()) + ("" if item.confirmed else " ?")

    def label_layout(self) -> list[tuple[int, QRectF, str]]:
        """Where each label goes: (item index, rectangle, text). Every rectangle lies inside the
        widget and none overlaps another; a label with no free place is left out.

        Kept until the items, the size or the font change (it is asked for on every paint), and linear
        in the items but for the labels placed: a matter with thousands of events took seconds a paint
        when each mark's position was worked out afresh for every later mark."""
        key = (self.width(), self.height(), self.font().key())
        if self._layout is None or self._layout[0] != key:
            self._layout = (key, self._compute_label_layout())
        return list(self._layout[1])

    def _compute_label_layout(self) -> list[tuple[int, QRectF, str]]:
        fm = QFontMetrics(self.font())
        w = self.width()
        axis_y = self._axis_y()
        line = fm.height() + 1
        max_w = min(280, max(140, w // 3), w - 4)
        bands = {True: (fm.height() + 6, axis_y - 24),  # above the axis
                 False: (axis_y + 24, self.height() - fm.height() - 8)}
        placed: list[QRectF] = []
        out: list[tuple[int, QRectF, str]] = []
        flags = int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.TextFlag.TextWordWrap)
        xs_all = [self.x_for(item.date) for item in self._items]  # ascending: the items are by date
        edges: list[tuple[float, float, float, float]] = []  # of each placed label: left, top, right, bottom
        failed: dict[bool, tuple[float, int]] = {}  # per side: where a label last found no room, and when
        for i, item in enumerate(self._items):
            c = self._mark_centre(i)
            last = failed.get(item.above)
            if last is not None and abs(c.x() - last[0]) < 1.0 and last[1] == len(placed):
                continue  # (a mark within a pixel of one whose label found no room, none placed since)
            text = self.label_text(item)
            top, bottom = bands[item.above]
            step = -line if item.above else line
            spot = None
            # Widest first (fewest lines); narrower wraps let neighbours sit side by side.
            for wrap in dict.fromkeys(int(max_w * f) for f in (1.0, 0.8, 0.65, 0.5)):
                box = fm.boundingRect(0, 0, max(wrap, 60), 10 * line, flags, text)
                lw, lh = float(box.width() + 2), float(box.height())
                if box.height() > _MAX_LABEL_LINES * fm.height() + 2 or lw > w - 4:
                    continue
                # Centred on the mark; failing that starting at it, or ending at it — ending first when
                # the next mark on the same side is close, to leave it room.
                near = False
                for j in range(i + 1, len(self._items)):
                    if xs_all[j] - c.x() >= 1.5 * lw:
                        break
                    if self._items[j].above == item.above and xs_all[j] >= c.x():
                        near = True
                        break
                order = (c.x() + 8 - lw, c.x() - lw / 2, c.x() - 8) if near else \
                    (c.x() - lw / 2, c.x() - 8, c.x() + 8 - lw)
                xs = dict.fromkeys(min(max(2.0, x), w - lw - 2) for x in order)
                y = bottom - lh if item.above else top
                # Only labels placed within reach across can be in the way (4 px apart across, 1 down).
                lo, hi = min(xs) - 4, max(xs) + lw + 4
                near_placed = [e for e in edges if e[0] < hi and e[2] > lo]
                while spot is None and top <= y and y + lh <= bottom:
                    for lx in xs:
                        x0, y0, x1, y1 = lx - 4, y - 1, lx + lw + 4, y + lh + 1
                        if not any(x0 < pr and pl < x1 and y0 < pb and pt < y1
                                   for pl, pt, pr, pb in near_placed):
                            spot = QRectF(lx, y, lw, lh)
                            break
                    y += step
                if spot is not None:
                    break
            if spot is None:
                failed[item.above] = (c.x(), len(placed))
            else:
                placed.append(spot)
                edges.append((spot.left(), spot.top(), spot.right(), spot.bottom()))
                out.append((i, spot, text))
        return out

    def axis_labels(self) -> list[tuple[QRectF, str]]:
        """The month labels under the axis that fit whole inside the widget, never overlapping."""
        fm = QFontMetrics(self.font())
        w, h = self.width(), self.height()
        months = self.month_ticks()
        label_w = fm.horizontalAdvance("Sep 2026") + 8
        step = max(1, int(len(months) * label_w / max(1, w - 2 * _MARGIN)) + 1)
        out: list[tuple[QRectF, str]] = []
        right = -1e9
        for i, m in enumerate(months):
            if i % step:
                continue
            text = short_month_year(m)
            r = QRectF(self.x_for(m) + 2, h - fm.height() - 2, fm.horizontalAdvance(text) + 2, fm.height())
            if r.right() > w - 1 or r.left() < right + 4:
                continue
            out.append((r, text))
            right = r.right()
        return out

    def month_ticks(self) -> list[_dt.date]:
        start, end = self.date_range()
        months = []
        m = _dt.date(start.year, start.month, 1)
        while m <= end:
            if m >= start:
                months.append(m)
            m = _dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
        return months

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            item = self.item_at(QPointF(e.pos()))
            if item is not None:
                QToolTip.showText(e.globalPos(), item.tooltip, self)
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().event(e)

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        faint = pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        fm = QFontMetrics(self.font())
        w, h = self.width(), self.height()
        axis_y = self._axis_y()

        if not self._items:
            p.setPen(faint)
            p.drawText(QRectF(0, 0, w, h), Qt.AlignmentFlag.AlignCenter, "No events or deadlines yet")
            p.end()
            return

        # The past, shaded.
        x_today = self.x_for(self._today)
        shade = QColor(text)
        shade.setAlpha(18)
        p.fillRect(QRectF(0, 0, x_today, h), shade)

        # Axis and month ticks.
        p.setPen(QPen(text, 1))
        p.drawLine(QPointF(_MARGIN / 2, axis_y), QPointF(w - _MARGIN / 2, axis_y))
        p.setPen(QPen(faint, 1))
        for m in self.month_ticks():
            x = self.x_for(m)
            p.drawLine(QPointF(x, axis_y - 3), QPointF(x, axis_y + 3))
        for r, label in self.axis_labels():
            p.drawText(r, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), label)

        # Today (its caption on whichever side of the line has room).
        p.setPen(QPen(highlight, 2))
        p.drawLine(QPointF(x_today, 14), QPointF(x_today, h - fm.height() - 4))
        tw = fm.horizontalAdvance("Today")
        p.drawText(QPointF(x_today + 3 if x_today + 3 + tw <= w - 2 else x_today - 3 - tw, fm.ascent() + 1),
                   "Today")

        # Marks, then labels (see label_layout: in full, wrapped, inside the widget, never overlapping).
        red = semantic("error", self.palette())
        colours: list[QColor] = []
        for i, item in enumerate(self._items):
            c = self._mark_centre(i)
            past = item.date < self._today
            p.setOpacity(0.55 if past and item.status != "overdue" else 1.0)
            if item.kind == "event":
                colour = text if past else highlight
                p.setPen(QPen(colour, 1))
                p.setBrush(colour)
                p.drawEllipse(c, _MARK - 1, _MARK - 1)
            elif item.kind == "hearing":
                # The hearing: a larger square on the axis, outlined in the window colour so it stands
                # out from the line, with a tick up to its label.
                colour = text if past else highlight
                p.setPen(QPen(colour, 1))
                p.drawLine(QPointF(c.x(), c.y() - _MARK - 1), QPointF(c.x(), c.y() - 22))
                p.setPen(QPen(pal.color(QPalette.ColorRole.Window), 1.5))
                p.setBrush(colour)
                side = 2 * _MARK + 2
                p.drawRect(QRectF(c.x() - side / 2, c.y() - side / 2, side, side))
            else:
                colour = {"overdue": red, "done": faint}.get(item.status, highlight)
                path = QPainterPath()
                if item.source == "direction":  # the Board's direction: a triangle pointing at its day
                    path.moveTo(c.x(), c.y() - _MARK)
                    path.lineTo(c.x() + _MARK, c.y() + _MARK - 1)
                    path.lineTo(c.x() - _MARK, c.y() + _MARK - 1)
                else:
                    path.moveTo(c.x(), c.y() - _MARK)
                    path.lineTo(c.x() + _MARK, c.y())
                    path.lineTo(c.x(), c.y() + _MARK)
                    path.lineTo(c.x() - _MARK, c.y())
                path.closeSubpath()
                pen = QPen(colour, 2)
                if not item.confirmed:
                    pen.setStyle(Qt.PenStyle.DashLine)
                    p.setBrush(Qt.BrushStyle.NoBrush)
                else:
                    p.setBrush(colour)
                p.setPen(pen)
                p.drawPath(path)
            colours.append(colour)
        flags = int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.TextFlag.TextWordWrap)
        for i, rect, label in self.label_layout():
            item = self._items[i]
            past = item.date < self._today
            p.setOpacity(0.55 if past and item.status != "overdue" else 1.0)
            p.setPen(colours[i])
            p.drawText(rect, flags, label)
        p.setOpacity(1.0)
        p.end()


__all__ = ["HEARING_EVENTS", "ParoleTimeline", "TimelineItem"]
