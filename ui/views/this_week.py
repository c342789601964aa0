"""The "This week" dashboard: every client's deadlines that need attention, overdue first, then those
due in the next 7, 14 and 28 days; mark done or snooze from here; double-click (or Enter, or
"Open matter") to go to the matter. Deadlines from unconfirmed rules are marked
in their own column (ui.widgets.unconfirmed), with one legend under the table.

The list can be long (a ten-year casebook has ~15,000 deadlines long overdue): the table holds it a page
at a time (:meth:`ui.models.deadlines_model.DeadlinesModel.load_page`), more as it scrolls, every row
when the keyboard goes to the end; the summary line gives the whole list's counts from the service. The
rows stay in the list's order (overdue first, then by due date): the table does not sort by column.

:func:`overdue_summary` is the one-line reminder the shell shows at unlock: counts only, no deadline built.
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.domain.dates import format_date
from casebook.domain.validate import parse_date
from casebook.errors import CasebookError, ValidationError
from ui.models.deadlines_model import DeadlinesModel, MatterIdRole, details_html
from ui.settings import THIS_WEEK_HIDDEN_COLUMNS
from ui.widgets import form as form_mod
from ui.widgets import unconfirmed as unconfirmed_mark
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import FormDialog, on_keys, table_defaults

#: The dashboard looks this far ahead.
HORIZON_DAYS = 28
BUCKETS = ("Overdue", "Next 7 days", "8–14 days", "15–28 days")


def overdue_summary(services, today: _dt.date | None = None) -> str | None:
    """One unobtrusive line about overdue deadlines for the unlock reminder, or None if there are none.

    No client names: the line may be shown in a status bar while someone else can see the screen.
    """
    dl = getattr(services, "deadlines", None)
    if dl is None:
        return None
    try:
        # The groups of the very question "This week" asks (every overdue deadline is within its
        # horizon), counted: at unlock the dashboard has just had them.
        clock = getattr(services, "clock", None)
        if today is None and clock is not None:
            today = clock.today()
        counts = dl.summary(within_days=HORIZON_DAYS, today=today)
    except CasebookError as exc:  # e.g. damaged calendar settings: say so rather than stay silent
        return f"Deadlines could not be checked: {exc.message}"
    n = counts.overdue
    if not n:
        return None
    snoozed = counts.snoozed_overdue
    text = (f"{n:,} deadline{'s are' if n != 1 else ' is'} overdue "
            f"(earliest due {format_date(counts.earliest_overdue)})")
    if snoozed:
        text += f", {snoozed:,} of them snoozed"
    return text + ". See “This week”."


def _split_dates(text: str) -> list[str]:
    return [p for p in text.replace(";", ",").replace(" ", ",").split(",") if p.strip()]


class CalendarSettingsDialog(FormDialog):
    """Bank-holiday overrides and the weekend/bank-holiday roll switch (stored in the casebook)."""

    save_label = "Save"

    def __init__(self, services, parent: QWidget | None = None, *, today: _dt.date | None = None) -> None:
        super().__init__("Working days, bank holidays and commencement dates", parent)
        self.services = services
        current = services.deadlines.calendar_settings()
        base = today or services.clock.today()
        cal = current.calendar()
        upcoming = []
        day = base
        while day <= base + _dt.timedelta(days=400) and len(upcoming) < 10:
            name = (cal.bank_holiday_name(day) or "").replace("(observed)", "(substitute day)")
            if name and day.weekday() < 5:
                upcoming.append(f"{format_date(day)} "
                                f"({name}){'' if cal.is_bank_holiday(day) else ' — removed'}")
            day += _dt.timedelta(days=1)
        self.info = QLabel("England and Wales bank holidays (the holidays package, offline) in the next "
                           "year:\n"
                           + "\n".join(upcoming))
        self.info.setWordWrap(True)
        self.form.layout.insertRow(0, self.info)
        self.roll = self.form.add(
            "roll_non_working", "&Roll last days",
            QCheckBox("Move a last day that falls on a weekend or bank holiday to a working day"),
            help_text="Off by default: the Parole Board Rules count calendar days and how r.8 and r.12 treat "
            "weekends is unconfirmed. When on, “after” limits move to the next working day and "
            "“before” limits to the previous one.",
        )
        self.roll.setChecked(current.roll_non_working)
        self.extra = self.form.add(
            "extra_non_working", "&Extra non-working days",
            QLineEdit(", ".join(d.strftime("%d/%m/%Y") for d in current.extra_non_working)),
            help_text="DD/MM/YYYY, separated by commas (e.g. a newly announced one-off bank holiday).",
        )
        self.removed = self.form.add(
            "removed", "&Working bank holidays",
            QLineEdit(", ".join(d.strftime("%d/%m/%Y") for d in current.removed)),
            help_text="Bank holidays to count as working days, DD/MM/YYYY, separated by commas.",
        )
        # Provisions whose commencement date was not known when the rules were written: their rules
        # apply only from the date entered here (blank = not in force).
        dates = services.deadlines.commencements()
        self.commencements: dict[str, QLineEdit] = {}
        for c in services.deadlines.rules.commencements:
            day = dates.get(c.id)
            edit = QLineEdit(day.strftime("%d/%m/%Y") if day else "")
            edit.setPlaceholderText("not in force")
            edit.setAccessibleName(f"In force from: {c.title}")
            edit.setToolTip(f"{c.citation}\n{' '.join(c.note.split())}")
            self.commencements[c.id] = self.form.add(
                f"commencement:{c.id}", c.title.split(" —")[0], edit,
                help_text="In force from (DD/MM/YYYY) once the commencement regulations give the date; "
                "blank while it is not in force.",
            )

    def save(self):
        current = self.services.deadlines.commencements()
        errors = {}
        wanted = {}
        for cid, edit in self.commencements.items():
            text = edit.text().strip()
            if not text:
                wanted[cid] = None
                continue
            try:
                wanted[cid] = parse_date(text)
            except ValueError as exc:
                errors[f"commencement:{cid}"] = str(exc)
        if errors:
            raise ValidationError(errors)
        self.services.deadlines.set_calendar_settings(
            roll_non_working=self.roll.isChecked(),
            extra_non_working=_split_dates(self.extra.text()),
            removed=_split_dates(self.removed.text()),
        )
        for cid, day in wanted.items():
            if current.get(cid) != day:
                self.services.deadlines.set_commencement(cid, day)
        return None


class PagedTable(QTableView):
    """A table over a model that fetches more rows as they are needed: the keyboard reaches every row
    (End and Ctrl+End fetch the rest first; Down and Page Down at the last rows held fetch the next page)
    as scrolling does."""

    def moveCursor(self, action, modifiers):  # noqa: N802 - Qt's name
        model = self.model()
        if model is not None and model.canFetchMore(QModelIndex()):
            act = QAbstractItemView.CursorAction
            row = self.currentIndex().row()
            if action == act.MoveEnd and hasattr(model, "fetch_all"):
                model.fetch_all()
            else:
                # the next page, when the move would otherwise stop at the last row held
                near = {act.MoveDown: 1, act.MoveNext: 1, act.MovePageDown: self._page_rows()}.get(action)
                if near is not None and row >= model.rowCount() - near:
                    model.fetchMore(QModelIndex())
        return super().moveCursor(action, modifiers)

    def _page_rows(self) -> int:
        height = max(1, self.verticalHeader().defaultSectionSize())
        return max(1, self.viewport().height() // height) + 1


def ask_ics_path(parent: QWidget | None) -> str | None:
    """Ask where to save the calendar file (the native dialog confirms any overwrite). Tests replace
    this function."""
    path, _ = QFileDialog.getSaveFileName(parent, "Export deadlines to a calendar file",
                                          "casebook-deadlines.ics", "Calendar files (*.ics)")
    if not path:
        return None
    return path if path.lower().endswith(".ics") else path + ".ics"


class ThisWeekDashboard(QWidget):
    """``ThisWeekDashboard(services)``; :meth:`refresh` reloads; :attr:`open_matter` carries a matter id."""

    open_matter = Signal(int)
    #: Emitted after the user marked or snoozed a deadline here.
    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None, *, today: _dt.date | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._today = today
        self.setAccessibleName("This week")

        self.heading = QLabel("<b>This week</b>")
        self.summary = QLabel()
        self.summary.setAccessibleName("Deadline summary")
        self.summary.setWordWrap(True)
        columns = ["when", "due", "client", "matter", "title", "confirmed", "rule"]
        self.model = DeadlinesModel(services, self, columns=columns)
        self.table = PagedTable(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Deadlines due soon, overdue first")
        table_defaults(self.table)
        self.table.verticalHeader().hide()
        # The rule is cited in full in the details line; its column is there for those who want it.
        # The unconfirmed mark's column cannot be hidden.
        form_mod.column_chooser(self.table, columns, THIS_WEEK_HIDDEN_COLUMNS, required=("confirmed",))
        # The deadline itself gets the room; the citation is capped and elided. Everything about the
        # selected deadline is in the details line under the table (and in the tooltips).
        ColumnPolicy(self.table, "this_week", main="title", caps={"rule": 220, "matter": 130, "client": 160})
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.doubleClicked.connect(lambda *_: self.open_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_actions())
        on_keys(self.table, {Qt.Key.Key_Return: self.open_selected, Qt.Key.Key_Enter: self.open_selected})

        self.open_button = QPushButton("&Open matter")
        self.open_button.clicked.connect(self.open_selected)
        self.done_button = QPushButton("Mark &done")
        self.done_button.clicked.connect(self.mark_done)
        self.snooze_button = QPushButton("&Snooze…")
        self.snooze_button.clicked.connect(self.snooze)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton("&Export to calendar…")
        self.export_button.setAccessibleName("Export deadlines to a calendar file")
        self.export_button.setToolTip("Write the open and overdue deadlines to an .ics file for Outlook "
                                      "or another calendar (client names included)")
        self.export_button.clicked.connect(self.export_ics)
        self.show_snoozed = QCheckBox("Show s&noozed")
        self.show_snoozed.setAccessibleName("Show snoozed deadlines")
        self.show_snoozed.toggled.connect(lambda _on: self.refresh())
        self.calendar_button = QPushButton("&Bank holidays…")
        self.calendar_button.setAccessibleName("Bank holidays and working days")
        self.calendar_button.clicked.connect(self.edit_calendar)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.done_button, self.snooze_button):
            b.setAccessibleName(b.text().replace("&", "").rstrip("…"))
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.refresh_button.setAccessibleName("Refresh")
        buttons.addWidget(self.show_snoozed)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.calendar_button)
        buttons.addWidget(self.refresh_button)

        # Said with where deadlines come from: a new casebook showed an empty table and this line alone.
        self.empty = QLabel("Nothing overdue and nothing due in the next 28 days. Deadlines come from the "
                            "events in each matter's chronology (a referral, a decision, a hearing date …) "
                            "and from the Board's directions.")
        self.empty.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("Deadline details")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        self.legend = unconfirmed_mark.legend(self)
        layout.addWidget(self.legend)
        layout.addWidget(self.empty)
        self.refresh()

    # ------------------------------------------------------------------ data
    def today(self) -> _dt.date:
        return self._today or self.services.clock.today()

    def set_today(self, today: _dt.date | None) -> None:
        self._today = today
        self.refresh()

    def refresh(self) -> None:
        keep = self.selected()
        dl = getattr(self.services, "deadlines", None)
        if dl is None:
            self.model.clear()
            self.summary.setText("Deadlines are not available.")
            self._update_actions()
            return
        today = self.today()
        try:
            # The first page (as many rows as were shown before a refresh) and the whole list's counts;
            # more rows as the table scrolls.
            self.model.load_page(within_days=HORIZON_DAYS, today=today,
                                 include_snoozed=self.show_snoozed.isChecked())
        except CasebookError as exc:
            self.model.clear()
            self.summary.setText(f"Deadlines could not be computed: {exc.message}")
            self._update_actions()
            return
        counts = self.counts()
        unconfirmed = self.model.counts.unconfirmed
        snoozed = self.model.counts.snoozed
        parts = [f"{counts['Overdue']:,} overdue", f"{counts['Next 7 days']:,} due in the next 7 days",
                 f"{counts['8–14 days']:,} in 8–14 days", f"{counts['15–28 days']:,} in 15–28 days"]
        text = f"{format_date(today)}: " + " · ".join(parts)
        if unconfirmed:
            text += f" · {unconfirmed:,} from unconfirmed rules (marked; check before relying on them)"
        if snoozed:
            text += f" · {snoozed:,} snoozed"
        self.summary.setText(text)
        self.legend.setVisible(unconfirmed > 0)
        if keep is not None:
            row = self.model.row_of(keep.id)
            if row >= 0:
                self.table.selectRow(row)
        self._update_actions()

    def clear(self) -> None:
        """Drop everything shown (on lock)."""
        self.model.clear()
        self.summary.clear()
        self._update_actions()

    def counts(self) -> dict[str, int]:
        """The whole list's groups (rows not fetched yet included)."""
        c = self.model.counts
        if c is None:
            return dict.fromkeys(BUCKETS, 0)
        return dict(zip(BUCKETS, (c.overdue, c.due_7, c.due_14, c.due_28), strict=True))

    def selected(self):
        idx = self.table.currentIndex()
        return self.model.deadline(idx.row()) if idx.isValid() else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))

    def _update_actions(self) -> None:
        d = self.selected()
        has = d is not None
        for b in (self.open_button, self.done_button, self.snooze_button):
            b.setEnabled(has)
        self.empty.setVisible(self.model.rowCount() == 0)
        self.details.setText(details_html(d, with_client=True) if has else
                             ("Select a deadline to see its rule and working."
                              if self.model.rowCount() else ""))

    # ------------------------------------------------------------------ actions
    def open_selected(self) -> None:
        idx = self.table.currentIndex()
        if idx.isValid():
            self.open_matter.emit(int(self.model.data(idx, MatterIdRole)))

    def mark_done(self) -> None:
        d = self.selected()
        if d is None:
            return
        try:
            self.services.deadlines.mark_done(d.id)
        except CasebookError as exc:
            form_mod.inform(self, "Deadline", exc.message)
        self.refresh()
        self.changed.emit()

    def export_ics(self) -> None:
        if getattr(self.services, "deadlines", None) is None:
            return
        path = ask_ics_path(self)
        if not path:
            return
        try:
            n = self.services.deadlines.export_ics(path, force=True, today=self._today)
        except CasebookError as exc:
            form_mod.inform(self, "Export to calendar", exc.message[:1].upper() + exc.message[1:])
            return
        except OSError as exc:  # not Python's own "[Errno 13] …" text
            form_mod.inform(self, "Export to calendar", "The calendar file could not be written "
                            f"({exc.strerror or type(exc).__name__}). Choose another folder or name.")
            return
        form_mod.inform(self, "Export to calendar",
                        f"Wrote {n} deadline{'s' if n != 1 else ''} to {path}. The file is not encrypted: "
                        "keep it where client data may be kept.")

    def edit_calendar(self) -> None:
        if getattr(self.services, "deadlines", None) is None:
            return
        try:
            dialog = CalendarSettingsDialog(self.services, self, today=self._today)
        except CasebookError as exc:
            form_mod.inform(self, "Bank holidays", exc.message)
            return
        if form_mod.run_dialog(dialog):
            self.refresh()
            self.changed.emit()

    def snooze(self) -> None:
        from ui.views.matter_deadlines import SnoozeDialog

        d = self.selected()
        if d is None:
            return
        if form_mod.run_dialog(SnoozeDialog(self.services, d, self, today=self._today)):
            self.refresh()
            self.changed.emit()


__all__ = ["BUCKETS", "HORIZON_DAYS", "CalendarSettingsDialog", "ThisWeekDashboard", "ask_ics_path",
           "overdue_summary"]
