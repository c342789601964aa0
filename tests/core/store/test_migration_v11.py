"""Schema version 11 (issue 15): a client's and a matter's chronology are read from one index that holds
every column of an event in (matter, date) order, so they are answered without visiting the events
table (one page per event, scattered over the file, in a casebook written over years). A file of
version 10 gets the index in place of the old one, with its events unchanged."""

from __future__ import annotations

from casebook.services import Services
from casebook.store import Casebook, migrations
from tests.support import old_schema

PASS = "fixture passphrase"
STAMP = "2025-02-03T10:00:00+00:00"


def _plans(conn, sql: str, args) -> str:
    return " | ".join(str(r[3]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", args))


def _event_sql(svc, where: str) -> str:
    return f"SELECT * FROM events WHERE {where} ORDER BY {svc.chronology.spec.order_by}"


def test_the_chronology_is_read_from_the_covering_index(svc):
    cid = svc.clients.add(name="Alan Abbott")
    mid = svc.matters.add(cid, "parole-review", title="Review")
    for day in ("2026-01-05", "2026-01-02", "2026-01-09"):
        svc.chronology.add(mid, day, "note", "text", source="dossier", page="12")
    conn = svc.cb.conn
    for where, args in (("matter_id = ?", (mid,)),
                        ("matter_id IN (SELECT id FROM matters WHERE client_id = ?)", (cid,))):
        plan = _plans(conn, _event_sql(svc, where), args)
        assert "COVERING INDEX events_by_matter" in plan, plan
    # (what the services ask is what was planned above)
    assert [e.date.isoformat() for e in svc.chronology.for_client(cid)] == ["2026-01-02", "2026-01-05",
                                                                           "2026-01-09"]
    assert [e.page for e in svc.chronology.for_matter(mid)] == ["12"] * 3


def test_a_version_10_file_gets_the_index_in_place_of_the_old_one(tmp_path):
    path = tmp_path / "v10.casebook"
    conn, key = old_schema.open_at(path, 10, PASS, STAMP)
    conn.execute("INSERT INTO clients(id, name, created_at, updated_at) VALUES (1, 'Alan Example', ?, ?)",
                 (STAMP, STAMP))
    conn.execute("INSERT INTO matters(id, client_id, type, title, created_at, updated_at) VALUES "
                 "(1, 1, 'parole-review', 'Review', ?, ?)", (STAMP, STAMP))
    for day in ("2026-11-03", "2026-11-02"):
        conn.execute("INSERT INTO events(matter_id, date, type, text, created_at, updated_at) "
                     "VALUES (1, ?, 'note', 'seen', ?, ?)", (day, STAMP, STAMP))
    old_schema.close(conn)
    with Casebook.open(path, key=key) as cb:
        assert cb.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION >= 11
        names = {r[0] for r in cb.conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'events' "
                                               "AND type = 'index'")}
        assert "events_by_matter" in names and "events_matter_date" not in names
        events = Services(cb).chronology.for_client(1)
        assert [(e.date.isoformat(), e.text) for e in events] == [("2026-11-02", "seen"),
                                                                  ("2026-11-03", "seen")]
        assert cb.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
