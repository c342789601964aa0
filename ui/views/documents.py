"""The Documents tab: a client's documents (the parole dossier, reports, letters) kept inside the casebook.

The table gives title, kind, date, author, pages, how many pages have no text layer, and the version.
Import… (Insert or Ctrl+I, or a file dropped on the tab) chooses a PDF, Word (.docx) or image file,
asks its kind, title, date and author, then reads it in the background behind a progress bar that
can be cancelled — a 1,000-page dossier takes seconds, and a cancelled or failed import saves
nothing. Afterwards the line above the table says, in plain words, what happened: pages imported,
which could not be read (scanned), the sections recognised, a duplicate, or what changed since the
previous version.

Open (Enter or a double-click) shows the document in the page viewer; Sections… names page ranges;
Export… writes the file where the user says (audited); Page index… writes counsel's index of the
documents, their sections and every cited page (a Word document, audited); Delete… asks first
and, if records cite the document, says which.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from casebook.errors import Cancelled, CasebookError, NotFound
from ui import viewer
from ui.dialogs.document_dialog import DocumentDetailsDialog
from ui.models.documents import DocumentsModel, document_name, kind_label, page_ranges, pages_text, plural
from ui.views.record_tab import RecordTab
from ui.widgets import MessageLabel, export_notice, form
from ui.workers import GENERIC_FAILURE, Job, run_with_progress

FILE_FILTER = ("Documents (*.pdf *.docx *.png *.jpg *.jpeg *.tif *.tiff);;PDF (*.pdf);;Word (*.docx);;"
               "Images (*.png *.jpg *.jpeg *.tif *.tiff);;All files (*)")

_last_folder: str = ""  # this session only (never saved: a folder name can say whose file it was)


def choose_file(parent: QWidget | None) -> str:
    """The file to import ("" if the user cancelled). Tests replace this."""
    path, _ = QFileDialog.getOpenFileName(parent, "Import a document", _last_folder or str(Path.home()),
                                          FILE_FILTER)
    return path


def choose_export_path(parent: QWidget | None, suggested: str) -> str:
    """Where to export ("" if the user cancelled). The native dialog asks before replacing a file."""
    folder = _last_folder or str(Path.home())
    path, _ = QFileDialog.getSaveFileName(parent, "Export the document to", str(Path(folder) / suggested))
    return path


def import_message(result) -> str:
    """What an import did, in plain words (the service's message, with the sections named)."""
    msg = result.message or ""
    if result.duplicate:
        return msg
    if result.sections and not result.changes:
        names = [f"{s.name} ({pages_text(s.first_page, s.last_page)})" for s in result.sections[:6]]
        more = f" and {len(result.sections) - 6} more" if len(result.sections) > 6 else ""
        msg += "\nSections: " + "; ".join(names) + more + "."
    elif not result.sections:
        msg += " No sections were recognised; you can name page ranges with “Sections…”."
    return msg


class DocumentsTab(RecordTab):
    noun = "document"
    table_name = "Documents"
    column_table = "documents"
    main_column = "title"
    column_caps = {"kind": 170, "author": 200}  # noqa: RUF012
    add_text = "Import…"
    add_tip = "Import a PDF, Word (.docx) or image file (Insert or Ctrl+I)"

    def __init__(self, services, parent: QWidget | None = None) -> None:
        self.message = MessageLabel()
        self.message.setAccessibleName("Import result")
        self.detail = QLabel()
        self.open_button = QPushButton("Ope&n")
        self.details_button = QPushButton("Detai&ls…")
        self.sections_button = QPushButton("&Sections…")
        self.export_button = QPushButton("E&xport…")
        self.index_button = QPushButton("Page index…")
        #: The running (or last) import, and what the user was told (for tests).
        self.job: Job | None = None
        self.last_result = None
        self._import_name = ""
        super().__init__(services, DocumentsModel(services), parent)
        self.model.setParent(self)
        self.edit_button.hide()  # Enter opens the viewer; "Details…" edits
        self.open_button.setToolTip("Open the document in the page viewer (Enter)")
        self.open_button.clicked.connect(self.open_document)
        self.details_button.setToolTip("Edit the document's kind, title, date, author and how it is cited")
        self.details_button.clicked.connect(self.edit_details)
        self.sections_button.setToolTip("Name the document's sections (ranges of pages)")
        self.sections_button.clicked.connect(self.edit_sections)
        self.export_button.setToolTip("Write a copy of the file outside the casebook (recorded in the "
                                      "audit log)")
        self.export_button.clicked.connect(self.export_document)
        self.index_button.setToolTip("Write a page index for counsel (a Word document): each document, its "
                                     "sections and every cited page with what cites it")
        self.index_button.clicked.connect(self.export_page_index)
        self.table.setAccessibleDescription("Enter opens the document; Insert imports one; Delete deletes.")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName("Selected document")
        self.import_shortcut = QShortcut(QKeySequence("Ctrl+I"), self)
        self.import_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.import_shortcut.activated.connect(lambda: self.add())
        self.setAcceptDrops(True)  # a file dropped on the tab is imported like one chosen with Import…
        self.fit_columns()
        self._on_selection()

    def toolbar_buttons(self) -> list[QPushButton]:
        return [self.add_button, self.open_button, self.details_button, self.sections_button,
                self.export_button, self.index_button, self.delete_button]

    def body(self, table: QTableView) -> QWidget:
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(self.message)
        v.addWidget(table, 1)
        v.addWidget(self.detail)
        return box

    # ------------------------------------------------------------------ showing
    def empty_text(self) -> str:
        if self.client_id is None or self.model.rowCount():
            return ""
        return ("No documents yet. Press Insert (or Import…) to bring in the dossier, a report or a letter: "
                "it is kept inside the encrypted casebook and every page becomes searchable.")

    def clear(self) -> None:
        super().clear()
        self.message.clear_message()
        self.detail.clear()
        self.last_result = None

    def set_client(self, client_id: int | None) -> None:
        if client_id != self.client_id:
            self.message.clear_message()
        super().set_client(client_id)

    def _on_selection(self) -> None:
        super()._on_selection()
        rid = self.selected_id()
        for b in (self.open_button, self.details_button, self.sections_button, self.export_button):
            b.setEnabled(rid is not None)
        self.index_button.setEnabled(self.client_id is not None and self.model.rowCount() > 0
                                     and hasattr(self.services.documents, "export_page_index"))

    def on_selected(self, record_id: int | None) -> None:
        d = self.model.document(record_id) if record_id is not None else None
        if d is None:
            self.detail.clear()
            self.detail.hide()
            return
        bits = [plural(d.pages, "page")]
        if d.unreadable:
            n = plural(len(d.unreadable), "page")
            bits.append(f"no text on {n} (scanned): {page_ranges(d.unreadable)}")
        bits.append(f"cited as “{d.cite_as}”")
        try:
            n = len(self.services.documents.cited_by(d.id))
        except CasebookError:
            n = 0
        if n:
            bits.append(f"{plural(n, 'citation')} on this client's records")
        if d.filename:
            bits.append(f"file {d.filename}")
        if d.version > 1:
            bits.append(f"version {d.version}")
        self.detail.setText("; ".join(bits) + ".")
        self.detail.show()

    # ------------------------------------------------------------------ import
    def add(self, path: str | None = None, details: dict | None = None) -> Job | None:
        """Import a file: choose it, give its details, read it in the background. Returns the job
        (``None`` if the user cancelled before it started)."""
        global _last_folder
        if not self.can_add() or (self.job is not None and self.job.outcome is None):
            return None
        path = path or choose_file(self)
        if not path:
            return None
        _last_folder = str(Path(path).parent)
        if details is None:
            dlg = DocumentDetailsDialog(self.services, self.client_id, filename=Path(path).name, parent=self)
            if not form.run_dialog(dlg):
                return None
            details = dlg.values()
        return self.start_import(path, details)

    def start_import(self, path: str, details: dict) -> Job:
        services, client_id = self.services, self.client_id
        name = Path(path).name
        self.message.clear_message()

        def work(progress, cancelled):
            prepared = services.documents.prepare(path, progress=progress, cancelled=cancelled)
            if cancelled():
                raise Cancelled("the import was cancelled")
            return services.documents.commit(prepared, client_id=client_id, **details)

        job = run_with_progress(work, title="Importing a document", label=f"Reading {name}…",
                                parent=self.window(), name="import-document")
        dialog = job.dialog

        def progressed(done: int, total: int) -> None:
            if total and done >= total:
                dialog.setLabelText("Saving it into the casebook…")
                dialog.setCancelButtonText("")  # nothing to stop now: it is one transaction
            elif total:
                dialog.setLabelText(f"Reading {name}: page {done:,} of {total:,}…")

        job.progressed.connect(progressed)
        # Bound methods, not lambdas: if the casebook locks meanwhile the tab goes, and Qt drops these
        # connections with it.
        self._import_name = name
        job.succeeded.connect(self._imported)
        job.failed.connect(self._import_failed)
        job.was_cancelled.connect(self._import_cancelled)
        self.job = job
        return job

    def _import_failed(self, message: str) -> None:
        name = self._import_name
        if message == GENERIC_FAILURE:
            text = f"{name} could not be imported: something went wrong. Nothing was saved; please try again."
        else:
            text = f"{name} was not imported: {message.rstrip('.')}. Nothing was saved."
        self.message.show_message(text, "error")

    def _import_cancelled(self) -> None:
        self.message.show_message(f"Import of {self._import_name} cancelled. Nothing was saved.", "info")

    def _imported(self, result) -> None:
        self.last_result = result
        if self.client_id is None:  # locked meanwhile
            return
        self.refresh()
        self.select(result.document.id)
        self.table.setFocus()
        kind = "info" if result.duplicate else ("warning" if result.unreadable else "ok")
        self.message.show_message(import_message(result), kind)
        if not result.duplicate:
            self.changed.emit()

    @staticmethod
    def _dropped_file(event) -> str:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        files = [u.toLocalFile() for u in urls if u.isLocalFile() and Path(u.toLocalFile()).is_file()]
        return files[0] if len(files) == 1 else ""

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if self.can_add() and self._dropped_file(event):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        path = self._dropped_file(event)
        if path:
            event.acceptProposedAction()
            # After the drop has finished: the details dialog is modal, and the drag's source waits.
            QTimer.singleShot(0, lambda: self.add(path))

    # ------------------------------------------------------------------ the others
    def edit(self) -> None:
        """Enter and double-click open the viewer (RecordTab calls this "edit")."""
        self.open_document()

    def open_document(self, page: int | None = None):
        rid = self.selected_id()
        if rid is None:
            return None
        try:
            return viewer.open_document(self.services, rid, page, parent=self)
        except NotFound:
            self.refresh()
        except CasebookError as exc:
            self.message.show_message(exc.message[:1].upper() + exc.message[1:])
        return None

    def edit_dialog(self, record_id: int):
        return DocumentDetailsDialog(self.services, self.client_id, document_id=record_id, parent=self)

    def edit_details(self) -> None:
        """Details…: the record tab's edit (Enter and double-click open the viewer instead)."""
        RecordTab.edit(self)

    def edit_sections(self) -> None:
        from ui.dialogs.document_sections import SectionsDialog

        rid = self.selected_id()
        if rid is None:
            return
        try:
            dlg = SectionsDialog(self.services, rid, parent=self)
        except NotFound:
            self.refresh()
            return
        dlg.exec()
        if dlg.changed:
            v = viewer.viewer_of(rid, self.services)
            if v is not None:
                v.reload_sections()
            self.changed.emit()

    def export_document(self) -> str | None:
        global _last_folder
        rid = self.selected_id()
        d = self.model.document(rid) if rid is not None else None
        if d is None:
            return None
        if not export_notice.before_export(self, self.services):  # once a session: not encrypted
            return None
        suggested = d.filename or f"{document_name(d)}.{d.format}"
        path = choose_export_path(self, suggested)
        if not path:
            return None
        _last_folder = str(Path(path).parent)
        try:
            out = self.services.documents.export(rid, path, overwrite=True)  # the save dialog asked
        except CasebookError as exc:
            self.message.show_message(f"Not exported: {exc.message}.", "error")
            return None
        self.message.show_message(f"Exported “{document_name(d)}” to {out}. This copy is not encrypted: "
                                  "keep it safe, and delete it when it is no longer needed.", "warning")
        return str(out)

    def export_page_index(self) -> str | None:
        """The client's page index for counsel, as a Word document where the user says (audited)."""
        global _last_folder
        if self.client_id is None or not self.model.rowCount():
            return None
        if not export_notice.before_export(self, self.services):
            return None
        path = choose_export_path(self, "Page index.docx")
        if not path:
            return None
        if not path.lower().endswith(".docx"):
            path += ".docx"
        _last_folder = str(Path(path).parent)
        try:
            out = self.services.documents.export_page_index(self.client_id, path, overwrite=True)
        except CasebookError as exc:
            self.message.show_message(f"Page index not written: {exc.message}.", "error")
            return None
        self.message.show_message(f"Page index written to {out}. This copy is not encrypted: keep it safe.",
                                  "warning")
        return str(out)

    def delete(self) -> None:
        rid = self.selected_id()
        d = self.model.document(rid) if rid is not None else None
        if d is None:
            return
        try:
            cites = self.services.documents.cited_by(rid)
        except NotFound:
            self.refresh()
            return
        title, question = self.confirm_delete_text(d, cites)
        if not form.confirm(self, title, question, yes="Delete document" if not cites else
                            "Delete document and citations"):
            return
        row = self.model.row_of(rid)
        viewer.close_document(rid)
        try:
            self.services.documents.delete(rid, force=bool(cites))
        except NotFound:
            pass
        self.refresh()
        if self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        self.message.show_message(f"Deleted “{document_name(d)}”.", "info")
        self.changed.emit()

    def confirm_delete_text(self, d, cites) -> tuple[str, str]:  # type: ignore[override]
        what = f"“{document_name(d)}” ({kind_label(d).lower()}, {plural(d.pages, 'page')})"
        if not cites:
            return ("Delete document", f"Delete {what} from the casebook?\n\nIts pages leave the search "
                    "index too. This cannot be undone.")
        lines = [f"  • {c.label}: {c.target_summary}" for c in cites[:12]]
        if len(cites) > 12:
            lines.append(f"  … and {len(cites) - 12} more")
        return ("Delete cited document",
                f"{what[0].upper() + what[1:]} is cited {plural(len(cites), 'time')}:\n\n" + "\n".join(lines)
                + "\n\nDeleting it removes these citations too (the records themselves stay). "
                  "This cannot be undone.")


__all__ = ["DocumentsTab", "choose_export_path", "choose_file", "import_message"]
