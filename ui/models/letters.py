"""The Letters tab's tables: the letter templates (shipped and the firm's own), keyed by template id, and
what was generated for a matter (letters and exports, from the audit log through the letters service).

Both hold plain values the service returns; neither reads the casebook on paint.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from casebook.domain.dates import format_date
from casebook.errors import NotFound
from ui.models.base import IdTableModel, ListTableModel, plain_tooltip

SOURCE_LABELS = {"shipped": "Casebook", "user": "Your firm", "file": "File"}
#: What an export that is not a letter is called in the list of what was generated.
KIND_LABELS = {"chronology": "Chronology (Word)", "bundle": "Counsel bundle (.zip)"}


class TemplatesModel(IdTableModel):
    """Every letter template, by title: its title, where it comes from, and what it is for. The row ids
    are the template ids (``representations``); ``template(id)`` gives the service's ``Template``."""

    columns = [
        ("title", "Template"),
        ("source", "From"),
        ("description", "What it is"),
    ]

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self._templates: dict[str, Any] = {}

    def refresh(self) -> None:
        found = list(self.services.letters.templates())
        found.sort(key=lambda t: (t.title.casefold(), t.id))
        self._templates = {t.id: t for t in found}
        self.set_ids([t.id for t in found], [])

    def clear(self) -> None:
        self._templates = {}
        super().clear()

    def template(self, template_id: str | None):
        return self._templates.get(template_id) if template_id is not None else None

    def _fetch(self, record_id):  # type: ignore[override]
        t = self._templates.get(record_id)
        if t is None:
            raise NotFound("that letter template is no longer there")
        return t

    def _value(self, t, key: str) -> str:
        if key == "title":
            return t.title
        if key == "source":
            return SOURCE_LABELS.get(t.source, t.source)
        if key == "description":
            return t.description
        return ""

    def _tooltip(self, t, key: str) -> str | None:
        if key == "source" and t.source == "user":
            return plain_tooltip(f"Your firm's template: {t.path}")
        if key in ("title", "description") and t.description:
            return plain_tooltip(f"{t.title}\n\n{t.description}")
        return None


def when_text(at: str) -> str:
    """An audit timestamp as the user reads it: "2 December 2026, 14:05" (local time)."""
    try:
        moment = _dt.datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return at or ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{format_date(moment.date())}, {moment:%H:%M}"


class GeneratedModel(ListTableModel):
    """What was written for one matter, newest first: when, what (the template's title or the export),
    and the file. ``path_at(row)`` gives the file's full path."""

    columns = [
        ("when", "When"),
        ("what", "What"),
        ("file", "File"),
    ]

    def __init__(self, services, parent=None) -> None:
        super().__init__(parent)
        self.services = services
        self.matter_id: int | None = None

    def set_matter(self, matter_id: int | None, titles: dict[str, str] | None = None) -> None:
        self.matter_id = matter_id
        self.refresh(titles)

    def refresh(self, titles: dict[str, str] | None = None) -> None:
        if self.matter_id is None:
            self.set_rows([])
            return
        titles = titles or {}
        rows = []
        for e in self.services.letters.generated(self.matter_id):
            kind = e.get("kind", "letter")
            what = KIND_LABELS.get(kind) if kind != "letter" else None
            template = str(e.get("template") or "")
            rows.append({
                "when": when_text(str(e.get("when") or "")),
                "what": what or titles.get(template, template),
                "file": Path(str(e.get("to") or "")).name,
                "path": str(e.get("to") or ""),
                "kind": kind,
            })
        self.set_rows(rows)

    def clear(self) -> None:
        self.matter_id = None
        self.set_rows([])

    def path_at(self, row: int) -> str:
        r = self.row_at(row)
        return r["path"] if r else ""

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # type: ignore[override]
        r = self.row_at(index.row()) if index.isValid() else None
        key = self.column_key(index.column()) if index.isValid() else None
        if r is None or key is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return r[key]
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "file" and r["path"]:
                return plain_tooltip(r["path"])
            if key == "what":
                return plain_tooltip(r["what"])
        return None


__all__ = ["GeneratedModel", "KIND_LABELS", "SOURCE_LABELS", "TemplatesModel", "when_text"]
