"""Forward-only migrations: applied in order, atomically, and refused for newer files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casebook.store import Casebook, migrations
from casebook.store.migrations import SCHEMA_VERSION

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


def test_a_new_migration_is_applied_to_an_old_file(tmp_path, monkeypatch):
    path = tmp_path / "v1.casebook"
    shutil.copy(FIXTURES / "casebook-v1.casebook", path)
    step = "ALTER TABLE clients ADD COLUMN nickname TEXT;\nCREATE INDEX clients_nickname ON clients(nickname);"
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
