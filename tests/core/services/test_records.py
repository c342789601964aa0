"""Kinds of record by declaration: the spec API, the generic store, and a new kind added in a test the
way a feature would add one (a migration, a dataclass, one spec)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from casebook.domain.records import ADJUSTMENTS, CLIENTS, EVENTS, MATTERS, RECORDS, SEARCH_KINDS, SENTENCES
from casebook.domain.spec import DATE, JSON, Field, RecordSpec, Search, choice
from casebook.domain.validate import parse_date
from casebook.errors import NotFound, ValidationError
from casebook.services.records import RecordStore
from casebook.store import Casebook, migrations
from casebook.store.backup import check, data_tables
from tests.conftest import PASSPHRASE


# ---------------------------------------------------------------------------- a new kind of record
@dataclasses.dataclass
class Evidence:
    id: int | None
    client_id: int
    title: str
    kind: str = "report"
    received: dt.date | None = None
    tags: list[str] = dataclasses.field(default_factory=list)
    created_at: str = ""
    updated_at: str = ""


def _required(raw):
    s = (str(raw) if raw is not None else "").strip()
    if not s:
        raise ValueError("is required")
    return s


def _no_later_than_today(c):
    if c.values.get("received") and c.today and c.values["received"] > c.today:
        c.fail("received", "cannot be in the future")


EVIDENCE = RecordSpec(
    entity="exhibit", table="exhibits", record=Evidence, client="client_id",
    parent="client_id", parent_spec=CLIENTS,
    fields=(
        Field("client_id", int, "Client", editable=False),
        Field("title", _required, "Title", required=True),
        Field("kind", choice(["report", "letter"]), "Kind"),
        Field("received", lambda raw: parse_date(raw, required=False), "Received", codec=DATE),
        Field("tags", lambda raw: [t.strip() for t in raw or [] if t.strip()], "Tags", codec=JSON),
    ),
    checks=(_no_later_than_today,),
    json=("id", "client=client_id", "title", "kind", "received"),
    audit_on_delete=("client_id", "title"),
    search=Search("exhibit", 9, title="title", body=("kind", "tags")),
)


def _add_evidence_table(conn):
    """The new kind's migration: its table through sqlite-utils' table API, and its search kind."""
    from casebook.store import search_index
    from casebook.store.sqlite import sqlite_utils

    db = sqlite_utils.Database(conn, execute_plugins=False)
    db["exhibits"].create(
        {"id": int, "client_id": int, "title": str, "kind": str, "received": str, "tags": str,
         "created_at": str, "updated_at": str},
        pk="id", not_null={"client_id", "title", "kind", "tags", "created_at", "updated_at"},
        defaults={"kind": "report", "tags": "[]"}, foreign_keys=[("client_id", "clients", "id")],
    )
    conn.execute("CREATE INDEX exhibits_client ON exhibits(client_id)")
    search_index.install(conn, ["exhibit"])


@pytest.fixture
def with_evidence(monkeypatch, tmp_path):
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, _add_evidence_table])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    monkeypatch.setattr("casebook.store.casebook.SCHEMA_VERSION", migrations.SCHEMA_VERSION)
    monkeypatch.setattr("casebook.domain.records.RECORDS", (*RECORDS, EVIDENCE))
    monkeypatch.setitem(SEARCH_KINDS, "exhibit", EVIDENCE)
    from casebook.services import Services

    cb = Casebook.create(tmp_path / "ev.casebook", PASSPHRASE)
    svc = Services(cb, today=dt.date(2026, 12, 2))
    yield svc, RecordStore(EVIDENCE, cb, svc.audit)
    cb.close()


def test_a_declared_kind_validates_saves_audits_searches_and_counts(with_evidence):
    svc, evidence = with_evidence
    cid = svc.clients.add(name="Ira Pemberton")
    with pytest.raises(ValidationError) as exc:
        evidence.create({"kind": "photo", "received": "2027-01-01"}, parent_id=cid)
    assert exc.value.errors == {"title": "is required", "kind": "must be one of: report, letter",
                                "received": "cannot be in the future"}
    with pytest.raises(NotFound, match="no client with id 99"):
        evidence.create({"title": "Psychology report"}, parent_id=99)
    with pytest.raises(ValidationError, match="is not an exhibit field"):
        evidence.create({"title": "X", "colour": "red"}, parent_id=cid)

    eid = evidence.create({"title": "Psychology report", "received": "01/12/2026", "tags": ["Kaizen"]},
                          parent_id=cid)
    e = evidence.get(eid)
    assert (e.client_id, e.title, e.kind, e.received, e.tags) == (cid, "Psychology report", "report",
                                                                   dt.date(2026, 12, 1), ["Kaizen"])
    assert (e.created_at, e.updated_at) == ("2026-12-02T12:00:00+00:00",) * 2
    assert EVIDENCE.to_json(e) == {"id": eid, "client": cid, "title": "Psychology report", "kind": "report",
                                   "received": dt.date(2026, 12, 1)}
    diff = evidence.modify(eid, {"kind": "letter", "title": "Psychology report"})
    assert diff == {"kind": ["report", "letter"]}
    assert [h.kind for h in svc.search.query("kaizen")] == ["exhibit"]
    assert svc.search.query("letter")[0].client_name == "Ira Pemberton"
    assert check(svc.cb)["counts"]["exhibits"] == 1
    assert "exhibits" in data_tables(svc.cb.conn)
    evidence.delete(eid)
    assert svc.search.query("kaizen") == []
    trail = [(a.action, a.detail) for a in svc.audit.entries("exhibit", eid)]
    assert trail == [
        ("delete", {"client_id": cid, "title": "Psychology report"}),
        ("update", {"kind": '["report", "letter"]'}),  # the log keeps each [old, new] as JSON text
        ("create", {"client_id": cid, "title": "Psychology report", "received": "2026-12-01",
                    "tags": '["Kaizen"]'}),
    ]


# ---------------------------------------------------------------------------- the declared kinds
def test_json_shapes_are_the_cli_contract():
    assert CLIENTS.json == ("id", "name", "aliases", "prison_number", "pnc", "cro", "dob", "prison",
                            "category", "mappa_category", "mappa_level", "interpreter", "vulnerability",
                            "prison_dates")
    assert MATTERS.json == ("id", "client=client_id", "type", "status", "title", "reference",
                            "legal_aid_class", "opened_on", "closed_on")
    assert EVENTS.json == ("id", "matter=matter_id", "date", "type", "text", "source", "page", "material",
                           "disputed")
    assert SENTENCES.json[:2] == ("id", "type=sentence_type") and ADJUSTMENTS.json == ("kind", "days")


def test_from_row_and_to_json_round_trip_a_client(svc):
    cid = svc.clients.add(name="Ann Example", aliases="A. Example", dob="1980-02-01",
                          prison_dates={"CRD": "2027-01-05"}, mappa_level=2)
    row = svc.cb.conn.execute("SELECT * FROM clients WHERE id = ?", (cid,))
    cols = [c[0] for c in row.description]
    c = CLIENTS.from_row(dict(zip(cols, row.fetchone(), strict=True)))
    assert c == svc.clients.get(cid)
    data = CLIENTS.to_json(c)
    assert list(data) == list(CLIENTS.json)
    assert (data["aliases"], data["dob"], data["prison_dates"], data["mappa_level"]) == (
        ["A. Example"], dt.date(1980, 2, 1), {"CRD": dt.date(2027, 1, 5)}, 2)
    assert json.loads(json.dumps(CLIENTS.to_row({"prison_dates": data["prison_dates"]}))) == {
        "prison_dates": '{"CRD": "2027-01-05"}'}


def test_every_record_table_is_stamped_and_audited_alike(svc):
    """The adjustments special case is gone: every kind gets created_at and updated_at."""
    cid = svc.clients.add(name="X")
    aid = svc.clients.add_adjustment(cid, "REMAND", 12, "2025-01-01", "2025-01-12")
    sql = "SELECT created_at, updated_at FROM adjustments WHERE id = ?"
    stamps = svc.cb.conn.execute(sql, (aid,)).fetchone()
    assert stamps[0] == stamps[1] != ""
    svc.clients.delete_adjustment(aid)
    assert [(a.action, a.detail) for a in svc.audit.entries("adjustment", aid)] == [
        ("delete", {"client_id": cid, "kind": "REMAND"}),
        ("create", {"client_id": cid, "kind": "REMAND", "days": 12, "from_date": "2025-01-01",
                    "to_date": "2025-01-12"}),
    ]


def test_sentence_update_diff_and_same_client_reference(svc):
    a, b = svc.clients.add(name="A"), svc.clients.add(name="B")
    s1 = svc.clients.add_sentence(a, sentence_type="SDS", sentence_date="2020-01-01", custodial_term="P2Y")
    s2 = svc.clients.add_sentence(a, sentence_type="SDS", sentence_date="2020-01-01", custodial_term="P1Y")
    other = svc.clients.add_sentence(b, sentence_type="SDS", sentence_date="2020-01-01", custodial_term="P1Y")
    assert svc.clients.update_sentence(s2, consecutive_to=s1, offence_flags=["sexual"]) == {
        "consecutive_to": [None, s1], "offence_flags": ["[]", '["SEXUAL"]']}
    for bad in (other, s2, 999):
        with pytest.raises(ValidationError) as exc:
            svc.clients.update_sentence(s2, consecutive_to=bad)
        assert exc.value.errors == {"consecutive_to": "must be another sentence of the same client"}
    with pytest.raises(ValidationError, match="is not a sentence field"):
        svc.clients.update_sentence(s2, client_id=b)


def test_search_kinds_have_unique_numbers_within_the_slots():
    from casebook.store.search_index import SLOTS

    numbers = [s.search.number for s in RECORDS if s.search]
    assert len(set(numbers)) == len(numbers) and all(0 <= n < SLOTS for n in numbers)
    assert list(SEARCH_KINDS) == ["client", "matter", "event", "note", "assessment", "risk-factor",
                                  "evidence", "allegation", "challenge", "document", "contact"]
