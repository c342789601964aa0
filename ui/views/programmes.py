"""The Programmes tab: the programme-access log of a client's referrals to accredited programmes.

Each referral with the programme, when it was made, its current status, since when and the reason
given; the selected referral's full history under it. Insert ("New referral…") refers the client to a
programme from the catalogue (a searchable combo), Enter or "Change status…" records the next status,
offering only those the sequence allows after the current one; Delete deletes the referral and its
history after a confirmation (RecordTab's keys).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from casebook.risk import vocab
from ui.dialogs.referral_dialog import ReferralDialog, ReferralStatusDialog
from ui.models.challenge_models import HistoryModel, ReferralsModel, programme_name
from ui.views.record_tab import RecordTab
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import table_defaults


class ProgrammesTab(RecordTab):
    noun = "referral"
    table_name = "Programme referrals"
    column_table = "programme_referrals"
    main_column = "reason"
    column_caps = {"programme": 320, "status": 220}  # noqa: RUF012
    add_text = "&New referral…"
    add_tip = "Refer the client to an accredited programme (Insert)"

    def __init__(self, services, parent: QWidget | None = None) -> None:
        self.history_model = HistoryModel()
        self.history = QTableView()
        super().__init__(services, ReferralsModel(services), parent)
        self.model.setParent(self)
        self.history_model.setParent(self)
        self.edit_button.setText("Change &status…")
        self.edit_button.setToolTip("Record the selected referral's next status (Enter)")
        self.fit_columns()

        self.history.setModel(self.history_model)
        self.history.setAccessibleName("Status history of the selected referral")
        table_defaults(self.history)
        self.history.setWordWrap(False)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setHighlightSections(False)
        ColumnPolicy(self.history, "referral_history", main="reason", caps={"status": 260})
        self._on_selection()

    def body(self, table: QTableView) -> QWidget:
        lower = QWidget()
        v = QVBoxLayout(lower)
        v.setContentsMargins(0, 0, 0, 0)
        self.history_title = QLabel("Status history")
        self.history_title.setBuddy(self.history)
        v.addWidget(self.history_title)
        v.addWidget(self.history, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(table)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        return split

    def clear(self) -> None:
        super().clear()
        self.history_model.clear()

    def empty_text(self) -> str:
        return "No programme referrals yet. Press Insert to refer the client to a programme." \
            if self.client_id is not None and self.model.rowCount() == 0 else ""

    def on_selected(self, record_id: int | None) -> None:
        r = self.model.record(self.model.row_of(record_id)) if record_id is not None else None
        self.history_model.set_rows(r.history if r is not None else [])
        self.history_title.setText(f"Status history: {programme_name(r.referral.programme)}"
                                   if r is not None else "Status history")
        ended = r is not None and r.current is not None and not vocab.next_statuses(r.current.status)
        self.edit_button.setEnabled(r is not None and not ended)
        if ended:
            self.edit_button.setToolTip("The referral has ended: no status can follow")
        else:
            self.edit_button.setToolTip("Record the selected referral's next status (Enter)")

    # ------------------------------------------------------------------ the records
    def new_dialog(self, **_kwargs) -> ReferralDialog:
        return ReferralDialog(self.services, self.client_id, parent=self)

    def edit_dialog(self, record_id: int) -> ReferralStatusDialog:
        return ReferralStatusDialog(self.services, record_id, parent=self)

    def edit(self) -> None:
        if self.edit_button.isEnabled():
            super().edit()
            rid = self.selected_id()
            self.on_selected(rid)

    def delete_record(self, record_id: int) -> None:
        self.services.programmes.delete(record_id)

    def confirm_delete_text(self, row: int) -> tuple[str, str]:
        r = self.model.record(row)
        what = programme_name(r.referral.programme) if r is not None else "this programme"
        return ("Delete referral", f"Delete the referral to {what} and its status history?\n\n"
                "This cannot be undone.")


__all__ = ["ProgrammesTab"]
