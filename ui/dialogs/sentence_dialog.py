"""Add or edit a sentence; add a sentence adjustment (remand, tagged bail, UAL, ADA/RADA …).

Terms are typed as ISO-8601 periods (``P4Y6M``) or the short ``4y 6m``; the long form ("4 years,
6 months") is read back beside the field. Which terms a sentence type needs is the service's rule
(determinate → custodial term; EDS → extension; life/IPP → minimum term): its messages appear under
the fields, nothing is decided here.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from casebook.domain import ADJUSTMENT_KINDS, RECALL_TYPES, SENTENCE_TYPES
from casebook.domain.validate import format_date, format_period, parse_period
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, combo_value, fill_combo


def _term_edit(value: str | None) -> QLineEdit:
    edit = QLineEdit(value or "")
    edit.setPlaceholderText("e.g. P4Y6M or 4y 6m")

    def read_back(text: str) -> None:
        try:
            p = parse_period(text)
        except ValueError:
            p = None
        long_form = format_period(p) if p else ""
        edit.setToolTip(long_form or "Years, months, weeks, days: P4Y6M, P18M, P2Y3D")
        edit.setAccessibleDescription(long_form)

    edit.textChanged.connect(read_back)
    read_back(edit.text())
    return edit


class SentenceDialog(FormDialog):
    """``SentenceDialog(services, client_id, sentence_id=None)``."""

    def __init__(self, services, client_id: int, sentence_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit sentence" if sentence_id else "New sentence", parent)
        self.services = services
        self.client_id = client_id
        self.sentence_id = sentence_id
        s = services.clients.get_sentence(sentence_id) if sentence_id else None
        f = self.form

        self.sentence_type = f.add("sentence_type", "Sentence &type", QComboBox())
        fill_combo(self.sentence_type, [("", "Choose…"), *SENTENCE_TYPES.items()], s.sentence_type
                   if s else "")
        self.sentence_date = f.add("sentence_date", "&Date of sentence",
                                   DateEdit(optional=False, value=s.sentence_date if s else None))
        self.offence = f.add("offence", "&Offence", QLineEdit(s.offence if s else ""))
        self.offence_date = f.add("offence_date", "Date of o&ffence",
                                  DateEdit(value=s.offence_date if s else None))
        self.custodial_term = f.add("custodial_term", "&Custodial term",
                                    _term_edit(s.custodial_term if s else None))
        self.extension_term = f.add("extension_term", "E&xtension period",
                                    _term_edit(s.extension_term if s else None),
                                    help_text="Extended sentences only.")
        self.minimum_term = f.add("minimum_term", "&Minimum term (tariff)",
                                  _term_edit(s.minimum_term if s else None),
                                  help_text="Life, IPP and DPP only: the tariff as pronounced.")
        self.consecutive_to = f.add("consecutive_to", "Co&nsecutive to", QComboBox())
        others = [(x.id, f"{SENTENCE_TYPES.get(x.sentence_type, x.sentence_type)}, "
                         f"{format_date(x.sentence_date)}{' – ' + x.offence if x.offence else ''}")
                  for x in services.clients.sentences(client_id) if x.id != sentence_id]
        fill_combo(self.consecutive_to, [(None, "Concurrent / not consecutive"), *others],
                   s.consecutive_to if s else None)
        self.offence_flags = f.add("offence_flags", "Offence fl&ags",
                                   QLineEdit(", ".join(s.offence_flags) if s else ""),
                                   help_text="Codes from the calculation, separated by commas (e.g. "
                                             "SCHEDULE_15).")
        self.recall_type = f.add("recall_type", "&Recall", QComboBox())
        fill_combo(self.recall_type, [("", "Not recalled"), *RECALL_TYPES.items()], (s.recall_type or "")
                   if s else "")
        self.recall_date = f.add("recall_date", "Date of reca&ll",
                                 DateEdit(value=s.recall_date if s else None))
        self.notes = f.add("notes", "Not&es", QPlainTextEdit(s.notes if s else ""))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 12)
        self.required_choices = {"sentence_type": self.sentence_type}
        self.resize(540, self.sizeHint().height())
        self.sentence_type.setFocus()

    def values(self) -> dict:
        flags = [x.strip() for x in self.offence_flags.text().replace(";", ",").split(",") if x.strip()]
        return {
            "sentence_type": combo_value(self.sentence_type) or "",
            "sentence_date": self.sentence_date.value(),
            "offence": self.offence.text(),
            "offence_date": self.offence_date.value(),
            "custodial_term": self.custodial_term.text(),
            "extension_term": self.extension_term.text(),
            "minimum_term": self.minimum_term.text(),
            "consecutive_to": combo_value(self.consecutive_to),
            "offence_flags": flags,
            "recall_type": combo_value(self.recall_type) or "",
            "recall_date": self.recall_date.value(),
            "notes": self.notes.toPlainText(),
        }

    def save(self) -> int:
        if self.sentence_id:
            self.services.clients.update_sentence(self.sentence_id, **self.values())
            return self.sentence_id
        return self.services.clients.add_sentence(self.client_id, **self.values())


class AdjustmentDialog(FormDialog):
    """Add one adjustment to a client's sentence calculation (days, and optionally the period)."""

    def __init__(self, services, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__("New adjustment", parent)
        self.services = services
        self.client_id = client_id
        f = self.form
        self.kind = f.add("kind", "&Kind", QComboBox())
        fill_combo(self.kind, [("", "Choose…"), *ADJUSTMENT_KINDS.items()], "")
        self.days = f.add("days", "&Days", QSpinBox())
        self.days.setRange(0, 100_000)
        self.days.setSpecialValueText("Not set")
        self.days.setAccessibleDescription("Number of days")
        self.from_date = f.add("from_date", "&From", DateEdit())
        self.to_date = f.add("to_date", "&To", DateEdit())
        self.required_choices = {"kind": self.kind}
        self.kind.setFocus()

    def values(self) -> dict:
        days = self.days.value()
        return {
            "kind": combo_value(self.kind) or "",
            "days": days if days else None,
            "from_date": self.from_date.value(),
            "to_date": self.to_date.value(),
        }

    def save(self) -> int:
        return self.services.clients.add_adjustment(self.client_id, **self.values())


__all__ = ["AdjustmentDialog", "SentenceDialog"]
