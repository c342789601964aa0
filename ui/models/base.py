"""The common part of Casebook's small in-memory table models: a list of rows and a list of columns.

``ListTableModel`` answers rowCount, columnCount, the horizontal header (display and accessible
text) and flags (enabled, selectable, never has children); a subclass sets ``self.columns`` to
``[(key, header), …]``, fills ``self._rows`` between ``beginResetModel``/``endResetModel`` and
implements ``data``.

``IdTableModel`` is the id-backed base of every record table (chronology, matters, notes). Anki's
browser model is the pattern (``qt/aqt/browser/table/model.py``): the model holds only the row ids in
display order; ``data()`` asks the core service for a record the first time a row is painted and
keeps it in a small bounded cache. A record deleted behind the model's back shows as a disabled
"(deleted)" row until the next refresh instead of crashing the view.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from casebook.errors import NotFound

IdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
DELETED = "(deleted)"

_Index = QModelIndex | QPersistentModelIndex


class ListTableModel(QAbstractTableModel):
    #: (key, header) pairs in column order: a class attribute, or given to ``__init__``.
    columns: list[tuple[str, str]] = []

    def __init__(self, parent=None, columns: list[tuple[str, str]] | None = None) -> None:
        super().__init__(parent)
        if columns is not None:
            self.columns = list(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def column_key(self, section: int) -> str | None:
        return self.columns[section][0] if 0 <= section < len(self.columns) else None

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns) \
                and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.columns[section][1]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` exactly: Qt would read text that looks like HTML as HTML."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"


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
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
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


__all__ = ["DELETED", "IdRole", "IdTableModel", "ListTableModel", "SortRole", "plain_tooltip"]


class ClientRecordsModel(IdTableModel):
    """An id-backed table of one client's records (matters, notes, assessments, evidence …).

    Subclasses implement ``_load(client_id)``, returning the records (objects with ``.id``) and
    refreshing any lookups the cells need, and ``_forget()`` to drop those lookups (on lock, or with no
    client)."""

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id: int | None = None

    def set_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self.refresh()

    def refresh(self) -> None:
        if self.client_id is None:
            self._forget()
            self.set_ids([])
            return
        records = list(self._load(self.client_id))
        self.set_ids([r.id for r in records], records)

    def clear(self) -> None:
        self.client_id = None
        self._forget()
        super().clear()

    def _load(self, client_id: int) -> Iterable[Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def _forget(self) -> None:
        """Drop the lookups ``_load`` keeps (none by default)."""
