"""A document's sections: the ranges of pages it is made of ("OASys assessment 120–185").

They come from the PDF's bookmarks or the dossier's own index page when the document is imported;
here the user names more ("Addendum psychology report", pages "221-240") or removes one. Search
results and citations say which section a page is in.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casebook.errors import CasebookError, NotFound, ValidationError
from ui.models.documents import SectionsModel, document_name
from ui.widgets import MessageLabel
from ui.widgets.columns import ColumnPolicy
from ui.widgets.form import on_keys, table_defaults


class SectionsDialog(QDialog):
    """``SectionsDialog(services, document_id)``; ``changed`` is True once a section was added or removed."""

    def __init__(self, services, document_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.document_id = document_id
        self.changed = False
        doc = services.documents.get(document_id)
        self.pages = doc.pages
        self.setWindowTitle("Sections")
        self.setAccessibleName("Sections of the document")
        intro = QLabel(f"{document_name(doc)}: {doc.pages:,} page{'' if doc.pages == 1 else 's'}. "
                       "Name a range of pages so that search results and citations say which part of the "
                       "document a page is in.")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)

        self.model = SectionsModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Sections")
        table_defaults(self.table)
        self.table.verticalHeader().hide()
        ColumnPolicy(self.table, "document_sections", main="name", caps={"source": 140})
        on_keys(self.table, {Qt.Key.Key_Delete: self.remove, Qt.Key.Key_Backspace: self.remove})

        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. OASys assessment")
        self.name.setAccessibleName("Section name")
        self.range = QLineEdit()
        self.range.setPlaceholderText("e.g. 120-185")
        self.range.setAccessibleName("Pages")
        self.range.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000 – 0000") + 30)
        self.name.returnPressed.connect(self.add)
        self.range.returnPressed.connect(self.add)
        name_label = QLabel("&Name")
        name_label.setBuddy(self.name)
        pages_label = QLabel("&Pages")
        pages_label.setBuddy(self.range)
        self.add_button = QPushButton("&Add section")
        self.add_button.clicked.connect(self.add)
        self.add_button.setAutoDefault(False)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setToolTip("Remove the selected section (Delete)")
        self.remove_button.clicked.connect(self.remove)
        self.remove_button.setAutoDefault(False)
        self.message = MessageLabel()

        row = QHBoxLayout()
        row.addWidget(name_label)
        row.addWidget(self.name, 1)
        row.addWidget(pages_label)
        row.addWidget(self.range)
        row.addWidget(self.add_button)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)

        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.message)
        lay.addWidget(buttons)
        self.resize(620, 420)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.model.modelReset.connect(self._buttons)
        self.reload()
        self.name.setFocus()

    def reload(self) -> None:
        from ui.models.documents import section_pages

        try:
            sections = sorted(self.services.documents.sections(self.document_id), key=section_pages)
        except NotFound:
            sections = []
        self.model.set_sections(sections)

    def _buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def add(self) -> int | None:
        self.message.clear_message()
        name, pages = self.name.text().strip(), self.range.text().strip()
        if not name:
            self.message.show_message("Give the section a name (e.g. OASys assessment).")
            self.name.setFocus()
            return None
        if not pages:
            self.message.show_message(
                f"Give its pages, e.g. 120-185 (the document has pages 1–{self.pages:,}).")
            self.range.setFocus()
            return None
        try:
            sid = self.services.documents.add_section(self.document_id, name, pages)
        except ValidationError as exc:
            msgs = [f"{'Pages' if 'page' in k else k.replace('_', ' ').capitalize()} {m}"
                    for k, m in exc.errors.items()]
            self.message.show_message("; ".join(msgs) or exc.message)
            return None
        except CasebookError as exc:
            self.message.show_message(exc.message[:1].upper() + exc.message[1:])
            return None
        self.changed = True
        self.name.clear()
        self.range.clear()
        self.reload()
        self.message.show_message(f"Added “{name}”.", "ok")
        self.name.setFocus()
        return sid

    def remove(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        s = self.model.row_at(rows[0].row())
        try:
            self.services.documents.remove_section(s.id)
        except NotFound:
            pass
        self.changed = True
        self.reload()
        self.message.show_message(f"Removed “{s.name}”.", "ok")


__all__ = ["SectionsDialog"]
