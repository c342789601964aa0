"""The fee engine (issue 14): units always rounded up, UFN form and dates, and which fee applies at
every threshold of both schemes — the figures typed from DOMAIN.md §5.3 (the LAA's fee code), not read
from the data, so a wrong data file fails here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook.legal_aid import engine
from casebook.legal_aid.engine import Costs, fee_for, parse_ufn, units_for
from casebook.legal_aid.schemes import default_schemes

D = Decimal
# scheme → code → (fixed fee, limit): the lower fees' limit, or PRIA's and the higher fees' escape threshold.
FIGURES = {
    "2016": {"PRIA": ("200.75", "602.25"), "PRIB1": ("203.93", "357.06"), "PRIB2": ("564.16", "1691.69"),
             "PRIC1": ("437.21", "933.93"), "PRIC2": ("1454.44", "4362.54"), "PRID1": ("203.93", "357.06"),
             "PRID2": ("564.16", "1691.69"), "PRIE1": ("437.21", "933.93"), "PRIE2": ("1454.44", "4362.54")},
    "2025": {"PRIA": ("248.93", "746.79"), "PRIB1": ("252.87", "442.75"), "PRIB2": ("699.56", "2097.70"),
             "PRIC1": ("542.14", "1158.07"), "PRIC2": ("1803.51", "5409.55"), "PRID1": ("252.87", "442.75"),
             "PRID2": ("699.56", "2097.70"), "PRIE1": ("542.14", "1158.07"), "PRIE2": ("1803.51", "5409.55")},
}
UFN_DAY = {"2016": dt.date(2025, 12, 21), "2025": dt.date(2025, 12, 22)}
PENNY = D("0.01")


def _costs(profit: str, waiting: str = "0", travel: str = "0") -> Costs:
    return Costs(profit=D(profit), waiting=D(waiting), travel=D(travel))


# ---------------------------------------------------------------------------- units
@given(st.integers(min_value=0, max_value=10_000), st.sampled_from([1, 5, 6, 10, 12, 15, 30, 60]))
def test_units_always_round_up_and_never_by_a_whole_unit(minutes, unit):
    units = units_for(minutes, unit)
    assert units * unit >= minutes
    assert units * unit - minutes < unit
    assert engine.rounded_minutes(minutes, unit) == units * unit


@given(st.integers(min_value=0, max_value=2_000), st.integers(min_value=0, max_value=2_000))
def test_units_are_monotonic(a, b):
    lo, hi = sorted((a, b))
    assert units_for(lo) <= units_for(hi)


@given(st.integers(min_value=0, max_value=500))
def test_whole_units_are_unchanged(k):
    assert units_for(6 * k) == k


@pytest.mark.parametrize(("minutes", "units"),
                         [(1, 1), (5, 1), (6, 1), (7, 2), (12, 2), (13, 3), (60, 10), (61, 11)])
def test_six_minute_units(minutes, units):
    assert units_for(minutes) == units


def test_a_bad_unit_is_refused():
    with pytest.raises(ValueError):
        units_for(5, 0)
    with pytest.raises(ValueError):
        units_for(-1)


# ---------------------------------------------------------------------------- UFN
TODAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize("ufn", ["211225/001", "010416/999", "261126/123", "290224/010"])
def test_good_ufns(ufn):
    value, day, n = parse_ufn(ufn, TODAY)
    assert value == ufn and day.strftime("%d%m%y") == ufn[:6] and n == int(ufn[7:])


@pytest.mark.parametrize(("ufn", "why"), [
    ("21122025/001", "DDMMYY/NNN"), ("211225-001", "DDMMYY/NNN"), ("211225/01", "DDMMYY/NNN"),
    ("211225/0001", "DDMMYY/NNN"), ("", "DDMMYY/NNN"), ("ab1225/001", "DDMMYY/NNN"),
    (" 211225/001x", "DDMMYY/NNN"), ("311125/001", "real date"), ("290223/001", "real date"),
    ("001225/001", "real date"), ("011325/001", "real date"),
    ("271126/001", "future"), ("211225/000", "001 to 999"),
])
def test_bad_ufns_say_why_without_repeating_the_input(ufn, why):
    with pytest.raises(ValueError) as err:
        parse_ufn(ufn, TODAY)
    assert why in str(err.value)
    if ufn.strip():
        assert ufn.strip() not in str(err.value)


def test_next_ufn_is_unique_for_the_day():
    day = dt.date(2025, 12, 21)
    assert engine.next_ufn(day, []) == "211225/001"
    assert engine.next_ufn(day, ["211225/001", "211225/002", "221225/007"]) == "211225/003"
    assert engine.next_ufn(dt.date(2025, 12, 22), ["211225/001", "221225/007"]) == "221225/008"


# ---------------------------------------------------------------------------- which scheme
def test_the_scheme_is_chosen_by_the_ufn_date_at_the_21_22_december_2025_boundary():
    s = default_schemes()
    assert s.for_date(dt.date(2016, 3, 31)) is None
    assert s.for_date(dt.date(2016, 4, 1)).id == "2016"
    assert s.for_date(dt.date(2025, 12, 21)).id == "2016"
    assert s.for_date(dt.date(2025, 12, 22)).id == "2025"
    assert s.for_date(dt.date(2030, 1, 1)).id == "2025"


def test_the_data_holds_the_figures_of_domain_md():
    s = default_schemes()
    for sid, fees in FIGURES.items():
        scheme = s.by_id(sid)
        assert set(scheme.fees) == set(fees)
        for code, (fixed, limit) in fees.items():
            assert (scheme.fees[code].fixed_fee, scheme.fees[code].limit) == (D(fixed), D(limit)), (sid, code)
        assert scheme.rates_confirmed is False  # prison-law hourly rates: UNCONFIRMED


def test_the_2025_fees_are_the_2016_fees_with_24_percent():
    for code, (fixed, limit) in FIGURES["2016"].items():
        new_fixed, new_limit = FIGURES["2025"][code]
        assert abs(D(fixed) * D("1.24") - D(new_fixed)) <= PENNY
        assert abs(D(limit) * D("1.24") - D(new_limit)) <= PENNY


# ---------------------------------------------------------------------------- every threshold
@pytest.mark.parametrize("sid", ["2016", "2025"])
def test_pria_at_its_escape_threshold(sid):
    fixed, esc = (D(x) for x in FIGURES[sid]["PRIA"])
    s = default_schemes()
    at = fee_for(s, UFN_DAY[sid], "PRIA", _costs(str(esc - 100), "100"))
    assert (at.scheme.id, at.fee_code, at.status, at.limit, at.to_limit, at.claim) == (
        sid, "PRIA", "fixed-fee", esc, 0, fixed)
    over = fee_for(s, UFN_DAY[sid], "PRIA", _costs(str(esc - 100), str(D(100) + PENNY)))
    assert (over.fee_code, over.status, over.form, over.to_limit, over.claim) == ("PRIA", "escape", "CRM18",
                                                                                 -PENNY, esc + PENNY)
    # Travel is never counted against the limits.
    travel = fee_for(s, UFN_DAY[sid], "PRIA", _costs(str(esc), "0", "5000"))
    assert travel.status == "fixed-fee"


@pytest.mark.parametrize("sid", ["2016", "2025"])
@pytest.mark.parametrize("klass", ["PRIB", "PRIC", "PRID", "PRIE"])
def test_lower_higher_and_escape_at_every_threshold(sid, klass):
    s = default_schemes()
    low_fixed, low_limit = (D(x) for x in FIGURES[sid][klass + "1"])
    high_fixed, escape = (D(x) for x in FIGURES[sid][klass + "2"])

    def run(amount: Decimal):
        return fee_for(s, UFN_DAY[sid], klass, _costs(str(amount)))

    nothing = run(D(0))
    assert (nothing.fee_code, nothing.status, nothing.claim, nothing.limit) == (klass + "1", "fixed-fee",
                                                                                low_fixed, low_limit)
    at = run(low_limit)
    assert (at.fee_code, at.status, at.to_limit, at.claim) == (klass + "1", "fixed-fee", 0, low_fixed)
    past = run(low_limit + PENNY)
    assert (past.fee_code, past.status, past.limit, past.claim) == (
        klass + "2", "higher-standard-fee", escape, high_fixed)
    at_escape = run(escape)
    assert (at_escape.fee_code, at_escape.status, at_escape.to_limit) == (
        klass + "2", "higher-standard-fee", 0)
    escaped = run(escape + PENNY)
    assert (escaped.fee_code, escaped.status, escaped.form, escaped.claim) == (klass + "2", "escape", "CRM18",
                                                                               escape + PENNY)


def test_missing_rates_are_said_and_never_hide_the_status():
    c = engine.costs([engine.Work("preparation", 60), engine.Work("travel", 30)], {"preparation": D("60.00")})
    assert (c.profit, c.travel, c.missing_rates) == (D("60.00"), D(0), {"travel"})
    r = fee_for(default_schemes(), UFN_DAY["2016"], "PRIC", c)
    assert r.status == "rates-needed" and any("travel" in s for s in r.working)


def test_costs_by_head_and_routine_items():
    rates = {"preparation": D("50.00"), "attendance": D("50.00"), "travel": D("25.00"), "waiting": D("25.00"),
             "letter": D("4.00"), "call": D("3.50")}
    work = [engine.Work("attendance", 66), engine.Work("travel", 60), engine.Work("waiting", 18),
            engine.Work("letters-out", 0, 3), engine.Work("calls", 0, 2), engine.Work("emails", 0, 1),
            engine.Work("calls", 12)]  # a timed call: preparation rate
    c = engine.costs(work, rates)
    assert c.profit == D("55.00") + D("12.00") + D("7.00") + D("4.00") + D("10.00")
    assert (c.travel, c.waiting, c.counted) == (D("25.00"), D("7.50"), D("95.50"))
    assert c.items == {"letter": 4, "call": 2}


def test_crm4_estimate_against_the_auto_grant_limits():
    s = default_schemes()
    ok = engine.crm4_estimate(s, "psychologist", D(16), D("107.64"), D(4))
    assert ok.within_auto_grant and ok.total == D("1722.24") + D("160.00")
    over = engine.crm4_estimate(s, "risk-assessment", D(9), D("60.00"))
    assert not over.within_auto_grant and len(over.reasons) == 2


@given(st.sampled_from(["2016", "2025"]), st.sampled_from(["PRIA", "PRIB", "PRIC", "PRID", "PRIE"]),
       st.integers(min_value=0, max_value=800_000), st.integers(min_value=0, max_value=800_000))
def test_the_fee_never_goes_down_as_costs_rise(sid, klass, a, b):
    s = default_schemes()
    lo, hi = sorted((a, b))
    rank = {"fixed-fee": 0, "higher-standard-fee": 1, "escape": 2}
    r_lo = fee_for(s, UFN_DAY[sid], klass, _costs(str(D(lo) / 100)))
    r_hi = fee_for(s, UFN_DAY[sid], klass, _costs(str(D(hi) / 100)))
    assert rank[r_lo.status] <= rank[r_hi.status]
    assert r_lo.claim <= r_hi.claim
    assert (r_hi.status == "escape") == (r_hi.costs.counted > D(FIGURES[sid][r_hi.fee_code][1])
                                         and r_hi.fee.band != "lower")
