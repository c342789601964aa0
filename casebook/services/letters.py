"""Letters and Word exports for a matter: the templates there are, the context a template sees, rendering,
writing (atomic, never over an existing file without ``force``, audited), which context fields are empty
for a matter, what was generated when (from the audit log), and the chronology and counsel-bundle
exports (:mod:`casebook.letters.exports`).

The desktop app and the CLI both go through this service. Writing a letter or an export is the user's
explicit choice to take client data out of the encrypted file: each one is recorded in the audit log
(``export``, entity ``letter``/``chronology``/``bundle``, the matter's id, the template and the path).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casebook.errors import BadInput, NotFound
from casebook.files import write_file
from casebook.letters import registry
from casebook.letters.context import build_context, read_setting
from casebook.letters.registry import FOLDER_KEY, Template

if TYPE_CHECKING:
    from casebook.letters.engine import Limits


class LetterService:
    def __init__(self, services) -> None:
        self.svc = services
        self.cb = services.cb
        self.audit = services.audit
        #: The audit log's export entries by matter, read up to the entry ``_exports_seen`` (see
        #: :meth:`_exports_of`).
        self._exports: dict[int | None, list[tuple[str, str, str]]] = {}
        self._exports_seen = -1

    # ---------------------------------------------------------------- settings
    def template_folder(self) -> Path | None:
        """The firm's template folder (setting ``letters.template_folder``), or ``None``."""
        value = read_setting(self.cb, FOLDER_KEY)
        return Path(value).expanduser() if isinstance(value, str) and value.strip() else None

    def set_template_folder(self, folder: str | os.PathLike | None) -> Path | None:
        """Choose (or with ``None`` clear) the firm's template folder; it must exist. Audited."""
        path = Path(folder).expanduser().resolve() if folder else None
        if path is not None and not path.is_dir():
            raise BadInput("that template folder does not exist; choose an existing folder")
        value = json.dumps(str(path) if path else "")
        with self.cb.transaction():
            self.cb.conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (FOLDER_KEY, value),
            )
            self.audit.record("settings", "letters-template-folder", None, {"folder": str(path or "")})
        return path

    def firm(self) -> dict[str, Any]:
        """The firm's letterhead as letters see it (every field present, "" or [] when unset)."""
        from casebook.letters.context import firm_details

        return firm_details(self.cb)

    def set_firm(self, **fields: Any) -> dict[str, Any]:
        """Save the firm's letterhead (``name``, ``address_lines``, ``phone``, ``email``, ``solicitor``,
        ``sra_number``, ``reference``); unknown names are refused. Audited."""
        from casebook.letters.context import FIRM_FIELDS, FIRM_KEY, firm_details

        unknown = sorted(set(fields) - set(FIRM_FIELDS))
        if unknown:
            raise BadInput(f"unknown firm detail: {unknown[0]} (use: {', '.join(FIRM_FIELDS)})")
        current = firm_details(self.cb)
        current.update({k: v for k, v in fields.items() if v is not None})
        with self.cb.transaction():
            self.cb.conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (FIRM_KEY, json.dumps(current)),
            )
            self.audit.record("settings", "letters-firm", None, {"fields": sorted(fields)})
        return firm_details(self.cb)

    # ---------------------------------------------------------------- templates and context
    def templates(self) -> list[Template]:
        return registry.templates(self.template_folder())

    def template(self, template: str | os.PathLike | Template) -> Template:
        """A template by id (shipped or the firm's), a :class:`Template`, or a path to a .docx file."""
        if isinstance(template, Template):
            return template
        if isinstance(template, Path) or (isinstance(template, str) and template.lower().endswith(".docx")):
            path = Path(template).expanduser()
            if not path.is_file():
                from casebook.letters.engine import LetterError

                raise LetterError("the template file does not exist; check the path")
            return Template(path.stem, path.stem, "", "file", path)
        found = registry.find(str(template), self.template_folder())
        if found is None:
            ids = ", ".join(t.id for t in self.templates()) or "none installed"
            raise NotFound(f"no letter template '{template}' (templates: {ids})")
        return found

    def context(self, matter_id: int, *, addressee: int | None = None,
                template: str | os.PathLike | Template | None = None) -> dict[str, Any]:
        """What a template sees for the matter. ``addressee``: one of the matter's contacts (its own or
        its client's general ones; any other is refused); without one, a ``template`` known to write
        to someone in particular (:data:`ADDRESSEE_ROLES`) is addressed to the matter's first contact
        in that role, and any other letter has ``addressee`` null."""
        ctx = build_context(self.svc, matter_id, addressee=addressee)
        if addressee is None and template is not None:
            ctx["addressee"] = default_addressee(self.template(template).id, ctx["contacts"])
        return ctx

    def addressees(self, matter_id: int) -> list:
        """The contacts a letter on the matter may be addressed to: the matter's own, then its client's
        general ones (:class:`casebook.domain.contacts.Contact`)."""
        return self.svc.contacts.list_for_matter(matter_id)

    def render(
        self,
        template: str | os.PathLike | Template,
        matter_id: int,
        *,
        limits: Limits | None = None,
        context: dict[str, Any] | None = None,
        addressee: int | None = None,
    ) -> bytes:
        """The letter's .docx bytes (nothing is written). ``addressee``: a contact's id (see
        :meth:`context`)."""
        from casebook.letters.engine import render

        t = self.template(template)
        if context is None:
            context = self.context(matter_id, addressee=addressee, template=t)
        return render(t.path, context, limits=limits)

    def write(
        self,
        template: str | os.PathLike | Template,
        matter_id: int,
        out: str | os.PathLike,
        *,
        force: bool = False,
        limits: Limits | None = None,
        addressee: int | None = None,
    ) -> Path:
        """Render and write the letter to ``out`` (whole or not at all; an existing file only with
        ``force``); recorded in the audit log (with the addressee's contact id, never their name).
        ``addressee``: a contact's id (see :meth:`context`)."""
        out = Path(out)
        _check_target(out, force)
        t = self.template(template)
        ctx = self.context(matter_id, addressee=addressee, template=t)
        data = self.render(t, matter_id, limits=limits, context=ctx)
        path = write_file(out, data, force)
        detail = {"template": t.id, "source": t.source, "to": str(path), "bytes": len(data)}
        if ctx.get("addressee"):
            detail["addressee"] = ctx["addressee"]["id"]
        self.audit.record("export", "letter", matter_id, detail)
        return path

    def empty_fields(self, template: str | os.PathLike | Template, matter_id: int, *,
                     context: dict[str, Any] | None = None) -> list[str]:
        """The context fields the template uses that are empty for this matter (``client.pnc``,
        ``hearing``, ``evidence`` …), in the order the template first uses them. ``context``: the
        matter's context if the caller has built it already."""
        from casebook.letters.lint import used_fields

        t = self.template(template)
        ctx = context if context is not None else self.context(matter_id, template=t)
        out: list[str] = []
        for dotted in used_fields(t.path):
            value: Any = ctx
            for part in dotted.split("."):
                if isinstance(value, dict) and part in value:
                    value = value[part]
                else:
                    value = _MISSING
                    break
            if value is _MISSING:
                continue
            if value in ("", None, [], {}) and dotted not in out:
                out.append(dotted)
        return out

    def generated(self, matter_id: int, limit: int = 200) -> list[dict[str, Any]]:
        """What was written for this matter, newest first (from the audit log): ``{when, template, to,
        kind}`` — ``when`` the audit timestamp, ``kind`` letter, chronology or bundle, ``template`` the
        template's id (for a letter) or the kind."""
        rows = self._exports_of(matter_id)[::-1][: max(0, int(limit))]
        out = []
        for at, entity, detail in rows:
            try:
                d = json.loads(detail or "{}")
            except ValueError:
                d = {}
            out.append(
                {"when": at, "template": d.get("template") or entity, "to": d.get("to", ""), "kind": entity}
            )
        return out

    def _exports_of(self, matter_id: int) -> list[tuple[str, str, str]]:
        """The matter's export entries in the audit log, oldest first: ``(at, entity, detail)``.

        The audit log has no index by matter, and opening a matter asked it for the matter's exports
        with a scan of every entry ever made (216,000 in a ten-year casebook: 150–340 ms each time).
        The log is append-only (its triggers refuse any update or delete), so the export entries are
        read once and afterwards only the entries added since (by id, the table's own key). Inside an
        open transaction the entries are read afresh and nothing is kept (they may be rolled back)."""
        sql = ("SELECT at, entity, entity_id, detail FROM audit WHERE id > ? AND id <= ? "
               "AND action = 'export' AND entity IN ('letter', 'chronology', 'bundle') ORDER BY id")
        conn = self.cb.conn
        with self.cb.lock:  # (a worker thread writes under the same lock)
            if conn.in_transaction:
                return [(at, entity, detail) for at, entity, eid, detail in conn.execute(sql, (0, 2**63 - 1))
                        if eid == matter_id]
            top = conn.execute("SELECT max(id) FROM audit").fetchone()[0] or 0
            if top > self._exports_seen:
                for at, entity, eid, detail in conn.execute(sql, (max(self._exports_seen, 0), top)):
                    self._exports.setdefault(eid, []).append((at, entity, detail))
                self._exports_seen = top
            return list(self._exports.get(matter_id, ()))

    # ---------------------------------------------------------------- exports
    def export_chronology(self, matter_id: int, out: str | os.PathLike, *, force: bool = False) -> Path:
        from casebook.letters import exports

        out = Path(out)
        _check_target(out, force)
        ctx = self.context(matter_id)
        data = exports.chronology_docx(ctx)
        path = write_file(out, data, force)
        self.audit.record(
            "export", "chronology", matter_id, {"to": str(path), "events": len(ctx["chronology"])}
        )
        return path

    def export_bundle(
        self,
        matter_id: int,
        out: str | os.PathLike,
        *,
        force: bool = False,
        pdf: bool | None = None,
        progress=None,
        cancelled=None,
    ) -> Path:
        """The counsel bundle (.zip); PDFs beside the .docx files when LibreOffice is present (``pdf``:
        ``None`` = when present, ``False`` = never)."""
        from casebook.letters import exports

        out = Path(out)
        _check_target(out, force)
        result = exports.bundle(self, matter_id, pdf=pdf, progress=progress, cancelled=cancelled)
        path = write_file(out, result.data, force)
        self.audit.record(
            "export", "bundle", matter_id, {"to": str(path), "files": result.names, "pdf": result.pdf}
        )
        return path


_MISSING = object()

#: Where the value of a context field is entered (the desktop app's "go to where to fill it").
_HOMES = (
    ("firm.", "settings"),
    ("client.", "client"),
    ("sentences", "sentences"),
    ("key_dates", "sentences"),
    ("milestones", "sentences"),
    ("matter.", "matter"),
    ("deadlines", "chronology"),
    ("next_deadline", "chronology"),
    ("chronology", "chronology"),
    ("material_facts", "chronology"),
    ("hearing", "chronology"),
    ("assessments", "risk"),
    ("recommendations", "risk"),
    ("risk_factors", "risk"),
    ("evidence", "evidence"),
    ("programmes", "programmes"),
    ("challenges", "challenges"),
    ("allegations", "challenges"),
    ("documents", "documents"),
    ("contacts", "contacts"),
    ("addressee", "contacts"),
)

#: Templates written to someone in particular: without a chosen addressee, the letter goes to the
#: matter's first contact (its own before its client's general ones) with one of these roles. A
#: firm's template of the same id follows the same rule; any other template has no default.
ADDRESSEE_ROLES: dict[str, tuple[str, ...]] = {
    "expert-instructions": ("independent-psychologist", "expert"),
    "counsel-instructions": ("counsel",),
    "assessment-correction-request": ("pom", "com", "psychologist"),
}


def default_addressee(template_id: str, contacts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The context's contact a letter from ``template_id`` goes to when none is chosen (or None)."""
    roles = ADDRESSEE_ROLES.get(template_id, ())
    for role in roles:  # in the order of preference
        for c in contacts:
            if c["role"] == role:
                return c
    return None


def where_to_fill(field: str) -> str:
    """Where a context field (``client.pnc``, ``hearing``, ``evidence`` …) is filled in: ``settings``,
    ``client``, ``sentences``, ``matter``, ``chronology``, ``risk``, ``evidence``, ``programmes``,
    ``challenges``, ``documents`` or ``contacts`` ("" for ``today`` and anything unknown)."""
    for prefix, home in _HOMES:
        if field == prefix.rstrip(".") or field.startswith(prefix if prefix.endswith(".") else prefix):
            return home
    return ""


def _check_target(out: Path, force: bool) -> None:
    """Refuse early (before any work) what :func:`casebook.files.write_file` would refuse at the end."""
    if out.is_dir():
        raise BadInput("that is a folder; give the file name to export to")
    if not out.parent.is_dir():
        raise BadInput("that folder does not exist; choose an existing folder")
    if out.exists() and not force:
        raise BadInput("that file already exists; choose another name (or --force to replace it)")


__all__ = ["ADDRESSEE_ROLES", "LetterService", "default_addressee", "where_to_fill"]
