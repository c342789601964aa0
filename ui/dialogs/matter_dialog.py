"""Add or edit a matter (a parole review, a recall review, an IPP licence termination …)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from casebook.domain import LEGAL_AID_CLASSES, MATTER_STATUSES, MATTER_TYPES
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, combo_value, fill_combo


class MatterDialog(FormDialog):
    """``MatterDialog(services, client_id, matter_id=None)``. A new matter opens today by default."""

    def __init__(self, services, client_id: int, matter_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit matter" if matter_id else "New matter", parent)
        self.services = services
        self.client_id = client_id
        self.matter_id = matter_id
        m = services.matters.get(matter_id) if matter_id else None
        f = self.form
        self.type = f.add("type", "&Type", QComboBox())
        fill_combo(self.type, [("", "Choose…"), *MATTER_TYPES.items()], m.type if m else "")
        self.status = f.add("status", "St&atus", QComboBox())
        fill_combo(self.status, MATTER_STATUSES, m.status if m else "open")
        self.title = f.add("title", "T&itle", QLineEdit(m.title if m else ""),
                           help_text="Left empty, a new matter is called by its type.")
        self.reference = f.add("reference", "Our &reference", QLineEdit(m.reference or "" if m else ""))
        self.parole_board_ref = f.add("parole_board_ref", "&Parole Board reference",
                                      QLineEdit(m.parole_board_ref or "" if m else ""))
        self.ppcs_ref = f.add("ppcs_ref", "PP&CS reference", QLineEdit(m.ppcs_ref or "" if m else ""))
        self.legal_aid_class = f.add("legal_aid_class", "&Legal aid", QComboBox())
        fill_combo(self.legal_aid_class, LEGAL_AID_CLASSES, (m.legal_aid_class or "") if m else "")
        self.opened_on = f.add("opened_on", "&Opened",
                               DateEdit(value=m.opened_on if m else services.clock.today()))
        self.closed_on = f.add("closed_on", "Clos&ed", DateEdit(value=m.closed_on if m else None),
                               help_text="Set to today when the status becomes Closed, if left empty.")
        self.required_choices = {"type": self.type}
        self.resize(500, self.sizeHint().height())
        self.type.setFocus()

    def values(self) -> dict:
        return {
            "type": combo_value(self.type) or "",
            "status": combo_value(self.status),
            "title": self.title.text(),
            "reference": self.reference.text(),
            "parole_board_ref": self.parole_board_ref.text(),
            "ppcs_ref": self.ppcs_ref.text(),
            "legal_aid_class": combo_value(self.legal_aid_class) or "",
            "opened_on": self.opened_on.value(),
            "closed_on": self.closed_on.value(),
        }

    def save(self) -> int:
        values = self.values()
        if self.matter_id:
            self.services.matters.update(self.matter_id, **values)
            return self.matter_id
        if not values["opened_on"]:
            del values["opened_on"]  # the service then opens it today
        return self.services.matters.add(self.client_id, **values)


__all__ = ["MatterDialog"]
