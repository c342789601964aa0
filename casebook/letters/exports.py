"""Word exports of a matter: the chronology, and the counsel bundle (.zip).

Built with python-docx from the letter context's values (no template, nothing evaluated from the data),
A4 portrait with 20 mm margins, English (UK) dates, tables whose header row repeats on every page.

**The counsel bundle** holds, each as a .docx: an index page listing the files; the draft written
representations (the ``representations`` template — the firm's own if it has one); the chronology; the
key-dates sheet (the prison's dates beside ours); the schedule of challenges; the evidence index (with
the risk factors each item answers); and the page index of the client's documents
(:mod:`casebook.letters.page_index`). When LibreOffice (``soffice``) is installed, a PDF of each is added
under ``pdf/``.

**PDF conversion and plaintext.** LibreOffice converts files, not bytes: while it runs, plaintext copies
of the bundle's documents exist on disk. They are written only inside a folder this module creates for
the purpose (``tempfile.mkdtemp``: mode 0700, readable by the user alone), with LibreOffice's own profile
in the same folder, and the folder is deleted in a ``finally`` — after success, failure, a timeout or a
cancel. A conversion that fails leaves the bundle without PDFs (the Word files are the bundle); it never
fails the export.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.errors import Cancelled
from casebook.letters.layout import a4 as _a4
from casebook.letters.layout import grid_table as _table

#: Where LibreOffice usually is when it is not on the PATH.
_SOFFICE_CANDIDATES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
#: Seconds LibreOffice may take to convert the whole bundle.
CONVERT_TIMEOUT = 240


def soffice() -> str | None:
    """The LibreOffice command, or ``None`` when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in _SOFFICE_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return None


# ---------------------------------------------------------------------------- python-docx pieces
def _new_doc(title: str, ctx: dict[str, Any], subtitle: str = "", *, landscape: bool = False):
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    doc = docx.Document()
    _a4(doc)
    if landscape:  # still A4, turned: for tables too wide to read in 170 mm
        for section in doc.sections:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    client = ctx["client"]
    who = client["name"] + (f" ({client['prison_number']})" if client["prison_number"] else "")
    doc.core_properties.title = title
    doc.core_properties.language = "en-GB"
    doc.add_heading(title, level=1)
    matter = ctx["matter"]
    line = f"{who} — {matter['title'] or matter['type_label']}"
    refs = [
        r
        for r in (
            matter["reference"],
            matter["parole_board_ref"] and f"Parole Board ref. {matter['parole_board_ref']}",
        )
        if r
    ]
    if refs:
        line += " — " + "; ".join(refs)
    doc.add_paragraph(line)
    doc.add_paragraph(subtitle or f"Prepared on {ctx['today']}.")
    return doc


def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _where(item: dict[str, Any]) -> str:
    if item.get("citations"):
        return "; ".join(item["citations"])
    src, page = item.get("source", ""), item.get("page", "")
    if src and page:
        return f"{src}, p.{page}"
    return src or (f"p.{page}" if page else "")


# ---------------------------------------------------------------------------- the documents
def chronology_docx(ctx: dict[str, Any]) -> bytes:
    """The matter's chronology as one table (material facts in bold)."""
    doc = _new_doc(
        "Chronology",
        ctx,
        f"Prepared on {ctx['today']}. Material facts are in bold; page "
        "references are to the documents as held in the casebook.",
    )
    events = ctx["chronology"]
    if not events:
        doc.add_paragraph("No chronology entries.")
        return _save(doc)
    rows, bold = [], set()
    for n, e in enumerate(events):
        status = "" if e["disputed"] == "undisputed" else e["disputed_label"]
        rows.append((e["date"], e["type_label"], e["text"], _where(e), status))
        if e["material"]:
            bold.add(n)
    _table(doc, ("Date", "Event", "What happened", "Source", "Disputed"), rows, (24, 30, 62, 30, 24), bold)
    return _save(doc)


def key_dates_docx(ctx: dict[str, Any]) -> bytes:
    doc = _new_doc("Key dates", ctx)
    for s in ctx["sentences"]:
        term = s["minimum_term"] and f"minimum term {s['minimum_term']}" or s["custodial_term"]
        bits = [
            s["type_label"],
            s["offence"],
            f"sentenced {s['sentence_date']}" if s["sentence_date"] else "",
            term,
            f"extension {s['extension_term']}" if s["extension_term"] else "",
        ]
        doc.add_paragraph("; ".join(b for b in bits if b), style="List Bullet")
    if ctx["key_dates"]:
        rows = [
            (
                f"{k['label']} ({k['code']})",
                k["prison"] or "—",
                k["ours"] or "—",
                ("Differs. " if k["differs"] else "") + k["note"],
            )
            for k in ctx["key_dates"]
        ]
        _table(
            doc,
            ("Date", "Prison's calculation", "Our calculation", "Note"),
            rows,
            (50, 32, 32, 56),
            {n for n, k in enumerate(ctx["key_dates"]) if k["differs"]},
        )
    else:
        doc.add_paragraph("No release dates are recorded for this client.")
    if ctx["milestones"]:
        doc.add_heading("Review milestones", level=2)
        _table(
            doc,
            ("Milestone", "Date", "Basis"),
            [
                (m["label"], m["date"], m["source"] + ("" if m["confirmed"] else " (unconfirmed)"))
                for m in ctx["milestones"]
            ],
            (60, 30, 80),
        )
    open_deadlines = [d for d in ctx["deadlines"] if not d["done"]]
    doc.add_heading("Deadlines", level=2)
    if open_deadlines:
        _table(
            doc,
            ("Deadline", "Due", "Rule", "Status"),
            [
                (d["title"], d["due"], d["citation"], "Overdue" if d["overdue"] else "Open")
                for d in open_deadlines
            ],
            (62, 28, 60, 20),
        )
    else:
        doc.add_paragraph("No open deadlines.")
    return _save(doc)


def challenges_docx(ctx: dict[str, Any]) -> bytes:
    doc = _new_doc("Schedule of challenges", ctx, landscape=True)
    if ctx["challenges"]:
        rows = []
        for c in ctx["challenges"]:
            where = _where(c)
            if c["paragraph"] and not c["citations"]:
                where += f" ¶{c['paragraph']}"
            steps = "\n".join(f"{s['date']}: {s['step_label']}" for s in c["steps"])
            status = c["status_label"] + (
                f"\nNext: {c['next_due_title']} by {c['next_due']}" if c["next_due"] else ""
            )
            rows.append(
                (
                    c["assertion"],
                    where,
                    c["ground_label"],
                    c["position"],
                    status + (f"\nSteps:\n{steps}" if steps else ""),
                    "; ".join(c["evidence"]),
                )
            )
        _table(
            doc,
            ("Assertion", "Where", "Ground", "Correct position", "Status", "Evidence"),
            rows,
            (45, 28, 28, 70, 50, 36),
        )
    else:
        doc.add_paragraph("No challenges are recorded on this matter.")
    if ctx["allegations"]:
        doc.add_heading("Allegations", level=2)
        _table(
            doc,
            ("Allegation", "Status", "Source"),
            [(a["text"], a["status_label"], _where(a)) for a in ctx["allegations"]],
            (150, 50, 57),
        )
    return _save(doc)


def evidence_docx(ctx: dict[str, Any]) -> bytes:
    doc = _new_doc("Evidence index", ctx)
    if ctx["evidence"]:
        rows = [
            (
                e["date"] + (f" – {e['to_date']}" if e["to_date"] else ""),
                e["kind_label"],
                e["title"],
                "; ".join(e["factors"]),
                _where(e),
            )
            for e in ctx["evidence"]
        ]
        _table(
            doc, ("Date", "Kind", "Evidence", "Risk factors addressed", "Source"), rows, (26, 28, 52, 34, 30)
        )
    else:
        doc.add_paragraph("No evidence is recorded for this client.")
    if ctx["risk_factors"]:
        doc.add_heading("Risk factors and the evidence against each", level=2)
        _table(
            doc,
            ("Risk factor", "Evidence"),
            [(f["name"], "; ".join(f["evidence"]) or "None recorded") for f in ctx["risk_factors"]],
            (60, 110),
        )
    return _save(doc)


def index_docx(
    ctx: dict[str, Any], files: Sequence[tuple[str, str]], pdf: bool, missing: Sequence[str] = ()
) -> bytes:
    doc = _new_doc("Counsel bundle: index", ctx)
    _table(doc, ("File", "Contents"), list(files), (60, 110))
    if pdf:
        doc.add_paragraph("A PDF copy of each document is in the folder pdf/.")
    for note in missing:
        doc.add_paragraph(note)
    doc.add_paragraph(
        "The draft representations are a draft for counsel and the solicitor to settle; dates "
        "and page references are as held in the casebook on the date above."
    )
    return _save(doc)


# ---------------------------------------------------------------------------- the bundle
@dataclass
class BundleResult:
    data: bytes
    names: list[str] = field(default_factory=list)
    pdf: bool = False


def _page_index(letters, ctx: dict[str, Any], client_id: int) -> bytes:
    from casebook.letters import page_index

    svc = letters.svc
    docs = svc.documents.for_client(client_id)
    return page_index.build(
        client_name=ctx["client"]["name"],
        prison_number=ctx["client"]["prison_number"] or None,
        today=svc.clock.today(),
        documents=docs,
        sections={d.id: svc.documents.sections(d.id) for d in docs},
        citations=svc.citations.for_client(client_id),
    )


def bundle(
    letters,
    matter_id: int,
    *,
    pdf: bool | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> BundleResult:
    """The counsel bundle's .zip bytes (nothing is written to the destination here). ``progress(done,
    total)`` is called after each step; ``cancelled()`` is checked between steps (:class:`Cancelled`)."""
    from casebook.errors import NotFound

    ctx = letters.context(matter_id)
    client_id = letters.svc.matters.get(matter_id).client_id
    command = soffice() if pdf is not False else None
    total = 8 + (1 if command else 0)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)
        if cancelled and cancelled():
            raise Cancelled()

    files: list[tuple[str, str, bytes]] = []
    missing: list[str] = []
    try:
        template = letters.template("representations")
        files.append(
            (
                "01-draft-representations.docx",
                "Draft written representations to the Parole Board",
                letters.render(template, matter_id, context=ctx),
            )
        )
    except NotFound:
        missing.append(
            "No representations template is installed, so the bundle has no draft representations."
        )
    step()
    for name, what, make in (
        ("02-chronology.docx", "Chronology (material facts in bold)", chronology_docx),
        ("03-key-dates.docx", "Key dates: the prison's calculation beside ours; deadlines", key_dates_docx),
        (
            "04-schedule-of-challenges.docx",
            "Schedule of challenges to the assessments, and allegations",
            challenges_docx,
        ),
        ("05-evidence-index.docx", "Evidence index and the risk factors each item answers", evidence_docx),
    ):
        files.append((name, what, make(ctx)))
        step()
    files.append(
        (
            "06-page-index.docx",
            "Index of documents and the pages the case cites",
            _page_index(letters, ctx, client_id),
        )
    )
    step()

    pdfs: dict[str, bytes] = {}
    if command:
        pdfs = convert_to_pdf(command, {name: data for name, _, data in files}, cancelled=cancelled)
        step()
    listing = [("00-index.docx", "This index"), *((n, w) for n, w, _ in files)]
    index = index_docx(ctx, listing, bool(pdfs), missing)
    step()

    # Entries dated by the services' clock (zipfile would read the machine's clock).
    stamp = letters.svc.clock.now().timetuple()[:6]
    buf = io.BytesIO()
    names = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        entries = [("00-index.docx", index), *((n, d) for n, _, d in files)]
        entries += [(f"pdf/{name}", pdfs[name]) for name in sorted(pdfs)]
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
            names.append(name)
    step()
    return BundleResult(buf.getvalue(), names, bool(pdfs))


def convert_to_pdf(
    command: str,
    files: dict[str, bytes],
    *,
    timeout: float = CONVERT_TIMEOUT,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, bytes]:
    """PDFs of ``files`` (name → .docx bytes) by one LibreOffice run: {"x.pdf": bytes}. Everything is
    written inside a private folder (mode 0700) deleted before returning, whatever happens. ``{}`` when
    LibreOffice fails or times out (the caller goes on without PDFs)."""
    work = Path(tempfile.mkdtemp(prefix="casebook-convert-"))
    try:
        os.chmod(work, 0o700)
        src, out, profile = work / "in", work / "out", work / "profile"
        for d in (src, out, profile):
            d.mkdir(mode=0o700)
        paths = []
        for name, data in files.items():
            p = src / Path(name).name
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            paths.append(p)
        if cancelled and cancelled():
            raise Cancelled()
        args = [
            command,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, paths),
        ]
        if not _run(args, work, timeout):
            return {}
        result = {}
        for p in paths:
            pdf = out / (p.stem + ".pdf")
            if pdf.is_file():
                result[pdf.name] = pdf.read_bytes()
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args: list[str], cwd: Path, timeout: float) -> bool:
    """Run LibreOffice in a process group of its own; on timeout the whole group (the launcher and
    ``soffice.bin``) is killed before the work folder is removed. True when it ran to the end."""
    windows = sys.platform == "win32"
    flags: dict[str, Any] = (
        {"creationflags": subprocess.CREATE_NO_WINDOW | subprocess.CREATE_NEW_PROCESS_GROUP}
        if windows
        else {"start_new_session": True}
    )
    try:
        proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=cwd,
            **flags,
        )
    except OSError:
        return False
    try:
        proc.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        if windows:
            proc.kill()
        else:
            import signal

            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                proc.kill()
        proc.wait()
        return False


__all__ = [
    "BundleResult",
    "bundle",
    "challenges_docx",
    "chronology_docx",
    "convert_to_pdf",
    "evidence_docx",
    "index_docx",
    "key_dates_docx",
    "soffice",
]
