"""Add or edit a client; and edit the key dates copied from the prison's calculation sheet.

Every value is passed to :class:`casebook.services.clients.ClientService` as typed; the service
validates the whole record (prison number format and uniqueness, PNC/CRO check letters, date of
birth) and saves nothing if any field is wrong. Its messages are shown under their own fields.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QWidget,
)

from casebook.domain import CATEGORIES, DATE_CODES
from casebook.domain.validate import parse_date
from casebook.errors import ValidationError
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, combo_value, fill_combo, mark_as_error, on_keys, uppercase_as_you_type

MAPPA_CATEGORIES = [(None, "Not MAPPA"), (1, "Category 1"), (2, "Category 2"), (3, "Category 3"),
                    (4, "Category 4")]
MAPPA_LEVELS = [(None, "Not set"), (1, "Level 1"), (2, "Level 2"), (3, "Level 3")]


def _plain(text: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
    edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * 6 + 12)
    return edit


class ClientDialog(FormDialog):
    """``ClientDialog(services, client_id=None)``: a new client, or edit ``client_id``."""

    def __init__(self, services, client_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit client" if client_id else "New client", parent)
        self.services = services
        self.client_id = client_id
        c = services.clients.get(client_id) if client_id else None
        f = self.form

        self.name = f.add("name", "&Name", QLineEdit(c.name if c else ""))
        self.aliases = f.add("aliases", "&Aliases", _plain("\n".join(c.aliases) if c else ""),
                             help_text="One per line.")
        self.prison_number = f.add("prison_number", "&Prison number",
                                   QLineEdit(c.prison_number or "" if c else ""),
                                   help_text="A letter, four digits and two letters, e.g. A1234BC.")
        self.prison_number.setMaxLength(7)
        uppercase_as_you_type(self.prison_number)
        self.pnc = f.add("pnc", "PN&C ID", QLineEdit(c.pnc or "" if c else ""))
        self.pnc.setPlaceholderText("e.g. 2003/0062845E")
        uppercase_as_you_type(self.pnc)
        self.cro = f.add("cro", "C&RO number", QLineEdit(c.cro or "" if c else ""))
        self.cro.setPlaceholderText("e.g. 265416/21G")
        uppercase_as_you_type(self.cro)
        self.dob = f.add("dob", "Date of &birth", DateEdit(value=c.dob if c else None))
        self.prison = f.add("prison", "Pris&on", QLineEdit(c.prison or "" if c else ""))
        self.category = f.add("category", "Ca&tegory", QComboBox())
        fill_combo(self.category, [(k, k or "Not set") for k in CATEGORIES], (c.category or "") if c else "")
        self.mappa_category = f.add("mappa_category", "&MAPPA category", QComboBox())
        fill_combo(self.mappa_category, MAPPA_CATEGORIES, c.mappa_category if c else None)
        self.mappa_level = f.add("mappa_level", "MAPPA &level", QComboBox())
        fill_combo(self.mappa_level, MAPPA_LEVELS, c.mappa_level if c else None)
        self.interpreter = f.add("interpreter", "&Interpreter", QLineEdit(c.interpreter or "" if c else ""),
                                 help_text="Language, if an interpreter is needed.")
        self.vulnerability = f.add("vulnerability", "&Vulnerability",
                                   _plain(c.vulnerability or "" if c else ""),
                                   help_text="Anything staff, counsel or the panel should know.")
        self.resize(520, self.sizeHint().height())
        self.name.setFocus()

    def values(self) -> dict:
        return {
            "name": self.name.text(),
            "aliases": self.aliases.toPlainText(),
            "prison_number": self.prison_number.text(),
            "pnc": self.pnc.text(),
            "cro": self.cro.text(),
            "dob": self.dob.value(),
            "prison": self.prison.text(),
            "category": combo_value(self.category) or "",
            "mappa_category": combo_value(self.mappa_category),
            "mappa_level": combo_value(self.mappa_level),
            "interpreter": self.interpreter.text(),
            "vulnerability": self.vulnerability.toPlainText(),
        }

    def save(self) -> int:
        if self.client_id:
            self.services.clients.update(self.client_id, **self.values())
            return self.client_id
        return self.services.clients.add(**self.values())


class KeyDatesDialog(FormDialog):
    """The release dates as the prison's calculation sheet gives them: one row per code and date.

    Each row's date is checked here (so the message can sit on its own row); the whole set is then
    saved through ``clients.update(prison_dates=…)``, which checks the codes.
    """

    def __init__(self, services, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__("Key dates from the prison's calculation", parent)
        self.services = services
        self.client_id = client_id
        dates = services.clients.get(client_id).prison_dates
        intro = QLabel("Enter the dates exactly as the prison's calculation sheet gives them. "
                       "Casebook compares them with its own check on the Overview tab.")
        intro.setWordWrap(True)
        self.layout().insertWidget(0, intro)

        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Date type", "Date"])
        self.table.setAccessibleName("Key dates")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        probe = DateEdit()
        self.table.horizontalHeader().resizeSection(1,
                                                    max(probe.sizeHint().width(), probe.minimumWidth()) + 12)
        probe.deleteLater()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(True)
        self.form.add("prison_dates", "&Dates", self.table)
        on_keys(self.table,
                {Qt.Key.Key_Delete: self.remove_current, Qt.Key.Key_Insert: lambda: self.add_row()})
        for code, d in sorted(dates.items(), key=lambda kv: kv[1]):
            self.add_row(code, d)

        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        add = QPushButton("&Add date")
        add.clicked.connect(lambda: self.add_row())
        remove = QPushButton("&Remove date")
        remove.clicked.connect(self.remove_current)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        self.form.layout.addRow("", buttons)
        self.row_errors = QLabel()
        self.row_errors.setWordWrap(True)
        mark_as_error(self.row_errors)
        self.row_errors.hide()
        self.form.layout.addRow("", self.row_errors)
        self.resize(480, 420)

    def add_row(self, code: str = "", d=None) -> int:
        r = self.table.rowCount()
        self.table.insertRow(r)
        combo = QComboBox()
        fill_combo(combo, [(k, f"{k} – {v}") for k, v in DATE_CODES.items()], code or None)
        combo.setAccessibleName(f"Date type, row {r + 1}")
        edit = DateEdit(value=d, optional=False)
        edit.setAccessibleName(f"Date, row {r + 1}")
        self.table.setCellWidget(r, 0, combo)
        self.table.setCellWidget(r, 1, edit)
        self.table.resizeRowsToContents()
        if code == "":
            combo.setFocus()
        return r

    def remove_current(self) -> None:
        r = self.table.currentRow()
        if r < 0:
            r = self.table.rowCount() - 1
        if r >= 0:
            self.table.removeRow(r)

    def draft_values(self) -> dict:
        """The rows as typed (kept in memory over a lock, see ui.drafts)."""
        return {"rows": [(code, edit.text()) for code, edit in self.rows()]}

    def restore_draft(self, values: dict) -> None:
        self.table.setRowCount(0)
        for code, text in values.get("rows", []):
            r = self.add_row(code or "")
            self.table.cellWidget(r, 1).setText(text)

    def rows(self) -> list[tuple[str, DateEdit]]:
        return [(self.table.cellWidget(r, 0).currentData(), self.table.cellWidget(r, 1))
                for r in range(self.table.rowCount())]

    def save(self) -> int:
        self.row_errors.hide()
        problems: list[str] = []
        out: dict[str, str] = {}
        for i, (code, edit) in enumerate(self.rows(), start=1):
            try:
                parse_date(edit.value())
            except ValueError as exc:
                problems.append(f"Row {i} ({code}): the date {exc}")
                continue
            if code in out:
                problems.append(f"Row {i}: {code} is given twice; keep one")
            out[code] = edit.value()
        if problems:
            self.row_errors.setText("\n".join(problems))
            self.row_errors.show()
            raise ValidationError({})
        self.services.clients.update(self.client_id, prison_dates=out)
        return self.client_id


__all__ = ["ClientDialog", "KeyDatesDialog", "MAPPA_CATEGORIES", "MAPPA_LEVELS"]
