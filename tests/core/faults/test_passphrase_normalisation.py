"""Fault 6: passphrases are NFC-normalised before the KDF; a file keyed before that with a passphrase
that was not NFC still opens (NFC first, then as typed, then NFD) and is re-keyed to NFC."""

from __future__ import annotations

import unicodedata

import pytest

from casebook import session
from casebook.errors import WrongPassphrase
from casebook.store import Casebook, keyring_store, keys

PRECOMPOSED = "caf\u00e9 au lait sur la terrasse"  # é as one code point (NFC)
DECOMPOSED = "cafe\u0301 au lait sur la terrasse"  # e + combining acute (NFD)


def test_the_two_forms_are_different_strings_but_one_passphrase(tmp_path):
    assert PRECOMPOSED != DECOMPOSED
    assert unicodedata.normalize("NFC", DECOMPOSED) == PRECOMPOSED
    p = tmp_path / "n.casebook"
    Casebook.create(p, DECOMPOSED).close()
    with Casebook.open(p, PRECOMPOSED) as cb:
        assert not cb.renormalised
        assert cb.verify_passphrase(DECOMPOSED) and cb.verify_passphrase(PRECOMPOSED)
    with Casebook.open(p, DECOMPOSED) as cb:
        assert not cb.renormalised


def _legacy(path, typed: str) -> None:
    """A casebook keyed as before normalisation: the passphrase's bytes exactly as typed."""
    salt = keys.new_salt()
    Casebook._create_with_key(path, keys.derive_key(typed, salt, normalise=False), salt).close()


@pytest.mark.parametrize("created_with, typed_now", [(DECOMPOSED, PRECOMPOSED), (DECOMPOSED, DECOMPOSED)])
def test_a_legacy_file_opens_and_is_rekeyed_to_nfc(tmp_path, created_with, typed_now):
    p = tmp_path / "legacy.casebook"
    _legacy(p, created_with)
    salt = p.read_bytes()[:16]
    with pytest.raises(WrongPassphrase):  # (the key of the NFC form alone does not open it)
        Casebook.open(p, key=keys.derive_key(PRECOMPOSED, salt))
    with Casebook.open(p, typed_now) as cb:
        assert cb.renormalised
        assert cb.raw_key() == keys.derive_key(PRECOMPOSED, salt)
        actions = [r[0] for r in cb.conn.execute("SELECT action FROM audit")]
        assert "passphrase-normalised" in actions
    with Casebook.open(p, key=keys.derive_key(PRECOMPOSED, salt)) as cb:  # now the NFC key opens it
        assert not cb.renormalised
    with Casebook.open(p, DECOMPOSED) as cb:
        assert not cb.renormalised


def test_a_remembered_key_follows_the_rekey(tmp_path):
    p = tmp_path / "legacy.casebook"
    _legacy(p, DECOMPOSED)
    salt = p.read_bytes()[:16]
    file_id = salt.hex()
    keyring_store.remember_key(file_id, keys.derive_key(DECOMPOSED, salt, normalise=False))
    with session.open(p, PRECOMPOSED) as opened:
        assert opened.remembered
    assert keyring_store.recall_key(file_id) == keys.derive_key(PRECOMPOSED, salt)
    with session.open(p) as opened:  # by the remembered key alone
        assert not opened.cb.renormalised


def test_a_wrong_passphrase_is_still_refused(tmp_path):
    p = tmp_path / "legacy.casebook"
    _legacy(p, DECOMPOSED)
    with pytest.raises(WrongPassphrase):
        Casebook.open(p, "cafe au lait sur la terrasse")


def test_forms_are_tried_nfc_first_without_repeats():
    assert keys.passphrase_forms("plain ascii") == ["plain ascii"]
    assert keys.passphrase_forms(DECOMPOSED) == [PRECOMPOSED, DECOMPOSED]
    assert keys.passphrase_forms(PRECOMPOSED) == [PRECOMPOSED, DECOMPOSED]


def test_a_backup_of_a_legacy_file_restores_with_either_form(tmp_path):
    from casebook.store import backup

    p = tmp_path / "legacy.casebook"
    _legacy(p, DECOMPOSED)
    with Casebook.open(p, key=keys.derive_key(DECOMPOSED, p.read_bytes()[:16], normalise=False)) as cb:
        backup.backup(cb, tmp_path / "legacy-backup.casebook")
    restored = backup.restore(tmp_path / "legacy-backup.casebook", tmp_path / "restored.casebook",
                              PRECOMPOSED)
    with Casebook.open(restored, PRECOMPOSED) as cb:
        assert cb.renormalised  # the restored copy is re-keyed to NFC when first opened
