"""The chronology table model, and :class:`IdTableModel`, the id-backed base of every record table.

Anki's browser model is the pattern (``qt/aqt/browser/table/model.py``): the model holds only the
row ids in display order; ``data()`` asks the core service for a record the first time a row is
painted and keeps it in a small bounded cache. A record deleted behind the model's back shows as a
disabled "(deleted)" row until the next refresh instead of crashing the view. No SQL and no rules
here: every value comes from a service, every label from the domain vocabularies.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from casebook.domain import DISPUTED_STATUSES, Event
from casebook.domain.validate import format_date
from casebook.errors import NotFound
from ui.models.base import ListTableModel

IdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
DELETED = "(deleted)"

_Index = QModelIndex | QPersistentModelIndex


class IdTableModel(ListTableModel):
    """A table of records identified by id. Subclasses set ``columns`` and implement ``_fetch`` and
    ``_value``; they decide which ids to hold (``set_ids``)."""

    #: How many fetched records to keep; older ones are dropped and fetched again if needed.
    cache_size = 1000

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._ids: list[int] = []
        self._cache: OrderedDict[int, Any] = OrderedDict()
        self._gone: set[int] = set()

    # ------------------------------------------------------------------ subclass hooks
    def _fetch(self, record_id: int) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def _value(self, record: Any, key: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def _sort_value(self, record: Any, key: str) -> Any:
        return self._value(record, key)

    def _tooltip(self, record: Any, key: str) -> str | None:
        return None

    # ------------------------------------------------------------------ ids
    def set_ids(self, ids: Iterable[int], records: Iterable[Any] = ()) -> None:
        """Replace the rows. ``records`` (objects with ``.id``) may prime the cache."""
        self.beginResetModel()
        self._ids = list(ids)
        self._cache.clear()
        self._gone.clear()
        for rec in records:
            if len(self._cache) >= self.cache_size:
                break
            self._cache[rec.id] = rec
        self.endResetModel()

    def clear(self) -> None:
        """Drop every row and every cached record (used on lock)."""
        self.set_ids([])

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def invalidate(self, record_id: int) -> None:
        """Forget the cached copy of one record and repaint its row."""
        self._cache.pop(record_id, None)
        self._gone.discard(record_id)
        row = self.row_of(record_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def record(self, row: int) -> Any | None:
        """The record at ``row`` (fetched on demand), or None if it has been deleted."""
        rid = self.id_at(row)
        if rid is None or rid in self._gone:
            return None
        rec = self._cache.get(rid)
        if rec is not None:
            self._cache.move_to_end(rid)
            return rec
        try:
            rec = self._fetch(rid)
        except NotFound:
            self._gone.add(rid)
            return None
        self._cache[rid] = rec
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return rec

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._ids)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.record(index.row()) is None:
            return Qt.ItemFlag.ItemNeverHasChildren
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._ids)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        if role == IdRole:
            return self._ids[index.row()]
        rec = self.record(index.row())
        key = self.columns[index.column()][0]
        if rec is None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return DELETED if index.column() == 0 else ""
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._value(rec, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(rec, key)
        if role == SortRole:
            return self._sort_value(rec, key)
        return None


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly: Qt would read text that looks like HTML as HTML."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"


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
