"""The clients table: an id-backed, lazily fetched ``QAbstractTableModel`` (after Anki's browser model).

The model holds only the ordered client ids from ``services.clients.ids(filter)``. A row's display
data is fetched from ``services.clients.rows(ids)`` the first time a view asks for it, in small
batches around the requested row, and cached with a staleness cutoff. A client that has been deleted
since the ids were read shows as a disabled placeholder until the next refresh. So 10,000 clients
cost one id query and as many small row queries as fit on the screen.
"""

from __future__ import annotations

import datetime as _dt
import time
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from casebook.domain.dates import format_date

IdRole = Qt.ItemDataRole.UserRole + 1
SecondaryRole = Qt.ItemDataRole.UserRole + 2  # one line under the name in the navigator

COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Name"),
    ("prison_number", "Prison no."),
    ("prison", "Prison"),
    ("open_matters", "Open matters"),
    ("key_date", "Next date"),
)

_DATE_NAMES = {
    "TED": "Tariff expiry", "PED": "Parole eligibility", "CRD": "Conditional release",
    "PRRD": "Post-recall release", "SLED": "Licence expiry", "SED": "Sentence expiry",
}

_Index = QModelIndex | QPersistentModelIndex


def format_key_date(value: str) -> str:
    """'PED 2027-03-01' → 'PED 1 March 2027'."""
    if not value:
        return ""
    code, _, iso = value.partition(" ")
    try:
        return f"{code} {format_date(_dt.date.fromisoformat(iso))}"
    except ValueError:
        return value


class ClientsModel(QAbstractTableModel):
    BATCH = 40
    STALE_SECONDS = 30.0

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self._services = services
        self._filter = ""
        self._ids: list[int] = []
        self._cache: dict[int, tuple[float, dict[str, Any] | None]] = {}
        self.fetches = 0  # how many times rows were read from the core (for tests and benchmarks)
        self.fetched_ids: set[int] = set()
        self.refresh()

    # ------------------------------------------------------------------ loading
    @property
    def filter_text(self) -> str:
        return self._filter

    def set_filter(self, text: str) -> None:
        text = text or ""
        if text == self._filter:
            return
        self._filter = text
        self.refresh()

    def refresh(self) -> None:
        """Re-read the ids (for the current filter) and forget every cached row."""
        self.beginResetModel()
        self._ids = list(self._services.clients.ids(self._filter)) if self._services is not None else []
        self._cache.clear()
        self.endResetModel()

    def refresh_client(self, client_id: int) -> None:
        """One client changed: drop its cached row and repaint it (re-reads ids if it is new)."""
        self._cache.pop(client_id, None)
        row = self.row_of(client_id)
        if row is None:
            self.refresh()
            return
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def clear(self) -> None:
        """Drop everything, including the services (the casebook is being locked)."""
        self.beginResetModel()
        self._services = None
        self._ids = []
        self._cache.clear()
        self.endResetModel()

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, client_id: int) -> int | None:
        try:
            return self._ids.index(client_id)
        except ValueError:
            return None

    def ids(self) -> list[int]:
        return list(self._ids)

    def _record(self, row: int) -> dict[str, Any] | None:
        cid = self._ids[row]
        now = time.monotonic()
        hit = self._cache.get(cid)
        if hit is not None and now - hit[0] < self.STALE_SECONDS:
            return hit[1]
        if self._services is None:
            return None
        # Fetch a batch starting a little before the requested row (views scroll both ways),
        # skipping ids already cached and fresh.
        start = max(0, row - self.BATCH // 4)
        want = [i for i in self._ids[start:start + self.BATCH]
                if i == cid or i not in self._cache or now - self._cache[i][0] >= self.STALE_SECONDS]
        rows = self._services.clients.rows(want)
        self.fetches += 1
        self.fetched_ids.update(want)
        for i in want:
            self._cache[i] = (now, rows.get(i))  # None: deleted since the ids were read
        return self._cache[cid][1]

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS) \
                and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        rec = self._record(index.row())
        if rec is None:
            return Qt.ItemFlag.NoItemFlags  # deleted: shown as a disabled placeholder
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        col = COLUMNS[index.column()][0]
        if role == IdRole:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, SecondaryRole,
                        Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.TextAlignmentRole):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == "open_matters":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        rec = self._record(index.row())
        if rec is None:
            return "(deleted)" if role == Qt.ItemDataRole.DisplayRole and col == "name" else None
        if role == SecondaryRole:
            parts = [rec["prison_number"], rec["prison"]]
            return " · ".join(p for p in parts if p)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [rec["name"]]
            if rec["prison_number"] or rec["prison"]:
                lines.append(" · ".join(p for p in (rec["prison_number"], rec["prison"]) if p))
            n = rec["open_matters"]
            lines.append(f"{n} open matter{'' if n == 1 else 's'}")
            if rec["key_date"]:
                code = rec["key_date"].split(" ")[0]
                lines.append(f"Next: {_DATE_NAMES.get(code, code)} — "
                             f"{format_key_date(rec['key_date'])[len(code) + 1:]}")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{rec['name']}, {rec['prison_number'] or 'no prison number'}"
        value = rec[col]
        if col == "key_date":
            return format_key_date(value)
        if col == "open_matters":
            return str(value)
        return value
