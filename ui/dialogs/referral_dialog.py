"""Refer a client to an accredited programme, and record a referral's next status.

The programme comes from the catalogue in a searchable combo (type any part of its name); the referral
is dated today by default (DD/MM/YYYY) and saved as submitted. "Change status…" offers only the
statuses the sequence allows after the current one (``casebook.risk.vocab.next_statuses``), dated
today by default, with the reason given. The service checks every value (a date in the future, or
before the previous status, is refused under its field) and saves nothing on a bad one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QLineEdit, QPlainTextEdit, QWidget

from casebook.domain.dates import format_date
from casebook.risk import vocab
from ui.models.challenge_models import programme_name
from ui.models.risk_models import label_of
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, fill_combo


def _text_box() -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMaximumHeight(box.fontMetrics().lineSpacing() * 4)
    return box


def programme_combo() -> QComboBox:
    """An editable combo over the catalogue; typing any part of a name narrows the list."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    fill_combo(combo, [(p.id, p.name) for p in vocab.programmes()])
    combo.setCurrentIndex(-1)
    combo.lineEdit().setPlaceholderText("Type part of the programme's name")
    completer = QCompleter(combo.model(), combo)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)
    return combo


class ReferralDialog(FormDialog):
    """``ReferralDialog(services, client_id)``: a new referral, saved as submitted."""

    save_label = "Refer"

    def __init__(self, services, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__("Refer to a programme", parent)
        self.services = services
        self.client_id = client_id
        f = self.form
        self.programme = f.add("programme", "&Programme", programme_combo())
        self.date = f.add("date", "&Date", DateEdit(optional=False, value=services.clock.today()))
        self.notes = f.add("notes", "&Notes", _text_box())
        self.programme.setFocus()

    def programme_value(self) -> str:
        """The chosen programme's id, or the text typed (the service names the close matches)."""
        text = self.programme.currentText().strip()
        i = self.programme.findText(text, Qt.MatchFlag.MatchFixedString)
        return self.programme.itemData(i) if i >= 0 else text

    def save(self) -> int:
        return self.services.programmes.refer(self.client_id, self.programme_value(), self.date.value(),
                                              self.notes.toPlainText().strip())


class ReferralStatusDialog(FormDialog):
    """``ReferralStatusDialog(services, referral_id)``: only the allowed next statuses."""

    save_label = "Save status"

    def __init__(self, services, referral_id: int, parent: QWidget | None = None) -> None:
        super().__init__("Change referral status", parent)
        self.services = services
        self.referral_id = referral_id
        r = services.programmes.get(referral_id)
        history = services.programmes.history(referral_id)
        current = history[-1] if history else None
        f = self.form
        now = QLabel(programme_name(r.programme) + ": " + (
            f"{label_of('referral_status', current.status)} since {format_date(current.date)}"
            if current else "no status yet"))
        now.setWordWrap(True)
        f.add("current", "Now", now)
        self.allowed = vocab.next_statuses(current.status if current else None)
        self.status = f.add("status", "&Status", QComboBox())
        fill_combo(self.status, [(s, label_of("referral_status", s)) for s in self.allowed])
        if not self.allowed:
            self.status.setEnabled(False)
            self.status.setPlaceholderText("None: the referral has ended")
        self.date = f.add("date", "&Date", DateEdit(optional=False, value=services.clock.today()))
        self.reason = f.add("reason", "&Reason", QLineEdit())
        self.reason.setPlaceholderText("e.g. no places this year; not suitable: …")
        self.status.setFocus()

    def save(self) -> int:
        return self.services.programmes.set_status(self.referral_id, self.status.currentData() or "",
                                                   self.date.value(), self.reason.text().strip())


__all__ = ["ReferralDialog", "ReferralStatusDialog", "programme_combo"]
