"""The Overview tab of a client: identity, sentences and adjustments, the prison's key dates, the
release-date comparison (prison's calculation vs our check) and the client's matters.

Sentences and adjustments are short lists, so they sit in plain table widgets; matters use the
id-backed :class:`ui.models.matters_model.MattersModel`. Every calculation comes from the core:
this module only lays the results out.
"""

from __future__ import annotations

import datetime as _dt
import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casebook.clock import default_clock
from casebook.domain import ADJUSTMENT_KINDS, DATE_CODES, RECALL_TYPES, SENTENCE_TYPES, Client
from casebook.domain.validate import format_date, format_period
from casebook.errors import NotFound
from ui.dialogs.client_dialog import KeyDatesDialog
from ui.dialogs.matter_dialog import MatterDialog
from ui.dialogs.sentence_dialog import AdjustmentDialog, SentenceDialog
from ui.models.matters_model import MattersModel
from ui.views.release_dates import ReleaseDatesPanel
from ui.widgets import form
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import on_keys, table_defaults

_log = logging.getLogger(__name__)


def age_on(dob: _dt.date | None, today: _dt.date | None = None) -> int | None:
    """Whole years from ``dob`` to ``today``."""
    if dob is None:
        return None
    t = today or default_clock().today()
    return t.year - dob.year - ((t.month, t.day) < (dob.month, dob.day))


def mappa_text(c: Client) -> str:
    if not c.mappa_category and not c.mappa_level:
        return ""
    parts = []
    if c.mappa_category:
        parts.append(f"category {c.mappa_category}")
    if c.mappa_level:
        parts.append(f"level {c.mappa_level}")
    return "MAPPA " + ", ".join(parts)


def _refresh_if_gone(action):
    """Run a user action; if its record was deleted meanwhile, show what is there now instead."""

    def wrapper(self, *args):
        try:
            return action(self)
        except NotFound:
            self.refresh()
            self.changed.emit()

    wrapper.__name__ = action.__name__
    wrapper.__doc__ = action.__doc__
    return wrapper


def _value_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # client data is never read as HTML
    label.setWordWrap(True)
    # Selectable with the mouse (to copy a number) but not a Tab stop: Tab goes from action to action.
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _small_table(headers: list[str], name: str, main: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setAccessibleName(name)
    table_defaults(t)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    ColumnPolicy(t, f"overview_{name.split()[0].lower()}", main=main)  # the one column policy
    t.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return t


def _fit_height(t: QAbstractItemView, rows: int, min_rows: int = 2, max_rows: int = 8) -> None:
    """Size a short table to its rows so the page scrolls as one, not table by table."""
    rh = t.verticalHeader().defaultSectionSize() if isinstance(t, QTableView) else 24
    n = max(min_rows, min(rows, max_rows))
    # Room for a horizontal scroll bar too, so a wide row is never hidden behind it.
    bar = t.horizontalScrollBar().sizeHint().height()
    t.setFixedHeight(t.horizontalHeader().sizeHint().height() + rh * n + bar + 2 * t.frameWidth() + 2)


def _item(text: str, record_id: int | None = None) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    if record_id is not None:
        it.setData(Qt.ItemDataRole.UserRole, record_id)
    return it


class OverviewTab(QWidget):
    changed = Signal()
    #: The user opened a matter from the list (Enter or double-click).
    matter_activated = Signal(int)

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id: int | None = None
        self.client: Client | None = None

        page = QWidget()
        col = QVBoxLayout(page)

        # -------------------------------------------------------------- identity
        identity = QGroupBox("Identity")
        grid = QHBoxLayout(identity)
        left, right = QFormLayout(), QFormLayout()
        for fl in (left, right):
            fl.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.identity: dict[str, QLabel] = {}
        for i, (key, label) in enumerate([
            ("aliases", "Also known as"), ("dob", "Date of birth"), ("prison_number", "Prison number"),
            ("pnc", "PNC ID"), ("prison", "Prison"), ("cro", "CRO number"), ("category", "Category"),
            ("mappa", "MAPPA"), ("interpreter", "Interpreter"), ("vulnerability", "Vulnerability"),
        ]):
            v = _value_label()
            v.setAccessibleName(label)
            self.identity[key] = v
            (left if i % 2 == 0 else right).addRow(label + ":", v)
        grid.addLayout(left, 1)
        grid.addLayout(right, 1)
        col.addWidget(identity)

        # -------------------------------------------------------------- sentences & adjustments
        sentences = QGroupBox("Sentences")
        sv = QVBoxLayout(sentences)
        self.sentences = _small_table(["Sentence", "Date of sentence", "Offence", "Term", "Consecutive to",
                                       "Recall"], "Sentences", "Offence")
        self.sentences.doubleClicked.connect(lambda _i: self.edit_sentence())
        self.sentences.itemSelectionChanged.connect(self._update_actions)
        on_keys(self.sentences, {Qt.Key.Key_Return: self.edit_sentence, Qt.Key.Key_Enter: self.edit_sentence,
                                 Qt.Key.Key_Delete: self.delete_sentence,
                                 Qt.Key.Key_Insert: self.add_sentence})
        self.add_sentence_button = QPushButton("Add &sentence…")
        self.add_sentence_button.clicked.connect(self.add_sentence)
        self.edit_sentence_button = QPushButton("Edit sentence…")
        self.edit_sentence_button.clicked.connect(self.edit_sentence)
        self.delete_sentence_button = QPushButton("Delete sentence…")
        self.delete_sentence_button.clicked.connect(self.delete_sentence)
        sv.addWidget(self.sentences)
        sv.addLayout(_buttons(self.add_sentence_button, self.edit_sentence_button,
                              self.delete_sentence_button))

        self.adjustments = _small_table(["Adjustment", "Days", "From", "To"], "Adjustments", "Adjustment")
        self.adjustments.itemSelectionChanged.connect(self._update_actions)
        on_keys(self.adjustments, {Qt.Key.Key_Delete: self.delete_adjustment,
                                   Qt.Key.Key_Insert: self.add_adjustment})
        self.add_adjustment_button = QPushButton("Add ad&justment…")
        self.add_adjustment_button.clicked.connect(self.add_adjustment)
        self.delete_adjustment_button = QPushButton("Delete adjustment…")
        self.delete_adjustment_button.clicked.connect(self.delete_adjustment)
        adj_label = QLabel("Adjustments (remand, tagged bail, UAL, ADA/RADA):")
        adj_label.setBuddy(self.adjustments)
        sv.addWidget(adj_label)
        sv.addWidget(self.adjustments)
        sv.addLayout(_buttons(self.add_adjustment_button, self.delete_adjustment_button))
        col.addWidget(sentences)

        # -------------------------------------------------------------- key dates & comparison
        dates = QGroupBox("Key dates from the prison's calculation")
        dv = QVBoxLayout(dates)
        self.key_dates = _small_table(["Date type", "Date"], "Key dates from the prison's calculation",
                                      "Date type")
        self.key_dates.doubleClicked.connect(lambda _i: self.edit_key_dates())
        on_keys(self.key_dates,
                {Qt.Key.Key_Return: self.edit_key_dates, Qt.Key.Key_Enter: self.edit_key_dates})
        self.key_dates_button = QPushButton("Edit &key dates…")
        self.key_dates_button.clicked.connect(self.edit_key_dates)
        dv.addWidget(self.key_dates)
        dv.addLayout(_buttons(self.key_dates_button))
        col.addWidget(dates)

        release = QGroupBox("Release dates: prison's calculation vs our check")
        rv = QVBoxLayout(release)
        self.release_panel = ReleaseDatesPanel()
        self.release_panel.setAccessibleName("Release dates: prison's calculation vs our check")
        rv.addWidget(self.release_panel)
        col.addWidget(release)

        # -------------------------------------------------------------- matters
        matters = QGroupBox("Matters")
        mv = QVBoxLayout(matters)
        self.matters_model = MattersModel(services, self)
        self.matters = QTableView()
        self.matters.setModel(self.matters_model)
        self.matters.setAccessibleName("Matters")
        table_defaults(self.matters)
        self.matters.verticalHeader().hide()
        ColumnPolicy(self.matters, "overview_matters", main="title")
        self.matters.doubleClicked.connect(lambda _i: self.open_matter())
        on_keys(self.matters, {Qt.Key.Key_Return: self.open_matter, Qt.Key.Key_Enter: self.open_matter,
                               Qt.Key.Key_Insert: self.new_matter})
        self.new_matter_button = QPushButton("&New matter…")
        self.new_matter_button.clicked.connect(self.new_matter)
        self.open_matter_button = QPushButton("&Open matter")
        self.open_matter_button.clicked.connect(self.open_matter)
        self.matters.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        mv.addWidget(self.matters)
        mv.addLayout(_buttons(self.new_matter_button, self.open_matter_button))
        col.addWidget(matters)
        col.addStretch(1)

        self._release_box = release
        self._scroll = scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._update_actions()

    def scroll_to_release_dates(self) -> None:
        """Bring the release-date check to the top of the Overview."""
        self._scroll.verticalScrollBar().setValue(self._release_box.y())

    # ------------------------------------------------------------------ loading
    def set_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self.refresh()

    def clear(self) -> None:
        self.client_id = None
        self.client = None
        self.refresh()

    def refresh(self) -> None:
        c = None
        if self.client_id is not None:
            try:
                c = self.services.clients.get(self.client_id)
            except NotFound:
                self.client_id = None
        self.client = c
        self._fill_identity(c)
        sentences = self.services.clients.sentences(c.id) if c else []
        adjustments = self.services.clients.adjustments(c.id) if c else []
        self._fill_sentences(sentences)
        self._fill_adjustments(adjustments)
        self._fill_key_dates(c.prison_dates if c else {})
        self._fill_release_dates(c)
        # (its ColumnPolicy fits the columns on the model's reset; a resize here would be taken for the
        # user's and written to the settings file on every client opened)
        self.matters_model.set_client(c.id if c else None)
        _fit_height(self.matters, self.matters_model.rowCount())
        self._update_actions()

    def _fill_identity(self, c: Client | None) -> None:
        if c is None:
            for v in self.identity.values():
                v.clear()
            return
        age = age_on(c.dob)
        values = {
            "aliases": "; ".join(c.aliases),
            "dob": f"{format_date(c.dob)} (age {age})" if c.dob else "",
            "prison_number": c.prison_number or "",
            "pnc": c.pnc or "",
            "prison": c.prison or "",
            "cro": c.cro or "",
            "category": c.category or "",
            "mappa": mappa_text(c).removeprefix("MAPPA ").capitalize(),
            "interpreter": c.interpreter or "",
            "vulnerability": c.vulnerability or "",
        }
        for key, text in values.items():
            self.identity[key].setText(text or "—")

    def _fill_sentences(self, sentences) -> None:
        t = self.sentences
        t.setRowCount(0)
        labels = {s.id: f"{SENTENCE_TYPES.get(s.sentence_type, s.sentence_type)} of "
                        f"{format_date(s.sentence_date)}"
                  for s in sentences}
        for s in sentences:
            r = t.rowCount()
            t.insertRow(r)
            terms = []
            if s.minimum_term:
                terms.append(f"minimum term {format_period(s.minimum_term)}")
            if s.custodial_term:
                terms.append(f"custodial {format_period(s.custodial_term)}")
            if s.extension_term:
                terms.append(f"extension {format_period(s.extension_term)}")
            recall = ""
            if s.recall_type:
                recall = RECALL_TYPES.get(s.recall_type, s.recall_type)
                if s.recall_date:
                    recall += f", {format_date(s.recall_date)}"
            t.setItem(r, 0, _item(SENTENCE_TYPES.get(s.sentence_type, s.sentence_type), s.id))
            t.setItem(r, 1, _item(format_date(s.sentence_date)))
            t.setItem(r, 2, _item(s.offence))
            t.setItem(r, 3, _item("; ".join(terms)))
            t.setItem(r, 4, _item(labels.get(s.consecutive_to, "") if s.consecutive_to else ""))
            t.setItem(r, 5, _item(recall))
        _fit_height(t, len(sentences), 1)

    def _fill_adjustments(self, adjustments) -> None:
        t = self.adjustments
        t.setRowCount(0)
        for a in adjustments:
            r = t.rowCount()
            t.insertRow(r)
            t.setItem(r, 0, _item(ADJUSTMENT_KINDS.get(a.kind, a.kind), a.id))
            t.setItem(r, 1, _item(str(a.days)))
            t.setItem(r, 2, _item(format_date(a.from_date)))
            t.setItem(r, 3, _item(format_date(a.to_date)))
        _fit_height(t, len(adjustments), 1)

    def _fill_key_dates(self, dates: dict) -> None:
        t = self.key_dates
        t.setRowCount(0)
        for code, d in sorted(dates.items(), key=lambda kv: kv[1]):
            r = t.rowCount()
            t.insertRow(r)
            t.setItem(r, 0, _item(f"{code} – {DATE_CODES.get(code, code)}"))
            t.setItem(r, 1, _item(format_date(d)))
        _fit_height(t, len(dates), 1, 16)

    def _fill_release_dates(self, c: Client | None) -> None:
        """Our engine's dates beside the prison's sheet, the review milestones, and the picture of both
        (the core's release check decides everything; here it is only shown)."""
        self.release_panel.show_offence_rule("")
        if c is None:
            self.release_panel.show_result([], None, None)
            self.release_panel.show_milestones([])
            return
        try:
            check = self.services.release.check(c.id)
        except Exception as exc:  # noqa: BLE001 - a fault in our check must not hide the client
            # Only the error's type is logged: its message could quote the record.
            _log.error("release-date check failed: %s", type(exc).__name__)
            self.release_panel.show_result(
                self.services.release.prison_dates_only(c.prison_dates),
                "our check failed unexpectedly on these sentences; the prison's dates are shown alone",
                None)
            self.release_panel.show_milestones([])
            return
        marks = check.timeline_marks()
        self.release_panel.set_sentence_names({
            s.id: f"Sentence {i} ({format_date(s.sentence_date)})"
            for i, s in enumerate(self.services.clients.sentences(c.id), start=1)})
        self.release_panel.show_offence_rule(check.offence_rule)
        self.release_panel.show_result(check.comparisons, check.refusal,
                                       (check.start, marks) if (check.start or marks) else None)
        self.release_panel.show_milestones(check.milestones, check.today, check.licence.notes)

    # ------------------------------------------------------------------ selection
    def _selected(self, t: QTableWidget) -> int | None:
        rows = t.selectionModel().selectedRows()
        if not rows:
            return None
        item = t.item(rows[0].row(), 0)
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def selected_matter(self) -> int | None:
        rows = self.matters.selectionModel().selectedRows()
        return self.matters_model.id_at(rows[0].row()) if rows else None

    def _update_actions(self) -> None:
        has = self.client_id is not None
        for b in (self.add_sentence_button, self.add_adjustment_button, self.key_dates_button,
                  self.new_matter_button):
            b.setEnabled(has)
        s = has and self._selected(self.sentences) is not None
        self.edit_sentence_button.setEnabled(s)
        self.delete_sentence_button.setEnabled(s)
        self.delete_adjustment_button.setEnabled(has and self._selected(self.adjustments) is not None)
        self.open_matter_button.setEnabled(has and self.selected_matter() is not None)

    # ------------------------------------------------------------------ actions
    def _saved(self) -> None:
        self.refresh()
        self.changed.emit()

    @_refresh_if_gone
    def add_sentence(self) -> None:
        if self.client_id is None:
            return
        dlg = SentenceDialog(self.services, self.client_id, parent=self)
        if form.run_dialog(dlg):
            self._saved()

    @_refresh_if_gone
    def edit_sentence(self) -> None:
        sid = self._selected(self.sentences)
        if sid is None:
            return
        dlg = SentenceDialog(self.services, self.client_id, sid, parent=self)
        if form.run_dialog(dlg):
            self._saved()

    @_refresh_if_gone
    def delete_sentence(self) -> None:
        sid = self._selected(self.sentences)
        if sid is None:
            return
        row = self.sentences.selectionModel().selectedRows()[0].row()
        what = f"{self.sentences.item(row, 0).text()} of {self.sentences.item(row, 1).text()}"
        if form.confirm(self, "Delete sentence", f"Delete the sentence ({what})?\n\nThis cannot be undone."):
            self.services.clients.delete_sentence(sid)
            self._saved()

    @_refresh_if_gone
    def add_adjustment(self) -> None:
        if self.client_id is None:
            return
        dlg = AdjustmentDialog(self.services, self.client_id, parent=self)
        if form.run_dialog(dlg):
            self._saved()

    @_refresh_if_gone
    def delete_adjustment(self) -> None:
        aid = self._selected(self.adjustments)
        if aid is None:
            return
        row = self.adjustments.selectionModel().selectedRows()[0].row()
        what = f"{self.adjustments.item(row, 0).text()}, {self.adjustments.item(row, 1).text()} days"
        if form.confirm(self, "Delete adjustment", f"Delete the adjustment ({what})?\n\nThis cannot be "
                                                   "undone."):
            self.services.clients.delete_adjustment(aid)
            self._saved()

    @_refresh_if_gone
    def edit_key_dates(self) -> None:
        if self.client_id is None:
            return
        dlg = KeyDatesDialog(self.services, self.client_id, parent=self)
        if form.run_dialog(dlg):
            self._saved()

    @_refresh_if_gone
    def new_matter(self) -> None:
        if self.client_id is None:
            return
        dlg = MatterDialog(self.services, self.client_id, parent=self)
        if form.run_dialog(dlg) and dlg.saved_id is not None:
            self._saved()
            self.matter_activated.emit(dlg.saved_id)

    def open_matter(self) -> None:
        mid = self.selected_matter()
        if mid is not None:
            self.matter_activated.emit(mid)


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for b in buttons:
        row.addWidget(b)
    row.addStretch(1)
    return row


__all__ = ["OverviewTab", "age_on", "mappa_text"]
