"""Identifier and date validation (docs/rules-sources.md, "Identifier formats")."""

from __future__ import annotations

import datetime as dt

import pytest

from casebook.domain.validate import (
    format_date,
    format_period,
    parse_cro,
    parse_date,
    parse_period,
    parse_pnc,
    parse_prison_number,
)


@pytest.mark.parametrize("raw,expected", [("A1234BC", "A1234BC"), (" a1234bc ", "A1234BC")])
def test_prison_number_ok(raw, expected):
    assert parse_prison_number(raw) == expected


@pytest.mark.parametrize("raw", ["", "1234ABC", "A123BC", "A12345BC", "AB1234C", "A1234B1"])
def test_prison_number_bad(raw):
    with pytest.raises(ValueError, match="A1234BC"):
        parse_prison_number(raw)


# Values published in MoJ test data (docs/rules-sources.md, "Identifier formats").
@pytest.mark.parametrize("raw,expected", [
    ("2003/0062845E", "2003/0062845E"),
    ("1979/0026538X", "1979/0026538X"),
    ("03/62845E", "2003/0062845E"),
    ("79/26538X", "1979/0026538X"),
])
def test_pnc_ok(raw, expected):
    assert parse_pnc(raw, today=dt.date(2026, 11, 26)) == expected


@pytest.mark.parametrize("raw", ["2003/0062845F", "2003/62845", "20031/0062845E", "abc"])
def test_pnc_bad(raw):
    with pytest.raises(ValueError):
        parse_pnc(raw)


@pytest.mark.parametrize("raw", ["265416/21G", "029906/12J", "85227/65L", "SF05/482703J"])
def test_cro_ok(raw):
    assert parse_cro(raw) == raw


@pytest.mark.parametrize("raw", ["265416/21H", "SF05/482703K", "1234567/12A", "nonsense"])
def test_cro_bad(raw):
    with pytest.raises(ValueError):
        parse_cro(raw)


def test_dates_uk_and_iso():
    assert parse_date("26/11/2026") == dt.date(2026, 11, 26)
    assert parse_date("2026-11-26") == dt.date(2026, 11, 26)
    assert parse_date("29/02/2024") == dt.date(2024, 2, 29)
    with pytest.raises(ValueError):
        parse_date("29/02/2023")
    with pytest.raises(ValueError):
        parse_date("11/26/2026")
    assert parse_date("", required=False) is None
    assert format_date(dt.date(2026, 11, 26)) == "26 November 2026"
    assert format_date(dt.date(2027, 1, 1)) == "1 January 2027"


def test_periods():
    assert parse_period("P4Y6M") == "P4Y6M"
    assert parse_period("4y6m") == "P4Y6M"
    assert parse_period("") is None
    # as a solicitor writes it (the CLI's --term reads it too)
    assert parse_period("4 years 6 months") == "P4Y6M" and parse_period("4 years") == "P4Y"
    for bad in ("P", "4 years 4 years", "4 parsecs", "P1.5Y", "PT3H"):
        with pytest.raises(ValueError):
            parse_period(bad)
    assert format_period("P1Y6M") == "1 year, 6 months"
    assert format_period("P2Y3D") == "2 years, 3 days"
