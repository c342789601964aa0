"""The left navigator: "This week" at the top, then the clients, filtered as you type.

The list is a view over :class:`~ui.models.clients_model.ClientsModel` (ids only, rows fetched as
they are painted). Each client is drawn on two lines — name, then prison number and prison — by a
small delegate that takes its colours from the palette.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.models.clients_model import ClientsModel, IdRole, SecondaryRole
from ui.widgets import icon, mix

EMPTY_TEXT = ("No clients yet. Add your first client (name, prison number, date of birth); their "
              "sentences, matters and documents are then added on the client's own tabs.")


class ClientDelegate(QStyledItemDelegate):
    """Name in the normal font, prison number · prison underneath in a muted colour."""

    PAD_V = 6
    PAD_H = 10

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        fm = QFontMetrics(option.font)
        return QSize(200, fm.height() * 2 + self.PAD_V * 2 + 2)

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        pal: QPalette = opt.palette
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        enabled = bool(opt.state & QStyle.StateFlag.State_Enabled)
        group = QPalette.ColorGroup.Normal if enabled else QPalette.ColorGroup.Disabled
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        bg_role = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base
        text = pal.color(group, text_role)
        muted = mix(text, pal.color(group, bg_role), 0.38)
        r: QRect = opt.rect.adjusted(self.PAD_H, self.PAD_V, -self.PAD_H, -self.PAD_V)
        fm = QFontMetrics(opt.font)
        painter.save()
        bold = QFont(opt.font)
        bold.setWeight(QFont.Weight.DemiBold)
        painter.setFont(bold)
        painter.setPen(text)
        line1 = QRect(r.left(), r.top(), r.width(), fm.height())
        painter.drawText(line1, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(bold).elidedText(name or "", Qt.TextElideMode.ElideRight, r.width()))
        secondary = index.data(SecondaryRole) or ""
        painter.setFont(opt.font)
        painter.setPen(muted)
        line2 = QRect(r.left(), r.top() + fm.height() + 2, r.width(), fm.height())
        painter.drawText(line2, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(secondary, Qt.TextElideMode.ElideRight, r.width()))
        painter.restore()


class FilterEdit(QLineEdit):
    """Down arrow moves into the list; Escape clears the filter."""

    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class Navigator(QWidget):
    """Emits :attr:`client_selected` (an id, or ``None``) and :attr:`home_requested`."""

    client_selected = Signal(object)
    home_requested = Signal()
    new_client_requested = Signal()

    FILTER_DELAY_MS = 120

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Navigator")
        self.setAccessibleName("Navigator")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 0, 6)
        lay.setSpacing(6)

        self.home_button = QToolButton()
        self.home_button.setText("This week")
        self.home_button.setIcon(icon("this-week"))
        self.home_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.home_button.setCheckable(True)
        self.home_button.setAutoRaise(True)
        self.home_button.setAccessibleName("This week: deadlines and hearings")
        self.home_button.setToolTip("Deadlines and hearings this week, overdue first (Ctrl+1)")
        self.home_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.home_button.clicked.connect(self._home_clicked)
        lay.addWidget(self.home_button)

        self.filter = FilterEdit()
        self.filter.setPlaceholderText("Filter clients  (Ctrl+K)")
        self.filter.setAccessibleName("Filter clients")
        self.filter.setToolTip("Filter by name, other name, prison number or prison")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._schedule_filter)
        self.filter.down.connect(self._into_list)
        self.filter.returnPressed.connect(self._into_list)
        lay.addWidget(self.filter)

        self.model = ClientsModel(services, self)
        self.list = QListView()
        self.list.setObjectName("ClientList")
        self.list.setAccessibleName("Clients")
        self.list.setModel(self.model)
        self.list.setItemDelegate(ClientDelegate(self.list))
        self.list.setUniformItemSizes(True)  # no per-row size queries: rows stay lazy
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        lay.addWidget(self.list, 1)

        # A casebook with no clients yet (a new one) says what to do first, in place of an empty list.
        self.empty = QWidget()
        self.empty.setObjectName("NoClients")
        ev = QVBoxLayout(self.empty)
        ev.setContentsMargins(8, 16, 8, 8)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAccessibleName("No clients yet")
        self.new_client_button = QPushButton("&New client…")
        self.new_client_button.setToolTip("Add a client (Ctrl+N)")
        self.new_client_button.setAccessibleName("New client")
        self.new_client_button.clicked.connect(self.new_client_requested)
        ev.addWidget(self.empty_label)
        ev.addWidget(self.new_client_button, 0, Qt.AlignmentFlag.AlignLeft)
        ev.addStretch(1)
        self.empty.hide()
        lay.addWidget(self.empty, 1)

        self.count_label = QLabel()
        self.count_label.setAccessibleName("Number of clients shown")
        self.count_label.setContentsMargins(4, 0, 0, 0)
        f = self.count_label.font()
        f.setPointSizeF(f.pointSizeF() * 0.9)
        self.count_label.setFont(f)
        lay.addWidget(self.count_label)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.FILTER_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.model.modelReset.connect(self._update_count)
        self._update_count()

    # ------------------------------------------------------------------ filter
    def _schedule_filter(self, _text: str) -> None:
        self._timer.start()

    def apply_filter(self) -> None:
        """Apply the filter now (also called by the debounce timer), keeping the selection if it survives."""
        self._timer.stop()
        current = self.current_client()
        self.model.set_filter(self.filter.text())
        if current is not None:
            row = self.model.row_of(current)
            if row is not None:
                self.list.selectionModel().setCurrentIndex(
                    self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _update_count(self) -> None:
        n = self.model.rowCount()
        none_at_all = n == 0 and not self.model.filter_text.strip()
        self.empty.setVisible(none_at_all)
        self.list.setVisible(not none_at_all)
        if self.model.filter_text.strip():
            self.count_label.setText(f"{n} matching client{'' if n == 1 else 's'}")
        else:
            self.count_label.setText(f"{n} client{'' if n == 1 else 's'}")

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def _into_list(self) -> None:
        if self.model.rowCount() == 0:
            return
        if not self.list.currentIndex().isValid():
            self.list.setCurrentIndex(self.model.index(0, 0))
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ selection
    def current_client(self) -> int | None:
        idx = self.list.currentIndex()
        return idx.data(IdRole) if idx.isValid() else None

    def select_client(self, client_id: int | None) -> bool:
        if client_id is None:
            self.list.clearSelection()
            self.list.setCurrentIndex(QModelIndex())
            return True
        row = self.model.row_of(client_id)
        if row is None and self.filter.text():
            self.filter.clear()
            self.apply_filter()
            row = self.model.row_of(client_id)
        if row is None:
            self.model.refresh()
            row = self.model.row_of(client_id)
        if row is None:
            return False
        idx = self.model.index(row, 0)
        self.list.selectionModel().setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.list.scrollTo(idx)
        return True

    def set_home_checked(self, checked: bool) -> None:
        self.home_button.setChecked(checked)

    def _home_clicked(self) -> None:
        self.home_button.setChecked(True)
        self.home_requested.emit()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        cid = current.data(IdRole) if current.isValid() else None
        if cid is not None:
            self.home_button.setChecked(False)
        self.client_selected.emit(cid)

    def refresh_client(self, client_id: int) -> None:
        self.model.refresh_client(client_id)
        self._update_count()

    def refresh(self) -> None:
        """Re-read the clients, keeping the selection without announcing it again (the view showing
        the selected client is not reloaded)."""
        current = self.current_client()
        self.model.refresh()
        self._update_count()
        if current is not None:
            row = self.model.row_of(current)
            if row is not None:
                sm = self.list.selectionModel()
                sm.blockSignals(True)
                sm.setCurrentIndex(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
                sm.blockSignals(False)
                self.list.viewport().update()
                self.list.scrollTo(self.model.index(row, 0))

    def clear(self) -> None:
        """The casebook is being locked: drop the model's data and services."""
        self._timer.stop()
        self.list.selectionModel().blockSignals(True)
        self.model.clear()
        self.list.selectionModel().blockSignals(False)
