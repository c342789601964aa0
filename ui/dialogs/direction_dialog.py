"""Add or edit a Board direction (r.6), and give one a new date (a deferral or an adjournment).

Dates are typed DD/MM/YYYY like every other form; the direction service validates and saves (nothing is
saved if a field is wrong, and each message appears under its own field)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

from casebook.domain.dates import format_date
from casebook.domain.parole import DIRECTION_PARTIES
from casebook.domain.vocabulary import DIRECTION_STATUSES
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, combo_value, fill_combo


def party_combo(current: str = "") -> QComboBox:
    """Who must comply: free text, with the usual parties offered."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItems(["", *DIRECTION_PARTIES])
    combo.setCurrentText(current)
    combo.lineEdit().setPlaceholderText("e.g. Secretary of State, POM, COM")
    return combo


class DirectionDialog(FormDialog):
    """``DirectionDialog(services, matter_id, direction_id=None)``. A new direction is open; editing
    one also shows its status and the date complied with."""

    def __init__(self, services, matter_id: int, direction_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit direction" if direction_id else "New direction", parent)
        self.services = services
        self.matter_id = matter_id
        self.direction_id = direction_id
        d = services.directions.get(direction_id) if direction_id else None
        f = self.form
        self.text = f.add("text", "&Direction", QPlainTextEdit(d.text if d else ""),
                          help_text="What the Board directed, e.g. “An updated psychological risk "
                                    "assessment to be served”.")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 4 + 12)
        self.party = f.add("party", "&Who must comply", party_combo(d.party if d else ""))
        self.made_on = f.add("made_on", "&Made on", DateEdit(value=d.made_on if d else None))
        self.due = f.add("due", "D&ue", DateEdit(optional=False, value=d.due if d else None),
                         help_text="The date the Board set for compliance.")
        self.status = self.completed_on = None
        if d is not None:
            self.status = f.add("status", "&Status", QComboBox())
            fill_combo(self.status, DIRECTION_STATUSES, d.status)
            self.completed_on = f.add("completed_on", "&Complied on", DateEdit(value=d.completed_on))
            if d.original_due:
                first = QLabel(f"First due {format_date(d.original_due)}"
                               + (f" — new date because: {d.change_reason}" if d.change_reason else ""))
                first.setWordWrap(True)
                first.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
                first.setEnabled(False)
                f.layout.addRow("", first)
        self.notes = f.add("notes", "&Notes", QLineEdit(d.notes if d else ""))
        self.resize(560, self.sizeHint().height())
        self.text.setFocus()

    def values(self) -> dict:
        values = {
            "text": self.text.toPlainText(),
            "party": self.party.currentText(),
            "made_on": self.made_on.value(),
            "due": self.due.value(),
            "notes": self.notes.text(),
        }
        if self.status is not None:
            values["status"] = combo_value(self.status)
            values["completed_on"] = self.completed_on.value()
        return values

    def save(self) -> int:
        values = self.values()
        if self.direction_id:
            self.services.directions.update(self.direction_id, **values)
            return self.direction_id
        return self.services.directions.add(self.matter_id, **values)


class DeferDialog(FormDialog):
    """A new due date for a direction; the first due date is kept and the reason is required."""

    save_label = "Change date"

    def __init__(self, services, direction_id: int, parent: QWidget | None = None) -> None:
        super().__init__("New date for a direction", parent)
        self.services = services
        self.direction_id = direction_id
        d = services.directions.get(direction_id)
        first = f" (first due {format_date(d.original_due)})" if d.original_due else ""
        info = QLabel(f"Now due {format_date(d.due)}{first}.")
        info.setWordWrap(True)
        self.form.layout.insertRow(0, info)
        self.to = self.form.add("to", "New &due date", DateEdit(optional=False))
        self.reason = self.form.add("reason", "&Reason", QLineEdit(),
                                    help_text="e.g. “Time extended by the panel chair's directions of "
                                              "2 December” or “Hearing adjourned”.")
        self.to.setFocus()

    def save(self) -> int:
        self.services.directions.defer(self.direction_id, self.to.value(), self.reason.text())
        return self.direction_id


__all__ = ["DeferDialog", "DirectionDialog", "party_combo"]
