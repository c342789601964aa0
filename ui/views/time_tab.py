"""A matter's Time tab (issue 14): the work recorded on it, its legal aid and the fee meter.

Left, the time entries (:class:`~ui.models.time_model.TimeModel`): Insert (or Ctrl+T anywhere on a
matter screen) records time, Enter edits, Delete removes after a confirmation. Right, the legal aid:
the UFN and fee scheme, the means (CRM1) and CRM3, the classes of work opened and closed, CRM4 prior
authorities with their estimates; and the **meter** per class (:mod:`ui.widgets.fee_meter`), with the
rates dialog a button away when a rate is missing. Everything goes through ``svc.time`` and
``svc.legal_aid``; dialogs validate there and save nothing on an error.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.domain.dates import format_date
from casebook.errors import BadInput, CasebookError, NotFound
from casebook.legal_aid.schemes import CLASSES
from ui.dialogs.legal_aid_dialog import ClassDialog, Crm4Dialog, LegalAidDialog
from ui.dialogs.rates_dialog import RatesDialog
from ui.dialogs.time_dialog import TimeEntryDialog
from ui.models.time_model import TimeModel, minutes_text, pounds
from ui.views.record_tab import select_id, selected_id
from ui.widgets import form
from ui.widgets.columns import ColumnPolicy
from ui.widgets.fee_meter import FeeMeter
from ui.widgets.form import action_button, on_keys, table_defaults, value_label

ADD_SHORTCUT = "Ctrl+T"




class TimeTab(QWidget):
    """``TimeTab(services)``; :meth:`set_matter` with a matter id (or None)."""

    changed = Signal()

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.matter_id: int | None = None
        self.setAccessibleName("Time and legal aid")

        # ---------------------------------------------------------------- time entries
        self.model = TimeModel(services, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Time entries")
        table_defaults(self.table)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        # The fee earner is in each row's tooltip and the dialog: the matter view is narrow at 1366×768.
        self.table.setColumnHidden(self.model.columns.index(("fee_earner", "Fee earner")), True)
        ColumnPolicy(self.table, "time_entries", main="description", main_share=0.25,
                     caps={"fee_earner": 120})  # activity, time and units: exactly their content
        self.table.doubleClicked.connect(lambda _i: self.edit_time())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        on_keys(self.table, {Qt.Key.Key_Insert: self.add_time, Qt.Key.Key_Return: self.edit_time,
                             Qt.Key.Key_Enter: self.edit_time, Qt.Key.Key_Delete: self.delete_time})
        self.add_button = action_button("Record time…", f"Record time on this matter ({ADD_SHORTCUT})",
                                        self.add_time)
        self.edit_button = action_button("Edit…", "Change the selected entry (Enter)", self.edit_time)
        self.delete_button = action_button("Delete…", "Delete the selected entry (Delete)", self.delete_time)
        self.totals = QLabel()
        self.totals.setAccessibleName("Totals")
        self.totals.setWordWrap(True)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        bar.addStretch(1)
        lv.addLayout(bar)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.totals)

        # ---------------------------------------------------------------- legal aid
        self.la_box = QGroupBox("Legal aid")
        self.details: dict[str, QLabel] = {}
        grid = QFormLayout()
        grid.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key, label in (("ufn", "UFN"), ("scheme", "Scheme"), ("fee_earner", "Fee earner"),
                           ("crm1", "CRM1 / means"), ("crm3", "CRM3")):
            v = value_label()
            v.setAccessibleName(label)
            self.details[key] = v
            grid.addRow(label + ":", v)
        self.la_button = action_button("Legal aid details…", "UFN, fee earner, means (CRM1) and CRM3",
                                       self.edit_legal_aid)
        lav = QVBoxLayout(self.la_box)
        lav.addLayout(grid)
        row = QHBoxLayout()
        row.addWidget(self.la_button)
        row.addStretch(1)
        lav.addLayout(row)

        self.class_box = QGroupBox("Classes of work")
        self.classes = QListWidget()
        self.classes.setAccessibleName("Classes of work")
        self.classes.itemActivated.connect(lambda _i: self.edit_class())
        self.classes.setMaximumHeight(self.classes.fontMetrics().lineSpacing() * 4 + 12)
        self.classes.setWordWrap(True)
        self.classes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.open_class_button = action_button("Open class…", "Open a class of work (PRIA … PRIE)",
                                               self.open_class)
        self.edit_class_button = action_button(
            "Close / edit…", "Close the selected class, or change its dates", self.edit_class)
        self.crm4 = QLabel()
        self.crm4.setWordWrap(True)
        self.crm4.setAccessibleName("Prior authorities (CRM4)")
        self.crm4_button = action_button("CRM&4 prior authority…", "An expert, with the estimate (CRM4)",
                                         self.add_crm4)
        cv = QVBoxLayout(self.class_box)
        cv.addWidget(self.classes)
        row = QHBoxLayout()
        for b in (self.open_class_button, self.edit_class_button):
            row.addWidget(b)
        row.addStretch(1)
        cv.addLayout(row)
        cv.addWidget(self.crm4)
        row = QHBoxLayout()
        row.addWidget(self.crm4_button)
        row.addStretch(1)
        cv.addLayout(row)

        self.meter = FeeMeter()
        self.meter.rates_requested.connect(self.edit_rates)
        self.meter_scroll = QScrollArea()
        self.meter_scroll.setWidgetResizable(True)
        self.meter_scroll.setWidget(self.meter)
        self.meter_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.meter_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.meter_scroll.setAccessibleName("Fee meter")

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 4, 0)
        rv.addWidget(self.la_box)
        rv.addWidget(self.class_box)
        rv.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(right)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        split.setSizes([500, 270])
        self.splitter = split
        # The meter on top, across the tab: what the work so far means for the fee, at a glance.
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(self.meter_scroll)
        outer.addWidget(split)
        outer.setStretchFactor(0, 1)
        outer.setStretchFactor(1, 3)
        outer.setChildrenCollapsible(False)
        self.vsplit = outer
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(outer)
        self.set_matter(None)

    # ------------------------------------------------------------------ contract
    def set_matter(self, matter_id: int | None) -> None:
        self.matter_id = matter_id
        self.refresh()

    def refresh(self) -> None:
        if self.matter_id is None:
            self.model.clear()
            for v in self.details.values():
                v.clear()
            self.classes.clear()
            self.crm4.clear()
            self.meter.set_fees([], "")
            self.totals.clear()
            self._update_actions()
            return
        keep = selected_id(self.table, self.model)
        try:
            self.model.set_matter(self.matter_id)
        except NotFound:
            self.matter_id = None
            self.refresh()
            return
        if keep is not None:
            select_id(self.table, self.model, keep)
        self._show_totals()
        self._show_legal_aid()
        self._update_actions()

    def clear(self) -> None:
        self.set_matter(None)

    # ------------------------------------------------------------------ showing
    def _show_totals(self) -> None:
        t = self.services.time.totals(self.matter_id)
        mins = sum(t["minutes"].values())
        items = sum(t["items"].values())
        text = f"{minutes_text(mins)} recorded ({t['units']} units of {self.services.time.unit_minutes()} " \
               f"minutes)" if mins else "No time recorded yet."
        if items:
            text += f"; {items} routine item{'s' if items != 1 else ''}"
        self.totals.setText(text)

    def _show_legal_aid(self) -> None:
        la_svc = self.services.legal_aid
        la = la_svc.for_matter(self.matter_id)
        d = self.details
        d["ufn"].setText(la.ufn if la and la.ufn else "Not set: press “Legal aid details…”")
        scheme = la_svc.scheme_for(self.matter_id)
        d["scheme"].setText(scheme.name if scheme else "—")
        d["fee_earner"].setText((la.fee_earner if la else "") or "—")
        if la is not None:
            means = []
            if la.crm1_signed_on:
                means.append(f"CRM1 signed {format_date(la.crm1_signed_on)}")
            if la.means_passported is not None:
                means.append("passported" if la.means_passported else "not passported")
            if la.means_weekly_income is not None:
                means.append(f"income {pounds(la.means_weekly_income / 100)} a week")
            if la.means_capital is not None:
                means.append(f"capital {pounds(la.means_capital / 100)}")
            d["crm1"].setText(", ".join(means) or "—")
            crm3 = []
            if la.crm3_applied_on:
                crm3.append(f"applied {format_date(la.crm3_applied_on)}")
            if la.crm3_granted_on:
                crm3.append(f"granted {format_date(la.crm3_granted_on)}")
            if la.crm3_reference:
                crm3.append(f"ref. {la.crm3_reference}")
            d["crm3"].setText(", ".join(crm3) or "—")
        else:
            d["crm1"].setText("—")
            d["crm3"].setText("—")
        self.classes.clear()
        for c in la_svc.classes(self.matter_id):
            closed = f", closed {format_date(c.closed_on)}" if c.closed_on else " (open)"
            item = QListWidgetItem(f"{c.code}: opened {format_date(c.opened_on)}{closed}")
            item.setToolTip(f"{c.code} — {CLASSES.get(c.code, c.code)}")
            item.setData(Qt.ItemDataRole.UserRole, c.code)
            self.classes.addItem(item)
        if self.classes.count():
            self.classes.setCurrentRow(self.classes.count() - 1)
        pas = la_svc.prior_authorities(self.matter_id)
        lines = []
        for pa in pas:
            try:
                est = la_svc.crm4_estimate(pa)
                within = "within the auto-grant limits" if est.within_auto_grant else \
                    "over the auto-grant limits: " + "; ".join(est.reasons)
                lines.append(f"CRM4 {pa.expert_name or pa.expert}: {pa.hours} h at £{pa.hourly_rate} — "
                             f"estimate {pounds(est.total)}, {within}")
            except (ValueError, CasebookError):
                lines.append(f"CRM4 {pa.expert_name or pa.expert}: {pa.hours} h at £{pa.hourly_rate}")
        self.crm4.setText("\n".join(lines))
        self.crm4.setVisible(bool(lines))
        if la is None or not la.ufn:
            fees, message = [], "Set the UFN (Legal aid details…) and open a class of work to see the fee."
        else:
            try:
                fees = la_svc.all_fees(self.matter_id)
                message = "" if fees else "Open a class of work to see the fee and the meter."
            except BadInput as exc:
                fees, message = [], exc.message[:1].upper() + exc.message[1:]
        self.meter.set_fees(fees, message)
        self._fit_meter()

    def _fit_meter(self) -> None:
        """The meter takes the height it needs, up to half the tab (then it scrolls)."""
        self.meter.adjustSize()
        want = self.meter.sizeHint().height() + 2
        total = sum(self.vsplit.sizes()) or max(self.height(), 400)
        top = min(want, max(110, total // 2))
        self.vsplit.setSizes([top, max(total - top, 200)])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_meter()

    def _update_actions(self) -> None:
        has_matter = self.matter_id is not None
        has_row = selected_id(self.table, self.model) is not None
        for b in (self.add_button, self.la_button, self.open_class_button, self.crm4_button):
            b.setEnabled(has_matter)
        self.edit_button.setEnabled(has_row)
        self.delete_button.setEnabled(has_row)
        self.edit_class_button.setEnabled(has_matter and self.classes.count() > 0)

    def _saved(self) -> None:
        self.refresh()
        self.changed.emit()

    # ------------------------------------------------------------------ actions
    def add_time(self, activity: str = "preparation") -> int | None:
        if self.matter_id is None:
            return None
        dlg = TimeEntryDialog(self.services, self.matter_id, activity=activity, parent=self)
        if form.run_dialog(dlg) and dlg.saved_id is not None:
            self._saved()
            select_id(self.table, self.model, dlg.saved_id)
            return dlg.saved_id
        return None

    def edit_time(self) -> None:
        eid = selected_id(self.table, self.model)
        if eid is None:
            return
        try:
            dlg = TimeEntryDialog(self.services, self.matter_id, eid, parent=self)
        except NotFound:
            self.refresh()
            return
        if form.run_dialog(dlg):
            self._saved()
            if dlg.saved_id is not None:  # the same entry, or its replacement (minutes → items)
                select_id(self.table, self.model, dlg.saved_id)

    def delete_time(self) -> None:
        eid = selected_id(self.table, self.model)
        if eid is None:
            return
        row = self.model.row_of(eid)
        what = f"{self.model.index(row, 1).data()} on {self.model.index(row, 0).data()}"
        if not form.confirm(self, "Delete time",
                            f"Delete the time entry “{what}”?\n\nThis cannot be undone."):
            return
        try:
            self.services.time.remove(eid)
        except NotFound:
            pass
        self._saved()

    def edit_legal_aid(self) -> None:
        if self.matter_id is None:
            return
        if form.run_dialog(LegalAidDialog(self.services, self.matter_id, parent=self)):
            self._saved()

    def open_class(self) -> None:
        if self.matter_id is None:
            return
        if form.run_dialog(ClassDialog(self.services, self.matter_id, parent=self)):
            self._saved()

    def edit_class(self) -> None:
        item = self.classes.currentItem()
        if self.matter_id is None or item is None:
            return
        if form.run_dialog(ClassDialog(self.services, self.matter_id, item.data(Qt.ItemDataRole.UserRole),
                                       parent=self)):
            self._saved()

    def add_crm4(self) -> None:
        if self.matter_id is None:
            return
        if form.run_dialog(Crm4Dialog(self.services, self.matter_id, parent=self)):
            self._saved()

    def edit_rates(self, scheme_id: str = "") -> None:
        if form.run_dialog(RatesDialog(self.services, scheme_id or None, parent=self)):
            self._saved()


__all__ = ["ADD_SHORTCUT", "TimeTab"]
