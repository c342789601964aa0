"""A casebook file at an older schema version, made as that version of Casebook made it, for the migration
tests: keyed with SQLCipher's defaults (pages authenticated by HMAC-SHA512, as every casebook before issue
15's page-format change), migrated only up to ``version``, inside an open transaction that has written its
``meta`` row. The caller writes its rows with plain SQL, then :func:`close`\\ s it."""

from __future__ import annotations

from pathlib import Path

from casebook.store import keys, migrations
from casebook.store.casebook import _configure, _connect

STAMP = "2025-02-03T10:00:00+00:00"


def open_at(path: Path, version: int, passphrase: str, stamp: str = STAMP):
    """``(conn, key)``: a new file at ``path`` at schema ``version``, in a transaction."""
    salt = keys.new_salt()
    key = keys.derive_key(passphrase, salt)
    path.open("xb").close()
    conn = _connect(path)
    conn.execute(f"PRAGMA key = {keys.key_pragma_value(key, salt)}")
    _configure(conn)
    assert migrations.migrate(conn, upto=version) == list(range(1, version + 1))
    conn.execute("BEGIN")
    conn.execute("INSERT INTO meta(key, value) VALUES ('created_at', ?), ('kdf', 'test')", (stamp,))
    return conn, key


def close(conn) -> None:
    """Commit and close, leaving the one file (no ``-wal``), as a copied old casebook would be."""
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
