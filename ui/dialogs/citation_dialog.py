"""Citations: a page of a document attached to a record ("Dossier p.143 ¶4").

* :class:`CiteDialog` — from the viewer: this page of this document, cited on a record of the client
  (a challenge, an allegation, an item of evidence, a risk assessment or a chronology event) chosen
  in two combo boxes, with an optional paragraph and note.
* :class:`AddCitationDialog` — from a record: choose the document and page (and paragraph), or type the
  citation as it would be written ("Dossier p.143 ¶4", "OASys p 143 para 4", or just "143" when the
  client has one document); ``services.citations.parse`` reads it.

The service checks everything (same client, the page within the document); a bad value is shown
under its own field and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from casebook.domain.dates import format_date
from casebook.errors import CasebookError, ValidationError
from ui.models.chronology_model import one_line
from ui.models.documents import TARGET_LABELS, date_text, document_name
from ui.widgets.form import FormDialog, fill_combo, set_combo


def records_of(services, client_id: int, target: str) -> list[tuple[int, str]]:
    """(id, one-line description) of the client's records of kind ``target``, for a combo box."""
    from ui.models.risk_models import label_of

    out: list[tuple[int, str]] = []
    if target == "challenge":
        for m in services.matters.for_client(client_id):
            for c in services.challenges.for_matter(m.id):
                out.append((c.id, one_line(c.assertion, 90)))
    elif target == "allegation":
        out = [(a.id, one_line(a.text, 90)) for a in services.allegations.for_client(client_id)]
    elif target == "evidence":
        out = [(e.id, f"{format_date(e.date)} — {one_line(e.title, 80)}")
               for e in services.evidence.for_client(client_id)]
    elif target == "assessment":
        out = [(a.id, f"{label_of('tool', a.tool)}, {format_date(a.date)}"
                + (f" ({a.author})" if a.author else "")) for a in services.assessments.for_client(client_id)]
    elif target == "event":
        labels = _event_labels()
        out = [(e.id, f"{format_date(e.date)} — {labels.get(e.type, e.type)}"
                + (f": {one_line(e.text, 70)}" if e.text else ""))
               for e in services.chronology.for_client(client_id)]
    return out


def _event_labels() -> dict[str, str]:
    try:
        from casebook.services.chronology import known_event_types

        return known_event_types()
    except Exception:  # noqa: BLE001 - a label is a nicety
        return {}


def _label(services, citation_id: int) -> str:
    """How the saved citation reads ("Dossier p.143 ¶4"), or "" if it cannot be read back."""
    try:
        return services.citations.view(citation_id).label
    except (CasebookError, AttributeError):
        return ""


class CiteDialog(FormDialog):
    """``CiteDialog(services, client_id, document_id, page, target=None, target_id=None)``."""

    save_label = "Cite"

    def __init__(self, services, client_id: int, document_id: int, page: int, target: str | None = None,
                 target_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Cite this page", parent)
        self.services = services
        self.client_id = client_id
        self.document_id = document_id
        self.page = page
        self.target = target or ""
        self.target_id = target_id or 0
        self.saved_label = ""
        doc = services.documents.get(document_id)
        f = self.form
        what = QLabel(f"{doc.cite_as} p.{page}  ({document_name(doc)}, page {page:,})")
        what.setTextFormat(Qt.TextFormat.PlainText)
        what.setToolTip(what.text())
        f.add("page", "Page", what)
        self.kind = f.add("target", "Cite &on", QComboBox())
        fill_combo(self.kind, [(code, label) for code, label in TARGET_LABELS.items()], target or "challenge")
        self.record = f.add("target_id", "&Record", QComboBox())
        self.record.setMinimumContentsLength(40)
        self.record.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.paragraph = f.add("paragraph", "P&aragraph", QLineEdit(),
                               help_text="Optional: the paragraph as the document numbers it, e.g. 4 or 2.8")
        self.note = f.add("note", "&Note", QLineEdit())
        self.kind.currentIndexChanged.connect(lambda _i: self._fill_records())
        self._fill_records(target_id)
        # The first record kind that has records, if the default has none.
        if self.record.count() == 0 and target is None:
            for code in TARGET_LABELS:
                set_combo(self.kind, code)
                if self.record.count():
                    break
        self.kind.setFocus()

    def _fill_records(self, select: int | None = None) -> None:
        code = self.kind.currentData()
        try:
            recs = records_of(self.services, self.client_id, code) if code else []
        except CasebookError:
            recs = []
        fill_combo(self.record, recs, select)
        self.record.setEnabled(bool(recs))
        if not recs:
            noun = TARGET_LABELS.get(code, "record").lower()
            self.record.setPlaceholderText(f"No {noun} for this client yet")

    def save(self) -> int:
        if self.record.currentData() is None:
            raise ValidationError({"target_id": "is required: choose the record this page is cited on"})
        self.target = self.kind.currentData()
        self.target_id = int(self.record.currentData())
        cite = self.services.citations.add(self.target, self.target_id, self.document_id, self.page,
                                           paragraph=self.paragraph.text().strip(),
                                           note=self.note.text().strip())
        cid = cite if isinstance(cite, int) else cite.id
        self.saved_label = _label(self.services, cid) or f"p.{self.page}"
        return cid


class AddCitationDialog(FormDialog):
    """``AddCitationDialog(services, client_id, target, target_id)``: cite a document's page on a record."""

    save_label = "Add citation"

    def __init__(self, services, client_id: int, target: str, target_id: int, parent: QWidget | None = None,
                 document_id: int | None = None) -> None:
        super().__init__("Add a citation", parent)
        self.services = services
        self.client_id = client_id
        self.target = target
        self.target_id = target_id
        self.saved_label = ""
        self._docs: dict[int, Any] = {d.id: d for d in services.documents.for_client(client_id)}
        f = self.form
        self.typed = f.add("typed", "&Type it", QLineEdit(),
                           help_text="As you would write it: “Dossier p.143 ¶4”, “OASys p 143 para 4”, or a "
                                     "page number. Or choose below.")
        self.typed.setPlaceholderText("e.g. Dossier p.143 ¶4")
        self.document = f.add("document_id", "&Document", QComboBox())
        fill_combo(self.document, [(d.id, self._doc_text(d)) for d in self._docs.values()],
                   document_id if document_id in self._docs else None)
        self.page = f.add("page", "&Page", QSpinBox())
        self.page.setMinimum(1)
        self.paragraph = f.add("paragraph", "P&aragraph", QLineEdit())
        self.note = f.add("note", "&Note", QLineEdit())
        self.document.currentIndexChanged.connect(lambda _i: self._page_range())
        self.typed.textEdited.connect(self._on_typed)
        self._page_range()
        if not self._docs:
            self.form.show_errors({"document_id": "— there are no documents for this client yet: import "
                                                  "one on the Documents tab first"})
        self.typed.setFocus()

    @staticmethod
    def _doc_text(d) -> str:
        """ "Dossier — Parole dossier, 8 November 2026 (52 pages)"."""
        text = f"{d.cite_as} — {document_name(d)}"
        if d.date:
            text += f", {date_text(d.date)}"
        return text + f" ({d.pages:,} page{'' if d.pages == 1 else 's'})"

    def _page_range(self) -> None:
        d = self._docs.get(self.document.currentData())
        self.page.setMaximum(max(1, d.pages if d is not None else 1))

    def _on_typed(self, text: str) -> None:
        """Fill the fields from the typed citation as soon as it reads as one (quietly otherwise)."""
        if not text.strip():
            return
        try:
            doc_id, page, para = self.services.citations.parse(text, self.client_id)
        except CasebookError:
            return
        set_combo(self.document, doc_id)
        self._page_range()
        self.page.setValue(int(page))
        self.paragraph.setText(para or "")

    def save(self) -> int:
        typed = self.typed.text().strip()
        if typed:
            try:
                doc_id, page, para = self.services.citations.parse(typed, self.client_id)
            except ValidationError:
                raise
            except CasebookError as exc:
                raise ValidationError({"typed": exc.message}) from exc
            para = self.paragraph.text().strip() or (para or "")
        else:
            doc_id, page, para = self.document.currentData(), self.page.value(), self.paragraph.text().strip()
            if doc_id is None:
                raise ValidationError({"document_id": "is required: choose one"})
        cite = self.services.citations.add(self.target, self.target_id, int(doc_id), int(page),
                                           paragraph=para, note=self.note.text().strip())
        cid = cite if isinstance(cite, int) else cite.id
        self.saved_label = _label(self.services, cid)
        return cid


__all__ = ["AddCitationDialog", "CiteDialog", "records_of"]
