"""The stored deadlines (schema v10, issue 15): whatever is written, by whom, the list answered from the
stored rows is the list computed afresh from the chronology — and a busy or read-only file never makes
a list fail."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.deadlines import default_rules
from casebook.errors import BadInput, ValidationError
from casebook.services import Services
from casebook.services.deadlines import DeadlineService
from casebook.store import Casebook
from tests.conftest import PASSPHRASE

from .conftest import TODAY

D = dt.date
#: Event types the rules start, close, restart or suspend deadlines with, and two they ignore.
TYPES = ("paper-decision-negative", "oral-hearing-held", "decision-final", "decision-provisional",
         "referral", "hearing-listed", "ipp-licence-start", "recall", "re-release", "comp1-submitted",
         "comp1-reply", "tariff-expiry", "next-review-date", "staff-decision", "note", "letter-sent")
SENTENCES = ("LIFE", "IPP", "SDS", "EDS", "DPP")
MATTERS = ("parole-review", "recall-review", "ipp-licence-termination", "complaint", "adjudication")
QUESTIONS = (  # matter_id, within_days, include_closed, include_done, include_snoozed
    (None, None, False, True, True),
    (None, 7, False, True, True),
    (None, None, True, True, True),
    (None, None, False, False, False),
    (None, 30, True, False, True),
)


def same_as_fresh(s: Services, today: dt.date = TODAY) -> None:
    """Every question gives what a fresh computation gives (and nothing is left to recompute)."""
    d = s.deadlines
    matters = [r[0] for r in s.cb.conn.execute("SELECT id FROM matters ORDER BY id")]
    questions = list(QUESTIONS) + [(m, w, False, True, True) for m in matters[:3] for w in (None, 7)]
    for q in questions:
        stored = d._list(q[0], q[1], today, *q[2:])
        fresh = d._list_fresh(q[0], q[1], today, *q[2:])
        assert stored == fresh, q
    assert d.verify_stored() == []


def dirty(s: Services) -> set[int]:
    return {r[0] for r in s.cb.conn.execute("SELECT client_id FROM deadline_cache_dirty")}


@pytest.fixture
def book(svc):
    a = svc.clients.add(name="Alan Example", prison_number="A1234BC")
    b = svc.clients.add(name="Bella Sample", prison_number="B2345CD")
    svc.clients.add_sentence(a, sentence_type="LIFE", sentence_date="2010-05-04", minimum_term="P12Y")
    svc.matters.add(a, "parole-review", title="Review")
    svc.matters.add(a, "ipp-licence-termination", title="Licence")
    svc.matters.add(b, "recall-review", title="Recall")
    return svc


op = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 5), st.sampled_from(TYPES), st.integers(-900, 120)),
    st.tuples(st.just("move-date"), st.integers(0, 50), st.integers(-900, 120)),
    st.tuples(st.just("retype"), st.integers(0, 50), st.sampled_from(TYPES)),
    st.tuples(st.just("to-matter"), st.integers(0, 50), st.integers(0, 5)),
    st.tuples(st.just("delete-event"), st.integers(0, 50)),
    st.tuples(st.just("sentence"), st.integers(0, 3), st.sampled_from(SENTENCES)),
    st.tuples(st.just("sentence-type"), st.integers(0, 5), st.sampled_from(SENTENCES)),
    st.tuples(st.just("drop-sentence"), st.integers(0, 5)),
    st.tuples(st.just("status"), st.integers(0, 5), st.sampled_from(("open", "closed"))),
    st.tuples(st.just("matter-type"), st.integers(0, 5), st.sampled_from(MATTERS)),
    st.tuples(st.just("rename"), st.integers(0, 5)),
    st.tuples(st.just("new-matter"), st.integers(0, 3), st.sampled_from(MATTERS)),
    st.tuples(st.just("new-client"), st.integers(0, 1)),
    st.tuples(st.just("delete-matter"), st.integers(0, 5)),
    st.tuples(st.just("delete-client"), st.integers(0, 3)),
    st.tuples(st.just("roll"), st.booleans()),
    st.tuples(st.just("holiday"), st.integers(-400, 60)),
    st.tuples(st.just("commence"), st.sampled_from((None, "2024-06-01", "2026-09-01"))),
    st.tuples(st.just("mark"), st.integers(0, 50), st.sampled_from(("done", "override", "snooze"))),
)


def pick(rows: list, i: int):
    return rows[i % len(rows)] if rows else None


def apply(s: Services, step: tuple) -> None:
    """One write, through the services or (as another program would) straight to the file."""
    conn = s.cb.conn
    events = [r[0] for r in conn.execute("SELECT id FROM events ORDER BY id")]
    matters = [r[0] for r in conn.execute("SELECT id FROM matters ORDER BY id")]
    clients = [r[0] for r in conn.execute("SELECT id FROM clients ORDER BY id")]
    sentences = [r[0] for r in conn.execute("SELECT id FROM sentences ORDER BY id")]
    kind, *args = step

    def sql(text: str, params=()) -> None:
        with s.cb.transaction():
            conn.execute(text, params)

    if kind == "add" and matters:
        day = (TODAY + dt.timedelta(days=args[2])).isoformat()
        sql("INSERT INTO events(matter_id, date, type, created_at, updated_at) VALUES (?, ?, ?, '', '')",
            (pick(matters, args[0]), day, args[1]))
    elif kind == "move-date" and events:
        s.chronology.update(pick(events, args[0]), date=TODAY + dt.timedelta(days=args[1]))
    elif kind == "retype" and events:
        sql("UPDATE events SET type = ? WHERE id = ?", (args[1], pick(events, args[0])))
    elif kind == "to-matter" and events:
        sql("UPDATE events SET matter_id = ? WHERE id = ?", (pick(matters, args[1]), pick(events, args[0])))
    elif kind == "delete-event" and events:
        s.chronology.delete(pick(events, args[0]))
    elif kind == "sentence" and clients:
        sql("INSERT INTO sentences(client_id, sentence_type, sentence_date, created_at, updated_at) "
            "VALUES (?, ?, '2015-03-02', '', '')", (pick(clients, args[0]), args[1]))
    elif kind == "sentence-type" and sentences:
        sql("UPDATE sentences SET sentence_type = ? WHERE id = ?", (args[1], pick(sentences, args[0])))
    elif kind == "drop-sentence" and sentences:
        s.clients.delete_sentence(pick(sentences, args[0]))
    elif kind == "status" and matters:
        s.matters.update(pick(matters, args[0]), status=args[1])
    elif kind == "matter-type" and matters:
        sql("UPDATE matters SET type = ? WHERE id = ?", (args[1], pick(matters, args[0])))
    elif kind == "rename" and matters:
        mid = pick(matters, args[0])
        s.matters.update(mid, title=f"Renamed {mid}")
        cid = conn.execute("SELECT client_id FROM matters WHERE id = ?", (mid,)).fetchone()[0]
        s.clients.update(cid, name=f"Client {mid}")
    elif kind == "new-matter" and clients:
        s.matters.add(pick(clients, args[0]), args[1], title="Another")
    elif kind == "new-client":
        cid = s.clients.add(name="Cara Third")
        s.matters.add(cid, "parole-review", title="Review")
    elif kind == "delete-matter" and matters:
        s.matters.delete(pick(matters, args[0]))
    elif kind == "delete-client" and len(clients) > 1:
        s.clients.delete(pick(clients, args[0]))
    elif kind == "roll":
        s.deadlines.set_calendar_settings(roll_non_working=args[0])
    elif kind == "holiday":
        s.deadlines.set_calendar_settings(extra_non_working=[TODAY + dt.timedelta(days=args[0])])
    elif kind == "commence":
        s.deadlines.set_commencement("sa2026-s42", args[0])
    elif kind == "mark":
        found = [d for d in s.deadlines.list(include_closed=True)
                 if d.source == "rule" and d.status != "done"]
        d = pick(found, args[0])
        if d is not None:
            if args[1] == "done":
                s.deadlines.mark_done(d.id)
            elif args[1] == "override":
                s.deadlines.override(d.id, d.due + dt.timedelta(days=40), "extended by the Board")
            else:
                s.deadlines.snooze(d.id, TODAY + dt.timedelta(days=3), today=TODAY)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(op, min_size=1, max_size=8), look_every=st.booleans(),
       today=st.sampled_from((TODAY, TODAY - dt.timedelta(days=200), TODAY + dt.timedelta(days=30))))
def test_the_stored_list_is_the_fresh_list_after_any_writes(book, steps, look_every, today):
    # The casebook carries over from one example to the next: every state reached must agree.
    for step in steps:
        try:
            apply(book, step)
        except (ValidationError, BadInput):
            pass  # a write the services refuse (a re-release moved before its recall): nothing was saved
        if look_every:  # stored, then changed again: only the dirty clients are recomputed
            book.deadlines.list(include_closed=True, today=today)
    same_as_fresh(book, today)
    assert dirty(book) == set()


def test_a_write_dirties_only_its_client_and_an_unrelated_event_nothing(book):
    s = book
    a, b = [r[0] for r in s.cb.conn.execute("SELECT id FROM clients ORDER BY id")]
    parole = s.cb.conn.execute("SELECT id FROM matters WHERE client_id = ? ORDER BY id", (a,)).fetchone()[0]
    s.deadlines.list()
    assert dirty(s) == set()
    s.chronology.add(parole, "2026-11-02", "note", "A note changes no deadline")
    assert dirty(s) == set()
    eid = s.chronology.add(parole, "2026-11-02", "paper-decision-negative", "MCA: no release")
    assert dirty(s) == {a}
    got = s.deadlines.list(today=TODAY)
    assert dirty(s) == set() and any(d.event_id == eid for d in got)
    s.chronology.update(eid, text="Only the text changed")
    assert dirty(s) == set()
    s.chronology.update(eid, date="2026-11-05")
    assert dirty(s) == {a}
    same_as_fresh(s)
    assert b not in dirty(s)


def test_a_write_by_another_connection_is_seen(book, casebook_path):
    s = book
    parole = s.cb.conn.execute("SELECT min(id) FROM matters").fetchone()[0]
    before = s.deadlines.list(today=TODAY)
    other = Casebook.open(casebook_path, PASSPHRASE)  # another program on the same file (the CLI)
    try:
        eid = Services(other).chronology.add(parole, "2026-11-20", "paper-decision-negative", "MCA")
    finally:
        other.close()
    after = s.deadlines.list(today=TODAY)
    assert after != before and any(d.event_id == eid for d in after)
    same_as_fresh(s)


def test_a_change_of_rules_recomputes_everything(book):
    s = book
    parole = s.cb.conn.execute("SELECT min(id) FROM matters").fetchone()[0]
    s.chronology.add(parole, "2026-11-02", "paper-decision-negative", "MCA: no release")
    usual = s.deadlines.list(today=TODAY)
    rules = default_rules()
    longer = dataclasses.replace(rules, rules=tuple(
        dataclasses.replace(r, offset=r.offset + 7) if r.trigger == "paper-decision-negative" else r
        for r in rules.rules))
    other = DeadlineService(s.cb, s.audit, longer)
    changed = other.list(today=TODAY)
    assert changed == other._list_fresh(None, None, TODAY, False, True, True)
    assert {d.id: d.due for d in changed} != {d.id: d.due for d in usual}
    assert all(d.due - dt.timedelta(days=7) == u.due for d, u in zip(changed, usual, strict=True))
    # and back: the usual rules' fingerprint differs from what is stored now
    assert s.deadlines._list(None, None, TODAY, False, True, True) == usual
    same_as_fresh(s)


def test_a_busy_file_is_answered_in_memory_and_stored_later(book, casebook_path):
    s = book
    parole = s.cb.conn.execute("SELECT min(id) FROM matters").fetchone()[0]
    s.deadlines.list(today=TODAY)
    eid = s.chronology.add(parole, "2026-11-20", "paper-decision-negative", "MCA")
    assert dirty(s)
    other = Casebook.open(casebook_path, PASSPHRASE)
    try:
        other.conn.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        got = s.deadlines._list(None, None, TODAY, False, True, True)
        assert any(d.event_id == eid for d in got)
        assert got == s.deadlines._list_fresh(None, None, TODAY, False, True, True)
        assert dirty(s)  # nothing was stored
        other.conn.execute("UPDATE deadline_cache_meta SET value = 'stale' WHERE key = 'fingerprint'")
        other.conn.execute("COMMIT")
        other.conn.execute("BEGIN IMMEDIATE")  # busy, and everything out of date: computed afresh
        assert s.deadlines._list(None, 7, TODAY, False, True, True) == s.deadlines._list_fresh(
            None, 7, TODAY, False, True, True)
        other.conn.execute("ROLLBACK")
    finally:
        other.close()
    same_as_fresh(s)
    assert dirty(s) == set()


def test_a_read_only_connection_computes_without_storing(book):
    s = book
    parole = s.cb.conn.execute("SELECT min(id) FROM matters").fetchone()[0]
    s.chronology.add(parole, "2026-11-20", "paper-decision-negative", "MCA")
    s.cb.conn.execute("PRAGMA query_only = ON")
    try:
        for q in QUESTIONS:
            assert s.deadlines._list(q[0], q[1], TODAY, *q[2:]) == s.deadlines._list_fresh(
                q[0], q[1], TODAY, *q[2:])
        assert dirty(s)
    finally:
        s.cb.conn.execute("PRAGMA query_only = OFF")


def test_a_list_inside_a_transaction_stores_nothing_and_agrees(book):
    s = book
    parole = s.cb.conn.execute("SELECT min(id) FROM matters").fetchone()[0]
    with s.cb.transaction():
        s.cb.conn.execute("INSERT INTO events(matter_id, date, type, created_at, updated_at) "
                          "VALUES (?, '2026-11-20', 'paper-decision-negative', '', '')", (parole,))
        assert s.deadlines._list(None, None, TODAY, False, True, True) == s.deadlines._list_fresh(
            None, None, TODAY, False, True, True)
    same_as_fresh(s)


def test_the_deep_check_finds_a_tampered_row(book):
    s = book
    parole = s.cb.conn.execute("SELECT min(id) FROM matters").fetchone()[0]
    s.chronology.add(parole, "2026-11-02", "paper-decision-negative", "MCA: no release")
    s.deadlines.list(today=TODAY)
    assert s.deadlines.verify_stored() == []
    with s.cb.transaction():
        s.cb.conn.execute("UPDATE deadline_cache SET trigger_date = '2030-01-01'")
    assert s.deadlines.verify_stored()
    s.deadlines.invalidate_stored()
    same_as_fresh(s)


def test_the_stored_rows_are_not_audited_or_searched(book):
    s = book
    parole = s.cb.conn.execute("SELECT min(id) FROM matters").fetchone()[0]
    s.chronology.add(parole, "2026-11-02", "paper-decision-negative", "MCA: no release")
    audited = s.cb.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    s.deadlines.list(today=TODAY)
    assert s.cb.conn.execute("SELECT count(*) FROM deadline_cache").fetchone()[0] > 0
    assert s.cb.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == audited
    searched = s.cb.conn.execute("SELECT count(*) FROM search_index WHERE kind LIKE 'deadline%'")
    assert not searched.fetchone()[0]


WRITES = {  # what another program might write, straight to the file: each changes a deadline's input
    "event added": "INSERT INTO events(matter_id, date, type, created_at, updated_at) "
                   "VALUES (:m, '2026-11-02', 'paper-decision-negative', '', '')",
    "event re-dated": "UPDATE events SET date = '2026-10-01' WHERE id = :e",
    "event re-typed": "UPDATE events SET type = 'oral-hearing-held' WHERE id = :e",
    "event re-typed to one no rule reads": "UPDATE events SET type = 'note' WHERE id = :e",
    "event deleted": "DELETE FROM events WHERE id = :e",
    "matter re-typed": "UPDATE matters SET type = 'recall-review' WHERE id = :m",
    "matter closed": "UPDATE matters SET status = 'closed' WHERE id = :m",
    "matter renamed": "UPDATE matters SET title = 'Another title' WHERE id = :m",
    "matter deleted": "DELETE FROM matters WHERE id = :m",
    "client renamed": "UPDATE clients SET name = 'Another Name' WHERE id = :c",
    "client deleted": "DELETE FROM clients WHERE id = :c",
    "sentence added": "INSERT INTO sentences(client_id, sentence_type, sentence_date, created_at, "
                      "updated_at) VALUES (:c, 'SDS', '2015-01-01', '', '')",
    "sentence re-typed": "UPDATE sentences SET sentence_type = 'SDS' WHERE client_id = :c",
    "sentence deleted": "DELETE FROM sentences WHERE client_id = :c",
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_every_write_the_computation_reads_marks_its_client_out_of_date(book, write):
    s = book
    conn = s.cb.conn
    c, m = conn.execute("SELECT client_id, id FROM matters ORDER BY id").fetchone()
    e = s.chronology.add(m, "2026-11-02", "paper-decision-negative", "MCA: no release")
    s.deadlines.list(today=TODAY)
    assert dirty(s) == set()
    with s.cb.transaction():
        conn.execute(WRITES[write], {"c": c, "m": m, "e": e})
    assert dirty(s) == {c}
    same_as_fresh(s)


def test_writes_no_deadline_reads_mark_nothing(book):
    s = book
    conn = s.cb.conn
    c, m = conn.execute("SELECT client_id, id FROM matters ORDER BY id").fetchone()
    e = s.chronology.add(m, "2026-11-02", "paper-decision-negative", "MCA: no release")
    s.deadlines.list(today=TODAY)
    with s.cb.transaction():
        conn.execute("UPDATE events SET text = 'changed', source = 'x' WHERE id = ?", (e,))
        conn.execute("UPDATE events SET date = date, type = type WHERE id = ?", (e,))  # the same values
        conn.execute("INSERT INTO events(matter_id, date, type, created_at, updated_at) "
                     "VALUES (?, '2026-11-02', 'note', '', '')", (m,))
        conn.execute("UPDATE clients SET prison = 'HMP Ford' WHERE id = ?", (c,))
        conn.execute("UPDATE matters SET reference = 'R1' WHERE id = ?", (m,))
        conn.execute("UPDATE sentences SET notes = 'n' WHERE client_id = ?", (c,))
    assert dirty(s) == set()
    same_as_fresh(s)


def test_a_connection_held_elsewhere_is_not_waited_for(book):
    import threading

    s = book
    parole = s.cb.conn.execute("SELECT min(id) FROM matters").fetchone()[0]
    eid = s.chronology.add(parole, "2026-11-20", "paper-decision-negative", "MCA")
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with s.cb.lock:  # e.g. a change of passphrase in progress
            held.set()
            release.wait(10)

    worker = threading.Thread(target=hold)
    worker.start()
    try:
        held.wait(10)
        got = s.deadlines._list(None, None, TODAY, False, True, True)
        assert any(d.event_id == eid for d in got) and dirty(s)  # answered, nothing stored
    finally:
        release.set()
        worker.join()
    assert got == s.deadlines._list_fresh(None, None, TODAY, False, True, True)
    same_as_fresh(s)


def test_a_stored_deadline_has_exactly_the_fields_of_one_built_afresh(book):
    s = book
    parole = s.cb.conn.execute("SELECT min(id) FROM matters").fetchone()[0]
    e = s.chronology.add(parole, "2026-11-02", "paper-decision-negative", "MCA: no release")
    s.chronology.add(parole, "2026-11-10", "decision-final", "closes some")
    s.deadlines.override(f"{e}:pbr2019-r28-reconsideration-paper", "2026-12-25", "extended")
    s.deadlines.mark_done(f"{e}:pbr2019-r20-oral-hearing-application")
    stored = s.deadlines.list(today=TODAY)
    fresh = s.deadlines._list_fresh(None, None, TODAY, False, True, True)
    names = {f.name for f in dataclasses.fields(stored[0])}
    assert stored == fresh and len(stored) > 2
    assert all(set(vars(d)) == names for d in stored)
    assert [d.as_json() for d in stored] == [d.as_json() for d in fresh]
    assert {d.status for d in stored} >= {"done", "open"} and any(d.overridden for d in stored)
