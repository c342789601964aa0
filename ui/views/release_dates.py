"""Release dates on the client Overview: the prison's dates beside ours, with the working.

``ReleaseDatesPanel(parent=None)``; ``show_result(comparisons, refusal_reason, timeline_args)``:

* ``comparisons`` — rows from :func:`casebook.sentencing.casebook_adapter.compare` (attributes
  ``code``, ``label``, ``prisons``, ``ours``, ``differs``, ``working``, ``confirmed``; read loosely);
* ``refusal_reason`` — why our engine did not calculate (shown above the table), or None;
* ``timeline_args`` — ``(sentence_date, [(label, date, differs), …])`` or a dict with those keys, or
  None; passed to :class:`ui.widgets.sentence_timeline.SentenceTimeline`.

``show_milestones(milestones, today)`` fills the review-milestones table of a life/IPP/DPP sentence
(tariff expiry, pre-tariff sift, review start, IPP licence termination): each with its date, how far
off it is, the working and the source; an unconfirmed rule is marked in its row (ui.widgets.unconfirmed),
not only in a tip, and the panel's legend says what the mark means.
The table is hidden when there are none.

A row whose dates differ is drawn in the error colour, carries a warning icon and says "Differs" in
the Status column, so the difference never depends on colour alone. No rules here: every value comes
from the core adapter.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.clock import default_clock
from casebook.domain.dates import uk_date
from ui.models.base import ListTableModel
from ui.widgets import unconfirmed
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import table_defaults
from ui.widgets.sentence_timeline import DIFFERS_COLOUR, DIFFERS_COLOUR_DARK, SentenceTimeline
from ui.widgets.wording import for_window, name_sentences

_Index = QModelIndex | QPersistentModelIndex
CodeRole = Qt.ItemDataRole.UserRole + 1
DiffersRole = Qt.ItemDataRole.UserRole + 2


def _get(obj: Any, name: str, default=None):
    return obj.get(name, default) if isinstance(obj, dict) else getattr(obj, name, default)


def status_text(ours: _dt.date | None, prisons: _dt.date | None, differs: bool) -> str:
    if differs:
        return "Differs"
    if ours is None and prisons is None:
        return ""
    if ours is None:
        return "Prison only"
    if prisons is None:
        return "Ours only"
    return "Same"


class ReleaseDatesModel(ListTableModel):
    COLUMNS = ("Date", "Prison's date", "Our date", "Status", "Working")

    def __init__(self, parent=None) -> None:
        super().__init__(parent, [(c, c) for c in self.COLUMNS])

    def set_rows(self, comparisons, say=lambda text: text or "") -> None:
        """``say``: how a core text is put for the window (see :mod:`ui.widgets.wording`)."""
        rows = []
        for c in comparisons or []:
            ours, prisons = _get(c, "ours"), _get(c, "prisons")
            differs = bool(_get(c, "differs", False))
            rows.append({
                "code": str(_get(c, "code", "")),
                "label": str(_get(c, "label", "") or _get(c, "code", "")),
                "ours": ours,
                "prisons": prisons,
                "differs": differs,
                "working": unconfirmed.calm(say(str(_get(c, "working", "") or ""))),
                "confirmed": bool(_get(c, "confirmed", True)),
                "status": status_text(ours, prisons, differs),
                "hint": str(_get(c, "hint", "") or ""),
            })
        super().set_rows(rows)

    def row_data(self, row: int) -> dict[str, Any]:
        return dict(self._rows[row])

    def _differs_brush(self) -> QBrush:
        app = QApplication.instance()
        dark = bool(app) and app.palette().color(QPalette.ColorRole.Window).lightness() < 128
        return QBrush(QColor(DIFFERS_COLOUR_DARK if dark else DIFFERS_COLOUR))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{r['label']} ({r['code']})"
            if col == 1:
                return uk_date(r["prisons"]) if r["prisons"] else "—"
            if col == 2:
                if r["ours"] is None:
                    return "—"
                return uk_date(r["ours"])
            if col == 3:
                return r["status"]
            if col == 4:
                return r["working"]
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = r["working"] or "No working: we did not calculate this date."
            if r["differs"]:
                tip = "Our date differs from the prison's.\n" + tip
                if r["hint"]:
                    tip += "\n" + r["hint"]
            if not r["confirmed"]:
                tip += "\n" + unconfirmed.tooltip()
            return tip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = f"{self.data(index, Qt.ItemDataRole.DisplayRole)}"
            marked = col == 2 and r["ours"] is not None and not r["confirmed"]
            return text + (f" ({unconfirmed.ACCESSIBLE})" if marked else "")
        if role == Qt.ItemDataRole.DecorationRole and col == 2 and r["ours"] is not None \
                and not r["confirmed"]:
            return unconfirmed.icon()  # the date keeps its text; the mark and the tooltip say unconfirmed
        if role == Qt.ItemDataRole.ForegroundRole and r["differs"]:
            return self._differs_brush()
        if role == Qt.ItemDataRole.FontRole and r["differs"] and col in (1, 2, 3):
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.DecorationRole and col == 3 and r["differs"]:
            app = QApplication.instance()
            if app is not None:
                return app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        if role == CodeRole:
            return r["code"]
        if role == DiffersRole:
            return r["differs"]
        return None


def when_text(day: _dt.date, today: _dt.date) -> str:
    """How far off a date is, in words a person reads at a glance (the exact date is beside it)."""
    n = (day - today).days
    if n == 0:
        return "Today"
    a = abs(n)
    if a <= 90:
        span = f"{a} day{'s' if a != 1 else ''}"
    elif a < 730:
        months = round(a / 30.44)
        span = f"{months} months"
    else:
        years = int(a // 365.25)
        span = f"{years} years"
    return f"In {span}" if n > 0 else f"{span} ago"


class MilestonesModel(ListTableModel):
    """Life/IPP/DPP review milestones (read loosely: ``code``, ``label``, ``date``, ``arithmetic``,
    ``source``, ``confirmed``)."""

    COLUMNS = ("Milestone", "Date", "When", "Confirmed", "Working", "Source")

    def __init__(self, parent=None) -> None:
        super().__init__(parent, [(c, c) for c in self.COLUMNS])
        self._today = default_clock().today()

    def set_milestones(self, milestones, today: _dt.date | None = None) -> None:
        self._today = today or default_clock().today()
        self.set_rows({
            "code": str(_get(m, "code", "")),
            "label": str(_get(m, "label", "")),
            "date": _get(m, "date"),
            "working": unconfirmed.calm(str(_get(m, "arithmetic", "") or _get(m, "working", "") or "")),
            "source": unconfirmed.calm(str(_get(m, "source", "") or "")),
            "confirmed": bool(_get(m, "confirmed", False)),
        } for m in (milestones or []) if _get(m, "date") is not None)

    def row_data(self, row: int) -> dict[str, Any]:
        return dict(self._rows[row])

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if col == 3 and role != Qt.ItemDataRole.ToolTipRole:
            return unconfirmed.cell(role, r["confirmed"], source=r["source"])
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (r["label"], uk_date(r["date"]), when_text(r["date"], self._today),
                    "", r["working"], r["source"])[col] \
                if 0 <= col < len(self.COLUMNS) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{r['working']}\nSource: {r['source']}"
            if not r["confirmed"]:
                tip += "\n" + unconfirmed.tooltip()
            return tip
        if role == Qt.ItemDataRole.ForegroundRole and col in (0, 1, 2) and r["date"] < self._today:
            return QBrush(QApplication.palette().color(QPalette.ColorGroup.Disabled,
                                                       QPalette.ColorRole.Text)) \
                if QApplication.instance() else None
        if role == CodeRole:
            return r["code"]
        return None


def _sized_table(model, name: str, *, wrap: bool) -> QTableView:
    """A read-only record table that is as tall as its rows (see :func:`_fit_rows`)."""
    t = QTableView()
    t.setModel(model)
    t.setAccessibleName(name)
    table_defaults(t)
    t.setWordWrap(wrap)
    t.verticalHeader().hide()
    t.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return t


def _fit_rows(table: QTableView) -> None:
    """As tall as its rows (the Overview scrolls as a whole, so a table never scrolls inside it)."""
    table.resizeRowsToContents()
    default = table.verticalHeader().defaultSectionSize()
    rows = range(table.model().rowCount())
    for r in rows:  # wrapped rows grow; none is cramped below the usual row height
        table.setRowHeight(r, max(table.rowHeight(r), default))
    body = sum(table.rowHeight(r) for r in rows)
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + body + 2 * table.frameWidth() + 2)


class ReleaseDatesPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Release dates")
        self.model = ReleaseDatesModel(self)

        self.refusal = QLabel()
        self.refusal.setWordWrap(True)
        self.refusal.setAccessibleName("Why our dates are missing")
        self.refusal.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refusal.hide()

        self.offence_rule = QLabel()
        self.offence_rule.setWordWrap(True)
        self.offence_rule.setAccessibleName("What the offence means for release")
        self.offence_rule.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.offence_rule.hide()

        self.summary = QLabel()
        self.summary.setAccessibleName("Release dates summary")
        self.summary.setWordWrap(True)

        self.table = _sized_table(self.model, "Prison's dates and our dates", wrap=False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        ColumnPolicy(self.table, "release_dates", main="Working")

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName("Working for the selected date")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)

        self.milestones_model = MilestonesModel(self)
        self.milestones_label = QLabel("Review milestones (life, IPP and DPP sentences):")
        self.milestones = _sized_table(self.milestones_model, "Review milestones", wrap=True)
        self.milestones_label.setBuddy(self.milestones)
        # The working gets the room; the milestone's name and its source wrap within a cap.
        policy = ColumnPolicy(self.milestones, "milestones", main="Working",
                              caps={"Milestone": 240, "Source": 260})
        # Wrapped rows are measured again whenever the widths change (the last line is never cut).
        policy.fitted.connect(lambda: _fit_rows(self.milestones)
                              if self.milestones_model.rowCount() else None)
        mheader = self.milestones.horizontalHeader()
        # (not for each column the policy sets while it fits: its ``fitted`` measures them once after)
        mheader.sectionResized.connect(lambda *_: _fit_rows(self.milestones)
                                       if self.milestones.isVisible() and not policy.applying else None)
        self.milestones.selectionModel().currentRowChanged.connect(self._on_milestone)

        self.timeline = SentenceTimeline(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.refusal)
        layout.addWidget(self.offence_rule)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(self.detail)
        layout.addWidget(self.milestones_label)
        layout.addWidget(self.milestones)
        layout.addWidget(self.timeline)
        self.legend = unconfirmed.legend(self)
        layout.addWidget(self.legend)
        self.show_result([], None, None)
        self.show_milestones([])

    def show_result(self, comparisons, refusal_reason: str | None, timeline_args) -> None:
        self.model.set_rows(comparisons, self._said)
        if refusal_reason:
            self.refusal.setText(f"Our engine did not calculate these dates: {self._said(refusal_reason)}")
            self.refusal.show()
        else:
            self.refusal.clear()
            self.refusal.hide()
        n = self.model.rowCount()
        differs = sum(1 for i in range(n) if self.model.row_data(i)["differs"])
        prisons = any(self.model.row_data(i)["prisons"] for i in range(n))
        ours = any(self.model.row_data(i)["ours"] for i in range(n))
        if n == 0:
            self.summary.setText("No release dates recorded or calculated.")
        elif not prisons:
            # Nothing to compare with: never "no differences" (issue 13).
            self.summary.setText("Enter the prison's calculation to compare: no prison dates are recorded.")
        elif not ours:
            self.summary.setText("Only the prison's dates are recorded: our check has no dates to compare.")
        elif differs:
            verb = "dates differ" if differs != 1 else "date differs"
            self.summary.setText(f"{differs} {verb} from the prison's calculation — check the working before "
                                 "challenging.")
        else:
            self.summary.setText("No differences from the prison's calculation.")
        self.detail.setText("Select a date to see its working." if n else "")
        self._update_legend()
        self.table.setVisible(n > 0)
        _fit_rows(self.table)
        if timeline_args is None:
            self.timeline.set_dates(None, [])
        elif isinstance(timeline_args, dict):
            self.timeline.set_dates(timeline_args.get("sentence_date"),
                                    list(timeline_args.get("milestones", [])),
                                    timeline_args.get("today"))
        else:
            self.timeline.set_dates(*timeline_args)

    def set_sentence_names(self, names: dict[int, str]) -> None:
        """How the client's sentences are named in the texts ("Sentence 1 (10 June 2025)"), by id."""
        self._sentence_names = dict(names)

    def _said(self, text: str | None) -> str:
        return name_sentences(for_window(text), getattr(self, "_sentence_names", {}))

    def show_offence_rule(self, text: str) -> None:
        """What the offences mean for release, or that the user must choose the release regime."""
        text = self._said(text)
        self._offence_rule_text = " ".join(text.split())
        self.offence_rule.setText(text)
        self.offence_rule.setVisible(bool(text))

    def _update_legend(self) -> None:
        """One legend for the panel, shown while any date on it comes from an unconfirmed rule."""
        rows = [self.model.row_data(i) for i in range(self.model.rowCount())]
        rows += [self.milestones_model.row_data(i) for i in range(self.milestones_model.rowCount())] \
            if hasattr(self, "milestones_model") else []
        self.legend.setVisible(any(not r["confirmed"] and r.get("ours", r.get("date")) is not None
                                   for r in rows))

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.setText("Select a date to see its working." if self.model.rowCount() else "")
            return
        r = self.model.row_data(current.row())
        working = " ".join((r["working"] or "").split())
        shown_above = getattr(self, "_offence_rule_text", "")
        if shown_above and shown_above in working:  # the offence rule is over the table already
            working = " ".join(working.replace(shown_above, "").split()) + " (The offence rule is above.)"
        text = f"{r['label']} ({r['code']}): " + (working or "we did not calculate this date.")
        if r["differs"]:
            # The difference first: it is what the user selected the row to see.
            text = ("Differs from the prison's date. " + (f"{r['hint']} " if r["hint"] else "")
                    + "Our working: " + text)
        if not r["confirmed"]:
            text += " — " + unconfirmed.detail_text()
        self.detail.setText(text)

    def show_milestones(self, milestones, today: _dt.date | None = None, notes=()) -> None:
        """``notes``: why a licence date is not given (e.g. recalled and not yet re-released)."""
        self.milestones_model.set_milestones(milestones, today)
        n = self.milestones_model.rowCount()
        text = "Review milestones (life, IPP and DPP sentences):"
        if notes:
            text += "\n" + "\n".join(f"Licence: {x}" for x in notes)
        self.milestones_label.setText(text)
        self.milestones_label.setWordWrap(True)
        self.milestones_label.setVisible(n > 0 or bool(notes))
        self.milestones.setVisible(n > 0)
        self._update_legend()
        if n:
            _fit_rows(self.milestones)

    def _on_milestone(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        r = self.milestones_model.row_data(current.row())
        text = f"{r['label']}: {r['working']} — source: {r['source']}"
        if not r["confirmed"]:
            text += " — " + unconfirmed.detail_text()
        self.detail.setText(text)

    def differing_codes(self) -> list[str]:
        return [self.model.row_data(i)["code"] for i in range(self.model.rowCount())
                if self.model.row_data(i)["differs"]]
