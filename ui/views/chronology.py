"""The chronology tab: every event of a client's matters in date order (or one matter's).

Keyboard: Insert or Ctrl+Shift+N adds an event, Enter edits the selected one, Delete deletes it after
a confirmation. The same widget, fixed to one matter, is the chronology inside the matter view. The
toolbar, table, keys and add/edit/delete are :class:`~ui.views.record_tab.RecordTab`'s.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLabel, QTableView, QWidget

from ui.dialogs.event_dialog import EventDialog
from ui.models.chronology_model import ChronologyModel
from ui.views.record_tab import RecordTab
from ui.widgets.citations import CitationsStrip, stacked
from ui.widgets.form import fill_combo, set_combo

ADD_SHORTCUT = "Ctrl+Shift+N"


class ChronologyTab(RecordTab):
    """``ChronologyTab(services, parent=None, matter_only=False)``.

    ``set_client(client_id)`` shows all the client's events with a matter filter;
    with ``matter_only=True`` use ``set_matter(client_id, matter_id)`` and the filter is hidden.
    """

    noun = "event"
    table_name = "Chronology"
    main_column = "text"
    # What happened gets the room; the matter, type and source fit up to a cap and are elided.
    column_caps = {"matter": 150, "type": 170, "source": 150}  # noqa: RUF012
    add_text = "&Add event…"
    add_tip = f"Add an event (Insert or {ADD_SHORTCUT})"
    default_row = "last"  # the latest event

    def __init__(self, services, parent: QWidget | None = None, *, matter_only: bool = False) -> None:
        self.matter_only = matter_only
        self._matter_count = 0
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show events of matter")
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.citations = CitationsStrip(services, noun="event")
        super().__init__(services, ChronologyModel(services), parent)
        self.model.setParent(self)
        self.filter.currentIndexChanged.connect(self._on_filter)
        if matter_only:
            self.table.hideColumn(1)  # the matter is the one shown above
        self.fit_columns("chronology_matter" if matter_only else "chronology")
        self.add_shortcut = QShortcut(QKeySequence(ADD_SHORTCUT), self)
        self.add_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.add_shortcut.activated.connect(lambda: self.add())
        self._on_selection()

    def toolbar_left(self, bar) -> None:
        filter_label = QLabel("&Show:")
        filter_label.setBuddy(self.filter)
        if not self.matter_only:
            bar.addWidget(filter_label)
            bar.addWidget(self.filter)
        else:
            filter_label.hide()
            self.filter.hide()

    def body(self, table: QTableView) -> QWidget:
        return stacked(table, self.citations)

    def on_selected(self, record_id: int | None) -> None:
        self.citations.set_record(self.client_id, "event", record_id)

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
        self._fill_filter(self.model.matter_id)
        if self.model.matter_id is not None and self.filter.currentData() != self.model.matter_id \
                and not self.matter_only:
            self.model.matter_id = None  # the filtered matter has been deleted
        super().refresh()

    def clear(self) -> None:
        self.citations.clear()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.blockSignals(False)
        super().clear()

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

    def empty_text(self) -> str:
        if self.client_id is None and self.model.matter_id is None:
            return ""
        if self._matter_count == 0 and not self.matter_only:
            return "No matters yet. Add a matter first (Overview or Matters tab); its events are listed here."
        if self.model.rowCount() == 0:
            return f"No events yet. Press Insert or {ADD_SHORTCUT} to add one."
        return ""

    def can_add(self) -> bool:
        has_matter = self.model.matter_id is not None or self._matter_count > 0
        return self.client_id is not None and has_matter

    # ------------------------------------------------------------------ the records
    def new_dialog(self, **_kwargs) -> EventDialog:
        return EventDialog(self.services, self.client_id, matter_id=self.model.matter_id, parent=self)

    def edit_dialog(self, record_id: int) -> EventDialog:
        return EventDialog(self.services, self.client_id, event_id=record_id, parent=self)

    def delete_record(self, record_id: int) -> None:
        self.services.chronology.delete(record_id)

    def confirm_delete_text(self, row: int) -> tuple[str, str]:
        when = self.model.data(self.model.index(row, 0))
        what = self.model.data(self.model.index(row, 2))
        return ("Delete event", f"Delete the event of {when} ({what})?\n\n"
                "Deadlines computed from it are recalculated. This cannot be undone.")

    # The names the rest of the app and the tests use.
    def add_event(self) -> None:
        self.add()

    def edit_event(self) -> None:
        self.edit()

    def delete_event(self) -> None:
        self.delete()

    def _update_actions(self) -> None:
        self._on_selection()


__all__ = ["ADD_SHORTCUT", "ChronologyTab"]
