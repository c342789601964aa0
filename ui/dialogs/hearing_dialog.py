"""The oral hearing of a parole matter, and a witness for it.

:class:`HearingDialog` sets the matter's hearing: its date (DD/MM/YYYY; the hearing-listed chronology
event follows it, and the deadlines with it), time, format, venue, panel, observers and victims'
statements (r.14), and later the decision and its outcome. :class:`WitnessDialog` adds or edits a
witness (requested, directed, refused, withdrawn), optionally one of the client's contacts."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from casebook.domain.vocabulary import CONTACT_ROLES, HEARING_FORMATS, HEARING_OUTCOMES, WITNESS_STATUSES
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, combo_value, fill_combo

#: Roles offered for a witness (free text).
WITNESS_ROLES = ("POM", "COM", "Prison psychologist", "Independent psychologist", "Psychiatrist",
                 "PPCS caseworker", "Victim liaison officer", "Family member", "Supporter")


def _small_text(text: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 2 + 14)
    return edit


class HearingDialog(FormDialog):
    """``HearingDialog(services, matter_id)``: creates the matter's hearing or edits the current one."""

    def __init__(self, services, matter_id: int, parent: QWidget | None = None) -> None:
        h = services.hearings.current(matter_id)
        super().__init__("Hearing" if h else "Set hearing", parent)
        self.services = services
        self.matter_id = matter_id
        f = self.form
        self.date = f.add("date", "Hearing &date", DateEdit(value=h.date if h else None),
                          help_text="The hearing-listed event in the chronology follows this date, and the "
                                    "deadlines that run from it.")
        self.time = f.add("time", "&Time", QLineEdit(h.time if h else ""))
        self.time.setPlaceholderText("HH:MM")
        self.time.setMaxLength(5)
        self.time.setValidator(QRegularExpressionValidator(QRegularExpression(r"^[0-9:.]{0,5}$"), self.time))
        self.time.setMaximumWidth(self.time.fontMetrics().horizontalAdvance("00:000") + 24)
        self.format = f.add("format", "&Format", QComboBox())
        fill_combo(self.format, [("", "Not known yet"), *HEARING_FORMATS.items()], h.format if h else "")
        self.venue = f.add("venue", "&Venue", QLineEdit(h.venue if h else ""))
        self.panel = f.add("panel", "&Panel", QLineEdit(h.panel if h else ""))
        self.observers = f.add("observers", "&Observers", QLineEdit(h.observers if h else ""))
        self.victim_statements = f.add("victim_statements", "Victim &statements (r.14)",
                                       _small_text(h.victim_statements if h else ""))
        self.outcome = f.add("outcome", "O&utcome", QComboBox())
        fill_combo(self.outcome, [("", "Not decided"), *HEARING_OUTCOMES.items()], h.outcome if h else "")
        self.decision_date = f.add("decision_date", "Decision dat&e",
                                   DateEdit(value=h.decision_date if h else None))
        self.adjourned_reason = f.add("adjourned_reason", "&Adjourned because",
                                      QLineEdit(h.adjourned_reason if h else ""))
        self.notes = f.add("notes", "&Notes", _small_text(h.notes if h else ""))
        for edit in (self.venue, self.panel, self.observers, self.adjourned_reason):
            edit.setCursorPosition(0)  # a long panel reads from its start, not its end
        self.resize(600, self.sizeHint().height())
        self.date.setFocus()

    def values(self) -> dict:
        return {
            "date": self.date.value(),
            "time": self.time.text(),
            "format": combo_value(self.format) or "",
            "venue": self.venue.text(),
            "panel": self.panel.text(),
            "observers": self.observers.text(),
            "victim_statements": self.victim_statements.toPlainText(),
            "outcome": combo_value(self.outcome) or "",
            "decision_date": self.decision_date.value(),
            "adjourned_reason": self.adjourned_reason.text(),
            "notes": self.notes.toPlainText(),
        }

    def save(self) -> int:
        return self.services.hearings.set(self.matter_id, **self.values())


class WitnessDialog(FormDialog):
    """``WitnessDialog(services, matter_id, witness_id=None)``."""

    def __init__(self, services, matter_id: int, witness_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit witness" if witness_id else "New witness", parent)
        self.services = services
        self.matter_id = matter_id
        self.witness_id = witness_id
        w = services.hearings.get_witness(witness_id) if witness_id else None
        f = self.form
        self.contacts = {cid: (name, role) for cid, name, role in services.hearings.contacts_for(matter_id)}
        self.contact = f.add("contact", "&Contact", QComboBox(),
                             help_text="One of the client's contacts (optional): fills the name and role.")
        fill_combo(self.contact, [(None, "None"), *((cid, f"{n} ({CONTACT_ROLES.get(r, r)})")
                                                    for cid, (n, r) in self.contacts.items())],
                   w.contact_id if w else None)
        self.contact.setEnabled(bool(self.contacts))
        self.name = f.add("name", "&Name", QLineEdit(w.name if w else ""))
        self.role = f.add("role", "&Role", QComboBox())
        self.role.setEditable(True)
        self.role.addItems(["", *WITNESS_ROLES])
        self.role.setCurrentText(w.role if w else "")
        self.status = f.add("status", "&Status", QComboBox())
        fill_combo(self.status, WITNESS_STATUSES, w.status if w else "requested")
        self.notes = f.add("notes", "N&otes", QLineEdit(w.notes if w else ""))
        self.contact.currentIndexChanged.connect(self._contact_chosen)
        self.resize(500, self.sizeHint().height())
        self.name.setFocus()

    def _contact_chosen(self, _index: int) -> None:
        chosen = self.contacts.get(combo_value(self.contact))
        if chosen is None:
            return
        if not self.name.text().strip():
            self.name.setText(chosen[0])
        if not self.role.currentText().strip():
            self.role.setCurrentText(CONTACT_ROLES.get(chosen[1], chosen[1]))

    def values(self) -> dict:
        return {"name": self.name.text(), "role": self.role.currentText(), "status": combo_value(self.status),
                "contact_id": combo_value(self.contact), "notes": self.notes.text()}

    def save(self) -> int:
        values = self.values()
        if self.witness_id:
            self.services.hearings.update_witness(self.witness_id, **values)
            return self.witness_id
        return self.services.hearings.add_witness(self.matter_id, **values)


__all__ = ["WITNESS_ROLES", "HearingDialog", "WitnessDialog"]
