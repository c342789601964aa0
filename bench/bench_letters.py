"""Letters: a letter for a big matter — 200 chronology events and 30 challenges (each with an escalation
step), 6 assessments with their RoSH levels and scores, 12 risk factors, 40 items of evidence linked to
them, 15 allegations and 8 programme referrals.

Prints: the context build time, the render time of each shipped template (first render in the process,
which compiles the template, and the median of later ones, which reuse the compiled template) and the
whole letter (context + render + write, as ``letter render`` does it). The goal is a letter in ≤ 300 ms.
Numbers only; never pass/fail. Run: ``.venv/bin/python bench/bench_letters.py`` (``--quick``: three
templates, three rounds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["CASEBOOK_INSECURE_TEST_KDF"] = "1"  # measure letters, not the deliberately slow KDF

from casebook.clock import FixedClock  # noqa: E402
from casebook.services import Services  # noqa: E402
from casebook.store import Casebook, keys  # noqa: E402

keys.use_test_kdf(True)
TODAY = dt.date(2026, 11, 26)
EVENT_TYPES = ("report-received", "legal-visit", "letter-sent", "note", "adjudication", "other")
GROUNDS = ("factual-error", "out-of-date", "unsupported-by-evidence", "methodology", "denial-treated-as-risk")
KINDS = ("accredited-programme", "one-to-one-work", "behaviour", "education-work", "drug-tests", "rotl")


def build(svc: Services, events: int = 200, challenges: int = 30) -> int:
    """A client with a big parole matter; returns the matter's id."""
    cid = svc.clients.add(
        name="Bench Client", prison_number="A1234BC", dob="1980-03-03", prison="HMP Leyhill"
    )
    svc.clients.add_sentence(
        cid, sentence_type="LIFE", sentence_date="2010-05-04", offence="Murder", minimum_term="P14Y"
    )
    mid = svc.matters.add(
        cid,
        "parole-review",
        title="Parole review",
        reference="CB/26/9999",
        parole_board_ref="PB123456",
        legal_aid_class="advocacy-assistance-parole",
        opened_on="2026-01-05",
    )
    start = dt.date(2010, 5, 4)
    for i in range(events):
        day = start + dt.timedelta(days=i * 30)
        if day > TODAY:
            day = TODAY - dt.timedelta(days=events - i)
        svc.chronology.add(
            mid,
            day,
            EVENT_TYPES[i % len(EVENT_TYPES)],
            text=f"Entry {i}: the wing reports steady progress and positive engagement.",
            source="Parole dossier",
            page=str(10 + i),
            material=(i % 4 == 0),
        )
    assessments = []
    for i in range(6):
        assessments.append(
            svc.assessments.add(
                cid,
                tool="oasys",
                date=start + dt.timedelta(days=400 * (i + 1)),
                author=f"Author {i}",
                author_role="probation",
                conclusions="Medium risk of serious harm to the public.",
                recommendation="Progression to open conditions" if i % 2 else "",
                rosh=[
                    {"risk_group": "public", "setting": "community", "level": "medium"},
                    {"risk_group": "known-adult", "setting": "community", "level": "low"},
                ],
                scores=[{"name": "ogrs3", "value": 34 + i}],
            )
        )
    factors = [svc.risk_factors.add(cid, f"Risk factor {i}", assessments=[assessments[0]]) for i in range(12)]
    evidence = []
    for i in range(40):
        evidence.append(
            svc.evidence.add(
                cid,
                factors=[factors[i % len(factors)]],
                kind=KINDS[i % len(KINDS)],
                date=start + dt.timedelta(days=90 * i),
                title=f"Evidence item {i}",
                source="Parole dossier",
                page=str(100 + i),
            )
        )
    for i in range(15):
        svc.allegations.add(
            cid, text=f"Allegation {i}", status="disputed", source="Security report", page=str(200 + i)
        )
    for i in range(challenges):
        ch = svc.challenges.add(
            mid,
            assertion=f"Contested assertion {i}",
            source="Parole dossier (OASys)",
            page=150 + i,
            paragraph=f"3.{i}",
            ground=GROUNDS[i % len(GROUNDS)],
            position="The record shows otherwise.",
            evidence=[evidence[i % len(evidence)]],
        )
        svc.challenges.step(ch, "correction-request", TODAY - dt.timedelta(days=30 - i % 20))
    for i in range(8):
        svc.programmes.refer(
            cid, "kaizen" if i % 2 else "building-choices-high", start + dt.timedelta(days=300 * i)
        )
    return mid


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    quick = ap.parse_known_args()[0].quick  # ./run bench passes its arguments to every benchmark
    rounds = 3 if quick else 7
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.casebook"
        with Casebook.create(path, "bench") as cb:
            mid = build(Services(cb, today=TODAY))
        cb = Casebook.open(path, "bench")
        svc = Services(cb, FixedClock(TODAY))
        ctx = svc.letters.context(mid)
        print(
            f"matter: {len(ctx['chronology'])} chronology events, {len(ctx['challenges'])} challenges, "
            f"{len(ctx['evidence'])} evidence, {len(ctx['assessments'])} assessments"
        )
        print(f"context build: {timed(lambda: svc.letters.context(mid), rounds) * 1000:7.1f} ms (median)")
        templates = svc.letters.templates()
        if quick:
            templates = [
                t for t in templates if t.id in ("representations", "counsel-instructions", "client-care")
            ] or templates[:3]
        if not templates:
            print("no shipped templates")
        worst = 0.0
        for t in templates:
            t0 = time.perf_counter()
            svc.letters.render(t, mid, context=ctx)
            first = time.perf_counter() - t0
            warm = timed(lambda t=t: svc.letters.render(t, mid, context=ctx), rounds)
            worst = max(worst, first)
            print(f"render {t.id:<32} first {first * 1000:7.1f} ms   again {warm * 1000:7.1f} ms")
        if templates:
            out = Path(tmp) / "letter.docx"
            t = next((x for x in templates if x.id == "representations"), templates[0])

            def whole() -> None:
                svc.letters.write(t, mid, out, force=True)

            print(
                f"whole letter ({t.id}: context + render + write, audited): "
                f"{timed(whole, rounds) * 1000:7.1f} ms (median); slowest first render "
                f"{worst * 1000:.1f} ms; goal ≤ 300 ms"
            )
        cb.close()


if __name__ == "__main__":
    main()
