"""A table model of computed deadlines (:class:`casebook.services.deadlines.Deadline`).

Deadlines are computed by the core service from the events each time they are asked for (cheap: a
few hundred at most), so this model holds the computed list itself rather than ids to fetch lazily;
:data:`DeadlineIdRole` gives the stable ``"<event_id>:<rule_id>"`` id of a row. No rules and no SQL
here: every value comes from the service.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QApplication

from casebook.domain.dates import format_date
from ui.models.base import ListTableModel
from ui.widgets import semantic, unconfirmed

DeadlineIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
MatterIdRole = Qt.ItemDataRole.UserRole + 3
UNCONFIRMED = unconfirmed.LABEL  # the calm mark of ui.widgets.unconfirmed

_Index = QModelIndex | QPersistentModelIndex


def when_text(days_left: int, status: str) -> str:
    """ "Overdue by 3 days", "Due today", "Tomorrow", "In 5 days"; "Done" for done items."""
    if status == "done":
        return "Done"
    if days_left < 0:
        n = -days_left
        return f"Overdue by {n} day{'s' if n != 1 else ''}"
    if days_left == 0:
        return "Due today"
    if days_left == 1:
        return "Tomorrow"
    return f"In {days_left} days"


def bucket(days_left: int, status: str) -> str:
    """The dashboard's group of a deadline: Overdue / Next 7 days / 8–14 days / 15–28 days / Later."""
    if status == "done":
        return "Done"
    if days_left < 0:
        return "Overdue"
    if days_left <= 7:
        return "Next 7 days"
    if days_left <= 14:
        return "8–14 days"
    if days_left <= 28:
        return "15–28 days"
    return "Later"


class DeadlinesModel(ListTableModel):
    """Rows of deadlines in the order the service gives (overdue first, then by due date)."""

    #: Every column this model can show: key → header.
    headers: dict[str, str] = {
        "bucket": "Group",
        "when": "When",
        "due": "Due",
        "client": "Client",
        "matter": "Matter",
        "title": "Deadline",
        "rule": "Rule",
        "confirmed": "Confirmed",
    }
    default_columns = ("when", "due", "client", "matter", "title", "rule", "confirmed")

    def __init__(self, services=None, parent=None, *, columns: list[str] | None = None) -> None:
        super().__init__(parent, [(k, self.headers[k]) for k in (columns or self.default_columns)])
        self.services = services
        self._query: dict[str, Any] = {}

    # ------------------------------------------------------------------ loading
    def load(self, **query: Any) -> None:
        """Ask the service for deadlines (``matter_id``, ``within_days``, ``today``, ``include_done``,
        ``include_snoozed`` …) and show them. ``refresh()`` repeats the last query."""
        self._query = dict(query)
        self.refresh()

    def show(self, deadlines: list[Any], **query: Any) -> None:
        """Show ``deadlines``, already asked for with ``query`` (what ``refresh()`` will ask again)."""
        self._query = dict(query)
        self.set_deadlines(deadlines)

    def refresh(self) -> None:
        if self.services is None or getattr(self.services, "deadlines", None) is None:
            self.set_deadlines([])
            return
        self.set_deadlines(self.services.deadlines.list(**self._query))

    def set_deadlines(self, deadlines: list[Any]) -> None:
        self.set_rows(deadlines)

    def clear(self) -> None:
        """Drop every row (on lock)."""
        self._query = {}
        self.set_deadlines([])

    def deadline(self, row: int) -> Any | None:
        return self.row_at(row)

    def deadlines(self) -> list[Any]:
        return list(self._rows)

    def row_of(self, deadline_id: str) -> int:
        for i, d in enumerate(self._rows):
            if d.id == deadline_id:
                return i
        return -1

    def _text(self, d: Any, key: str) -> str:
        if key == "when":
            text = when_text(d.days_left, d.status)
            if d.snoozed:
                text += f" (snoozed to {format_date(d.snoozed_until)})"
            return text
        if key == "due":
            text = format_date(d.due) + (" *" if d.overridden else "")
            nwd = getattr(d, "non_working_day", None)
            if nwd and d.status != "done":
                text += f" ({nwd[:3]})" if nwd in ("Saturday", "Sunday") else " (bank holiday)"
            return text
        if key == "client":
            return d.client_name
        if key == "matter":
            return d.matter_title
        if key == "title":
            return d.title
        if key == "rule":
            return unconfirmed.calm(d.citation)
        if key == "confirmed":
            return "" if d.confirmed else UNCONFIRMED
        if key == "bucket":
            return bucket(d.days_left, d.status)
        return ""

    def _tooltip(self, d: Any, key: str) -> str | None:
        if key == "due":
            lines = [f"{d.period}: {d.trigger_label} on {format_date(d.trigger_date)}"]
            if d.overridden:
                lines.append(f"Overridden (computed {format_date(d.computed_due)}): {d.override_reason}")
            if d.rolled_from:
                lines.append(f"Moved from {format_date(d.rolled_from)} (not a working day)")
            if getattr(d, "non_working_advice", None):
                lines.append(d.non_working_advice[0].upper() + d.non_working_advice[1:])
            return "\n".join(lines)
        if key == "confirmed" and not d.confirmed:
            return unconfirmed.tooltip(d.full_citation, d.note)
        if key in ("rule", "title", "confirmed"):
            lines = [unconfirmed.calm(d.full_citation)]
            if not d.confirmed:
                lines.append(f"Unconfirmed rule. {unconfirmed.WHY}")
            if d.note:
                lines.append(unconfirmed.calm(" ".join(d.note.split())))
            lines.extend(d.caveats)
            if d.closed_by:
                lines.append(f"Closed by {d.closed_by}")
            return "\n".join(lines)
        return None

    def _sort(self, d: Any, key: str) -> Any:
        if key in ("when", "due"):
            return d.due.isoformat()
        if key == "confirmed":
            return int(d.confirmed)
        return self._text(d, key)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        d = self._rows[index.row()]
        key = self.columns[index.column()][0]
        if key == "confirmed" and role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.DecorationRole,
                                           Qt.ItemDataRole.ForegroundRole) and not d.confirmed:
            return unconfirmed.cell(role, False)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(d, key)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._text(d, key)
            if key == "due":
                return f"{text} ({when_text(d.days_left, d.status)})"
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(d, key)
        if role == DeadlineIdRole:
            return d.id
        if role == MatterIdRole:
            return d.matter_id
        if role == SortRole:
            return self._sort(d, key)
        if role == Qt.ItemDataRole.ForegroundRole:
            if d.status == "overdue":
                return QBrush(semantic("error"))
            if d.status == "done":
                app = QApplication.instance()
                pal = app.palette() if app is not None else QPalette()
                return QBrush(pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            return None
        if role == Qt.ItemDataRole.FontRole:
            if d.status == "overdue" and key != "confirmed":
                f = QFont()
                f.setBold(True)
                return f
            return None
        return None




def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def details_html(d: Any, *, with_client: bool = False) -> str:
    """Everything about one deadline, for the line under a deadlines table (rich text, escaped)."""
    head = f"<b>{_esc(d.title)}</b> — due {format_date(d.due)} ({_esc(d.status)})"
    if with_client:
        head = f"{_esc(d.client_name)} · {_esc(d.matter_title)}: " + head
    lines = [head,
             f"{_esc(d.period)}: {_esc(d.trigger_label)} on {format_date(d.trigger_date)}",
             f"Rule: {_esc(unconfirmed.calm(d.full_citation))}"]
    if not d.confirmed:
        lines.append(unconfirmed.detail_html(d.full_citation))
    if d.overridden:
        lines.append(f"Date changed from {format_date(d.computed_due)}: {_esc(d.override_reason or '')}")
    advice = getattr(d, "non_working_advice", None)
    if advice and d.status != "done":
        lines.append(f"<b>{_esc(advice[0].upper() + advice[1:])}.</b>")
    if d.closed_by:
        lines.append(f"Closed by {_esc(d.closed_by)}.")
    lines.extend(_esc(c) for c in d.caveats)
    if d.note:
        lines.append(_esc(unconfirmed.calm(" ".join(d.note.split()))))
    return "<br>".join(lines)

__all__ = ["UNCONFIRMED", "DeadlineIdRole", "DeadlinesModel", "MatterIdRole", "SortRole", "bucket",
           "details_html",
           "when_text"]
