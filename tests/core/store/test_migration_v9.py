"""Schema version 9 (issue 15): audit entries written before keep a digest of their free text, not a copy;
the log stays append-only."""

from __future__ import annotations

import json

import pytest

from casebook.store import Casebook, migrations
from tests.support import old_schema

PASS = "fixture passphrase"
STAMP = "2025-02-03T10:00:00+00:00"
SECRET = "The client disclosed a relapse in custody and asked us not to tell his family. " * 3


def test_a_version_8_file_loses_the_copies_of_text_in_its_audit_log(tmp_path):
    path = tmp_path / "v8.casebook"
    conn, key = old_schema.open_at(path, 8, PASS, STAMP)
    old = json.dumps({"client_id": 1, "kind": "note", "date": "2025-01-07", "text": SECRET})
    add = "INSERT INTO audit(at, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?)"
    conn.execute(add, (STAMP, "create", "note", 9, old))
    conn.execute(add, (STAMP, "export", "letter", 4, json.dumps({"path": "/home/me/letter.docx"})))
    old_schema.close(conn)
    with Casebook.open(path, key=key) as cb:
        assert cb.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION >= 9
        rows = dict(cb.conn.execute("SELECT action, detail FROM audit").fetchall())
        note = json.loads(rows["create"])
        assert SECRET not in rows["create"] and note["text"].startswith("sha256:")
        assert note["date"] == "2025-01-07" and note["client_id"] == 1  # short facts stay
        assert json.loads(rows["export"]) == {"path": "/home/me/letter.docx"}  # an export's file name stays
        import sqlcipher3

        with pytest.raises(sqlcipher3.dbapi2.DatabaseError, match="append-only"):
            cb.conn.execute("UPDATE audit SET detail = '{}'")
