"""Unlock-to-interactive in the app (issue 15), against an empty Qt window's start, and the app's memory.

Run with ``./run bench`` (offscreen Qt; no display needed). A 40-client demo casebook is built once with
the real KDF. Each measurement runs in a fresh process, as a person starting the app would:

* **empty window**: an empty Qt window's start — from the process starting, import PySide6, create the
  ``QApplication``, show an empty 1366×768 ``QMainWindow`` and let Qt process every pending event;
* **unlock to interactive**: with the app's modules loaded and the ``QApplication`` up (as when the unlock
  window shows), from the moment the key is known (the KDF excluded, as a remembered key opens it) to
  Casebook's main window on the demo casebook shown with every pending event processed — when a person
  can use it. Then the process's resident memory with the casebook open.

Prints medians of several runs.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 5

_CHILD = r"""
import json, os, sys, time
start = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, {root!r})
mode, path, key_hex, ini = sys.argv[1:5]
from PySide6.QtWidgets import QApplication, QMainWindow
if mode != "empty":  # the app's modules are loaded before its unlock window appears
    from casebook import session as core_session
    from casebook.store import Casebook
    from ui.main_window import MainWindow
    from ui.session import Session
    from ui.settings import Settings, use_settings
t0 = time.perf_counter()
app = QApplication([])
if mode == "empty":
    w = QMainWindow(); w.resize(1366, 768); w.show(); app.processEvents()
    elapsed = time.perf_counter() - start  # an empty Qt window's start: the process, PySide6, the window
else:
    use_settings(Settings(ini))
    t0 = time.perf_counter()  # the unlock window is up; the key is known: from here to a usable window
    cb = Casebook.open(path, key=bytes.fromhex(key_hex))
    s = Session(core_session.OpenCasebook(cb))
    w = MainWindow(s); w.resize(1366, 768); w.show(); app.processEvents()
    elapsed = time.perf_counter() - t0
rss = 0.0
with open("/proc/self/status", encoding="ascii") as fh:
    for line in fh:
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) / 1024
print(json.dumps({{"seconds": elapsed, "rss_mb": rss}}))
os._exit(0)
"""


def _run(mode: str, path: Path, key: bytes, ini: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", _CHILD.format(root=str(ROOT)), mode, str(path), key.hex(),
                          str(ini)], capture_output=True, text=True, env=env, timeout=300, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from casebook import session as core_session
    from casebook.store.casebook import read_salt
    from casebook.store.keys import derive_key

    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
        path = Path(tmp) / "demo.casebook"
        t = time.perf_counter()
        core_session.create_demo(path, clients=40, seed=1)
        print(f"demo casebook (40 clients) built in {time.perf_counter() - t:.1f} s")
        key = derive_key(core_session.DEMO_PASSPHRASE, read_salt(path))
        ini = Path(tmp) / "bench.ini"
        _run("empty", path, key, ini)  # warm the file cache for the libraries
        empty = [_run("empty", path, key, ini)["seconds"] for _ in range(RUNS)]
        runs = [_run("app", path, key, ini) for _ in range(RUNS)]
        app_s = [r["seconds"] for r in runs]
        e, a = statistics.median(empty), statistics.median(app_s)
        print(f"empty Qt window, process start to shown:  {e * 1000:8.1f} ms (median of {RUNS})")
        print(f"unlock to interactive, demo (no KDF):      {a * 1000:8.1f} ms (median of {RUNS}) = "
              f"{a / e:.1f}x the empty window (goal 2x)")
        rss = statistics.median(r["rss_mb"] for r in runs)
        print(f"resident memory, the demo open:            {rss:8.1f} MB (goal 150 MB)")


if __name__ == "__main__":
    main()
