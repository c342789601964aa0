"""Everything else a practitioner does in the app (issue 15), timed on the GUI thread with the real widgets.

``./run bench`` (offscreen Qt). ``--file F`` measures another casebook (its raw key, hex, from ``--key``
or ``--key-file``, by default ``F.key`` as ``bench/bench_scale.py --keep`` writes it), e.g. the ten-year
one; without it a small casebook is built with bench_scale's builder (``--scale``, default ``tiny``).
The file is WRITTEN to (events and notes are added and deleted again, exports are audited): use a copy.

The main window is built as the app builds it after an unlock (bench_app_unlock.py), then for the
busiest client (most events and notes) and a typical one (the median), each action is timed from the
call to every pending event processed (the window laid out and painted), a few runs each:

* each client tab loaded for the client (``tab.set_client`` and shown): Chronology, Notes, Risk,
  Evidence, Challenges, Documents, Contacts, Programmes, Matters; and switching client with every tab
  built (the client view reloads every tab it has built);
* a matter opened (``MatterView.set_matter``: every matter tab loads) and each matter tab loaded alone
  (Chronology, Deadlines, Directions & hearing, Challenges, Letters, Time & legal aid);
* the letters' context for the matter (``LetterService.context``) and what was generated for it
  (``LetterService.generated``, from the audit log);
* adding an event in the matter, and a note in the Notes tab, as a saved dialog does (the service's
  write, the tab reloaded, ``changed`` emitted: the other tabs, the client list and the overdue
  reminder brought up to date), then This week shown (the dashboard recounted);
* the audit log (``AuditService.entries``, 500 newest; one entity's entries), a month's claims (the
  Monthly claims page, the CSV and Word exports), a matter's time report (Word);
* the CLI's ``client show --json`` and ``deadlines --json`` run in-process (the unlock not counted).

Numbers only (median, p95 and min in ms; on a shared machine the min is the steadiest); never
pass/fail. ``--profile NAME`` prints a cProfile of one
action (its name as printed, or a unique part of it) instead.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

RUNS = 5


def drain(app) -> None:
    from PySide6.QtCore import QTimer

    for _ in range(2):
        app.processEvents()
        fired: list[int] = []
        QTimer.singleShot(0, lambda f=fired: f.append(1))
        while not fired:
            app.processEvents()
    app.sendPostedEvents()
    app.processEvents()


def _build_small(folder: Path, scale: str) -> tuple[Path, bytes]:
    import bench_scale

    from casebook.services import Services
    from casebook.store import Casebook

    path = folder / f"views-{scale}.casebook"
    cb = Casebook.create(path, bench_scale.PASSPHRASE)
    key = cb.raw_key()
    bench_scale.build(Services(cb, today=bench_scale.TODAY), scale)
    cb.close()
    return path, key


def _pick_clients(conn) -> list[tuple[str, int]]:
    rows = conn.execute(
        "SELECT c.id, (SELECT count(*) FROM events e JOIN matters m ON m.id = e.matter_id "
        "WHERE m.client_id = c.id) + (SELECT count(*) FROM notes n WHERE n.client_id = c.id) AS n "
        "FROM clients c ORDER BY n, c.id").fetchall()
    return [("busy", rows[-1][0]), ("typical", rows[len(rows) // 2][0])]


def _busiest_matter(conn, client_id: int) -> int:
    return conn.execute(
        "SELECT m.id FROM matters m LEFT JOIN events e ON e.matter_id = m.id WHERE m.client_id = ? "
        "GROUP BY m.id ORDER BY count(e.id) DESC, m.id LIMIT 1", (client_id,)).fetchone()[0]


def _cli(argv: list[str], opened) -> str:
    from casebook.cli import build_parser
    from casebook.cli.context import CliContext

    args = build_parser().parse_args(["--json", *argv])
    ctx = CliContext(args)
    ctx._opened = opened  # unlocked already: the command's own work is timed
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        args.func(args, ctx)
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, help="measure this casebook (a copy: it is written to)")
    ap.add_argument("--key", help="its raw key in hex")
    ap.add_argument("--key-file", type=Path, help="a file holding its raw key in hex (default FILE.key)")
    ap.add_argument("--scale", default="tiny", help="without --file: bench_scale's scale to build")
    ap.add_argument("--runs", type=int, default=RUNS)
    ap.add_argument("--profile", help="cProfile this action instead of timing all of them")
    ap.add_argument("--only", help="time only the actions whose name contains this")
    args = ap.parse_known_args()[0]
    runs_n = max(1, args.runs)

    with tempfile.TemporaryDirectory(prefix="casebook-views-") as tmp_name:
        tmp = Path(tmp_name)
        if args.file:
            import bench_app_unlock  # (its key lookup: --key, --key-file or FILE.key)

            path, key = args.file, bench_app_unlock._key_for(args)
        else:
            t = time.perf_counter()
            path, key = _build_small(tmp, args.scale)
            print(f"{args.scale} casebook built in {time.perf_counter() - t:.1f} s")
        _measure(path, key, tmp, runs_n, args.profile, args.only)


def _measure(path: Path, key: bytes, tmp: Path, runs_n: int, profile: str | None, only: str | None) -> None:
    from ui.app import make_application
    from ui.settings import Settings, use_settings

    app = make_application([])
    use_settings(Settings(str(tmp / "bench.ini")))
    from casebook import session as core_session
    from casebook.services import Services
    from casebook.store import Casebook
    from ui.shell import Shell

    shell = Shell()
    shell.show_unlock(path, auto_unlock=False)
    drain(app)
    cb = Casebook.open(path, key=key)
    services = Services(cb)
    opened = core_session.OpenCasebook(cb, services)
    shell.unlock_window._on_opened(opened, False)
    w = shell.main_window
    w.resize(1366, 768)
    drain(app)
    conn = cb.conn
    today = services.clock.today()
    month = f"{today.year:04d}-{today.month:02d}"
    counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 - fixed names
              for t in ("clients", "matters", "events", "notes", "audit")}
    print(f"{path.name}: " + ", ".join(f"{n:,} {t}" for t, n in counts.items()))

    results: list[tuple[str, list[float]]] = []

    def timed(name: str, fn, setup=None, runs: int = runs_n) -> None:
        if only and only not in name:
            return
        if profile:
            if profile != name and profile not in name:  # run once, unprofiled: the state as in a timed run
                if setup:
                    setup()
                fn()
                drain(app)
                return
            if setup:
                setup()
            fn()
            drain(app)  # warm
            if setup:
                setup()
            prof = cProfile.Profile()
            prof.enable()
            fn()
            drain(app)
            prof.disable()
            print(f"---- {name}")
            pstats.Stats(prof).sort_stats("cumulative").print_stats(45)
            return
        times = []
        for _ in range(runs):
            if setup:
                setup()
                drain(app)
            t0 = time.perf_counter()
            fn()
            drain(app)
            times.append((time.perf_counter() - t0) * 1000)
        results.append((name, times))
        times = sorted(times)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"  {name:62} {statistics.median(times):9.1f} ms  (p95 {p95:9.1f}, min {times[0]:9.1f})",
              flush=True)

    cv = w.client_view
    def per_client(label: str, cid: int) -> None:  # (a function: its closures run at once)
        n_ev = conn.execute("SELECT count(*) FROM events e JOIN matters m ON m.id = e.matter_id "
                            "WHERE m.client_id = ?", (cid,)).fetchone()[0]
        n_no = conn.execute("SELECT count(*) FROM notes WHERE client_id = ?", (cid,)).fetchone()[0]
        n_ma = conn.execute("SELECT count(*) FROM matters WHERE client_id = ?", (cid,)).fetchone()[0]
        print(f"{label} client {cid}: {n_ma} matters, {n_ev} events, {n_no} notes")
        w.select_client(cid)
        drain(app)

        def overview() -> None:
            cv.show_tab("overview")

        for key in ("chronology", "notes", "risk", "evidence", "challenges", "documents", "contacts",
                    "programmes", "matters"):
            def load(key=key) -> None:
                cv.tab(key).set_client(cid)
                cv.show_tab(key)

            timed(f"{label}: client tab {key}", load, overview)
        cv.show_tab("overview")
        drain(app)
        other = _pick_clients(conn)[1][1] if label == "busy" else _pick_clients(conn)[0][1]

        def switch_back() -> None:
            w.select_client(other)

        timed(f"{label}: select client, every tab built", lambda: w.select_client(cid), switch_back)
        w.select_client(cid)
        drain(app)

        mid = _busiest_matter(conn, cid)
        n_mev = conn.execute("SELECT count(*) FROM events WHERE matter_id = ?", (mid,)).fetchone()[0]
        print(f"{label} client's busiest matter {mid}: {n_mev} events")
        matters_tab = cv.show_tab("matters")
        mv = matters_tab.view
        timed(f"{label}: open matter (every matter tab loads)", lambda: mv.set_matter(mid))
        mv.set_matter(mid)
        for name, tab, load in (
            ("chronology", mv.chronology, lambda: mv.chronology.set_matter(cid, mid)),
            ("deadlines", mv.deadlines, lambda: mv.deadlines.set_matter(mid)),
            ("directions & hearing", mv.parole, lambda: mv.parole.set_matter(mid)),
            ("challenges", mv.challenges, lambda: mv.challenges.set_matter(cid, mid)),
            ("letters", mv.letters, lambda: mv.letters.set_matter(cid, mid)),
            ("time & legal aid", mv.time, lambda: mv.time.set_matter(mid)),
        ):
            def show(tab=tab, load=load) -> None:
                load()
                mv.tabs.setCurrentWidget(tab)

            timed(f"{label}: matter tab {name}", show)
        timed(f"{label}: letters context (LetterService.context)", lambda: services.letters.context(mid))
        timed(f"{label}: letters generated (audit log)", lambda: services.letters.generated(mid))
        mv.tabs.setCurrentWidget(mv.chronology)
        drain(app)

        added: list[int] = []

        def add_event() -> None:
            eid = services.chronology.add(mid, today - dt.timedelta(days=1), "note", "bench event")
            added.append(eid)
            mv.chronology.refresh()
            mv.chronology.select(eid)
            mv.chronology.changed.emit()

        def drop_events() -> None:
            while added:
                services.chronology.delete(added.pop())

        timed(f"{label}: add an event (save, views refresh)", add_event, drop_events)
        drop_events()
        notes_tab = cv.show_tab("notes")
        drain(app)
        added_notes: list[int] = []

        def add_note() -> None:
            nid = services.notes.add(cid, "bench note", today, matter_id=mid)
            added_notes.append(nid)
            notes_tab.refresh()
            notes_tab.select(nid)
            notes_tab.changed.emit()

        def drop_notes() -> None:
            while added_notes:
                services.notes.delete(added_notes.pop())

        timed(f"{label}: add a note (save, views refresh)", add_note, drop_notes)
        drop_notes()
        timed(f"{label}: This week shown after a save", w.show_home, lambda: w.select_client(cid))
        w.select_client(cid)
        drain(app)
        timed(f"{label}: matter time report (Word)",
              lambda: services.legal_aid.export_matter_docx(mid, tmp / "time.docx", overwrite=True))
        timed(f"{label}: CLI client show --json", lambda: _cli(["client", "show", str(cid)], opened))
        timed(f"{label}: CLI deadlines --matter --json",
              lambda: _cli(["deadlines", "--matter", str(mid)], opened))

    for label, cid in _pick_clients(conn):
        per_client(label, cid)
    cid = _pick_clients(conn)[0][1]
    timed("audit log: 500 newest (AuditService.entries)", lambda: services.audit.entries(limit=500))
    timed("audit log: one client's entries", lambda: services.audit.entries("client", cid))
    timed("CLI audit --json (default limit)", lambda: _cli(["audit"], opened))
    timed("CLI deadlines --json", lambda: _cli(["deadlines"], opened))
    timed("CLI deadlines --within 28 --json", lambda: _cli(["deadlines", "--within", "28"], opened))
    timed("Monthly claims page shown", w.show_claims, w.show_home)
    timed(f"claims for {month} (LegalAidService.claims)", lambda: services.legal_aid.claims(month))
    timed("claims CSV export (a month)",
          lambda: services.legal_aid.export_claims_csv(month, tmp / "c.csv", overwrite=True))
    timed("claims Word export (a month)",
          lambda: services.legal_aid.export_claims_docx(month, tmp / "c.docx", overwrite=True))
    timed("visit mode shown", w.show_visit_mode, w.show_home)
    w.show_home()
    drain(app)
    if not profile:
        print(f"{len(results)} actions, {runs_n} runs each (ms from the call to every event processed)")
    w.teardown() if hasattr(w, "teardown") else None
    cb.close()
    os._exit(0)


if __name__ == "__main__":
    main()
