"""The matter's Letters tab: Word drafts from the letter templates, and the matter's Word exports.

On the left, every letter template (Casebook's and the firm's own, a firm's template overriding the
shipped one of the same name). For the selected one the pane on the right says what it is for and which
fields it uses are still empty for this matter, grouped by where they are filled in (the firm's
letterhead, the client's details, the matter's details, the chronology …): Enter on a group, or the
button under the list, goes there. **To:** chooses who the letter is to among the matter's contacts
(the template's usual addressee, named when the matter has one, is offered first). **Generate…** asks
where to save the letter (a name with the
template, the prison number and today's date, never the client's name), writes it in the background and
says where; **Open in Word** opens it in the system's word processor. Below, what was generated for this
matter and when (the audit log, through the letters service), newest first.

The matter's Export menu (chronology, counsel bundle) runs here too, so its result and its entry in the
list appear in the same place. The first export of a session says once that the file written is not
encrypted (:mod:`ui.widgets.export_notice`). A file is never replaced without the user's say-so: the
save dialog asks, and when the name had to be completed with its extension the tab asks itself.
Anything that goes wrong (a broken template, one the sandbox refuses, a full disk) is one calm line in
the message area; nothing is written.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.domain.dates import format_date
from casebook.errors import CasebookError, NotFound
from casebook.services.letters import default_addressee, where_to_fill
from ui.models.letters import GeneratedModel, TemplatesModel
from ui.widgets import MessageLabel, export_notice, form
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import on_keys, table_defaults
from ui.workers import GENERIC_FAILURE, Job, run_with_progress

DOCX_FILTER = "Word document (*.docx)"
ZIP_FILTER = "Zip archive (*.zip)"
NOT_ENCRYPTED = "The file is not encrypted: keep it safe, and delete it when it is no longer needed."

_last_folder: str = ""  # this session only (never saved: a folder name can say whose file it was)


# ---------------------------------------------------------------------------- where empty fields are filled
#: Destinations, in the order the groups are listed: (key, group title, button text).
DESTINATIONS: tuple[tuple[str, str, str], ...] = (
    ("firm", "Letterhead (the firm's details)", "Edit letterhead…"),
    ("client", "Client details", "Edit client…"),
    ("matter", "Matter details", "Edit matter…"),
    ("overview", "Sentences and key dates", "Go to Overview"),
    ("chronology", "Chronology", "Go to Chronology"),
    ("deadlines", "Deadlines", "Go to Deadlines"),
    ("challenges", "Challenges and allegations", "Go to Challenges"),
    ("risk", "Risk assessments and factors", "Go to Risk"),
    ("evidence", "Evidence of change", "Go to Evidence"),
    ("programmes", "Programmes", "Go to Programmes"),
    ("documents", "Documents", "Go to Documents"),
    ("contacts", "Contacts (who the letter is to)", "Go to Contacts"),
    ("", "Not recorded in the casebook", ""),
)
_DEST_TITLE = {k: t for k, t, _b in DESTINATIONS}
_DEST_BUTTON = {k: b for k, _t, b in DESTINATIONS}
#: Matter-level destinations handled by the matter view; the others are the client view's.
MATTER_DESTINATIONS = frozenset({"matter", "chronology", "deadlines", "challenges"})

#: The words for a field in the list (the rest are made from the field's name).
_LABELS = {
    "firm.name": "name", "firm.address_lines": "address", "firm.phone": "telephone",
    "firm.email": "email", "firm.solicitor": "solicitor", "firm.sra_number": "SRA number",
    "firm.reference": "reference",
    "client.pnc": "PNC ID", "client.dob": "date of birth", "client.dob_iso": "date of birth",
    "client.age": "date of birth", "client.mappa_category": "MAPPA category",
    "client.mappa_level": "MAPPA level", "client.title": "title (Mr, Ms)",
    "client.first_name": "name", "client.surname": "name",
    "matter.ppcs_ref": "PPCS reference", "matter.parole_board_ref": "Parole Board reference",
    "matter.legal_aid_class": "legal aid", "matter.legal_aid_label": "legal aid",
    "matter.type_label": "type", "matter.status_label": "status", "matter.opened_on": "date opened",
    "matter.opened_on_iso": "date opened", "matter.reference": "our reference",
    "sentences": "sentences", "key_dates": "key dates", "milestones": "review milestones",
    "material_facts": "material facts", "hearing": "hearing", "next_deadline": "next deadline",
    "risk_factors": "risk factors", "recommendations": "professional recommendations",
    "addressee": "addressee", "contacts": "contacts", "addressee.address_lines": "the addressee's address",
}
#: The dialog field that holds a context field (the client and matter dialogs' own names).
_FOCUS = {
    "client.dob_iso": "dob", "client.age": "dob", "client.first_name": "name", "client.surname": "name",
    "matter.type_label": "type", "matter.status_label": "status", "matter.legal_aid_label": "legal_aid_class",
    "matter.opened_on_iso": "opened_on",
}
#: Context fields nothing in the casebook fills (the template copes without them).
_NOT_HELD = frozenset({"client.title"})


#: The letters service's answer to "where is this filled in" → the app's destination.
_HOME_DEST = {"settings": "firm", "client": "client", "sentences": "overview", "matter": "matter",
              "chronology": "chronology", "risk": "risk", "evidence": "evidence", "programmes": "programmes",
              "challenges": "challenges", "documents": "documents", "contacts": "contacts"}


def destination(field: str) -> str:
    """Where ``field`` (``client.pnc``, ``evidence`` …) is filled in: a :data:`DESTINATIONS` key (the
    letters service says where; deadlines follow from the chronology's events)."""
    if field in _NOT_HELD:
        return ""
    return _HOME_DEST.get(where_to_fill(field), "")


def field_label(field: str) -> str:
    if field in _LABELS:
        return _LABELS[field]
    last = field.split(".")[-1].replace("[]", "")
    return last.replace("_", " ")


def focus_field(field: str) -> str:
    """The dialog field to focus for ``field`` ("" when it is a whole tab)."""
    if field in _FOCUS:
        return _FOCUS[field]
    return field.split(".", 1)[1] if "." in field else ""


def group_empty_fields(fields: list[str]) -> list[tuple[str, list[str]]]:
    """``[(destination, [fields…]), …]`` in the order of :data:`DESTINATIONS`."""
    groups: dict[str, list[str]] = {}
    for f in fields:
        groups.setdefault(destination(f), []).append(f)
    return [(key, groups[key]) for key, _t, _b in DESTINATIONS if key in groups]


# ---------------------------------------------------------------------------- file names and the save dialog
def safe_name_part(text: str) -> str:
    """Text fit for a file name on Windows, macOS and Linux."""
    bad = '<>:"/\\|?*'
    cleaned = "".join("-" if (c in bad or ord(c) < 32) else c for c in text).strip(" .")
    return cleaned[:80]


def suggested_name(what: str, prison_number: str | None, today, suffix: str) -> str:
    """``representations – A1234BC – 2 December 2026.docx``: never the client's name (a file name shows
    in folder listings, recent-file lists and email attachments)."""
    parts = [safe_name_part(what)]
    if prison_number:
        parts.append(safe_name_part(prison_number))
    parts.append(format_date(today))
    return " – ".join(p for p in parts if p) + suffix


def choose_save_path(parent: QWidget | None, title: str, suggested: str, file_filter: str) -> str:
    """Where to save ("" if the user cancelled). The save dialog itself asks before replacing a file.
    Tests replace this function."""
    folder = _last_folder or str(Path.home())
    path, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / suggested), file_filter)
    return path


def open_file(path: str) -> bool:
    """Open ``path`` in the program the system uses for it (Word for a .docx). Tests replace this."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


# ---------------------------------------------------------------------------- the tab
class LettersTab(QWidget):
    """``LettersTab(services)``; ``set_matter(client_id, matter_id)``, ``refresh()``, ``clear()``.

    ``fill_requested(destination, field)`` asks the matter view to go where an empty field is filled
    (the firm's details are handled here)."""

    changed = Signal()
    fill_requested = Signal(str, str)

    def __init__(self, services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.client_id: int | None = None
        self.matter_id: int | None = None
        #: The running (or last) background job, and the last file written (for tests and Open).
        self.job: Job | None = None
        self.last_written: str = ""
        self._what = "The letter"

        self.message = MessageLabel()
        self.message.setAccessibleName("Letters message")

        # -------------------------------------------------------------- templates
        self.templates = TemplatesModel(services, self)
        self.table = QTableView()
        self.table.setModel(self.templates)
        self.table.setAccessibleName("Letter templates")
        self.table.setAccessibleDescription("Enter generates the selected letter.")
        table_defaults(self.table)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.hideColumn(2)  # the description is in the pane beside
        ColumnPolicy(self.table, "letter-templates", main="title")
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_template())
        self.table.doubleClicked.connect(lambda _i: self.generate())
        on_keys(self.table, {Qt.Key.Key_Return: self.generate, Qt.Key.Key_Enter: self.generate})
        self.firm_button = QPushButton("Letterhead…")
        self.firm_button.setToolTip("The letterhead every letter carries: the firm's name, address, "
                                    "solicitor and SRA number")
        self.firm_button.clicked.connect(lambda: self.edit_firm())
        self.folder_button = QPushButton("Firm's templates…")
        self.folder_button.setToolTip("Choose the folder of your firm's own Word templates (listed beside "
                                      "Casebook's; one with the same name replaces Casebook's)")
        self.folder_button.clicked.connect(lambda: self.choose_template_folder())
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.table, 1)
        lb = QHBoxLayout()
        lb.addWidget(self.firm_button)
        lb.addWidget(self.folder_button)
        lb.addStretch(1)
        lv.addLayout(lb)

        # -------------------------------------------------------------- the selected template
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        f = self.title.font()
        f.setBold(True)
        self.title.setFont(f)
        self.title.setAccessibleName("Template")
        self.description = QLabel()
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setWordWrap(True)
        self.description.setAccessibleName("What the template is for")
        self.description.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.empty_label = QLabel("Empty for this matter:")
        self.empty_label.setWordWrap(True)
        self.empty_list = QListWidget()
        self.empty_list.setAccessibleName("Fields empty for this matter")
        self.empty_list.setAccessibleDescription("Enter goes to where the fields are filled in.")
        self.empty_list.setWordWrap(True)
        self.empty_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.empty_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.empty_list.setMinimumHeight(60)
        self.empty_list.currentRowChanged.connect(lambda _r: self._on_empty_row())
        self.empty_list.itemActivated.connect(lambda _i: self.fill_in())
        self.empty_label.setBuddy(self.empty_list)
        self.fill_button = QPushButton("Fill in…")
        self.fill_button.clicked.connect(lambda: self.fill_in())
        self.generate_button = QPushButton("Gener&ate…")
        self.generate_button.setDefault(False)
        # Alt+A: E, F, V and H open the menu bar's menus.
        self.generate_button.setToolTip("Write this letter for the matter as a Word document (Enter in the "
                                        "list of templates, or Alt+A)")
        self.generate_button.clicked.connect(lambda: self.generate())
        # Who the letter is to: one of the matter's contacts (its own, then the client's general ones),
        # or the template's usual addressee (letters.ADDRESSEE_ROLES) when it has one.
        self.to_combo = QComboBox()
        self.to_combo.setAccessibleName("Addressed to")
        self.to_combo.setToolTip("Who the letter is to: one of the matter's contacts (add them on the "
                                 "client's Contacts tab)")
        self.to_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.to_combo.setMinimumContentsLength(18)
        self.to_combo.currentIndexChanged.connect(lambda _i: self._on_addressee())
        self.to_label = QLabel("&To:")
        self.to_label.setBuddy(self.to_combo)
        self._contacts: list = []
        pane = QWidget()
        pv = QVBoxLayout(pane)
        pv.setContentsMargins(0, 0, 0, 0)
        pv.addWidget(self.title)
        pv.addWidget(self.description)
        pv.addWidget(self.empty_label)
        pv.addWidget(self.empty_list, 1)
        pv.addStretch(0)  # takes the room when nothing is empty (the list hidden), not the labels
        pt = QHBoxLayout()
        pt.addWidget(self.to_label)
        pt.addWidget(self.to_combo, 1)
        pv.addLayout(pt)
        pb = QHBoxLayout()
        pb.addWidget(self.fill_button)
        pb.addStretch(1)
        pb.addWidget(self.generate_button)
        pv.addLayout(pb)

        # -------------------------------------------------------------- what was generated
        self.generated = GeneratedModel(services, self)
        self.generated_label = QLabel("Generated for this matter:")
        self.generated_table = QTableView()
        self.generated_table.setModel(self.generated)
        self.generated_table.setAccessibleName("Generated for this matter")
        self.generated_table.setAccessibleDescription("Enter opens the file.")
        table_defaults(self.generated_table)
        self.generated_table.setWordWrap(False)
        self.generated_table.verticalHeader().hide()
        self.generated_table.horizontalHeader().setHighlightSections(False)
        policy = ColumnPolicy(self.generated_table, "letters-generated", main="what", caps={"file": 220},
                              main_share=0.3)
        policy.main_min = 120  # a narrow pane: what it was and the file's name share the room
        policy.fit()
        self.generated_label.setBuddy(self.generated_table)
        rows = self.generated_table.verticalHeader().defaultSectionSize()
        self.generated_table.setMinimumHeight(self.generated_table.horizontalHeader().sizeHint().height()
                                              + 2 * rows + 4)
        self.generated_table.selectionModel().selectionChanged.connect(lambda *_: self._on_generated())
        self.generated_table.doubleClicked.connect(lambda _i: self.open_selected())
        on_keys(self.generated_table, {Qt.Key.Key_Return: self.open_selected,
                                       Qt.Key.Key_Enter: self.open_selected})
        self.open_button = QPushButton("Open in &Word")
        self.open_button.setToolTip("Open the selected letter in your word processor")
        self.open_button.clicked.connect(lambda: self.open_selected())
        self.folder_open_button = QPushButton("Show in fol&der")
        self.folder_open_button.setToolTip("Open the folder the selected file was written to")
        self.folder_open_button.clicked.connect(lambda: self.open_selected_folder())
        history = QWidget()
        hv = QVBoxLayout(history)
        hv.setContentsMargins(0, 0, 0, 0)
        hv.addWidget(self.generated_label)
        hv.addWidget(self.generated_table, 1)
        hb = QHBoxLayout()
        hb.addStretch(1)
        hb.addWidget(self.open_button)
        hb.addWidget(self.folder_open_button)
        hv.addLayout(hb)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(pane)
        right.addWidget(history)
        right.setChildrenCollapsible(False)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 0)
        right.setSizes([250, 150])
        self.right = right
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([310, 460])
        self.split = split

        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)

        # The empty fields are worked out a moment after the selection settles (arrowing down the list
        # of templates does not read each one on the way).
        self._empty_timer = QTimer(self)
        self._empty_timer.setSingleShot(True)
        self._empty_timer.setInterval(120)
        self._empty_timer.timeout.connect(self._empty_fields_due)
        QWidget.setTabOrder(self.table, self.to_combo)
        QWidget.setTabOrder(self.to_combo, self.generate_button)
        QWidget.setTabOrder(self.generate_button, self.empty_list)
        QWidget.setTabOrder(self.empty_list, self.fill_button)
        QWidget.setTabOrder(self.fill_button, self.generated_table)
        QWidget.setTabOrder(self.generated_table, self.open_button)
        QWidget.setTabOrder(self.open_button, self.folder_open_button)
        QWidget.setTabOrder(self.folder_open_button, self.firm_button)
        QWidget.setTabOrder(self.firm_button, self.folder_button)
        self._update_buttons()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(760, 360)

    # ------------------------------------------------------------------ contract
    def set_matter(self, client_id: int | None, matter_id: int | None) -> None:
        if matter_id != self.matter_id:
            self.message.clear_message()
            self.last_written = ""
        self.client_id, self.matter_id = client_id, matter_id
        self.refresh()

    def refresh(self) -> None:
        if self.matter_id is None:
            self._drop()
            return
        keep = self.selected_template_id()
        try:
            self.templates.refresh()
        except CasebookError as exc:
            self.templates.clear()
            self._say(f"The letter templates could not be listed: {exc.message}.")
        row = self.templates.row_of(keep) if keep is not None else -1
        if row < 0:
            row = self.templates.row_of("representations")
        self._load_contacts()
        if self.templates.rowCount():
            self.table.selectRow(max(row, 0))
        self._on_template()
        self.refresh_generated()

    def clear(self) -> None:
        """Drop everything shown (the casebook is locking)."""
        self.client_id = self.matter_id = None
        self._drop()

    def _drop(self) -> None:
        self._empty_timer.stop()
        self.templates.clear()
        self.generated.clear()
        self.empty_list.clear()
        self._contacts = []
        self.to_combo.clear()
        self.title.clear()
        self.description.clear()
        self.message.clear_message()
        self.last_written = ""
        self._show_empty_list(False)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Back from the tab where a field was filled: the list of empty fields is read again.
        super().showEvent(event)
        if self.matter_id is not None:
            self._empty_timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._empty_timer.stop()  # nothing is read for a tab nobody sees (or whose casebook is closing)
        super().hideEvent(event)

    def _empty_fields_due(self) -> None:
        if self.isVisible():
            self.refresh_empty_fields()

    # ------------------------------------------------------------------ selection
    def selected_template_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.templates.id_at(rows[0].row()) if rows else None

    def selected_template(self):
        return self.templates.template(self.selected_template_id())

    def select_template(self, template_id: str) -> bool:
        row = self.templates.row_of(template_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.templates.index(row, 0))
        return row >= 0

    def _on_template(self) -> None:
        t = self.selected_template()
        self.title.setText(t.title if t else "")
        if t is None:
            self.description.clear()
        else:
            where = {"user": f"Your firm's template ({t.path}).",
                     "shipped": "Casebook's template."}.get(t.source, "")
            self.description.setText(" ".join(x for x in (t.description, where) if x))
        self.empty_list.clear()
        self.empty_label.setText("Empty for this matter:")
        self._fill_addressees()
        self._update_buttons()
        if t is not None and self.matter_id is not None:
            self._empty_timer.start()

    # ------------------------------------------------------------------ the addressee
    def _load_contacts(self) -> None:
        try:
            self._contacts = list(self.services.letters.addressees(self.matter_id))
        except NotFound:
            self._contacts = []

    def _fill_addressees(self) -> None:
        """The To: list for the selected template: its usual addressee first (named when the matter has
        one), then every contact of the matter; the choice is kept while it is still offered."""
        keep = self.to_combo.currentData() if self.to_combo.count() else None
        t = self.selected_template()
        usual = default_addressee(t.id, [{"id": c.id, "role": c.role} for c in self._contacts]) \
            if t is not None else None
        by_id = {c.id: c for c in self._contacts}
        self.to_combo.blockSignals(True)
        self.to_combo.clear()
        if usual is not None:
            c = by_id[usual["id"]]
            self.to_combo.addItem(f"Usual: {c.name} — {c.role_label}", None)
        else:
            self.to_combo.addItem("No one in particular (the template's own wording)", None)
        for c in self._contacts:
            where = "" if c.matter_id is not None else " · all matters"
            org = f" ({c.organisation})" if c.organisation else ""
            self.to_combo.addItem(f"{c.name}{org} — {c.role_label}{where}", c.id)
        i = self.to_combo.findData(keep) if keep is not None else 0
        self.to_combo.setCurrentIndex(max(i, 0))
        self.to_combo.blockSignals(False)
        self.to_combo.setEnabled(bool(self._contacts))

    def addressee_id(self) -> int | None:
        """The contact chosen in To: (None: the template's usual addressee, if any)."""
        return self.to_combo.currentData() if self.to_combo.count() else None

    def choose_addressee(self, contact_id: int | None) -> bool:
        i = self.to_combo.findData(contact_id) if contact_id is not None else 0
        if i >= 0:
            self.to_combo.setCurrentIndex(i)
        return i >= 0

    def _on_addressee(self) -> None:
        if self.matter_id is not None and self.selected_template() is not None:
            self._empty_timer.start()  # the addressee's empty fields follow the choice

    def refresh_empty_fields(self) -> list[str]:
        """Read which fields the selected template uses that are empty for this matter; show them
        grouped by where they are filled. Returns the fields."""
        self._empty_timer.stop()
        t = self.selected_template()
        if t is None or self.matter_id is None:
            self.empty_list.clear()
            return []
        try:
            chosen = self.addressee_id()
            ctx = self.services.letters.context(self.matter_id, addressee=chosen, template=t) \
                if chosen is not None else None
            fields = self.services.letters.empty_fields(t, self.matter_id, context=ctx)
        except NotFound:
            self.empty_list.clear()
            return []
        except CasebookError as exc:
            self.empty_list.clear()
            self.empty_label.setText(f"This template cannot be read: {exc.message}.")
            self._show_empty_list(False)
            return []
        keep = self.empty_list.currentItem().data(Qt.ItemDataRole.UserRole) \
            if self.empty_list.currentItem() is not None else None
        self.empty_list.clear()
        groups = group_empty_fields(fields)
        for dest, items in groups:
            names: list[str] = []
            for f in items:
                label = field_label(f)
                if label not in names:
                    names.append(label)
            if names == [_DEST_TITLE[dest].lower()]:
                names = ["none recorded yet"]
            text = f"{_DEST_TITLE[dest]}: {', '.join(names)}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, dest)
            item.setData(Qt.ItemDataRole.UserRole + 1, items[0])
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            if dest:
                item.setToolTip(f"Enter: {_DEST_BUTTON[dest].rstrip('…')}")
            else:
                item.setToolTip("Nothing in the casebook holds this; the letter leaves it out. "
                                "Add it in Word.")
            self.empty_list.addItem(item)
        if groups:
            self.empty_label.setText("Empty for this matter (the letter leaves gaps; fill them in first):")
            rows = [self.empty_list.item(i).data(Qt.ItemDataRole.UserRole)
                    for i in range(self.empty_list.count())]
            self.empty_list.setCurrentRow(rows.index(keep) if keep in rows else 0)
        else:
            self.empty_label.setText("Nothing this template uses is empty for this matter.")
        self._show_empty_list(bool(groups))
        return fields

    def _show_empty_list(self, shown: bool) -> None:
        """The list and its button are shown once the fields have been read (not while a new template is
        being read: arrowing down the templates does not make the pane jump)."""
        self.empty_list.setVisible(shown)
        self.fill_button.setVisible(shown)
        self._update_buttons()

    def empty_groups(self) -> list[tuple[str, str]]:
        """(destination, text) of each line in the list of empty fields (for tests)."""
        return [(self.empty_list.item(i).data(Qt.ItemDataRole.UserRole), self.empty_list.item(i).text())
                for i in range(self.empty_list.count())]

    def _on_empty_row(self) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.job is not None and self.job.outcome is None
        has_matter = self.matter_id is not None
        self.generate_button.setEnabled(has_matter and self.selected_template() is not None and not busy)
        item = self.empty_list.currentItem()
        dest = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.fill_button.setEnabled(bool(dest) and not busy)
        self.fill_button.setText(_DEST_BUTTON.get(dest or "", "") or "Fill in…")
        self.firm_button.setEnabled(has_matter)
        self.folder_button.setEnabled(has_matter)
        self._on_generated()

    # ------------------------------------------------------------------ going where a field is filled
    def fill_in(self, dest: str | None = None, field: str | None = None) -> None:
        """Go where the selected group of empty fields is filled in (or ``dest``)."""
        item = self.empty_list.currentItem()
        if dest is None:
            if item is None:
                return
            dest = item.data(Qt.ItemDataRole.UserRole)
            field = item.data(Qt.ItemDataRole.UserRole + 1)
        if not dest:
            return
        focus = focus_field(field or "")
        if dest == "firm":
            self.edit_firm(focus)
        else:
            self.fill_requested.emit(dest, focus)
        if self.isVisible():  # a dialog was used: read the empty fields again
            self.refresh_empty_fields()

    def edit_firm(self, focus: str = "") -> bool:
        from ui.dialogs.firm_dialog import FirmDialog

        if form.run_dialog(FirmDialog(self.services, focus, parent=self)):
            self.message.show_message("Firm details saved: every letter carries them.", "ok")
            self.refresh_empty_fields()
            return True
        return False

    def choose_template_folder(self, folder: str | None = None) -> bool:
        """Choose the folder of the firm's own templates (an empty choice keeps the current one)."""
        if folder is None:
            current = self.services.letters.template_folder()
            folder = QFileDialog.getExistingDirectory(self, "The folder of your firm's letter templates",
                                                      str(current or Path.home()))
        if not folder:
            return False
        try:
            path = self.services.letters.set_template_folder(folder)
        except CasebookError as exc:
            self._say(f"Template folder not changed: {exc.message}.")
            return False
        self.refresh()
        n = sum(1 for t in self.services.letters.templates() if t.source == "user")
        self.message.show_message(f"Your firm's templates are read from {path}: "
                                  f"{n} template{'s' if n != 1 else ''} found there.", "ok")
        return True

    # ------------------------------------------------------------------ writing files
    def _say(self, text: str, kind: str = "error") -> None:
        self.message.show_message(text, kind)

    def _prison_number(self) -> str:
        try:
            return self.services.clients.get(self.client_id).prison_number or "" if self.client_id else ""
        except NotFound:
            return ""

    def _target(self, chosen: str, suffix: str) -> tuple[Path, bool] | None:
        """The file to write for the save dialog's answer, and whether it may replace one that is there.
        The dialog asked about the name it returned; a name we had to complete with ``suffix`` is asked
        about here. ``None``: the user would not replace the file."""
        global _last_folder
        path = Path(chosen)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        _last_folder = str(path.parent)
        if not path.exists():
            return path, False
        if str(path) == chosen:
            return path, True  # the save dialog asked, and the user said replace
        if form.confirm(self, "Replace file", f"“{path.name}” already exists in {path.parent}.\n\n"
                        "Replace it?", yes="Replace"):
            return path, True
        self._say(f"Nothing was written: “{path.name}” is already there and was kept.", "info")
        return None

    def _ready_to_export(self) -> bool:
        self.message.clear_message()
        if self.matter_id is None or (self.job is not None and self.job.outcome is None):
            return False
        return export_notice.before_export(self, self.services)

    def generate(self, chosen: str | None = None) -> Job | None:
        """Generate… : ask where, then write the selected letter in the background. Returns the job."""
        t = self.selected_template()
        if t is None or not self._ready_to_export():
            return None
        if chosen is None:
            suggested = suggested_name(t.id, self._prison_number(), self.services.clock.today(), ".docx")
            chosen = choose_save_path(self, "Save the letter as", suggested, DOCX_FILTER)
        if not chosen:
            return None
        target = self._target(chosen, ".docx")
        if target is None:
            return None
        return self.start_generate(t, *target)

    def start_generate(self, template, out: Path, force: bool) -> Job:
        services, matter_id, to = self.services, self.matter_id, self.addressee_id()
        self._what = template.title

        def work(progress, cancelled):
            with services.cb.lock:
                return services.letters.write(template, matter_id, out, force=force, addressee=to)

        job = run_with_progress(work, title="Writing the letter", label=f"Writing {out.name}…",
                                parent=self.window(), cancellable=False, name="letter")
        self._start(job)
        job.succeeded.connect(self._letter_written)
        return job

    def _start(self, job: Job) -> None:
        self.job = job
        job.failed.connect(self._failed)
        job.was_cancelled.connect(self._cancelled)
        job.ended.connect(self._update_buttons)
        self._update_buttons()

    def _failed(self, message: str) -> None:
        if message == GENERIC_FAILURE:
            text = f"{self._what} was not written: something went wrong; please try again."
        else:
            text = f"{self._what} was not written: {message.rstrip('.')}. Nothing was written."
        self._say(text)

    def _cancelled(self) -> None:
        self._say(f"{self._what} cancelled. Nothing was written.", "info")

    def _written(self, path, what: str, extra: str = "") -> None:
        self.last_written = str(path)
        if self.matter_id is None:  # locked meanwhile
            return
        self.refresh_generated()
        self._select_generated(str(path))
        self._say(f"{what} written to {path}{extra}. {NOT_ENCRYPTED}", "ok")
        self.changed.emit()

    def _letter_written(self, path) -> None:
        self._written(path, f"“{self._what}”")
        current = self.table.currentIndex()
        if current.isValid():  # the message line took some room: keep the template in sight
            self.table.scrollTo(current)

    # ------------------------------------------------------------------ exports
    def export_chronology(self, chosen: str | None = None) -> str | None:
        """Export chronology…: the matter's chronology as a Word table, where the user says."""
        if not self._ready_to_export():
            return None
        if chosen is None:
            suggested = suggested_name("chronology", self._prison_number(), self.services.clock.today(),
                                       ".docx")
            chosen = choose_save_path(self, "Export the chronology to", suggested, DOCX_FILTER)
        if not chosen:
            return None
        target = self._target(chosen, ".docx")
        if target is None:
            return None
        self._what = "The chronology"
        try:
            with self.services.cb.lock:
                out = self.services.letters.export_chronology(self.matter_id, target[0], force=target[1])
        except CasebookError as exc:
            self._failed(exc.message)
            return None
        self._written(out, "Chronology")
        return str(out)

    def export_bundle(self, chosen: str | None = None) -> Job | None:
        """Export counsel bundle…: the .zip for counsel, in the background behind a cancellable progress
        bar (PDFs too when LibreOffice is installed: the service decides)."""
        if not self._ready_to_export():
            return None
        if chosen is None:
            suggested = suggested_name("counsel bundle", self._prison_number(), self.services.clock.today(),
                                       ".zip")
            chosen = choose_save_path(self, "Save the counsel bundle as", suggested, ZIP_FILTER)
        if not chosen:
            return None
        target = self._target(chosen, ".zip")
        if target is None:
            return None
        return self.start_bundle(*target)

    def start_bundle(self, out: Path, force: bool) -> Job:
        services, matter_id = self.services, self.matter_id
        self._what = "The counsel bundle"

        def work(progress, cancelled):
            with services.cb.lock:
                return services.letters.export_bundle(matter_id, out, force=force, progress=progress,
                                                      cancelled=cancelled)

        job = run_with_progress(work, title="Counsel bundle", label="Preparing the counsel bundle…",
                                parent=self.window(), name="counsel-bundle")
        dialog = job.dialog

        def progressed(done: int, total: int) -> None:
            if total and done < total:
                dialog.setLabelText(f"Preparing the counsel bundle: {done + 1} of {total}…")

        job.progressed.connect(progressed)
        self._start(job)
        job.succeeded.connect(self._bundle_written)
        return job

    def _bundle_written(self, path) -> None:
        extra = ""
        try:
            with zipfile.ZipFile(path) as z:
                names = z.namelist()
            pdf = any(n.startswith("pdf/") for n in names)
            docs = sum(1 for n in names if n.endswith(".docx"))
            extra = (f" ({docs} Word documents" + (", with PDF copies" if pdf else
                                                   "; no PDFs, as LibreOffice is not installed") + ")")
        except (OSError, zipfile.BadZipFile):
            pass
        self._written(path, "Counsel bundle", extra)

    # ------------------------------------------------------------------ what was generated
    def refresh_generated(self) -> None:
        keep = self.generated.path_at(self._generated_row())
        titles = {t.id: t.title for t in (self.templates.template(i) for i in self.templates.ids()) if t}
        try:
            self.generated.set_matter(self.matter_id, titles)
        except CasebookError:
            self.generated.clear()
        if keep:
            self._select_generated(keep)
        if self.generated.rowCount() and self._generated_row() < 0:
            self.generated_table.selectRow(0)  # the newest: Open in Word opens it
        self._on_generated()

    def _select_generated(self, path: str) -> None:
        for row in range(self.generated.rowCount()):
            if self.generated.path_at(row) == path:
                self.generated_table.selectRow(row)
                return

    def _generated_row(self) -> int:
        rows = self.generated_table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _on_generated(self) -> None:
        path = self.generated.path_at(self._generated_row())
        self.open_button.setEnabled(bool(path) and path.lower().endswith(".docx"))
        self.folder_open_button.setEnabled(bool(path))

    def open_selected(self) -> bool:
        """Open in Word: the selected file in the system's program for it."""
        path = self.generated.path_at(self._generated_row())
        if not path:
            return False
        if not Path(path).is_file():
            self._say(f"{Path(path).name} is no longer at {Path(path).parent} (moved or deleted).", "info")
            return False
        if not open_file(path):
            self._say("No program on this computer opens that file; open it from its folder.", "info")
            return False
        return True

    def open_selected_folder(self) -> bool:
        path = self.generated.path_at(self._generated_row())
        if not path:
            return False
        folder = Path(path).parent
        if not folder.is_dir():
            self._say(f"The folder {folder} is no longer there.", "info")
            return False
        return open_file(str(folder))


__all__ = ["LettersTab", "choose_save_path", "destination", "group_empty_fields", "open_file",
           "suggested_name"]
