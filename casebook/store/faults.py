"""What went wrong when SQLite or SQLCipher fails, in words a user can act on (issue 15, faults 1–3).

A casebook that cannot be read is not always a wrong passphrase. SQLCipher cannot tell a wrong key from
a damaged first page (both fail the page's HMAC), and SQLite reports a full disk, a busy file and a
truncated file through the same exception type. So:

* :func:`key_fits` checks the page HMACs of a sample of the file's pages with the key ourselves
  (4096-byte pages, each ending in a 16-byte IV and an HMAC of the page's ciphertext and IV and its page
  number, little-endian, in either page format Casebook reads: see :mod:`casebook.store.cipher`). If any
  page authenticates, the key is right and the file is damaged; if none does, the key is wrong (or it is
  not a casebook).
* :func:`unreadable` turns an error met while opening into :class:`~casebook.errors.DiskFull`,
  :class:`~casebook.errors.Busy`, :class:`~casebook.errors.DamagedFile` or
  :class:`~casebook.errors.WrongPassphrase` (exit 4 for all but "busy", as the CLI contract says).
* :func:`translate` does the same for an error met while working (exit 1): disk full, busy, damaged.

No message here carries client data: only sizes, page numbers and what to do.
"""

from __future__ import annotations

import os
from pathlib import Path

from casebook.errors import Busy, CannotUnlock, CasebookError, DamagedFile, DiskFull, WrongPassphrase
from casebook.store.cipher import PAGE_SIZE, SALT_BYTES, hmac_key, page_format
from casebook.store.sqlite import DatabaseError

SAMPLE_PAGES = 24  #: how many pages :func:`key_fits` tries (the first few, then spread over the file)
LOW_SPACE_BYTES = 1 << 20  #: below this much free space an I/O error while opening is reported as a full disk

# SQLite's primary result codes (the low byte of the extended code).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26

DAMAGED_ADVICE = "restore it from a backup with 'casebook restore'"


def primary_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:  # a driver without error codes: read the standard messages
        text = str(exc).lower()
        for needle, c in (("disk is full", SQLITE_FULL), ("database is locked", SQLITE_BUSY),
                          ("malformed", SQLITE_CORRUPT), ("not a database", SQLITE_NOTADB),
                          ("disk i/o error", SQLITE_IOERR), ("unable to open", SQLITE_CANTOPEN),
                          ("readonly", SQLITE_READONLY)):
            if needle in text:
                return c
        return None
    return int(code) & 0xFF


def low_on_space(path: Path) -> bool:
    """Whether the file system holding ``path`` has (almost) no room left."""
    try:
        st = os.statvfs(Path(path).parent)
    except (OSError, AttributeError):  # (no statvfs on Windows: rely on SQLITE_FULL there)
        return False
    return st.f_bavail * st.f_frsize < LOW_SPACE_BYTES


def _sample(pages: int) -> list[int]:
    first = list(range(1, min(pages, 8) + 1))
    step = max(1, pages // (SAMPLE_PAGES - len(first)))
    spread = list(range(9, pages + 1, step))[: SAMPLE_PAGES - len(first)]
    return sorted(set(first + spread + ([pages] if pages else [])))


def key_fits(path: Path, key: bytes) -> bool:
    """Whether ``key`` is this file's key: some sampled whole page authenticates under it.

    Reads at most :data:`SAMPLE_PAGES` pages; never raises for a short or unreadable file (``False``)."""
    try:
        with open(path, "rb") as fh:
            salt = fh.read(SALT_BYTES)
            size = os.fstat(fh.fileno()).st_size
            if len(salt) != SALT_BYTES or len(key) != 32:
                return False
            hk = hmac_key(key, salt)
            for pgno in _sample(size // PAGE_SIZE):
                fh.seek((pgno - 1) * PAGE_SIZE)
                if page_format(fh.read(PAGE_SIZE), pgno, hk) is not None:
                    return True
    except OSError:
        return False
    return False


def damage(path: Path, key: bytes) -> str:
    """What is wrong with a file whose key fits (see :func:`key_fits`), in a few words."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        return "it cannot be read"
    if size % PAGE_SIZE:
        return f"it was cut short: {size:,} bytes is not a whole number of pages"
    try:
        with open(path, "rb") as fh:
            hk = hmac_key(key, fh.read(SALT_BYTES))
            fh.seek(0)
            if page_format(fh.read(PAGE_SIZE), 1, hk) is None:
                return "its first page is damaged"
    except OSError:
        return "it cannot be read"
    return "some of its pages are damaged or it was cut short"


def too_short(path: Path, size: int) -> CannotUnlock:
    """A file shorter than one page: empty, cut short, or never a casebook (no key can tell)."""
    if size == 0:
        return DamagedFile(f"{Path(path).name} is empty: it is not a casebook, or one that was cut short; if "
                           f"it was a casebook, {DAMAGED_ADVICE}")
    return WrongPassphrase(f"not a casebook file ({size:,} bytes is too short to be one); if it was a "
                           f"casebook it was cut short: {DAMAGED_ADVICE}")


def unreadable(path: Path, key: bytes, exc: BaseException) -> CasebookError:
    """The error to report when ``exc`` stopped the casebook at ``path`` opening with ``key``."""
    code = primary_code(exc)
    if code == SQLITE_FULL or (code in (SQLITE_IOERR, SQLITE_CANTOPEN) and low_on_space(path)):
        return DiskFull("the disk holding the casebook is full, so it cannot be opened (it needs room for "
                        "its working files); free some space and try again. The file was not changed",
                        exit_code=4)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return Busy("the casebook is busy: another program (the Casebook app or another command) is "
                    "updating it; try again in a moment")
    if code == SQLITE_CANTOPEN:
        return CannotUnlock("cannot open the casebook: its folder must be writable (Casebook keeps its "
                            "working files, name-wal and name-shm, beside it)")
    if code == SQLITE_READONLY:
        return CannotUnlock("cannot open the casebook for writing: the file or its folder is read-only")
    if key_fits(path, key):
        return DamagedFile(f"the casebook file is damaged ({damage(path, key)}); {DAMAGED_ADVICE}")
    return WrongPassphrase()


def translate(exc: BaseException, path: Path | None = None) -> CasebookError | None:
    """A user-facing error for a SQLite failure while working on an open casebook (``None``: not one we
    can put in words — a programming error, to be reported as such). ``path``: the casebook's file, to
    tell an I/O error on a full disk from another."""
    if not isinstance(exc, DatabaseError):
        return None
    code = primary_code(exc)
    if code == SQLITE_FULL or (code == SQLITE_IOERR and path is not None and low_on_space(path)):
        return DiskFull()
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return Busy()
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DamagedFile(f"the casebook file is damaged; {DAMAGED_ADVICE}")
    if code == SQLITE_IOERR:
        return CasebookError("the disk could not read or write the casebook (an I/O error); nothing more "
                             "was saved. Check the disk, then run 'casebook check'")
    if code == SQLITE_READONLY:
        return CasebookError("the casebook is read-only here (the file or its folder); nothing was saved")
    return None


__all__ = ["DAMAGED_ADVICE", "damage", "key_fits", "low_on_space", "primary_code",
           "too_short", "translate", "unreadable"]
