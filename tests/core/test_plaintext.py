"""Nothing with client data is written in plaintext anywhere.

A realistic session runs through the CLI in subprocesses whose HOME, XDG folders and TMPDIR all live
under one root; afterwards every file under that root — the casebook, its -wal/-shm, backups,
restored copies, settings, caches, temp files — is searched for a known client name and note text,
in UTF-8 and UTF-16, any case.
"""

from __future__ import annotations

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
