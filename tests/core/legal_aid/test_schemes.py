"""The legal-aid data loader (issue 14) refuses bad data, naming the file and the item."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.legal_aid.schemes import LegalAidDataError, load_schemes
from casebook.resources import resource_path

SHIPPED = resource_path("legal_aid")


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "legal_aid"
    shutil.copytree(SHIPPED, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_data_loads_with_every_class_in_both_schemes():
    s = load_schemes()
    assert [x.id for x in s.schemes] == ["2016", "2025"]
    for scheme in s.schemes:
        assert {f.klass for f in scheme.fees.values()} == {"PRIA", "PRIB", "PRIC", "PRID", "PRIE"}
        assert scheme.source and scheme.instrument and scheme.confirmed
        assert all(f.citation for f in scheme.fees.values())
        assert not scheme.rates_confirmed and "UNCONFIRMED" in scheme.rates_note
    assert s.experts is not None and not s.experts.confirmed


@pytest.mark.parametrize(("file", "old", "new", "says"), [
    ("prison_law_2016.toml", 'fixed_fee = "437.21"', 'fixed_fee = 437.21', "fee 'PRIC1'"),
    ("prison_law_2016.toml", 'fixed_fee = "437.21"', 'fixed_fee = "437.2"', "two decimals"),
    ("prison_law_2016.toml", 'fixed_fee = "437.21"', 'fixed_fee = "-1.00"', "positive"),
    ("prison_law_2016.toml", 'fee_limit = "933.93"', 'fee_limit = "400.00"', "more than the fixed fee"),
    ("prison_law_2016.toml", 'fee_limit = "933.93"', 'escape_threshold = "933.93"', "fee 'PRIC1'"),
    ("prison_law_2025.toml", 'band = "higher"', 'band = "top"', "fee 'PRIB2'"),
    ("prison_law_2025.toml", 'code = "PRIB2"', 'code = "PRIB9"', "has the code PRIB2"),
    ("prison_law_2025.toml", 'class = "PRIE"', 'class = "PRIZ"', "'class' must be one of"),
    ("prison_law_2025.toml", "effective_from = 2025-12-22", "effective_from = 2025-12-21", "the day after"),
    ("prison_law_2025.toml", "effective_from = 2025-12-22", "effective_from = 2025-12-23", "the day after"),
    ("prison_law_2016.toml", "effective_to = 2025-12-21\n", "", "open-ended"),
    ("prison_law_2016.toml", "[hourly_rates]\nconfirmed = false", "[hourly_rates]\nconfirmed = 0",
     "[hourly_rates]"),
    ("prison_law_2016.toml", "confirmed = true\nnote", "confirmed = true\nsurprise = 1\nnote", "unknown key"),
    ("crm4_expert_limits.toml", 'hourly_rates = ["57.96"]', 'hourly_rates = []', "expert 'risk-assessment'"),
])
def test_bad_data_is_refused_naming_file_and_item(data, file, old, new, says):
    _edit(data / file, old, new)
    with pytest.raises(LegalAidDataError) as err:
        load_schemes(data)
    assert file in err.value.message and says in err.value.message


def test_a_missing_class_is_refused(data):
    path = data / "prison_law_2025.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('[[fee]]\ncode = "PRID1"')
    end = text.index("[[fee]]", start + 5)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(LegalAidDataError) as err:
        load_schemes(data)
    assert "prison_law_2025.toml: class 'PRID'" in err.value.message


def test_unreadable_toml_is_refused(data):
    (data / "prison_law_2016.toml").write_text("[scheme\n", encoding="utf-8")
    with pytest.raises(LegalAidDataError) as err:
        load_schemes(data)
    assert "prison_law_2016.toml" in err.value.message
