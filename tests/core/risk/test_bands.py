"""Bands from the published thresholds, at every boundary of every predictor.

The expected bands below are typed by hand from the published tables (HMPPS risk actuarial service,
December 2025: legacy and new-generation predictors), never computed by the code under test. Lower
bounds are inclusive except RSR's medium band, which starts above 3.0.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook.risk import BANDS, PREDICTORS, band_for, check_kind, check_value, compare, parse_band, predictor

L, M, H, VH = "low", "medium", "high", "very high"

#: (predictor as printed, value, band the published table gives).
TABLE = [
    # OGRS3: 0–49 low · 50–74 medium · 75–89 high · 90+ very high
    ("OGRS3", 0, L), ("OGRS3", 49, L), ("OGRS3", "49.9", L), ("OGRS3", 50, M), ("OGRS3", "50.1", M),
    ("OGRS3", 74, M), ("OGRS3", "74.9", M), ("OGRS3", 75, H), ("OGRS3", "75.1", H), ("OGRS3", 89, H),
    ("OGRS3", "89.9", H), ("OGRS3", 90, VH), ("OGRS3", "90.1", VH), ("OGRS3", 100, VH),
    # OVP: 1–29 low · 30–59 medium · 60–79 high · 80–99 very high (0 read as low, 100 as very high)
    ("OVP", 0, L), ("OVP", 1, L), ("OVP", 29, L), ("OVP", "29.9", L), ("OVP", 30, M), ("OVP", "30.1", M),
    ("OVP", 59, M), ("OVP", "59.9", M), ("OVP", 60, H), ("OVP", "60.1", H), ("OVP", 79, H),
    ("OVP", "79.9", H), ("OVP", 80, VH), ("OVP", "80.1", VH), ("OVP", 99, VH), ("OVP", 100, VH),
    # OGP: 1–33 low · 34–66 medium · 67–84 high · 85–99 very high
    ("OGP", 0, L), ("OGP", 1, L), ("OGP", 33, L), ("OGP", "33.9", L), ("OGP", 34, M), ("OGP", "34.1", M),
    ("OGP", 66, M), ("OGP", "66.9", M), ("OGP", 67, H), ("OGP", "67.1", H), ("OGP", 84, H),
    ("OGP", "84.9", H), ("OGP", 85, VH), ("OGP", "85.1", VH), ("OGP", 99, VH), ("OGP", 100, VH),
    # RSR: ≤ 3.0 low · > 3.0 and < 6.9 medium · ≥ 6.9 high (the top band)
    ("RSR", 0, L), ("RSR", "2.99", L), ("RSR", 3, L), ("RSR", 3.0, L), ("RSR", "3.0", L), ("RSR", "3.00", L),
    ("RSR", "3.0001", M), ("RSR", "3.01", M), ("RSR", 3.01, M), ("RSR", "6.89", M), ("RSR", "6.8999", M),
    ("RSR", 6.9, H), ("RSR", "6.9", H), ("RSR", "6.91", H), ("RSR", 100, H),
    # OSP/DC (64-point score): 0–21 low · 22–29 medium · 30–35 high · 36–64 very high
    ("OSP/DC", 0, L), ("OSP/DC", 1, L), ("OSP/DC", 21, L), ("OSP/DC", 22, M), ("OSP/DC", 23, M),
    ("OSP/DC", 29, M), ("OSP/DC", 30, H), ("OSP/DC", 31, H), ("OSP/DC", 35, H), ("OSP/DC", 36, VH),
    ("OSP/DC", 37, VH), ("OSP/DC", 64, VH),
    # OSP/IIC (prior image / indirect-contact sanctions): 0 low · 1 medium · 2+ high
    ("OSP/IIC", 0, L), ("OSP/IIC", 1, M), ("OSP/IIC", 2, H), ("OSP/IIC", 3, H), ("OSP/IIC", 40, H),
    # ARP: < 50 low · 50 medium · 75 high · 90 very high
    ("ARP", 0, L), ("ARP", "49.99", L), ("ARP", 50, M), ("ARP", "50.01", M), ("ARP", "74.99", M),
    ("ARP", 75, H), ("ARP", "75.01", H), ("ARP", "89.99", H), ("ARP", 90, VH), ("ARP", "90.01", VH),
    ("ARP", 100, VH),
    # VRP: < 30 low · 30 medium · 60 high · 80 very high
    ("VRP", 0, L), ("VRP", "29.99", L), ("VRP", 30, M), ("VRP", "30.01", M), ("VRP", "59.99", M),
    ("VRP", 60, H), ("VRP", "60.01", H), ("VRP", "79.99", H), ("VRP", 80, VH), ("VRP", "80.01", VH),
    ("VRP", 100, VH),
    # SVRP: < 1 low · 1 medium · 3 high · 6.9 very high
    ("SVRP", 0, L), ("SVRP", "0.99", L), ("SVRP", 1, M), ("SVRP", "1.01", M), ("SVRP", "2.99", M),
    ("SVRP", 3, H), ("SVRP", "3.01", H), ("SVRP", "6.89", H), ("SVRP", 6.9, VH), ("SVRP", "6.91", VH),
    ("SVRP", 100, VH),
    # CSRP: < 1 low · 1 medium · 3 high · 6.9 very high
    ("CSRP", 0, L), ("CSRP", "0.99", L), ("CSRP", 1, M), ("CSRP", "1.01", M), ("CSRP", "2.99", M),
    ("CSRP", 3, H), ("CSRP", "3.01", H), ("CSRP", "6.89", H), ("CSRP", 6.9, VH), ("CSRP", "6.91", VH),
    ("CSRP", 100, VH),
    # DC-SRP: 0–21 low · 22–29 medium · 30–35 high · 36–64 very high
    ("DC-SRP", 0, L), ("DC-SRP", 21, L), ("DC-SRP", 22, M), ("DC-SRP", 29, M), ("DC-SRP", 30, H),
    ("DC-SRP", 35, H), ("DC-SRP", 36, VH), ("DC-SRP", 64, VH),
    # IIC-SRP: 0 sanctions low · 1 medium · 2+ high
    ("IIC-SRP", 0, L), ("IIC-SRP", 1, M), ("IIC-SRP", 2, H), ("IIC-SRP", 3, H), ("IIC-SRP", 40, H),
]  # fmt: skip


@pytest.mark.parametrize(("name", "value", "band"), TABLE, ids=lambda x: str(x))
def test_band_at_every_boundary(name, value, band):
    assert band_for(name, value) == band


def test_the_table_covers_every_predictor_with_thresholds():
    covered = {predictor(n).id for n, _, _ in TABLE}
    with_thresholds = {pid for pid, p in PREDICTORS.items() if p.has_thresholds}
    assert covered == with_thresholds
    assert {pid for pid, p in PREDICTORS.items() if not p.has_thresholds} == {"osp-c", "osp-i"}


@pytest.mark.parametrize("name", ["OSP/C", "OSP/I"])
@pytest.mark.parametrize("value", [0, 1, 10, "22.5"])
def test_no_thresholds_no_band(name, value):
    assert band_for(name, value) is None


def test_same_figure_different_band_across_generations():
    assert band_for("RSR", 6.9) == "high"
    assert band_for("CSRP", 6.9) == "very high"


@pytest.mark.parametrize(("name", "value", "words"), [
    ("OGRS3", "100.01", "from 0 to 100"), ("OGRS3", 101, "from 0 to 100"), ("OGRS3", -1, "from 0 to 100"),
    ("OVP", "100.5", "from 0 to 100"), ("OGP", "-0.1", "from 0 to 100"), ("RSR", 101, "from 0 to 100"),
    ("ARP", 101, "from 0 to 100"), ("VRP", -1, "from 0 to 100"), ("SVRP", 100.1, "from 0 to 100"),
    ("CSRP", -0.01, "from 0 to 100"),
    ("OSP/DC", 65, "must be a whole number from 0 to 64"), ("OSP/DC", -1, "from 0 to 64"),
    ("OSP/DC", "21.5", "whole number"), ("DC-SRP", 65, "from 0 to 64"), ("DC-SRP", 100, "from 0 to 64"),
    ("OSP/IIC", -1, "whole number 0 or more"), ("OSP/IIC", 1.5, "whole number"),
    ("IIC-SRP", "0.5", "whole number"), ("IIC-SRP", -2, "0 or more"),
    ("OSP/C", -1, "0 or more"), ("OSP/I", -1, "0 or more"),
])  # fmt: skip
def test_out_of_range_values_are_refused(name, value, words):
    with pytest.raises(ValueError, match=words) as e:
        check_value(name, value)
    assert str(e.value).startswith(predictor(name).name)
    assert str(value) not in str(e.value).replace("100", "").replace("64", "")  # never the value itself
    with pytest.raises(ValueError):
        band_for(name, value)


@pytest.mark.parametrize("value", [True, None, "lots", "nan", "inf", float("nan"), float("inf"), "1e", [1]])
def test_not_a_number_is_refused(value):
    with pytest.raises(ValueError, match="OGRS3 must be a number"):
        check_value("OGRS3", value)


def test_values_come_back_exact():
    assert check_value("RSR", 6.9) == Decimal("6.9")
    assert check_value("OGRS3", "76%") == Decimal("76")
    assert check_value("OSP/DC", 30.0) == Decimal("30")
    assert check_value("RSR", "1e-05") == Decimal("0.00001")  # how Python writes a small float
    with pytest.raises(ValueError, match="from 0 to 100"):
        check_value("OGRS3", "1e3")
    with pytest.raises(ValueError):
        check_value("OSP/DC", "30%")  # a percentage sign only for percentages


@pytest.mark.parametrize("spelling", ["OSP/DC", "osp-dc", "osp_dc", "OSP DC", "ospdc", "Osp/Dc"])
def test_names_any_spelling(spelling):
    assert PREDICTORS[spelling].id == "osp-dc"
    assert predictor(spelling).name == "OSP/DC"


def test_new_and_legacy_names_do_not_mix():
    assert PREDICTORS["DC-SRP"].id == "dc-srp"
    assert PREDICTORS["dcsrp"].generation == "new"
    assert PREDICTORS["iic srp"].id == "iic-srp"
    assert "OGRS3" in PREDICTORS and "OGRS4" not in PREDICTORS
    with pytest.raises(ValueError, match="unknown predictor 'OGRS4': use one of OGRS3, OGP, OVP"):
        predictor("OGRS4")


def test_kinds():
    assert check_kind("ARP", "Static") == "static"
    assert check_kind("VRP", "dynamic") == "dynamic"
    assert check_kind("OGRS3", None) is None
    assert band_for("ARP", 76, kind="dynamic") == "high"
    with pytest.raises(ValueError, match="static or dynamic"):
        band_for("ARP", 76, kind="both")


@pytest.mark.parametrize(("text", "band"), [
    ("low", "low"), ("Low", "low"), (" LOW ", "low"), ("L", "low"), ("medium", "medium"), ("Med", "medium"),
    ("M", "medium"), ("High", "high"), ("h", "high"), ("very high", "very high"), ("Very High", "very high"),
    ("very-high", "very high"), ("VERY_HIGH", "very high"), ("very  high", "very high"), ("VH", "very high"),
    ("veryhigh", "very high"),
])  # fmt: skip
def test_parse_band(text, band):
    assert parse_band(text) == band


@pytest.mark.parametrize("text", ["", "none", "no risk", "v", "extreme", "higher", "medium-high"])
def test_parse_band_unknown(text):
    with pytest.raises(ValueError, match="use low, medium, high or very high"):
        parse_band(text)


def test_compare_names_the_difference_and_the_threshold():
    check = compare("OGRS3", 76, "Medium")
    assert (check.computed, check.issued, check.differs) == ("high", "medium", True)
    assert check.message == ("Issued as medium; the published thresholds give high for 76% "
                             "(OGRS3: high from 75, below 90).")
    assert check.confirmed and check.citation == "HMPPS risk actuarial service (Dec 2025)"


def test_compare_at_rsr_exclusive_bound():
    check = compare("RSR", "3.0", "medium")
    assert (check.computed, check.differs) == ("low", True)
    assert check.message == ("Issued as medium; the published thresholds give low for 3.0% "
                             "(RSR: low up to 3.0).")
    check = compare("RSR", "3.5", "medium")
    assert not check.differs
    assert check.message == ("Issued as medium, as the published thresholds give for 3.5% "
                             "(RSR: medium above 3.0, below 6.9).")


def test_compare_a_band_the_predictor_does_not_have():
    check = compare("RSR", 7, "very high")
    assert check.differs and check.computed == "high"
    assert check.message.endswith("RSR has no very high band.")


def test_compare_without_thresholds_keeps_the_issued_band():
    check = compare("OSP/C", 12, "high")
    assert (check.computed, check.issued, check.differs) == (None, "high", False)
    assert "keeps the band as issued" in check.message


def test_compare_without_an_issued_band():
    check = compare("OSP/IIC", 1, None)
    assert (check.computed, check.issued, check.differs) == ("medium", None, False)
    assert check.message == ("The published thresholds give medium for 1 sanction "
                             "(OSP/IIC: medium from 1, below 2).")


def test_compare_flags_unconfirmed_readings():
    assert not compare("OVP", 0, "low").confirmed  # the table starts at 1
    assert compare("OVP", 1, "low").confirmed
    assert not compare("ARP", 50, "medium").confirmed  # new generation: go-live unconfirmed
    with pytest.raises(ValueError, match="use low, medium"):
        compare("OGRS3", 50, "amber")
    with pytest.raises(ValueError, match="from 0 to 100"):
        compare("OGRS3", 150, "high")


def _values(p):
    lo = int(p.unit.min)
    hi = int(p.unit.max) if p.unit.max is not None else 200
    if p.unit.whole:
        return st.integers(min_value=lo, max_value=hi)
    return st.decimals(min_value=lo, max_value=hi, places=3, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize("pid", [pid for pid, p in PREDICTORS.items() if p.has_thresholds])
def test_bands_are_monotonic_in_the_value(pid):
    p = PREDICTORS[pid]

    @given(_values(p), _values(p))
    def check(a, b):
        a, b = min(a, b), max(a, b)
        assert BANDS.index(band_for(pid, a)) <= BANDS.index(band_for(pid, b))

    check()
