"""Schema version 8 (issue 14): a version 7 file gains the legal-aid tables and keeps its data."""

from __future__ import annotations

from casebook.store import Casebook, migrations
from tests.support import old_schema

PASS = "fixture passphrase"
STAMP = "2025-02-03T10:00:00+00:00"
V8_TABLES = {"legal_aid", "legal_aid_classes", "prior_authorities", "legal_visits", "time_entries",
             "legal_aid_rates"}


def test_a_version_7_file_gains_the_legal_aid_tables(tmp_path):
    from casebook.services import Services

    path = tmp_path / "v7.casebook"
    conn, key = old_schema.open_at(path, 7, PASS, STAMP)
    conn.execute("INSERT INTO clients (id, name, created_at, updated_at) VALUES (1, 'Quentin Marlow', ?, ?)",
                 (STAMP, STAMP))
    conn.execute("INSERT INTO matters (id, client_id, type, legal_aid_class, created_at, updated_at) "
                 "VALUES (4, 1, 'parole-review', 'advocacy-assistance-parole', ?, ?)", (STAMP, STAMP))
    conn.execute("INSERT INTO notes (id, client_id, matter_id, kind, date, text, created_at, updated_at) "
                 "VALUES (9, 1, 4, 'legal-visit', '2025-01-07', 'Old visit note', ?, ?)", (STAMP, STAMP))
    old_schema.close(conn)
    with Casebook.open(path, key=key) as cb:
        assert cb.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION >= 8
        names = {r[0] for r in cb.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert names >= V8_TABLES
        svc = Services(cb)
        assert svc.matters.get(4).legal_aid_class == "advocacy-assistance-parole"
        assert svc.notes.get(9).text == "Old visit note"
        svc.legal_aid.set(4, ufn="070125/001")
        svc.legal_aid.open_class(4, "PRIC", "2025-01-07")
        e = svc.time.add(4, "attendance", 61, date="2025-01-07")
        assert svc.time.get(e).minutes == 66
        assert svc.legal_aid.fees_json(4)["scheme"] == "2016"
