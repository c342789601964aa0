"""A parole matter's "Directions && hearing" tab: the oral hearing (date and time, format, venue, panel,
observers, victims' statements, the outcome) with its witnesses, and the Board's directions.

Thin over :mod:`casebook.services.hearings` and :mod:`casebook.services.directions`: setting or moving
the hearing's date moves its hearing-listed chronology event (so the matter's deadlines follow), and the
directions are listed by the deadlines too. Keys on the directions table: Insert adds, Enter edits,
Space marks the selected direction complied with (again: reopens it), Delete removes it after a
confirmation; on the witnesses table Insert, Enter and Delete do the same for witnesses.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.domain.dates import format_date
from casebook.domain.parole import is_parole_matter
from casebook.errors import CasebookError, NotFound
from ui.dialogs.direction_dialog import DeferDialog, DirectionDialog
from ui.dialogs.hearing_dialog import HearingDialog, WitnessDialog
from ui.models.directions_model import DirectionsModel, WitnessesModel
from ui.views.record_tab import add_with, select_id, selected_id
from ui.widgets import form
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import action_button, on_keys, table_defaults, value_label

NOT_PAROLE = ("Directions and the hearing are kept for parole matters (parole review, recall review, "
              "IPP licence termination).")




class ParoleMatterTab(QWidget):
    """``ParoleMatterTab(services)``; :meth:`set_matter` with a matter id (or None)."""

    #: Emitted after the user changed the hearing, a witness or a direction.
    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.matter_id: int | None = None
        self.setAccessibleName("Directions and hearing")

        # ---------------------------------------------------------------- the hearing
        self.hearing_box = QGroupBox("Oral hearing")
        self.details: dict[str, QLabel] = {}
        # One value a row, each across the box (a panel or a victims' statement runs to a few lines).
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        for key, label, row, col, span in (
            ("when", "Date", 0, 0, 3), ("venue", "Venue", 1, 0, 3), ("panel", "Panel", 2, 0, 3),
            ("observers", "Observers", 3, 0, 3), ("victim_statements", "Victims (r.14)", 4, 0, 3),
            ("outcome", "Outcome", 5, 0, 3),
        ):
            value = value_label()
            value.setAccessibleName(label)
            self.details[key] = value
            caption = QLabel(label + ":")
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(caption, row, col)
            grid.addWidget(value, row, col + 1, 1, span)
        self.hearing_button = action_button("Set hearin&g…", "Set the hearing's date, time, format, panel …",
                                            self.edit_hearing)
        hv = QVBoxLayout(self.hearing_box)
        hv.addLayout(grid)
        hv.addStretch(1)
        hb = QHBoxLayout()
        hb.addWidget(self.hearing_button)
        hb.addStretch(1)
        hv.addLayout(hb)

        # ---------------------------------------------------------------- witnesses
        self.witness_box = QGroupBox("Witnesses")
        self.witnesses = WitnessesModel(self)
        self.witness_table = QTableView()
        self.witness_table.setModel(self.witnesses)
        self.witness_table.setAccessibleName("Witnesses")
        table_defaults(self.witness_table)
        self.witness_table.verticalHeader().hide()
        self.witness_table.setWordWrap(False)
        ColumnPolicy(self.witness_table, "hearing_witnesses", main="name", caps={"role": 150})
        self.witness_table.doubleClicked.connect(lambda _i: self.edit_witness())
        self.witness_table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        on_keys(self.witness_table, {
            Qt.Key.Key_Insert: self.add_witness, Qt.Key.Key_Return: self.edit_witness,
            Qt.Key.Key_Enter: self.edit_witness, Qt.Key.Key_Delete: self.remove_witness,
        })
        self.add_witness_button = action_button("Add &witness…", "Add a witness (Insert)", self.add_witness)
        self.edit_witness_button = action_button("Edit witness…", "Edit the selected witness (Enter)",
                                                 self.edit_witness)
        self.remove_witness_button = action_button("Remove witness…", "Remove the selected witness (Delete)",
                                                   self.remove_witness)
        wv = QVBoxLayout(self.witness_box)
        wv.addWidget(self.witness_table, 1)
        wb = QHBoxLayout()
        for b in (self.add_witness_button, self.edit_witness_button, self.remove_witness_button):
            wb.addWidget(b)
        wb.addStretch(1)
        wv.addLayout(wb)

        top = QHBoxLayout()
        top.addWidget(self.hearing_box, 1)
        top.addWidget(self.witness_box, 1)

        # ---------------------------------------------------------------- directions
        self.model = DirectionsModel(services, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Directions")
        table_defaults(self.table)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        ColumnPolicy(self.table, "directions", main="text", caps={"party": 160, "status": 240})
        self.table.doubleClicked.connect(lambda _i: self.edit_direction())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.model.modelReset.connect(self._update_actions)
        on_keys(self.table, {
            Qt.Key.Key_Insert: self.add_direction, Qt.Key.Key_Return: self.edit_direction,
            Qt.Key.Key_Enter: self.edit_direction, Qt.Key.Key_Space: self.toggle_complied,
            Qt.Key.Key_Delete: self.remove_direction, Qt.Key.Key_Backspace: self.remove_direction,
        })
        self.add_button = action_button("&Add direction…", "Add a direction of the Board (Insert)",
                                        self.add_direction)
        self.edit_button = action_button("&Edit direction…", "Edit the selected direction (Enter)",
                                         self.edit_direction)
        self.complied_button = action_button(
            "Mark &complied", "Mark the selected direction complied with today (Space)", self.toggle_complied)
        self.defer_button = action_button("New &date…", "The Board deferred or adjourned it: a new due date "
                                          "(the first is kept)", self.defer_direction)
        self.remove_button = action_button("Remo&ve direction…", "Remove the selected direction (Delete)",
                                           self.remove_direction)
        bar = QHBoxLayout()
        title = QLabel("Directions of the Board (r.6)")
        f = title.font()
        f.setBold(True)
        title.setFont(f)
        bar.addWidget(title)
        bar.addStretch(1)
        for b in (self.add_button, self.edit_button, self.complied_button, self.defer_button,
                  self.remove_button):
            bar.addWidget(b)
        self.hint = QLabel("Each direction is also listed with the deadlines (This week, the calendar) "
                           "by its due date.")
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # quiet text

        self.not_parole = QLabel(NOT_PAROLE)
        self.not_parole.setWordWrap(True)
        self.not_parole.setEnabled(False)
        self.not_parole.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.not_parole)
        layout.addLayout(top, 2)
        layout.addLayout(bar)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.hint)
        self._parole = False
        self._update_actions()

    # ------------------------------------------------------------------ data
    def set_matter(self, matter_id: int | None) -> None:
        self.matter_id = matter_id
        self.refresh()

    def clear(self) -> None:
        """Drop everything shown (on lock)."""
        self.matter_id = None
        self.model.clear()
        self.witnesses.clear()
        self._show_hearing(None)
        self._update_actions()

    def refresh(self) -> None:
        keep = selected_id(self.table, self.model)
        m = None
        if self.matter_id is not None:
            try:
                m = self.services.matters.get(self.matter_id)
            except NotFound:
                m = None
        self._parole = m is not None and is_parole_matter(m.type)
        self.not_parole.setVisible(m is not None and not self._parole)
        if not self._parole:
            self.model.clear()
            self.witnesses.clear()
            self._show_hearing(None)
            self._update_actions()
            return
        self.model.set_matter(m.id)
        h = self.services.hearings.current(m.id)
        self.witnesses.set_witnesses(self.services.hearings.witnesses(h.id) if h else [])
        self._show_hearing(h)
        if keep is not None:
            select_id(self.table, self.model, keep)
        elif self.model.rowCount():
            self.table.selectRow(0)
        if self.witnesses.rowCount() and not self.witness_table.selectionModel().hasSelection():
            self.witness_table.selectRow(0)
        self._update_actions()

    def _show_hearing(self, h) -> None:
        self.hearing_button.setText("Edit hearin&g…" if h is not None else "Set hearin&g…")
        self.hearing_button.setAccessibleName(self.hearing_button.text().replace("&", "").rstrip("…"))
        if h is None:
            for v in self.details.values():
                v.setText("—")
            if self._parole:
                self.details["when"].setText("Not listed yet")
            return
        when = format_date(h.date) if h.date else "Not listed yet"
        if h.date and h.time:
            when += f" at {h.time}"
        if h.format:
            when += f" — {h.format_label.lower()}"
        self.details["when"].setText(when)
        self.details["venue"].setText(h.venue or "—")
        self.details["panel"].setText(h.panel or "—")
        self.details["observers"].setText(h.observers or "—")
        self.details["victim_statements"].setText(" ".join(h.victim_statements.split()) or "—")
        outcome = h.outcome_label or "—"
        if h.outcome and h.decision_date:
            outcome += f" ({format_date(h.decision_date)})"
        if h.outcome == "adjourned" and h.adjourned_reason:
            outcome += f": {h.adjourned_reason}"
        self.details["outcome"].setText(outcome)

    def _update_actions(self) -> None:
        on = self._parole
        d = self.selected_direction()
        for b in (self.hearing_button, self.add_button, self.add_witness_button):
            b.setEnabled(on)
        for b in (self.edit_button, self.defer_button, self.remove_button):
            b.setEnabled(on and d is not None)
        self.complied_button.setEnabled(on and d is not None)
        complied = d is not None and d.status == "complied"
        self.complied_button.setText("Re&open" if complied else "Mark &complied")
        w = self.selected_witness_id()
        self.edit_witness_button.setEnabled(on and w is not None)
        self.remove_witness_button.setEnabled(on and w is not None)

    # ------------------------------------------------------------------ selection
    def selected_direction(self):
        rid = selected_id(self.table, self.model)
        return self.model.record(self.model.row_of(rid)) if rid is not None else None

    def selected_witness_id(self) -> int | None:
        rows = self.witness_table.selectionModel().selectedRows()
        w = self.witnesses.witness(rows[0].row()) if rows else None
        return w.id if w is not None else None

    def _after_change(self, select: int | None = None) -> None:
        self.refresh()
        if select is not None:
            select_id(self.table, self.model, select)
        self._update_actions()
        self.changed.emit()

    # ------------------------------------------------------------------ the hearing
    def edit_hearing(self) -> None:
        if not self._parole:
            return
        if form.run_dialog(HearingDialog(self.services, self.matter_id, self)):
            self._after_change()

    # ------------------------------------------------------------------ witnesses
    def add_witness(self) -> None:
        if not self._parole:
            return
        dlg = WitnessDialog(self.services, self.matter_id, parent=self)
        if form.run_dialog(dlg) and dlg.saved_id is not None:
            self._after_change()
            self._select_witness(dlg.saved_id)

    def edit_witness(self) -> None:
        wid = self.selected_witness_id()
        if wid is None:
            return
        try:
            dlg = WitnessDialog(self.services, self.matter_id, wid, parent=self)
        except NotFound:
            self.refresh()
            return
        if form.run_dialog(dlg):
            self._after_change()
            self._select_witness(wid)

    def remove_witness(self) -> None:
        wid = self.selected_witness_id()
        if wid is None:
            return
        rows = self.witness_table.selectionModel().selectedRows()
        name = self.witnesses.witness(rows[0].row()).name
        if not form.confirm(self, "Remove witness", f"Remove the witness “{name}” from the hearing?",
                            yes="Remove"):
            return
        try:
            self.services.hearings.remove_witness(wid)
        except NotFound:
            pass
        self._after_change()

    def _select_witness(self, witness_id: int) -> None:
        for row in range(self.witnesses.rowCount()):
            if self.witnesses.witness(row).id == witness_id:
                self.witness_table.selectRow(row)
                break

    # ------------------------------------------------------------------ directions
    def add_direction(self) -> None:
        if not self._parole:
            return
        saved = add_with(DirectionDialog(self.services, self.matter_id, parent=self), self.refresh,
                         self.table, self.model)
        if saved is not None:
            self._after_change(saved)

    def edit_direction(self) -> None:
        d = self.selected_direction()
        if d is None:
            return
        try:
            dlg = DirectionDialog(self.services, self.matter_id, d.id, parent=self)
        except NotFound:
            self.refresh()
            return
        if form.run_dialog(dlg):
            self.model.invalidate(d.id)
            self._after_change(d.id)

    def toggle_complied(self) -> None:
        """Mark the selected direction complied with today (one key: Space); again, reopen it."""
        d = self.selected_direction()
        if d is None:
            return
        try:
            if d.status == "complied":
                self.services.directions.reopen(d.id)
            else:
                self.services.directions.done(d.id)
        except CasebookError as exc:
            form.inform(self, "Direction", exc.message)
        self.model.invalidate(d.id)
        self._after_change(d.id)

    def defer_direction(self) -> None:
        d = self.selected_direction()
        if d is None:
            return
        if form.run_dialog(DeferDialog(self.services, d.id, self)):
            self.model.invalidate(d.id)
            self._after_change(d.id)

    def remove_direction(self) -> None:
        d = self.selected_direction()
        if d is None:
            return
        if not form.confirm(self, "Remove direction",
                            f"Remove the direction due {format_date(d.due)}?\n\nThis cannot be undone.",
                            yes="Remove"):
            return
        try:
            self.services.directions.remove(d.id)
        except NotFound:
            pass
        self._after_change()


__all__ = ["NOT_PAROLE", "ParoleMatterTab"]
