"""One matter: its details (edited through the matter dialog), its chronology, its deadlines, the
challenges made in it and its letters (Word drafts from the templates; the Export menu writes the
chronology and the counsel bundle), its time and legal aid with the fee meter; and the client's
Matters tab, a list of matters beside the selected matter's view."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from casebook.domain import LEGAL_AID_CLASSES, MATTER_STATUSES
from casebook.domain.dates import format_date
from casebook.domain.parole import is_parole_matter
from casebook.errors import CasebookError, NotFound
from ui.dialogs.matter_dialog import MatterDialog
from ui.models.matters_model import MattersModel
from ui.views.challenges import ChallengesTab
from ui.views.chronology import ChronologyTab
from ui.views.letters import MATTER_DESTINATIONS, LettersTab
from ui.views.matter_deadlines import MatterDeadlinesTab
from ui.views.parole_matter import ParoleMatterTab
from ui.views.time_tab import TimeTab
from ui.widgets import form
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import on_keys, table_defaults, value_label


class MatterView(QWidget):
    """``MatterView(services)``; ``set_matter(matter_id)`` (None → nothing shown)."""

    changed = Signal()
    #: Emitted with the matter's id after the user deleted it.
    deleted = Signal(int)
    #: Go to where a letter's empty field is filled, outside the matter: (destination, field) — the
    #: client's details ("client") or one of the client's tabs (a key of ui.views.registry).
    place_requested = Signal(str, str)

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.matter_id: int | None = None
        self.client_id: int | None = None

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setAccessibleName("Matter")
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.25)
        f.setBold(True)
        self.title.setFont(f)
        self.edit_button = QPushButton("Ed&it matter…")
        self.edit_button.clicked.connect(lambda: self.edit_matter())
        self.delete_button = QPushButton("Delete matter…")
        self.delete_button.clicked.connect(self.delete_matter)
        # The matter's exports: written from the Letters tab, which shows where each one went.
        self.export_button = QPushButton("E&xport")
        self.export_button.setToolTip("Write the matter's chronology or the counsel bundle outside the "
                                      "casebook")
        self.export_menu = QMenu(self.export_button)
        self.export_chronology_action = self.export_menu.addAction("Export &chronology…")
        self.export_chronology_action.setStatusTip("The matter's chronology as a Word table (A4)")
        self.export_chronology_action.triggered.connect(lambda _c=False: self.export_chronology())
        self.export_bundle_action = self.export_menu.addAction("Export counsel &bundle…")
        self.export_bundle_action.setStatusTip("A .zip for counsel: draft representations, chronology, key "
                                               "dates, challenges, evidence and page index")
        self.export_bundle_action.triggered.connect(lambda _c=False: self.export_bundle())
        self.export_button.setMenu(self.export_menu)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)

        self.details: dict[str, QLabel] = {}
        left, right = QFormLayout(), QFormLayout()
        for i, (key, label) in enumerate([
            ("type", "Type"), ("status", "Status"), ("legal_aid_class", "Legal aid"),
            ("reference", "Our reference"), ("parole_board_ref", "Parole Board reference"),
            ("ppcs_ref", "PPCS reference"), ("opened_on", "Opened"), ("closed_on", "Closed"),
        ]):
            value = value_label()
            value.setAccessibleName(label)
            self.details[key] = value
            (left if i % 2 == 0 else right).addRow(label + ":", value)
        cols = QHBoxLayout()
        cols.addLayout(left, 1)
        cols.addLayout(right, 1)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.chronology = ChronologyTab(services, matter_only=True)
        self.chronology.changed.connect(self._on_chronology_changed)
        self.deadlines = MatterDeadlinesTab(services)
        self.deadlines.changed.connect(self._on_deadlines_changed)
        self.tabs.addTab(self.chronology, "C&hronology")
        self.challenges = ChallengesTab(services, matter_only=True)
        self.challenges.changed.connect(self._on_challenges_changed)
        self.tabs.addTab(self.deadlines, "Dead&lines")
        # A parole matter's directions and oral hearing (the tab is hidden for other matters).
        self.parole = ParoleMatterTab(services)
        self.parole.changed.connect(self._on_parole_changed)
        self.tabs.addTab(self.parole, "Di&rections && hearing")
        self.tabs.addTab(self.challenges, "Challenge&s")
        self.letters = LettersTab(services)
        self.letters.setAccessibleName("Letters: Word drafts and exports")
        self.letters.fill_requested.connect(self._fill_requested)
        self.tabs.addTab(self.letters, "Letters")
        # Time recorded, legal aid (UFN, classes, CRM1/3/4) and the fee meter (issue 14).
        self.time = TimeTab(services)
        self.time.changed.connect(self.changed)
        self.tabs.addTab(self.time, "Time && legal &aid")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(cols)
        layout.addWidget(self.tabs, 1)
        self.set_matter(None)

    def set_matter(self, matter_id: int | None) -> None:
        self.matter_id = matter_id
        m = None
        if matter_id is not None:
            try:
                m = self.services.matters.get(matter_id)
            except NotFound:
                self.matter_id = None
        self.client_id = m.client_id if m else None
        self.edit_button.setEnabled(m is not None)
        self.delete_button.setEnabled(m is not None)
        self.export_button.setEnabled(m is not None)
        self.tabs.setEnabled(m is not None)
        if m is None:
            self.title.setText("")
            for v in self.details.values():
                v.clear()
            self.chronology.clear()
            self.deadlines.clear()
            self.challenges.clear()
            self.parole.clear()
            self.letters.clear()
            self.time.clear()
            return
        self.title.setText(m.title or m.type_label)
        self.details["type"].setText(m.type_label)
        self.details["status"].setText(MATTER_STATUSES.get(m.status, m.status))
        self.details["legal_aid_class"].setText(self._legal_aid_text(m))
        self.details["reference"].setText(m.reference or "—")
        self.details["parole_board_ref"].setText(m.parole_board_ref or "—")
        self.details["ppcs_ref"].setText(m.ppcs_ref or "—")
        self.details["opened_on"].setText(format_date(m.opened_on) or "—")
        self.details["closed_on"].setText(format_date(m.closed_on) or "—")
        self.chronology.set_matter(m.client_id, m.id)
        self.deadlines.set_matter(m.id)
        self.challenges.set_matter(m.client_id, m.id)
        self.parole.set_matter(m.id)
        self.tabs.setTabVisible(self.tabs.indexOf(self.parole), is_parole_matter(m.type))
        self.letters.set_matter(m.client_id, m.id)
        self.time.set_matter(m.id)


    def _legal_aid_text(self, m) -> str:
        """The UFN and the classes of work (Time & legal aid tab) when recorded; else the coarse class."""
        coarse = LEGAL_AID_CLASSES.get(m.legal_aid_class or "", "Not set")
        la = getattr(self.services, "legal_aid", None)
        try:
            record = la.for_matter(m.id) if la is not None else None
            classes = la.classes(m.id) if record is not None else []
        except CasebookError:
            return coarse
        if record is None or not record.ufn:
            return coarse
        parts = [f"UFN {record.ufn}"]
        parts += [f"{c.code} ({'closed' if c.closed_on else 'open'})" for c in classes]
        return " · ".join(parts)
    def refresh(self) -> None:
        self.set_matter(self.matter_id)

    def clear(self) -> None:
        self.set_matter(None)

    def _on_chronology_changed(self) -> None:
        self.deadlines.refresh()  # events drive the deadlines
        self.parole.refresh()  # the hearing-listed event may have moved or gone
        self.challenges.refresh()  # and the challenges' next steps due
        self.changed.emit()

    def _on_challenges_changed(self) -> None:
        self.chronology.refresh()  # a step is a chronology event …
        self.deadlines.refresh()  # … that starts deadlines
        self.changed.emit()

    def _on_parole_changed(self) -> None:
        self.chronology.refresh()  # the hearing's date is its hearing-listed event …
        self.deadlines.refresh()  # … and directions are deadlines
        self.changed.emit()

    def _on_deadlines_changed(self) -> None:
        self.parole.refresh()  # a direction marked done on the deadlines tab
        self.changed.emit()

    def export_chronology(self, chosen: str | None = None):
        if self.matter_id is None:
            return None
        self.tabs.setCurrentWidget(self.letters)  # where the result and the list of exports are
        return self.letters.export_chronology(chosen)

    def export_bundle(self, chosen: str | None = None):
        if self.matter_id is None:
            return None
        self.tabs.setCurrentWidget(self.letters)
        return self.letters.export_bundle(chosen)

    def _fill_requested(self, dest: str, field: str) -> None:
        """The Letters tab asks to go where an empty field is filled in."""
        if dest not in MATTER_DESTINATIONS:
            self.place_requested.emit(dest, field)
        elif dest == "matter":
            self.edit_matter(field)
        else:
            tab = {"chronology": self.chronology, "deadlines": self.deadlines,
                   "challenges": self.challenges}[dest]
            self.tabs.setCurrentWidget(tab)
            getattr(tab, "table", tab).setFocus(Qt.FocusReason.OtherFocusReason)

    def edit_matter(self, focus: str = "") -> None:
        if self.matter_id is None:
            return
        mid = self.matter_id
        try:
            dlg = MatterDialog(self.services, self.client_id, mid, parent=self)
            if focus in dlg.form.fields:
                dlg.form.fields[focus].setFocus()
            if form.run_dialog(dlg):
                self.refresh()
                self.changed.emit()
        except NotFound:  # deleted meanwhile
            self.set_matter(None)
            self.deleted.emit(mid)
            self.changed.emit()

    def delete_matter(self) -> None:
        if self.matter_id is None:
            return
        mid = self.matter_id
        n = len(self.services.chronology.for_matter(mid))
        events = f"its {n} chronology event{'s' if n != 1 else ''}" if n else "its chronology"
        # What else goes with it, named when there is any (the question named the chronology, deadlines
        # and notes only, while recorded time — the legal aid claim — challenges and directions went too).
        also = []
        for what, count in (("challenge", lambda: len(self.services.challenges.for_matter(mid))),
                            ("direction of the Board", lambda: len(self.services.directions.for_matter(mid))),
                            ("time entry", lambda: len(self.services.time.for_matter(mid))),
                            ("legal visit", lambda: len(self.services.visits.for_matter(mid)))):
            try:
                k = count()
            except (AttributeError, CasebookError):  # a service this casebook does not have
                k = 0
            if k:
                plural = {"time entry": "time entries", "direction of the Board": "directions of the Board"}
                also.append(f"{k} {what if k == 1 else plural.get(what, what + 's')}")
        extra = f" It also deletes its {', '.join(also)}, and its legal aid details." if also else ""
        if not form.confirm(self, "Delete matter",
                            f"Delete the matter “{self.title.text()}”?\n\n"
                            f"This also deletes {events}, its deadlines and the notes filed under it.{extra} "
                            "Documents filed under it are kept, under no matter. This cannot be undone."):
            return
        try:
            self.services.matters.delete(mid)
        except NotFound:
            pass
        self.set_matter(None)
        self.deleted.emit(mid)
        self.changed.emit()


class MattersTab(QWidget):
    """The client's matters on the left, the selected matter's :class:`MatterView` on the right."""

    changed = Signal()
    #: The matter view asks the client view to go somewhere (see :attr:`MatterView.place_requested`).
    place_requested = Signal(str, str)

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id: int | None = None
        self.model = MattersModel(services, self)

        self.list = QTableView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Matters")
        table_defaults(self.list)
        self.list.verticalHeader().hide()
        for c in range(1, self.model.columnCount()):
            if c != 2:
                self.list.hideColumn(c)  # title and status are enough beside the matter view
        ColumnPolicy(self.list, "matters", main="title")
        self.list.selectionModel().selectionChanged.connect(lambda *_: self._on_selected())
        on_keys(self.list, {
            Qt.Key.Key_Insert: self.new_matter,
            Qt.Key.Key_Return: self._enter_matter,
            Qt.Key.Key_Enter: self._enter_matter,
            Qt.Key.Key_Delete: lambda: self.view.delete_matter(),
        })
        self.new_button = QPushButton("&New matter…")
        self.new_button.clicked.connect(self.new_matter)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.list, 1)
        lv.addWidget(self.new_button)

        self.view = MatterView(services)
        self.view.changed.connect(self._on_view_changed)
        self.view.deleted.connect(lambda _mid: self.refresh())
        self.view.place_requested.connect(self.place_requested)
        self.placeholder = QLabel("No matters yet. Press “New matter…” to open one.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setEnabled(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.view)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.stack)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        split.setSizes([260, 780])
        layout = QVBoxLayout(self)
        layout.addWidget(split)

    def set_client(self, client_id: int | None) -> None:
        self.client_id = client_id
        self.model.set_client(client_id)
        self._select_row(0)

    def refresh(self) -> None:
        keep = self.view.matter_id
        self.model.refresh()
        row = self.model.row_of(keep) if keep is not None else -1
        self._select_row(max(row, 0))

    def clear(self) -> None:
        self.client_id = None
        self.model.clear()
        self.view.clear()
        self.stack.setCurrentWidget(self.placeholder)

    def focus_matter(self, matter_id: int) -> bool:
        row = self.model.row_of(matter_id)
        if row < 0:
            return False
        self._select_row(row)
        return True

    def place(self) -> dict:
        return {"matter_id": self.view.matter_id, "matter_tab": self.view.tabs.currentIndex()}

    def go_to(self, place: dict) -> None:
        mid = place.get("matter_id")
        if mid is not None and self.focus_matter(mid):
            self.view.tabs.setCurrentIndex(place.get("matter_tab", 0))

    def selected_id(self) -> int | None:
        rows = self.list.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def _select_row(self, row: int) -> None:
        self.new_button.setEnabled(self.client_id is not None)
        if self.model.rowCount() == 0:
            self.view.set_matter(None)
            self.stack.setCurrentWidget(self.placeholder)
            return
        row = min(row, self.model.rowCount() - 1)
        if self.list.selectionModel().isRowSelected(row) and self.view.matter_id == self.model.id_at(row):
            self.view.refresh()
        else:
            self.list.selectRow(row)
        self.list.setCurrentIndex(self.model.index(row, 0))
        self.stack.setCurrentWidget(self.view)

    def _on_selected(self) -> None:
        mid = self.selected_id()
        if mid is not None and mid != self.view.matter_id:
            self.view.set_matter(mid)
        self.stack.setCurrentWidget(self.view if mid is not None else self.placeholder)

    def _enter_matter(self) -> None:
        """Enter on the list moves into the matter: its chronology table takes the focus."""
        if self.view.matter_id is not None:
            self.view.tabs.setCurrentWidget(self.view.chronology)
            self.view.chronology.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_view_changed(self) -> None:
        if self.view.matter_id is not None:
            self.model.invalidate(self.view.matter_id)
        self.changed.emit()

    def new_matter(self) -> None:
        if self.client_id is None:
            return
        dlg = MatterDialog(self.services, self.client_id, parent=self)
        if form.run_dialog(dlg) and dlg.saved_id is not None:
            self.model.refresh()
            self.focus_matter(dlg.saved_id)
            self.changed.emit()


__all__ = ["MatterView", "MattersTab"]
