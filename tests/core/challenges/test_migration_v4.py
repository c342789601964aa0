"""Schema version 4: a challenge's step names the chronology event it created. Files of versions 1 and 3
gain the column; a version 3 file's steps are matched to their events by type and date, as before."""

from __future__ import annotations

import shutil
from pathlib import Path

from casebook.store import Casebook, migrations
from tests.support import old_schema

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"
FIXTURE_PASSPHRASE = "fixture passphrase"
STAMP = "2026-02-03T10:00:00+00:00"


def _file_at(path: Path, version: int, rows: list[tuple[str, dict]]) -> bytes:
    """A casebook at schema ``version`` holding ``rows`` (table, row) written with plain SQL, as that
    version of Casebook would have; returns its key."""
    conn, key = old_schema.open_at(path, version, FIXTURE_PASSPHRASE, STAMP)
    for table, r in rows:
        r = {**r, "created_at": STAMP, "updated_at": STAMP}
        conn.execute(f"INSERT INTO {table} ({', '.join(r)}) VALUES ({', '.join('?' * len(r))})",
                     list(r.values()))
    old_schema.close(conn)
    return key


def _columns(conn, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def test_a_version_1_file_gains_the_step_event_column(tmp_path):
    path = tmp_path / "v1.casebook"
    shutil.copy(FIXTURES / "casebook-v1.casebook", path)
    with Casebook.open(path, FIXTURE_PASSPHRASE) as cb:
        assert migrations.schema_version(cb.conn) == migrations.SCHEMA_VERSION >= 4
        assert "event_id" in _columns(cb.conn, "challenge_steps")
        assert cb.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 2
        assert cb.conn.execute("PRAGMA foreign_key_check").fetchall() == []


V3_ROWS = [
    ("clients", {"id": 1, "name": "Ambrose Kettlewell"}),
    ("matters", {"id": 2, "client_id": 1, "type": "parole-review", "title": "Review"}),
    # challenge 5's events: two correction requests on different days, a COMP1 on the first day, and an
    # event of the same type and date belonging to challenge 6
    ("events", {"id": 10, "matter_id": 2, "date": "2026-01-05", "type": "assessment-correction-requested"}),
    ("events", {"id": 11, "matter_id": 2, "date": "2026-01-05", "type": "comp1-submitted"}),
    ("events", {"id": 12, "matter_id": 2, "date": "2026-02-01", "type": "assessment-correction-requested"}),
    ("events", {"id": 13, "matter_id": 2, "date": "2026-01-05", "type": "assessment-correction-requested"}),
    ("challenges", {"id": 5, "matter_id": 2, "assertion": "He denies", "ground": "denial-as-risk"}),
    ("challenges", {"id": 6, "matter_id": 2, "assertion": "He refused work", "ground": "factual-error"}),
    ("challenge_events", {"challenge_id": 5, "event_id": 10}),
    ("challenge_events", {"challenge_id": 5, "event_id": 11}),
    ("challenge_events", {"challenge_id": 5, "event_id": 12}),
    ("challenge_events", {"challenge_id": 6, "event_id": 13}),
    ("challenge_steps", {"id": 20, "challenge_id": 5, "step": "correction-request", "date": "2026-02-01"}),
    ("challenge_steps", {"id": 21, "challenge_id": 5, "step": "comp1", "date": "2026-01-05"}),
    ("challenge_steps", {"id": 22, "challenge_id": 5, "step": "correction-request", "date": "2026-01-05"}),
    ("challenge_steps", {"id": 23, "challenge_id": 6, "step": "correction-request", "date": "2026-01-05"}),
    # a step whose event was deleted, and one of a type the challenge has no event of
    ("challenge_steps", {"id": 24, "challenge_id": 6, "step": "ppo", "date": "2026-01-05"}),
]


def test_a_version_3_files_steps_are_matched_to_their_own_events(tmp_path):
    path = tmp_path / "v3.casebook"
    key = _file_at(path, 3, V3_ROWS)
    with Casebook.open(path, key=key) as cb:
        conn = cb.conn
        assert migrations.schema_version(conn) == migrations.SCHEMA_VERSION >= 4
        got = dict(conn.execute("SELECT id, event_id FROM challenge_steps").fetchall())
        assert got == {20: 12, 21: 11, 22: 10, 23: 13, 24: None}
        for table in ("events", "challenges", "challenge_events", "challenge_steps"):
            expected = sum(1 for t, _ in V3_ROWS if t == table)
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == expected
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # deleting the event leaves the step, without its event
        conn.execute("DELETE FROM events WHERE id = 12")
        assert conn.execute("SELECT event_id FROM challenge_steps WHERE id = 20").fetchone() == (None,)


def test_a_migrated_step_reads_its_event_and_deadlines_through_the_service(tmp_path):
    from casebook.services import Services

    path = tmp_path / "v3.casebook"
    key = _file_at(path, 3, V3_ROWS)
    with Casebook.open(path, key=key) as cb:
        svc = Services(cb)
        views = svc.challenges.steps_of(5)
        assert [(v.step.id, v.event_id) for v in views] == [(21, 11), (22, 10), (20, 12)]
        assert all(d.event_id == v.event_id for v in views for d in v.deadlines)
        assert [v.event_id for v in svc.challenges.steps_of(6)] == [13, None]


def test_a_new_step_stores_the_event_it_created(svc):
    cid = svc.clients.add(name="Bertram Oakes")
    mid = svc.matters.add(cid, "parole-review")
    xid = svc.challenges.add(mid, assertion="He never engaged", source="OASys", ground="factual-error")
    # an event of the same type and date that is not the step's: the step still names its own
    other = svc.chronology.add(mid, "2026-11-02", "comp1-submitted", text="Another complaint")
    sid = svc.challenges.step(xid, "comp1", "2026-11-02")
    stored = svc.cb.conn.execute("SELECT event_id FROM challenge_steps WHERE id = ?", (sid,)).fetchone()[0]
    assert stored is not None and stored != other
    assert svc.challenges.events_of(xid) == [stored]
    [view] = svc.challenges.steps_of(xid)
    assert view.event_id == stored and view.step.event_id == stored
