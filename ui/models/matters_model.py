"""The matters of one client, id-backed (see :class:`ui.models.base.IdTableModel`)."""

from __future__ import annotations

from typing import Any

from casebook.domain import LEGAL_AID_CLASSES, MATTER_STATUSES, Matter
from casebook.domain.dates import format_date
from ui.models.base import ClientRecordsModel


class MattersModel(ClientRecordsModel):
    """A client's matters, newest first (the service's order)."""

    columns = [
        ("title", "Matter"),
        ("type", "Type"),
        ("status", "Status"),
        ("opened_on", "Opened"),
        ("closed_on", "Closed"),
        ("legal_aid_class", "Legal aid"),
    ]

    def _load(self, client_id: int) -> list[Matter]:
        return self.services.matters.for_client(client_id)

    def _fetch(self, record_id: int) -> Matter:
        return self.services.matters.get(record_id)

    def _value(self, m: Matter, key: str) -> str:
        if key == "title":
            return m.title or m.type_label
        if key == "type":
            return m.type_label
        if key == "status":
            return MATTER_STATUSES.get(m.status, m.status)
        if key in ("opened_on", "closed_on"):
            return format_date(getattr(m, key))
        if key == "legal_aid_class":
            return LEGAL_AID_CLASSES.get(m.legal_aid_class or "", m.legal_aid_class or "") \
                if m.legal_aid_class else ""
        return str(getattr(m, key) or "")

    def _sort_value(self, m: Matter, key: str) -> Any:
        if key in ("opened_on", "closed_on"):
            d = getattr(m, key)
            return d.isoformat() if d else ""
        return self._value(m, key)


__all__ = ["MattersModel"]
