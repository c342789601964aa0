"""The fast backup (issue 15): the encrypted pages copied as they are when the main file is provably the
snapshot, verified by every page's HMAC; the page-by-page copy otherwise. Whatever is written to the
casebook while the copy runs — by the app's own connection, whose every commit runs a checkpoint, or by
another connection that forces checkpoints — never reaches the copy, which is one consistent snapshot."""

from __future__ import annotations

import os

import pytest

from casebook.errors import Cancelled, DamagedFile
from casebook.services import Services
from casebook.store import Casebook, faults
from casebook.store import backup as backup_mod
from casebook.store.backup import backup, restore
from tests.conftest import PASSPHRASE


def _fill(svc, n: int = 150) -> int:
    cid = svc.clients.add(name="Ann Example")
    svc.notes.create_many([(cid, {"date": "2026-01-01", "text": "parole dossier " * 40}) for _ in range(n)])
    return cid


def _paths(monkeypatch) -> list[str]:
    taken: list[str] = []
    real_raw, real_api = backup_mod._copy_raw, backup_mod._copy_api
    monkeypatch.setattr(backup_mod, "_copy_raw", lambda *a: (taken.append("raw"), real_raw(*a))[1])
    monkeypatch.setattr(backup_mod, "_copy_api", lambda *a: (taken.append("api"), real_api(*a))[1])
    return taken


def _notes(path, key) -> int:
    with Casebook.open(path, key=key) as copy:
        assert copy.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return copy.conn.execute("SELECT count(*) FROM notes").fetchone()[0]


def test_idle_casebook_is_copied_byte_for_byte(svc, tmp_path, monkeypatch):
    _fill(svc)
    taken = _paths(monkeypatch)
    seen = []
    svc.cb.checkpoint()
    before = svc.cb.path.read_bytes()  # (the backup then writes its audit entry)
    dest = backup(svc.cb, tmp_path / "b.casebook", progress=lambda d, t: seen.append((d, t)))
    assert taken == ["raw"]
    assert seen == sorted(seen) and seen[-1][0] == seen[-1][1]
    data = dest.read_bytes()
    assert before[: len(data)] == data  # the same encrypted pages
    assert _notes(dest, svc.cb.raw_key()) == 150


@pytest.mark.parametrize("writer", ["app", "other"])
def test_writes_and_checkpoints_during_the_copy_never_reach_it(svc, tmp_path, monkeypatch, writer):
    cid = _fill(svc)
    monkeypatch.setattr(backup_mod, "PAGES_PER_STEP", 2)  # many steps, a write and checkpoints in each
    taken = _paths(monkeypatch)
    other = Casebook.open(svc.cb.path, key=svc.cb.raw_key())
    osvc = Services(other)
    written = []

    def write(_done, _total):
        if writer == "app":  # the app's own connection: each commit runs a passive checkpoint
            written.append(svc.notes.add(cid, "written during the backup " * 30, date="2026-01-02"))
        else:
            written.append(osvc.notes.add(cid, "written during the backup " * 30, date="2026-01-02"))
            for mode in ("PASSIVE", "FULL", "RESTART", "TRUNCATE"):
                other.conn.execute("PRAGMA busy_timeout = 0")
                other.conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchall()

    try:
        dest = backup(svc.cb, tmp_path / "live.casebook", progress=write)
    finally:
        other.close()
    assert taken == ["raw"] and len(written) > 10
    assert _notes(dest, svc.cb.raw_key()) == 150  # exactly the snapshot, none of the later notes
    assert svc.cb.conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 150 + len(written)


def test_a_reader_holding_back_the_checkpoint_means_the_page_by_page_copy(svc, tmp_path, monkeypatch):
    cid = _fill(svc, 40)
    taken = _paths(monkeypatch)
    reader = Casebook.open(svc.cb.path, key=svc.cb.raw_key())
    reader.conn.execute("BEGIN")
    reader.conn.execute("SELECT count(*) FROM notes").fetchone()  # an older snapshot, held
    svc.notes.add(cid, "after the reader began", date="2026-01-02")  # so the log cannot all be copied back
    try:
        dest = backup(svc.cb, tmp_path / "b.casebook")
    finally:
        reader.conn.execute("COMMIT")
        reader.close()
    assert taken == ["api"]
    assert _notes(dest, svc.cb.raw_key()) == 41


@pytest.mark.parametrize("in_kernel", [True, False])
def test_a_page_damaged_in_the_copy_is_caught_and_nothing_is_kept(svc, tmp_path, monkeypatch, in_kernel):
    _fill(svc, 60)
    name = "_copy_range" if in_kernel else "_copy_through_memory"
    if not in_kernel:
        monkeypatch.setattr(backup_mod, "_copy_range", lambda *a: (_ for _ in ()).throw(OSError(18, "EXDEV")))
    real_copy = getattr(backup_mod, name)

    def copy_then_damage(fin, fout, offset, length):
        real_copy(fin, fout, offset, length)
        at = 3 * faults.PAGE_SIZE + 100  # page 4
        if offset <= at < offset + length:
            byte = os.pread(fout, 1, at)
            os.pwrite(fout, bytes([byte[0] ^ 0x01]), at)

    monkeypatch.setattr(backup_mod, name, copy_then_damage)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(DamagedFile, match="page 4 does not authenticate"):
        backup(svc.cb, out / "b.casebook")
    assert list(out.iterdir()) == []


def test_without_an_in_kernel_copy_the_copy_goes_through_memory(svc, tmp_path, monkeypatch):
    _fill(svc, 60)

    def unsupported(*_a):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(backup_mod, "_copy_range", unsupported)
    monkeypatch.setattr(backup_mod, "PAGES_PER_STEP", 7)
    svc.cb.checkpoint()
    before = svc.cb.path.read_bytes()
    dest = backup(svc.cb, tmp_path / "b.casebook")
    data = dest.read_bytes()
    assert len(data) > 7 * faults.PAGE_SIZE and before[: len(data)] == data


def test_cancel_while_verifying_removes_the_temporary_file(svc, tmp_path, monkeypatch):
    _fill(svc, 60)
    monkeypatch.setattr(backup_mod, "PAGES_PER_STEP", 4)
    out = tmp_path / "out"
    out.mkdir()
    state = {"verifying": False}

    def progress(done, total):
        state["verifying"] = done > total // 2

    with pytest.raises(Cancelled):
        backup(svc.cb, out / "c.casebook", progress=progress, cancelled=lambda: state["verifying"])
    assert list(out.iterdir()) == []


def test_restore_of_a_raw_backup(svc, tmp_path, monkeypatch):
    _fill(svc, 30)
    taken = _paths(monkeypatch)
    dest = backup(svc.cb, tmp_path / "b.casebook")
    restored = restore(dest, tmp_path / "r.casebook", PASSPHRASE)
    assert taken == ["raw", "raw"]
    assert _notes(restored, svc.cb.raw_key()) == 30


@pytest.mark.parametrize("tries", [1, 3])
def test_a_write_between_the_snapshot_and_its_proof_means_a_new_snapshot(svc, tmp_path, monkeypatch, tries):
    cid = _fill(svc, 20)
    monkeypatch.setattr(backup_mod, "RAW_TRIES", tries)
    taken = _paths(monkeypatch)
    other = Casebook.open(svc.cb.path, key=svc.cb.raw_key())
    real_connect = backup_mod._connect
    calls = []

    def connect(path):
        conn = real_connect(path)
        calls.append(path)
        if len(calls) == 2:  # the connection that proves the snapshot: a write lands just before it checks
            Services(other).notes.add(cid, "landed in between", date="2026-01-02")
        return conn

    monkeypatch.setattr(backup_mod, "_connect", connect)
    try:
        dest = backup(svc.cb, tmp_path / "b.casebook")
    finally:
        other.close()
    if tries == 1:  # the snapshot could not be proved: the page-by-page copy, of the first snapshot
        assert taken == ["api"] and _notes(dest, svc.cb.raw_key()) == 20
    else:  # a new snapshot, proved: the raw copy, with the note
        assert taken == ["raw"] and _notes(dest, svc.cb.raw_key()) == 21
