"""Add an allegation from the dossier, and change an allegation's status.

An allegation is its text, where it is (source document and page) and how far it is made out
(*R (Pearce) v Parole Board* [2023] UKSC 13): the status starts as disputed. The service checks every
value; a bad one is shown under its own field and nothing is saved.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from casebook.risk import vocab
from ui.widgets.form import FormDialog, combo_value, fill_combo


def _statuses() -> list[tuple[str, str]]:
    return [(t.id, t.label) for t in vocab.allegation_statuses()]


class AllegationDialog(FormDialog):
    """``AllegationDialog(services, client_id)``: a new allegation of the client."""

    def __init__(self, services, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__("New allegation", parent)
        self.services = services
        self.client_id = client_id
        f = self.form
        self.text = f.add("text", "&Allegation", QPlainTextEdit())
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(self.text.fontMetrics().lineSpacing() * 4)
        self.source = f.add("source", "&Source document", QLineEdit())
        self.source.setPlaceholderText("e.g. Security report, dossier")
        self.page = f.add("page", "&Page", QLineEdit())
        self.status = f.add("status", "S&tatus", QComboBox())
        fill_combo(self.status, _statuses(), "disputed")
        self.text.setFocus()

    def save(self) -> int:
        return self.services.allegations.add(
            self.client_id, text=self.text.toPlainText().strip(), source=self.source.text().strip(),
            page=self.page.text().strip(), status=combo_value(self.status))


class AllegationStatusDialog(FormDialog):
    """``AllegationStatusDialog(services, allegation_id)``."""

    def __init__(self, services, allegation_id: int, parent: QWidget | None = None) -> None:
        super().__init__("Change allegation status", parent)
        self.services = services
        self.allegation_id = allegation_id
        a = services.allegations.get(allegation_id)
        f = self.form
        shown = QLabel(a.text)
        shown.setWordWrap(True)
        f.add("text", "Allegation", shown)
        self.status = f.add("status", "S&tatus", QComboBox())
        fill_combo(self.status, _statuses(), a.status)
        self.status.setFocus()

    def save(self) -> int:
        self.services.allegations.set_status(self.allegation_id, combo_value(self.status))
        return self.allegation_id


__all__ = ["AllegationDialog", "AllegationStatusDialog"]
