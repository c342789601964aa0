"""A decade of casework (issue 15): a synthetic ten-year sole practice, encrypted and plain, measured.

``./run bench --scale 10y`` builds 2,000 clients, ~6,000 matters, ~154,500 events and ~49,000 notes
of 50–400 words THROUGH THE SERVICES (batched: ``RecordStore.create_many``, one transaction per batch,
validated and audited like every write) in one encrypted casebook — the real KDF runs once, to create
it; every later unlock uses the raw key, as a remembered key does — and exports the same data to a
plain SQLite copy (``sqlcipher_export``). It then prints every row of the issue's table, encrypted v
plain with the ratio. ``--scale small`` (the default) is a tenth of that, for a quick run; any other
argument is ignored (``./run bench`` passes its arguments to every benchmark). Numbers only; never
pass/fail. ``--keep DIR`` keeps the two files in DIR (they are not rebuilt if already there).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from casebook.services import Services
from casebook.store import Casebook, keys
from casebook.store.backup import _counts, backup
from casebook.store.casebook import _configure, _connect, integrity_problems, light_problems
from casebook.store.migrations import schema_version

SCALES = {  # clients, matters, events, notes
    "10y": (2000, 6010, 154_548, 49_058),
    "small": (200, 601, 15_455, 4_906),
    "tiny": (20, 60, 1_545, 490),
}
PASSPHRASE = "correct horse battery staple for the bench"
TODAY = dt.date(2026, 11, 26)
BATCH = 2000

def _vocab(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Realistic prison-law vocabulary: common English glue words (Zipf-ish weights) and domain words.
GLUE = _vocab("the the the the the of of of and and and to to to a a in in is was that for on with he his "
        "at by as it be this from has had not are have were which an or been their they will would "
        "said also about after before there when who may could should its into than more other")
DOMAIN = _vocab("parole board panel hearing oral paper review dossier member decision recall licence release "
          "risk assessment OASys psychologist psychology report probation officer offender manager POM "
          "COM prison establishment category open conditions progression sentence tariff expiry IPP "
          "indeterminate determinate extended custody adjudication complaint COMP1 reply governor "
          "judicial grounds claim letter legal visit client instructions representations witness "
          "evidence hostel approved premises curfew tag HDC resettlement programme Kaizen Horizon "
          "TSP BBR intervention sentence-plan behaviour incident security intelligence drugs test "
          "mandatory negative positive nomis delius PPCS referral deferral adjournment directions "
          "secretary state minister application reconsideration set-aside public protection "
          "victim statement exclusion zone conditions variation manageable community plan "
          "accommodation employment family support relationship partner mother children contact "
          "reduced insight remorse offending index offence violence weapon robbery burglary "
          "wounding manslaughter murder rape arson supplier debt bullying segregation healthcare "
          "mental health medication keyworker chaplaincy education workshop enhanced standard basic "
          "IEP regime transfer move Category-D Category-C Category-B")
NAMES_FIRST = _vocab("James John Robert Michael David William Richard Joseph Thomas Daniel Paul Mark Andrew "
               "Kevin Steven Wayne Lee Dean Darren Jason Liam Connor Kyle Ryan Aaron Jamal Tyrone Marcus "
               "Mohammed Ali Tariq Imran Piotr Tomasz Adam Callum Sean Patrick")
NAMES_LAST = _vocab("Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
              "Walker White Roberts Green Hall Wood Jackson Clarke Patel Khan Hughes Edwards Hill Moore "
              "Murphy Kelly Price Bennett Griffiths Lewis Harris Martin Cooper Ward Morris Turner")
PRISONS = ("HMP Wakefield", "HMP Frankland", "HMP Long Lartin", "HMP Full Sutton", "HMP Garth",
           "HMP Swaleside", "HMP Grendon", "HMP Warren Hill", "HMP Ford", "HMP Leyhill", "HMP Stocken")
MATTER_TYPES = ("parole-review", "parole-review", "recall-review", "ipp-licence-termination",
                "categorisation", "adjudication", "complaint", "judicial-review", "sentence-calculation")
# Mostly untriggering types, as a file's chronology is; a few that trigger deadlines.
EVENT_TYPES = (["note"] * 8 + ["letter-sent"] * 6 + ["legal-visit"] * 5 + ["report-received"] * 4
               + ["other"] * 4 + ["staff-decision", "dossier-served", "hearing-listed", "comp1-submitted",
                                  "referral", "decision-final", "adjudication"])
NOTE_KINDS = ("note", "note", "legal-visit", "call", "attendance")


def words(rng: random.Random, n: int) -> str:
    out = []
    for i in range(n):
        w = rng.choice(GLUE) if rng.random() < 0.55 else rng.choice(DOMAIN)
        out.append(w.capitalize() if i == 0 or out[-1].endswith(".") else w)
        if rng.random() < 0.07:
            out[-1] += "."
    return " ".join(out) + "."


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def build(svc: Services, scale: str, seed: int = 15) -> dict[str, float]:
    n_clients, n_matters, n_events, n_notes = SCALES[scale]
    rng = random.Random(seed)
    rates: dict[str, float] = {}
    cb = svc.cb
    start = TODAY - dt.timedelta(days=3650)
    with cb.bulk():
        t = time.perf_counter()
        client_ids: list[int] = []
        for lo in range(0, n_clients, BATCH):
            items = []
            for i in range(lo, min(n_clients, lo + BATCH)):
                num = f"A{i:04d}{chr(65 + i % 26)}{chr(65 + (i // 26) % 26)}"
                items.append((None, {"name": f"{rng.choice(NAMES_FIRST)} {rng.choice(NAMES_LAST)}",
                                     "prison_number": num, "prison": rng.choice(PRISONS),
                                     "dob": dt.date(1960 + rng.randrange(40), 1 + rng.randrange(12),
                                                    1 + rng.randrange(28))}))
            client_ids += svc.clients.create_many(items)
        matter_ids: list[tuple[int, int]] = []  # (matter, client)
        items = []
        for i in range(n_matters):
            cid = client_ids[i % n_clients]
            opened = start + dt.timedelta(days=rng.randrange(3600))
            items.append((cid, {"type": rng.choice(MATTER_TYPES), "title": words(rng, 4)[:60],
                                "opened_on": opened}))
        for lo in range(0, len(items), BATCH):
            chunk = items[lo:lo + BATCH]
            matter_ids += zip(svc.matters.create_many(chunk), [c for c, _ in chunk], strict=True)
        rates["clients+matters"] = (n_clients + n_matters) / (time.perf_counter() - t)

        spent = 0.0
        done = 0
        while done < n_events:
            items = []
            for _ in range(min(BATCH, n_events - done)):
                mid, _cid = matter_ids[rng.randrange(len(matter_ids))]
                day = start + dt.timedelta(days=rng.randrange(3650))
                items.append((mid, {"date": day, "type": rng.choice(EVENT_TYPES),
                                    "text": words(rng, rng.randint(4, 30))}))
            t = time.perf_counter()
            done += len(svc.chronology.create_many(items))
            spent += time.perf_counter() - t
            print(f"\r  events {done:,}/{n_events:,}", end="", file=sys.stderr, flush=True)
        rates["events"] = n_events / spent
        spent = 0.0
        done = 0
        while done < n_notes:
            items = []
            for _ in range(min(BATCH // 4, n_notes - done)):
                mid, cid = matter_ids[rng.randrange(len(matter_ids))]
                day = start + dt.timedelta(days=rng.randrange(3650))
                items.append((cid, {"date": day, "kind": rng.choice(NOTE_KINDS), "matter_id": mid,
                                    "text": words(rng, rng.randint(50, 400))}))
            t = time.perf_counter()
            done += len(svc.notes.create_many(items))
            spent += time.perf_counter() - t
            print(f"\r  notes {done:,}/{n_notes:,}   ", end="", file=sys.stderr, flush=True)
        rates["notes"] = n_notes / spent
        print(file=sys.stderr)
    return rates


def single_rate(svc: Services, n: int = 200) -> float:
    """Events written one at a time through the service (each its own transaction)."""
    mid = svc.cb.conn.execute("SELECT max(id) FROM matters").fetchone()[0]
    rng = random.Random(7)
    t = time.perf_counter()
    for _ in range(n):
        svc.chronology.add(mid, TODAY - dt.timedelta(days=rng.randrange(300)), "note", words(rng, 12))
    return n / (time.perf_counter() - t)


def batch_rate(svc: Services, n: int = 5000) -> float:
    mid = svc.cb.conn.execute("SELECT max(id) FROM matters").fetchone()[0]
    rng = random.Random(8)
    items = [(mid, {"date": TODAY - dt.timedelta(days=rng.randrange(300)), "type": "note",
                    "text": words(rng, 12)}) for _ in range(n)]
    t = time.perf_counter()
    svc.chronology.create_many(items)
    return n / (time.perf_counter() - t)


def timed(fn, repeat: int = 7) -> tuple[float, float]:
    """(median, p95) in ms."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    runs.sort()
    return statistics.median(runs), runs[min(len(runs) - 1, round(0.95 * (len(runs) - 1)))]


def open_plain(path: Path) -> Casebook:
    conn = _connect(path)
    _configure(conn)
    return Casebook(path, conn, b"", b"\0" * 16)


def open_encrypted(path: Path, key: bytes, check=True) -> Casebook:
    return Casebook.open(path, key=key, check=check)


def measure(label: str, svc: Services, rows: dict, key: str, client_ids: list[int]) -> None:
    def search(text: str, limit: int = 50):
        return lambda: svc.search.query(text, limit=limit)

    for word in ("parole", "the", "p"):
        rows.setdefault(f"search {word!r} (first screenful, 50)", {})[key] = timed(search(word), 9)
    hits = svc.search.count("parole", cap=10**7) if hasattr(svc.search, "count") else None
    if hits is not None:
        rows.setdefault("  ('parole' hits)", {})[key] = (hits, hits)

    def open_client(cid: int):
        svc.clients.get(cid)
        svc.clients.sentences(cid)
        svc.clients.adjustments(cid)
        svc.matters.for_client(cid)
        svc.chronology.for_client(cid)
        svc.notes.for_client(cid)
        svc.contacts.list_for_client(cid)

    it = iter(client_ids * 10)
    rows.setdefault("open a client (what the client view loads)", {})[key] = timed(
        lambda: open_client(next(it)), 40)


def measure_deadlines(opener, rows: dict, key: str) -> None:
    """The whole casebook's deadlines from the stored deadlines (schema v10), as the app asks for them: the
    first call after each unlock (a new connection and services; the unlock itself not timed), then again
    with nothing written (answered from memory), after one event that starts a deadline is added (its
    client recomputed). First what the app asks at unlock — "This week"'s first page (200 rows of the
    28-day list, snoozed ones hidden) and its counts, and the reminder's counts (DeadlineService.page and
    summary) — then the whole list (``list(within_days=7)``, the CLI's question), and that list computed
    afresh from the chronology as every view did before (the reference the stored list must equal)."""

    def app_week(svc):
        page = svc.deadlines.page(28, TODAY, 0, 200, include_snoozed=False)  # the dashboard
        svc.deadlines.summary(28, TODAY)  # the overdue reminder
        return page

    def whole(svc):
        return svc.deadlines.list(within_days=7)

    for name, ask in (("This week, first page + counts (the app)", app_week),
                      ("This week, whole list (within 7 days)", whole)):
        firsts = []
        for _ in range(5):
            cb = opener()
            svc = Services(cb, today=TODAY)
            t = time.perf_counter()
            ask(svc)
            firsts.append((time.perf_counter() - t) * 1000)
            cb.close()
        firsts.sort()
        rows.setdefault(f"deadlines, {name}: first call after unlock", {})[key] = (
            statistics.median(firsts), firsts[-1])
        cb = opener()
        svc = Services(cb, today=TODAY)
        ask(svc)
        rows.setdefault(f"deadlines, {name}: again (nothing written)", {})[key] = timed(
            lambda ask=ask, svc=svc: ask(svc), 20)
        mid = cb.conn.execute("SELECT min(id) FROM matters WHERE status != 'closed'").fetchone()[0]
        after = []
        for i in range(7):
            day = TODAY - dt.timedelta(days=3 + i)
            eid = svc.chronology.add(mid, day, "paper-decision-negative", "bench")
            t = time.perf_counter()
            ask(svc)
            after.append((time.perf_counter() - t) * 1000)
            svc.chronology.delete(eid)
        after.sort()
        rows.setdefault(f"deadlines, {name}: after an event is added", {})[key] = (
            statistics.median(after), after[min(len(after) - 1, round(0.95 * (len(after) - 1)))])
        cb.close()
    cb = opener()
    svc = Services(cb, today=TODAY)
    week = svc.deadlines.list(within_days=7)
    month = svc.deadlines.list(within_days=28, include_done=False, include_snoozed=False)
    page = app_week(svc)
    assert list(page.items) == month[:200] and page.total == len(month), "a page differs from the list"
    fresh = svc.deadlines._list_fresh(None, 7, TODAY, False, True, True)
    assert fresh == week, "the stored deadlines differ from a fresh computation"
    rows.setdefault("deadlines, This week: computed afresh (before v10)", {})[key] = timed(
        lambda: svc.deadlines._list_fresh(None, 7, TODAY, False, True, True), 3)
    rows.setdefault("  (deadlines within 7 days)", {})[key] = (len(week), len(week))
    rows.setdefault("  (deadlines in This week: 28 days, snoozed hidden)", {})[key] = (len(month), len(month))
    cb.close()


def export_plain(enc: Path, key: bytes, plain: Path) -> None:
    cb = open_encrypted(enc, key, check=False)
    # The stored deadlines, as a real casebook has them after its first view (built once, here).
    t = time.perf_counter()
    Services(cb, today=TODAY).deadlines.list(within_days=7)
    print(f"stored deadlines brought up to date in {time.perf_counter() - t:.1f} s")
    cb.conn.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
    cb.conn.execute("SELECT sqlcipher_export('plain')")
    cb.conn.execute("DETACH DATABASE plain")
    cb.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", choices=sorted(SCALES), default="small")
    ap.add_argument("--keep", type=Path, default=None)
    args = ap.parse_known_args()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        enc = folder / f"scale-{args.scale}.casebook"
        plain = folder / f"scale-{args.scale}.plain.sqlite"
        rows: dict[str, dict[str, tuple[float, float]]] = {}
        print(f"scale {args.scale}: {SCALES[args.scale]} (clients, matters, events, notes); "
              f"KDF {keys.current_params().name}")
        t = time.perf_counter()
        if not enc.exists():
            cb = Casebook.create(enc, PASSPHRASE)  # the real KDF, once
            kdf_s = time.perf_counter() - t
            key = cb.raw_key()
            svc = Services(cb, today=TODAY)
            t = time.perf_counter()
            rates = build(svc, args.scale)
            print(f"built in {time.perf_counter() - t:.0f} s: " +
                  ", ".join(f"{k} {v:,.0f} rows/s" for k, v in rates.items()))
            rows["batch write rate, events (rows/s, build)"] = {"enc": (rates["events"],) * 2}
            rows["batch write rate, notes (rows/s, build)"] = {"enc": (rates["notes"],) * 2}
            cb.close()
            (folder / (enc.name + ".key")).write_text(key.hex())
        else:
            key = bytes.fromhex((folder / (enc.name + ".key")).read_text())
            kdf_s = float("nan")
        print(f"create (real KDF once): {kdf_s:.2f} s; file {enc.stat().st_size / 1e6:.0f} MB")
        with open_encrypted(enc, key, check=False) as cb:  # (a kept file is brought to this schema here)
            print(f"pages authenticated by {cb.page_format.name}; schema {schema_version(cb.conn)}")
        if plain.exists():
            c = _connect(plain)
            stored = c.execute("SELECT 1 FROM sqlite_master WHERE name = 'deadline_cache'").fetchone()
            c.close()
            if not stored:  # kept from before schema v10: export again, with the stored deadlines
                plain.unlink()
        if not plain.exists():
            export_plain(enc, key, plain)
        # ---- unlock
        for name, check in (("unlock, light check (default)", True), ("unlock, full integrity check", "deep"),
                            ("unlock, no check", False)):
            def unlock_enc(check=check):
                open_encrypted(enc, key, check=check).close()

            def unlock_plain(check=check):
                c = open_plain(plain)
                if check == "deep":
                    integrity_problems(c.conn)
                elif check:
                    light_problems(c.conn, plain)
                c.close()

            rows[name] = {"enc": timed(unlock_enc, 1 if check == "deep" else 5),
                          "plain": timed(unlock_plain, 1 if check == "deep" else 5)}
        # ---- reads
        for key_, opener in (("enc", lambda: open_encrypted(enc, key)), ("plain", lambda: open_plain(plain))):
            cb = opener()
            svc = Services(cb, today=TODAY)
            ids = [r[0] for r in cb.conn.execute("SELECT id FROM clients ORDER BY random() LIMIT 40")]
            measure(key_, svc, rows, key_, ids)
            if key_ == "enc":
                gc.collect()
                rows["RSS after 40 client opens (MB)"] = {"enc": (rss_mb(), rss_mb())}
                rows["write rate, one event per transaction (rows/s)"] = {"enc": (single_rate(svc),) * 2}
                rows["batch write rate, create_many 5,000 events (rows/s)"] = {"enc": (batch_rate(svc),) * 2}
            else:
                rows["write rate, one event per transaction (rows/s)"]["plain"] = (single_rate(svc),) * 2
                rows["batch write rate, create_many 5,000 events (rows/s)"]["plain"] = (batch_rate(svc),) * 2
            measure_deadlines(opener, rows, key_)  # after the RSS row: its lists are not the client view's
            # ---- verified backup
            dest = folder / f"backup-{key_}-{time.time_ns()}.casebook"
            t = time.perf_counter()
            if key_ == "enc":
                backup(cb, dest)
            else:
                # Like for like with the encrypted backup's raw path: under a read snapshot of a
                # checkpointed file, the pages copied as they are (in the kernel), synced, and the copy's
                # row counts compared — with no page HMACs to check, as a plain file has none.
                src = _connect(plain)
                src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                src.execute("BEGIN")
                src.execute("SELECT count(*) FROM sqlite_master").fetchone()
                size = (src.execute("PRAGMA page_count").fetchone()[0]
                        * src.execute("PRAGMA page_size").fetchone()[0])
                expected = _counts(src)
                with open(plain, "rb") as fin, open(dest, "wb") as fout:
                    left, off = size, 0
                    while left:
                        n = os.copy_file_range(fin.fileno(), fout.fileno(), min(left, 1 << 26), off, off)
                        if n <= 0:
                            raise OSError("short copy")
                        left, off = left - n, off + n
                    fout.flush()
                    os.fsync(fout.fileno())
                out = _connect(dest)
                assert _counts(out) == expected
                out.close()
                src.close()
            rows.setdefault("verified backup (ms)", {})[key_] = ((time.perf_counter() - t) * 1000,) * 2
            with contextlib.suppress(FileNotFoundError):
                os.remove(dest)
            cb.close()
        # ---- report
        print(f"{'operation':58} {'encrypted':>18} {'plain':>18} {'ratio':>6}")
        for name, vals in rows.items():
            e, p = vals.get("enc"), vals.get("plain")

            def fmt(v):
                if v is None:
                    return "—"
                return f"{v[0]:,.1f}" if v[0] == v[1] else f"{v[0]:,.1f} (p95 {v[1]:,.1f})"

            ratio = f"{e[0] / p[0]:.2f}" if e and p and p[0] else ""
            unit = ("" if "rate" in name or "RSS" in name or "(ms)" in name or name.startswith("  (")
                    else " ms")
            print(f"{name + unit:58} {fmt(e):>18} {fmt(p):>18} {ratio:>6}")


if __name__ == "__main__":
    main()
