"""Add or edit an item of evidence of risk reduction, with the risk factors it addresses.

A new item is dated today and is an accredited programme; the factors are checkboxes. Editing
changes the item's details, links the factors newly ticked and unlinks those unticked.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from casebook.risk import vocab
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, combo_value, fill_combo


class FactorChecks(QWidget):
    def __init__(self, factors, linked: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[int, QCheckBox] = {}
        self.linked = list(linked)
        if not factors:
            note = QLabel("No risk factors yet: add them on the Risk tab.")
            note.setEnabled(False)
            box.addWidget(note)
        for f in factors:
            cb = QCheckBox(f.name)
            cb.setAccessibleName(f"Addresses {f.name}")
            cb.setChecked(f.id in linked)
            box.addWidget(cb)
            self.boxes[f.id] = cb

    def values(self) -> list[int]:
        return [fid for fid, cb in self.boxes.items() if cb.isChecked()]

    def added(self) -> list[int]:
        return [fid for fid in self.values() if fid not in self.linked]

    def removed(self) -> list[int]:
        return [fid for fid, cb in self.boxes.items() if fid in self.linked and not cb.isChecked()]


class EvidenceDialog(FormDialog):
    """``EvidenceDialog(services, client_id, evidence_id=None)``."""

    def __init__(self, services, client_id: int, evidence_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit evidence" if evidence_id else "New evidence", parent)
        self.services = services
        self.client_id = client_id
        self.evidence_id = evidence_id
        e = services.evidence.get(evidence_id) if evidence_id else None
        f = self.form
        today = services.clock.today()
        self.date = f.add("date", "&Date", DateEdit(optional=False, value=e.date if e else today))
        self.to_date = f.add("to_date", "T&o", DateEdit(optional=True, value=e.to_date if e else None),
                             help_text="For a period (an adjudication-free period, a course): its last day.")
        self.kind = f.add("kind", "&Kind", QComboBox())
        fill_combo(self.kind, [(t.id, t.label) for t in vocab.evidence_kinds()],
                   e.kind if e else "accredited-programme")
        self.title = f.add("title", "&Title", QLineEdit(e.title if e else ""))
        self.title.setPlaceholderText("e.g. Completed Kaizen; 12 months adjudication-free")
        self.source = f.add("source", "&Source document", QLineEdit(e.source if e else ""))
        self.page = f.add("page", "&Page", QLineEdit(str(e.page) if e and e.page not in (None, "") else ""))
        linked = services.evidence.factors_of(evidence_id) if evidence_id else []
        self.factors = f.add("factor", "&Addresses",
                             FactorChecks(services.risk_factors.for_client(client_id), linked))
        self.notes = f.add("notes", "&Notes", QPlainTextEdit(e.notes if e else ""))
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(self.notes.fontMetrics().lineSpacing() * 5)
        (self.title if e is None else self.date).setFocus()

    def fix_tab_order(self) -> None:
        chain = [self.date, self.to_date, self.kind, self.title, self.source, self.page,
                 *self.factors.boxes.values(), self.notes,
                 *self.buttons.buttons()]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def values(self) -> dict[str, Any]:
        return {"date": self.date.value(), "to_date": self.to_date.value(), "kind": combo_value(self.kind),
                "title": self.title.text().strip(), "source": self.source.text().strip(),
                "page": self.page.text().strip(), "notes": self.notes.toPlainText().strip()}

    def save(self) -> int:
        values = self.values()
        if self.evidence_id:
            self.services.evidence.update(self.evidence_id, **values)
            for fid in self.factors.added():
                self.services.evidence.link(self.evidence_id, fid)
            for fid in self.factors.removed():
                self.services.evidence.unlink(self.evidence_id, fid)
            return self.evidence_id
        return self.services.evidence.add(self.client_id, factors=self.factors.values(), **values)

    def draft_values(self) -> dict[str, Any]:
        values = super().draft_values()
        values["factor"] = self.factors.values()
        return values

    def restore_draft(self, values: dict[str, Any]) -> None:
        values = dict(values)
        chosen = values.pop("factor", None) or []
        super().restore_draft(values)
        for fid, cb in self.factors.boxes.items():
            cb.setChecked(fid in chosen)


__all__ = ["EvidenceDialog"]
