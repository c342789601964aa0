"""One column-sizing policy for every table in the app.

* The **main text column** (what happened, the deadline, the note, the working …) stretches: it takes
  whatever the other columns leave, and never less than :attr:`ColumnPolicy.main_share` of the table
  (at 1366×768 that is the difference between reading a chronology entry and reading "Sentenced to
  imprisonment for pub…").
* **Codes and dates fit their content** (the widest of the rows on screen and the header) and are never
  squeezed. The other secondary texts (a matter's title, an event type, a source, a rule's citation:
  the ``caps`` keys) fit their content up to their cap; when they still do not all fit beside the main
  column, the widest give way first (a shared cap) and are elided, their full text in the tooltip.
* **The user's widths are kept**: a column the user drags keeps that width (this table, every session)
  — saved through :data:`ui.settings.COLUMN_WIDTHS` by column key. Widths only: never data.

Usage: ``ColumnPolicy(view, "chronology", main="text")`` once the model is set; it refits itself when
the model is reset or the view resized.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView

from ui import settings as settings_mod

PADDING = 0  # no extra air: the cell already has its margins (as Qt's own ResizeToContents)


def column_keys(model) -> list[str]:
    cols = getattr(model, "columns", None)
    if cols:
        return [c[0] if isinstance(c, (tuple, list)) else str(c) for c in cols]
    return [str(model.headerData(i, _horizontal()) or i) for i in range(model.columnCount())]


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def saved_widths(table: str) -> dict[str, int]:
    try:
        data = json.loads(settings_mod.settings().get(settings_mod.COLUMN_WIDTHS) or "{}")
    except ValueError:
        return {}
    widths = data.get(table, {}) if isinstance(data, dict) else {}
    return {str(k): int(v) for k, v in widths.items() if isinstance(v, int) and v > 0}


def save_width(table: str, key: str, width: int) -> None:
    s = settings_mod.settings()
    try:
        data = json.loads(s.get(settings_mod.COLUMN_WIDTHS) or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    data.setdefault(table, {})[key] = int(width)
    s.set(settings_mod.COLUMN_WIDTHS, json.dumps(data, sort_keys=True))


def forget_widths(table: str) -> None:
    s = settings_mod.settings()
    try:
        data = json.loads(s.get(settings_mod.COLUMN_WIDTHS) or "{}")
    except ValueError:
        data = {}
    if isinstance(data, dict) and table in data:
        del data[table]
        s.set(settings_mod.COLUMN_WIDTHS, json.dumps(data, sort_keys=True))


class ColumnPolicy(QObject):
    """Sizes the columns of ``view`` (a QTableView/QTreeView) by the policy above. ``fitted`` is
    emitted after each fit (a table whose rows wrap re-measures its row heights then)."""

    fitted = Signal()

    #: The main column never gets less than this share of the table's width …
    main_share = 0.34
    #: … nor less than this many pixels.
    main_min = 220

    def __init__(self, view: QAbstractItemView, table: str, *, main: str, caps: dict[str, int] | None = None,
                 main_share: float | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent or view)
        if main_share is not None:
            self.main_share = main_share
        self.view = view
        self.table = table
        self.main = main
        self.caps = dict(caps or {})
        self._applying = False
        self._user = saved_widths(table)
        self.header: QHeaderView = (view.horizontalHeader() if hasattr(view, "horizontalHeader")
                                    else view.header())
        self.header.setStretchLastSection(False)
        self.header.setResizeContentsPrecision(50)  # a sample of rows (a screenful and more) is enough
        self.header.sectionResized.connect(self._on_resized)
        model = view.model()
        model.modelReset.connect(self.schedule)
        model.layoutChanged.connect(self.schedule)
        model.rowsInserted.connect(self.schedule)
        model.dataChanged.connect(self.schedule)  # item tables (QTableWidget) fill cell by cell
        view.viewport().installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        view.column_policy = self  # for tests and for views that refit by hand
        self.fit()

    @property
    def applying(self) -> bool:
        """Whether the policy is setting the widths now (a ``fitted`` signal follows when it is done)."""
        return self._applying

    # ------------------------------------------------------------------ keys
    def keys(self) -> list[str]:
        return column_keys(self.view.model())

    def index_of(self, key: str) -> int:
        keys = self.keys()
        return keys.index(key) if key in keys else -1

    def width_of(self, key: str) -> int:
        i = self.index_of(key)
        return self.header.sectionSize(i) if i >= 0 else 0

    # ------------------------------------------------------------------ fitting
    def schedule(self, *_args) -> None:
        self._timer.start()

    def natural_width(self, col: int) -> int:
        """The width of the column's content: the widest visible row or the header, plus air."""
        content = self.view.sizeHintForColumn(col)
        head = self.header.sectionSizeHint(col)
        return max(content + PADDING, head)

    def fit(self) -> None:
        model = self.view.model()
        if model is None:
            return
        keys = self.keys()
        main = keys.index(self.main) if self.main in keys else -1
        avail = self.view.viewport().width()
        shown = [i for i in range(len(keys)) if not self.header.isSectionHidden(i)]
        self._applying = True
        try:
            for i in shown:
                mode = QHeaderView.ResizeMode.Stretch if i == main else QHeaderView.ResizeMode.Interactive
                if self.header.sectionResizeMode(i) != mode:
                    self.header.setSectionResizeMode(i, mode)
            others = [i for i in shown if i != main]
            want: dict[int, int] = {}
            fixed = 0
            exact: dict[int, int] = {}
            for i in others:
                key = keys[i]
                if key in self._user:
                    fixed += self._user[key]
                elif key in self.caps:  # elastic: up to its cap, and gives way first
                    want[i] = min(self.natural_width(i), self.caps[key])
                else:  # a code or a date: exactly its content
                    exact[i] = self.natural_width(i)
                    fixed += exact[i]
            budget = avail - fixed - (max(self.main_min, int(avail * self.main_share)) if main >= 0 else 0)
            cap = _shared_cap(list(want.values()), max(budget, 0))
            for i in others:
                key = keys[i]
                if key in self._user:
                    self.header.resizeSection(i, self._user[key])
                elif i in exact:
                    self.header.resizeSection(i, exact[i])
                else:
                    w = min(want[i], cap) if cap is not None else want[i]
                    self.header.resizeSection(i, max(w, min(self.header.sectionSizeHint(i), want[i]), 40))
        finally:
            self._applying = False
        self.fitted.emit()

    def _on_resized(self, col: int, _old: int, new: int) -> None:
        if self._applying:
            return
        if new == 0 or self.header.isSectionHidden(col):  # shown or hidden (column chooser): refit
            self.schedule()
            return
        if self.header.sectionResizeMode(col) != QHeaderView.ResizeMode.Interactive:
            return
        keys = self.keys()
        if 0 <= col < len(keys) and keys[col] != self.main:
            self._user[keys[col]] = new
            save_width(self.table, keys[col], new)

    def reset(self) -> None:
        """Forget the user's widths for this table and fit again."""
        self._user.clear()
        forget_widths(self.table)
        self.fit()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.schedule()
        return False


def _shared_cap(widths: list[int], budget: int) -> int | None:
    """The largest cap c with sum(min(w, c)) <= budget (None if everything fits as it is)."""
    if sum(widths) <= budget or not widths:
        return None
    ws = sorted(widths)
    remaining = budget
    for n, w in enumerate(ws):
        left = len(ws) - n
        if w * left > remaining:
            return max(remaining // left, 0)
        remaining -= w
    return None


__all__ = ["ColumnPolicy", "column_keys", "forget_widths", "save_width", "saved_widths"]
