"""The people on a case (issue 12): a client's contacts, each the client's in general or one matter's.

The record is declared in :mod:`casebook.domain.records` (``CONTACTS``); saving, the audit trail (the
same as every record's: create with the values, update with the fields changed, delete with the
client, matter and role only) and the search index come from the generic
:class:`~casebook.services.records.RecordStore`. What this service adds: a contact may be given by
its matter alone (its client is the matter's), and a matter of another client is refused.

A matter's contacts are its own and the client's general ones (``matter_id`` None): the people a
letter on that matter may be addressed to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casebook.domain.contacts import Contact
from casebook.domain.records import CONTACTS
from casebook.errors import NotFound, ValidationError
from casebook.services.records import RecordStore, as_id, belongs_to_client

#: The message when a contact would join a matter of another client.
OTHER_CLIENT = "must be one of this client's matters"


class ContactService(RecordStore):
    def __init__(self, cb, audit) -> None:
        super().__init__(CONTACTS, cb, audit)

    # ------------------------------------------------------------------ reading
    def get(self, contact_id: int) -> Contact:
        return super().get(contact_id)

    def list_for_client(self, client_id: int) -> list[Contact]:
        """Every contact of the client: the general ones and each matter's."""
        self.check_parent(client_id)
        return self.where("client_id = ?", (client_id,))

    def list_for_matter(self, matter_id: int) -> list[Contact]:
        """The matter's own contacts and its client's general ones (the matter's first)."""
        client_id = self.client_of_matter(matter_id)
        return self.where("client_id = ? AND (matter_id = ? OR matter_id IS NULL)", (client_id, matter_id),
                          order_by="matter_id IS NULL, name COLLATE NOCASE, id")

    def client_of_matter(self, matter_id: int) -> int:
        row = self.cb.conn.execute("SELECT client_id FROM matters WHERE id = ?", (matter_id,)).fetchone()
        if row is None:
            raise NotFound(f"no matter with id {matter_id}")
        return int(row[0])

    # ------------------------------------------------------------------ writing
    def add(self, client_id: int | None = None, *, name: Any = None, role: Any = None,
            matter_id: int | None = None, **fields: Any) -> int:
        """A new contact of ``client_id``, or of ``matter_id``'s client when only the matter is given.
        ``fields``: organisation, email, phone, address, notes. Nothing is saved unless all is valid."""
        matter = as_id(matter_id) if matter_id not in (None, "") else None
        if matter_id not in (None, "") and matter is None:
            raise ValidationError({"matter_id": "must be a matter's id (a number)"})
        if client_id is None:
            if matter is None:
                raise ValidationError({"client_id": "is required: give a client or a matter"})
            client_id = self.client_of_matter(matter)
        self.check_parent(client_id)
        given = {"name": name, "role": role, **fields}
        if matter is not None:
            given["matter_id"] = matter
        errors = self._matter_errors(given, client_id)
        try:
            values = self.validate(given, new=True, parent_id=client_id)
        except ValidationError as exc:
            raise ValidationError({**exc.errors, **errors}) from None
        if errors:
            raise ValidationError(errors)
        return self.insert({"client_id": client_id, **values})

    def update(self, contact_id: int, **fields: Any) -> dict[str, list]:
        """Change some fields (``matter_id`` None or "" makes the contact the client's in general)."""
        before = self.get(contact_id)
        errors = self._matter_errors(fields, before.client_id)
        try:
            values = self.validate(fields, new=False, id_=contact_id, before=before)
        except ValidationError as exc:
            raise ValidationError({**exc.errors, **errors}) from None
        if errors:
            raise ValidationError(errors)
        return self.apply(contact_id, before, values)

    def remove(self, contact_id: int) -> None:
        self.delete(contact_id)

    def _matter_errors(self, fields: Mapping[str, Any], client_id: int) -> dict[str, str]:
        raw = fields.get("matter_id")
        if raw in (None, ""):
            return {}
        matter = as_id(raw)
        if matter is None:
            return {"matter_id": "must be a matter's id (a number)"}
        if not belongs_to_client(self.cb, "matters", matter, client_id):
            return {"matter_id": OTHER_CLIENT}
        return {}


__all__ = ["OTHER_CLIENT", "ContactService"]
