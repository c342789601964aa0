"""A client's contacts, id-backed (see :class:`ui.models.base.IdTableModel`): name, role, organisation,
matter (blank: the client's general contact), email and phone."""

from __future__ import annotations

from typing import Any

from casebook.domain.contacts import Contact
from ui.models.base import ClientRecordsModel, plain_tooltip

#: What the Matter column says for a contact of the client in general.
GENERAL = "All matters"


class ContactsModel(ClientRecordsModel):
    """Contacts in the service's order (by name)."""

    columns = [
        ("name", "Name"),
        ("role", "Role"),
        ("organisation", "Organisation"),
        ("matter", "Matter"),
        ("email", "Email"),
        ("phone", "Phone"),
    ]

    def __init__(self, services, parent=None) -> None:
        self._matter_titles: dict[int, str] = {}
        super().__init__(services, parent)

    def _load(self, client_id: int) -> list[Contact]:
        matters = self.services.matters.for_client(client_id)
        self._matter_titles = {m.id: m.title or m.type_label for m in matters}
        return self.services.contacts.list_for_client(client_id)

    def _forget(self) -> None:
        self._matter_titles = {}

    def _fetch(self, record_id: int) -> Contact:
        return self.services.contacts.get(record_id)

    def matter_title(self, matter_id: int | None) -> str:
        if matter_id is None:
            return GENERAL
        return self._matter_titles.get(matter_id, f"Matter {matter_id}")

    def _value(self, c: Contact, key: str) -> str:
        if key == "role":
            return c.role_label
        if key == "matter":
            return self.matter_title(c.matter_id)
        if key in ("name", "organisation", "email", "phone"):
            return getattr(c, key) or ""
        return ""

    def _sort_value(self, c: Contact, key: str) -> Any:
        return self._value(c, key).casefold()

    def _tooltip(self, c: Contact, key: str) -> str | None:
        if key == "name":
            lines = [c.name, c.role_label, c.organisation, c.address, c.notes]
            return plain_tooltip("\n".join(x for x in lines if x))
        if key == "email" and c.email:
            return "Ctrl+Shift+C copies the email address"
        return None


__all__ = ["GENERAL", "ContactsModel"]
