"""A document's details: asked before an import, and editable afterwards.

Kind (dossier, OASys, psychology report, decision, sentence calculation, correspondence, other), title,
date (DD/MM/YYYY), author, how citations name it ("Dossier") and, optionally, which of the client's
matters it belongs to. Before an import nothing is saved here: the values go to the import job
(:meth:`DocumentDetailsDialog.values`); editing saves through ``services.documents.update``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from casebook.domain.vocabulary import DOCUMENT_KINDS
from casebook.errors import ValidationError
from ui.models.documents import KINDS
from ui.widgets.date_edit import DateEdit
from ui.widgets.form import FormDialog, combo_value, fill_combo


class DocumentDetailsDialog(FormDialog):
    """``DocumentDetailsDialog(services, client_id, filename="x.pdf")`` before an import, or
    ``DocumentDetailsDialog(services, client_id, document_id=7)`` to edit one."""

    def __init__(self, services, client_id: int, filename: str = "", document_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        editing = document_id is not None
        super().__init__("Document details" if editing else "Import a document", parent)
        self.save_button.setText("Save" if editing else "Import")
        self.services = services
        self.client_id = client_id
        self.document_id = document_id
        self.filename = filename
        self._values: dict[str, Any] = {}
        if not editing:
            # Before an import this dialog only collects values for the job; reopened after a lock it
            # would import nothing, so a lock simply cancels it (the user chooses the file again).
            self._ctor_args = None
        doc = services.documents.get(document_id) if editing else None
        f = self.form
        if filename and not editing:
            name = QLabel()
            name.setTextFormat(Qt.TextFormat.PlainText)
            name.setText(name.fontMetrics().elidedText(filename, Qt.TextElideMode.ElideMiddle, 360))
            name.setToolTip(filename)
            f.add("file", "File", name)
        self.kind = f.add("kind", "&Kind", QComboBox())
        fill_combo(self.kind, list(KINDS), doc.kind if doc else "dossier")
        self.title = f.add("title", "&Title", QLineEdit(doc.title if doc else ""))
        if not editing:
            self.title.setPlaceholderText("From the file if left empty")
        self.date = f.add("date", "&Date on it", DateEdit(value=doc.date if doc else None))
        self.author = f.add("author", "&Author", QLineEdit(doc.author if doc else ""))
        if not editing:
            self.author.setPlaceholderText("From the file if left empty")
        self.cite_as = f.add("cite_as", "Cited &as", QLineEdit(doc.cite_as if doc else ""),
                             help_text="How citations name it: “Dossier p.143”")
        self._cite_default = ""
        self.matter = f.add("matter_id", "&Matter", QComboBox())
        matters = services.matters.for_client(client_id)
        fill_combo(self.matter, [(None, "No particular matter")] + [(m.id, m.title or m.type_label)
                                                                    for m in matters],
                   doc.matter_id if doc else None)
        self.kind.currentIndexChanged.connect(lambda _i: self._default_cite_as())
        self._default_cite_as()
        self.kind.setFocus()

    def _default_cite_as(self) -> None:
        """Until the user types their own, "Cited as" follows the kind ("Dossier", "OASys" …)."""
        default = DOCUMENT_KINDS.get(combo_value(self.kind) or "", ("", ""))[1]
        typed = self.cite_as.text()
        if self.document_id is None and (not typed or typed == self._cite_default):
            self.cite_as.setText(default)
        self._cite_default = default

    def values(self) -> dict[str, Any]:
        """What the import's commit takes (after Import was pressed)."""
        return dict(self._values)

    def save(self) -> int:
        errors = {}
        if self.date.text().strip() and not self.date.isValid():
            errors["date"] = self.date.error()
        if errors:
            raise ValidationError(errors)
        values = {
            "kind": combo_value(self.kind),
            "title": self.title.text().strip() or None,
            "date": self.date.value() or None,
            "author": self.author.text().strip() or None,
            "cite_as": self.cite_as.text().strip() or None,
            "matter_id": combo_value(self.matter),
        }
        if self.document_id is None:
            self._values = values
            return 0
        self.services.documents.update(
            self.document_id, kind=values["kind"], title=values["title"] or "", date=values["date"],
            author=values["author"] or "", cite_as=values["cite_as"] or "", matter_id=values["matter_id"])
        return self.document_id


__all__ = ["DocumentDetailsDialog"]
