"""Documents inside the casebook and citations of their pages: ``document add|list|show|update|
sections|section|search|page|export|delete|limit`` and ``cite add|list|remove``. Thin over
:mod:`casebook.services.documents`; a file that cannot be read, a password-protected PDF or one over the
size limit saves nothing and exits 1 with one line saying what to do."""

from __future__ import annotations

import sys
from pathlib import Path

from casebook.domain.dates import format_date
from casebook.domain.documents import page_ranges
from casebook.domain.records import DOCUMENT_SECTIONS, DOCUMENTS
from casebook.domain.vocabulary import CITATION_TARGETS, DOCUMENT_KINDS
from casebook.errors import BadInput
from casebook.files import write_file

_KINDS = ", ".join(DOCUMENT_KINDS)


def register(sub, groups) -> None:
    doc = sub.add_parser("document", help="documents kept inside the casebook (dossiers, reports …)")
    doc = doc.add_subparsers(dest="document_command", metavar="ACTION", required=True)
    p = doc.add_parser("add", help="import a PDF, Word (.docx) or image file into a client's documents")
    p.add_argument("source", metavar="FILE")
    p.add_argument("--client", type=int, required=True)
    p.add_argument("--matter", type=int, help="a matter of the same client")
    p.add_argument("--kind", required=True, help=_KINDS)
    p.add_argument("--title", help="default: the file's own title, or the kind")
    p.add_argument("--date", metavar="DD/MM/YYYY", help="the document's date")
    p.add_argument("--author")
    p.add_argument("--cite-as", dest="cite_as", help='how citations name it (default by kind: "Dossier")')
    p.add_argument("--replaces", type=int, metavar="ID",
                   help="an earlier version of this document (a dossier replaces the last dossier by itself)")
    p.set_defaults(func=cmd_add)
    p = doc.add_parser("list", help="a client's documents")
    p.add_argument("--client", type=int, required=True)
    p.add_argument("--matter", type=int)
    p.set_defaults(func=cmd_list)
    p = doc.add_parser("show", help="one document: its details, sections and what cites it")
    p.add_argument("--document", type=int, required=True)
    p.set_defaults(func=cmd_show)
    p = doc.add_parser("update", help="change a document's title, kind, date, author, citation name "
                                      "or matter")
    p.add_argument("--document", type=int, required=True)
    for name in ("title", "kind", "date", "author", "matter"):
        p.add_argument(f"--{name}")
    p.add_argument("--cite-as", dest="cite_as")
    p.set_defaults(func=cmd_update)
    p = doc.add_parser("sections", help="a document's sections")
    p.add_argument("--document", type=int, required=True)
    p.set_defaults(func=cmd_sections)
    p = doc.add_parser("section", help="name a run of pages of a document (e.g. OASys, 120-185)")
    p.add_argument("--document", type=int, required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--pages", required=True, metavar="A-B", help="e.g. 120-185, or one page")
    p.set_defaults(func=cmd_section)
    p = doc.add_parser("section-remove", help="remove a named section (the pages stay)")
    p.add_argument("--section", type=int, required=True)
    p.set_defaults(func=cmd_section_remove)
    p = doc.add_parser("search", help="find words or a \"quoted phrase\" on every page, best first")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--client", type=int)
    p.add_argument("--document", type=int)
    p.add_argument("--limit", type=int, default=20)
    p.set_defaults(func=cmd_search)
    p = doc.add_parser("page", help="a page's text (--text) or picture (--png OUT.png)")
    p.add_argument("--document", type=int, required=True)
    p.add_argument("--page", type=int, required=True)
    p.add_argument("--text", action="store_true", help="print the page's text")
    p.add_argument("--png", metavar="OUT.png", help="write the page as a PNG picture (your explicit export)")
    p.add_argument("--scale", type=float, default=2.0, help="pixels per point for --png (default 2)")
    p.add_argument("--force", action="store_true", help="replace OUT.png if it exists")
    p.set_defaults(func=cmd_page)
    p = doc.add_parser("export", help="write the document's file out of the casebook (audited)")
    p.add_argument("--document", type=int, required=True)
    p.add_argument("-o", "--out", required=True, metavar="OUT")
    p.add_argument("--force", action="store_true", help="replace OUT if it exists")
    p.set_defaults(func=cmd_export)
    p = doc.add_parser("delete", help="delete a document (asks for --force if anything cites it)")
    p.add_argument("--document", type=int, required=True)
    p.add_argument("--force", action="store_true", help="delete even if cited (its citations go too)")
    p.set_defaults(func=cmd_delete)
    p = doc.add_parser("limit", help="show or set the largest document the casebook takes, in MB")
    p.add_argument("mb", nargs="?", type=int, metavar="MB")
    p.set_defaults(func=cmd_limit)

    e = groups["export"].add_parser("page-index", help="a client's documents, sections and cited pages "
                                                       "as a Word document (for counsel's bundle)")
    e.add_argument("--client", type=int, required=True)
    e.add_argument("-o", "--out", required=True, metavar="OUT.docx")
    e.add_argument("--force", action="store_true", help="replace OUT if it exists")
    e.set_defaults(func=cmd_export_page_index)

    cite = sub.add_parser("cite", help="citations of a document's page by a record")
    cite = cite.add_subparsers(dest="cite_command", metavar="ACTION", required=True)
    p = cite.add_parser("add", help="cite a page (and paragraph) from a challenge, allegation, evidence, "
                                    "assessment or chronology event")
    p.add_argument("--to", required=True, metavar="KIND:ID",
                   help="the record citing it: " + ", ".join(f"{t}:ID" for t in CITATION_TARGETS))
    p.add_argument("--document", type=int, help="the document (or give --ref)")
    p.add_argument("--page", type=int)
    p.add_argument("--paragraph", default="")
    p.add_argument("--ref", help='typed, e.g. "Dossier p.143 ¶4" (instead of --document/--page)')
    p.add_argument("--note", default="")
    p.set_defaults(func=cmd_cite_add)
    p = cite.add_parser("list", help="citations by a record (--to), of a document, or of a client")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--to", metavar="KIND:ID")
    g.add_argument("--document", type=int)
    g.add_argument("--client", type=int)
    p.set_defaults(func=cmd_cite_list)
    p = cite.add_parser("remove", help="remove a citation")
    p.add_argument("--citation", type=int, required=True)
    p.set_defaults(func=cmd_cite_remove)


# ---------------------------------------------------------------------------- documents
class _Progress:
    """Import progress on stderr when it is a terminal (never client data)."""

    def __init__(self, ctx) -> None:
        self.on = sys.stderr.isatty() and not ctx.json
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.on or total <= 0:
            return
        pct = done * 100 // total
        if pct != self.last:
            self.last = pct
            print(f"\rReading pages: {done}/{total} ({pct}%)", end="" if done < total else "\n",
                  file=sys.stderr, flush=True)


def cmd_add(args, ctx) -> int:
    svc = ctx.services()
    result = svc.documents.add(
        Path(args.source).expanduser(), client_id=args.client, kind=args.kind, progress=_Progress(ctx),
        title=args.title, date=args.date, author=args.author, matter_id=args.matter, cite_as=args.cite_as,
        previous_id=args.replaces)
    ctx.emit(result.to_json(), result.message)
    return 0


def _doc_line(d) -> str:
    date = format_date(d.date) if d.date else "undated"
    unread = f", {len(d.unreadable)} without text" if d.unreadable else ""
    version = f" v{d.version}" if d.version > 1 else ""
    return (f"{d.id:>5}  {d.cite_as:<22} {d.kind_label:<22} {date:<18} {d.pages:>5} pp{unread}{version}"
            f"  {d.title}")


def cmd_list(args, ctx) -> int:
    svc = ctx.services()
    svc.clients.get(args.client)
    docs = svc.documents.for_client(args.client, args.matter)
    ctx.emit([DOCUMENTS.to_json(d) for d in docs], "\n".join(_doc_line(d) for d in docs) or "No documents.")
    return 0


def cmd_show(args, ctx) -> int:
    svc = ctx.services()
    d = svc.documents.get(args.document)
    sections = svc.documents.sections(d.id)
    cites = svc.documents.cited_by(d.id)
    data = {**DOCUMENTS.to_json(d), "sections": [DOCUMENT_SECTIONS.to_json(s) for s in sections],
            "cited_by": [c.to_json() for c in cites]}
    lines = [_doc_line(d), f"       {d.kind_label}; {d.format.upper()}, {d.size:,} bytes; sha256 {d.sha256}"]
    if d.author:
        lines.append(f"       Author: {d.author}")
    if d.unreadable:
        lines.append(f"       No text (scanned or blank): pages {page_ranges(d.unreadable)}")
    for s in sections:
        lines.append(f"       § {s.name} — {s.pages_label} ({s.source})")
    for c in cites:
        lines.append(f"       cited: {c.label} by {c.target_summary}")
    ctx.emit(data, "\n".join(lines))
    return 0


def cmd_update(args, ctx) -> int:
    svc = ctx.services()
    fields = {k: getattr(args, k) for k in ("title", "kind", "date", "author", "cite_as")
              if getattr(args, k) is not None}
    if args.matter is not None:
        fields["matter_id"] = args.matter
    if not fields:
        raise BadInput("nothing to change: give --title, --kind, --date, --author, --cite-as or --matter")
    changed = svc.documents.update(args.document, **fields)
    d = svc.documents.get(args.document)
    ctx.emit({**DOCUMENTS.to_json(d), "changed": sorted(changed)},
             f"Document {d.id}: "
             + (", ".join(sorted(changed)) + " changed." if changed else "nothing changed."))
    return 0


def cmd_sections(args, ctx) -> int:
    svc = ctx.services()
    secs = svc.documents.sections(svc.documents.get(args.document).id)
    ctx.emit([DOCUMENT_SECTIONS.to_json(s) for s in secs],
             "\n".join(f"{s.id:>5}  {s.pages_label:<14} {s.name}  ({s.source})" for s in secs)
             or "No sections.")
    return 0


def cmd_section(args, ctx) -> int:
    svc = ctx.services()
    sid = svc.documents.add_section(args.document, args.name, args.pages)
    s = svc.documents.sections_store.get(sid)
    ctx.emit(DOCUMENT_SECTIONS.to_json(s), f"Added section {sid}: {s.name}, {s.pages_label}.")
    return 0


def cmd_section_remove(args, ctx) -> int:
    svc = ctx.services()
    svc.documents.remove_section(args.section)
    ctx.emit({"id": args.section, "removed": True}, f"Removed section {args.section}.")
    return 0


def cmd_search(args, ctx) -> int:
    svc = ctx.services()
    if args.client is not None:
        svc.clients.get(args.client)
    if args.document is not None:
        svc.documents.get(args.document)
    if not 1 <= args.limit <= 500:
        raise BadInput("--limit must be from 1 to 500")
    hits = svc.documents.search(args.text, client_id=args.client, document_id=args.document, limit=args.limit)
    lines = []
    for h in hits:
        where = f"{h.label}" + (f" — {h.section}" if h.section else "")
        lines.append(f"{h.document_id:>5}  {where}\n       {h.snippet}")
    ctx.emit([h.to_json() for h in hits], "\n".join(lines) or "No pages match.")
    return 0


def cmd_page(args, ctx) -> int:
    svc = ctx.services()
    d = svc.documents.get(args.document)
    if not args.text and not args.png:
        raise BadInput("say what to show: --text for the page's text, --png OUT.png for its picture")
    data: dict = {"document": d.id, "page": args.page}
    out_text = None
    if args.text:
        text = svc.documents.page_text(d.id, args.page)
        data["text"] = text
        data["has_text"] = args.page not in d.unreadable
        out_text = text if text.strip() else f"(page {args.page} has no text layer: scanned or blank)"
    if args.png:
        if not 0.1 <= args.scale <= 8:
            raise BadInput("--scale must be from 0.1 to 8")
        out = Path(args.png).expanduser()
        svc.documents.check_page(d, args.page)
        with svc.documents.reader(d.id) as reader:
            png = reader.png(args.page, args.scale)
        out = write_file(out, png, args.force)
        svc.audit.record("export", "document-page", d.id,
                         {"page": args.page, "to": str(out), "format": "png"})
        data["png"] = str(out)
        line = f"Wrote page {args.page} of document {d.id} to {out}."
        out_text = line if out_text is None else out_text + "\n" + line
    ctx.emit(data, out_text)
    return 0


def cmd_export(args, ctx) -> int:
    svc = ctx.services()
    out = svc.documents.export(args.document, Path(args.out).expanduser(), overwrite=args.force)
    ctx.emit({"document": args.document, "out": str(out)}, f"Exported document {args.document} to {out}.")
    return 0


def cmd_export_page_index(args, ctx) -> int:
    svc = ctx.services()
    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".docx":
        raise BadInput("the page index is a Word document: give an OUT ending in .docx")
    out = svc.documents.export_page_index(args.client, out, overwrite=args.force)
    ctx.emit({"client": args.client, "out": str(out)}, f"Wrote the page index to {out}.")
    return 0


def cmd_delete(args, ctx) -> int:
    svc = ctx.services()
    n = svc.documents.delete(args.document, force=args.force)
    ctx.emit({"id": args.document, "deleted": True, "citations_removed": n},
             f"Deleted document {args.document}" + (f" and its {n} citation(s)." if n else "."))
    return 0


def cmd_limit(args, ctx) -> int:
    svc = ctx.services()
    if args.mb is not None:
        svc.documents.set_max_bytes(args.mb * 1024 * 1024)
    n = svc.documents.max_bytes()
    ctx.emit({"max_bytes": n, "max_mb": n // (1024 * 1024)}, f"Largest document: {n // (1024 * 1024)} MB.")
    return 0


# ---------------------------------------------------------------------------- citations
def _target(raw: str) -> tuple[str, int]:
    kind, _, num = (raw or "").partition(":")
    kind = kind.strip().lower()
    if kind not in CITATION_TARGETS or not num.strip().isdigit():
        raise BadInput("--to must be KIND:ID with KIND one of " + ", ".join(CITATION_TARGETS)
                       + " (e.g. challenge:4)")
    return kind, int(num)


def cmd_cite_add(args, ctx) -> int:
    svc = ctx.services()
    target, target_id = _target(args.to)
    if args.ref:
        client = svc.citations.client_of(target, target_id)
        document, page, para = svc.citations.parse(args.ref, client)
        para = args.paragraph or para
    else:
        if args.document is None or args.page is None:
            raise BadInput("give --document and --page, or a typed --ref such as \"Dossier p.143\"")
        document, page, para = args.document, args.page, args.paragraph
    cid = svc.citations.add(target, target_id, document, page, para, args.note)
    c = svc.citations.view(cid)
    ctx.emit(c.to_json(), f"Added citation {cid}: {c.label}" + (f" ({c.section})" if c.section else "") + ".")
    return 0


def cmd_cite_list(args, ctx) -> int:
    svc = ctx.services()
    if args.to:
        cites = svc.citations.for_record(*_target(args.to))
    elif args.document is not None:
        svc.documents.get(args.document)
        cites = svc.citations.for_document(args.document)
    else:
        svc.clients.get(args.client)
        cites = svc.citations.for_client(args.client)
    lines = [f"{c.id:>5}  {c.label:<26} {c.section:<24} {c.target_summary}" for c in cites]
    ctx.emit([c.to_json() for c in cites], "\n".join(lines) or "No citations.")
    return 0


def cmd_cite_remove(args, ctx) -> int:
    svc = ctx.services()
    svc.citations.remove(args.citation)
    ctx.emit({"id": args.citation, "removed": True}, f"Removed citation {args.citation}.")
    return 0
