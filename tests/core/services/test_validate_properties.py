"""Properties of the identifier check letters and date parsing (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook.domain.validate import check_letter, format_date, parse_cro, parse_date, parse_pnc

LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"


@given(year=st.integers(1950, 2026), serial=st.integers(1, 9_999_999), wrong=st.sampled_from(LETTERS))
def test_pnc_accepts_exactly_its_check_letter(year, serial, wrong):
    s = f"{serial:07d}"
    good = check_letter(f"{year % 100:02d}{s}")
    assert parse_pnc(f"{year}/{s}{good}") == f"{year}/{s}{good}"
    if wrong != good:
        with pytest.raises(ValueError):
            parse_pnc(f"{year}/{s}{wrong}")


@given(yy=st.integers(0, 99), serial=st.integers(1, 999_999))
def test_cro_round_trip(yy, serial):
    y = f"{yy:02d}"
    letter = check_letter(y + f"{serial:06d}")
    assert parse_cro(f"{serial}/{y}{letter}") == f"{serial}/{y}{letter}"
    assert parse_cro(f"SF{y}/{serial}{letter}") == f"SF{y}/{serial}{letter}"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_uk_and_iso_input_agree(d):
    assert parse_date(d.strftime("%d/%m/%Y")) == d == parse_date(d.isoformat())
    text = format_date(d)
    assert text.startswith(f"{d.day} ") and text.endswith(str(d.year))
