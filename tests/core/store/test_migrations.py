"""Forward-only migrations: applied in order, atomically, and refused for newer files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.store import Casebook, migrations
from casebook.store.migrations import SCHEMA_VERSION
from tests.support import old_schema

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
FIXTURE_PASSPHRASE = "fixture passphrase"


def test_fixture_of_version_1_opens_and_keeps_its_data(tmp_path):
    """tests/fixtures/casebook-v1.casebook was written by schema version 1 (test KDF)."""
    path = tmp_path / "v1.casebook"
    shutil.copy(FIXTURES / "casebook-v1.casebook", path)
    with Casebook.open(path, FIXTURE_PASSPHRASE) as cb:
        assert cb.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        names = [r[0] for r in cb.conn.execute("SELECT name FROM clients ORDER BY id")]
        assert names == ["Fixture Client One", "Fixture Client Two"]
        assert cb.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 2
        # version 2: the search index was rebuilt under the generated triggers; adjustments are stamped
        from casebook.services import Services

        svc = Services(cb)
        assert sorted(h.ref_id for h in svc.search.query("fixture client")) == [1, 2]
        assert [h.kind for h in svc.search.query("referred")] == ["event"]
        aid = svc.clients.add_adjustment(1, "REMAND", 3)
        assert cb.conn.execute("SELECT updated_at FROM adjustments WHERE id = ?", (aid,)).fetchone()[0]


def test_a_new_migration_is_applied_to_an_old_file(tmp_path, monkeypatch):
    path = tmp_path / "v1.casebook"
    shutil.copy(FIXTURES / "casebook-v1.casebook", path)
    step = ("ALTER TABLE clients ADD COLUMN nickname TEXT;\n"
            "CREATE INDEX clients_nickname ON clients(nickname);")
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr("casebook.store.casebook.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with Casebook.open(path, FIXTURE_PASSPHRASE) as cb:
        assert cb.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        cols = [r[1] for r in cb.conn.execute("PRAGMA table_info(clients)")]
        assert "nickname" in cols
        assert cb.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 2


def test_a_failing_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "v1.casebook"
    shutil.copy(FIXTURES / "casebook-v1.casebook", path)
    step = "ALTER TABLE clients ADD COLUMN nickname TEXT;\nTHIS IS NOT SQL;"
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr("casebook.store.casebook.SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(Exception):  # noqa: B017 - any failure; what matters is the state after
        Casebook.open(path, FIXTURE_PASSPHRASE)
    monkeypatch.undo()
    with Casebook.open(path, FIXTURE_PASSPHRASE) as cb:
        assert cb.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        cols = [r[1] for r in cb.conn.execute("PRAGMA table_info(clients)")]
        assert "nickname" not in cols


def test_split_statements_keeps_trigger_bodies_whole():
    stmts = migrations.split_statements(migrations.SCHEMA_V1)
    triggers = [s for s in stmts if s.startswith("CREATE TRIGGER")]
    assert len(triggers) == 14
    assert all(s.rstrip().endswith("END;") for s in triggers)


# ---------------------------------------------------------------------------- version 2
def _v1_file(path, rows: dict[str, list[dict]]):
    """A casebook at schema version 1 holding ``rows`` (table → rows), written with plain SQL as
    version 1 of Casebook would have; returns its key."""
    conn, key = old_schema.open_at(path, 1, FIXTURE_PASSPHRASE, STAMP)
    for table, items in rows.items():
        for r in items:
            marks = ", ".join("?" * len(r))
            conn.execute(f"INSERT INTO {table} ({', '.join(r)}) VALUES ({marks})", list(r.values()))
    old_schema.close(conn)
    return key


STAMP = "2025-02-03T10:00:00+00:00"
LATER = "2025-03-04T09:00:00+00:00"
V1_ROWS = {
    "clients": [{"id": 1, "name": "Quentin Marlow", "prison_number": "A1111AA", "aliases": '["Q. Marlow"]',
                 "created_at": STAMP, "updated_at": STAMP},
                {"id": 2, "name": "Rosa Tamworth", "created_at": STAMP, "updated_at": STAMP}],
    "adjustments": [{"id": 1, "client_id": 1, "kind": "REMAND", "days": 40, "from_date": "2024-01-01",
                     "to_date": "2024-02-09", "created_at": STAMP},
                    {"id": 2, "client_id": 2, "kind": "UAL", "days": 3, "created_at": LATER}],
    "matters": [{"id": 7, "client_id": 2, "type": "recall-review", "title": "Recall review",
                 "reference": "RT/77", "created_at": STAMP, "updated_at": STAMP}],
    "events": [{"id": 3, "matter_id": 7, "date": "2025-01-06", "type": "recall",
                "text": "Recalled to HMP Lindholme", "created_at": STAMP, "updated_at": STAMP}],
    "notes": [{"id": 5, "client_id": 1, "date": "2025-01-07", "kind": "legal-visit", "created_at": STAMP,
               "text": "Legal visit about the Kaizen waiting list", "updated_at": STAMP}],
}


def test_version_2_keeps_every_row_and_gives_adjustments_updated_at(tmp_path):
    path = tmp_path / "v1.casebook"
    key = _v1_file(path, V1_ROWS)
    with Casebook.open(path, key=key) as cb:
        conn = cb.conn
        assert migrations.schema_version(conn) == SCHEMA_VERSION >= 2
        rows = conn.execute("SELECT id, client_id, kind, days, from_date, to_date, created_at, updated_at "
                            "FROM adjustments ORDER BY id").fetchall()
        assert rows == [(1, 1, "REMAND", 40, "2024-01-01", "2024-02-09", STAMP, STAMP),
                        (2, 2, "UAL", 3, None, None, LATER, LATER)]
        info = {r[1]: r for r in conn.execute("PRAGMA table_info(adjustments)")}
        assert info["updated_at"][3] == 1  # NOT NULL
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'adjustments'").fetchone()[0]
        assert "CHECK (days >= 0)" in sql and "ON DELETE CASCADE" in sql  # transform kept the constraints
        assert conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'adjustments'"
                            ).fetchall() == [("adjustments_client",)]
        for table, items in V1_ROWS.items():
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == len(items)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_version_2_search_index_is_rebuilt_and_kept_by_generated_triggers(tmp_path):
    from casebook.domain.records import SEARCH_KINDS
    from casebook.services import Services
    from casebook.store.search_index import SLOTS, trigger_sql

    path = tmp_path / "v1.casebook"
    key = _v1_file(path, V1_ROWS)
    with Casebook.open(path, key=key) as cb:
        conn = cb.conn
        index = conn.execute(
            "SELECT rowid, kind, ref_id, client_id, matter_id FROM search_index ORDER BY rowid").fetchall()
        assert index == [(1 * SLOTS + 0, "client", 1, 1, None), (2 * SLOTS + 0, "client", 2, 2, None),
                         (3 * SLOTS + 2, "event", 3, 2, 7), (5 * SLOTS + 3, "note", 5, 1, None),
                         (7 * SLOTS + 1, "matter", 7, 2, 7)]
        stored = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        for spec in SEARCH_KINDS.values():
            for sql in trigger_sql(spec):
                name = sql.split()[2]
                assert stored[name] == sql.rstrip(";") or stored[name] == sql
        svc = Services(cb)
        assert [h.ref_id for h in svc.search.query("marlow")] == [1]
        hits = svc.search.query("lindholme")
        assert [(h.kind, h.client_name) for h in hits] == [("event", "Rosa Tamworth")]
        assert [h.kind for h in svc.search.query("kaizen")] == ["note"]
        assert [h.kind for h in svc.search.query("RT/77")] == ["matter"]
        assert [h.ref_id for h in svc.search.query("quentin")] == [1]
        svc.clients.update(1, name="Piers Marlow")
        assert svc.search.query("quentin") == [] and [h.ref_id for h in svc.search.query("piers")] == [1]
        svc.clients.delete(2)
        assert svc.search.query("lindholme") == [] and svc.search.query("tamworth") == []
        conn.execute("INSERT INTO search_index(search_index) VALUES ('integrity-check')")


def test_fresh_casebook_has_the_same_schema_as_a_migrated_one(tmp_path):
    """A new file (every migration from nothing) and a version 1 file brought up to date agree."""
    old = tmp_path / "old.casebook"
    key = _v1_file(old, {})
    new = tmp_path / "new.casebook"
    Casebook.create(new, FIXTURE_PASSPHRASE).close()

    def schema(cb):
        return sorted((t, n, " ".join(s.split())) for t, n, s in cb.conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"))

    with Casebook.open(old, key=key) as a, Casebook.open(new, FIXTURE_PASSPHRASE) as b:
        assert schema(a) == schema(b)



# ---------------------------------------------------------------------------- version 6
def test_a_version_5_file_gains_the_sentence_offence_id(tmp_path):
    """Version 6 adds sentences.offence_id (the offence catalogue's id); a version 5 file's sentences
    keep their free-text offence and have no id, and a catalogue id can then be saved."""
    from casebook.services import Services

    path = tmp_path / "v5.casebook"
    conn, key = old_schema.open_at(path, 5, FIXTURE_PASSPHRASE, STAMP)
    conn.execute("INSERT INTO clients (id, name, created_at, updated_at) VALUES (1, 'Quentin Marlow', ?, ?)",
                 (STAMP, STAMP))
    conn.execute("INSERT INTO sentences (id, client_id, sentence_type, sentence_date, offence, "
                 "custodial_term, created_at, updated_at) "
                 "VALUES (1, 1, 'SDS', '2023-05-01', 'GBH with intent', 'P6Y', ?, ?)",
                 (STAMP, STAMP))
    old_schema.close(conn)
    with Casebook.open(path, key=key) as cb:
        assert cb.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 6
        assert "offence_id" in [r[1] for r in cb.conn.execute("PRAGMA table_info(sentences)")]
        svc = Services(cb)
        [s] = svc.clients.sentences(1)
        assert (s.offence, s.offence_id) == ("GBH with intent", None)
        svc.clients.update_sentence(1, offence_id="oapa1861-s18")
        assert svc.clients.get_sentence(1).offence_id == "oapa1861-s18"
