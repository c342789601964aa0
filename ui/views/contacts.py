"""The contacts tab of a client: the people on the case (POM, COM, psychologists, the PPCS caseworker,
counsel, experts, family and supporters), each the client's in general or one matter's.

The table lists them (Name, Role, Organisation, Matter, Email, Phone); the selected contact's details
(address, notes) are read underneath. Insert adds, Enter edits, Delete deletes after a confirmation,
Ctrl+Shift+C copies the selected contact's email address (through :func:`ui.session.copy_text`, so a
lock takes it back off the clipboard). The toolbar, table, keys and add/edit/delete are
:class:`~ui.views.record_tab.RecordTab`'s.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QSplitter, QWidget

from ui.dialogs.contact_dialog import ContactDialog
from ui.models.contacts_model import ContactsModel
from ui.views.record_tab import RecordTab

COPY_EMAIL_KEYS = "Ctrl+Shift+C"


class ContactsTab(RecordTab):
    noun = "contact"
    table_name = "Contacts"
    column_table = "contacts"
    main_column = "organisation"
    column_caps = {"name": 220, "role": 260, "matter": 200, "email": 300, "phone": 160}  # noqa: RUF012
    add_text = "&New contact…"

    def __init__(self, services, parent: QWidget | None = None) -> None:
        self.copy_button = QPushButton("Cop&y email")
        self.details = QPlainTextEdit()
        self.status = QLabel()
        super().__init__(services, ContactsModel(services), parent)
        self.model.setParent(self)
        self.add_button.setToolTip("Add a contact: POM, COM, psychologist, counsel … (Insert)")
        self.copy_button.setToolTip(f"Copy the selected contact's email address ({COPY_EMAIL_KEYS})")
        self.copy_button.clicked.connect(self.copy_email)
        self.copy_action = QAction("Copy email address", self.table)
        self.copy_action.setShortcut(QKeySequence(COPY_EMAIL_KEYS))
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(self.copy_email)
        self.table.addAction(self.copy_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Selected contact")
        self.details.setPlaceholderText("Select a contact to see the address and notes.")
        self.status.setAccessibleName("Contacts status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.bar.insertWidget(0, self.status)
        self.fit_columns("contacts")
        self._on_selection()

    def toolbar_buttons(self) -> list[QPushButton]:
        return [self.add_button, self.edit_button, self.copy_button, self.delete_button]

    def body(self, table) -> QWidget:
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        return split

    def empty_text(self) -> str:
        if self.client_id is None or self.model.rowCount():
            return ""
        return ("No contacts yet: the POM, COM, psychologists, PPCS caseworker, counsel, experts, family "
                "and supporters. Press Insert to add one.")

    def _after_load(self) -> None:
        super()._after_load()
        n = self.model.rowCount()
        self.status.setText("" if self.client_id is None or not n
                            else f"{n} contact{'' if n == 1 else 's'}")

    def on_selected(self, record_id: int | None) -> None:
        c = self.model.record(self.model.row_of(record_id)) if record_id is not None else None
        has_email = bool(c and c.email)
        self.copy_button.setEnabled(has_email)
        self.copy_action.setEnabled(has_email)
        if c is None:
            self.details.clear()
            return
        lines = [c.display, f"{c.role_label} · {self.model.matter_title(c.matter_id)}"]
        for label, value in (("Email", c.email), ("Phone", c.phone)):
            if value:
                lines.append(f"{label}: {value}")
        if c.address:
            lines += ["", "Address:", c.address]
        if c.notes:
            lines += ["", "Notes:", c.notes]
        self.details.setPlainText("\n".join(lines))

    # ------------------------------------------------------------------ actions
    def copy_email(self) -> str:
        """Copy the selected contact's email address; returns it ("" when there is none)."""
        rid = self.selected_id()
        c = self.model.record(self.model.row_of(rid)) if rid is not None else None
        if c is None or not c.email:
            return ""
        from ui.session import copy_text

        copy_text(c.email)
        self.status.setText("Email address copied.")
        return c.email

    # ------------------------------------------------------------------ the records
    def new_dialog(self, matter_id: int | None = None) -> ContactDialog:
        return ContactDialog(self.services, self.client_id, matter_id=matter_id, parent=self)

    def edit_dialog(self, record_id: int) -> ContactDialog:
        return ContactDialog(self.services, self.client_id, contact_id=record_id, parent=self)

    def delete_record(self, record_id: int) -> None:
        self.services.contacts.remove(record_id)

    def confirm_delete_text(self, row: int) -> tuple[str, str]:
        c = self.model.record(row)
        who = f"{c.name} ({c.role_label})" if c is not None else "this contact"
        return "Delete contact", f"Delete the contact {who}?\n\nThis cannot be undone."


__all__ = ["COPY_EMAIL_KEYS", "ContactsTab"]
