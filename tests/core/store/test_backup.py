"""Encrypted backup, verified restore, the integrity report."""

from __future__ import annotations

import pytest

from casebook.errors import BadInput, CannotUnlock
from casebook.store import Casebook
from casebook.store.backup import Cancelled, backup, check, restore
from tests.conftest import PASSPHRASE


def test_backup_is_encrypted_verified_and_restorable(demo_svc, tmp_path):
    cb = demo_svc.cb
    dest = tmp_path / "out" / "b.casebook"
    dest.parent.mkdir()
    seen = []
    backup(cb, dest, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert not list(dest.parent.glob("*.partial*"))
    name = demo_svc.clients.get(demo_svc.clients.ids()[0]).name.encode()
    assert name not in dest.read_bytes()
    with pytest.raises(CannotUnlock):
        Casebook.open(dest, "wrong")
    restored = tmp_path / "restored.casebook"
    restore(dest, restored, PASSPHRASE)
    with Casebook.open(restored, PASSPHRASE) as r:
        assert r.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == demo_svc.clients.count()
        assert r.conn.execute("SELECT count(*) FROM events").fetchone()[0] == \
            cb.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        assert [row[0]
                for row in r.conn.execute("SELECT action FROM audit WHERE action IN ('backup','restore')")] \
            == ["restore"]
    assert [e.action for e in demo_svc.audit.entries("casebook")] == ["backup"]


def test_backup_never_overwrites(svc, tmp_path):
    dest = tmp_path / "exists.casebook"
    dest.write_bytes(b"precious")
    with pytest.raises(BadInput):
        backup(svc.cb, dest)
    assert dest.read_bytes() == b"precious"


def test_cancelled_backup_leaves_nothing(demo_svc, tmp_path):
    dest = tmp_path / "c.casebook"
    with pytest.raises(Cancelled):
        backup(demo_svc.cb, dest, cancelled=lambda: True)
    assert list(tmp_path.glob("c.casebook*")) == []


def test_restore_refuses_wrong_passphrase_and_damaged_backup(svc, tmp_path):
    svc.clients.add(name="Someone Restorable")
    dest = tmp_path / "b.casebook"
    backup(svc.cb, dest)
    with pytest.raises(CannotUnlock):
        restore(dest, tmp_path / "r1.casebook", "wrong passphrase")
    assert not (tmp_path / "r1.casebook").exists()
    data = bytearray(dest.read_bytes())
    data[len(data) - 4096 + 500] ^= 0xFF
    dest.write_bytes(bytes(data))
    with pytest.raises(CannotUnlock):
        restore(dest, tmp_path / "r2.casebook", PASSPHRASE)
    assert not (tmp_path / "r2.casebook").exists()


def test_check_report(demo_svc):
    report = check(demo_svc.cb)
    assert report["ok"] is True and report["problems"] == []
    assert report["counts"]["clients"] == 12
    assert report["journal_mode"] == "wal"
    assert report["full_text_index_ok"] is True
