"""Services over a real encrypted casebook: validation, all-or-nothing saves, audit, search."""

from __future__ import annotations

import datetime as dt

import pytest

from casebook.errors import NotFound, ValidationError
from tests.conftest import TEST_TODAY


def test_client_add_get_update_with_audit(svc):
    cid = svc.clients.add(name="Ann Example", prison_number="a1234bc", dob="01/02/1980", pnc="03/62845E",
                          aliases="Annie Example; A. Example", mappa_category=2, mappa_level="1")
    c = svc.clients.get(cid)
    assert (c.prison_number, c.dob, c.pnc, c.aliases) == ("A1234BC", dt.date(1980, 2, 1), "2003/0062845E",
                                                          ["Annie Example", "A. Example"])
    assert (c.mappa_category, c.mappa_level) == (2, 1)
    diff = svc.clients.update(cid, prison="HMP Wakefield")
    assert diff == {"prison": [None, "HMP Wakefield"]}
    assert svc.clients.update(cid, prison="HMP Wakefield") == {}
    actions = [e.action for e in svc.audit.entries("client", cid)]
    assert actions == ["update", "create"]


def test_invalid_client_reports_every_field_and_saves_nothing(svc):
    with pytest.raises(ValidationError) as exc:
        svc.clients.add(name=" ", prison_number="123", pnc="2003/0062845F", dob="31/02/1990", mappa_level=7)
    assert set(exc.value.errors) == {"name", "prison_number", "pnc", "dob", "mappa_level"}
    assert svc.clients.count() == 0
    assert svc.audit.entries() == []


def test_prison_number_is_unique(svc):
    svc.clients.add(name="One", prison_number="A1234BC")
    with pytest.raises(ValidationError) as exc:
        svc.clients.add(name="Two", prison_number="A1234BC")
    assert "already used" in exc.value.errors["prison_number"]
    assert svc.clients.count() == 1


def test_dob_in_future_refused(svc):
    with pytest.raises(ValidationError):
        svc.clients.add(name="X", dob=TEST_TODAY + dt.timedelta(days=1))


def test_prison_dates_round_trip_and_unknown_code(svc):
    cid = svc.clients.add(name="X")
    svc.clients.update(cid, prison_dates={"crd": "2027-01-05", "PED": "05/06/2026"})
    assert svc.clients.get(cid).prison_dates == {"CRD": dt.date(2027, 1, 5), "PED": dt.date(2026, 6, 5)}
    with pytest.raises(ValidationError):
        svc.clients.update(cid, prison_dates={"XYZ": "2027-01-05"})


def test_sentences_and_adjustments(svc):
    cid = svc.clients.add(name="X")
    s1 = svc.clients.add_sentence(cid, sentence_type="EDS", sentence_date="15/03/2020", custodial_term="P6Y",
                                  extension_term="P3Y", offence="Robbery")
    s2 = svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="2020-03-15", custodial_term="P1Y",
                                  consecutive_to=s1)
    assert [s.id for s in svc.clients.sentences(cid)] == [s1, s2]
    with pytest.raises(ValidationError) as exc:
        svc.clients.add_sentence(cid, sentence_type="EDS", sentence_date="2020-03-15", custodial_term="P6Y")
    assert "extension_term" in exc.value.errors
    with pytest.raises(ValidationError) as exc:
        svc.clients.add_sentence(cid, sentence_type="IPP", sentence_date="2008-01-01")
    assert "minimum_term" in exc.value.errors
    with pytest.raises(ValidationError):
        svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="2020-01-01", custodial_term="P1Y",
                                 consecutive_to=9999)
    svc.clients.add_adjustment(cid, "REMAND", 100)
    with pytest.raises(ValidationError):
        svc.clients.add_adjustment(cid, "REMAND", -1)
    with pytest.raises(ValidationError):
        svc.clients.add_adjustment(cid, "HOLIDAY", 1)
    assert [(a.kind, a.days) for a in svc.clients.adjustments(cid)] == [("REMAND", 100)]


def test_matters_and_chronology(svc):
    cid = svc.clients.add(name="X")
    mid = svc.matters.add(cid, "parole-review")
    assert svc.matters.get(mid).title == "Parole review"
    with pytest.raises(ValidationError):
        svc.matters.add(cid, "divorce")
    with pytest.raises(NotFound):
        svc.matters.add(999, "parole-review")
    eid = svc.chronology.add(mid, "29/11/2019", "decision-provisional", "Provisional decision",
                             source="Decision", page="3", material=True, disputed="disputed-by-us")
    e = svc.chronology.get(eid)
    assert (e.date, e.material, e.disputed) == (dt.date(2019, 11, 29), True, "disputed-by-us")
    with pytest.raises(ValidationError) as exc:
        svc.chronology.add(mid, "2019-11-29", "made-up-type")
    assert "known event type" in exc.value.errors["type"]
    svc.chronology.update(eid, date="2019-12-01")
    assert svc.chronology.get(eid).date == dt.date(2019, 12, 1)
    svc.matters.update(mid, status="closed")
    assert svc.matters.get(mid).closed_on == TEST_TODAY
    svc.clients.delete(cid)
    with pytest.raises(NotFound):
        svc.chronology.get(eid)


def test_search_finds_every_kind_and_tolerates_operators(svc):
    cid = svc.clients.add(name="Bartholomew Quince", prison_number="B1234CD")
    mid = svc.matters.add(cid, "recall-review", title="Recall review 2026")
    svc.chronology.add(mid, "2026-01-05", "report-received", "Psychology report recommends Kaizen")
    svc.notes.add(cid, "Legal visit: discussed Horizon programme waiting list", kind="legal-visit")
    kinds = {h.kind for h in svc.search.query("quince")}
    assert kinds == {"client"}
    assert {h.kind for h in svc.search.query("kaiz")} == {"event"}
    assert {h.kind for h in svc.search.query("horizon")} == {"note"}
    assert svc.search.query("B1234CD")[0].client_id == cid
    assert isinstance(svc.search.query('"NEAR(* -'), list)  # operators typed by a user never raise
    hit = svc.search.query("Horizon waiting")[0]
    assert hit.client_name == "Bartholomew Quince" and "[" in hit.snippet
    svc.clients.update(cid, name="Bartholomew Medlar")
    assert svc.search.query("quince") == []


def test_clients_ids_filter_and_rows(demo_svc):
    ids = demo_svc.clients.ids()
    assert len(ids) == 12
    names = [demo_svc.clients.rows(ids)[i]["name"] for i in ids]
    assert names == sorted(names, key=str.lower)
    some = demo_svc.clients.get(ids[3])
    assert ids[3] in demo_svc.clients.ids(some.prison_number.lower())


def test_demo_is_deterministic(tmp_path):
    from casebook import demo
    from casebook.services import Services
    from casebook.store import Casebook
    from tests.conftest import PASSPHRASE

    def snapshot(name):
        with Casebook.create(tmp_path / name, PASSPHRASE) as cb:
            s = Services(cb)
            demo.generate(s, clients=8, seed=42, as_of=dt.date(2026, 11, 26))
            return [tuple(r) for r in cb.conn.execute(
                "SELECT c.name, c.prison_number, c.pnc, c.prison_dates, m.type, e.date, e.type, e.text "
                "FROM clients c JOIN matters m ON m.client_id = c.id JOIN events e ON e.matter_id = m.id "
                "ORDER BY c.id, m.id, e.id")]

    a, b = snapshot("a.casebook"), snapshot("b.casebook")
    assert a == b and len(a) > 30
    types = {row[4] for row in a}
    assert "parole-review" in types
