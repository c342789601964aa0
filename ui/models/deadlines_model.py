"""A table model of computed deadlines (:class:`casebook.services.deadlines.Deadline`).

A matter's deadlines (a few dozen at most) are held whole (:meth:`DeadlinesModel.load`). The whole
casebook's open deadlines can be many thousands (a ten-year casebook's "This week" has ~15,000, nearly all
long overdue), so :meth:`DeadlinesModel.load_page` holds them a page at a time: the first page at once,
more as the view scrolls or the keyboard moves past the rows held (Qt's ``canFetchMore``/``fetchMore``),
with the whole list's length and groups (:attr:`DeadlinesModel.counts`) from the service, counted, not
built. The rows keep the service's order (overdue first, then by due date); the view does not sort them.
:data:`DeadlineIdRole` gives the stable ``"<event_id>:<rule_id>"`` id of a row. No rules and no SQL here:
every value comes from the service.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
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

    #: How many deadlines a page holds (:meth:`load_page`): several screenfuls.
    page_size = 200

    def __init__(self, services=None, parent=None, *, columns: list[str] | None = None) -> None:
        super().__init__(parent, [(k, self.headers[k]) for k in (columns or self.default_columns)])
        self.services = services
        self._query: dict[str, Any] = {}
        #: the question of :meth:`load_page` (None: the whole list of :meth:`load` is held)
        self._paged: dict[str, Any] | None = None
        self._total = 0
        self._fetching = False
        #: the whole list's groups (:class:`casebook.services.deadlines.DeadlineCounts`) when paged
        self.counts: Any = None

    # ------------------------------------------------------------------ loading
    def load(self, **query: Any) -> None:
        """Ask the service for deadlines (``matter_id``, ``within_days``, ``today``, ``include_done``,
        ``include_snoozed`` …) and show them. ``refresh()`` repeats the last query."""
        self._query = dict(query)
        self._paged = None
        self.refresh()

    def load_page(self, *, within_days: int | None, today: Any = None, include_snoozed: bool = True,
                  include_closed: bool = False) -> None:
        """Show the open deadlines due within ``within_days`` (overdue included) a page at a time. The same
        question again (a refresh) reads again as many rows as are shown, at least a page."""
        query = {"within_days": within_days, "today": today, "include_snoozed": include_snoozed,
                 "include_closed": include_closed}
        keep = len(self._rows) if query == self._paged else 0
        self._paged = query
        self._query = {}
        self._read_first(max(keep, self.page_size))

    def show(self, deadlines: list[Any], **query: Any) -> None:
        """Show ``deadlines``, already asked for with ``query`` (what ``refresh()`` will ask again)."""
        self._query = dict(query)
        self._paged = None
        self.set_deadlines(deadlines)

    def refresh(self) -> None:
        if self.services is None or getattr(self.services, "deadlines", None) is None:
            self.set_deadlines([])
            return
        if self._paged is not None:
            self._read_first(max(len(self._rows), self.page_size))
            return
        self.set_deadlines(self.services.deadlines.list(**self._query))

    def _read_first(self, n: int) -> None:
        """The first ``n`` rows of the paged question, the whole list's length and groups."""
        if self.services is None or getattr(self.services, "deadlines", None) is None or self._paged is None:
            self.set_deadlines([])
            return
        page = self.services.deadlines.page(offset=0, limit=n, **self._paged)
        self._total, self.counts = page.total, page.counts
        self.set_rows(page.items)

    def set_deadlines(self, deadlines: list[Any]) -> None:
        self._total, self.counts = 0, None
        self.set_rows(deadlines)

    def clear(self) -> None:
        """Drop every row (on lock)."""
        self._query = {}
        self._paged = None
        self.set_deadlines([])

    def total(self) -> int:
        """How many rows the whole list has (those not fetched yet included)."""
        return self._total if self._paged is not None else len(self._rows)

    # ------------------------------------------------------------------ fetching more
    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return (not parent.isValid() and self._paged is not None and not self._fetching
                and len(self._rows) < self._total)

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch(self.page_size)

    def fetch_all(self) -> None:
        """Every row not fetched yet, in one question (the keyboard going to the end)."""
        if self.canFetchMore():
            self._fetch(self._total - len(self._rows))

    def _fetch(self, n: int) -> None:
        page = self.services.deadlines.page(offset=len(self._rows), limit=n, **self._paged)
        if page.total != self._total:
            # Written to since the rows held were read: the next rows would not follow on from them.
            # Read again what is shown (not inside the view's own call).
            QTimer.singleShot(0, self, self.refresh)
            return
        if not page.items:
            return
        first = len(self._rows)
        self._fetching = True  # a view (or the model tester) asking for more meanwhile is not answered
        try:
            self.beginInsertRows(QModelIndex(), first, first + len(page.items) - 1)
            self._rows.extend(page.items)
            self.endInsertRows()
        finally:
            self._fetching = False

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
