"""The Evidence tab: a client's evidence of risk reduction, and the risk-factor ↔ evidence matrix.

The list gives date, kind, title, source, page and the risk factors each item addresses; Insert adds
an item (dated today), Enter edits, Delete deletes after a confirmation (RecordTab's keys). Under it,
the matrix: a row per risk factor in the order the Parole Board reads a case (past, present, future,
as the service returns them), a column per item of evidence; a factor no evidence addresses is
shaded and says so. Double-click or Enter on a cell opens that item of evidence.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from casebook.errors import NotFound
from ui.dialogs.evidence_dialog import EvidenceDialog
from ui.models.base import IdRole
from ui.models.risk_models import EvidenceModel, MatrixModel, label_of
from ui.views.record_tab import RecordTab
from ui.widgets.citations import CitationsStrip, stacked
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import on_keys


class EvidenceTab(RecordTab):
    noun = "item of evidence"
    table_name = "Evidence"
    column_table = "evidence"
    main_column = "title"
    column_caps = {"kind": 190, "source": 170, "factors": 240}  # noqa: RUF012
    add_text = "&Add evidence…"

    def __init__(self, services, parent: QWidget | None = None) -> None:
        self.matrix_model = MatrixModel(services)
        self.matrix = QTableView()
        self.gap_note = QLabel()
        self.citations = CitationsStrip(services, noun="item of evidence")
        super().__init__(services, EvidenceModel(services), parent)
        self.model.setParent(self)
        self.matrix_model.setParent(self)
        self.add_button.setToolTip("Add an item of evidence (Insert)")
        self.fit_columns()

        self.matrix.setModel(self.matrix_model)
        self.matrix.setAccessibleName("Risk factors and evidence")
        self.matrix.setAccessibleDescription("Rows are risk factors, past, present and future; columns are "
                                             "items of evidence; a marked cell means the item addresses the "
                                             "factor. Enter opens the item.")
        self.matrix.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.matrix.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.matrix.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.matrix.setTabKeyNavigation(False)
        self.matrix.setWordWrap(False)
        self.matrix.verticalHeader().hide()
        self.matrix.horizontalHeader().setHighlightSections(False)
        self.matrix.doubleClicked.connect(self.open_cell)
        on_keys(self.matrix, {
            Qt.Key.Key_Return: lambda: self.open_cell(self.matrix.currentIndex()),
            Qt.Key.Key_Enter: lambda: self.open_cell(self.matrix.currentIndex()),
        })
        ColumnPolicy(self.matrix, "risk_matrix", main="factor", main_share=0.25)
        self.gap_note.setWordWrap(True)
        self.gap_note.setTextFormat(Qt.TextFormat.PlainText)
        self.gap_note.setAccessibleName("Risk factors without evidence")
        self._on_selection()

    def body(self, table: QTableView) -> QWidget:
        lower = QWidget()
        v = QVBoxLayout(lower)
        v.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Risk factors and the evidence that addresses them (past, present, future)")
        title.setBuddy(self.matrix)
        v.addWidget(title)
        v.addWidget(self.matrix, 1)
        v.addWidget(self.gap_note)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(stacked(table, self.citations))
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        return split

    # ------------------------------------------------------------------ showing
    def load(self) -> None:
        super().load()
        self._load_matrix()

    def refresh(self) -> None:
        super().refresh()
        self._load_matrix()

    def clear(self) -> None:
        super().clear()
        self.citations.clear()
        self.matrix_model.clear()
        self.gap_note.clear()

    def _load_matrix(self) -> None:
        try:
            self.matrix_model.set_client(self.client_id)
        except NotFound:
            self.matrix_model.clear()
        gaps = self.matrix_model.gaps()
        if self.client_id is not None and self.matrix_model.rowCount() == 0:
            self.gap_note.setText("No risk factors yet: add them on the Risk tab, then link evidence.")
        elif gaps:
            self.gap_note.setText("No evidence yet for: " + ", ".join(gaps) + ".")
        else:
            self.gap_note.clear()
        self.gap_note.setVisible(bool(self.gap_note.text()))

    def empty_text(self) -> str:
        return "No evidence yet. Press Insert to add an item." \
            if self.client_id is not None and self.model.rowCount() == 0 else ""

    def on_selected(self, record_id: int | None) -> None:
        self.citations.set_record(self.client_id, "evidence", record_id)

    def open_cell(self, index) -> int | None:
        """Open the item of evidence of the matrix cell ``index`` (nothing for the factor column)."""
        if not index.isValid() or index.column() == 0:
            return None
        eid = index.data(IdRole)
        if eid is None or not self.select(eid):
            return None
        self.edit()
        return eid

    # ------------------------------------------------------------------ the records
    def new_dialog(self, **_kwargs) -> EvidenceDialog:
        return EvidenceDialog(self.services, self.client_id, parent=self)

    def edit_dialog(self, record_id: int) -> EvidenceDialog:
        return EvidenceDialog(self.services, self.client_id, evidence_id=record_id, parent=self)

    def delete_record(self, record_id: int) -> None:
        self.services.evidence.delete(record_id)

    def confirm_delete_text(self, row: int) -> tuple[str, str]:
        e = self.model.record(row)
        what = f"“{e.title}” ({label_of('evidence_kind', e.kind).lower()})" if e is not None else "this item"
        when = self.model.data(self.model.index(row, 0))
        return ("Delete evidence",
                f"Delete {what} of {when} and its links to risk factors?\n\nThis cannot be undone.")


__all__ = ["EvidenceTab"]
