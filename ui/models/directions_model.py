"""The Directions && hearing tab's models: a parole matter's directions (id-backed, fetched lazily from
:mod:`casebook.services.directions`) and its hearing's witnesses (a small list from
:mod:`casebook.services.hearings`). Labels come from the domain vocabularies; nothing here decides a
status or a date — "overdue" is only the due date against the services' clock, as the deadlines say."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from casebook.domain.dates import format_date
from casebook.domain.parole import Direction, Witness
from ui.models.base import IdTableModel, ListTableModel, plain_tooltip
from ui.models.chronology_model import one_line

_Index = QModelIndex | QPersistentModelIndex


class DirectionsModel(IdTableModel):
    """A matter's directions, earliest due first: due, the direction, who must comply, status, and the
    dates behind the status (complied on, first due before a deferral)."""

    columns = [
        ("due", "Due"),
        ("text", "Direction"),
        ("party", "Who must comply"),
        ("status", "Status"),
    ]

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.matter_id: int | None = None

    def today(self) -> _dt.date:
        return self.services.clock.today()

    def set_matter(self, matter_id: int | None) -> None:
        self.matter_id = matter_id
        self.refresh()

    def refresh(self) -> None:
        if self.matter_id is None:
            self.set_ids([])
            return
        items = self.services.directions.for_matter(self.matter_id)
        self.set_ids([d.id for d in items], items)

    def clear(self) -> None:
        self.matter_id = None
        super().clear()

    def direction(self, row: int) -> Direction | None:
        return self.record(row)

    def is_overdue(self, d: Direction) -> bool:
        return d.is_open and d.due < self.today()

    def _fetch(self, record_id: int) -> Direction:
        return self.services.directions.get(record_id)

    def _value(self, d: Direction, key: str) -> str:
        if key == "due":
            return format_date(d.due)
        if key == "text":
            return one_line(d.text, 200)
        if key == "party":
            return d.party
        if key == "status":
            if self.is_overdue(d):
                first = f" (deferred from {format_date(d.original_due)})" if d.original_due else ""
                return "Overdue" + first
            if d.status == "complied" and d.completed_on:
                return f"Complied {format_date(d.completed_on)}"
            if d.status == "deferred" and d.original_due:
                return f"Deferred from {format_date(d.original_due)}"
            return d.status_label
        return ""

    def _sort_value(self, d: Direction, key: str) -> Any:
        return d.due.isoformat() if key == "due" else self._value(d, key)

    def _tooltip(self, d: Direction, key: str) -> str | None:
        if key == "text":
            return plain_tooltip(d.text + (f"\n\n{d.notes}" if d.notes else ""))
        if key == "status":
            lines = [d.status_label] + ([f"Made on {format_date(d.made_on)}"] if d.made_on else [])
            if d.original_due:
                lines.append(f"First due {format_date(d.original_due)}")
            if d.change_reason:
                lines.append(f"New date because: {d.change_reason}")
            if d.completed_on:
                lines.append(f"Complied with on {format_date(d.completed_on)}")
            return plain_tooltip("\n".join(lines))
        if key == "due":
            return d.due.strftime("%d/%m/%Y")
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and self.columns[index.column()][0] in (
                "due", "status"):
            d = self.record(index.row())
            if d is not None and self.is_overdue(d):
                from ui.widgets import semantic

                return semantic("error")
            return None
        return super().data(index, role)


class WitnessesModel(ListTableModel):
    """The witnesses for a matter's hearing: name, role, status."""

    columns = [("name", "Witness"), ("role", "Role"), ("status", "Status")]

    def set_witnesses(self, witnesses: list[Witness]) -> None:
        self.set_rows(witnesses)

    def clear(self) -> None:
        self.set_rows([])

    def witness(self, row: int) -> Witness | None:
        return self.row_at(row)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        w = self.row_at(index.row()) if index.isValid() else None
        if w is None or not (0 <= index.column() < len(self.columns)):
            return None
        key = self.columns[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return {"name": w.name, "role": w.role, "status": w.status_label}[key]
        if role == Qt.ItemDataRole.ToolTipRole and key == "name" and w.notes:
            return plain_tooltip(w.notes)
        return None


__all__ = ["DirectionsModel", "WitnessesModel"]
