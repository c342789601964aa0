"""The desktop app leaves no client data in plaintext: run the GUI smoke on the demo casebook in a
subprocess whose HOME, XDG folders and TMPDIR live under one root, then search every file it wrote —
settings, caches, temp files, the demo casebook and its -wal/-shm — for every demo client's name and
prison number."""

from __future__ import annotations

import os
import subprocess
import sys

from casebook.store import Casebook
from tests.conftest import cli_env
from tests.core.test_plaintext import _scan_for
from ui.unlock import DEMO_PASSPHRASE


def test_gui_session_writes_no_plaintext_client_data(tmp_path):
    root = tmp_path / "root"
    dirs = {"HOME": root / "home", "XDG_DATA_HOME": root / "data", "XDG_CONFIG_HOME": root / "config",
            "XDG_CACHE_HOME": root / "cache", "TMPDIR": root / "tmp", "SQLITE_TMPDIR": root / "tmp",
            "XDG_RUNTIME_DIR": root / "runtime"}
    for p in dirs.values():
        p.mkdir(parents=True, exist_ok=True, mode=0o700)
    env = cli_env(**{k: str(v) for k, v in dirs.items()}, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run([sys.executable, "-m", "ui", "gui", "--demo", "--smoke"], env=env, cwd=root,
                       capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
    assert p.returncode == 0, p.stderr
    demo_files = list(root.rglob("demo.casebook"))
    assert len(demo_files) == 1
    with Casebook.open(demo_files[0], DEMO_PASSPHRASE) as cb:
        rows = cb.conn.execute("SELECT name, prison_number FROM clients").fetchall()
    assert len(rows) >= 10
    secrets = [r[0] for r in rows] + [r[1] for r in rows if r[1]]
    written = [f for f in root.rglob("*") if f.is_file()]
    assert written  # at least the demo casebook
    assert _scan_for(root, secrets) == []
    assert not [f for f in written if f.suffix in (".log", ".txt") and os.path.getsize(f)]
