"""The matter's time entries (issue 14) and the month's legal-aid claims, as Qt table models.

:class:`TimeModel` is id-backed (:class:`~ui.models.base.IdTableModel`): it holds the matter's entry ids
in date order and reads each entry from ``svc.time``. :class:`ClaimsModel` holds the row dicts of
``svc.legal_aid.claims(month)``; a row the service could not work out (its ``problem`` is set) is
drawn in the error colour with the problem in its tooltip.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from casebook.domain.dates import format_date
from casebook.legal_aid import engine
from casebook.legal_aid.schemes import CLASSES
from ui.models.base import IdTableModel, ListTableModel, SortRole, plain_tooltip
from ui.widgets import semantic

_Index = QModelIndex | QPersistentModelIndex


def minutes_text(minutes: int) -> str:
    """90 → "1 h 30 min"; 24 → "24 min"."""
    h, m = divmod(int(minutes or 0), 60)
    if h and m:
        return f"{h} h {m} min"
    return f"{h} h" if h else f"{m} min"


def item_text(activity: str, items: int) -> str:
    noun = "call" if engine.ITEM_ACTIVITIES.get(activity) == "call" else \
        ("email" if activity == "emails" else "letter")
    return f"{items} {noun}{'' if items == 1 else 's'}"


def activity_text(activity: str) -> str:
    """The activity's label without its explanation: "Attendance", "Letters out"."""
    return engine.ACTIVITIES.get(activity, activity).split(" (")[0]


#: The fee status in a word or two (the meter and the claim's working say the rest).
SHORT_STATUS = {"fixed-fee": "Fixed fee", "higher-standard-fee": "Higher standard fee",
                "escape": "Escape (CRM18)", "rates-needed": "Rates needed"}
#: The core's problems name the command-line fix; the desktop names the screen.
_CLI_HINTS = (("set it with legalaid set --ufn", "set it on the matter's Time & legal aid tab"),
              ("set it with legalaid set --class", "open one on the matter's Time & legal aid tab"))


def desktop_words(problem: str) -> str:
    for cli, gui in _CLI_HINTS:
        problem = problem.replace(cli, gui)
    return problem


def pounds(value: Any) -> str:
    try:
        return f"£{float(value):,.2f}"
    except (TypeError, ValueError):
        return str(value or "")


class TimeModel(IdTableModel):
    """``TimeModel(services)``; :meth:`set_matter`. Columns: date, activity, time (after rounding, with
    the units), fee earner, description."""

    columns = [("date", "Date"), ("activity", "Activity"), ("time", "Time"), ("units", "Units"),
               ("fee_earner", "Fee earner"), ("description", "Description")]

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.matter_id: int | None = None

    def set_matter(self, matter_id: int | None) -> None:
        self.matter_id = matter_id
        self.refresh()

    def refresh(self) -> None:
        if self.matter_id is None:
            self.set_ids([])
            return
        entries = self.services.time.for_matter(self.matter_id)
        self.set_ids([e.id for e in entries], entries)

    def clear(self) -> None:
        self.matter_id = None
        super().clear()

    def _fetch(self, record_id: int):
        return self.services.time.get(record_id)

    def _value(self, e, key: str) -> str:
        if key == "date":
            return format_date(e.date)
        if key == "activity":
            return activity_text(e.activity)
        if key == "time":
            return item_text(e.activity, e.items) if e.items else minutes_text(e.minutes)
        if key == "units":
            return "" if e.items else str(e.units)
        if key == "fee_earner":
            return e.fee_earner or ""
        if key == "description":
            return e.description or ""
        return ""

    def _sort_value(self, e, key: str) -> Any:
        if key == "date":
            return e.date or _dt.date.min
        if key in ("time", "units"):
            return e.minutes if not e.items else -e.items
        return self._value(e, key)

    def _tooltip(self, e, key: str) -> str | None:
        if key in ("date", "activity"):
            by = f" — {e.fee_earner}" if e.fee_earner else ""
            return engine.ACTIVITIES.get(e.activity, e.activity) + by
        if key in ("time", "units") and not e.items:
            return (f"{e.minutes_raw} minutes recorded, rounded up to {e.units} unit"
                    f"{'' if e.units == 1 else 's'} of {e.unit_minutes} minutes")
        if key == "description" and e.description:
            return plain_tooltip(e.description)
        return None

    def total_minutes(self) -> int:
        return sum((self.record(r).minutes if self.record(r) else 0) for r in range(self.rowCount()))


class ClaimsModel(ListTableModel):
    """The month's claims (row dicts from ``svc.legal_aid.claims``)."""

    columns = [("ufn", "UFN"), ("client", "Client"), ("class", "Class"), ("fee_code", "Fee"),
               ("closed", "Closed"), ("counted_costs", "Costs counted"), ("claim", "Claim"),
               ("status", "Status"), ("form", "Form"), ("problem", "Problem")]
    MONEY = ("counted_costs", "claim")

    def set_month(self, rows: list[dict[str, Any]]) -> None:
        self.set_rows(rows)

    def clear(self) -> None:
        self.set_rows([])

    def has_problem(self, row: int) -> bool:
        r = self.row_at(row)
        return bool(r and r.get("problem"))

    def problems(self) -> int:
        return sum(1 for r in self._rows if r.get("problem"))

    def total_claim(self) -> float:
        total = 0.0
        for r in self._rows:
            try:
                total += float(r.get("claim") or 0)
            except (TypeError, ValueError):
                pass
        return total

    def _text(self, r: dict[str, Any], key: str) -> str:
        v = r.get(key, "")
        if key in self.MONEY:
            return pounds(v) if v not in ("", None) else ""
        if key == "closed" and v:
            try:
                return format_date(_dt.date.fromisoformat(str(v)))
            except ValueError:
                return str(v)
        if key == "status":
            return SHORT_STATUS.get(str(v), str(v or "")) if v else ""
        if key == "problem":
            return desktop_words(str(v or ""))
        return "" if v is None else str(v)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.row_at(index.row())
        key = self.column_key(index.column())
        if r is None or key is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(r, key)
        if role == SortRole:
            v = r.get(key, "")
            if key in self.MONEY:
                try:
                    return float(v or 0)
                except (TypeError, ValueError):
                    return 0.0
            return str(v or "")
        if role == Qt.ItemDataRole.ForegroundRole and r.get("problem"):
            return QBrush(semantic("error"))
        if role == Qt.ItemDataRole.TextAlignmentRole and key in self.MONEY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "class" and r.get("class") in CLASSES:
                return f"{r['class']} — {CLASSES[r['class']]}"
            if key == "status" and r.get("status"):
                return engine.STATUSES.get(r["status"], r["status"])
            if r.get("problem"):
                return plain_tooltip(f"Not worked out: {desktop_words(r['problem'])}")
            working = r.get("_working") or []
            return plain_tooltip("\n".join(working)) if working else None
        return None


__all__ = ["SHORT_STATUS", "ClaimsModel", "TimeModel", "activity_text", "desktop_words", "item_text",
           "minutes_text", "pounds"]
