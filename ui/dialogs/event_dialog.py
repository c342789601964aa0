"""Add or edit a chronology event: a dated fact with its source and page (CaseMap's vocabulary).

The event types come from the rules data (``services.deadlines.event_types()``); those that start
a time limit are marked, since entering one changes the matter's deadlines.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

from casebook.domain import DISPUTED_STATUSES
from casebook.errors import ValidationError
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, combo_value, fill_combo, set_combo


def event_type_items(services) -> list[tuple[str, str]]:
    return [(t.code, f"{t.label} (starts a time limit)" if t.triggers else t.label)
            for t in services.deadlines.event_types()]


def type_notes(services) -> dict[str, str]:
    return {t.code: t.note for t in services.deadlines.event_types() if t.note}


class EventDialog(FormDialog):
    """``EventDialog(services, client_id, matter_id=None, event_id=None)``.

    For a new event the matter can be chosen among the client's matters (``matter_id`` preselects
    one); an existing event stays on its matter.
    """

    def __init__(self, services, client_id: int, matter_id: int | None = None, event_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit event" if event_id else "New event", parent)
        self.services = services
        self.client_id = client_id
        self.event_id = event_id
        e = services.chronology.get(event_id) if event_id else None
        if e is not None:
            matter_id = e.matter_id
        f = self.form

        self.matter = f.add("matter", "&Matter", QComboBox())
        matters = services.matters.for_client(client_id)
        fill_combo(self.matter, [("", "Choose…")] * (len(matters) != 1)
                   + [(m.id, m.title or m.type_label) for m in matters], matter_id)
        if matter_id is not None:
            set_combo(self.matter, matter_id)
        self.matter.setEnabled(e is None)
        self.date = f.add("date", "&Date", DateEdit(optional=False, value=e.date if e else None))
        self.type = f.add("type", "&Type", QComboBox(),
                          help_text="Types marked “starts a time limit” change the matter's deadlines.")
        fill_combo(self.type, [("", "Choose…"), *event_type_items(services)], e.type if e else "")
        # What the rules data says about the chosen type (e.g. which date to enter), under the field.
        self.type_note = QLabel()
        self.type_note.setWordWrap(True)
        self.type_note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.type_note.setAccessibleName("About this event type")
        row, _role = self.form.layout.getWidgetPosition(self.type.parentWidget())
        self.form.layout.insertRow(row + 1, "", self.type_note)
        self.type.currentIndexChanged.connect(self._show_type_note)
        self._show_type_note()
        self.text = f.add("text", "&What happened", QPlainTextEdit(e.text if e else ""))
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 5 + 12)
        self.source = f.add("source", "S&ource", QLineEdit(e.source if e else ""),
                            help_text="The document it comes from, e.g. dossier, OASys, listing letter.")
        self.page = f.add("page", "&Page", QLineEdit(e.page if e else ""))
        self.material = f.add("material", "Mat&erial", QCheckBox("Material to the case"))
        self.material.setChecked(bool(e.material) if e else False)
        self.disputed = f.add("disputed", "D&isputed", QComboBox())
        fill_combo(self.disputed, DISPUTED_STATUSES, e.disputed if e else "undisputed")
        self.required_choices = {"type": self.type}
        self.resize(560, self.sizeHint().height())
        (self.date if e or matter_id is not None or self.matter.currentData() else self.matter).setFocus()

    def _show_type_note(self, *_args) -> None:
        note = type_notes(self.services).get(self.type.currentData() or "", "")
        self.type_note.setText(note)
        self.type_note.setVisible(bool(note))
        self.type.setAccessibleDescription(note)

    def values(self) -> dict:
        return {
            "date": self.date.value(),
            "type": combo_value(self.type) or "",
            "text": self.text.toPlainText(),
            "source": self.source.text(),
            "page": self.page.text(),
            "material": self.material.isChecked(),
            "disputed": combo_value(self.disputed),
        }

    def save(self) -> int:
        values = self.values()
        if self.event_id:
            self.services.chronology.update(self.event_id, **values)
            return self.event_id
        matter_id = combo_value(self.matter)
        if not matter_id:  # and what else is wrong, all at once (it said only this, then the rest)
            errors = {"matter": "is required: choose one (add a matter first if there is none)"}
            try:
                self.services.chronology.validate(values, new=True)
            except ValidationError as exc:
                errors.update(exc.errors)
            raise ValidationError(errors)
        return self.services.chronology.add(matter_id, **values)


__all__ = ["EventDialog", "event_type_items"]
