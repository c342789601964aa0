"""The firm's letterhead for letters: name, address, telephone, email, the solicitor with conduct, SRA
number and reference. Kept inside the casebook (setting ``letters.firm``) through the letters service;
every letter template reads it as ``firm.*``."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from ui.widgets.form import FormDialog

#: The dialog's field for each ``firm.*`` context field.
FIELDS = ("name", "address_lines", "phone", "email", "solicitor", "sra_number", "reference")


def current_firm(services) -> dict[str, Any]:
    """The letterhead as saved ("" or [] where unset)."""
    return dict(services.letters.firm())


class FirmDialog(FormDialog):
    """``FirmDialog(services)``: edit the letterhead every letter carries."""

    save_label = "Save"

    def __init__(self, services, focus: str = "", parent: QWidget | None = None) -> None:
        super().__init__("Firm details for letters", parent)
        self.services = services
        firm = current_firm(services)
        f = self.form
        self.name = f.add("name", "Firm &name", QLineEdit(firm.get("name", "")))
        self.address = QPlainTextEdit("\n".join(firm.get("address_lines") or []))
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 5 + 12)
        f.add("address_lines", "&Address", self.address, help_text="One line of the address on each line.")
        self.phone = f.add("phone", "&Telephone", QLineEdit(firm.get("phone", "")))
        self.email = f.add("email", "&Email", QLineEdit(firm.get("email", "")))
        self.solicitor = f.add("solicitor", "&Solicitor", QLineEdit(firm.get("solicitor", "")),
                               help_text="The solicitor with conduct, as letters are signed.")
        self.sra_number = f.add("sra_number", "S&RA number", QLineEdit(firm.get("sra_number", "")))
        self.reference = f.add("reference", "Re&ference", QLineEdit(firm.get("reference", "")),
                               help_text="The firm's reference prefix on letters (e.g. AS/PAROLE).")
        self.resize(520, self.sizeHint().height())
        target = f.fields.get(focus) or self.name
        target.setFocus()

    def values(self) -> dict[str, Any]:
        lines = [line.strip() for line in self.address.toPlainText().splitlines() if line.strip()]
        return {
            "name": self.name.text().strip(),
            "address_lines": lines,
            "phone": self.phone.text().strip(),
            "email": self.email.text().strip(),
            "solicitor": self.solicitor.text().strip(),
            "sra_number": self.sra_number.text().strip(),
            "reference": self.reference.text().strip(),
        }

    def save(self) -> int:
        self.services.letters.set_firm(**self.values())
        return 1


__all__ = ["FIELDS", "FirmDialog", "current_firm"]
