"""'One file means one file': the .casebook alone holds every committed change, so copying it while the
app is open, or losing its -wal after a crash, loses nothing committed (issue 15)."""

from __future__ import annotations

import shutil

from casebook.services import Services
from casebook.store import Casebook
from tests.conftest import PASSPHRASE


def test_copy_of_the_main_file_while_open_has_every_committed_row(cb, tmp_path):
    svc = Services(cb)
    cid = svc.clients.add(name="Ann Example")
    mid = svc.matters.add(cid, "parole-review")
    for i in range(20):
        svc.chronology.add(mid, "2026-01-01", "note", f"entry {i}")
    copy = tmp_path / "copy.casebook"
    shutil.copyfile(cb.path, copy)  # the main file only: no -wal, no -shm, the app still open
    other = Casebook.open(copy, PASSPHRASE)
    try:
        assert other.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 20
    finally:
        other.close()


def test_lost_wal_after_a_crash_loses_nothing_committed(tmp_path):
    casebook_path = tmp_path / "fresh.casebook"
    book = Casebook.create(casebook_path, PASSPHRASE)
    svc = Services(book)
    cid = svc.clients.add(name="Ben Example")
    mid = svc.matters.add(cid, "parole-review")
    for i in range(20):
        svc.chronology.add(mid, "2026-01-01", "note", f"entry {i}")
    # A crash: the process dies with the connection open; then the -wal is lost.
    crashed = tmp_path / "crashed.casebook"
    shutil.copyfile(casebook_path, crashed)
    book.close()
    assert not (tmp_path / "crashed.casebook-wal").exists()
    reopened = Casebook.open(crashed, PASSPHRASE)
    try:
        assert reopened.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 20
    finally:
        reopened.close()


def test_bulk_writes_checkpoint_once_at_the_end(cb, tmp_path):
    svc = Services(cb)
    with cb.bulk():
        cid = svc.clients.add(name="Cy Example")
        mid = svc.matters.add(cid, "parole-review")
        for i in range(5):
            svc.chronology.add(mid, "2026-01-01", "note", f"entry {i}")
    copy = tmp_path / "copy.casebook"
    shutil.copyfile(cb.path, copy)
    other = Casebook.open(copy, PASSPHRASE)
    try:
        assert other.conn.execute("SELECT count(*) FROM events").fetchone()[0] == 5
    finally:
        other.close()


def test_a_failed_transaction_rolls_back_and_the_next_one_works(cb):
    svc = Services(cb)
    try:
        with cb.transaction():
            cb.conn.execute("INSERT INTO meta(key, value) VALUES ('x', '1')")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert cb.conn.execute("SELECT count(*) FROM meta WHERE key = 'x'").fetchone()[0] == 0
    assert not cb.conn.in_transaction
    assert svc.clients.add(name="Dee Example")
