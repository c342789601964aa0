"""One connection, two threads: the GUI reads and writes while a background job (a letter, an import)
works on the same casebook. A read must not fail because the job is writing, and a write must never
join the job's transaction (to be rolled back with it)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest


def test_a_read_works_while_a_write_statement_is_running_on_the_connection(svc, cb):
    """Reads went through a savepoint, which SQLite refuses while any write statement is still running on
    the connection ("cannot open savepoint - SQL statements in progress"): a letters-tab refresh failed
    in the event loop while a background job was writing. Made deterministic here with an INSERT …
    RETURNING whose rows are not all read (the statement stays running)."""
    cid = svc.clients.add(name="Reader Example", dob=dt.date(1980, 1, 1))
    cb.conn.execute("CREATE TEMP TABLE scratch(x INTEGER)")
    running = cb.conn.execute("INSERT INTO scratch(x) VALUES (1), (2), (3) RETURNING x")
    assert running.fetchone() is not None       # one row read; the statement is still running
    try:
        assert svc.clients.get(cid).name == "Reader Example"
        assert [c.name for c in map(svc.clients.get, svc.clients.ids())] == ["Reader Example"]
    finally:
        running.fetchall()


def test_a_write_from_another_thread_waits_for_the_jobs_transaction_and_survives_its_rollback(svc, cb):
    """A write from the GUI thread while a job's transaction was open became a savepoint inside it, and
    was rolled back with the job: the client the user saved (and was told was saved) was gone."""
    inside, finish = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def job() -> None:
        try:
            with cb.transaction():
                svc.clients.add(name="Job Example", dob=dt.date(1970, 1, 1))
                inside.set()
                finish.wait(10)
                raise RuntimeError("the job fails")
        except RuntimeError:
            pass
        except Exception as exc:  # noqa: BLE001 - any other failure is reported below
            errors.append(exc)

    saved: list[int] = []
    worker = threading.Thread(target=job)
    worker.start()
    assert inside.wait(10)
    gui = threading.Thread(target=lambda: saved.append(svc.clients.add(name="User Example",
                                                                        dob=dt.date(1990, 1, 1))))
    gui.start()
    gui.join(0.3)
    assert gui.is_alive(), "the second write should wait for the open transaction"
    finish.set()
    worker.join(10)
    gui.join(10)
    assert not errors and len(saved) == 1
    names = sorted(svc.clients.get(c).name for c in svc.clients.ids())
    assert names == ["User Example"]      # the user's client kept; the failed job's rolled back


@pytest.mark.parametrize("nested", [False, True])
def test_the_same_thread_may_still_nest_transactions(svc, cb, nested):
    with cb.transaction():
        if nested:
            with cb.transaction():
                svc.clients.add(name="Nested Example", dob=dt.date(1980, 1, 1))
        else:
            svc.clients.add(name="Nested Example", dob=dt.date(1980, 1, 1))
    assert [svc.clients.get(c).name for c in svc.clients.ids()] == ["Nested Example"]


def test_a_job_does_not_write_inside_the_deadline_lists_read_transaction(svc, cb):
    """The deadline list reads in one read transaction (``BEGIN`` … ``COMMIT``) on the shared connection.
    A job's write begun meanwhile became a savepoint inside it, and the list's COMMIT committed the job's
    half-done block: a job that then failed left its first write behind. The job now waits."""
    inserted, finish = threading.Event(), threading.Event()

    def job() -> None:
        try:
            with cb.transaction():
                svc.clients.add(name="Half Done", dob=dt.date(1970, 1, 1))
                inserted.set()
                finish.wait(10)
                raise RuntimeError("the job fails")
        except RuntimeError:
            pass

    worker = threading.Thread(target=job)
    try:
        with svc.deadlines._snapshot():
            worker.start()
            assert not inserted.wait(0.3), "the job's write should wait for the read transaction"
        assert inserted.wait(10)
    finally:
        finish.set()
        worker.join(10)
    assert svc.clients.ids() == []     # the failed job left nothing behind
