"""Faults 2 and 3: two writers at once never give a "database is locked" traceback (every write takes the
lock with BEGIN IMMEDIATE and waits), a lock held too long is one clear line; a disk that fills while
writing is one line and loses nothing (the whole change rolls back)."""

from __future__ import annotations

import threading

import pytest

from casebook.errors import Busy, DiskFull
from casebook.services import Services
from casebook.store import Casebook
from casebook.store import casebook as store_casebook
from tests.conftest import PASSPHRASE
from tests.core.faults.helpers import count, one_line


def test_two_writers_at_once_both_finish(casebook_path):
    """Two connections (as two processes would be) each saving clients and notes as fast as they can."""
    errors: list[BaseException] = []
    per_writer = 40

    def writer(n: int) -> None:
        try:
            with Casebook.open(casebook_path, PASSPHRASE) as cb:
                svc = Services(cb)
                for i in range(per_writer):
                    cid = svc.clients.add(name=f"Writer {n} client {i}")
                    svc.notes.add(cid, f"note {i} from writer {n}")
                    svc.clients.get(cid)  # read, then write again in the next round
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert count(casebook_path, "clients") == 2 * per_writer
    assert count(casebook_path, "notes") == 2 * per_writer


@pytest.fixture
def short_wait(monkeypatch):
    """Wait 50 ms for another writer instead of 5 s (so the test does not sit out the real timeout)."""
    configure = store_casebook._configure

    def configure_short(conn) -> None:
        configure(conn)
        conn.execute("PRAGMA busy_timeout = 50")

    monkeypatch.setattr(store_casebook, "_configure", configure_short)


def _hold_write_lock(path):
    cb = Casebook.open(path, PASSPHRASE)
    cb.conn.execute("BEGIN IMMEDIATE")
    return cb


def test_a_lock_held_too_long_is_busy_and_nothing_is_saved(svc, casebook_path, short_wait):
    svc.cb.conn.execute("PRAGMA busy_timeout = 50")
    other = _hold_write_lock(casebook_path)
    try:
        with pytest.raises(Busy, match="busy"):
            svc.clients.add(name="Ada Lovelace")
    finally:
        other.conn.execute("ROLLBACK")
        other.close()
    assert not svc.cb.conn.in_transaction  # the failed block left nothing open behind it
    assert svc.clients.add(name="Ada Lovelace") > 0  # and the next save works


def test_cli_busy_is_one_line_exit_1(run_cli, casebook_path, short_wait):
    other = _hold_write_lock(casebook_path)
    try:
        r = run_cli("--file", casebook_path, "client", "add", "--name", "Ada Lovelace")
    finally:
        other.conn.execute("ROLLBACK")
        other.close()
    assert r.returncode == 1
    assert "busy" in one_line(r) and "locked" not in r.stderr
    assert count(casebook_path, "clients") == 0


@pytest.fixture
def disk_fills(monkeypatch):
    """The file may not grow by a page more: SQLite then fails exactly as on a full disk (SQLITE_FULL)."""
    configure = store_casebook._configure

    def configure_full(conn) -> None:
        configure(conn)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(store_casebook, "_configure", configure_full)


def test_disk_full_while_writing_rolls_back_everything(svc):
    cid = svc.clients.add(name="Ada Lovelace")
    before = svc.cb.conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    pages = svc.cb.conn.execute("PRAGMA page_count").fetchone()[0]
    svc.cb.conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(DiskFull) as err:
        svc.notes.add(cid, "parole dossier " * 10000)
    assert err.value.exit_code == 1 and "full" in err.value.message
    assert not svc.cb.conn.in_transaction
    assert svc.cb.conn.execute("SELECT count(*) FROM notes").fetchone()[0] == before
    assert svc.clients.get(cid).name == "Ada Lovelace"
    svc.cb.conn.execute("PRAGMA max_page_count = 1073741823")  # room again: saving works
    svc.notes.add(cid, "parole dossier " * 10000)
    assert svc.cb.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def test_cli_disk_full_while_writing_is_one_line(run_cli, casebook_path, disk_fills):
    r = run_cli("--file", casebook_path, "client", "add", "--name", "Ada Lovelace")
    assert r.returncode == 0  # a client fits in the pages the file already has
    r = run_cli("--file", casebook_path, "note", "--client", "1", "--text", "parole dossier " * 10000)
    assert r.returncode == 1
    err = one_line(r)
    assert "full" in err and "nothing was saved" in err
    assert count(casebook_path, "notes") == 0 and count(casebook_path, "clients") == 1


def test_other_failures_are_one_line_too():
    import errno

    from casebook.cli.safety import fault_message

    assert fault_message(OSError(errno.ENOSPC, "No space left on device", "/x/out.docx")) == (
        "the disk is full (writing out.docx); free some space and try again", 1)
    assert fault_message(OverflowError("int too large"))[1] == 1
    message, code = fault_message(KeyError("client name"))
    assert code == 1 and message.startswith("internal error (KeyError)") and "client name" not in message


_WRITER = """
import sys
from casebook.services import Services
from casebook.store import Casebook
path, n, who = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with Casebook.open(path, {passphrase!r}) as cb:
    svc = Services(cb)
    for i in range(n):
        cid = svc.clients.add(name=f"{{who}} {{i}}")
        svc.notes.add(cid, "note")
"""


def test_two_processes_writing_at_once_both_finish(casebook_path, tmp_path):
    """Two processes (as two CLI loops, or the CLI beside the app) saving as fast as they can."""
    import subprocess
    import sys

    from tests.conftest import cli_env

    script = _WRITER.format(passphrase=PASSPHRASE)
    procs = [subprocess.Popen([sys.executable, "-c", script, str(casebook_path), "60", who],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cli_env(),
                              cwd=tmp_path) for who in ("first", "second")]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert results == [(0, ""), (0, "")]
    assert count(casebook_path, "clients") == 120 and count(casebook_path, "notes") == 120
