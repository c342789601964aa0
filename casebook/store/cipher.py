"""How a casebook's pages are authenticated: the page format, and keying a connection for it.

Every page of a SQLCipher 4 file is AES-256-CBC encrypted with a random 16-byte IV and carries an HMAC
of its ciphertext, IV and page number, under a key SQLCipher derives from the raw key (PBKDF2-HMAC-SHA512,
2 iterations, the file salt XOR 0x3a). The HMAC is what proves a page was written with the key and not
changed since. Its algorithm is not recorded in the file; it must be set on the connection after the key
and before the first read.

Two formats are read:

* **HMAC-SHA256** (48 reserved bytes a page: the IV and a 32-byte tag) — every casebook created since
  issue 15. Reading a page costs its decryption and its HMAC; SHA-512 is the larger part of that on
  current processors, which compute SHA-256 in hardware (the SHA extensions of Intel since 2019's Ice
  Lake and of AMD Zen, and Apple silicon's): measured on this project's 2-core build machine, 887 MB/s
  v 294 MB/s, about 9 µs less for every page read — opening a client of a ten-year casebook cold went
  from 2.0x to 1.2x a plain SQLite file's time (docs/security.md). A 256-bit tag under a 256-bit key is
  well beyond what tampering can forge; SQLCipher supports it as a standard setting.
* **HMAC-SHA512** (80 reserved bytes: SQLCipher 4's default) — casebooks created before. They open and
  work as before; their backups keep their format (a backup is a copy of the pages).

A file's format is found from its first page when that page is in the main file and authenticates
(:func:`format_of`); otherwise each format is tried in turn (:data:`FORMATS`, the current first).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path

from casebook.store import keys

PAGE_SIZE = 4096  #: SQLCipher 4's default page size (Casebook never changes it)
SALT_BYTES = 16
IV_BYTES = 16
HMAC_SALT_MASK = 0x3A


@dataclass(frozen=True)
class PageFormat:
    name: str  #: what ``casebook check`` reports
    pragma: str  #: the value of ``PRAGMA cipher_hmac_algorithm``
    digest: str  #: hashlib's name for the HMAC's hash
    reserve: int  #: bytes reserved at the end of each page: the IV and the HMAC

    @property
    def tag_start(self) -> int:
        """Where the HMAC begins in a page: after the ciphertext and its IV."""
        return PAGE_SIZE - self.reserve + IV_BYTES

    @property
    def tag_end(self) -> int:
        return self.tag_start + hashlib.new(self.digest).digest_size


HMAC_SHA256 = PageFormat("HMAC-SHA256", "HMAC_SHA256", "sha256", 48)
HMAC_SHA512 = PageFormat("HMAC-SHA512", "HMAC_SHA512", "sha512", 80)
CURRENT = HMAC_SHA256  #: what new casebooks are created with
FORMATS = (HMAC_SHA256, HMAC_SHA512)  #: what can be opened, the current first


def apply_key(conn, key: bytes, fmt: PageFormat, salt: bytes | None = None) -> None:
    """Key ``conn`` (a connection that has not read anything yet) with the raw ``key`` for pages of
    format ``fmt``; with ``salt``, the salt of a new file."""
    conn.execute(f"PRAGMA key = {keys.key_pragma_value(key, salt)}")
    conn.execute(f"PRAGMA cipher_hmac_algorithm = {fmt.pragma}")


def hmac_key(key: bytes, salt: bytes) -> bytes:
    """The key SQLCipher authenticates pages with, derived from the raw key and the file salt."""
    return hashlib.pbkdf2_hmac("sha512", key, bytes(b ^ HMAC_SALT_MASK for b in salt), 2, len(key))


def page_authentic(page: bytes, pgno: int, hk: bytes, fmt: PageFormat) -> bool:
    """Whether one whole page (``PAGE_SIZE`` bytes, as read from the file) of format ``fmt`` carries a
    valid HMAC under the HMAC key ``hk`` (:func:`hmac_key`)."""
    if len(page) != PAGE_SIZE:
        return False
    start = SALT_BYTES if pgno == 1 else 0
    mac = hmac.new(hk, page[start:fmt.tag_start] + pgno.to_bytes(4, "little"), fmt.digest).digest()
    return hmac.compare_digest(mac, page[fmt.tag_start:fmt.tag_end])


def page_format(page: bytes, pgno: int, hk: bytes) -> PageFormat | None:
    """The format under which this page authenticates, or ``None`` (wrong key, damaged, not a page)."""
    return next((f for f in FORMATS if page_authentic(page, pgno, hk, f)), None)


def format_of(path: Path, key: bytes) -> PageFormat | None:
    """The format of the casebook at ``path`` if its first page is in the main file and authenticates
    under ``key``; ``None`` if that cannot be told (wrong key, damaged, or not yet copied from the
    write-ahead log). Never raises for a short or unreadable file."""
    try:
        with open(path, "rb") as fh:
            first = fh.read(PAGE_SIZE)
    except OSError:
        return None
    if len(first) != PAGE_SIZE or len(key) != keys.KEY_BYTES:
        return None
    return page_format(first, 1, hmac_key(key, first[:SALT_BYTES]))


def formats_to_try(path: Path, key: bytes) -> tuple[PageFormat, ...]:
    """The formats to open ``path`` with, in order: the one its first page shows, else every format."""
    found = format_of(path, key)
    return (found,) if found is not None else FORMATS


__all__ = ["CURRENT", "FORMATS", "HMAC_SHA256", "HMAC_SHA512", "PAGE_SIZE", "PageFormat", "apply_key",
           "format_of", "formats_to_try", "hmac_key", "page_authentic", "page_format"]
