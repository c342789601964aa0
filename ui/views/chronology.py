"""The chronology tab: every event of a client's matters in date order (or one matter's).

Keyboard: Insert or Ctrl+Shift+N adds an event, Enter edits the selected one, Delete deletes it after
a confirmation. The same widget, fixed to one matter, is the chronology inside the matter view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.errors import NotFound
from ui.dialogs.event_dialog import EventDialog
from ui.models.chronology_model import ChronologyModel
from ui.widgets import form
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import fill_combo, on_keys, set_combo, table_defaults

ADD_SHORTCUT = "Ctrl+Shift+N"


class ChronologyTab(QWidget):
    """``ChronologyTab(services, parent=None, matter_only=False)``.

    ``set_client(client_id)`` shows all the client's events with a matter filter;
    with ``matter_only=True`` use ``set_matter(client_id, matter_id)`` and the filter is hidden.
    """

    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None, *, matter_only: bool = False) -> None:
        super().__init__(parent)
        self.services = services
        self.matter_only = matter_only
        self.client_id: int | None = None
        self.model = ChronologyModel(services, self)

        self.filter = QComboBox()
        self.filter.setAccessibleName("Show events of matter")
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter.currentIndexChanged.connect(self._on_filter)
        filter_label = QLabel("&Show:")
        filter_label.setBuddy(self.filter)

        self.add_button = QPushButton("&Add event…")
        self.add_button.setToolTip(f"Add an event (Insert or {ADD_SHORTCUT})")
        self.add_button.clicked.connect(self.add_event)
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip("Edit the selected event (Enter)")
        self.edit_button.clicked.connect(self.edit_event)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setToolTip("Delete the selected event (Delete)")
        self.delete_button.clicked.connect(self.delete_event)

        bar = QHBoxLayout()
        if not matter_only:
            bar.addWidget(filter_label)
            bar.addWidget(self.filter)
        else:
            filter_label.hide()
            self.filter.hide()
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.delete_button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Chronology")
        table_defaults(self.table)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setHighlightSections(False)
        if matter_only:
            self.table.hideColumn(1)  # the matter is the one shown above
        # What happened gets the room; the matter, type and source fit up to a cap and are elided.
        ColumnPolicy(self.table, "chronology_matter" if matter_only else "chronology", main="text",
                     caps={"matter": 150, "type": 170, "source": 150})
        self.table.doubleClicked.connect(lambda _i: self.edit_event())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.model.modelReset.connect(self._update_actions)
        on_keys(self.table, {
            Qt.Key.Key_Return: self.edit_event,
            Qt.Key.Key_Enter: self.edit_event,
            Qt.Key.Key_Delete: self.delete_event,
            Qt.Key.Key_Backspace: self.delete_event,
            Qt.Key.Key_Insert: self.add_event,
        })
        self.add_shortcut = QShortcut(QKeySequence(ADD_SHORTCUT), self)
        self.add_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.add_shortcut.activated.connect(self.add_event)

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)
        self.empty.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self._update_actions()

    # ------------------------------------------------------------------ what is shown
    def set_client(self, client_id: int | None) -> None:
        """All events of ``client_id``'s matters (the filter is reset to all matters)."""
        self.client_id = client_id
        self._fill_filter(None)
        self.model.set_client(client_id, None)
        self._after_load()

    def set_matter(self, client_id: int | None, matter_id: int | None) -> None:
        """Only ``matter_id``'s events (for the matter view, or to filter the client's chronology)."""
        self.client_id = client_id
        self._fill_filter(matter_id)
        self.model.set_client(client_id, matter_id)
        self._after_load()

    def refresh(self) -> None:
        """Reload after a change elsewhere, keeping the selected event and the filter."""
        keep = self.selected_id()
        self._fill_filter(self.model.matter_id)
        if self.model.matter_id is not None and self.filter.currentData() != self.model.matter_id \
                and not self.matter_only:
            self.model.matter_id = None  # the filtered matter has been deleted
        try:
            self.model.refresh()
        except NotFound:  # the matter of a matter-only view has gone
            self.model.clear()
        self._after_load()
        if keep is not None:
            self.select(keep)

    def clear(self) -> None:
        self.client_id = None
        self.model.clear()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.blockSignals(False)
        self._after_load()

    def _fill_filter(self, matter_id: int | None) -> None:
        self.filter.blockSignals(True)
        matters = self.services.matters.for_client(self.client_id) if self.client_id is not None else []
        self._matter_count = len(matters)
        fill_combo(self.filter, [(None, "All matters")] + [(m.id, m.title or m.type_label) for m in matters])
        set_combo(self.filter, matter_id)
        self.filter.blockSignals(False)

    def _on_filter(self, _index: int) -> None:
        self.model.set_matter_filter(self.filter.currentData())
        self._after_load()

    def _after_load(self) -> None:
        self.table.column_policy.fit()
        if self.client_id is None and self.model.matter_id is None:
            self.empty.setText("")
        elif getattr(self, "_matter_count", 0) == 0 and not self.matter_only:
            self.empty.setText("No matters yet. Add a matter first (Overview or Matters tab); "
                               "its events are listed here.")
        elif self.model.rowCount() == 0:
            self.empty.setText(f"No events yet. Press Insert or {ADD_SHORTCUT} to add one.")
        else:
            self.empty.setText("")
        self.empty.setVisible(bool(self.empty.text()))
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(self.model.rowCount() - 1)  # the latest event
        self._update_actions()

    def _update_actions(self) -> None:
        has_matter = self.model.matter_id is not None or getattr(self, "_matter_count", 0) > 0
        self.add_button.setEnabled(self.client_id is not None and has_matter)
        sel = self.selected_id() is not None
        self.edit_button.setEnabled(sel)
        self.delete_button.setEnabled(sel)

    # ------------------------------------------------------------------ selection
    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        row = rows[0].row()
        return self.model.id_at(row) if self.model.record(row) is not None else None

    def select(self, event_id: int) -> bool:
        row = self.model.row_of(event_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    # ------------------------------------------------------------------ actions
    def add_event(self) -> None:
        if not self.add_button.isEnabled():
            return
        dlg = EventDialog(self.services, self.client_id, matter_id=self.model.matter_id, parent=self)
        if form.run_dialog(dlg) and dlg.saved_id is not None:
            self.refresh()
            self.select(dlg.saved_id)
            self.changed.emit()

    def edit_event(self) -> None:
        eid = self.selected_id()
        if eid is None:
            return
        try:
            dlg = EventDialog(self.services, self.client_id, event_id=eid, parent=self)
        except NotFound:
            self.refresh()
            return
        if form.run_dialog(dlg):
            self.model.invalidate(eid)
            self.refresh()
            self.changed.emit()

    def delete_event(self) -> None:
        eid = self.selected_id()
        if eid is None:
            return
        row = self.model.row_of(eid)
        when = self.model.data(self.model.index(row, 0))
        what = self.model.data(self.model.index(row, 2))
        if not form.confirm(self, "Delete event",
                            f"Delete the event of {when} ({what})?\n\n"
                            "Deadlines computed from it are recalculated. This cannot be undone."):
            return
        try:
            self.services.chronology.delete(eid)
        except NotFound:
            pass
        self.refresh()
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        self.changed.emit()


__all__ = ["ADD_SHORTCUT", "ChronologyTab"]
