"""The chronology table model (its id-backed base, :class:`~ui.models.base.IdTableModel`, is in ``base``).

Anki's browser model is the pattern (``qt/aqt/browser/table/model.py``): the model holds only the
row ids in display order; ``data()`` asks the core service for a record the first time a row is
painted and keeps it in a small bounded cache. A record deleted behind the model's back shows as a
disabled "(deleted)" row until the next refresh instead of crashing the view. No SQL and no rules
here: every value comes from a service, every label from the domain vocabularies.
"""

from __future__ import annotations

from typing import Any

from casebook.domain import DISPUTED_STATUSES, Event
from casebook.domain.dates import format_date
from ui.models.base import DELETED, IdRole, IdTableModel, SortRole, plain_tooltip


def one_line(text: str, limit: int = 200) -> str:
    s = " ".join((text or "").split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


class ChronologyModel(IdTableModel):
    """All events of a client's matters in date order, optionally only one matter's.

    Columns follow CaseMap's fact vocabulary: date, matter, type, what happened, source, page,
    material, disputed status.
    """

    columns = [
        ("date", "Date"),
        ("matter", "Matter"),
        ("type", "Type"),
        ("text", "What happened"),
        ("source", "Source"),
        ("page", "Page"),
        ("material", "Material"),
        ("disputed", "Disputed"),
    ]

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id: int | None = None
        self.matter_id: int | None = None
        self._matter_titles: dict[int, str] = {}
        self._type_labels: dict[str, str] | None = None

    @property
    def type_labels(self) -> dict[str, str]:
        if self._type_labels is None:
            from casebook.services.chronology import known_event_types

            self._type_labels = known_event_types()
        return self._type_labels

    def set_client(self, client_id: int | None, matter_id: int | None = None) -> None:
        """Show ``client_id``'s events (all matters, or only ``matter_id``)."""
        self.client_id, self.matter_id = client_id, matter_id
        self.refresh()

    def set_matter_filter(self, matter_id: int | None) -> None:
        self.matter_id = matter_id
        self.refresh()

    def refresh(self) -> None:
        if self.client_id is None and self.matter_id is None:
            self._matter_titles = {}
            self.set_ids([])
            return
        if self.client_id is not None:
            self._matter_titles = {m.id: m.title or m.type_label
                                   for m in self.services.matters.for_client(self.client_id)}
        else:
            m = self.services.matters.get(self.matter_id)
            self._matter_titles = {m.id: m.title or m.type_label}
        if self.matter_id is not None:
            events = self.services.chronology.for_matter(self.matter_id)
        else:
            events = self.services.chronology.for_client(self.client_id)
        self.set_ids([e.id for e in events], events)

    def clear(self) -> None:
        self.client_id = self.matter_id = None
        self._matter_titles = {}
        super().clear()

    def _fetch(self, record_id: int) -> Event:
        return self.services.chronology.get(record_id)

    def _value(self, e: Event, key: str) -> str:
        if key == "date":
            return format_date(e.date)
        if key == "matter":
            return self._matter_titles.get(e.matter_id, "")
        if key == "type":
            return self.type_labels.get(e.type, e.type)
        if key == "text":
            return one_line(e.text)
        if key == "material":
            return "Yes" if e.material else ""
        if key == "disputed":
            return DISPUTED_STATUSES.get(e.disputed, e.disputed)
        return str(getattr(e, key) or "")

    def _sort_value(self, e: Event, key: str) -> Any:
        if key == "date":
            return e.date.isoformat()
        return self._value(e, key)

    def _tooltip(self, e: Event, key: str) -> str | None:
        if key == "text" and e.text:
            return plain_tooltip(e.text)
        if key == "date":
            return e.date.strftime("%d/%m/%Y")
        return None


__all__ = ["DELETED", "ChronologyModel", "IdRole", "IdTableModel", "SortRole", "one_line", "plain_tooltip"]
