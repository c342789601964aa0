"""Add a risk factor, with the assessments that name it (and where: section or paragraph)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from casebook.domain.dates import format_date
from ui.models.risk_models import label_of
from ui.widgets.form import FormDialog


class AssessmentChecks(QWidget):
    """A checkbox per assessment of the client, each with a section / paragraph box."""

    def __init__(self, assessments, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[int, tuple[QCheckBox, QLineEdit]] = {}
        if not assessments:
            note = QLabel("No assessments yet: the factor can be linked to one later.")
            note.setEnabled(False)
            grid.addWidget(note, 0, 0)
        for r, a in enumerate(assessments):
            text = f"{label_of('tool', a.tool)}, {format_date(a.date)}"
            text += f" ({a.author})" if a.author else ""
            box = QCheckBox(text)
            section = QLineEdit()
            section.setPlaceholderText("section / paragraph")
            section.setAccessibleName(f"Section or paragraph in {text}")
            grid.addWidget(box, r, 0)
            grid.addWidget(section, r, 1)
            self.boxes[a.id] = (box, section)

    def chain(self) -> list[QWidget]:
        return [w for pair in self.boxes.values() for w in pair]

    def values(self) -> list[tuple[int, str]]:
        return [(aid, s.text().strip()) for aid, (b, s) in self.boxes.items() if b.isChecked()]


class FactorDialog(FormDialog):
    """``FactorDialog(services, client_id)``: a new risk factor of the client."""

    def __init__(self, services, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__("New risk factor", parent)
        self.services = services
        self.client_id = client_id
        f = self.form
        self.name = f.add("name", "&Risk factor", QLineEdit())
        self.name.setPlaceholderText("e.g. sexual preoccupation, emotional management")
        assessments = services.assessments.for_client(client_id)
        self.links = f.add("assessment", "Named &in", AssessmentChecks(assessments))
        self.notes = f.add("notes", "&Notes", QPlainTextEdit())
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(self.notes.fontMetrics().lineSpacing() * 5)
        self.name.setFocus()

    def fix_tab_order(self) -> None:
        chain = [self.name, *self.links.chain(), self.notes, *self.buttons.buttons()]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    def save(self) -> int:
        return self.services.risk_factors.add(self.client_id, self.name.text().strip(),
                                              assessments=self.links.values(),
                                              notes=self.notes.toPlainText().strip())

    def draft_values(self) -> dict[str, Any]:
        values = super().draft_values()
        values["assessment"] = [(aid, b.isChecked(), s.text()) for aid, (b, s) in self.links.boxes.items()]
        return values

    def restore_draft(self, values: dict[str, Any]) -> None:
        values = dict(values)
        links = values.pop("assessment", None) or []
        super().restore_draft(values)
        for aid, checked, section in links:
            if aid in self.links.boxes:
                self.links.boxes[aid][0].setChecked(checked)
                self.links.boxes[aid][1].setText(section)


__all__ = ["FactorDialog"]
