"""Backup at scale (issue 15): it finishes while another connection writes, never overwrites a file that
appeared during the copy, and leaves no temporary file behind (cancelled, failed, or killed earlier)."""

from __future__ import annotations

import os
import threading
import time

import pytest

from casebook.errors import BadInput, Cancelled
from casebook.services import Services
from casebook.store import Casebook
from casebook.store import backup as backup_mod
from casebook.store.backup import backup, sweep_stale


def _fill(svc, n: int = 300) -> int:
    cid = svc.clients.add(name="Ann Example")
    svc.notes.create_many([(cid, {"date": "2026-01-01", "text": "parole dossier " * 40}) for _ in range(n)])
    return cid


def test_backup_finishes_while_another_connection_writes(svc, tmp_path, monkeypatch):
    cid = _fill(svc)
    monkeypatch.setattr(backup_mod, "PAGES_PER_STEP", 1)  # many steps, so writes land between them
    stop = threading.Event()
    written = []

    def writer():
        other = Casebook.open(svc.cb.path, key=svc.cb.raw_key())
        try:
            osvc = Services(other)
            while not stop.is_set():
                written.append(osvc.notes.add(cid, "written during the backup", date="2026-01-02"))
                time.sleep(0.02)
        finally:
            other.close()

    t = threading.Thread(target=writer)
    t.start()
    steps = []
    try:
        dest = backup(svc.cb, tmp_path / "live.casebook",
                      progress=lambda done, total: (steps.append(done), time.sleep(0.002)))
    finally:
        stop.set()
        t.join()
    assert len(written) >= 2 and len(steps) > 10
    assert steps == sorted(steps)  # never restarted
    copy = Casebook.open(dest, key=svc.cb.raw_key())
    try:
        notes = copy.conn.execute("SELECT count(*) FROM notes").fetchone()[0]
        assert 300 <= notes <= 300 + len(written)  # one consistent snapshot
        assert copy.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        copy.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_a_file_that_appears_during_the_copy_is_never_overwritten(svc, tmp_path):
    _fill(svc, 50)
    (tmp_path / "out").mkdir()
    dest = tmp_path / "out" / "b.casebook"

    def appear(done, total):
        if not dest.exists():
            dest.write_bytes(b"someone else's file")

    with pytest.raises(BadInput, match="appeared"):
        backup(svc.cb, dest, progress=appear)
    assert dest.read_bytes() == b"someone else's file"
    assert sorted(p.name for p in dest.parent.iterdir()) == ["b.casebook"]


def test_cancel_removes_the_temporary_file(svc, tmp_path):
    _fill(svc, 50)
    out = tmp_path / "out"
    out.mkdir()
    calls = []
    with pytest.raises(Cancelled):
        backup(svc.cb, out / "c.casebook", cancelled=lambda: calls.append(1) or len(calls) > 1)
    assert len(calls) == 2 and list(out.iterdir()) == []


def test_stale_temporary_files_of_a_killed_backup_are_swept(tmp_path):
    dead = 2 ** 22 + 12345  # beyond pid_max on a default Linux: no such process
    stale = tmp_path / f".x.casebook.{dead}.0a1b2c3d.partial"
    stale.write_bytes(b"half a copy")
    mine = tmp_path / f".y.casebook.{os.getpid()}.0a1b2c3d.partial"
    mine.write_bytes(b"in progress")
    other = tmp_path / ".notes.partial"
    other.write_bytes(b"not ours")
    assert sweep_stale(tmp_path) == [stale]
    assert not stale.exists() and mine.exists() and other.exists()


def test_a_day_old_temporary_file_is_swept_even_if_its_process_lives(tmp_path):
    mine = tmp_path / f".y.casebook.{os.getpid()}.0a1b2c3d.partial"
    mine.write_bytes(b"left by a crash long ago")
    assert sweep_stale(tmp_path, now=mine.stat().st_mtime + 3600) == []
    assert sweep_stale(tmp_path, now=mine.stat().st_mtime + 2 * 86400) == [mine]
