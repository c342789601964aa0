"""The Risk tab: a client's risk assessments, their risk factors, and the trend of each predictor.

The assessments table lists date, tool, author, the highest RoSH level and the scores with their
bands; where the band printed on the report differs from the band the published thresholds give,
the "Band check" column says so calmly and the line under the table gives the band engine's
sentence for each score of the selected assessment. Insert adds an assessment (dated today, OASys),
Enter edits, Delete deletes after a confirmation (RecordTab's keys). Beside the factors list (add and
delete), the trend chart draws each predictor across the assessments with the change of generation
marked.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.errors import NotFound
from ui.dialogs.assessment_dialog import AssessmentDialog
from ui.dialogs.factor_dialog import FactorDialog
from ui.models.risk_models import AssessmentsModel, FactorsModel, label_of, trend_series
from ui.views.record_tab import RecordTab, add_with, selected_id
from ui.widgets import form
from ui.widgets.citations import CitationsStrip
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import on_keys, table_defaults
from ui.widgets.risk_trend import RiskTrend

NO_FACTORS_TEXT = ("No risk factors yet. Add those the assessments name (Add risk factor…, or Insert in the "
                   "list); the Evidence tab then sets evidence of change against each.")

class RiskTab(RecordTab):
    noun = "assessment"
    table_name = "Risk assessments"
    column_table = "risk_assessments"
    main_column = "scores"
    column_caps = {"author": 170, "tool": 140, "check": 170}  # noqa: RUF012
    add_text = "&Add assessment…"
    default_row = "last"  # the latest assessment

    def __init__(self, services, parent: QWidget | None = None) -> None:
        self.detail = QLabel()
        self.factors_model = FactorsModel(services)
        self.factors = QTableView()
        self.trend = RiskTrend()
        self.add_factor_button = QPushButton("Add ris&k factor…")
        self.delete_factor_button = QPushButton("De&lete factor…")
        self.citations = CitationsStrip(services, noun="assessment")
        self.no_factors = QLabel(NO_FACTORS_TEXT)
        super().__init__(services, AssessmentsModel(services), parent)
        self.model.setParent(self)
        self.factors_model.setParent(self)
        self.fit_columns()

        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName("Selected assessment's scores and bands")

        self.factors.setModel(self.factors_model)
        self.factors.setAccessibleName("Risk factors")
        table_defaults(self.factors)
        self.factors.setWordWrap(False)
        self.factors.verticalHeader().hide()
        ColumnPolicy(self.factors, "risk_factors", main="name", caps={"named_in": 200})
        self.factors.selectionModel().selectionChanged.connect(lambda *_: self._factor_buttons())
        self.factors_model.modelReset.connect(self._factor_buttons)
        on_keys(self.factors, {
            Qt.Key.Key_Insert: self.add_factor,
            Qt.Key.Key_Delete: self.delete_factor,
            Qt.Key.Key_Backspace: self.delete_factor,
        })
        self.add_factor_button.setToolTip("Add a risk factor named in the assessments (Insert in the list)")
        self.add_factor_button.clicked.connect(self.add_factor)
        self.delete_factor_button.setToolTip("Delete the selected risk factor (Delete in the list)")
        self.delete_factor_button.clicked.connect(self.delete_factor)
        self._factor_buttons()

    def body(self, table: QTableView) -> QWidget:
        top = QWidget()
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(table, 1)
        tv.addWidget(self.citations)
        tv.addWidget(self.detail)

        factors = QWidget()
        fv = QVBoxLayout(factors)
        fv.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        title = QLabel("Risk factors")
        title.setBuddy(self.factors)
        bar.addWidget(title)
        bar.addStretch(1)
        bar.addWidget(self.add_factor_button)
        bar.addWidget(self.delete_factor_button)
        fv.addLayout(bar)
        fv.addWidget(self.factors, 1)
        # An empty white box said nothing: what goes here, and what it is for.
        self.no_factors.setWordWrap(True)
        self.no_factors.setEnabled(False)  # quiet: the palette's disabled text colour
        self.no_factors.setAccessibleName("No risk factors yet")
        self.no_factors.hide()
        fv.addWidget(self.no_factors)

        trend = QWidget()
        cv = QVBoxLayout(trend)
        cv.setContentsMargins(0, 0, 0, 0)
        cv.addWidget(QLabel("Trend across assessments"))
        cv.addWidget(self.trend, 1)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(factors)
        lower.addWidget(trend)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 1)
        lower.setChildrenCollapsible(False)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(lower)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        return split

    # ------------------------------------------------------------------ showing
    def load(self) -> None:
        super().load()
        self._load_rest()

    def refresh(self) -> None:
        super().refresh()
        self._load_rest()

    def clear(self) -> None:
        super().clear()
        self.factors_model.clear()
        self.trend.clear()
        self.detail.clear()
        self.citations.clear()

    def _load_rest(self) -> None:
        try:
            self.factors_model.set_client(self.client_id)
        except NotFound:
            self.factors_model.clear()
        series, change = trend_series(self.model.rows())
        self.trend.set_series(series, change)

    def empty_text(self) -> str:
        return "No risk assessments yet. Press Insert to add one." \
            if self.client_id is not None and self.model.rowCount() == 0 else ""

    def on_selected(self, record_id: int | None) -> None:
        self.citations.set_record(self.client_id, "assessment", record_id)
        if record_id is None:
            self.detail.clear()
            self.detail.hide()
            return
        r = self.model.record(self.model.row_of(record_id))
        text = r.detail() if r is not None else ""
        self.detail.setText(text)
        self.detail.setVisible(bool(text))

    # ------------------------------------------------------------------ the records
    def new_dialog(self, **_kwargs) -> AssessmentDialog:
        return AssessmentDialog(self.services, self.client_id, parent=self)

    def edit_dialog(self, record_id: int) -> AssessmentDialog:
        return AssessmentDialog(self.services, self.client_id, assessment_id=record_id, parent=self)

    def delete_record(self, record_id: int) -> None:
        self.services.assessments.delete(record_id)

    def confirm_delete_text(self, row: int) -> tuple[str, str]:
        r = self.model.record(row)
        what = label_of("tool", r.assessment.tool) if r is not None else "assessment"
        when = self.model.data(self.model.index(row, 0))
        return ("Delete assessment", f"Delete the {what} assessment of {when}, with its RoSH levels and "
                "scores?\n\nThis cannot be undone.")

    # ------------------------------------------------------------------ risk factors
    def selected_factor(self) -> int | None:
        return selected_id(self.factors, self.factors_model)

    def _factor_buttons(self) -> None:
        self.no_factors.setVisible(self.client_id is not None and self.factors_model.rowCount() == 0)
        self.add_factor_button.setEnabled(self.client_id is not None)
        self.delete_factor_button.setEnabled(self.selected_factor() is not None)

    def add_factor(self) -> int | None:
        if self.client_id is None:
            return None
        saved = add_with(FactorDialog(self.services, self.client_id, parent=self), self.refresh,
                         self.factors, self.factors_model)
        if saved is not None:
            self.changed.emit()
        return saved

    def delete_factor(self) -> None:
        fid = self.selected_factor()
        if fid is None:
            return
        f = self.factors_model.record(self.factors_model.row_of(fid))
        name = f.name if f is not None else "this risk factor"
        if not form.confirm(self, "Delete risk factor",
                            f"Delete the risk factor “{name}” and its links to assessments and evidence?"
                            "\n\nThis cannot be undone."):
            return
        try:
            self.services.risk_factors.delete(fid)
        except NotFound:
            pass
        self.refresh()
        self.changed.emit()


__all__ = ["RiskTab"]
