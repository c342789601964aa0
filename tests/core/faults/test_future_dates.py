"""Fault 8: one rule for dates far ahead — a sentence, an event, a direction and a hearing are each
refused more than ten years ahead (and before 1900) with the same words."""

from __future__ import annotations

import datetime as dt

import pytest

from casebook.domain.validate import MAX_DAYS_AHEAD, date_problem
from casebook.errors import ValidationError
from tests.conftest import TEST_TODAY

LIMIT = TEST_TODAY + dt.timedelta(days=MAX_DAYS_AHEAD)
TOO_FAR = LIMIT + dt.timedelta(days=1)
MESSAGE = "is more than ten years ahead; please check it"


@pytest.fixture
def matter(svc):
    cid = svc.clients.add(name="Ada Lovelace")
    return cid, svc.matters.add(cid, "parole-review")


def test_the_rule():
    assert date_problem(LIMIT, TEST_TODAY) is None
    assert date_problem(TOO_FAR, TEST_TODAY) == MESSAGE
    assert date_problem(dt.date(1899, 12, 31), TEST_TODAY) == "is before 1900; please check it"


def test_a_sentence_in_2099_is_refused_like_an_event(svc, matter):
    cid, mid = matter
    with pytest.raises(ValidationError) as sentence:
        svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="2099-01-01", custodial_term="P2Y")
    with pytest.raises(ValidationError) as event:
        svc.chronology.add(mid, "2099-01-01", "referral")
    assert sentence.value.errors == {"sentence_date": MESSAGE}
    assert event.value.errors == {"date": MESSAGE}
    assert svc.clients.sentences(cid) == []


def test_the_boundary_is_the_same_for_sentences_and_events(svc, matter):
    cid, mid = matter
    assert svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date=LIMIT, custodial_term="P2Y")
    assert svc.chronology.add(mid, LIMIT, "referral")
    with pytest.raises(ValidationError, match="ten years ahead"):
        svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date=TOO_FAR, custodial_term="P2Y")
    with pytest.raises(ValidationError, match="ten years ahead"):
        svc.chronology.add(mid, TOO_FAR, "referral")


def test_offence_and_recall_dates_follow_the_rule(svc, matter):
    cid, _mid = matter
    with pytest.raises(ValidationError) as err:
        svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="2020-01-01", custodial_term="P2Y",
                                 offence_date="1850-01-01")
    assert err.value.errors == {"offence_date": "is before 1900; please check it"}


def test_cli_refuses_a_sentence_in_2099(run_cli, casebook_path):
    assert run_cli("--file", casebook_path, "client", "add", "--name", "Ada Lovelace").returncode == 0
    r = run_cli("--file", casebook_path, "sentence", "add", "--client", "1", "--type", "SDS", "--date",
                "2099-01-01", "--term", "P2Y")
    assert r.returncode == 1
    assert r.stderr.strip() == f"casebook: sentence date: {MESSAGE}"
