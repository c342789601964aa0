"""Schema version 10 (issue 15): the computed deadlines are kept (derived data); a file of version 9 gets
the tables and triggers, every client marked out of date, and its first list stores what a fresh
computation gives."""

from __future__ import annotations

import datetime as dt

from casebook.services import Services
from casebook.store import Casebook, migrations
from tests.support import old_schema

PASS = "fixture passphrase"
STAMP = "2025-02-03T10:00:00+00:00"
TODAY = dt.date(2026, 11, 26)


def test_a_version_9_file_gets_the_stored_deadlines_all_out_of_date(tmp_path):
    path = tmp_path / "v9.casebook"
    conn, key = old_schema.open_at(path, 9, PASS, STAMP)
    for cid, name in ((1, "Alan Example"), (2, "Bella Sample")):
        conn.execute("INSERT INTO clients(id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
                     (cid, name, STAMP, STAMP))
    conn.execute("INSERT INTO sentences(client_id, sentence_type, sentence_date, minimum_term, created_at, "
                 "updated_at) VALUES (1, 'LIFE', '2010-05-04', 'P12Y', ?, ?)", (STAMP, STAMP))
    conn.execute("INSERT INTO matters(id, client_id, type, title, created_at, updated_at) VALUES "
                 "(1, 1, 'parole-review', 'Review', ?, ?), (2, 2, 'recall-review', 'Recall', ?, ?)",
                 (STAMP,) * 4)
    events = ((1, "2026-11-02", "paper-decision-negative"), (2, "2026-11-20", "oral-hearing-held"),
              (1, "2026-11-03", "note"))
    for mid, day, etype in events:
        conn.execute("INSERT INTO events(matter_id, date, type, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?)", (mid, day, etype, STAMP, STAMP))
    old_schema.close(conn)
    with Casebook.open(path, key=key) as cb:
        assert cb.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION >= 10
        assert {r[0] for r in cb.conn.execute("SELECT client_id FROM deadline_cache_dirty")} == {1, 2}
        fingerprint = cb.conn.execute("SELECT value FROM deadline_cache_meta WHERE key = 'fingerprint'")
        assert fingerprint.fetchone() == ("",)
        s = Services(cb)
        got = s.deadlines._list(None, None, TODAY, False, True, True)
        assert len(got) == 3 and {d.client_name for d in got} == {"Alan Example", "Bella Sample"}
        assert got == s.deadlines._list_fresh(None, None, TODAY, False, True, True)
        assert cb.conn.execute("SELECT count(*) FROM deadline_cache_dirty").fetchone()[0] == 0
        assert cb.conn.execute("SELECT count(*) FROM deadline_cache").fetchone()[0] == 3
        # An event that starts a deadline marks its client; one that does not, nobody.
        cb.conn.execute("INSERT INTO events(matter_id, date, type, created_at, updated_at) "
                        "VALUES (2, '2026-11-21', 'note', '', '')")
        assert cb.conn.execute("SELECT count(*) FROM deadline_cache_dirty").fetchone()[0] == 0
        cb.conn.execute("INSERT INTO events(matter_id, date, type, created_at, updated_at) "
                        "VALUES (2, '2026-11-21', 'decision-final', '', '')")
        assert [r[0] for r in cb.conn.execute("SELECT client_id FROM deadline_cache_dirty")] == [2]
