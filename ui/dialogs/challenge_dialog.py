"""Add or edit a challenge to an assertion in a document, and record an escalation step.

Made for a legal visit, keyboard first: a new challenge goes in the client's first open matter (a
choice when there are several), the cursor starts on the assertion, the ground and status are combos
typed into by their first letters; Enter saves. The evidence that answers the assertion is a checkable
list of the client's evidence (Space ticks an item). Editing changes the challenge's details, its
status and its evidence (the matter stays), all saved together.
:class:`StepDialog` records the next escalation step, dated today by default (DD/MM/YYYY); the
deadline the step starts is the deadlines engine's, shown in the tab once saved. Every value is
checked by the service: a bad one is shown under its own field and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QWidget

from casebook.errors import ValidationError
from casebook.risk import vocab
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, combo_value, fill_combo


def _notes_box(text: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(box.fontMetrics().lineSpacing() * 4)
    return box


class EvidenceList(QListWidget):
    """The client's evidence, each item checkable; the item's data is the evidence id."""

    def __init__(self, evidence, linked: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for e in evidence:
            when = e.date.strftime("%d/%m/%Y") if e.date else ""
            item = QListWidgetItem(f"{when}  {e.title}".strip())
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if e.id in linked else Qt.CheckState.Unchecked)
            self.addItem(item)
        if self.count():
            self.setCurrentRow(0)
        rows = min(max(self.count(), 2), 6)
        self.setMaximumHeight(self.sizeHintForRow(0) * rows + 2 * self.frameWidth() + 4
                              if self.count() else self.fontMetrics().lineSpacing() * 2)

    def item_for(self, evidence_id: int) -> QListWidgetItem | None:
        for i in range(self.count()):
            if self.item(i).data(Qt.ItemDataRole.UserRole) == evidence_id:
                return self.item(i)
        return None

    def values(self) -> list[int]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def set_values(self, ids: list[int]) -> None:
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in ids
                               else Qt.CheckState.Unchecked)


class ChallengeDialog(FormDialog):
    """``ChallengeDialog(services, client_id, challenge_id=None, matter_id=None)``."""

    def __init__(self, services, client_id: int, challenge_id: int | None = None,
                 matter_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit challenge" if challenge_id else "New challenge", parent)
        self.services = services
        self.client_id = client_id
        self.challenge_id = challenge_id
        c = services.challenges.get(challenge_id) if challenge_id else None
        f = self.form
        self.matter = f.add("matter", "&Matter", QComboBox())
        matters = services.matters.for_client(client_id)
        fill_combo(self.matter, [(m.id, m.title or m.type_label) for m in matters])
        if c is not None:
            matter_id = c.matter_id
        elif matter_id is None:
            open_ = [m for m in matters if m.status != "closed"]
            matter_id = (open_ or matters)[0].id if matters else None
        self.matter.setCurrentIndex(max(self.matter.findData(matter_id), 0))
        self.matter.setEnabled(c is None and len(matters) > 1)
        self.assertion = f.add("assertion", "&Assertion (quoted)", _notes_box(c.assertion if c else ""))
        self.assertion.setPlaceholderText("The words of the report, as written")
        self.source = f.add("source", "&Source document", QLineEdit(c.source if c else ""))
        self.source.setPlaceholderText("e.g. OASys 12/03/2026")
        self.page = f.add("page", "&Page", QLineEdit(str(c.page) if c and c.page not in (None, "") else ""))
        self.paragraph = f.add("paragraph", "Pa&ragraph", QLineEdit(c.paragraph if c else ""))
        self.ground = f.add("ground", "&Ground", QComboBox())
        fill_combo(self.ground, [("", "Choose…")] + [(t.id, t.label) for t in vocab.challenge_grounds()],
                   c.ground if c else "")
        self.required_choices["ground"] = self.ground
        self.position = f.add("position", "The correct p&osition", _notes_box(c.position if c else ""))
        self.status = f.add("status", "S&tatus", QComboBox())
        fill_combo(self.status, [(t.id, t.label) for t in vocab.challenge_statuses()],
                   c.status if c else "disputed")
        evidence = services.evidence.for_client(client_id)
        linked = services.challenges.evidence_of(challenge_id) if c else []
        hint = ("No evidence yet: add it on the Evidence tab." if not evidence
                else "Space ticks the evidence that answers the assertion.")
        self.evidence = f.add("evidence", "&Evidence", EvidenceList(evidence, linked), help_text=hint)
        self.evidence.setEnabled(bool(evidence))
        (self.status if c else self.assertion).setFocus()

    def values(self) -> dict[str, Any]:
        return {"assertion": self.assertion.toPlainText().strip(), "source": self.source.text().strip(),
                "page": self.page.text().strip(), "paragraph": self.paragraph.text().strip(),
                "ground": combo_value(self.ground) or "", "position": self.position.toPlainText().strip(),
                "status": combo_value(self.status)}

    def save(self) -> int:
        if self.challenge_id:
            self.services.challenges.update(self.challenge_id, self.values(), evidence=self.evidence.values())
            return self.challenge_id
        mid = combo_value(self.matter)
        if mid is None:
            raise ValidationError({"matter": "is required: open a matter for the client first"})
        return self.services.challenges.add(mid, evidence=self.evidence.values(), **self.values())

    def draft_values(self) -> dict[str, Any]:
        values = super().draft_values()
        values["evidence"] = self.evidence.values()
        return values

    def restore_draft(self, values: dict[str, Any]) -> None:
        values = dict(values)
        chosen = values.pop("evidence", None) or []
        super().restore_draft(values)
        if self.evidence.isEnabled():
            self.evidence.set_values(chosen)


def next_step(services, challenge_id: int) -> str:
    """The step after the challenge's last one in the published order (the first if none yet)."""
    order = [t.id for t in vocab.escalation_steps()]
    done = [v.step.step for v in services.challenges.steps_of(challenge_id)]
    if not done or done[-1] not in order:
        return order[0]
    i = order.index(done[-1])
    return order[min(i + 1, len(order) - 1)]


class StepDialog(FormDialog):
    """``StepDialog(services, challenge_id)``: record the challenge's next escalation step."""

    save_label = "Record step"

    def __init__(self, services, challenge_id: int, parent: QWidget | None = None) -> None:
        super().__init__("Record step", parent)
        self.services = services
        self.challenge_id = challenge_id
        c = services.challenges.get(challenge_id)
        f = self.form
        self.step = f.add("step", "&Step", QComboBox(),
                          help_text="Recorded in the matter's chronology; the deadline it starts is "
                                    "shown under the schedule.")
        fill_combo(self.step, [(t.id, t.label) for t in vocab.escalation_steps()],
                   next_step(services, challenge_id))
        self.date = f.add("date", "&Date", DateEdit(optional=False, value=services.clock.today()))
        self.notes = f.add("notes", "&Notes", _notes_box())
        self.setAccessibleDescription("Challenge: " + c.assertion[:120])
        self.step.setFocus()

    def save(self) -> int:
        return self.services.challenges.step(self.challenge_id, combo_value(self.step), self.date.value(),
                                             self.notes.toPlainText().strip())


__all__ = ["ChallengeDialog", "StepDialog", "next_step"]
