"""Schema version 3: the risk and evidence tables, added to old files without losing their data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.store import Casebook, migrations
from casebook.store.sqlite import dbapi

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
FIXTURE_PASSPHRASE = "fixture passphrase"

RISK_TABLES = {
    "assessments", "assessment_rosh", "assessment_scores", "assessment_sections", "risk_factors",
    "factor_links", "evidence", "evidence_factors", "programme_referrals", "referral_status", "allegations",
    "challenges", "challenge_steps", "challenge_evidence", "challenge_events",
}


def _tables(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_version_1_file_gains_the_risk_tables_and_keeps_its_data(tmp_path):
    path = tmp_path / "v1.casebook"
    shutil.copy(FIXTURES / "casebook-v1.casebook", path)
    with Casebook.open(path, FIXTURE_PASSPHRASE) as cb:
        conn = cb.conn
        assert migrations.schema_version(conn) == migrations.SCHEMA_VERSION >= 3
        assert _tables(conn) >= RISK_TABLES
        names = [r[0] for r in conn.execute("SELECT name FROM clients ORDER BY id")]
        assert names == ["Fixture Client One", "Fixture Client Two"]
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 2
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for table in RISK_TABLES:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_a_version_2_file_migrates_to_3_in_one_step(tmp_path, monkeypatch):
    path = tmp_path / "v2.casebook"
    shutil.copy(FIXTURES / "casebook-v1.casebook", path)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr("casebook.store.casebook.SCHEMA_VERSION", 2)
    with Casebook.open(path, FIXTURE_PASSPHRASE) as cb:
        assert migrations.schema_version(cb.conn) == 2 and not RISK_TABLES & _tables(cb.conn)
    monkeypatch.undo()
    with Casebook.open(path, FIXTURE_PASSPHRASE) as cb:
        assert migrations.schema_version(cb.conn) == migrations.SCHEMA_VERSION >= 3
        assert _tables(cb.conn) >= RISK_TABLES
        assert cb.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 2


def test_every_risk_table_goes_with_its_client(svc):
    """ON DELETE CASCADE from the client (directly or through a matter, assessment, factor …)."""
    conn = svc.cb.conn
    cid = svc.clients.add(name="Cascade Client")
    mid = svc.matters.add(cid, "parole-review")
    eid = svc.chronology.add(mid, "2026-01-05", "referral", "Referred")
    stamp = "2026-01-01T00:00:00+00:00"
    rows = [
        ("assessments", {"id": 1, "client_id": cid, "tool": "oasys", "date": "2026-01-01"}),
        ("assessment_rosh", {"assessment_id": 1, "risk_group": "public", "setting": "community",
                             "level": "high"}),
        ("assessment_scores", {"assessment_id": 1, "name": "OGRS3", "value": 51, "kind": "static"}),
        ("assessment_sections", {"assessment_id": 1, "section": 11, "linked_to_harm": 1}),
        ("risk_factors", {"id": 1, "client_id": cid, "name": "Thinking skills"}),
        ("factor_links", {"factor_id": 1, "assessment_id": 1, "section": "11.2"}),
        ("evidence", {"id": 1, "client_id": cid, "kind": "programme", "date": "2026-01-01", "title": "TSP"}),
        ("evidence_factors", {"evidence_id": 1, "factor_id": 1}),
        ("programme_referrals", {"id": 1, "client_id": cid, "programme": "Kaizen", "date": "2026-01-01"}),
        ("referral_status", {"referral_id": 1, "status": "submitted", "date": "2026-01-01"}),
        ("allegations", {"client_id": cid, "matter_id": mid, "text": "Alleged threat", "status": "disputed"}),
        ("challenges", {"id": 1, "matter_id": mid, "assessment_id": 1, "assertion": "He denies",
                        "ground": "denial-as-risk"}),
        ("challenge_steps", {"challenge_id": 1, "step": "correction-request", "date": "2026-01-02"}),
        ("challenge_evidence", {"challenge_id": 1, "evidence_id": 1}),
        ("challenge_events", {"challenge_id": 1, "event_id": eid}),
    ]
    with svc.cb.transaction():
        for table, row in rows:
            row = {**row, "created_at": stamp, "updated_at": stamp}
            conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                         list(row.values()))
    assert {t for t in RISK_TABLES if conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]} == RISK_TABLES
    svc.clients.delete(cid)
    assert {t for t in RISK_TABLES if conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]} == set()
    assert conn.execute("SELECT count(*) FROM search_index").fetchone()[0] == 0


def test_a_page_must_be_positive_and_a_score_kind_static_or_dynamic_even_in_sql(svc):
    conn = svc.cb.conn
    cid = svc.clients.add(name="X")
    stamp = "2026-01-01T00:00:00+00:00"
    with pytest.raises(dbapi.IntegrityError):
        conn.execute("INSERT INTO evidence (client_id, kind, date, title, page, created_at, updated_at) "
                     "VALUES (?, 'work', '2026-01-01', 'T', 0, ?, ?)", (cid, stamp, stamp))
    conn.execute("INSERT INTO assessments (id, client_id, tool, date, created_at, updated_at) "
                 "VALUES (9, ?, 'oasys', '2026-01-01', ?, ?)", (cid, stamp, stamp))
    with pytest.raises(dbapi.IntegrityError):
        conn.execute("INSERT INTO assessment_scores (assessment_id, name, value, kind, created_at, "
                     "updated_at) VALUES (9, 'OGP', 1, 'fixed', ?, ?)", (stamp, stamp))


def test_allegations_and_challenges_are_declared_validated_and_searched(svc):
    """Their services come later; the declarations (and so the search index) are already in place."""
    from casebook.domain.records import ALLEGATIONS, CHALLENGES
    from casebook.errors import ValidationError
    from casebook.services.records import RecordStore

    cid = svc.clients.add(name="Hester Poll")
    mid = svc.matters.add(cid, "parole-review")
    allegations = RecordStore(ALLEGATIONS, svc.cb, svc.audit)
    challenges = RecordStore(CHALLENGES, svc.cb, svc.audit)
    with pytest.raises(ValidationError) as exc:
        challenges.create({"assertion": "", "source": "OASys", "ground": "gut feeling", "page": "0"}, mid)
    assert set(exc.value.errors) == {"assertion", "ground", "page"}
    xid = challenges.create({"assertion": "He has never engaged with psychology", "source": "OASys 2026",
                             "page": "12", "ground": "Factual error",
                             "position": "He completed Kaizen in 2024"}, parent_id=mid)
    assert challenges.get(xid).ground == "factual-error" and challenges.get(xid).status == "disputed"
    aid = allegations.create({"text": "Alleged intimidation on the wing", "status": "unproven-some-basis",
                              "matter_id": mid}, parent_id=cid)
    assert [(h.kind, h.ref_id, h.client_id, h.matter_id) for h in svc.search.query("engaged")] == [
        ("challenge", xid, cid, mid)]
    assert [h.kind for h in svc.search.query("kaizen")] == ["challenge"]
    assert [(h.kind, h.ref_id) for h in svc.search.query("intimidation")] == [("allegation", aid)]
