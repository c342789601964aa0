"""The common part of Casebook's small in-memory table models: a list of rows and a list of columns.

``ListTableModel`` answers rowCount, columnCount, the horizontal header (display and accessible
text) and flags (enabled, selectable, never has children); a subclass sets ``self.columns`` to
``[(key, header), …]``, fills ``self._rows`` between ``beginResetModel``/``endResetModel`` and
implements ``data``. The id-backed lazy models (:class:`ui.models.chronology_model.IdTableModel`)
count their ids instead of rows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

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
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.columns[section][1]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


__all__ = ["ListTableModel"]
