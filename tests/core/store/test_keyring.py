"""'Remember on this device' stores the raw key, never the passphrase, and degrades without a keyring."""

from __future__ import annotations

import keyring
from keyring.backends import fail

from casebook.store import Casebook
from casebook.store.keyring_store import SERVICE, availability, forget_key, recall_key, remember_key
from tests.conftest import PASSPHRASE


def test_remember_and_recall_raw_key(casebook_path, memory_keyring):
    with Casebook.open(casebook_path, PASSPHRASE) as cb:
        assert remember_key(cb.file_id, cb.raw_key())
        file_id, key = cb.file_id, cb.raw_key()
    stored = memory_keyring.store[(SERVICE, file_id)]
    assert PASSPHRASE not in stored
    assert bytes.fromhex(stored) == key
    with Casebook.open(casebook_path, key=recall_key(file_id)) as cb:
        assert cb.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 0
    forget_key(file_id)
    assert recall_key(file_id) is None


def test_no_keyring_backend_still_works(casebook_path):
    keyring.set_keyring(fail.Keyring())
    a = availability()
    assert not a.available and "keyring" in a.reason.lower()
    with Casebook.open(casebook_path, PASSPHRASE) as cb:
        assert remember_key(cb.file_id, cb.raw_key()) is False
        assert recall_key(cb.file_id) is None
