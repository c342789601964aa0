"""A matter's deadlines tab: the timeline picture, the deadlines table and the actions on them.

Actions: mark done / reopen, change the due date (a reason is required; the service records both
dates in the audit log), go back to the computed date, snooze. Rules that the matter's events would
trigger but which do not apply (e.g. r.28 for an SDS recall) are listed under the table with the
reason, so nothing disappears silently.
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.domain.dates import format_date
from casebook.errors import CasebookError
from ui.models.deadlines_model import DeadlinesModel, details_html
from ui.widgets import form as form_mod
from ui.widgets import unconfirmed
from ui.widgets.columns import ColumnPolicy
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, on_keys, table_defaults
from ui.widgets.parole_timeline import ParoleTimeline
from ui.widgets.wording import for_window


class OverrideDialog(FormDialog):
    """Change a deadline's due date; the reason is required."""

    save_label = "Change date"

    def __init__(self, services, deadline, parent: QWidget | None = None) -> None:
        super().__init__("Change due date", parent)
        self.services, self.deadline = services, deadline
        info = QLabel(
            f"{deadline.title}\nComputed from the rule: {format_date(deadline.computed_due)} "
            f"({deadline.citation})"
        )
        info.setWordWrap(True)
        self.form.layout.insertRow(0, info)
        self.due = self.form.add("due", "New &due date", DateEdit(optional=False, value=deadline.due))
        self.reason = self.form.add(
            "reason", "&Reason", QLineEdit(deadline.override_reason or ""),
            help_text="Why the date differs from the rule, e.g. “time extended by the duty member under "
            "r.9”. Recorded in the audit log.",
        )
        self.due.setFocus()  # focused before it is shown, so the date is selected: typing replaces it

    def save(self):
        self.services.deadlines.override(self.deadline.id, self.due.value(), self.reason.text())
        return None


class SnoozeDialog(FormDialog):
    """Hide a deadline from the dashboard until a date; its due date does not change."""

    save_label = "Snooze"

    def __init__(self, services, deadline, parent: QWidget | None = None, *,
                 today: _dt.date | None = None) -> None:
        super().__init__("Snooze deadline", parent)
        self.services, self.deadline = services, deadline
        self.today = today
        base = today or services.clock.today()
        info = QLabel(f"{deadline.title}\nDue {format_date(deadline.due)}. Snoozing does not change the due "
                      "date.")
        info.setWordWrap(True)
        self.form.layout.insertRow(0, info)
        self.until = self.form.add(
            "until", "Remind me &on", DateEdit(optional=False, value=base + _dt.timedelta(days=7))
        )
        self.until.setFocus()  # focused before it is shown, so the date is selected: typing replaces it

    def save(self):
        self.services.deadlines.snooze(self.deadline.id, self.until.value(), today=self.today)
        return None


class _BoundedScroll(QScrollArea):
    """A word-wrapped label in a frameless scroll area as high as its text, at most ``lines`` lines (at
    least one): one line of text takes one line, not the label's unwrapped size hint."""

    def __init__(self, label: QLabel, lines: int) -> None:
        super().__init__(label.parentWidget())
        self._label = label
        line = label.fontMetrics().lineSpacing()
        self.setWidget(label)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._most = line * lines + 6  # (no maximum height: Qt would then ignore the size hint's cap)
        self.setMinimumHeight(line + 4)  # not the scroll bar's

    def sizeHint(self) -> QSize:  # noqa: N802
        width = max(self.viewport().width(), 200)
        wanted = self._label.heightForWidth(width) if self._label.text() else 0
        return QSize(width, min(max(wanted + 4, self.minimumHeight()), self._most))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), self.minimumHeight())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # a new width wraps the text into another number of lines


def _bounded_scroll(label: QLabel, *, lines: int) -> _BoundedScroll:
    return _BoundedScroll(label, lines)


class MatterDeadlinesTab(QWidget):
    """``MatterDeadlinesTab(services)``; call :meth:`set_matter` with a matter id (or None)."""

    #: Emitted after the user changed a deadline (done, date, snooze) so other views can refresh.
    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None, *, today: _dt.date | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.matter_id: int | None = None
        self._today = today
        self.setAccessibleName("Deadlines")

        self.timeline = ParoleTimeline(self)
        self.model = DeadlinesModel(services, self, columns=["when", "due", "title", "confirmed", "rule"])
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Deadlines of this matter")
        table_defaults(self.table)
        self.table.verticalHeader().hide()
        # The deadline gets the room; the rule's citation is capped (in full in the details line).
        ColumnPolicy(self.table, "matter_deadlines", main="title", caps={"rule": 220})
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        self.table.doubleClicked.connect(lambda *_: self.change_date())
        on_keys(self.table, {Qt.Key.Key_Return: self.change_date, Qt.Key.Key_Enter: self.change_date})
        # Two deadlines always in view (the working under it gives way first on a 768-pixel screen).
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height()
                                    + 2 * self.table.verticalHeader().defaultSectionSize()
                                    + 2 * self.table.frameWidth() + 2)

        self.done_button = QPushButton("Mark &done")
        self.done_button.clicked.connect(self.toggle_done)
        self.override_button = QPushButton("Change due &date…")
        self.override_button.clicked.connect(self.change_date)
        self.clear_button = QPushButton("Use &computed date")
        self.clear_button.clicked.connect(self.clear_override)
        self.snooze_button = QPushButton("&Snooze…")
        self.snooze_button.clicked.connect(self.snooze)
        buttons = QHBoxLayout()
        for b in (self.done_button, self.override_button, self.clear_button, self.snooze_button):
            b.setAccessibleName(b.text().replace("&", "").rstrip("…"))
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("Deadline details")
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # The selected deadline's working can run to eight lines or more: bounded and scrolled, so it
        # never squeezes the table to one row and the buttons over the picture on a 768-pixel screen.
        self.details_area = _bounded_scroll(self.details, lines=4)
        self.not_applied = QLabel()
        self.not_applied.setWordWrap(True)
        self.not_applied.setEnabled(False)  # quiet text in the palette's disabled colour
        self.not_applied.setAccessibleName("Rules that do not apply")
        self.not_applied.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Bounded to a few lines and scrolled, so a long list never squeezes the picture and the table
        # out of a 768-pixel screen.
        self.not_applied_area = _bounded_scroll(self.not_applied, lines=4)
        self.not_applied_area.hide()
        self.empty = QLabel("No deadlines: add events such as a referral, a decision or a hearing date "
                            "to the chronology and their time limits appear here.")
        self.empty.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.timeline)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.details_area)
        self.legend = unconfirmed.legend(self)
        layout.addWidget(self.legend)
        layout.addWidget(self.not_applied_area)
        self._update_actions()

    # ------------------------------------------------------------------ data
    def today(self) -> _dt.date:
        return self._today or self.services.clock.today()

    def set_today(self, today: _dt.date | None) -> None:
        self._today = today
        self.refresh()

    def set_matter(self, matter_id: int | None) -> None:
        self.matter_id = matter_id
        self.refresh()

    def clear(self) -> None:
        """Drop everything shown (on lock)."""
        self.matter_id = None
        self.model.clear()
        self.timeline.clear()
        self.not_applied.clear()
        self.not_applied_area.hide()
        self.legend.hide()
        self._update_actions()

    def refresh(self) -> None:
        keep = self.selected_id()
        if self.matter_id is None or getattr(self.services, "deadlines", None) is None:
            self.model.clear()
            self.timeline.clear()
            self.not_applied.clear()
            self.not_applied_area.hide()
            self.legend.hide()
            self._update_actions()
            return
        today = self.today()
        self.model.load(matter_id=self.matter_id, today=today)
        # The picture covers the current review: from a month before the earliest event that starts
        # a deadline (or today) onwards; older history (the sentence, earlier reviews) stays in the
        # chronology so the axis is not squeezed into decades.
        deadlines = self.model.deadlines()
        start = min([d.trigger_date for d in deadlines] + [today]) - _dt.timedelta(days=30)
        events = self.services.chronology.for_matter(self.matter_id, since=start)
        self.timeline.set_items(events, deadlines, today=today)
        self.legend.setVisible(any(not d.confirmed for d in deadlines))
        skipped = self.services.deadlines.not_applied(self.matter_id)
        if skipped:
            # The rule and why it does not apply on the screen; its citation in the tooltip (room at 768 px).
            self.not_applied.setText("Not applicable here: "
                                     + "; ".join(f"{n.title} — {for_window(n.reason)}" for n in skipped))
            self.not_applied.setToolTip("\n".join(f"{n.title} ({n.citation}) — {n.reason}" for n in skipped))
            self.not_applied_area.show()
            self.not_applied_area.updateGeometry()
        else:
            self.not_applied.clear()
            self.not_applied.setToolTip("")
            self.not_applied_area.hide()
        if keep:
            self.select(keep)
        self._update_actions()

    def select(self, deadline_id: str) -> bool:
        row = self.model.row_of(deadline_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))
        return True

    def selected(self):
        idx = self.table.currentIndex()
        return self.model.deadline(idx.row()) if idx.isValid() else None

    def selected_id(self) -> str | None:
        d = self.selected()
        return d.id if d is not None else None

    def _update_actions(self) -> None:
        d = self.selected()
        has = d is not None
        self.empty.setVisible(self.matter_id is not None and self.model.rowCount() == 0)
        self.done_button.setEnabled(has and not (d and d.closed_by))
        self.done_button.setText("Re&open" if has and d.status == "done" else "Mark &done")
        self.override_button.setEnabled(has)
        self.clear_button.setEnabled(has and d.overridden)
        self.snooze_button.setEnabled(has and d.status != "done")
        self.details_area.setVisible(has)
        if not has:
            self.details.clear()
            return
        self.details.setText(details_html(d))
        self.details_area.updateGeometry()
        self.details_area.verticalScrollBar().setValue(0)

    # ------------------------------------------------------------------ actions
    def _after_change(self, deadline_id: str) -> None:
        self.refresh()
        self.select(deadline_id)
        self._update_actions()
        self.changed.emit()

    def toggle_done(self) -> None:
        d = self.selected()
        if d is None:
            return
        try:
            if d.status == "done":
                self.services.deadlines.reopen(d.id)
            else:
                self.services.deadlines.mark_done(d.id)
        except CasebookError as exc:
            form_mod.inform(self, "Deadline", exc.message)
            self.refresh()
            return
        self._after_change(d.id)

    def change_date(self) -> None:
        d = self.selected()
        if d is None:
            return
        if form_mod.run_dialog(OverrideDialog(self.services, d, self)):
            self._after_change(d.id)

    def clear_override(self) -> None:
        d = self.selected()
        if d is None or not d.overridden:
            return
        try:
            self.services.deadlines.clear_override(d.id)
        except CasebookError as exc:
            form_mod.inform(self, "Deadline", exc.message)
        self._after_change(d.id)

    def snooze(self) -> None:
        d = self.selected()
        if d is None:
            return
        if form_mod.run_dialog(SnoozeDialog(self.services, d, self, today=self._today)):
            self._after_change(d.id)


__all__ = ["MatterDeadlinesTab", "OverrideDialog", "SnoozeDialog"]
