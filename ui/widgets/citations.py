"""The citations of one record, as a compact strip under a record table.

"Cited:  [Dossier p.143 ¶4 — OASys]  [Psychology report p.12]   Add citation…  Remove" — one click on a
citation (or Enter) opens the document's viewer at the cited page; Delete (or Remove) removes the
selected citation after asking; Add citation… chooses a document and page or reads a typed citation.
A record tab calls :meth:`CitationsStrip.set_record` when its selection changes and :meth:`clear`
when the casebook locks. Citations added from a viewer ("Cite this page…") show up at once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QPushButton, QWidget

from casebook.errors import CasebookError, NotFound
from ui.models.documents import TARGET_LABELS, CitationsModel
from ui.widgets import form
from ui.widgets.form import on_keys


class CitationsStrip(QWidget):
    """``CitationsStrip(services, noun="challenge")``; ``changed`` after an add or a remove."""

    changed = Signal()
    ROWS = 2  #: at most this many lines of citations before the strip scrolls

    def __init__(self, services, parent: QWidget | None = None, *, noun: str = "record") -> None:
        super().__init__(parent)
        self.services = services
        self.noun = noun
        self.client_id: int | None = None
        self.model = CitationsModel(services, self)

        self.title = QLabel("Cited:")
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setModelColumn(0)
        self.list.setAccessibleName(f"Citations of the selected {noun}")
        self.list.setAccessibleDescription("Enter or a click opens the document at the cited page; Delete "
                                           "removes the citation.")
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSpacing(2)
        self.list.setUniformItemSizes(False)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.setFrameShape(QListView.Shape.NoFrame)
        self.list.viewport().setAutoFillBackground(False)
        self.list.setCursor(Qt.CursorShape.PointingHandCursor)
        pal = self.list.palette()
        pal.setColor(QPalette.ColorRole.Text, pal.color(QPalette.ColorRole.Link))
        self.list.setPalette(pal)
        self._line = self.fontMetrics().height() + 10
        self.list.setFixedHeight(self._line + 4)
        self.list.clicked.connect(self._open_index)
        self.list.activated.connect(self._open_index)
        on_keys(self.list, {
            Qt.Key.Key_Delete: self.remove,
            Qt.Key.Key_Backspace: self.remove,
            Qt.Key.Key_Insert: lambda: self.add(),
        })
        self.title.setBuddy(self.list)
        self.empty = QLabel("No pages cited yet.")
        self.empty.setEnabled(False)

        self.add_button = QPushButton("Add citation…")
        self.add_button.setToolTip(f"Cite a document's page on the selected {noun} (Insert in the list)")
        self.add_button.clicked.connect(lambda: self.add())
        self.remove_button = QPushButton("Remove citation")
        self.remove_button.setToolTip("Remove the selected citation (Delete in the list)")
        self.remove_button.clicked.connect(self.remove)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.title, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.list, 1)
        row.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        self.title.setContentsMargins(0, 4, 0, 0)
        self.empty.setContentsMargins(0, 4, 0, 0)
        self.list.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.model.modelReset.connect(self._after_reset)

        from ui.viewer import signals

        signals.cited.connect(self._on_cited)
        self._after_reset()

    def _fit_height(self) -> None:
        """One line of citations, or up to :attr:`ROWS` when they wrap (then the list scrolls)."""
        n = self.model.rowCount()
        if not n:
            return
        self.list.doItemsLayout()
        bottom = self.list.visualRect(self.model.index(n - 1, 0)).bottom() + self.list.verticalOffset()
        rows = max(1, min(self.ROWS, round((bottom + 2) / self._line + 0.49)))
        self.list.setFixedHeight(rows * self._line + 4)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_height()

    # ------------------------------------------------------------------ what is shown
    def set_record(self, client_id: int | None, target: str | None, target_id: int | None) -> None:
        self.client_id = client_id
        try:
            self.model.set_target(target if target_id is not None else None, target_id)
        except NotFound:
            self.model.set_target(None, None)

    def refresh(self) -> None:
        try:
            self.model.refresh()
        except NotFound:
            self.model.set_target(None, None)

    def clear(self) -> None:
        self.client_id = None
        self.model.clear()

    def labels(self) -> list[str]:
        return [self.model.index(r, 0).data() for r in range(self.model.rowCount())]

    def _after_reset(self) -> None:
        has = self.model.rowCount() > 0
        self.list.setVisible(has)
        self._fit_height()
        self.empty.setVisible(not has)
        noun = TARGET_LABELS.get(self.model.target or "", self.noun).lower()
        self.empty.setText(f"No pages cited on this {noun} yet." if self.model.target_id is not None
                           else "")
        self._buttons()

    def _buttons(self) -> None:
        self.add_button.setEnabled(self.model.target_id is not None and self.client_id is not None)
        self.remove_button.setEnabled(self.current_row() >= 0)

    def current_row(self) -> int:
        rows = self.list.selectionModel().selectedIndexes()
        return rows[0].row() if rows else -1

    def _on_cited(self, target: str, target_id: int) -> None:
        if target == self.model.target and target_id == self.model.target_id:
            self.refresh()

    # ------------------------------------------------------------------ actions
    def _open_index(self, index) -> None:
        if index.isValid():
            self.open(index.row())

    def open(self, row: int | None = None):
        """Open the cited page (row ``row``, or the selected citation)."""
        from ui import viewer

        row = self.current_row() if row is None else row
        c = self.model.citation(row) if row is not None and row >= 0 else None
        if c is None:
            return None
        try:
            return viewer.open_document(self.services, c.document_id, c.page, parent=self,
                                        cite_context=(self.model.target, self.model.target_id))
        except CasebookError as exc:
            form.inform(self, "Document not opened", exc.message[:1].upper() + exc.message[1:])
            return None

    def add(self) -> int | None:
        from ui.dialogs.citation_dialog import AddCitationDialog

        if self.model.target_id is None or self.client_id is None:
            return None
        dlg = AddCitationDialog(self.services, self.client_id, self.model.target, self.model.target_id,
                                parent=self)
        if form.run_dialog(dlg) and dlg.saved_id is not None:
            self.refresh()
            row = self.model.row_of(dlg.saved_id)
            if row >= 0:
                self.list.setCurrentIndex(self.model.index(row, 0))
            self.changed.emit()
            return dlg.saved_id
        return None

    def remove(self) -> bool:
        row = self.current_row()
        c = self.model.citation(row) if row >= 0 else None
        if c is None:
            return False
        noun = TARGET_LABELS.get(self.model.target or "", self.noun).lower()
        if not form.confirm(self, "Remove citation", f"Remove the citation “{c.label}” from this {noun}?\n\n"
                            "The document itself stays.", yes="Remove"):
            return False
        try:
            self.services.citations.remove(c.id)
        except NotFound:
            pass
        self.refresh()
        self.changed.emit()
        return True


def stacked(top: QWidget, strip: CitationsStrip, *extra: QWidget) -> QWidget:
    """``top`` (a table) with the citations strip under it (and any ``extra`` widgets under that)."""
    from PySide6.QtWidgets import QVBoxLayout

    box = QWidget()
    v = QVBoxLayout(box)
    v.setContentsMargins(0, 0, 0, 0)
    v.setSpacing(4)
    v.addWidget(top, 1)
    v.addWidget(strip)
    for w in extra:
        v.addWidget(w)
    return box


__all__ = ["CitationsStrip", "stacked"]
