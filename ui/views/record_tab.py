"""One base for a client's record tabs (chronology, notes, and the kinds of record still to come).

:class:`RecordTab` holds what they all do the same way: a toolbar (anything the tab puts on its left,
then Add / Edit / Delete), an id-backed table under the one column policy, a quiet empty-state line,
and the keyboard (Insert adds, Enter edits, Delete or Backspace deletes after a confirmation). A
subclass says what its records are: its model, the dialog that adds or edits one, how to delete one
and how to name one in the confirmation, and what the empty state says.

Contract with the client view (ui.views.registry): ``changed``, ``set_client``, ``refresh``, ``clear``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from casebook.errors import NotFound
from ui.widgets import form
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import on_keys, table_defaults


def selected_id(table: QTableView, model) -> int | None:
    """The id of the record selected in ``table`` (an id-backed ``model``), or ``None``."""
    rows = table.selectionModel().selectedRows() if table.selectionModel() else []
    if not rows or model.record(rows[0].row()) is None:
        return None
    return model.id_at(rows[0].row())


def select_id(table: QTableView, model, record_id: int) -> bool:
    """Select and show the row of ``record_id``; ``False`` when it is not in the table."""
    row = model.row_of(record_id)
    if row >= 0:
        table.selectRow(row)
        table.scrollTo(model.index(row, 0))
    return row >= 0


def add_with(dialog, reload, table: QTableView, model) -> int | None:
    """Run an add ``dialog``; when it saved, ``reload()`` the table and select the new record."""
    if form.run_dialog(dialog) and dialog.saved_id is not None:
        reload()
        select_id(table, model, dialog.saved_id)
        return dialog.saved_id
    return None


class RecordTab(QWidget):
    changed = Signal()

    #: Words for the buttons, tooltips and messages ("event", "note").
    noun = "record"
    #: The table's accessible name and the column policy's settings key.
    table_name = "Records"
    column_table = "records"
    #: The column that stretches, and caps for the secondary texts (see ui.widgets.columns).
    main_column = "text"
    column_caps: dict[str, int] = {}  # noqa: RUF012 - read-only per class
    add_text = "&Add…"
    add_tip = ""
    #: Which row is selected when nothing is: "first" or "last" (the latest event).
    default_row = "first"

    def __init__(self, services, model, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id: int | None = None
        self.model = model

        self.add_button = QPushButton(self.add_text)
        self.add_button.setToolTip(self.add_tip or f"Add a {self.noun} (Insert)")
        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip(f"Edit the selected {self.noun} (Enter)")
        self.edit_button.clicked.connect(self.edit)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setToolTip(f"Delete the selected {self.noun} (Delete)")
        self.delete_button.clicked.connect(self.delete)
        self.bar = QHBoxLayout()
        self.toolbar_left(self.bar)
        self.bar.addStretch(1)
        for b in self.toolbar_buttons():
            self.bar.addWidget(b)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.table_name)
        table_defaults(self.table)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_selection())
        self.model.modelReset.connect(self._on_selection)
        on_keys(self.table, {
            Qt.Key.Key_Return: self.edit,
            Qt.Key.Key_Enter: self.edit,
            Qt.Key.Key_Delete: self.delete,
            Qt.Key.Key_Backspace: self.delete,
            Qt.Key.Key_Insert: lambda: self.add(),
        })

        # What to do when there is nothing yet, shown inside the empty table itself (over its viewport,
        # letting clicks through), so it sits where the rows would be whatever else the tab shows.
        viewport = self.table.viewport()
        self.empty = QLabel(viewport)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setEnabled(False)  # quiet: the palette's disabled text colour
        self.empty.setWordWrap(True)
        self.empty.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.empty.setContentsMargins(12, 12, 12, 12)
        viewport.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.addLayout(self.bar)
        layout.addWidget(self.body(self.table), 1)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.empty.setGeometry(obj.rect())
        return super().eventFilter(obj, event)

    def fit_columns(self, table_key: str | None = None) -> None:
        """Put the table under the column policy (call once the columns to show are settled)."""
        ColumnPolicy(self.table, table_key or self.column_table, main=self.main_column, caps=self.column_caps)

    # ------------------------------------------------------------------ what a subclass says
    def toolbar_left(self, bar: QHBoxLayout) -> None:
        """Widgets before the buttons (a filter …)."""

    def toolbar_buttons(self) -> list[QPushButton]:
        return [self.add_button, self.edit_button, self.delete_button]

    def body(self, table: QTableView) -> QWidget:
        """What sits under the toolbar: the table, or the table with a reading pane."""
        return table

    def new_dialog(self, **kwargs: Any):  # pragma: no cover - abstract
        raise NotImplementedError

    def edit_dialog(self, record_id: int):  # pragma: no cover - abstract
        raise NotImplementedError

    def delete_record(self, record_id: int) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def confirm_delete_text(self, row: int) -> tuple[str, str]:  # pragma: no cover - abstract
        """(title, question) for deleting the record at ``row``."""
        raise NotImplementedError

    def empty_text(self) -> str:
        return ""

    def can_add(self) -> bool:
        return self.client_id is not None

    def on_selected(self, record_id: int | None) -> None:
        """The selection changed (a reading pane follows it)."""

    # ------------------------------------------------------------------ showing
    def load(self) -> None:
        """Ask the model for the rows (``set_client`` and ``refresh`` call it)."""
        self.model.set_client(self.client_id)

    def set_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self.load()
        self._after_load()

    def refresh(self) -> None:
        """Reload after a change elsewhere, keeping the selection."""
        keep = self.selected_id()
        try:
            self.model.refresh()
        except NotFound:  # what the rows belonged to has gone
            self.model.clear()
        self._after_load()
        if keep is not None:
            self.select(keep)

    def clear(self) -> None:
        """Drop every row (the casebook is locking)."""
        self.client_id = None
        self.model.clear()
        self._after_load()

    def _after_load(self) -> None:
        policy = getattr(self.table, "column_policy", None)
        if policy is not None:
            policy.fit()
        self.empty.setText(self.empty_text())
        self.empty.setGeometry(self.table.viewport().rect())
        self.empty.setVisible(bool(self.empty.text()) and self.model.rowCount() == 0)
        n = self.model.rowCount()
        if n and not self.table.selectionModel().hasSelection():
            self.table.selectRow(n - 1 if self.default_row == "last" else 0)
        self._on_selection()

    def _on_selection(self) -> None:
        rid = self.selected_id()
        self.add_button.setEnabled(self.can_add())
        self.edit_button.setEnabled(rid is not None)
        self.delete_button.setEnabled(rid is not None)
        self.on_selected(rid)

    # ------------------------------------------------------------------ selection
    def selected_id(self) -> int | None:
        return selected_id(self.table, self.model)

    def select(self, record_id: int) -> bool:
        return select_id(self.table, self.model, record_id)

    # ------------------------------------------------------------------ actions
    def add(self, **kwargs: Any) -> int | None:
        if not self.can_add() or not self.add_button.isEnabled():
            return None
        saved = add_with(self.new_dialog(**kwargs), self.refresh, self.table, self.model)
        if saved is not None:
            self.changed.emit()
        return saved

    def edit(self) -> None:
        rid = self.selected_id()
        if rid is None:
            return
        try:
            dlg = self.edit_dialog(rid)
        except NotFound:  # deleted meanwhile
            self.refresh()
            return
        if form.run_dialog(dlg):
            self.model.invalidate(rid)
            self.refresh()
            self.changed.emit()

    def delete(self) -> None:
        rid = self.selected_id()
        if rid is None:
            return
        row = self.model.row_of(rid)
        title, question = self.confirm_delete_text(row)
        if not form.confirm(self, title, question):
            return
        try:
            self.delete_record(rid)
        except NotFound:
            pass
        self.refresh()
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        self.changed.emit()


__all__ = ["RecordTab"]
