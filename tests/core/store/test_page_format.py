"""Page authentication (issue 15): new casebooks authenticate pages with HMAC-SHA256; casebooks made
before, with SQLCipher 4's default HMAC-SHA512, open, work, back up and restore as they did, each in its
own format — found from the first page, or by trying each format when that page cannot tell."""

from __future__ import annotations

import pytest

from casebook.errors import DamagedFile, WrongPassphrase
from casebook.services import Services
from casebook.store import Casebook, cipher, faults
from casebook.store.backup import backup, check, restore

PASS = "page format passphrase"


def _page(path, pgno: int) -> bytes:
    with open(path, "rb") as fh:
        fh.seek((pgno - 1) * cipher.PAGE_SIZE)
        return fh.read(cipher.PAGE_SIZE)


def _authenticates(path, key: bytes, fmt: cipher.PageFormat) -> list[bool]:
    """For each page of the main file: whether it authenticates in ``fmt``."""
    hk = cipher.hmac_key(key, _page(path, 1)[: cipher.SALT_BYTES])
    pages = path.stat().st_size // cipher.PAGE_SIZE
    return [cipher.page_authentic(_page(path, n), n, hk, fmt) for n in range(1, pages + 1)]


def _legacy(path, monkeypatch) -> None:
    """A casebook made as before: pages with SQLCipher 4's default HMAC-SHA512, with one client."""
    with monkeypatch.context() as m:
        m.setattr(cipher, "CURRENT", cipher.HMAC_SHA512)
        with Casebook.create(path, PASS) as cb:
            Services(cb).clients.add(name="Alan Abbott")


def test_a_new_casebook_authenticates_every_page_with_hmac_sha256(tmp_path):
    path = tmp_path / "new.casebook"
    with Casebook.create(path, PASS) as cb:
        Services(cb).clients.add(name="Alan Abbott")
        assert cb.page_format is cipher.HMAC_SHA256
        key = cb.raw_key()
        assert check(cb)["page_authentication"] == "HMAC-SHA256"
    assert all(_authenticates(path, key, cipher.HMAC_SHA256))
    assert not any(_authenticates(path, key, cipher.HMAC_SHA512))
    assert cipher.format_of(path, key) is cipher.HMAC_SHA256
    assert cipher.format_of(path, bytes(32)) is None


def test_a_hmac_sha512_casebook_opens_works_backs_up_and_restores_in_its_format(tmp_path, monkeypatch):
    path = tmp_path / "old.casebook"
    _legacy(path, monkeypatch)
    with Casebook.open(path, PASS) as cb:
        assert cb.page_format is cipher.HMAC_SHA512
        key = cb.raw_key()
        svc = Services(cb)
        svc.clients.add(name="Bella Sample")
        assert check(cb)["ok"] and check(cb)["page_authentication"] == "HMAC-SHA512"
        copy = backup(cb, tmp_path / "old-backup.casebook")
    assert all(_authenticates(path, key, cipher.HMAC_SHA512))
    assert all(_authenticates(copy, key, cipher.HMAC_SHA512))  # a backup is a copy of the pages
    assert faults.key_fits(path, key) and not faults.key_fits(path, bytes(32))
    restored = restore(copy, tmp_path / "restored.casebook", PASS)
    with Casebook.open(restored, PASS) as cb:
        assert cb.page_format is cipher.HMAC_SHA512
        assert sorted(c.name for c in Services(cb).clients.list()) == ["Alan Abbott", "Bella Sample"]
    with pytest.raises(WrongPassphrase):
        Casebook.open(path, "not the passphrase")


@pytest.mark.parametrize("legacy", [False, True])
def test_when_the_first_page_cannot_tell_each_format_is_tried(tmp_path, monkeypatch, legacy):
    path = tmp_path / "f.casebook"
    if legacy:
        _legacy(path, monkeypatch)
    else:
        with Casebook.create(path, PASS) as cb:
            Services(cb).clients.add(name="Alan Abbott")
    monkeypatch.setattr(cipher, "format_of", lambda *_: None)  # (as when page 1 is still in the log)
    with Casebook.open(path, PASS) as cb:
        assert cb.page_format is (cipher.HMAC_SHA512 if legacy else cipher.HMAC_SHA256)
        assert [c.name for c in Services(cb).clients.list()] == ["Alan Abbott"]
    with pytest.raises(WrongPassphrase):
        Casebook.open(path, "not the passphrase")


def test_a_damaged_legacy_file_is_reported_as_damaged_not_as_a_wrong_passphrase(tmp_path, monkeypatch):
    path = tmp_path / "old.casebook"
    _legacy(path, monkeypatch)
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF  # page 1's ciphertext: it no longer authenticates, the others still do
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedFile, match="first page"):
        Casebook.open(path, PASS)
