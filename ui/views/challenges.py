"""The Challenges tab: the schedule of a client's challenges to assessments, and the allegations.

The schedule lists each contested assertion with its source (page, paragraph), ground, status, the
last escalation step and when the next step is due (the deadlines engine's date for what the last
steps started, through ``ChallengeService.next_due``). Click a header to sort (by status, by next due
…); it opens sorted by next due. Insert adds a challenge, Enter edits it (its status among the rest),
Delete deletes after a confirmation (RecordTab's keys); "Record step…" records the next escalation step,
and the line under the schedule gives the selected challenge's steps with the deadlines they started.

Under it, the allegations in the dossier (text, source and page, how far made out): add one, or change
its status. The matter view shows the same schedule for one matter (``matter_only=True``), without
the allegations.
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

from casebook.domain.dates import format_date
from casebook.errors import NotFound
from ui.dialogs.allegation_dialog import AllegationDialog, AllegationStatusDialog
from ui.dialogs.challenge_dialog import ChallengeDialog, StepDialog
from ui.models.challenge_models import AllegationsModel, ChallengesModel, IdSortProxy
from ui.models.risk_models import label_of
from ui.views.record_tab import RecordTab, add_with, selected_id
from ui.widgets import form, unconfirmed
from ui.widgets.citations import CitationsStrip
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import on_keys, table_defaults


class ChallengesTab(RecordTab):
    noun = "challenge"
    table_name = "Challenges schedule"
    column_table = "challenges"
    main_column = "assertion"
    column_caps = {"where": 200, "ground": 170, "last_step": 230, "status": 110}  # noqa: RUF012
    add_text = "&Add challenge…"

    def __init__(self, services, parent: QWidget | None = None, *, matter_only: bool = False) -> None:
        self.matter_only = matter_only
        self.matter_id: int | None = None
        self.source_model = ChallengesModel(services)
        # Alt+S is the matter view's "Challenge&s" tab there
        self.step_button = QPushButton("Record step…" if matter_only else "Record &step…")
        self.detail = QLabel()
        self.legend = unconfirmed.legend()
        self.legend.hide()
        self.allegations_model = AllegationsModel(services)
        self.allegations = QTableView()
        self.add_allegation_button = QPushButton("Add a&llegation…")
        self.allegation_status_button = QPushButton("Change allegation stat&us…")
        self.citations = CitationsStrip(services, noun="challenge")
        self.allegation_citations = CitationsStrip(services, noun="allegation")
        super().__init__(services, IdSortProxy(self.source_model), parent)
        self.model.setParent(self)
        self.source_model.setParent(self)
        self.allegations_model.setParent(self)
        self.edit_button.setText("&Edit / status…")
        self.edit_button.setToolTip("Edit the selected challenge or change its status (Enter)")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn([k for k, _ in self.source_model.columns].index("next_due"),
                                Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.setAccessibleDescription("Click a column header to sort by it, e.g. by status or "
                                            "next step due.")
        self.fit_columns()

        self.step_button.setToolTip("Record the selected challenge's next escalation step")
        self.step_button.clicked.connect(self.record_step)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName("Selected challenge's steps and deadlines")

        self.allegations.setModel(self.allegations_model)
        self.allegations.setAccessibleName("Allegations")
        table_defaults(self.allegations)
        self.allegations.setWordWrap(False)
        self.allegations.verticalHeader().hide()
        self.allegations.horizontalHeader().setHighlightSections(False)
        ColumnPolicy(self.allegations, "allegations", main="text", caps={"where": 220, "status": 220})
        self.allegations.selectionModel().selectionChanged.connect(lambda *_: self._allegation_buttons())
        self.allegations_model.modelReset.connect(self._allegation_buttons)
        self.allegations.doubleClicked.connect(lambda _i: self.change_allegation_status())
        on_keys(self.allegations, {
            Qt.Key.Key_Insert: self.add_allegation,
            Qt.Key.Key_Return: self.change_allegation_status,
            Qt.Key.Key_Enter: self.change_allegation_status,
        })
        self.add_allegation_button.setToolTip("Add an allegation from the dossier (Insert in the list)")
        self.add_allegation_button.clicked.connect(self.add_allegation)
        self.allegation_status_button.setToolTip(
            "Change the selected allegation's status (Enter in the list)")
        self.allegation_status_button.clicked.connect(self.change_allegation_status)
        self._allegation_buttons()
        self._on_selection()

    def toolbar_buttons(self) -> list[QPushButton]:
        return [self.add_button, self.step_button, self.edit_button, self.delete_button]

    def body(self, table: QTableView) -> QWidget:
        top = QWidget()
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(table, 1)
        tv.addWidget(self.citations)
        tv.addWidget(self.detail)
        tv.addWidget(self.legend)
        if self.matter_only:
            return top

        lower = QWidget()
        lv = QVBoxLayout(lower)
        lv.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        title = QLabel("Allegations in the dossier")
        title.setBuddy(self.allegations)
        bar.addWidget(title)
        bar.addStretch(1)
        bar.addWidget(self.add_allegation_button)
        bar.addWidget(self.allegation_status_button)
        lv.addLayout(bar)
        lv.addWidget(self.allegations, 1)
        lv.addWidget(self.allegation_citations)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        return split

    # ------------------------------------------------------------------ showing
    def load(self) -> None:
        if self.matter_only:
            self.source_model.client_id = self.client_id
            self.source_model.set_matter(self.matter_id)
        else:
            self.model.set_client(self.client_id)
            self._load_allegations()

    def set_matter(self, client_id: int | None, matter_id: int | None) -> None:
        self.matter_id = matter_id
        self.set_client(client_id)

    def refresh(self) -> None:
        if not self.matter_only:
            keep = self.selected_allegation()
            self._load_allegations()
            row = self.allegations_model.row_of(keep) if keep is not None else -1
            if row >= 0:
                self.allegations.selectRow(row)
        super().refresh()

    def clear(self) -> None:
        self.matter_id = None
        super().clear()
        self.allegations_model.clear()
        self.detail.clear()
        self.citations.clear()
        self.allegation_citations.clear()

    def _load_allegations(self) -> None:
        try:
            self.allegations_model.set_client(self.client_id)
        except NotFound:
            self.allegations_model.clear()

    def _after_load(self) -> None:
        if not self.matter_only:
            # A challenge belongs to a matter: with none, say so before anything is typed (the dialog
            # only said "Matter is required" at Save, with the quoted assertion already typed).
            try:
                self._has_matter = bool(self.client_id is not None
                                        and self.services.matters.for_client(self.client_id))
            except NotFound:
                self._has_matter = False
        super()._after_load()
        self.legend.setVisible(self.source_model.any_unconfirmed())
        if not self.matter_only and self.allegations_model.rowCount() \
                and not self.allegations.selectionModel().hasSelection():
            self.allegations.selectRow(0)

    def can_add(self) -> bool:
        if self.matter_only:
            return self.client_id is not None and self.matter_id is not None
        return self.client_id is not None and getattr(self, "_has_matter", True)

    def empty_text(self) -> str:
        if self.client_id is None or self.model.rowCount():
            return ""
        if not self.matter_only and not getattr(self, "_has_matter", True):
            return ("A challenge belongs to a matter, and this client has none yet. Open one first "
                    "(Matters tab, New matter…), then add the challenge here.")
        return "No challenges yet. Press Insert to add one."

    def _on_selection(self) -> None:
        super()._on_selection()
        if hasattr(self, "step_button"):
            self.step_button.setEnabled(self.selected_id() is not None)

    def on_selected(self, record_id: int | None) -> None:
        self.citations.set_record(self.client_id, "challenge", record_id)
        if record_id is None:
            self.detail.clear()
            self.detail.hide()
            return
        self.detail.setText(self.steps_text(record_id))
        self.detail.setVisible(bool(self.detail.text()))

    def steps_text(self, challenge_id: int) -> str:
        """The steps so far with the deadlines each started ("" if none)."""
        try:
            steps = self.services.challenges.steps_of(challenge_id)
        except NotFound:
            return ""
        if not steps:
            return "No steps yet: “Record step…” records the first (a correction request to the author)."
        lines = []
        for v in steps:
            line = f"{format_date(v.step.date)}: {label_of('escalation_step', v.step.step)}"
            for d in v.deadlines:
                done = " (done)" if d.status == "done" else ""
                mark = "" if d.confirmed else " (unconfirmed rule)"
                line += f" → {d.title} due {format_date(d.due)}{done}{mark}: {unconfirmed.calm(d.citation)}"
            lines.append(line)
        return "\n".join(lines)

    # ------------------------------------------------------------------ the records
    def new_dialog(self, **_kwargs) -> ChallengeDialog:
        return ChallengeDialog(self.services, self.client_id, matter_id=self.matter_id, parent=self)

    def edit_dialog(self, record_id: int) -> ChallengeDialog:
        return ChallengeDialog(self.services, self.client_id, challenge_id=record_id, parent=self)

    def delete_record(self, record_id: int) -> None:
        self.services.challenges.delete(record_id)

    def confirm_delete_text(self, row: int) -> tuple[str, str]:
        r = self.model.record(row)
        what = f"“{r.challenge.assertion[:80]}”" if r is not None else "this challenge"
        return ("Delete challenge", f"Delete the challenge to {what} and its record of steps?\n\n"
                "The chronology events the steps recorded stay. This cannot be undone.")

    def record_step(self) -> int | None:
        rid = self.selected_id()
        if rid is None:
            return None
        try:
            dlg = StepDialog(self.services, rid, parent=self)
        except NotFound:
            self.refresh()
            return None
        if form.run_dialog(dlg) and dlg.saved_id is not None:
            self.model.invalidate(rid)
            self.refresh()
            self.select(rid)
            self.changed.emit()
            return dlg.saved_id
        return None

    # ------------------------------------------------------------------ allegations
    def selected_allegation(self) -> int | None:
        return selected_id(self.allegations, self.allegations_model)

    def _allegation_buttons(self) -> None:
        aid = self.selected_allegation()
        self.add_allegation_button.setEnabled(self.client_id is not None)
        self.allegation_status_button.setEnabled(aid is not None)
        if not self.matter_only and (aid, self.client_id) != (self.allegation_citations.model.target_id,
                                                              self.allegation_citations.client_id):
            self.allegation_citations.set_record(self.client_id, "allegation", aid)

    def add_allegation(self) -> int | None:
        if self.client_id is None:
            return None
        saved = add_with(AllegationDialog(self.services, self.client_id, parent=self), self._load_allegations,
                         self.allegations, self.allegations_model)
        if saved is not None:
            self.changed.emit()
        return saved

    def change_allegation_status(self) -> None:
        aid = self.selected_allegation()
        if aid is None:
            return
        try:
            dlg = AllegationStatusDialog(self.services, aid, parent=self)
        except NotFound:
            self._load_allegations()
            return
        if form.run_dialog(dlg):
            self.allegations_model.invalidate(aid)
            self.changed.emit()


__all__ = ["ChallengesTab"]
