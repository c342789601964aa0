"""Add or edit one of a client's contacts: name, role, the matter it belongs to (or all the client's
matters), organisation, email, phone, address and notes.

Thin over :mod:`casebook.services.contacts`: the service checks everything (a role from the list, an
email with an @ and a domain, a phone of digits, spaces and + ( ) -, a matter of this client) and a
message appears under the field at fault; nothing is saved until all is right.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from casebook.domain.vocabulary import CONTACT_ROLES
from ui.widgets.form import FormDialog, combo_value, fill_combo

#: The matter combo's item for a contact of the client in general.
ALL_MATTERS = "All matters (the client's general contact)"


class ContactDialog(FormDialog):
    """``ContactDialog(services, client_id, contact_id=None, matter_id=None)``: ``matter_id`` preselects
    a matter for a new contact."""

    def __init__(self, services, client_id: int, contact_id: int | None = None,
                 matter_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit contact" if contact_id else "New contact", parent)
        self.services = services
        self.client_id = client_id
        self.contact_id = contact_id
        c = services.contacts.get(contact_id) if contact_id else None
        f = self.form
        self.name = f.add("name", "&Name", QLineEdit(c.name if c else ""))
        self.name.setPlaceholderText("e.g. Dr A. Example")
        self.role = f.add("role", "&Role", QComboBox())
        fill_combo(self.role, [("", "Choose…"), *CONTACT_ROLES.items()], c.role if c else "")
        self.required_choices = {"role": self.role}
        self.matter = f.add("matter_id", "&Matter", QComboBox())
        fill_combo(self.matter, [(None, ALL_MATTERS)]
                   + [(m.id, m.title or m.type_label) for m in services.matters.for_client(client_id)],
                   c.matter_id if c else matter_id)
        self.organisation = f.add("organisation", "&Organisation", QLineEdit(c.organisation if c else ""))
        self.organisation.setPlaceholderText("e.g. HMP Example, the probation office, chambers")
        self.email = f.add("email", "&Email", QLineEdit(c.email if c else ""),
                           help_text="A secure address where there is one (e.g. …@justice.gov.uk, "
                                     "…@cjsm.net).")
        self.phone = f.add("phone", "&Phone", QLineEdit(c.phone if c else ""))
        self.phone.setPlaceholderText("e.g. 0113 000 0000")
        self.address = f.add("address", "&Address", QPlainTextEdit(c.address if c else ""))
        self.address.setTabChangesFocus(True)
        self.address.setMaximumHeight(self.address.fontMetrics().lineSpacing() * 5)
        self.notes = f.add("notes", "No&tes", QPlainTextEdit(c.notes if c else ""))
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(self.notes.fontMetrics().lineSpacing() * 5)
        self.resize(560, 520)
        self.name.setFocus()

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.text().strip(),
            "role": combo_value(self.role) or "",
            "matter_id": combo_value(self.matter),
            "organisation": self.organisation.text().strip(),
            "email": self.email.text().strip(),
            "phone": self.phone.text().strip(),
            "address": self.address.toPlainText().strip(),
            "notes": self.notes.toPlainText().strip(),
        }

    def save(self) -> int:
        values = self.values()
        if self.contact_id:
            self.services.contacts.update(self.contact_id, **values)
            return self.contact_id
        return self.services.contacts.add(self.client_id, **values)


__all__ = ["ALL_MATTERS", "ContactDialog"]
