"""The notes tab: notes, legal-visit notes, telephone and attendance notes, newest first.

The table lists them; the selected note is read in full underneath. Insert adds, Enter edits, Delete
deletes (after a confirmation). The toolbar, table, keys and add/edit/delete are
:class:`~ui.views.record_tab.RecordTab`'s; this tab adds the legal-visit button and the reading pane.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QSplitter, QWidget

from casebook.domain import NOTE_KINDS
from ui.dialogs.note_dialog import NoteDialog
from ui.models.notes_model import NotesModel
from ui.views.record_tab import RecordTab


class NotesTab(RecordTab):
    noun = "note"
    table_name = "Notes"
    main_column = "text"
    column_caps = {"matter": 180}  # noqa: RUF012
    add_text = "&New note…"

    def __init__(self, services, parent: QWidget | None = None) -> None:
        self.visit_button = QPushButton("New &legal visit…")
        self.preview = QPlainTextEdit()
        super().__init__(services, NotesModel(services), parent)
        self.model.setParent(self)
        self.visit_button.clicked.connect(lambda: self.add(kind="legal-visit"))
        self.add_button.setToolTip("Add a note (Insert)")
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Selected note")
        self.preview.setPlaceholderText("Select a note to read it in full.")
        self.fit_columns("notes")
        self._on_selection()

    def toolbar_buttons(self) -> list[QPushButton]:
        return [self.add_button, self.visit_button, self.edit_button, self.delete_button]

    def body(self, table) -> QWidget:
        """The table, and the selected note in full under it."""
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(table)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        return split

    def empty_text(self) -> str:
        return "No notes yet. Press Insert to add one." \
            if self.client_id is not None and self.model.rowCount() == 0 else ""

    def on_selected(self, record_id: int | None) -> None:
        self.visit_button.setEnabled(self.client_id is not None)
        if record_id is None:
            self.preview.clear()
            return
        n = self.model.record(self.model.row_of(record_id))
        self.preview.setPlainText(n.text)

    # ------------------------------------------------------------------ the records
    def new_dialog(self, kind: str = "note") -> NoteDialog:
        return NoteDialog(self.services, self.client_id, kind=kind, parent=self)

    def edit_dialog(self, record_id: int) -> NoteDialog:
        return NoteDialog(self.services, self.client_id, note_id=record_id, parent=self)

    def delete_record(self, record_id: int) -> None:
        self.services.notes.delete(record_id)

    def confirm_delete_text(self, row: int) -> tuple[str, str]:
        n = self.model.record(row)
        what = "note" if n.kind == "note" else f"{NOTE_KINDS.get(n.kind, n.kind).lower()} note"
        when = self.model.data(self.model.index(row, 0))
        return "Delete note", f"Delete this {what} of {when}?\n\nThis cannot be undone."

    # The names the rest of the app and the tests use.
    def add_note(self, kind: str = "note") -> None:
        self.add(kind=kind)

    def edit_note(self) -> None:
        self.edit()

    def delete_note(self) -> None:
        self.delete()

    def _show_selected(self) -> None:
        self._on_selection()


__all__ = ["NotesTab"]
