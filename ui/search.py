"""Global search (Ctrl+F): a panel with a query field and results as you type.

Up/Down move through the results without leaving the field; Enter (or a double-click) opens the
selected result's client (and matter); Escape closes the panel.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelectionModel, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.models.search_model import HitRole, MarkedRole, SearchModel
from ui.widgets import icon, semantic
from ui.widgets.columns import ColumnPolicy


class _QueryEdit(QLineEdit):
    move = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}
        if event.key() in step:
            self.move.emit(step[event.key()])
            return
        super().keyPressEvent(event)


class MatchDelegate(QStyledItemDelegate):
    """Draws the FTS snippet with the matched words in bold (the index marks them with [ ])."""

    def paint(self, painter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        marked = index.data(MarkedRole)
        raw = marked if marked is not None else (opt.text or "")
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        marked = html.escape(raw).replace("[", "<b>").replace("]", "</b>")
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(0)
        doc.setHtml(f"<span style='white-space:nowrap'>{marked}</span>")
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        r = opt.rect.adjusted(4, 0, -4, 0)
        painter.save()
        painter.setClipRect(r)
        painter.translate(r.left(), r.top() + (r.height() - doc.size().height()) / 2)
        ctx.clip = QRectF(0, 0, r.width(), r.height())
        doc.documentLayout().draw(painter, ctx)
        painter.restore()


class SearchPanel(QDialog):
    """Emits :attr:`hit_activated` with a :class:`~casebook.domain.SearchHit`."""

    hit_activated = Signal(object)
    DELAY_MS = 150

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search the casebook")
        self.setAccessibleName("Search the casebook")
        self.setObjectName("SearchPanel")
        self.setModal(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 12, 12, 10)
        lay.setSpacing(8)

        self.query = _QueryEdit()
        self.query.setPlaceholderText("Search clients, matters, chronology, notes and document pages")
        self.query.setAccessibleName("Search text")
        self.query.setClearButtonEnabled(True)
        self.query.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self.activate_current)
        self.query.move.connect(self._move)
        lay.addWidget(self.query)

        self.model = SearchModel(services, self)
        self.results = QTableView()
        self.results.setAccessibleName("Search results")
        self.results.setModel(self.model)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setShowGrid(False)
        self.results.setAlternatingRowColors(True)
        self.results.setWordWrap(False)
        self.results.verticalHeader().hide()
        self.results.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.results.horizontalHeader().setHighlightSections(False)
        # The matching text gets the room; type, title and client fit (title and client up to a cap).
        ColumnPolicy(self.results, "search", main="Match", caps={"Title": 260, "Client": 200})
        self.results.setItemDelegateForColumn(3, MatchDelegate(self.results))
        self.results.doubleClicked.connect(lambda _i: self.activate_current())
        self.results.activated.connect(lambda _i: self.activate_current())
        lay.addWidget(self.results, 1)

        self.status = QLabel()
        self.status.setAccessibleName("Search status")
        self.status.setStyleSheet(f"color: {semantic('muted', self.palette()).name()};")
        lay.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DELAY_MS)
        self._timer.timeout.connect(self.search_in_background)
        self.model.results_ready.connect(self._results_ready)
        self.resize(760, 440)
        self._update_status()

    def open_panel(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def search_in_background(self) -> None:
        """Search what is typed, off the GUI thread (issue 15: the panel stays responsive while a
        search runs, and the next key cancels it); the hits arrive with ``model.results_ready``."""
        self._timer.stop()
        self.model.request(self.query.text())

    def run_query(self) -> None:
        """Search what is typed now, on this thread (Enter pressed before the results came)."""
        self._timer.stop()
        self.model.set_query(self.query.text())
        self._results_ready()

    def _results_ready(self) -> None:
        if self.model.rowCount():
            self.results.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._update_status()

    def _update_status(self) -> None:
        n = self.model.rowCount()
        if not self.query.text().strip():
            self.status.setText("Type to search. ↑ ↓ to choose, Enter to open, Esc to close.")
        elif n == 0:
            self.status.setText("Nothing found.")
        else:
            more = " (showing the best matches)" if n >= SearchModel.LIMIT else ""
            self.status.setText(f"{n} result{'' if n == 1 else 's'}{more}. Enter opens the selected one.")

    def _move(self, step: int) -> None:
        n = self.model.rowCount()
        if not n:
            return
        row = self.results.currentIndex().row()
        row = 0 if row < 0 else max(0, min(n - 1, row + step))
        idx = self.model.index(row, 0)
        self.results.selectionModel().setCurrentIndex(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.results.scrollTo(idx)

    def activate_current(self) -> None:
        if self._timer.isActive() or (self.model.busy and self.model.query != self.query.text()):
            self.run_query()
        elif self.model.busy:
            self.model.wait()
        idx = self.results.currentIndex()
        if not idx.isValid():
            return
        hit = self.model.index(idx.row(), 0).data(HitRole)
        if hit is None:
            return
        self.hit_activated.emit(hit)
        self.hide()

    def clear(self) -> None:
        self._timer.stop()
        self.query.clear()
        self.model.clear()
        self.hide()
