"""Unlock-to-interactive in the app (issue 15), against an empty Qt window's start, and the app's memory.

Run with ``./run bench`` (offscreen Qt; no display needed). A 40-client demo casebook is built once with
the real KDF; ``--file F`` measures another casebook instead (its raw key, hex, from ``--key HEX`` or
``--key-file``, by default ``F.key`` as ``bench/bench_scale.py --keep`` writes it), e.g. the ten-year one.
Opening may write to the file (a migration, stored deadlines, recent-file bookkeeping): use a copy of a
file that matters. One unmeasured run comes first, so one-off work a file needs on its first opening by
this version (a migration, filling a cache) is not in the medians.

Each measurement runs in a fresh process, as a person starting the app would, with the app's modules
compiled once as an installed app has them (the children keep their bytecode in a private cache warmed
by one unmeasured run, so neither a missing ``__pycache__`` nor the shared checkout skews the numbers):

* **empty window**: an empty Qt window's start — from the process starting, import PySide6, create the
  ``QApplication``, show an empty 1366×768 ``QMainWindow`` and let Qt process every pending event.
* **unlock to interactive** (the goal's measure): the app's real sequence. Not counted: starting the
  process, loading what the app loads before its unlock window (``ui.app``: the shell and the unlock
  window), the ``QApplication``, the unlock window shown, and — while a person types the passphrase and
  the KDF runs — what that window preloads in the background (:mod:`ui.preload`: the main window's and
  the client tabs' modules, the shipped deadline rules, this year's bank holidays; nothing from the
  casebook). Counted, from the moment the key is known (the KDF excluded): opening the file with that
  key and its light check, the services (not the OS keyring look-ups ``casebook.session.open`` adds,
  which depend on the desktop's keyring, not on Casebook), the unlock window handing over
  (``_on_opened``: recent files, keyring), the shell building and showing the main window (resized to
  1366×768), the overdue reminder, and then every pending event and zero-delay timer processed (the
  window laid out and painted) — when a person can use it. Then the process's resident memory with the
  casebook open.
* **open a client in the app**: then, in the same process, 20 clients spread over the casebook selected
  in turn as a person would, each timed to the client view drawn with every event processed, then the
  same 20 again (a second visit); and the resident memory after those 40 opens. Whether the OS keyring
  library was loaded is printed with the memory: the app loads it at start only where a keyring may
  exist (:mod:`casebook.store.keyring_store`), so on a headless Linux with no D-Bus session bus it is
  not; ``DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent`` measures the memory as a Linux desktop has
  it (the library loaded, its discovery finding no Secret Service).
* **the same, key known at once** (a remembered key unlocking at start, so nothing was preloaded yet):
  the clock starts as the unlock window appears; whatever the preloading has not loaded by the time the
  key is known is loaded on the clock.

Prints medians of several runs.
"""

from __future__ import annotations

import argparse
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
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def drain(app):
    # Every pending event, then every zero-delay timer (and what they post), until a marker timer
    # queued after them has fired, twice over.
    for _ in range(2):
        app.processEvents()
        fired = []
        QTimer.singleShot(0, lambda: fired.append(1))
        while not fired:
            app.processEvents()
    app.sendPostedEvents()
    app.processEvents()


if mode == "empty":
    app = QApplication([])
    w = QMainWindow(); w.resize(1366, 768); w.show(); drain(app)
    elapsed = time.perf_counter() - start  # an empty Qt window's start: the process, PySide6, the window
else:
    from pathlib import Path
    from ui.app import make_application  # what the app has loaded when its unlock window shows
    from ui.settings import Settings, use_settings
    app = make_application([])
    use_settings(Settings(ini))
    from ui.shell import Shell
    shell = Shell()
    shell.show_unlock(Path(path), auto_unlock=False)
    drain(app)
    from ui import preload
    if mode == "app":
        preload.wait()  # the passphrase being typed and the KDF: the preloading has finished
    t0 = time.perf_counter()  # the key is known: from here to a usable window
    from casebook import session as core_session
    from casebook.services import Services
    from casebook.store import Casebook
    cb = Casebook.open(path, key=bytes.fromhex(key_hex))  # what the unlock worker does with the key
    opened = core_session.OpenCasebook(cb, Services(cb))
    shell.unlock_window._on_opened(opened, False)  # back on the GUI thread: hand over to the shell
    w = shell.main_window
    w.resize(1366, 768)
    drain(app)
    elapsed = time.perf_counter() - t0
    if len(sys.argv) > 5:
        w.grab().save(sys.argv[5])
def rss_mb():
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


rss_open = rss_mb()
opens = []
if mode == "app":
    # Opening a client as a person does (selecting it in the list), to the client view drawn with every
    # event processed: 20 different clients spread over the casebook, then the same again (a second visit).
    ids = [r[0] for r in cb.conn.execute("SELECT id FROM clients ORDER BY id")]
    step = max(1, len(ids) // 20)
    for cid in ids[::step][:20] * 2:
        t1 = time.perf_counter()
        w.select_client(cid)
        drain(app)
        opens.append(time.perf_counter() - t1)
print(json.dumps({{"seconds": elapsed, "rss_mb": rss_open, "rss_after_opens_mb": rss_mb(), "opens": opens,
                  "keyring": "keyring" in sys.modules, "holidays": "holidays" in sys.modules}}))
os._exit(0)
"""


def _run(mode: str, path: Path, key: bytes, ini: Path, pycache: Path, shot: Path | None = None) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPYCACHEPREFIX": str(pycache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    argv = [sys.executable, "-c", _CHILD.format(root=str(ROOT)), mode, str(path), key.hex(), str(ini)]
    if shot is not None:
        argv.append(str(shot))
    out = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=600, check=False)
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit(f"the {mode} run failed (exit {out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _key_for(args) -> bytes:
    if args.key:
        return bytes.fromhex(args.key)
    key_file = args.key_file or Path(str(args.file) + ".key")
    if not key_file.is_file():
        raise SystemExit(f"no key for {args.file}: give --key HEX or --key-file FILE")
    return bytes.fromhex(key_file.read_text().strip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, help="measure this casebook instead of the 40-client demo")
    ap.add_argument("--key", help="its raw key in hex")
    ap.add_argument("--key-file", type=Path, help="a file holding its raw key in hex (default FILE.key)")
    ap.add_argument("--runs", type=int, default=RUNS)
    ap.add_argument("--screenshot", type=Path, help="save the main window as shown (the last run) here")
    args = ap.parse_known_args()[0]
    runs_n = max(1, args.runs)
    sys.path.insert(0, str(ROOT))
    from casebook import session as core_session
    from casebook.store.casebook import read_salt
    from casebook.store.keys import derive_key

    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
        if args.file:
            path, key, label = args.file, _key_for(args), args.file.name
        else:
            path = Path(tmp) / "demo.casebook"
            t = time.perf_counter()
            core_session.create_demo(path, clients=40, seed=1)
            print(f"demo casebook (40 clients) built in {time.perf_counter() - t:.1f} s")
            key = derive_key(core_session.DEMO_PASSPHRASE, read_salt(path))
            label = "demo"
        ini = Path(tmp) / "bench.ini"
        pycache = Path(tmp) / "pycache"
        for mode in ("empty", "app"):  # compile once, warm the file cache
            _run(mode, path, key, ini, pycache)
        empty = [_run("empty", path, key, ini, pycache)["seconds"] for _ in range(runs_n)]
        runs = [_run("app", path, key, ini, pycache, args.screenshot if i == runs_n - 1 else None)
                for i in range(runs_n)]
        cold = [_run("cold", path, key, ini, pycache)["seconds"] for _ in range(runs_n)]
        app_s = [r["seconds"] for r in runs]
        e, a, c = statistics.median(empty), statistics.median(app_s), statistics.median(cold)
        print(f"empty Qt window, process start to shown:  {e * 1000:8.1f} ms (median of {runs_n})")
        print(f"unlock to interactive, {label} (no KDF):  {a * 1000:8.1f} ms (median of {runs_n}) = "
              f"{a / e:.1f}x the empty window (goal 2x; min {min(app_s) * 1000:.0f}, "
              f"max {max(app_s) * 1000:.0f})")
        print(f"  the same, key known at once (no preload): {c * 1000:8.1f} ms (median of {runs_n})")
        rss = statistics.median(r["rss_mb"] for r in runs)
        print(f"resident memory, {label} open:            {rss:8.1f} MB (goal 150 MB)")
        loaded = [name for name in ("keyring", "holidays") if any(r[name] for r in runs)]
        print(f"  (the OS keyring library {'loaded' if 'keyring' in loaded else 'not loaded'}, the holidays "
              f"package {'loaded' if 'holidays' in loaded else 'not loaded'})")
        after = statistics.median(r["rss_after_opens_mb"] for r in runs)
        print(f"  after 40 client opens:                  {after:8.1f} MB (goal 150 MB)")
        first = sorted(o for r in runs for o in r["opens"][:20])
        again = sorted(o for r in runs for o in r["opens"][20:])

        def p95(xs):
            return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))] * 1000

        print(f"open a client in the app (select it, drawn): first visit median "
              f"{statistics.median(first) * 1000:.1f} ms (p95 {p95(first):.1f}), again median "
              f"{statistics.median(again) * 1000:.1f} ms (p95 {p95(again):.1f}); goal 50 ms")


if __name__ == "__main__":
    main()
