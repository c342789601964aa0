"""Fixtures for the deadline service tests: a real encrypted casebook (``svc`` from tests/conftest.py)
with one lifer on a parole review and one SDS recall."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest


@pytest.fixture
def parole_book(svc):
    lifer = svc.clients.add(name="Alan Example", prison_number="A1234BC")
    svc.clients.add_sentence(lifer, sentence_type="LIFE", sentence_date="2010-05-04", minimum_term="P12Y")
    parole = svc.matters.add(lifer, "parole-review", title="Lifer review 2026")
    recallee = svc.clients.add(name="Bella Sample", prison_number="B2345CD")
    svc.clients.add_sentence(recallee, sentence_type="SDS", sentence_date="2022-01-10", custodial_term="P4Y")
    recall = svc.matters.add(recallee, "recall-review", title="Recall review")
    return SimpleNamespace(svc=svc, lifer=lifer, parole=parole, recallee=recallee, recall=recall)


TODAY = dt.date(2026, 11, 26)
