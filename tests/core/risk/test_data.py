"""The shipped risk data loads, is complete, and every item is cited; broken data is refused with an
error naming the file and the item."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.deadlines.rules import load_rules
from casebook.risk import PREDICTORS, RiskDataError, vocab
from casebook.risk.data import load_predictors, load_programmes, load_vocabulary, predictors

RESOURCES = Path(__file__).resolve().parents[3] / "resources"

LEGACY = ["OGRS3", "OGP", "OVP", "RSR", "OSP/C", "OSP/I", "OSP/DC", "OSP/IIC"]
NEW = ["ARP", "VRP", "SVRP", "CSRP", "DC-SRP", "IIC-SRP"]


def test_every_predictor_of_both_generations():
    assert [p.name for p in PREDICTORS.values()] == LEGACY + NEW
    assert {PREDICTORS[n].generation for n in LEGACY} == {"legacy"}
    assert {PREDICTORS[n].generation for n in NEW} == {"new"}
    assert PREDICTORS["OGRS3"].scheme.published == "December 2025"
    assert not PREDICTORS["ARP"].scheme.confirmed and PREDICTORS["ARP"].scheme.go_live == "unconfirmed"


def test_units_and_ranges():
    units = {p.name: p.unit.id for p in PREDICTORS.values()}
    assert units == {
        "OGRS3": "percentage", "OGP": "percentage", "OVP": "percentage", "RSR": "percentage",
        "OSP/C": "score", "OSP/I": "score", "OSP/DC": "score-64", "OSP/IIC": "sanctions",
        "ARP": "percentage", "VRP": "percentage", "SVRP": "percentage", "CSRP": "percentage",
        "DC-SRP": "score-64", "IIC-SRP": "sanctions",
    }
    assert (PREDICTORS["OSP/DC"].unit.min, PREDICTORS["OSP/DC"].unit.max) == (0, 64)
    assert PREDICTORS["OSP/IIC"].unit.max is None and PREDICTORS["OSP/IIC"].unit.whole


def test_successors():
    assert PREDICTORS["RSR"].replaced_by == ("csrp",)
    assert PREDICTORS["OSP/DC"].replaced_by == ("dc-srp",)
    assert PREDICTORS["OSP/IIC"].replaced_by == ("iic-srp",)
    assert PREDICTORS["ARP"].replaces == ("OGP2 (dynamic)", "OGRS4/G (static)")
    assert PREDICTORS["VRP"].replaces == ("OVP2 (dynamic)", "OGRS4/V (static)")
    assert PREDICTORS["SVRP"].replaces == ("SNSV",)
    assert set(PREDICTORS["ARP"].kinds) == {"static", "dynamic"} and PREDICTORS["ARP"].kinds_confirmed


def test_top_bands():
    assert PREDICTORS["RSR"].band_names == ("low", "medium", "high")
    assert PREDICTORS["CSRP"].band_names == ("low", "medium", "high", "very high")
    assert PREDICTORS["IIC-SRP"].band_names == ("low", "medium", "high")
    assert PREDICTORS["OSP/C"].bands == () and "cannot be computed" in PREDICTORS["OSP/C"].note


def _all_items():
    for p in predictors().values():
        yield f"predictor {p.id}", p.citation, p.confirmed, p.note
        yield f"scheme {p.scheme.id}", p.scheme.citation, p.scheme.confirmed, p.scheme.note
        for b in p.bands:
            yield f"predictor {p.id} band {b.band}", p.citation, b.confirmed, b.note
    for prog in vocab.programmes():
        yield f"programme {prog.id}", prog.citation, prog.confirmed, prog.note
    for name in vocab.LISTS:
        for t in vocab.get(name).items:
            yield f"{name} {t.id}", t.citation, t.confirmed, t.note


@pytest.mark.parametrize("item", list(_all_items()), ids=lambda i: i[0])
def test_every_item_is_cited_and_unconfirmed_items_say_why(item):
    where, citation, confirmed, note = item
    assert citation.strip(), f"{where}: no citation"
    if not confirmed:
        assert note.strip(), f"{where}: unconfirmed without a note"


def test_escalation_steps_name_real_event_types():
    codes = load_rules(RESOURCES / "rules").event_type_codes()
    for step in vocab.escalation_steps():
        if "event_type" in step.extra:
            assert step.extra["event_type"] in codes, step.id


# ------------------------------------------------------------------ broken data is refused

PREDICTOR_HEAD = '''
[[scheme]]
id = "legacy"
label = "L"
published = "2025"
citation = "HMPPS risk actuarial service (Dec 2025)"
confirmed = true

[[unit]]
id = "percentage"
label = "2-year percentage"
min = 0
max = 100
whole = false
'''

GOOD_PREDICTOR = '''
[[predictor]]
id = "rsr"
name = "RSR"
full_name = "Risk of Serious Recidivism"
generation = "legacy"
predicts = "serious reoffending"
kinds = ["static"]
unit = "percentage"
citation = "HMPPS risk actuarial service (Dec 2025)"
confirmed = true
  [[predictor.band]]
  band = "low"
  from = 0
  published = "3.0 or less"
  [[predictor.band]]
  band = "medium"
  above = 3.0
  published = "over 3.0"
'''


def _write(tmp_path, text, name="predictors.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_minimal_file_loads(tmp_path):
    got = load_predictors(_write(tmp_path, PREDICTOR_HEAD + GOOD_PREDICTOR))
    assert list(got) == ["rsr"]
    assert got["rsr"].bands[1].inclusive is False


@pytest.mark.parametrize(("change", "words"), [
    (('citation = "HMPPS risk actuarial service (Dec 2025)"\nconfirmed = true\n  [[',
      'citation = "HMPPS risk actuarial service (Dec 2025)"\nconfirmed = false\n  [['),
     "predictor 'rsr': is unconfirmed, so its 'note' must say why"),
    (('above = 3.0', 'from = 3.0\nabove = 3.0'), "exactly one of 'from'"),
    (('band = "medium"', 'band = "low"'), "bands must go up"),
    (('above = 3.0', 'from = -1'), "each band must start above the one before"),
    (('from = 0', 'from = 1'), "the first band must start from the unit's minimum"),
    (('above = 3.0', 'above = 101'), "starts above the unit's maximum"),
    (('band = "medium"', 'band = "amber"'), "'band' must be one of low, medium, high, very high"),
    (('unit = "percentage"\nc', 'unit = "percent"\nc'), "'unit' must be one of percentage"),
    (('generation = "legacy"', 'generation = "old"'), "'generation' must be one of legacy"),
    (('kinds = ["static"]', 'kinds = ["fixed"]'), "'kinds' has unknown value"),
    (('id = "rsr"', 'id = "RSR"'), "lower-case kebab-case"),
    (('predicts = "serious reoffending"', 'predicts = "x"\nthreshold = 3'), "unknown field(s): threshold"),
    (('citation = "HMPPS risk actuarial service (Dec 2025)"\nconfirmed = true\n  [[',
      'citation = " "\nconfirmed = true\n  [['), "'citation' must be non-empty text"),
    (('kinds = ["static"]', 'kinds = ["static"]\nreplaced_by = ["csrp"]'), "unknown predictor(s): csrp"),
])  # fmt: skip
def test_broken_predictors_are_refused(tmp_path, change, words):
    text = PREDICTOR_HEAD + GOOD_PREDICTOR
    assert change[0] in text
    path = _write(tmp_path, text.replace(change[0], change[1], 1))
    with pytest.raises(RiskDataError) as e:
        load_predictors(path)
    assert "predictors.toml" in str(e.value)
    assert words in str(e.value)


def test_not_toml_is_refused(tmp_path):
    with pytest.raises(RiskDataError, match="is not valid TOML"):
        load_predictors(_write(tmp_path, "[[predictor]\n"))
    with pytest.raises(RiskDataError, match="cannot be read"):
        load_predictors(tmp_path / "missing.toml")


def test_a_predictor_name_may_not_clash(tmp_path):
    clash = GOOD_PREDICTOR.replace('id = "rsr"', 'id = "r-s-r"')
    with pytest.raises(RiskDataError, match="clashes with predictor 'rsr'"):
        load_predictors(_write(tmp_path, PREDICTOR_HEAD + GOOD_PREDICTOR + clash))


def test_broken_programmes_are_refused(tmp_path):
    good = (RESOURCES / "risk" / "programmes.toml").read_text(encoding="utf-8")
    assert load_programmes(_write(tmp_path, good, "programmes.toml"))
    bad = good.replace('intensity = "high"', 'intensity = "intense"', 1)
    with pytest.raises(RiskDataError, match="programmes.toml: programme 'kaizen': 'intensity' must be"):
        load_programmes(_write(tmp_path, bad, "programmes.toml"))
    bad = good.replace("from_year = 2017", "from_year = 17", 1)
    with pytest.raises(RiskDataError, match="'from_year' must be a year"):
        load_programmes(_write(tmp_path, bad, "programmes.toml"))
    bad = good.replace('id = "ihorizon"', 'id = "kaizen"', 1)
    with pytest.raises(RiskDataError, match="programme 'kaizen' appears twice"):
        load_programmes(_write(tmp_path, bad, "programmes.toml"))


@pytest.mark.parametrize(("old", "new", "words"), [
    ('next = ["programme-complete", "deselected"', 'next = ["finished", "deselected"',
     "referral_status 'on-programme': 'next' names unknown referral_status id(s): finished"),
    ('authors = ["probation"]', 'authors = ["governor"]', "unknown author id(s): governor"),
    ('settings = ["custody"]', 'settings = ["hospital"]', "unknown rosh_setting id(s): hospital"),
    ('stage = "future"', 'stage = "later"', "unknown dmf_stage id(s): later"),
    ('  number = 13', '  number = 14', "sections must be numbered"),
    ('id = "very-high"', 'id = "Very High"', "lower-case kebab-case"),
    ('id = "conceded"', 'id = "disputed"', "challenge_status id 'disputed' appears twice"),
    ('[dmf_stage]\n', '[dmf_stages]\n', "unknown field(s): dmf_stages"),
])  # fmt: skip
def test_broken_vocabulary_is_refused(tmp_path, old, new, words):
    good = (RESOURCES / "risk" / "vocabulary.toml").read_text(encoding="utf-8")
    assert old in good
    with pytest.raises(RiskDataError) as e:
        load_vocabulary(_write(tmp_path, good.replace(old, new, 1), "vocabulary.toml"))
    assert "vocabulary.toml" in str(e.value) and words in str(e.value)


def test_an_unconfirmed_term_needs_a_note(tmp_path):
    good = (RESOURCES / "risk" / "vocabulary.toml").read_text(encoding="utf-8")
    old = '  note = "This section\'s title and content are unconfirmed."\n'
    assert old in good
    with pytest.raises(RiskDataError, match="oasys_section 'health-other': is unconfirmed"):
        load_vocabulary(_write(tmp_path, good.replace(old, ""), "vocabulary.toml"))
