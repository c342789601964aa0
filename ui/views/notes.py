"""The notes tab: notes, legal-visit notes, telephone and attendance notes, newest first.

The table lists them; the selected note is read in full underneath. Insert adds, Enter edits, Delete
deletes (after a confirmation).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.domain import NOTE_KINDS
from casebook.errors import NotFound
from ui.dialogs.note_dialog import NoteDialog
from ui.models.notes_model import NotesModel
from ui.widgets import form
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import on_keys, table_defaults


class NotesTab(QWidget):
    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id: int | None = None
        self.model = NotesModel(services, self)

        self.add_button = QPushButton("&New note…")
        self.add_button.clicked.connect(lambda: self.add_note("note"))
        self.visit_button = QPushButton("New &legal visit…")
        self.visit_button.clicked.connect(lambda: self.add_note("legal-visit"))
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.clicked.connect(self.edit_note)
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.clicked.connect(self.delete_note)
        bar = QHBoxLayout()
        bar.addStretch(1)
        for b in (self.add_button, self.visit_button, self.edit_button, self.delete_button):
            bar.addWidget(b)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Notes")
        table_defaults(self.table)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        ColumnPolicy(self.table, "notes", main="text", caps={"matter": 180})
        self.table.doubleClicked.connect(lambda _i: self.edit_note())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.model.modelReset.connect(self._show_selected)
        on_keys(self.table, {
            Qt.Key.Key_Return: self.edit_note,
            Qt.Key.Key_Enter: self.edit_note,
            Qt.Key.Key_Delete: self.delete_note,
            Qt.Key.Key_Backspace: self.delete_note,
            Qt.Key.Key_Insert: lambda: self.add_note("note"),
        })

        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Selected note")
        self.preview.setPlaceholderText("Select a note to read it in full.")

        self.empty = QLabel("No notes yet. Press Insert to add one.")
        self.empty.setEnabled(False)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(self.empty)
        self._show_selected()

    def set_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self.model.set_client(client_id)
        self._after_load()

    def refresh(self) -> None:
        keep = self.selected_id()
        self.model.refresh()
        self._after_load()
        if keep is not None:
            self.select(keep)

    def clear(self) -> None:
        self.client_id = None
        self.model.clear()
        self.preview.clear()
        self._after_load()

    def _after_load(self) -> None:
        self.table.column_policy.fit()
        self.empty.setVisible(self.client_id is not None and self.model.rowCount() == 0)
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self.add_button.setEnabled(self.client_id is not None)
        self.visit_button.setEnabled(self.client_id is not None)
        self._show_selected()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.model.record(rows[0].row()) is None:
            return None
        return self.model.id_at(rows[0].row())

    def select(self, note_id: int) -> bool:
        row = self.model.row_of(note_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        return row >= 0

    def _show_selected(self) -> None:
        nid = self.selected_id()
        self.edit_button.setEnabled(nid is not None)
        self.delete_button.setEnabled(nid is not None)
        if nid is None:
            self.preview.clear()
            return
        n = self.model.record(self.model.row_of(nid))
        self.preview.setPlainText(n.text)

    def add_note(self, kind: str = "note") -> None:
        if self.client_id is None:
            return
        dlg = NoteDialog(self.services, self.client_id, kind=kind, parent=self)
        if form.run_dialog(dlg) and dlg.saved_id is not None:
            self.refresh()
            self.select(dlg.saved_id)
            self.changed.emit()

    def edit_note(self) -> None:
        nid = self.selected_id()
        if nid is None:
            return
        try:
            dlg = NoteDialog(self.services, self.client_id, note_id=nid, parent=self)
        except NotFound:
            self.refresh()
            return
        if form.run_dialog(dlg):
            self.model.invalidate(nid)
            self.refresh()
            self.changed.emit()

    def delete_note(self) -> None:
        nid = self.selected_id()
        if nid is None:
            return
        row = self.model.row_of(nid)
        n = self.model.record(row)
        what = "note" if n.kind == "note" else f"{NOTE_KINDS.get(n.kind, n.kind).lower()} note"
        when = self.model.data(self.model.index(row, 0))
        if not form.confirm(self, "Delete note", f"Delete this {what} of {when}?\n\nThis cannot be undone."):
            return
        try:
            self.services.notes.delete(nid)
        except NotFound:
            pass
        self.refresh()
        self.changed.emit()


__all__ = ["NotesTab"]
