"""What users see about a rule cites the law, never a file of notes.

Every deadline rule (title, citation, instrument, note), every event type (label, help note), every
sentencing rule (text, citation) and every life/IPP milestone source is shown in the app, in
``casebook deadlines`` / ``client show`` and in their JSON. None of them may point at a Markdown file
(the team's DOMAIN.md / ARCHITECTURE.md are not part of the product) or call a period a
"placeholder"; each rule must name what it rests on: an Act and section, a statutory instrument, a
numbered rule, the CPR, a Prison Service Instruction or policy framework, a published protocol or
terms of reference, or a reported case. See docs/rules-sources.md.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from casebook.deadlines.rules import load_rules
from casebook.sentencing.durations import Term
from casebook.sentencing.indeterminate import indeterminate_milestones
from casebook.sentencing.rules import RULES as SENTENCING_RULES

RULES_DIR = Path(__file__).resolve().parents[2] / "resources" / "rules"

#: Words that must never reach a user: a Markdown file, the team's notes by name, "placeholder".
FORBIDDEN = re.compile(r"\.md\b|DOMAIN|ARCHITECTURE|RISK-AND|shared/docs|placeholder", re.IGNORECASE)

#: A citation of a legal source, as practitioners write it.
LAW = re.compile(
    r"\b(?:Act|CJA|CJCA|PCSCA|LASPO|VPA|C\(S\)A)\s+\d{4}\b"  # Criminal Justice Act 2003, CJA 2003 s.244
    r"|\bSI \d{4}/\d+"  # SI 2019/1038
    r"|\bRules \d{4} r\.\s?\d+"  # Parole Board Rules 2019 r.28(3), Prison Rules 1999 r.55
    r"|\bCPR\b|Civil Procedure Rules"
    r"|\bPS[IO] \d+/\d{4}|\bPSO \d{4}"  # PSI 03/2015, PSO 4700
    r"|Policy Framework|Generic Parole Process"  # HMPPS policy frameworks
    r"|Pre-Action Protocol|Ombudsman Terms of Reference"
    r"|\[\d{4}\] (?:UKSC|UKHL|EWCA|EWHC|PBRA|PBSA|\d+ WLR)"  # [2020] PBRA 1, [1981] 1 WLR 1027
)


def _forbidden(texts: dict[str, str]) -> list[str]:
    return [f"{where}: {m.group(0)!r} in {text!r}" for where, text in texts.items()
            if (m := FORBIDDEN.search(text or ""))]


RULESET = load_rules(RULES_DIR)


def test_the_law_pattern_tells_a_citation_from_a_file():
    assert LAW.search("Parole Board Rules 2019 r.28(3)")
    assert LAW.search("Crime (Sentences) Act 1997 s.31A")
    assert LAW.search("CPR 54.5(1)")
    assert not LAW.search("DOMAIN.md §2.2 row 11")
    assert not LAW.search("CRDS")
    assert FORBIDDEN.search("Casebook's placeholder reminder")
    assert FORBIDDEN.search("(DOMAIN.md §1.8)")
    assert not FORBIDDEN.search("Parole Board Rules 2019 r.13 (SI 2019/1038)")


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda r: r.id)
def test_deadline_rule_texts_cite_the_law_and_no_file(rule):
    texts = {"title": rule.title, "citation": rule.citation, "instrument": rule.instrument, "note": rule.note}
    assert not _forbidden(texts)
    assert LAW.search(f"{rule.citation} {rule.instrument}"), \
        f"{rule.id}: no legal source in {rule.citation!r}"


@pytest.mark.parametrize("rule", RULESET.rules, ids=lambda r: r.id)
def test_unconfirmed_and_practice_rules_say_why(rule):
    if rule.kind == "milestone":  # a preparation step, never a legal limit
        assert not rule.confirmed, f"{rule.id}: a milestone is Casebook's reminder, so UNCONFIRMED"
    if not rule.confirmed:
        assert rule.note, f"{rule.id}: an UNCONFIRMED rule must say why in its note"


def test_event_type_labels_and_notes_name_no_file():
    texts = {}
    for e in RULESET.event_types:
        texts[f"{e.code} label"] = e.label
        texts[f"{e.code} note"] = e.note
    assert not _forbidden(texts)


@pytest.mark.parametrize("key", sorted(SENTENCING_RULES))
def test_sentencing_rule_texts_cite_the_law_and_no_file(key):
    rule = SENTENCING_RULES[key]
    assert not _forbidden({"text": rule.text, "citation": rule.citation})
    assert LAW.search(rule.citation), f"{key}: no legal source in {rule.citation!r}"


@pytest.mark.parametrize("kind", ["LIFE", "IPP", "DPP"])
def test_indeterminate_milestone_sources_cite_the_law_and_no_file(kind):
    milestones = indeterminate_milestones(kind, dt.date(2015, 3, 2), Term(years=6))
    assert milestones
    for m in milestones:
        assert not _forbidden({"label": m.label, "source": m.source, "working": m.arithmetic})
        assert LAW.search(m.source), f"{m.code}: no legal source in {m.source!r}"


def test_rules_readme_names_no_team_notes():
    text = (RULES_DIR / "README.md").read_text(encoding="utf-8")
    bad = re.findall(r"DOMAIN|ARCHITECTURE|RISK-AND|shared/docs|placeholder", text, re.IGNORECASE)
    assert not bad
