"""Add or edit a note, legal-visit note, telephone note or attendance note."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from casebook.domain import NOTE_KINDS
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, combo_value, fill_combo


class NoteDialog(FormDialog):
    """``NoteDialog(services, client_id, note_id=None, kind="note")``. A new note is dated today."""

    def __init__(self, services, client_id: int, note_id: int | None = None, kind: str = "note",
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit note" if note_id else "New note", parent)
        self.services = services
        self.client_id = client_id
        self.note_id = note_id
        n = services.notes.get(note_id) if note_id else None
        f = self.form
        self.date = f.add("date", "&Date",
                          DateEdit(optional=False, value=n.date if n else services.clock.today()))
        self.kind = f.add("kind", "&Kind", QComboBox())
        fill_combo(self.kind, NOTE_KINDS, n.kind if n else kind)
        self.matter = f.add("matter_id", "&Matter", QComboBox())
        fill_combo(self.matter, [(None, "Not about one matter")]
                   + [(m.id, m.title or m.type_label) for m in services.matters.for_client(client_id)],
                   n.matter_id if n else None)
        self.text = f.add("text", "&Note", QPlainTextEdit(n.text if n else ""))
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(self.text.fontMetrics().lineSpacing() * 10)
        self.resize(600, 480)
        self.text.setFocus()

    def values(self) -> dict:
        return {
            "date": self.date.value(),
            "kind": combo_value(self.kind),
            "matter_id": combo_value(self.matter),
            "text": self.text.toPlainText(),
        }

    def save(self) -> int:
        values = self.values()
        if self.note_id:
            self.services.notes.update(self.note_id, **values)
            return self.note_id
        return self.services.notes.add(self.client_id, **values)


__all__ = ["NoteDialog"]
