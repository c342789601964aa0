"""The rules loader: the shipped data loads, and bad data is refused naming the file and rule."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from casebook.deadlines import (
    MatterFacts,
    RuleError,
    TriggerEvent,
    compute,
    default_rules,
    event_types,
    load_rules,
)
from casebook.resources import resource_path

D = dt.date
EVENTS = """
[[event_type]]
code = "decision"
label = "Decision"

[[event_type]]
code = "note"
label = "Note"
"""
GOOD = """
[[rule]]
id = "t-one"
title = "Do it"
trigger = "decision"
offset = 10
unit = "days"
citation = "Test Rules 2020 r.1"
effective_from = 2020-01-01
effective_to = 2020-12-31
confirmed = true
"""


def _folder(tmp_path: Path, rules: str, events: str = EVENTS) -> Path:
    (tmp_path / "event_types.toml").write_text(events, encoding="utf-8")
    (tmp_path / "test_rules.toml").write_text(rules, encoding="utf-8")
    return tmp_path


def test_shipped_rules_load_and_required_event_types_exist():
    rules = load_rules(resource_path("rules"))
    assert len(rules.rules) >= 20
    codes = {e.code: e for e in event_types(rules)}
    for code in (
        "referral", "paper-decision-negative", "oral-hearing-directed", "hearing-listed",
        "oral-hearing-held", "decision-provisional", "decision-final",
        "reconsideration-application-served", "staff-decision", "comp1-reply", "complaint-final-reply",
        "jr-grounds-arose", "ipp-licence-start",
    ):  # fmt: skip
        assert codes[code].triggers, code
    for code in ("note", "report-received", "dossier-served", "legal-visit", "letter-sent", "recall",
                 "adjudication", "sentence", "other"):  # fmt: skip
        assert not codes[code].triggers, code
    assert all(e.label.strip() for e in codes.values())


def test_effective_window_is_respected(tmp_path):
    rules = load_rules(_folder(tmp_path, GOOD))
    ev = [
        TriggerEvent(1, 1, D(2019, 12, 31), "decision"),
        TriggerEvent(2, 1, D(2020, 1, 1), "decision"),
        TriggerEvent(3, 1, D(2020, 12, 31), "decision"),
        TriggerEvent(4, 1, D(2021, 1, 1), "decision"),
    ]
    comp = compute(ev, MatterFacts(), rules)
    assert [(d.event_id, d.due) for d in comp.deadlines] == [(2, D(2020, 1, 11)), (3, D(2021, 1, 10))]
    assert sorted(n.event_id for n in comp.not_applied) == [1, 4]


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        (("offset = 10", "offset = -1"), "'offset' must be a whole number"),
        (("offset = 10", 'offset = "ten"'), "'offset' must be a whole number"),
        (('unit = "days"', 'unit = "fortnights"'), "'unit' must be one of"),
        (('trigger = "decision"', 'trigger = "no-such-event"'), "trigger 'no-such-event'"),
        (("confirmed = true", 'confirmed = "yes"'), "'confirmed' must be true or false"),
        (("confirmed = true\n", ""), "'confirmed' must be true or false"),
        (('citation = "Test Rules 2020 r.1"\n', ""), "'citation' is missing"),
        (("effective_from = 2020-01-01\n", ""), "'effective_from' is missing"),
        (("effective_from = 2020-01-01", 'effective_from = "2020-01-01"'), "TOML date"),
        (("effective_to = 2020-12-31", "effective_to = 2019-12-31"), "before 'effective_from'"),
        (('unit = "days"', 'unit = "days"\nsentence_types = ["LIFER"]'), "unknown code(s): LIFER"),
        (('unit = "days"', 'unit = "days"\nmatter_types = ["parole"]'), "unknown code(s): parole"),
        (('unit = "days"', 'unit = "days"\nrecall_types = ["FTR21"]'), "unknown code(s): FTR21"),
        (('unit = "days"', 'unit = "days"\ncolour = "red"'), "unknown field(s): colour"),
        (('unit = "days"', 'unit = "days"\ndirection = "before"\nroll = "forward"'), "cannot roll forward"),
        (('unit = "days"', 'unit = "months"\nday_type = "working"'), "working-day rules"),
        (('unit = "days"', 'unit = "days"\ntransitional = "clamp"'), "needs applies_by"),
    ],
)
def test_invalid_rule_is_refused_with_file_and_rule_named(tmp_path, mutation, message):
    old, new = mutation
    assert old in GOOD
    folder = _folder(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(RuleError) as info:
        load_rules(folder)
    text = info.value.message
    assert "test_rules.toml" in text
    assert "'t-one'" in text
    assert message in text
    assert "\n" not in text


def test_duplicate_rule_id_across_files_is_refused(tmp_path):
    folder = _folder(tmp_path, GOOD)
    (folder / "other.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(RuleError, match="already used in"):
        load_rules(folder)


def test_broken_toml_names_the_file(tmp_path):
    folder = _folder(tmp_path, "[[rule]\nid = ")
    with pytest.raises(RuleError, match="test_rules.toml: not valid TOML"):
        load_rules(folder)


def test_missing_event_types_file(tmp_path):
    (tmp_path / "x.toml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(RuleError, match="event_types.toml is missing"):
        load_rules(tmp_path)


def test_duplicate_event_type_is_refused(tmp_path):
    folder = _folder(tmp_path, GOOD, EVENTS + '\n[[event_type]]\ncode = "note"\nlabel = "Again"\n')
    with pytest.raises(RuleError, match="'note' is declared twice"):
        load_rules(folder)


def test_a_corrupted_copy_of_the_shipped_data_is_refused(tmp_path):
    dest = tmp_path / "rules"
    shutil.copytree(resource_path("rules"), dest)
    path = dest / "parole_board_rules_2019.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('offset = 21\nunit = "days"', 'offset = 21\nunit = "day"', 1),
                    encoding="utf-8")
    with pytest.raises(RuleError, match=r"parole_board_rules_2019.toml: rule "
                                        r"'pbr2019-r28-reconsideration-paper'"):
        load_rules(dest)


def test_default_rules_is_cached():
    assert default_rules() is default_rules()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('kind = "expected"\nsuperseded_by = ["nope"]', "unknown event type(s): nope"),
        ('superseded_by = ["note"]', "a time limit cannot be closed automatically"),
        ('kind = "expected"\nsuperseded_by = "note"', "must be a list of event types"),
    ],
)
def test_superseded_by_is_validated(tmp_path, extra, message):
    folder = _folder(tmp_path, GOOD.replace('unit = "days"', 'unit = "days"\n' + extra, 1))
    with pytest.raises(RuleError) as info:
        load_rules(folder)
    assert message in info.value.message
    assert "'t-one'" in info.value.message


def test_superseded_by_closes_only_with_a_later_or_same_day_event_of_the_same_matter(tmp_path):
    rules = load_rules(_folder(tmp_path, GOOD.replace('unit = "days"', 'unit = "days"\nkind = "expected"\n'
                                                      'superseded_by = ["note"]', 1)))
    ev = [
        TriggerEvent(1, 1, D(2020, 3, 1), "decision"),
        TriggerEvent(2, 1, D(2020, 2, 28), "note"),  # earlier: does not close it
        TriggerEvent(3, 2, D(2020, 3, 5), "note"),  # another matter: does not close it
    ]
    (d,) = compute(ev, MatterFacts(), rules).deadlines
    assert d.superseded_by is None
    (d,) = compute([*ev, TriggerEvent(4, 1, D(2020, 3, 1), "note")], MatterFacts(), rules).deadlines
    assert d.superseded_by.id == 4


def test_engine_and_service_never_import_qt():
    import subprocess
    import sys

    code = (
        "import sys, casebook.deadlines, casebook.services.deadlines, casebook.cli.deadlines; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'ui'))]; "
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_rule_id_and_event_code_formats_are_checked(tmp_path):
    folder = _folder(tmp_path, GOOD.replace('id = "t-one"', 'id = "T One:1"', 1))
    with pytest.raises(RuleError, match="'id' must be lower-case"):
        load_rules(folder)
    folder = _folder(tmp_path, GOOD, EVENTS.replace('code = "note"', 'code = "Note_1"'))
    with pytest.raises(RuleError, match="event type 'Note_1'"):
        load_rules(folder)
