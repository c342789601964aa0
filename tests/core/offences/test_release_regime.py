"""Hand-worked: the release regime an offence gives a standard determinate sentence (CJA 2003 s.244ZA;
SI 2024/844 art.3(6) and Schedule; SI 2024/1331)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from casebook.offences import catalogue, decide, term_at_least

D = dt.date


def _d(oid, term, when, age=30, **kw):
    return decide(catalogue().get(oid), term=term, sentence_date=when, age_at_sentence=age, **kw)


def test_s18_six_years_sentenced_2023_is_two_thirds():
    d = _d("oapa1861-s18", "P6Y", D(2023, 5, 1))
    assert d.sds_plus and d.confirmed
    assert "s.244ZA(5),(7)" in d.text() and "life maximum" in d.text() and "two-thirds" in d.status


def test_s18_six_years_sentenced_before_28_june_2022_is_one_half_excluded_from_sds40():
    d = _d("oapa1861-s18", "P6Y", D(2022, 6, 27))
    assert not d.sds_plus and d.exclusions == {"VIOLENT"}
    assert "did not yet apply" in d.text()


def test_s18_three_years_is_not_sds_plus_and_not_excluded_from_sds40():
    d = _d("oapa1861-s18", "P3Y", D(2025, 1, 10))
    assert not d.sds_plus and d.exclusions == frozenset()
    assert "art.3(6)(b)" in d.text() and "40%" in d.status


def test_s18_seven_years_before_and_after_1_april_2020():
    assert not _d("oapa1861-s18", "P7Y", D(2020, 3, 31)).sds_plus
    d = _d("oapa1861-s18", "P7Y", D(2020, 4, 1))
    assert d.sds_plus and "s.244ZA(4)" in d.text()


def test_s20_four_years_is_excluded_from_sds40_but_never_sds_plus():
    d = _d("oapa1861-s20", "P4Y", D(2025, 1, 10))
    assert not d.sds_plus and d.exclusions == {"VIOLENT"}
    d = _d("oapa1861-s20", "P3Y11M", D(2025, 1, 10))
    assert not d.sds_plus and d.exclusions == frozenset()


def test_robbery_is_sds_plus_only_from_seven_years():
    assert not _d("ta1968-s8", "P5Y", D(2023, 1, 1)).sds_plus   # not in the s.244ZA(7) list
    assert _d("ta1968-s8", "P8Y", D(2023, 1, 1)).sds_plus


def test_rape_four_years_after_june_2022_is_sds_plus():
    d = _d("soa2003-s1", "P4Y", D(2023, 1, 1))
    assert d.sds_plus and "Part 2" in d.text()


def test_rape_three_years_is_excluded_from_sds40_as_a_sexual_offence():
    d = _d("soa2003-s1", "P3Y", D(2025, 1, 1))
    assert not d.sds_plus and d.exclusions == {"SEXUAL"}
    assert "para 12" in d.text()


def test_sexual_assault_is_never_sds_plus_but_always_excluded_from_sds40():
    d = _d("soa2003-s3", "P8Y", D(2025, 1, 1))     # 10-year maximum: no life, so no s.244ZA
    assert not d.sds_plus and d.exclusions == {"SEXUAL"}


def test_seventeen_year_old_at_sentence():
    # s.250 detention: 4-7 years is never two-thirds; 7 years or more from 1 April 2020 (SI 2020/158, as
    # HMPPS applies it) and from 28 June 2022 (s.244ZA(6))
    assert not _d("soa2003-s1", "P5Y", D(2023, 1, 1), age=17).sds_plus
    assert not _d("oapa1861-s18", "P8Y", D(2020, 3, 31), age=17).sds_plus
    early = _d("oapa1861-s18", "P8Y", D(2021, 1, 1), age=17)
    assert early.sds_plus and not early.confirmed and "SI 2020/158" in early.text()
    d = _d("oapa1861-s18", "P8Y", D(2023, 1, 1), age=17)
    assert d.sds_plus and "s.244ZA(6)" in d.text() and not d.confirmed
    assert _d("oapa1861-s18", "P8Y", D(2023, 1, 1), age=None, section250=True).sds_plus


def test_unknown_age_is_taken_as_adult_and_said():
    d = _d("oapa1861-s18", "P6Y", D(2023, 1, 1), age=None)
    assert d.sds_plus and not d.confirmed and "age at sentence not recorded" in d.text()


def test_domestic_abuse_exclusions_and_the_december_2024_additions():
    assert _d("sca2015-s76", "P2Y", D(2025, 1, 1)).exclusions == {"DOMESTIC_ABUSE"}
    assert _d("pha1997-s2a", "P6M", D(2025, 1, 1)).exclusions == {"DOMESTIC_ABUSE"}
    assert _d("fla1996-s42a", "P1Y", D(2025, 1, 1)).exclusions == {"DOMESTIC_ABUSE"}
    # breach of a restraining order: SI 2024/1331 (the engine applies it from 16 December 2024)
    assert _d("pha1997-s5", "P1Y", D(2025, 1, 1)).exclusions == {"DOMESTIC_ABUSE_T3"}


def test_drugs_supply_is_neither_excluded_nor_sds_plus():
    d = _d("mda1971-s4-3-a", "P8Y", D(2025, 1, 1))
    assert not d.sds_plus and d.exclusions == frozenset() and "not a Schedule 15" in d.text()


def test_terrorism_is_a_terrorist_prisoner():
    d = _d("ta2000-s58", "P3Y", D(2022, 1, 1))
    assert d.terrorist and "s.247A" in d.status


def test_death_by_dangerous_driving_turns_on_the_offence_date():
    before = _d("rta1988-s1", "P8Y", D(2023, 1, 1), offence_date=D(2022, 1, 1))
    after = _d("rta1988-s1", "P8Y", D(2023, 1, 1), offence_date=D(2022, 7, 1))
    assert not before.sds_plus and after.sds_plus
    unknown = _d("rta1988-s1", "P8Y", D(2023, 1, 1))
    assert not unknown.confirmed and "maximum changed" in unknown.text()


@given(years=st.integers(0, 20), months=st.integers(0, 11), when=st.dates(D(2015, 1, 1), D(2030, 1, 1)))
def test_sds_plus_needs_a_life_maximum_sch15_offence_and_the_length(years, months, when):
    term = f"P{years}Y{months}M" if years or months else "P1M"
    for oid in ("oapa1861-s18", "oapa1861-s20", "soa2003-s1", "mda1971-s4-3-a"):
        d = _d(oid, term, when)
        o = catalogue().get(oid)
        if d.sds_plus:
            assert o.maximum == "life" and (o.has("SCH15_P1") or o.has("SCH15_P2"))
            assert when >= D(2020, 4, 1) and term_at_least(term, 4, when)
            assert term_at_least(term, 7, when) or when >= D(2022, 6, 28)
        else:
            assert not (o.maximum == "life" and term_at_least(term, 7, when) and when >= D(2020, 4, 1)
                        and (o.has("SCH15_P1") or o.has("SCH15_P2")))
        # never both two-thirds and an SDS40 exclusion marker
        assert not (d.sds_plus and d.exclusions)


def test_attempts_follow_the_offence_attempted():
    d = _d("caa1981-s1-rape", "P5Y", D(2023, 1, 1))
    assert d.sds_plus                                   # Part 2, life maximum, 4 years or more
    d = _d("caa1981-s1-rape", "P3Y", D(2025, 1, 1))
    assert d.exclusions == {"SEXUAL"} and "para 12" in d.text()
    d = _d("caa1981-s1-robbery", "P4Y", D(2025, 1, 1))
    assert not d.sds_plus and d.exclusions == {"VIOLENT"}
