"""The casebook adapter, life/IPP milestones and the comparison with the prison's dates."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace as NS

import pytest

from casebook.sentencing.casebook_adapter import calculate_for_client, compare, describe, profile_for


def sentence(**kw):
    base = dict(id=1, client_id=1, sentence_type="SDS", offence="theft", offence_date=date(2024, 6, 1),
                sentence_date=date(2025, 1, 10), custodial_term="P3Y", extension_term=None, minimum_term=None,
                consecutive_to=None, offence_flags=[], recall_type=None, recall_date=None)
    base.update(kw)
    return NS(**base)


def adjustment(kind, days, **kw):
    return NS(id=1, client_id=1, kind=kind, days=days, from_date=kw.get("from_date"),
              to_date=kw.get("to_date"))


def test_sds40_sentence_with_remand():
    # 3 years from 10 Jan 2025 = 1,095 days; 40% = 438 days → 23 Mar 2026; − 30 days remand → 21 Feb 2026.
    c = calculate_for_client([sentence()], [adjustment("REMAND", 30)], today=date(2026, 1, 1))
    assert c.refusal is None
    assert c.result.dates["CRD"].date == date(2026, 2, 21)
    assert c.result.dates["SLED"].date == date(2027, 12, 10)
    assert "40%" in c.result.dates["CRD"].working.arithmetic


def test_sds_plus_is_two_thirds_and_has_no_hdc():
    c = calculate_for_client([sentence(sentence_type="SDS_PLUS", custodial_term="P9Y")], [],
                             today=date(2026, 1, 1))
    # 9 years from 10 Jan 2025 = 3,287 days; two-thirds rounded up = 2,192 → 10 Jan 2031.
    assert c.result.dates["CRD"].date == date(2031, 1, 10)
    assert "HDCED" not in c.result.dates


def test_consecutive_sentences_are_aggregated():
    s1 = sentence(id=1, custodial_term="P1Y", sentence_type="SDS")
    s2 = sentence(id=2, custodial_term="P6M", consecutive_to=1)
    c = calculate_for_client([s1, s2], [], today=date(2026, 1, 1))
    # 18 months from 10 Jan 2025 ends 9 Jul 2026 (546 days).
    assert c.result.dates["ESED"].date == date(2026, 7, 9)


# An old (CJA 1991) discretionary conditional release sentence (4 years or more for a Schedule 15 offence):
# release at the Parole Board's discretion, which the engine does not calculate, so it refuses it.
OLD_LONG = dict(sentence_type="DCR", offence_date=date(2003, 5, 1), sentence_date=date(2008, 1, 10),
                custodial_term="P5Y")


def test_unsupported_case_is_refused_with_the_reason():
    c = calculate_for_client([sentence(**OLD_LONG)], [], today=date(2026, 1, 1))
    assert c.result is None
    assert c.refusal.startswith("not supported: ") and "enter the prison's dates" in c.refusal


def test_bad_period_is_reported_not_raised():
    c = calculate_for_client([sentence(custodial_term="three years")], [], today=date(2026, 1, 1))
    assert c.result is None and "P4Y6M" in c.refusal


def test_life_sentence_gives_milestones_not_release_dates():
    c = calculate_for_client([sentence(sentence_type="LIFE", custodial_term=None, minimum_term="P15Y",
                                       sentence_date=date(2020, 3, 2))], [], today=date(2026, 1, 1))
    assert c.result is None and "Parole Board" in c.refusal
    codes = {m.code: m for m in c.milestones}
    assert codes["TED"].date == date(2035, 3, 1)
    assert codes["PRE_TARIFF_SIFT"].date == date(2032, 3, 1)
    assert codes["REVIEW_START"].date == date(2034, 9, 1)
    assert not codes["TED"].confirmed  # day-count convention flagged


def test_compare_flags_only_real_differences():
    c = calculate_for_client([sentence()], [adjustment("REMAND", 30)], today=date(2026, 1, 1))
    rows = {r.code: r for r in compare(c, {"CRD": date(2026, 3, 10), "SLED": date(2027, 12, 10),
                                           "TED": date(2030, 1, 1)})}
    assert rows["CRD"].differs and rows["CRD"].status == "differs"
    assert not rows["SLED"].differs and rows["SLED"].status == "same"
    assert rows["TED"].status == "prison only" and not rows["TED"].differs
    assert rows["ESED"].status == "ours only"
    assert "differs" in describe(rows["CRD"]) and "10 March 2026" in describe(rows["CRD"])
    assert rows["CRD"].working


def test_compare_with_a_refusal_shows_the_prisons_dates():
    rows = compare(calculate_for_client([sentence(**OLD_LONG)], [], today=date(2026, 1, 1)),
                   {"CRD": date(2026, 3, 10)})
    assert [(r.code, r.ours, r.prisons, r.differs) for r in rows] == [("CRD", None, date(2026, 3, 10), False)]


@pytest.mark.parametrize("today,progression_from,profile",
                         [(date(2024, 1, 1), None, "sds-50"), (date(2025, 1, 1), None, "calculation-params"),
                          # the progression model's commencement is never assumed: only the date entered
                          (date(2026, 11, 26), None, "calculation-params"),
                          (date(2026, 11, 26), date(2026, 10, 1), "sds-progression-model-october"),
                          (date(2026, 9, 30), date(2026, 10, 1), "calculation-params")])
def test_profile_follows_commencement_dates(today, progression_from, profile):
    assert profile_for(today, progression_from) == profile


# -- CJA 1991 long-term sentences for a Schedule 15 offence --------------------------------------------------
def _old(**kw):
    base = dict(sentence_type="SDS", offence_date=date(2003, 5, 1), sentence_date=date(2004, 2, 2))
    base.update(kw)
    return sentence(**base)


def test_cja_1991_long_term_schedule_15_offence_is_refused_not_given_a_crd():
    # s.18 wounding with intent (a Schedule 15 offence), 6 years for an offence in 2003: a CJA 1991 long-term
    # prisoner, released at the Parole Board's direction from one-half and automatically at two-thirds
    # (CJA 2003 Sch.20A) — no conditional release date to give.
    c = calculate_for_client([_old(offence_id="oapa1861-s18", custodial_term="P6Y")], [],
                             today=date(2026, 1, 1))
    assert c.result is None
    assert "Schedule 15" in c.refusal and "Sch.20A" in c.refusal


def test_cja_1991_schedule_15_offence_under_4_years_alone_is_calculated():
    # 3 years for s.18 in 2003, sentenced 2 Feb 2004: a short-term prisoner (CJA 1991 s.33(1)), released
    # at one-half whatever the offence: 1,096 days (2004 is a leap year) / 2 = 548 → 2 Feb 2004 + 547 =
    # 2 Aug 2005.
    c = calculate_for_client([_old(offence_id="oapa1861-s18", custodial_term="P3Y")], [],
                             today=date(2026, 1, 1))
    assert c.refusal is None
    rel = c.result.dates.get("CRD") or c.result.dates.get("ARD")
    assert rel.date == date(2005, 8, 2)


def test_cja_1991_schedule_15_offence_with_another_cja_1991_term_is_refused():
    # Two 3-year terms consecutive: one 6-year term (CJA 1991 s.51(2)), long-term — refused as above.
    s1 = _old(id=1, offence_id="oapa1861-s18", custodial_term="P3Y")
    s2 = _old(id=2, offence_id="ta1968-s8", custodial_term="P3Y", consecutive_to=1)
    c = calculate_for_client([s1, s2], [], today=date(2026, 1, 1))
    assert c.result is None and "Schedule 15" in c.refusal


def test_cja_1991_long_term_for_an_offence_outside_schedule_15_is_calculated():
    # Burglary of a dwelling (not Schedule 15), 6 years: released at one-half (CJA 1991 s.33(5) as amended by
    # CJIA 2008 for offences outside Schedule 15).
    c = calculate_for_client([_old(offence_id="ta1968-s9-dwelling", custodial_term="P6Y")], [],
                             today=date(2026, 1, 1))
    assert c.refusal is None and "CRD" in c.result.dates
