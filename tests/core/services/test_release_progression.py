"""The Sentencing Act 2026 progression model in the casebook's release check: its commencement was not
confirmed when the rules were written, so it is applied only once the user enters the date its first
tranche came into force (the ``sa2026-progression-model`` commencement setting), and the check says so
either way — never an offence rule saying two-thirds beside a date worked at one-half."""

from __future__ import annotations

import datetime as dt

import pytest

from casebook.sentencing.casebook_adapter import PROGRESSION_COMMENCEMENT_ID, planned_progression_start

AFTER = dt.date(2026, 12, 3)    # after HMPPS's planned first tranche (1 October 2026)
BEFORE = dt.date(2026, 9, 1)


def _s18(svc, sentence_type="SDS"):
    cid = svc.clients.add(name="Ann Example", dob=dt.date(1980, 2, 1))
    svc.clients.add_sentence(cid, sentence_type=sentence_type, sentence_date="2024-03-14",
                             custodial_term="P6Y", offence="Wounding with intent", offence_id="oapa1861-s18")
    return cid


def _crd(check):
    return {c.code: c for c in check.comparisons}["CRD"]


def test_not_in_force_until_its_date_is_entered_and_the_check_says_so(svc):
    check = svc.release.check(_s18(svc), today=AFTER)
    crd = _crd(check)
    # SDS+ (s.244ZA(5),(7)): 6 years from 14 March 2024 = 2,191 days; two-thirds = 1,460⅔ → 1,461 days,
    # day 1 being 14 March 2024 → 14 March 2024 + 1,460 days = 13 March 2028.
    assert crd.ours == dt.date(2028, 3, 13)
    assert "two-thirds" in check.offence_rule and "one-half under" not in check.offence_rule
    notes = " ".join(check.calculation.notes)
    assert "progression model" in notes and "not applied" in notes and PROGRESSION_COMMENCEMENT_ID in notes
    assert "progression model" in "\n".join(check.text_lines())
    assert "not applied" in crd.working      # the working carries the note too
    assert check.calculation.profile != "sds-progression-model-october"


def test_no_note_before_the_planned_date_or_for_a_sentence_it_does_not_touch(svc):
    assert svc.release.check(_s18(svc), today=BEFORE).calculation.notes == []
    eds = svc.clients.add(name="Ben Example", dob=dt.date(1980, 2, 1))
    svc.clients.add_sentence(eds, sentence_type="EDS", sentence_date="2024-03-14", custodial_term="P6Y",
                             extension_term="P4Y")
    assert svc.release.check(eds, today=AFTER).calculation.notes == []


def test_applied_from_the_date_the_user_enters(svc):
    cid = _s18(svc)
    svc.deadlines.set_commencement(PROGRESSION_COMMENCEMENT_ID, planned_progression_start())
    check = svc.release.check(cid, today=AFTER)
    # SDS+ at one-half under the model: 2,191 days × ½ = 1,095½ → 1,096 days → 14 March 2024 + 1,095 days =
    # 14 March 2027 (after the 6-year sentence's tranche, 9 February 2027, so the tranche does not hold it).
    assert _crd(check).ours == dt.date(2027, 3, 14)
    assert "one-half under the Sentencing Act 2026 progression model" in check.offence_rule
    assert "applied from 1 October 2026" in " ".join(check.calculation.notes)
    assert not _crd(check).confirmed                 # the model's rule is UNCONFIRMED and says so
    # Before the date entered, the rules before the Act.
    assert _crd(svc.release.check(cid, today=BEFORE)).ours == dt.date(2028, 3, 13)
    # Cleared: back to not applied.
    svc.deadlines.set_commencement(PROGRESSION_COMMENCEMENT_ID, None)
    assert _crd(svc.release.check(cid, today=AFTER)).ours == dt.date(2028, 3, 13)


@pytest.mark.parametrize("entered", [dt.date(2026, 10, 5), dt.date(2027, 1, 1)])
def test_another_commencement_date_is_refused_not_guessed(svc, entered):
    cid = _s18(svc)
    svc.deadlines.set_commencement(PROGRESSION_COMMENCEMENT_ID, entered)
    check = svc.release.check(cid, today=dt.date(2027, 6, 1))
    assert check.refusal
    assert "tranche dates are known only for a first tranche on 1 October 2026" in check.refusal
    assert all(c.ours is None for c in check.comparisons)
