"""What users see of the risk data cites its sources and never a file of notes.

The same idea as tests/core/test_citations.py for the deadline and sentencing rules: every label, note,
citation and message built from resources/risk/ is shown in the app, the CLI and letters, so none may
name a Markdown file, the team's notes, a code repository or a "placeholder".
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from casebook.risk import PREDICTORS, compare, vocab

FORBIDDEN = re.compile(
    r"\.md\b|DOMAIN|ARCHITECTURE|RISK-AND|shared/docs|placeholder|github|hmpps-[a-z]|\bTODO\b",
    re.IGNORECASE,
)


def _texts():
    for p in PREDICTORS.values():
        s = p.scheme
        yield from ((f"{p.id}.{k}", v) for k, v in [
            ("name", p.name), ("full_name", p.full_name), ("predicts", p.predicts), ("citation", p.citation),
            ("note", p.note), ("range_note", p.range_note), ("unit", p.unit.label), ("scheme", s.label),
            ("scheme.citation", s.citation), ("scheme.note", s.note), ("scheme.published", s.published),
            ("replaces", " ".join(p.replaces)),
        ])
        for b in p.bands:
            yield f"{p.id}.{b.band}", f"{b.published} {b.note}"
    for prog in vocab.programmes():
        yield f"programme {prog.id}", f"{prog.name} {prog.audience} {prog.citation} {prog.note}"
    for name in vocab.LISTS:
        lst = vocab.get(name)
        yield f"list {name}", f"{lst.label} {lst.citation} {lst.note}"
        for t in lst.items:
            extra = " ".join(str(v) for v in t.extra.values())
            yield f"{name} {t.id}", f"{t.label} {t.citation} {t.note} {extra}"


TEXTS = list(_texts())


def test_the_pattern_catches_notes_and_repositories():
    assert FORBIDDEN.search("see RISK-AND-EVIDENCE.md §2")
    assert FORBIDDEN.search("hmpps-arns-risk-actuarial-api")
    assert not FORBIDDEN.search("HMPPS risk actuarial service (Dec 2025)")


@pytest.mark.parametrize(("where", "text"), TEXTS, ids=[w for w, _ in TEXTS])
def test_no_text_names_a_file_or_the_teams_notes(where, text):
    m = FORBIDDEN.search(text)
    assert not m, f"{where}: {m.group(0)!r} in {text!r}"


@pytest.mark.parametrize("pid", list(PREDICTORS))
def test_band_messages_name_no_file(pid):
    p = PREDICTORS[pid]
    top = p.unit.max if p.unit.max is not None else Decimal(5)
    for value in (p.unit.min, top):
        for issued in ("low", "very high", None):
            msg = compare(pid, value, issued).message
            assert not FORBIDDEN.search(msg), msg
            assert msg.endswith(".")


def test_legal_citations_name_the_law():
    """Where a list rests on law, its citation names it as practitioners do."""
    cites = {t.id: t.citation for t in vocab.escalation_steps()}
    assert cites["rectification-request"] == "Data Protection Act 2018 s.46 and s.54"
    assert cites["subject-access-request"] == "Data Protection Act 2018 s.45 and s.54"
    assert cites["judicial-review"] == "Civil Procedure Rules r.54.5(1)"
    assert vocab.get("allegation_status").citation.startswith("R (Pearce) v Parole Board [2023] UKSC 13")
