"""Documents inside the casebook: import, pages, sections, page search, export, delete — and citations.

**Import** runs in two halves so the desktop can do the slow one off the GUI thread:
:meth:`DocumentService.prepare` reads the file (or takes its bytes), checks its size against the
configured limit, hashes it and extracts every page's text (:mod:`casebook.documents`), reporting
progress and stopping when cancelled — it touches nothing in the casebook. :meth:`DocumentService.commit`
then writes the description, the bytes, every page and the sections found in **one transaction**: a
cancelled or failed import leaves nothing behind. The same bytes imported again for the same client are
recognised and nothing is added. A parole dossier imported where the client already has one is kept as
its next version: both are kept, and the result says what changed (page count, new pages, new sections).

The bytes never touch the disk outside the encrypted file: pages are rendered and searched from memory
(:class:`casebook.documents.Reader`). An export is the user's explicit choice and is audited.

**Search** is per page: ``page_index`` (FTS5 over ``document_pages``) answers a phrase across every
page of every document, ranked, with the document, its section and a snippet marking the match.

**Citations** tie a challenge, allegation, item of evidence, assessment or chronology event to a page
of one of the same client's documents (optionally a paragraph) and print as "Dossier p.143 ¶4". A
document that is cited is deleted only when the caller says so (``force``), after being told what
cites it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.documents import Extracted, Reader, Section, VersionDiff, diff, extract, parse_pages, recognise
from casebook.domain.documents import Document, DocumentSection, cite_label, page_ranges
from casebook.domain.records import CITATIONS, DOCUMENT_SECTIONS, DOCUMENTS
from casebook.domain.vocabulary import CITATION_TARGETS, DOCUMENT_KINDS, event_type_labels
from casebook.errors import BadInput, NotFound, ValidationError
from casebook.files import write_file
from casebook.services.records import RecordStore, as_id, belongs_to_client
from casebook.services.search import fts_phrases, fts_query

#: The settings key of the largest document the casebook takes, in bytes.
LIMIT_KEY = "documents.max_bytes"
DEFAULT_MAX_BYTES = 500 * 1024 * 1024
#: A word on more pages than this is too common to rank by (see :meth:`DocumentService.search`). Ranking
#: costs 25–50 µs a matching page while SQLCipher's memory security is on (bench/bench_documents.py):
#: 600 keeps a ranked search of twenty 1,000-page dossiers near 20 ms.
BROAD_PAGES = 600
#: SQLite keeps a value of at most 1,000,000,000 bytes; the limit stays well inside it.
CEILING_BYTES = 900 * 1024 * 1024

Progress = Callable[[int, int], None]


class DocumentCited(BadInput):
    """A document about to be deleted is cited; ``citations`` says by what."""

    def __init__(self, document_id: int, citations: list[CitationView]) -> None:
        self.citations = citations
        what = ", ".join(sorted({f"{c.target} {c.target_id}" for c in citations}))
        n = len(citations)
        super().__init__(
            f"document {document_id} is cited {n} time{'s' if n != 1 else ''} (by {what}); remove those "
            "citations first, or delete it anyway with --force (its citations go with it)")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:,.0f} KB"


@dataclass
class Prepared:
    """A file read and extracted, ready to :meth:`DocumentService.commit`. Holds its bytes in memory."""

    data: bytes = field(repr=False)
    filename: str
    sha256: str
    extracted: Extracted = field(repr=False)
    sections: list[Section]

    @property
    def pages(self) -> int:
        return len(self.extracted.pages)


@dataclass
class ImportResult:
    document: Document
    duplicate: bool = False
    unreadable: list[int] = field(default_factory=list)
    sections: list[DocumentSection] = field(default_factory=list)
    changes: VersionDiff | None = None
    previous: Document | None = None
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.document.id, "pages": self.document.pages, "duplicate": self.duplicate,
            "version": self.document.version, "previous": self.previous.id if self.previous else None,
            "unreadable": list(self.unreadable),
            "sections": [DOCUMENT_SECTIONS.to_json(s) for s in self.sections],
            "changes": None if self.changes is None else {
                "old_pages": self.changes.old_pages, "new_pages": self.changes.new_pages,
                "new_page_ranges": [list(r) for r in self.changes.new_page_ranges],
                "dropped_pages": self.changes.dropped_pages,
                "new_sections": list(self.changes.new_sections),
                "dropped_sections": list(self.changes.dropped_sections),
                "summary": self.changes.summary()},
            "message": self.message,
        }


@dataclass
class PageHit:
    """A page that matches a search."""

    document_id: int
    client_id: int
    title: str
    cite_as: str
    kind: str
    page: int
    section: str
    snippet: str
    client_name: str = ""

    @property
    def label(self) -> str:
        return cite_label(self.cite_as, self.page)

    def to_json(self) -> dict[str, Any]:
        return {"document": self.document_id, "client": self.client_id, "title": self.title,
                "cite_as": self.cite_as, "page": self.page, "section": self.section,
                "label": self.label, "snippet": self.snippet}


@dataclass
class CitationView:
    """A citation with what it points at and what makes it: ready to show or print."""

    id: int
    document_id: int
    page: int
    paragraph: str
    note: str
    target: str
    target_id: int
    label: str           # "Dossier p.143 ¶4"
    section: str         # the page's section, "" if none
    document_title: str
    target_summary: str  # "Challenge 4: “shows no insight”"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "document": self.document_id, "page": self.page, "paragraph": self.paragraph,
                "note": self.note, "target": self.target, "target_id": self.target_id, "label": self.label,
                "section": self.section, "document_title": self.document_title,
                "cited_by": self.target_summary}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_SECTION_SQL = ("(SELECT s.name FROM document_sections s WHERE s.document_id = {doc} AND {page} "
                "BETWEEN s.first_page AND s.last_page ORDER BY s.last_page - s.first_page, s.id LIMIT 1)")


def _clip(text: str, n: int = 60) -> str:
    s = " ".join((text or "").split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


_JUNK_TITLE = re.compile(r"^(untitled|document\d*|doc\d*|microsoft (word|powerpoint|excel)\b.*"
                         r"|.*\.(docx?|rtf|odt|pdf|tiff?|jpe?g|png))$", re.IGNORECASE)
_JUNK_NAME = re.compile(r"(scan|img|image|document|doc|file|untitled)?[\s\-]*\d*", re.IGNORECASE)


def _usable_title(title: str) -> str:
    """A file's own title, unless it is one a program made up ("Microsoft Word - doc1.docx", "Untitled")."""
    s = " ".join((title or "").split())
    return "" if not s or len(s) > 200 or _JUNK_TITLE.match(s) else s


def _title_from_filename(filename: str) -> str:
    """"OASys_March-2026.pdf" → "OASys March-2026"; "" for a name that says nothing ("scan0001.jpg")."""
    stem = Path(filename or "").stem.replace("_", " ").strip()
    stem = " ".join(stem.split())
    if not stem or _JUNK_NAME.fullmatch(stem):
        return ""
    return (stem[0].upper() + stem[1:] if stem.islower() else stem)[:200]


class DocumentService(RecordStore):
    """Documents of a client (see the module's docstring)."""

    def __init__(self, cb, audit) -> None:
        super().__init__(DOCUMENTS, cb, audit)
        self.sections_store = RecordStore(DOCUMENT_SECTIONS, cb, audit)
        self.citations: CitationService | None = None  # set by Services

    # ------------------------------------------------------------------ the size limit
    def max_bytes(self) -> int:
        row = self.cb.conn.execute("SELECT value FROM settings WHERE key = ?", (LIMIT_KEY,)).fetchone()
        try:
            return int(json.loads(row[0])) if row else DEFAULT_MAX_BYTES
        except (TypeError, ValueError):
            return DEFAULT_MAX_BYTES

    def set_max_bytes(self, n: int) -> int:
        try:
            n = int(n)
        except (TypeError, ValueError):
            raise BadInput("the document size limit must be a whole number of megabytes") from None
        if not 1024 * 1024 <= n <= CEILING_BYTES:
            raise BadInput(f"the document size limit must be from 1 MB to {_mb(CEILING_BYTES)}")
        with self.cb.transaction():
            self.cb.conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (LIMIT_KEY, str(n)))
            self.audit.record("settings", "document-limit", None, {"max_bytes": n})
        return n

    # ------------------------------------------------------------------ importing
    def prepare(self, source: str | os.PathLike | bytes, *, filename: str | None = None,
                progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
                max_bytes: int | None = None) -> Prepared:
        """Read, check and extract a file without touching the casebook (safe on a worker thread)."""
        limit = max_bytes if max_bytes is not None else self.max_bytes()
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
            name = filename or ""
            if len(data) > limit:
                raise BadInput(self._too_big(len(data), limit))
        else:
            path = Path(source)
            name = filename or path.name
            if not path.exists():
                raise NotFound("there is no file at that path; check the name and folder")
            if not path.is_file():
                raise BadInput("that path is a folder, not a file; choose a PDF, Word (.docx) or image file")
            size = path.stat().st_size
            if size > limit:
                raise BadInput(self._too_big(size, limit))
            try:
                data = path.read_bytes()
            except OSError:
                raise BadInput("that file cannot be read (permission denied or in use); "
                               "close it elsewhere or copy it, then import again") from None
        extracted = extract(data, name, progress=progress, cancelled=cancelled)
        sections = recognise(extracted.pages, extracted.outline)
        return Prepared(data=data, filename=name, sha256=_sha256(data), extracted=extracted,
                        sections=sections)

    @staticmethod
    def _too_big(size: int, limit: int) -> str:
        return (f"that file is {_mb(size)}, over the {_mb(limit)} limit for one document; split it, "
                "or raise the limit (casebook document limit MB, or Preferences in the app)")

    def commit(self, prepared: Prepared, *, client_id: int, kind: str, title: str | None = None,
               date: Any = None, author: str | None = None, matter_id: int | None = None,
               cite_as: str | None = None, previous_id: int | None = None) -> ImportResult:
        """Save a prepared file as a document of ``client_id``, in one transaction (holds ``cb.lock``)."""
        with self.cb.lock:
            return self._commit(prepared, client_id=client_id, kind=kind, title=title, date=date,
                                author=author, matter_id=matter_id, cite_as=cite_as, previous_id=previous_id)

    def _commit(self, prepared: Prepared, *, client_id, kind, title, date, author, matter_id, cite_as,
                previous_id) -> ImportResult:
        conn = self.cb.conn
        self.check_parent(client_id)
        dup = conn.execute("SELECT id FROM documents WHERE client_id = ? AND sha256 = ? ORDER BY id LIMIT 1",
                           (client_id, prepared.sha256)).fetchone()
        if dup:
            doc = self.get(int(dup[0]))
            return ImportResult(
                document=doc, duplicate=True, unreadable=list(doc.unreadable),
                sections=self.sections(doc.id),
                message=(f"This file is already in the casebook as “{doc.title}” (document {doc.id}, "
                         f"{doc.pages} pages); nothing was added."))
        kind = (kind or "").strip()
        previous = self._previous_for(client_id, kind, previous_id)
        ex = prepared.extracted
        default_cite = DOCUMENT_KINDS.get(kind, ("", "Document"))[1]
        default_title = (_usable_title(ex.title) or _title_from_filename(prepared.filename)
                         or DOCUMENT_KINDS.get(kind, ("Document",))[0])
        fields = {
            "kind": kind,
            "title": title if title and str(title).strip() else (
                previous.title if previous else default_title),
            "cite_as": cite_as if cite_as and str(cite_as).strip() else (
                previous.cite_as if previous else default_cite),
            "date": date,
            "author": author if author is not None else ex.author,
            "matter_id": matter_id,
        }
        values = self.validate(fields, new=True, parent_id=client_id)
        self._check_matter(values.get("matter_id"), client_id)
        renamed: str | None = None
        with self.cb.transaction():
            if previous is not None and values["cite_as"] == previous.cite_as:
                renamed = self._unique_cite_as(client_id, f"{previous.cite_as} v{previous.version}",
                                               exclude=previous.id)
                self.apply(previous.id, previous, {"cite_as": renamed})
            values["cite_as"] = self._unique_cite_as(client_id, values["cite_as"])
            unreadable = ex.unreadable
            values.update({
                "client_id": client_id, "filename": prepared.filename, "format": ex.format, "mime": ex.mime,
                "size": len(prepared.data), "sha256": prepared.sha256, "pages": len(ex.pages),
                "unreadable": list(unreadable),
                "previous_id": previous.id if previous else None,
                "version": (previous.version + 1) if previous else 1,
            })
            doc_id = self.insert(values)
            conn.execute("INSERT INTO document_files(document_id, data) VALUES (?, ?)",
                         (doc_id, prepared.data))
            conn.executemany(
                "INSERT INTO document_pages(document_id, page, text, has_text) VALUES (?, ?, ?, ?)",
                [(doc_id, p.number, p.text, 1 if p.has_text else 0) for p in ex.pages])
            stamp = self.clock.now_iso()
            conn.executemany(
                "INSERT INTO document_sections(document_id, name, first_page, last_page, source, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(doc_id, s.name, s.first, s.last, s.source, stamp, stamp) for s in prepared.sections])
            changes = None
            if previous is not None:
                old_texts = [r[0] for r in conn.execute(
                    "SELECT text FROM document_pages WHERE document_id = ? ORDER BY page", (previous.id,))]
                changes = diff(old_texts, [p.text for p in ex.pages],
                               [s.name for s in self.sections(previous.id)],
                               [s.name for s in prepared.sections])
        doc = self.get(doc_id)
        return ImportResult(document=doc, unreadable=list(unreadable), sections=self.sections(doc_id),
                            changes=changes, previous=self.get(previous.id) if previous else None,
                            message=self._import_message(doc, prepared.sections, changes, previous, renamed))

    def add(self, source: str | os.PathLike | bytes, *, client_id: int, kind: str,
            filename: str | None = None, progress: Progress | None = None,
            cancelled: Callable[[], bool] | None = None,
            **details: Any) -> ImportResult:
        """:meth:`prepare` then :meth:`commit` (the command line's import)."""
        if kind not in DOCUMENT_KINDS:
            raise ValidationError({"kind": "must be one of: " + ", ".join(DOCUMENT_KINDS)})
        if not self.cb.conn.execute("SELECT 1 FROM clients WHERE id = ?", (client_id,)).fetchone():
            raise NotFound(f"no client with id {client_id}")
        prepared = self.prepare(source, filename=filename, progress=progress, cancelled=cancelled)
        return self.commit(prepared, client_id=client_id, kind=kind, **details)

    def _check_matter(self, matter_id: int | None, client_id: int) -> None:
        if matter_id is not None and not belongs_to_client(self.cb, "matters", matter_id, client_id):
            raise ValidationError({"matter_id": "must be a matter of the same client"})

    def _previous_for(self, client_id: int, kind: str, previous_id: int | None) -> Document | None:
        if previous_id is not None:
            prev = self.get(int(previous_id))
            if prev.client_id != client_id:
                raise ValidationError({"previous_id": "must be a document of the same client"})
            return prev
        if kind != "dossier":
            return None
        row = self.cb.conn.execute(
            "SELECT id FROM documents d WHERE client_id = ? AND kind = 'dossier' AND NOT EXISTS "
            "(SELECT 1 FROM documents n WHERE n.previous_id = d.id) ORDER BY version DESC, id DESC LIMIT 1",
            (client_id,)).fetchone()
        return self.get(int(row[0])) if row else None

    def _unique_cite_as(self, client_id: int, wanted: str, exclude: int | None = None) -> str:
        taken = {str(r[0]).casefold() for r in self.cb.conn.execute(
            "SELECT cite_as FROM documents WHERE client_id = ? AND id IS NOT ?", (client_id, exclude))}
        if wanted.casefold() not in taken:
            return wanted
        n = 2
        while f"{wanted} {n}".casefold() in taken:
            n += 1
        return f"{wanted} {n}"

    def _import_message(self, doc: Document, sections: list[Section], changes: VersionDiff | None,
                        previous: Document | None, renamed: str | None) -> str:
        parts = [f"Imported {doc.pages} page{'s' if doc.pages != 1 else ''} as “{doc.title}” "
                 f"(cited as {doc.cite_as})."]
        if doc.unreadable:
            n = len(doc.unreadable)
            parts.append(f"{n} page{'s have' if n != 1 else ' has'} no text to search (scanned or blank): "
                         f"{page_ranges(doc.unreadable)}.")
        if sections:
            parts.append(f"{len(sections)} section{'s' if len(sections) != 1 else ''} found "
                         f"({'bookmarks' if sections[0].source == 'outline' else 'the index page'}).")
        if previous is not None and changes is not None:
            parts.append(f"Version {doc.version} of “{previous.title}”: {changes.summary()}")
            if renamed:
                parts.append(f"The earlier version is now cited as {renamed}.")
            n = self.cb.conn.execute("SELECT count(*) FROM citations WHERE document_id = ?",
                                     (previous.id,)).fetchone()[0]
            if n:
                parts.append(f"{n} citation{'s' if n != 1 else ''} still point{'s' if n == 1 else ''} at "
                             "the earlier version.")
        return " ".join(parts)

    # ------------------------------------------------------------------ reading
    def for_client(self, client_id: int, matter_id: int | None = None) -> list[Document]:
        if matter_id is not None:
            return self.where("client_id = ? AND matter_id = ?", (client_id, matter_id))
        return self.where("client_id = ?", (client_id,))

    def update(self, document_id: int, **fields: Any) -> dict[str, list]:
        doc = self.get(document_id)
        if fields.get("matter_id") not in (None, ""):
            self._check_matter(as_id(fields["matter_id"]), doc.client_id)
        if "cite_as" in fields and str(fields["cite_as"] or "").strip():
            wanted = str(fields["cite_as"]).strip()
            if self._unique_cite_as(doc.client_id, wanted, exclude=document_id) != wanted:
                raise ValidationError(
                    {"cite_as": "is already how another of this client's documents is cited"})
        return self.modify(document_id, fields)

    def content(self, document_id: int) -> bytes:
        row = self.cb.conn.execute("SELECT data FROM document_files WHERE document_id = ?",
                                   (document_id,)).fetchone()
        if row is None:
            raise NotFound(f"no document with id {document_id}")
        return bytes(row[0])

    def reader(self, document_id: int) -> Reader:
        """The document open in memory (render, find); close it when done."""
        doc = self.get(document_id)
        return Reader(self.content(document_id), doc.format)

    def check_page(self, doc: Document, page: int) -> int:
        """``page`` as a whole number within the document, else one line saying its range."""
        try:
            page = int(page)
        except (TypeError, ValueError):
            raise BadInput("the page must be a whole number") from None
        if not 1 <= page <= doc.pages:
            raise BadInput(f"page {page} is not in document {doc.id} (it has pages 1–{doc.pages})")
        return page

    def page_text(self, document_id: int, page: int) -> str:
        doc = self.get(document_id)
        page = self.check_page(doc, page)
        row = self.cb.conn.execute("SELECT text FROM document_pages WHERE document_id = ? AND page = ?",
                                   (document_id, page)).fetchone()
        return row[0] if row else ""

    def page_has_text(self, document_id: int, page: int) -> bool:
        doc = self.get(document_id)
        return self.check_page(doc, page) not in doc.unreadable

    def versions(self, document_id: int) -> list[Document]:
        """The document's versions, oldest first (following ``previous_id`` both ways)."""
        doc = self.get(document_id)
        chain = [doc]
        seen = {doc.id}
        while chain[0].previous_id is not None and chain[0].previous_id not in seen:
            chain.insert(0, self.get(chain[0].previous_id))
            seen.add(chain[0].id)
        while True:
            nxt = self.cb.conn.execute("SELECT id FROM documents WHERE previous_id = ? ORDER BY id LIMIT 1",
                                       (chain[-1].id,)).fetchone()
            if not nxt or nxt[0] in seen:
                break
            chain.append(self.get(int(nxt[0])))
            seen.add(chain[-1].id)
        return chain

    # ------------------------------------------------------------------ sections
    def sections(self, document_id: int) -> list[DocumentSection]:
        return self.sections_store.where("document_id = ?", (document_id,))

    def add_section(self, document_id: int, name: str, pages: str | None = None, *,
                    first: int | None = None, last: int | None = None) -> int:
        """Name a run of pages: ``pages="120-185"`` (or ``first``/``last``)."""
        doc = self.get(document_id)
        if pages is not None:
            first, last = parse_pages(pages)
        if first is None:
            raise ValidationError({"first_page": "is required: a page number from 1"})
        last = first if last is None else last
        values = self.sections_store.validate({"name": name, "first_page": first, "last_page": last,
                                               "source": "user"}, new=True, parent_id=document_id)
        for key in ("first_page", "last_page"):
            if values[key] > doc.pages:
                raise ValidationError({key: f"is beyond the last page ({doc.pages})"})
        return self.sections_store.insert({"document_id": document_id, **values})

    def update_section(self, section_id: int, **fields: Any) -> dict[str, list]:
        sec = self.sections_store.get(section_id)
        doc = self.get(sec.document_id)
        if "pages" in fields:
            fields["first_page"], fields["last_page"] = parse_pages(fields.pop("pages"))
        values = self.sections_store.validate(fields, new=False, id_=section_id, before=sec)
        for key in ("first_page", "last_page"):
            if values.get(key) and values[key] > doc.pages:
                raise ValidationError({key: f"is beyond the last page ({doc.pages})"})
        if "source" not in values and values:
            values["source"] = "user"
        return self.sections_store.apply(section_id, sec, values)

    def remove_section(self, section_id: int) -> None:
        self.sections_store.delete(section_id)

    def section_of(self, document_id: int, page: int) -> str:
        row = self.cb.conn.execute(
            "SELECT " + _SECTION_SQL.format(doc="?", page="?"), (document_id, page)).fetchone()
        return (row[0] or "") if row else ""

    # ------------------------------------------------------------------ search
    def _page_rowids(self, document_id: int) -> tuple[int, int] | None:
        row = self.cb.conn.execute("SELECT min(id), max(id) FROM document_pages WHERE document_id = ?",
                                   (document_id,)).fetchone()
        return (int(row[0]), int(row[1])) if row and row[0] is not None else None

    def search(self, text: str, client_id: int | None = None, document_id: int | None = None,
               limit: int = 50) -> list[PageHit]:
        """Pages matching ``text`` (every word; "quoted phrases" as phrases).

        Ranked best first (BM25) — unless a word of the query is on more than :data:`BROAD_PAGES`
        pages of the casebook: BM25 weighs each word by counting every page it is on, which for a word
        like "risk" across twenty dossiers takes longer than a search should. Such a query lists its
        pages in reading order instead, newest document first, so it still answers at once."""
        q = fts_query(text)
        if not q:
            return []
        spans: list[tuple[int, int]] | None  # runs of page rowids to search, newest first; None: all
        if document_id is not None:
            spans = [s for s in [self._page_rowids(document_id)] if s]
        elif client_id is not None:
            spans = self._spans(client_id)
        else:
            spans = None
        if spans == []:
            return []
        conn = self.cb.conn
        broad = any(
            len(conn.execute("SELECT rowid FROM page_index WHERE page_index MATCH ? LIMIT ?",
                             (ph, BROAD_PAGES + 1)).fetchall()) > BROAD_PAGES
            for ph in fts_phrases(text))
        if broad:
            rows = self._in_reading_order(q, spans, limit)
        elif spans is None:
            rows = conn.execute(self._hits_sql(ranged=False, order="rank"), (q, limit)).fetchall()
        else:
            rows = []
            for lo, hi in spans:
                rows += conn.execute(self._hits_sql(ranged=True, order="rank"), (q, lo, hi, limit)).fetchall()
            rows.sort(key=lambda r: r[0])
        return [PageHit(document_id=r[2], client_id=r[3], title=r[4], cite_as=r[5], kind=r[6], page=r[7],
                        section=r[8] or "", snippet=" ".join((r[9] or "").split()), client_name=r[10])
                for r in rows[:limit]]

    def _in_reading_order(self, q: str, spans: list[tuple[int, int]] | None, limit: int) -> list[tuple]:
        """Hits newest document first, each document's pages in order, reading documents one at a time
        until ``limit`` hits are found (a word this common is in most documents, so one or two do). No
        "newest hit" probe: FTS5 answers ORDER BY rowid DESC for a prefix by merging every matching word's
        pages (40–55 ms for "risk" over 20,000 pages)."""
        conn = self.cb.conn
        sql = self._hits_sql(ranged=True, order="page_index.rowid")
        rows: list[tuple] = []
        if spans is None:
            ids = (r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id DESC").fetchall())
            spans_iter = (s for i in ids for s in [self._page_rowids(i)] if s)
        else:
            spans_iter = iter(spans)
        for lo, hi in spans_iter:
            rows += conn.execute(sql, (q, lo, hi, limit - len(rows))).fetchall()
            if len(rows) >= limit:
                break
        return rows

    def _spans(self, client_id: int) -> list[tuple[int, int]]:
        """The runs of page rowids of the client's documents, newest first: a document's pages are one
        run of rowids (inserted together), so FTS5 can seek to them."""
        ids = [r[0] for r in self.cb.conn.execute(
            "SELECT id FROM documents WHERE client_id = ? ORDER BY id DESC", (client_id,))]
        return [s for i in ids for s in [self._page_rowids(i)] if s]

    @staticmethod
    def _hits_sql(*, ranged: bool, order: str) -> str:
        rng = " AND page_index.rowid BETWEEN ? AND ?" if ranged else ""
        return (
            f"SELECT {'rank' if order == 'rank' else '0'}, page_index.rowid, p.document_id, d.client_id, "
            "d.title, d.cite_as, d.kind, p.page, "
            + _SECTION_SQL.format(doc="p.document_id", page="p.page") + ", "
            "snippet(page_index, 0, '[', ']', ' … ', 14), coalesce(c.name, '') "
            "FROM page_index JOIN document_pages p ON p.id = page_index.rowid "
            "JOIN documents d ON d.id = p.document_id LEFT JOIN clients c ON c.id = d.client_id "
            f"WHERE page_index MATCH ?{rng} ORDER BY {order} LIMIT ?")

    def find(self, document_id: int, text: str) -> list[int]:
        """The pages of one document that contain ``text`` (every word), in page order."""
        q = fts_query(text)
        span = self._page_rowids(document_id)
        if not q or span is None:
            return []
        rows = self.cb.conn.execute(
            "SELECT p.page FROM page_index JOIN document_pages p ON p.id = page_index.rowid "
            "WHERE page_index MATCH ? AND page_index.rowid BETWEEN ? AND ? ORDER BY p.page", (q, *span))
        return [int(r[0]) for r in rows]

    # ------------------------------------------------------------------ export and delete
    def export(self, document_id: int, out: str | os.PathLike, *, overwrite: bool = False) -> Path:
        """Write the document's file to ``out`` (the user's explicit export; audited)."""
        doc = self.get(document_id)
        data = self.content(document_id)
        out = write_file(out, data, overwrite)
        self.audit.record("export", "document", doc.id, {"to": str(out), "sha256": doc.sha256,
                                                       "bytes": len(data)})
        return out

    def export_page_index(self, client_id: int, out: str | os.PathLike, *, overwrite: bool = False) -> Path:
        """The client's page index as a Word document (:mod:`casebook.letters.page_index`); audited."""
        from casebook.letters import page_index

        row = self.cb.conn.execute("SELECT name, prison_number FROM clients WHERE id = ?",
                                   (client_id,)).fetchone()
        if row is None:
            raise NotFound(f"no client with id {client_id}")
        docs = self.for_client(client_id)
        assert self.citations is not None
        data = page_index.build(client_name=row[0], prison_number=row[1], today=self.clock.today(),
                                documents=docs, sections={d.id: self.sections(d.id) for d in docs},
                                citations=self.citations.for_client(client_id))
        out = write_file(out, data, overwrite)
        self.audit.record("export", "page-index", client_id, {"to": str(out), "documents": len(docs)})
        return out

    def cited_by(self, document_id: int) -> list[CitationView]:
        assert self.citations is not None
        return self.citations.for_document(document_id)

    def delete(self, document_id: int, force: bool = False) -> int:  # type: ignore[override]
        """Delete a document, its bytes, pages and sections; returns how many citations went with it.
        Cited → :class:`DocumentCited` unless ``force`` (then its citations go too)."""
        doc = self.get(document_id)
        cites = self.cited_by(document_id)
        if cites and not force:
            raise DocumentCited(document_id, cites)
        with self.cb.lock, self.cb.transaction():
            self.table.delete(document_id)
            self.audit.record("delete", "document", document_id,
                              {**self.spec.summary(doc), "citations": len(cites)})
        return len(cites)


# ---------------------------------------------------------------------------- citations
_PAGE_RE = re.compile(
    r"(?:\bp(?:age|g)?s?\.?\s*)?(?P<page>\d{1,6})"
    r"(?:\s*(?:,\s*)?(?:¶|para(?:graph)?\.?|§)\s*(?P<para>[0-9A-Za-z.()]{1,20}))?\s*$", re.IGNORECASE)


class CitationService(RecordStore):
    """Citations of a page of a document by a record of the same client."""

    TARGETS = tuple(CITATION_TARGETS)

    def __init__(self, cb, audit, documents: DocumentService) -> None:
        super().__init__(CITATIONS, cb, audit)
        self.documents = documents

    def client_of(self, target: str, target_id: int) -> int:
        """The client of the record that would cite (a challenge's or event's through its matter)."""
        if target not in CITATION_TARGETS:
            raise ValidationError({"target": "must be one of: " + ", ".join(CITATION_TARGETS)})
        table = CITATION_TARGETS[target][0]
        if target in ("challenge", "event"):
            sql = f"SELECT m.client_id FROM {table} t JOIN matters m ON m.id = t.matter_id WHERE t.id = ?"
        else:
            sql = f"SELECT client_id FROM {table} WHERE id = ?"
        row = self.cb.conn.execute(sql, (target_id,)).fetchone()
        if row is None:
            raise NotFound(f"no {target} with id {target_id}")
        return int(row[0])

    def add(self, target: str, target_id: int, document_id: int, page: Any, paragraph: str = "",
            note: str = "") -> int:
        target = (target or "").strip().lower()
        client = self.client_of(target, int(target_id))
        doc = self.documents.get(int(document_id))
        if doc.client_id != client:
            raise ValidationError({"document_id": "is another client's document; cite the client's own"})
        values = self.validate({"page": page, "paragraph": paragraph, "note": note}, new=True)
        if values["page"] > doc.pages:
            raise ValidationError({"page": f"is beyond the document's last page ({doc.pages})"})
        return self.insert({"document_id": doc.id, "target": target, "target_id": int(target_id), **values})

    def update(self, citation_id: int, **fields: Any) -> dict[str, list]:
        before = self.get(citation_id)
        values = self.validate(fields, new=False, id_=citation_id, before=before)
        if values.get("page") and values["page"] > self.documents.get(before.document_id).pages:
            raise ValidationError({"page": "is beyond the document's last page"})
        return self.apply(citation_id, before, values)

    def remove(self, citation_id: int) -> None:
        self.delete(citation_id)

    # ------------------------------------------------------------------ reading
    def _views(self, where: str, args: tuple) -> list[CitationView]:
        rows = self.cb.conn.execute(
            "SELECT c.id, c.document_id, c.page, c.paragraph, c.note, c.target, c.target_id, "
            "d.cite_as, d.title, "
            + _SECTION_SQL.format(doc="c.document_id", page="c.page")
            + f" FROM citations c JOIN documents d ON d.id = c.document_id WHERE {where} "
            "ORDER BY d.cite_as, c.page, c.id", args).fetchall()
        return [CitationView(id=r[0], document_id=r[1], page=r[2], paragraph=r[3], note=r[4], target=r[5],
                             target_id=r[6], label=cite_label(r[7], r[2], r[3]), section=r[9] or "",
                             document_title=r[8], target_summary=self._summary(r[5], r[6]))
                for r in rows]

    def for_record(self, target: str, target_id: int) -> list[CitationView]:
        return self._views("c.target = ? AND c.target_id = ?", (target, int(target_id)))

    def for_document(self, document_id: int) -> list[CitationView]:
        return self._views("c.document_id = ?", (int(document_id),))

    def for_client(self, client_id: int) -> list[CitationView]:
        return self._views("d.client_id = ?", (int(client_id),))

    def view(self, citation_id: int) -> CitationView:
        found = self._views("c.id = ?", (int(citation_id),))
        if not found:
            raise NotFound(f"no citation with id {citation_id}")
        return found[0]

    def _summary(self, target: str, target_id: int) -> str:
        """"Challenge 4: No insight into offending", "Assessment 2: OASys, 8 June 2026" …"""
        import datetime as _dt

        from casebook.domain.dates import format_date
        from casebook.risk import vocab

        def when(iso: str | None) -> str:
            try:
                return format_date(_dt.date.fromisoformat(iso)) if iso else ""
            except ValueError:
                return iso or ""

        label = CITATION_TARGETS.get(target, ("", target))[1]
        conn = self.cb.conn
        text = ""
        if target == "challenge":
            row = conn.execute("SELECT assertion FROM challenges WHERE id = ?", (target_id,)).fetchone()
            text = row[0] if row else ""
        elif target == "allegation":
            row = conn.execute("SELECT text FROM allegations WHERE id = ?", (target_id,)).fetchone()
            text = row[0] if row else ""
        elif target == "evidence":
            row = conn.execute("SELECT title, date FROM evidence WHERE id = ?", (target_id,)).fetchone()
            text = f"{row[0]}, {when(row[1])}" if row else ""
        elif target == "assessment":
            row = conn.execute("SELECT tool, date FROM assessments WHERE id = ?", (target_id,)).fetchone()
            if row:
                term = vocab.get("tool").get(row[0])
                text = f"{term.label if term else row[0]}, {when(row[1])}"
        elif target == "event":
            row = conn.execute("SELECT type, date, text FROM events WHERE id = ?", (target_id,)).fetchone()
            if row:
                text = f"{event_type_labels().get(row[0], row[0])}, {when(row[1])}"
                text += f": {row[2]}" if row[2] else ""
        return f"{label} {target_id}: {_clip(text, 90)}" if text else f"{label} {target_id}"

    def index(self, client_id: int) -> list[CitationView]:
        """Every citation of the client's documents, by document and page: a page index for a bundle."""
        return self.for_client(client_id)

    # ------------------------------------------------------------------ typed citations
    def parse(self, text: str, client_id: int) -> tuple[int, int, str]:
        """A citation typed by a person → ``(document_id, page, paragraph)``.

        Accepts "Dossier p.143 ¶4", "OASys p 143 para 4", "document 12 page 5", "#12 p.5", or just
        "143" when the client has one document (or one current dossier)."""
        s = " ".join((text or "").split())
        if not s:
            raise BadInput("type a citation such as “Dossier p.143” or “OASys p.12 ¶4”")
        m = _PAGE_RE.search(s)
        if not m:
            raise BadInput("no page number found; type a citation such as “Dossier p.143 ¶4”")
        head = s[: m.start()].strip().rstrip(",").strip()
        page, para = int(m.group("page")), (m.group("para") or "")
        docs = self.documents.for_client(client_id)
        if not docs:
            raise BadInput("this client has no documents yet; import one first")
        doc = self._match_document(head, docs)
        if not 1 <= page <= doc.pages:
            raise BadInput(f"page {page} is not in {doc.cite_as} (it has pages 1–{doc.pages})")
        return doc.id, page, para

    def _match_document(self, head: str, docs: list[Document]) -> Document:
        if not head:
            current = [d for d in docs if not any(o.previous_id == d.id for o in docs)]
            dossiers = [d for d in current if d.kind == "dossier"]
            if len(current) == 1:
                return current[0]
            if len(dossiers) == 1:
                return dossiers[0]
            raise BadInput("say which document: " + ", ".join(sorted(d.cite_as for d in docs)))
        m = re.fullmatch(r"(?:doc(?:ument)?\.?\s*|#|d)(\d+)", head, re.IGNORECASE)
        if m:
            want = int(m.group(1))
            for d in docs:
                if d.id == want:
                    return d
            raise BadInput(f"document {want} is not one of this client's")
        key = head.casefold()
        for attr in ("cite_as", "title"):
            hits = [d for d in docs if getattr(d, attr).casefold() == key]
            if len(hits) == 1:
                return hits[0]
        hits = [d for d in docs if d.cite_as.casefold().startswith(key) or d.title.casefold().startswith(key)]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise BadInput("no document of this client is cited as that; known: "
                           + ", ".join(sorted(d.cite_as for d in docs)))
        raise BadInput("more than one document matches; say which: "
                       + ", ".join(sorted(d.cite_as for d in hits)))


__all__ = ["CitationService", "CitationView", "DocumentCited", "DocumentService", "ImportResult", "PageHit",
           "Prepared"]
