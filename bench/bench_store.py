"""Store and services at scale: a 2,000-client demo casebook (pass --clients N for more).

Prints: demo generation rate, unlock time (test KDF, so the figure is SQLCipher + integrity check),
filter-as-you-type latency over all client ids, lazy row fetch for a screenful, full-text search
latency, deadlines across the casebook, backup throughput. Numbers only; never pass/fail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ["CASEBOOK_INSECURE_TEST_KDF"] = "1"  # measure storage, not the deliberately slow KDF

from casebook import demo  # noqa: E402
from casebook.services import Services  # noqa: E402
from casebook.store import Casebook  # noqa: E402
from casebook.store.backup import backup  # noqa: E402


def timed(fn, repeat: int = 5) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=2000)
    n = ap.parse_known_args()[0].clients  # ./run bench passes its arguments to every benchmark
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.casebook"
        t = time.perf_counter()
        with Casebook.create(path, "bench") as cb:
            demo.generate(Services(cb), clients=n, seed=1, as_of=dt.date(2026, 11, 26))
        gen = time.perf_counter() - t
        print(f"demo generation: {n} clients in {gen:.1f} s ({n / gen:.0f} clients/s); "
              f"file {path.stat().st_size / 1e6:.1f} MB")
        t = time.perf_counter()
        cb = Casebook.open(path, "bench")
        print(f"unlock incl. integrity check (test KDF): {(time.perf_counter() - t) * 1000:.0f} ms")
        svc = Services(cb)
        print(f"client ids, no filter: {timed(lambda: svc.clients.ids()) * 1000:.1f} ms")
        print(f"client ids, filter 'ar': {timed(lambda: svc.clients.ids('ar')) * 1000:.1f} ms")
        ids = svc.clients.ids()
        print(f"rows for a screenful (40): {timed(lambda: svc.clients.rows(ids[:40])) * 1000:.2f} ms")
        print(f"search 'kaizen': {timed(lambda: svc.search.query('kaizen')) * 1000:.1f} ms")
        print(f"search prefix 'hor': {timed(lambda: svc.search.query('hor')) * 1000:.1f} ms")
        print(f"deadlines, whole casebook: {timed(lambda: svc.deadlines.list(), repeat=3) * 1000:.0f} ms")
        dest = Path(tmp) / "backup.casebook"
        t = time.perf_counter()
        backup(cb, dest)
        el = time.perf_counter() - t
        print(f"verified backup: {el:.2f} s ({dest.stat().st_size / 1e6 / el:.0f} MB/s)")
        cb.close()


if __name__ == "__main__":
    main()
