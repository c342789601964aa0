"""casebook.session: the one front door to a casebook file (real SQLCipher files, in-memory keyring)."""

from __future__ import annotations

import datetime as dt

import keyring
import pytest
from keyring.backends import fail

from casebook import session
from casebook.clock import FixedClock
from casebook.errors import BadInput, Cancelled, CannotUnlock, NotFound, WrongPassphrase
from casebook.services import Services
from casebook.store import Casebook, keyring_store
from tests.conftest import PASSPHRASE

NEW = "a brand new passphrase of words"


def _ring_values(ring) -> str:
    return " ".join(str(v) for v in ring.store.values())


# ---------------------------------------------------------------------------- opening
def test_open_with_the_passphrase_gives_open_services(casebook_path):
    with session.open(casebook_path, PASSPHRASE) as opened:
        assert isinstance(opened.services, Services)
        assert opened.path == casebook_path and not opened.closed
        cid = opened.services.clients.add(name="Alan Example")
        assert opened.services.clients.get(cid).name == "Alan Example"
        assert opened.remembered is False
    assert opened.closed and opened.cb.closed


def test_open_with_a_wrong_passphrase_is_cannot_unlock_exit_4(casebook_path):
    with pytest.raises(WrongPassphrase) as err:
        session.open(casebook_path, "not the passphrase")
    assert isinstance(err.value, CannotUnlock) and err.value.exit_code == 4
    assert err.value.message == "wrong passphrase or not a casebook file"


def test_open_a_missing_file_is_not_found_even_without_a_passphrase(tmp_path):
    for passphrase in (PASSPHRASE, None):
        with pytest.raises(NotFound, match="no casebook at"):
            session.open(tmp_path / "missing.casebook", passphrase)


def test_open_with_nothing_to_open_it_with_says_so(casebook_path):
    with pytest.raises(WrongPassphrase, match="a passphrase is required"):
        session.open(casebook_path)


def test_open_with_the_services_clock(casebook_path):
    clock = FixedClock(dt.date(2024, 2, 29))
    with session.open(casebook_path, PASSPHRASE, clock=clock) as opened:
        assert opened.services.clock is clock


def test_remember_then_open_without_a_passphrase(casebook_path, memory_keyring):
    with session.open(casebook_path, PASSPHRASE, remember=True) as opened:
        assert opened.remembered is True
        key = opened.cb.raw_key()
    assert session.remembered_key(casebook_path) == key
    assert PASSPHRASE not in _ring_values(memory_keyring)  # the key, never the passphrase
    with session.open(casebook_path) as again:
        assert again.remembered is True and not again.closed
    # remember=False forgets it
    session.open(casebook_path, PASSPHRASE, remember=False).close()
    assert session.remembered_key(casebook_path) is None


def test_a_stale_remembered_key_is_forgotten_with_a_clear_message(casebook_path):
    keyring_store.remember_key(session.file_id(casebook_path), b"\x01" * 32)
    with pytest.raises(WrongPassphrase) as err:
        session.open(casebook_path)
    assert "no longer opens this file" in err.value.message
    assert session.remembered_key(casebook_path) is None
    # the passphrase still opens it
    session.open(casebook_path, PASSPHRASE).close()


def test_a_passphrase_wins_over_a_remembered_key(casebook_path):
    keyring_store.remember_key(session.file_id(casebook_path), b"\x01" * 32)
    session.open(casebook_path, PASSPHRASE).close()


def test_without_a_keyring_remembering_quietly_does_nothing(casebook_path):
    keyring.set_keyring(fail.Keyring())
    availability = session.keyring_availability()
    assert availability.available is False and "keyring" in availability.reason
    with session.open(casebook_path, PASSPHRASE, remember=True) as opened:
        assert opened.remembered is False
    assert session.remembered_key(casebook_path) is None
    with pytest.raises(WrongPassphrase):
        session.open(casebook_path)


def test_remembered_key_of_a_missing_or_junk_file_is_none(tmp_path):
    assert session.remembered_key(tmp_path / "missing.casebook") is None
    junk = tmp_path / "junk.casebook"
    junk.write_bytes(b"x")
    assert session.remembered_key(junk) is None


# ---------------------------------------------------------------------------- creating
def test_create_makes_an_encrypted_casebook_that_opens_with_the_passphrase(tmp_path):
    path = tmp_path / "new.casebook"
    with session.create(path, PASSPHRASE) as opened:
        assert opened.path == path and opened.remembered is False
        opened.services.clients.add(name="Alan Example")
    assert not path.read_bytes()[:16].startswith(b"SQLite format 3")
    with session.open(path, PASSPHRASE) as again:
        assert [c["name"] for c in again.services.clients.rows(again.services.clients.ids("")).values()] == [
            "Alan Example"]


@pytest.mark.parametrize("weak", ["", "short", "only8chr", "elevenchars"])
def test_create_refuses_a_weak_passphrase_and_writes_nothing(tmp_path, weak):
    path = tmp_path / "weak.casebook"
    with pytest.raises(session.WeakPassphrase) as err:
        session.create(path, weak)
    assert err.value.exit_code == 1 and err.value.message.startswith("choose a stronger passphrase. ")
    assert list(tmp_path.iterdir()) == []


def test_the_minimum_strength_is_fair(tmp_path):
    assert session.passphrase_strength("fairenoughok")[0] == session.MIN_STRENGTH
    session.check_new_passphrase("fairenoughok")
    session.create(tmp_path / "fair.casebook", "fairenoughok").close()


def test_create_never_overwrites(casebook_path):
    before = casebook_path.read_bytes()
    with pytest.raises(BadInput, match="already exists; Casebook never overwrites a file"):
        session.create(casebook_path, PASSPHRASE)
    assert casebook_path.read_bytes() == before


def test_create_in_a_missing_folder_only_with_parents(tmp_path):
    path = tmp_path / "a" / "b" / "new.casebook"
    with pytest.raises(BadInput, match="does not exist"):
        session.create(path, PASSPHRASE)
    session.create(path, PASSPHRASE, parents=True).close()
    assert path.exists()


def test_create_and_remember(tmp_path):
    path = tmp_path / "new.casebook"
    with session.create(path, PASSPHRASE, remember=True) as opened:
        assert opened.remembered is True
        key = opened.cb.raw_key()
    assert session.remembered_key(path) == key


def test_with_suffix():
    assert session.with_suffix("/x/fresh").name == "fresh.casebook"
    assert session.with_suffix("/x/fresh.casebook").name == "fresh.casebook"


# ---------------------------------------------------------------------------- the demo
def test_create_demo_reports_progress_and_opens_with_the_demo_passphrase(tmp_path):
    seen = []
    path = session.create_demo(tmp_path / "demo.casebook", clients=4, seed=2, as_of=dt.date(2026, 11, 26),
                               progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.casebook"]
    with session.open(path, session.DEMO_PASSPHRASE) as opened:
        assert len(opened.services.clients.ids("")) == 4


def test_create_demo_defaults_to_the_data_folder(isolated_environment):
    path = session.create_demo(clients=1)
    assert path == session.demo_path() and path.exists()
    assert str(path).startswith(str(isolated_environment))


def test_a_cancelled_demo_leaves_nothing(tmp_path):
    calls = []

    def cancelled():
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled):
        session.create_demo(tmp_path / "demo.casebook", clients=10, cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []


def test_a_demo_never_overwrites(casebook_path):
    before = casebook_path.read_bytes()
    with pytest.raises(BadInput, match="already exists"):
        session.create_demo(casebook_path, clients=1)
    assert casebook_path.read_bytes() == before


def test_a_demo_refuses_a_silly_size(tmp_path):
    with pytest.raises(BadInput, match="from 1 to 20000"):
        session.create_demo(tmp_path / "d.casebook", clients=0)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------- the passphrase
def test_change_passphrase_rekeys_the_file(casebook_path):
    with session.open(casebook_path, PASSPHRASE) as opened:
        session.change_passphrase(opened, NEW, current=PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        session.open(casebook_path, PASSPHRASE)
    session.open(casebook_path, NEW).close()


def test_change_passphrase_checks_the_current_one_and_the_new_ones_strength(casebook_path):
    with session.open(casebook_path, PASSPHRASE) as opened:
        with pytest.raises(WrongPassphrase, match="current passphrase is wrong"):
            session.change_passphrase(opened, NEW, current="not it")
        with pytest.raises(session.WeakPassphrase):
            session.change_passphrase(opened, "short", current=PASSPHRASE)
    session.open(casebook_path, PASSPHRASE).close()  # unchanged


def test_change_passphrase_re_remembers_a_remembered_key(casebook_path):
    with session.open(casebook_path, PASSPHRASE, remember=True) as opened:
        old = opened.cb.raw_key()
        new_key = session.change_passphrase(opened, NEW)
        assert new_key != old and opened.remembered is True
    assert session.remembered_key(casebook_path) == new_key
    session.open(casebook_path).close()  # the remembered key still opens it


def test_change_passphrase_does_not_remember_a_key_that_was_not(casebook_path):
    with session.open(casebook_path, PASSPHRASE) as opened:
        session.change_passphrase(opened, NEW)
    assert session.remembered_key(casebook_path) is None


# ---------------------------------------------------------------------------- backup and restore
def test_backup_restore_and_check(casebook_path, tmp_path):
    dest, restored = tmp_path / "backup.casebook", tmp_path / "restored.casebook"
    with session.open(casebook_path, PASSPHRASE) as opened:
        opened.services.clients.add(name="Alan Example")
        steps = []
        assert session.backup(opened, dest, progress=lambda d, t: steps.append((d, t))) == dest
        assert steps and steps[-1][0] == steps[-1][1]
        with pytest.raises(BadInput, match="already exists"):
            session.backup(opened, dest)
    assert session.restore(dest, restored, PASSPHRASE) == restored
    with session.open(restored, PASSPHRASE) as opened:
        report = session.check(opened)
    assert report["ok"] is True and report["counts"]["clients"] == 1


def test_a_cancelled_backup_leaves_nothing(casebook_path, tmp_path):
    dest = tmp_path / "out" / "backup.casebook"
    dest.parent.mkdir()
    with session.open(casebook_path, PASSPHRASE) as opened, pytest.raises(Cancelled):
        session.backup(opened, dest, cancelled=lambda: True)
    assert list(dest.parent.iterdir()) == []


def test_restore_with_the_remembered_key_of_the_original(casebook_path, tmp_path):
    dest, restored = tmp_path / "backup.casebook", tmp_path / "restored.casebook"
    with session.open(casebook_path, PASSPHRASE, remember=True) as opened:
        session.backup(opened, dest)
    assert session.restore(dest, restored) == restored
    session.open(restored, PASSPHRASE).close()


def test_restore_needs_a_passphrase_and_the_right_one(casebook_path, tmp_path):
    dest = tmp_path / "backup.casebook"
    with session.open(casebook_path, PASSPHRASE) as opened:
        session.backup(opened, dest)
    with pytest.raises(CannotUnlock, match="a passphrase is required"):
        session.restore(dest, tmp_path / "r1.casebook")
    with pytest.raises(WrongPassphrase):
        session.restore(dest, tmp_path / "r2.casebook", "not it")
    with pytest.raises(NotFound):
        session.restore(tmp_path / "missing.casebook", tmp_path / "r3.casebook")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("r")) == []


def test_open_services_shortcut(casebook_path):
    svc = session.open_services(casebook_path, PASSPHRASE)
    try:
        assert isinstance(svc, Services) and not svc.cb.closed
    finally:
        svc.close()


def test_open_casebook_repr_never_shows_the_key(casebook_path):
    with session.open(casebook_path, PASSPHRASE) as opened:
        key = opened.cb.raw_key()
        assert key.hex() not in repr(opened) and "test.casebook" in repr(opened)


def test_the_store_and_the_session_share_one_casebook_class(casebook_path):
    with session.open(casebook_path, PASSPHRASE) as opened:
        assert isinstance(opened.cb, Casebook)
