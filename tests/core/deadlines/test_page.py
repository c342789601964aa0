"""A page of the open deadlines (issue 15): ``DeadlineService.page`` gives exactly the slice of ``list()``
for the same question, in the same order, with the whole list's length and groups counted in SQL — after
any writes, marks (done, a moved date, a snooze), directions, fixed-term recall release dates and closed
matters — and the same answer from the whole list when the stored deadlines cannot be used."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.errors import BadInput, CasebookError
from casebook.services import Services
from casebook.services.deadlines import DeadlineCounts, _Tally

from .conftest import TODAY
from .test_stored import apply
from .test_stored import book as book  # noqa: F401 - the fixture
from .test_stored import op as stored_op

D = dt.date
WINDOWS = (None, 0, 7, 28, 90)


def reference(s: Services, within, today, include_snoozed, include_closed):
    """The whole list and its groups, from ``list()`` (the reference a page must equal)."""
    every = s.deadlines.list(within_days=within, today=today, include_done=False,
                             include_closed=include_closed, include_snoozed=True)
    tally = _Tally()
    for d in every:
        tally.add(d.days_left, d.snoozed, not d.confirmed, d.due)
    shown = every if include_snoozed else [d for d in every if not d.snoozed]
    return shown, tally.counts(include_snoozed)


def pages_equal_the_list(s: Services, today: dt.date, sizes=(1, 2, 3, 7, 200)) -> None:
    for within in WINDOWS:
        for include_snoozed in (True, False):
            for include_closed in (False, True):
                shown, counts = reference(s, within, today, include_snoozed, include_closed)
                for size in sizes:
                    got = []
                    for offset in range(0, len(shown) + size, size):
                        page = s.deadlines.page(within, today, offset, size, include_snoozed=include_snoozed,
                                                include_closed=include_closed)
                        assert page.total == len(shown), (within, include_snoozed, include_closed)
                        assert page.counts == counts, (within, include_snoozed, include_closed)
                        assert list(page.items) == shown[offset:offset + size], (within, offset, size)
                        got.extend(page.items)
                    assert got == shown
                assert s.deadlines.summary(within, today, include_snoozed=include_snoozed,
                                           include_closed=include_closed) == counts


more = st.one_of(
    stored_op,
    st.tuples(st.just("direction"), st.integers(0, 5), st.integers(-60, 60), st.booleans()),
    st.tuples(st.just("direction-done"), st.integers(0, 5)),
    st.tuples(st.just("ftr"), st.integers(0, 3), st.integers(-60, 20)),
    st.tuples(st.just("mark-again"), st.integers(0, 50),
              st.sampled_from(("done", "override-back", "override-far", "snooze", "reopen", "unsnooze"))),
)


def apply_more(s: Services, step: tuple) -> None:
    conn = s.cb.conn
    kind, *args = step
    if kind == "direction":
        parole = [r[0] for r in conn.execute("SELECT id FROM matters WHERE type = 'parole-review' "
                                             "ORDER BY id")]
        if parole:
            due = TODAY + dt.timedelta(days=args[1])
            party = "the prisoner's representatives" if args[2] else "the Secretary of State"
            s.directions.add(parole[args[0] % len(parole)], "Serve the addendum report", due, party=party)
    elif kind == "direction-done":
        ids = [r[0] for r in conn.execute("SELECT id FROM directions WHERE status = 'open' ORDER BY id")]
        if ids:
            s.directions.done(ids[args[0] % len(ids)])
    elif kind == "ftr":
        clients = [r[0] for r in conn.execute("SELECT id FROM clients ORDER BY id")]
        if clients:
            cid = clients[args[0] % len(clients)]
            s.clients.add_sentence(cid, sentence_type="SDS", sentence_date="2025-01-10", custodial_term="P2Y",
                                   offence="Theft", offence_flags=["SDS40_ELIGIBLE"], recall_type="FTR28",
                                   recall_date=TODAY + dt.timedelta(days=args[1]))
            s.matters.add(cid, "recall-review", title="Fixed-term recall")
    elif kind == "mark-again":
        found = [d for d in s.deadlines.list(include_closed=True) if d.source == "rule"]
        if not found:
            return
        d = found[args[0] % len(found)]
        what = args[1]
        if what == "done" and d.status != "done":
            s.deadlines.mark_done(d.id)
        elif what == "reopen" and d.status == "done" and not d.closed_by:
            s.deadlines.reopen(d.id)
        elif what == "override-back":  # moves it earlier (into the window, or overdue)
            s.deadlines.override(d.id, d.computed_due - dt.timedelta(days=75), "brought forward")
        elif what == "override-far":  # moves it out of the window
            s.deadlines.override(d.id, d.computed_due + dt.timedelta(days=120), "extended by the Board")
        elif what == "snooze":
            s.deadlines.snooze(d.id, TODAY + dt.timedelta(days=9), today=TODAY - dt.timedelta(days=400))
        elif what == "unsnooze":
            s.deadlines.snooze(d.id, None)
    else:
        with contextlib.suppress(CasebookError):  # a write the services refuse (a re-release moved before
            apply(s, step)  # its recall, say) changes nothing


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(more, min_size=1, max_size=10),
       today=st.sampled_from((TODAY, TODAY - dt.timedelta(days=200), TODAY + dt.timedelta(days=30))))
def test_every_page_is_the_slice_of_the_list_after_any_writes_and_marks(book, steps, today):  # noqa: F811
    for step in steps:
        apply_more(book, step)
    pages_equal_the_list(book, today, sizes=(1, 3, 200))


@pytest.fixture
def busy_book(book):  # noqa: F811
    """Deadlines of every kind: rules (marked in every way), directions, a fixed-term recall, a closed
    matter."""
    s = book
    for step in [("add", 0, "paper-decision-negative", -300), ("add", 0, "oral-hearing-held", -20),
                 ("add", 2, "recall", -40), ("add", 1, "ipp-licence-start", -800),
                 ("add", 0, "decision-provisional", 3), ("direction", 0, 5, True),
                 ("direction", 0, -3, False), ("direction", 0, 5, False), ("ftr", 1, -10),
                 ("mark-again", 0, "override-far"),
                 ("mark-again", 1, "override-back"), ("mark-again", 2, "snooze"), ("mark-again", 3, "done"),
                 ("status", 1, "closed")]:
        apply_more(s, step)
    return s


def test_pages_of_every_kind_of_deadline(busy_book):
    s = busy_book
    sources = {d.source for d in s.deadlines.list(within_days=90, today=TODAY, include_done=False)}
    assert sources == {"rule", "direction", "release"}
    assert any(d.overridden for d in s.deadlines.list(include_closed=True, today=TODAY))
    pages_equal_the_list(s, TODAY)


def test_a_page_without_the_stored_deadlines_is_the_slice_of_the_list(busy_book, monkeypatch):
    """A file the stored deadlines cannot answer for (here: every stored answer refused) is answered
    from the whole list: the same pages and counts."""
    from casebook.services import deadlines as mod

    s = busy_book
    expected = [(p.items, p.total, p.counts) for p in
                (s.deadlines.page(w, TODAY, o, 2) for w in WINDOWS for o in (0, 2, 5))]

    def refuse(*_a, **_k):
        raise mod._NoStore

    monkeypatch.setattr(s.deadlines, "_page_stored", refuse)
    s.deadlines._pages.clear()
    got = [(p.items, p.total, p.counts) for p in
           (s.deadlines.page(w, TODAY, o, 2) for w in WINDOWS for o in (0, 2, 5))]
    assert got == expected


def test_clients_out_of_date_on_a_busy_file_are_answered_from_the_whole_list(busy_book, monkeypatch):
    s = busy_book
    mid = s.cb.conn.execute("SELECT min(id) FROM matters WHERE status != 'closed'").fetchone()[0]
    s.deadlines.page(28, TODAY)
    # A write the refresh cannot store (as if another program held the write lock): computed in memory.
    monkeypatch.setattr(s.deadlines, "_store_pending", lambda *a, **k: False)
    s.chronology.add(mid, TODAY - dt.timedelta(days=3), "paper-decision-negative", "No release")
    assert s.cb.conn.execute("SELECT count(*) FROM deadline_cache_dirty").fetchone()[0] == 1
    pages_equal_the_list(s, TODAY, sizes=(2, 200))


def test_counts_are_the_groups_of_this_week(busy_book):
    s = busy_book
    every = s.deadlines.list(within_days=28, today=TODAY, include_done=False)
    c = s.deadlines.summary(28, TODAY)
    assert c.total == len(every) > 0
    assert c.overdue == sum(1 for d in every if d.status == "overdue")
    assert c.due_7 == sum(1 for d in every if 0 <= d.days_left <= 7)
    assert c.due_14 == sum(1 for d in every if 8 <= d.days_left <= 14)
    assert c.due_28 == sum(1 for d in every if 15 <= d.days_left <= 28)
    assert c.later == 0
    assert c.unconfirmed == sum(1 for d in every if not d.confirmed)
    assert c.snoozed == sum(1 for d in every if d.snoozed) > 0
    assert c.earliest_overdue == min(d.due for d in every if d.status == "overdue")
    hidden = s.deadlines.summary(28, TODAY, include_snoozed=False)
    assert hidden.total == c.total - c.snoozed and hidden.snoozed == c.snoozed


def test_an_empty_casebook_has_an_empty_page(svc):
    page = svc.deadlines.page(28, TODAY)
    assert page.items == () and page.total == 0 and page.counts == DeadlineCounts()


def test_a_page_after_the_end_is_empty_and_bad_bounds_are_refused(busy_book):
    s = busy_book
    total = s.deadlines.page(28, TODAY).total
    assert s.deadlines.page(28, TODAY, total, 10).items == ()
    assert s.deadlines.page(28, TODAY, 0, 0).items == ()
    for bad in ({"offset": -1}, {"limit": -1}, {"within_days": -1}):
        with pytest.raises(BadInput):
            s.deadlines.page(**{"within_days": 7, "today": TODAY, **bad})


def test_a_mark_made_after_a_page_is_seen_by_the_next(busy_book):
    s = busy_book
    first = s.deadlines.page(28, TODAY, 0, 1).items[0]
    s.deadlines.mark_done(first.id)
    again = s.deadlines.page(28, TODAY, 0, 200)
    assert first.id not in {d.id for d in again.items}
    pages_equal_the_list(s, TODAY, sizes=(200,))


def test_a_busy_file_and_a_read_only_connection_give_the_same_pages(busy_book, casebook_path):
    from casebook.store import Casebook
    from tests.conftest import PASSPHRASE

    s = busy_book
    mid = s.cb.conn.execute("SELECT min(id) FROM matters WHERE status != 'closed'").fetchone()[0]
    s.chronology.add(mid, TODAY - dt.timedelta(days=30), "paper-decision-negative", "No release")
    other = Casebook.open(casebook_path, PASSPHRASE)
    try:
        other.conn.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        pages_equal_the_list(s, TODAY, sizes=(3, 200))
        other.conn.execute("ROLLBACK")
    finally:
        other.close()
    s.chronology.add(mid, TODAY - dt.timedelta(days=60), "paper-decision-negative", "No release")
    s.cb.conn.execute("PRAGMA query_only = ON")
    try:
        pages_equal_the_list(s, TODAY, sizes=(3, 200))
    finally:
        s.cb.conn.execute("PRAGMA query_only = OFF")
    pages_equal_the_list(s, TODAY, sizes=(3,))  # and once stored
    assert s.cb.conn.execute("SELECT count(*) FROM deadline_cache_dirty").fetchone()[0] == 0
