"""The month's legal-aid claims (issue 14): View ▸ Monthly claims (Ctrl+4).

Choose a month: every class of work closed in it, with what to claim (``svc.legal_aid.claims``), in a
table (:class:`~ui.models.time_model.ClaimsModel`); a claim that could not be worked out (no UFN, no
rates, a class the scheme does not have) is drawn in the error colour and said in words under the
table. The selected claim's working is shown below it. **Export CSV…** writes the columns for the LAA's
crime-lower monthly submission and **Export Word summary…** a printable A4 summary with the working;
both ask where, never replace a file without asking, and run off the GUI thread (:mod:`ui.workers`).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.domain.dates import month_year
from casebook.errors import CasebookError
from ui import workers
from ui.models.time_model import ClaimsModel, desktop_words, pounds
from ui.widgets import MessageLabel, export_notice, form
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import table_defaults

CSV_FILTER = "CSV file (*.csv)"
DOCX_FILTER = "Word document (*.docx)"
MONTHS_SHOWN = 24
_last_folder: str = ""  # this session only


def choose_save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str:
    """Where to save ("" if cancelled). Casebook itself asks before replacing a file (one question,
    whatever the platform's dialog does). Tests replace this function."""
    folder = _last_folder or str(Path.home())
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / suggested), file_filter,
                                          options=QFileDialog.Option.DontConfirmOverwrite)
    return path


def months_before(today: _dt.date, n: int = MONTHS_SHOWN) -> list[tuple[str, str]]:
    """(``YYYY-MM``, "November 2026") for this month and the ``n - 1`` before it, newest first."""
    out = []
    y, m = today.year, today.month
    for _ in range(n):
        out.append((f"{y:04d}-{m:02d}", month_year(_dt.date(y, m, 1))))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out


class ClaimsView(QWidget):
    """``ClaimsView(services)``: :meth:`set_month` ("YYYY-MM"), :meth:`export_csv`, :meth:`export_docx`."""

    leave_requested = Signal()
    rates_requested = Signal()

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setAccessibleName("Monthly claims")
        self.job: workers.Job | None = None
        self.last_written = ""

        title = QLabel("Legal-aid claims")
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.25)
        f.setBold(True)
        title.setFont(f)
        month_label = QLabel("&Month:")
        self.month = QComboBox()
        self.month.setAccessibleName("Month")
        month_label.setBuddy(self.month)
        for code, label in months_before(services.clock.today()):
            self.month.addItem(label, code)
        self.month.currentIndexChanged.connect(lambda _i: self.refresh())
        self.back_button = QPushButton("Back")
        self.back_button.clicked.connect(lambda _c=False: self.leave_requested.emit())
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(month_label)
        top.addWidget(self.month)
        top.addStretch(1)
        top.addWidget(self.back_button)

        self.explain = QLabel("A claim is listed in the month its class of work was closed (Time & legal "
                              "aid tab on the matter).")
        self.explain.setWordWrap(True)
        self.explain.setEnabled(False)

        self.model = ClaimsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Claims")
        table_defaults(self.table)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        ColumnPolicy(self.table, "legal_aid_claims", main="problem", main_share=0.2,
                     caps={"client": 240, "status": 180})
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_working())
        self.working = QPlainTextEdit()
        self.working.setReadOnly(True)
        self.working.setAccessibleName("The claim's working")
        self.working.setPlaceholderText("Select a claim to see how it was worked out.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.working)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Summary")
        self.problems = MessageLabel()
        self.problems.setAccessibleName("Problems")
        self.message = MessageLabel()

        self.csv_button = QPushButton("Export &CSV…")
        self.csv_button.setToolTip("The month's claims as CSV, in the columns for the LAA's crime-lower "
                                   "monthly submission")
        self.csv_button.clicked.connect(lambda _c=False: self.export_csv())
        self.docx_button = QPushButton("Export &Word summary…")
        self.docx_button.setToolTip("A printable A4 summary of the month's claims with the working")
        self.docx_button.clicked.connect(lambda _c=False: self.export_docx())
        self.rates_button = QPushButton("Hourly &rates…")
        self.rates_button.clicked.connect(lambda _c=False: self.rates_requested.emit())
        buttons = QHBoxLayout()
        for b in (self.csv_button, self.docx_button, self.rates_button):
            buttons.addWidget(b)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.explain)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------ the month
    def current_month(self) -> str:
        return self.month.currentData()

    def set_month(self, month: str) -> None:
        i = self.month.findData(month)
        if i < 0:
            y, m = map(int, month.split("-"))
            self.month.addItem(month_year(_dt.date(y, m, 1)), month)
            i = self.month.count() - 1
        if i == self.month.currentIndex():
            self.refresh()
        else:
            self.month.setCurrentIndex(i)

    def refresh(self) -> None:
        self.message.clear_message()
        try:
            rows = self.services.legal_aid.claims(self.current_month())
        except CasebookError as exc:
            self.model.clear()
            self.summary.setText("")
            self.problems.show_message(exc.message[:1].upper() + exc.message[1:])
            return
        self.model.set_month(rows)
        n = len(rows)
        label = self.month.currentText()
        if n == 0:
            self.summary.setText(f"No class of work was closed in {label}: nothing to claim.")
        else:
            self.summary.setText(f"{n} claim{'s' if n != 1 else ''} closed in {label}; "
                                 f"{pounds(self.model.total_claim())} to claim in all.")
        bad = [r for r in rows if r.get("problem")]
        if bad:
            lines = [f"{r.get('ufn') or 'No UFN'} ({r.get('client')}, {r.get('class')}): "
                     f"{desktop_words(r['problem'])}" for r in bad]
            self.problems.show_message(f"{len(bad)} claim{'s' if len(bad) != 1 else ''} could not be worked "
                                       "out (shown in red):\n" + "\n".join(lines))
        else:
            self.problems.clear_message()
        self.csv_button.setEnabled(n > 0)
        self.docx_button.setEnabled(n > 0)
        if n:
            self.table.selectRow(0)
        self._show_working()

    def _show_working(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        r = self.model.row_at(rows[0].row()) if rows else None
        if r is None:
            self.working.clear()
            return
        if r.get("problem"):
            self.working.setPlainText(f"Not worked out: {desktop_words(r['problem'])}")
        else:
            self.working.setPlainText("\n".join(r.get("_working") or []))

    def clear(self) -> None:
        self.model.clear()
        self.working.clear()

    # ------------------------------------------------------------------ exports
    def _target(self, chosen: str, suffix: str) -> tuple[Path, bool] | None:
        global _last_folder
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        _last_folder = str(path.parent)
        if not path.exists():
            return path, False
        if form.confirm(self, "Replace file",
                        f"“{path.name}” already exists in {path.parent}.\n\nReplace it?", yes="Replace"):
            return path, True
        self.message.show_message(f"Nothing was written: “{path.name}” is already there and was kept.",
                                  "info")
        return None

    def export_csv(self, chosen: str | None = None) -> workers.Job | None:
        return self._export("csv", chosen)

    def export_docx(self, chosen: str | None = None) -> workers.Job | None:
        return self._export("docx", chosen)

    def _export(self, kind: str, chosen: str | None) -> workers.Job | None:
        self.message.clear_message()
        if self.job is not None and self.job.outcome is None:
            return None
        if not export_notice.before_export(self, self.services):
            return None
        month = self.current_month()
        suffix = ".csv" if kind == "csv" else ".docx"
        if chosen is None:
            what = "claims" if kind == "csv" else "claims summary"
            chosen = choose_save_path(self, "Export the month's claims to", f"{what} {month}{suffix}",
                                      CSV_FILTER if kind == "csv" else DOCX_FILTER)
        if not chosen:
            return None
        target = self._target(chosen, suffix)
        if target is None:
            return None
        out, overwrite = target
        services = self.services
        la = services.legal_aid
        export = la.export_claims_csv if kind == "csv" else la.export_claims_docx

        def work(progress, cancelled):
            with services.cb.lock:
                return export(month, out, overwrite=overwrite)

        self.csv_button.setEnabled(False)
        self.docx_button.setEnabled(False)
        job = workers.run_with_progress(work, title="Exporting the claims", label="Writing the claims…",
                                        parent=self, cancellable=False, name="claims-export")
        job.succeeded.connect(lambda result: self._written(result, kind))
        job.failed.connect(lambda msg: self.message.show_message(
            "Nothing was written: " + msg[:1].lower() + msg[1:]))
        job.ended.connect(self._export_ended)
        self.job = job
        return job

    def _written(self, result: dict, kind: str) -> None:
        self.last_written = result["path"]
        what = "CSV" if kind == "csv" else "Word summary"
        n = result["rows"]
        self.message.show_message(f"{what} written: {n} claim{'s' if n != 1 else ''} to {result['path']}. "
                                  "It is not encrypted: keep it safe.", "ok")

    def _export_ended(self) -> None:
        n = self.model.rowCount()
        self.csv_button.setEnabled(n > 0)
        self.docx_button.setEnabled(n > 0)


__all__ = ["ClaimsView", "choose_save_path", "months_before"]
