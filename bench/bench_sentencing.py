"""Benchmark: bookings per second through the release-date engine, whole HMPPS corpus, one process.

Prints numbers only (never pass/fail on time). Run: ``.venv/bin/python bench/bench_sentencing.py``.
Parsing (JSON → BookingIn) is measured apart from calculation; refusals count as processed bookings.
"""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casebook.sentencing import InvalidBooking, NotSupported, calculate  # noqa: E402
from casebook.sentencing.hmpps_json import parse_booking  # noqa: E402

CORPUS = ROOT.parent / "shared" / "oracles" / "release-dates" / "overall_calculation"


def main(rounds: int = 5) -> None:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*/*.json"))]
    if not docs:
        print(f"no corpus at {CORPUS}")
        return
    bookings = []
    t0 = time.perf_counter()
    for _ in range(rounds):
        bookings = []
        for d in docs:
            with contextlib.suppress(NotSupported, InvalidBooking):
                bookings.append(parse_booking(d))
    parse_s = (time.perf_counter() - t0) / rounds
    outcome = {"calculated": 0, "refused": 0, "invalid": 0}
    t0 = time.perf_counter()
    for _ in range(rounds):
        outcome = {"calculated": 0, "refused": 0, "invalid": 0}
        for b in bookings:
            try:
                calculate(b)
                outcome["calculated"] += 1
            except NotSupported:
                outcome["refused"] += 1
            except InvalidBooking:
                outcome["invalid"] += 1
    calc_s = (time.perf_counter() - t0) / rounds
    n = len(docs)
    print(f"corpus: {n} bookings ({len(bookings)} parsed), best of {rounds} rounds averaged")
    print(f"parse:          {parse_s * 1000:8.1f} ms  {n / parse_s:10.0f} bookings/s")
    print(f"calculate:      {calc_s * 1000:8.1f} ms  {len(bookings) / calc_s:10.0f} bookings/s")
    print(f"parse+calculate {(parse_s + calc_s) * 1000:8.1f} ms  {n / (parse_s + calc_s):10.0f} bookings/s")
    print(f"outcomes per round: {outcome}")


if __name__ == "__main__":
    main()
