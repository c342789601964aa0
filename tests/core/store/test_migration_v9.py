"""Schema version 9 (issue 15): audit entries written before keep a digest of their free text, not a copy;
the log stays append-only."""

from __future__ import annotations

import json

import pytest

from casebook.store import Casebook, migrations

PASS = "fixture passphrase"
STAMP = "2025-02-03T10:00:00+00:00"
SECRET = "The client disclosed a relapse in custody and asked us not to tell his family. " * 3


def test_a_version_8_file_loses_the_copies_of_text_in_its_audit_log(tmp_path):
    from casebook.store import keys
    from casebook.store.casebook import _configure, _connect

    path = tmp_path / "v8.casebook"
    salt = keys.new_salt()
    key = keys.derive_key(PASS, salt)
    path.open("xb").close()
    conn = _connect(path)
    conn.execute(f"PRAGMA key = {keys.key_pragma_value(key, salt)}")
    _configure(conn)
    assert migrations.migrate(conn, upto=8) == [1, 2, 3, 4, 5, 6, 7, 8]
    conn.execute("BEGIN")
    conn.execute("INSERT INTO meta(key, value) VALUES ('created_at', ?), ('kdf', 'test')", (STAMP,))
    old = json.dumps({"client_id": 1, "kind": "note", "date": "2025-01-07", "text": SECRET})
    add = "INSERT INTO audit(at, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?)"
    conn.execute(add, (STAMP, "create", "note", 9, old))
    conn.execute(add, (STAMP, "export", "letter", 4, json.dumps({"path": "/home/me/letter.docx"})))
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
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
