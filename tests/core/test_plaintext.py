"""Nothing with client data is written in plaintext anywhere.

A realistic session runs through the CLI in subprocesses whose HOME, XDG folders and TMPDIR all live
under one root; afterwards every file under that root — the casebook, its -wal/-shm, backups,
restored copies, settings, caches, temp files — is searched for a known client name and note text,
in UTF-8 and UTF-16, any case. Imported documents likewise: neither their pages' text nor runs of their
bytes are anywhere but inside the casebook and the user's explicit exports.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PASSPHRASE, cli_env

SECRETS = ["Xanthippe Quillfeatherstone", "Zebulon-Marchbanks", "flibbertigibbet psychology"]


def _needles(secrets: list[str]) -> list[bytes]:
    out = []
    for s in secrets:
        for variant in (s, s.lower(), s.upper()):
            out += [variant.encode("utf-8"), variant.encode("utf-16-le")]
    return out


def _scan(root: Path) -> list[str]:
    return _scan_for(root, SECRETS)


def _scan_for(root: Path, secrets: list[str]) -> list[str]:
    """Every file under ``root`` that contains any of ``secrets`` (UTF-8 or UTF-16, any case)."""
    hits = []
    needles = _needles(secrets)
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            p = Path(dirpath) / name
            try:
                data = p.read_bytes()
            except OSError:
                continue
            for n in needles:
                if n in data:
                    hits.append(f"{p.relative_to(root)} contains {n[:12]!r}")
    return hits


def test_no_plaintext_client_data_anywhere(tmp_path):
    root = tmp_path / "root"
    env_dirs = {"HOME": root / "home", "XDG_DATA_HOME": root / "data", "XDG_CONFIG_HOME": root / "config",
                "XDG_CACHE_HOME": root / "cache", "TMPDIR": root / "tmp", "SQLITE_TMPDIR": root / "tmp"}
    for p in env_dirs.values():
        p.mkdir(parents=True, exist_ok=True)
    env = cli_env(**{k: str(v) for k, v in env_dirs.items()}, CASEBOOK_PASSPHRASE=PASSPHRASE)
    work = root / "work"
    work.mkdir()
    f = str(work / "practice.casebook")

    def cli(*args):
        p = subprocess.run([sys.executable, "-m", "casebook", "--file", f, *args], env=env, cwd=work,
                           capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
        assert p.returncode == 0, (args, p.stderr)
        return p

    cli("init")
    cli("client", "add", "--name", SECRETS[0], "--prison-number", "A1234BC", "--alias", SECRETS[1])
    cli("matter", "add", "--client", "1", "--type", "parole-review")
    cli("event", "add", "--matter", "1", "--type", "report-received", "--date", "2026-01-05",
        "--note", f"Report: {SECRETS[2]}")
    cli("note", "--client", "1", "--text", f"Legal visit with {SECRETS[0]}", "--kind", "legal-visit")
    assert SECRETS[0] in cli("search", "Quillfeatherstone").stdout  # it is in there, and findable
    cli("client", "list")
    cli("client", "show", "1")
    cli("backup", "-o", str(work / "backup.casebook"))
    cli("check")
    p = subprocess.run([sys.executable, "-m", "casebook", "restore", str(work / "backup.casebook"), "--to",
                        str(work / "restored.casebook")], env=env, cwd=work, capture_output=True, text=True,
                       stdin=subprocess.DEVNULL, timeout=120)
    assert p.returncode == 0, p.stderr
    written = [p for p in root.rglob("*") if p.is_file()]
    assert any(p.name == "practice.casebook" for p in written)
    assert _scan(root) == []


#: On every page of the dossier imported below, and in the Word letter: findable, never in plaintext.
DOC_SECRETS = ["Peregrine Ottoline Vasquez-Thornbury", "ultramarine lighthouse keeper"]


def _dossier_pdf() -> bytes:
    from casebook.documents import make_pdf

    pages = [f"Parole dossier of {DOC_SECRETS[0]}.\nPage {n}: the {DOC_SECRETS[1]} took part in every "
             "session of the programme and the facilitators report good progress." for n in range(1, 6)]
    return make_pdf([*pages[:3], None, *pages[3:]], title="Parole dossier", author="PPCS")


def _letter_docx() -> bytes:
    import io

    import docx

    d = docx.Document()
    d.add_paragraph(f"Dear {DOC_SECRETS[0]},")
    d.add_paragraph(f"Thank you for the letter about the {DOC_SECRETS[1]} and the visit next week.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _raw_chunks(data: bytes, n: int = 3, size: int = 48) -> list[bytes]:
    """Distinctive runs of a file's bytes, from its middle (past any common header)."""
    step = len(data) // (n + 1)
    return [data[step * (k + 1): step * (k + 1) + size] for k in range(n)]


def _files_containing(root: Path, needles: list[bytes]) -> list[Path]:
    found = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            p = Path(dirpath) / name
            try:
                data = p.read_bytes()
            except OSError:
                continue
            if any(n in data for n in needles):
                found.append(p)
    return found


def test_imported_documents_leave_no_plaintext_outside_explicit_exports(tmp_path):
    """A PDF and a Word file imported, searched, read page by page and rendered: neither their text nor
    their bytes appear in any file under the session's root except the user's explicit exports."""
    root = tmp_path / "root"
    env_dirs = {"HOME": root / "home", "XDG_DATA_HOME": root / "data", "XDG_CONFIG_HOME": root / "config",
                "XDG_CACHE_HOME": root / "cache", "TMPDIR": root / "tmp", "SQLITE_TMPDIR": root / "tmp"}
    for p in env_dirs.values():
        p.mkdir(parents=True, exist_ok=True)
    env = cli_env(**{k: str(v) for k, v in env_dirs.items()}, CASEBOOK_PASSPHRASE=PASSPHRASE)
    work = root / "work"
    exports = work / "exports"
    exports.mkdir(parents=True)
    # The files the user imports live outside the root: they are the user's own plaintext.
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    pdf, letter = _dossier_pdf(), _letter_docx()
    (inbox / "dossier.pdf").write_bytes(pdf)
    (inbox / "letter.docx").write_bytes(letter)
    f = str(work / "practice.casebook")

    def cli(*args):
        p = subprocess.run([sys.executable, "-m", "casebook", "--file", f, *args], env=env, cwd=work,
                           capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
        assert p.returncode == 0, (args, p.stderr)
        return p

    cli("init")
    cli("client", "add", "--name", "Invented Person", "--prison-number", "A1234BC")
    cli("matter", "add", "--client", "1", "--type", "parole-review")
    cli("event", "add", "--matter", "1", "--type", "report-received", "--date", "2026-01-05",
        "--note", "OASys")
    added = json.loads(cli("--json", "document", "add", str(inbox / "dossier.pdf"), "--client", "1",
                           "--kind", "dossier").stdout)
    assert added["pages"] == 6
    cli("document", "add", str(inbox / "letter.docx"), "--client", "1", "--kind", "correspondence")
    assert "Vasquez" in cli("document", "search", "ultramarine lighthouse").stdout  # indexed, findable
    assert "Vasquez" in cli("document", "search", '"lighthouse keeper"', "--client", "1").stdout
    assert DOC_SECRETS[1] in cli("document", "page", "--document", "1", "--page", "2", "--text").stdout
    assert DOC_SECRETS[1] in cli("document", "page", "--document", "2", "--page", "1", "--text").stdout
    assert "Vasquez" in cli("search", "Thornbury").stdout  # the global search reaches the pages too
    cli("cite", "add", "--to", "event:1", "--document", "1", "--page", "2", "--paragraph", "3")
    cli("document", "list", "--client", "1")
    cli("document", "show", "--document", "1")
    png = exports / "page-2.png"
    cli("document", "page", "--document", "1", "--page", "2", "--png", str(png))
    exported = exports / "dossier.pdf"
    cli("document", "export", "--document", "1", "-o", str(exported))
    cli("backup", "-o", str(work / "backup.casebook"))
    cli("check")

    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert exported.read_bytes() == pdf  # the user's explicit plaintext export, byte for byte
    explicit = {png, exported}
    needles = _needles(DOC_SECRETS) + _raw_chunks(pdf) + _raw_chunks(letter)
    leaks = [p for p in _files_containing(root, needles) if p not in explicit]
    assert leaks == [], [str(p.relative_to(root)) for p in leaks]
    assert any(p.name == "practice.casebook" for p in root.rglob("*"))
    # The scan can see: the export holds the PDF's bytes, so the same needles do find plaintext.
    assert exported in _files_containing(root, _raw_chunks(pdf))
