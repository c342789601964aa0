"""Batch writes (``RecordStore.create_many`` / ``insert_many``, issue 15): many rows per INSERT statement,
with explicit ids, must still give every row its id in order, its audit entry and its search entry,
and save nothing when any row is invalid."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.errors import ValidationError
from casebook.services import audit as audit_mod
from casebook.services.records import MAX_PARAMETERS, ROWS_PER_STATEMENT

DAY = dt.date(2026, 1, 5)


@pytest.fixture
def matter(svc):
    cid = svc.clients.add(name="Ann Example")
    return cid, svc.matters.add(cid, type="parole-review", title="Parole review")


def test_many_statements_ids_in_order_searchable_and_audited(svc, matter):
    _cid, mid = matter
    n = max(ROWS_PER_STATEMENT, MAX_PARAMETERS) + 37  # more rows than any one statement takes
    items = [(mid, {"date": DAY, "type": "note", "text": f"entry n{i:05d} zebrafinch"}) for i in range(n)]
    ids = svc.chronology.create_many(items)
    assert len(ids) == n and ids == sorted(ids) and len(set(ids)) == n
    rows = dict(svc.cb.conn.execute("SELECT id, text FROM events").fetchall())
    assert [rows[i] for i in ids] == [f["text"] for _m, f in items]  # each id is its own item's row
    assert svc.search.count("zebrafinch", cap=10**6) == n
    assert [h.ref_id for h in svc.search.query("n00017", kinds=("event",))] == [ids[17]]
    audited = {e.entity_id: e.detail for e in svc.audit.entries("event", limit=10 * n)}
    assert set(audited) == set(ids)
    assert audited[ids[3]]["text"] == audit_mod.digest_text(items[3][1]["text"])
    assert svc.cb.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_mixed_columns_keep_defaults_and_order(svc, matter):
    _cid, mid = matter
    items = []
    for i in range(300):
        fields = {"date": DAY, "type": "note", "text": f"t{i}"}
        if i % 3 == 0:
            fields["source"] = f"bundle p{i}"
        items.append((mid, fields))
    ids = svc.chronology.create_many(items)
    got = {r[0]: (r[1], r[2]) for r in svc.cb.conn.execute("SELECT id, text, source FROM events")}
    assert [got[i] for i in ids] == [(f["text"], f.get("source", "")) for _m, f in items]


def test_ids_follow_the_largest_after_a_delete(svc, matter):
    _cid, mid = matter
    first = svc.chronology.create_many([(mid, {"date": DAY, "type": "note", "text": "a"})] * 3)
    svc.chronology.delete(first[0])  # a gap below the largest id is never reused
    more = svc.chronology.create_many([(mid, {"date": DAY, "type": "note", "text": "b"})] * 2)
    assert more == [first[-1] + 1, first[-1] + 2]
    assert svc.chronology.get(more[0]).text == "b"


def test_one_bad_row_saves_nothing(svc, matter):
    _cid, mid = matter
    before = svc.cb.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    items = [(mid, {"date": DAY, "type": "note", "text": f"x{i}"}) for i in range(400)]
    items[250] = (mid, {"date": "not a date", "type": "note", "text": "bad"})
    with pytest.raises(ValidationError) as exc:
        svc.chronology.create_many(items)
    assert "250: date" in exc.value.errors
    assert svc.cb.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert svc.cb.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == before


def test_a_failing_statement_rolls_back_the_whole_batch(svc, matter):
    _cid, mid = matter
    rows = [{"matter_id": mid, "date": DAY, "type": "note", "text": "fine"}] * 200
    rows.append({"matter_id": 10**9, "date": DAY, "type": "note", "text": "no such matter"})  # FK fails
    with pytest.raises(Exception):  # noqa: B017 (the database's own constraint error)
        svc.chronology.insert_many(rows)
    assert svc.cb.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert svc.search.count("fine") == 0


# ---------------------------------------------------------------------------- the audit detail's fast path
def _reference(detail: dict, action: str) -> str:
    record = action in audit_mod.RECORD_ACTIONS
    value = audit_mod.digest_value if record else (lambda _k, v: audit_mod.to_db(v))
    return json.dumps({k: value(k, v) for k, v in detail.items()}, sort_keys=True, default=str)


_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=90),
    st.just("sha256:" + "0" * 64), st.dates(),
    st.lists(st.one_of(st.none(), st.text(max_size=80), st.integers()), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(detail=st.dictionaries(st.sampled_from(["text", "body", "date", "name", "kind", "tags", "x"]),
                              _values, max_size=6),
       action=st.sampled_from(["create", "update", "delete", "export", "backup"]))
def test_audit_detail_is_the_general_path(detail, action):
    assert audit_mod.audit_detail(detail, action) == _reference(detail, action)


def test_an_autoincrement_sequence_is_never_reused(svc, matter):
    _cid, mid = matter
    conn = svc.cb.conn
    with svc.cb.transaction():  # brings sqlite_sequence into being, as an AUTOINCREMENT table would
        conn.execute("CREATE TABLE t_seq (id INTEGER PRIMARY KEY AUTOINCREMENT)")
        conn.execute("INSERT INTO sqlite_sequence(name, seq) VALUES ('events', 1000)")
    ids = svc.chronology.create_many([(mid, {"date": DAY, "type": "note", "text": "a"})] * 2)
    assert ids == [1001, 1002]
