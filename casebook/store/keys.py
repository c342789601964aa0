"""Passphrase → 256-bit raw SQLCipher key.

Design (docs/architecture.md, "Storage and keys"):

* Argon2id, memory-hard, with the casebook file's own 16-byte SQLCipher salt as the Argon2 salt, so
  a casebook stays one file. The salt is the first 16 bytes of every SQLCipher 4 file.
* The derived key is handed to SQLCipher as a raw key (``PRAGMA key = "x'…'"``); the hex text is
  built from bytes we derived, never from user text. SQLCipher then uses the raw key directly (no
  second PBKDF2 pass).
* No passphrase hash is stored anywhere: a passphrase is right if and only if the file opens.

Parameters are versioned. ``V1`` is tuned to roughly 0.5–1 s on a current laptop (see
``bench/bench_kdf.py``). Should the parameters ever change, add ``V2`` and make unlock try the
versions newest first; existing files keep opening.

Passphrases are Unicode-normalised (NFC) before the KDF: "café" typed with a precomposed "é" (most
keyboards) or as "e" + combining accent (some input methods, macOS file names pasted) is the same
passphrase. Files made before this with a passphrase that was not NFC still open:
:func:`passphrase_forms` gives the NFC form first, then the form as typed (and its NFD form), and
:meth:`casebook.store.casebook.Casebook.open` re-keys such a file to the NFC key once it opens.

Tests use cheap parameters through an explicit, test-only switch: ``use_test_kdf()`` in-process, or
``CASEBOOK_INSECURE_TEST_KDF=1`` for CLI subprocesses. A file made with test parameters does not open
with production parameters (and vice versa), so the switch can never weaken a real casebook.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

SALT_BYTES = 16
KEY_BYTES = 32


@dataclass(frozen=True)
class KdfParams:
    name: str
    time_cost: int
    memory_kib: int
    parallelism: int


V1 = KdfParams("argon2id-v1", time_cost=3, memory_kib=256 * 1024, parallelism=4)
TEST = KdfParams("argon2id-insecure-test", time_cost=1, memory_kib=8, parallelism=1)

_test_mode = False


def use_test_kdf(enabled: bool = True) -> None:
    """Test-only: derive keys with cheap parameters (never use in the shipped app)."""
    global _test_mode
    _test_mode = enabled


def current_params() -> KdfParams:
    if _test_mode or os.environ.get("CASEBOOK_INSECURE_TEST_KDF") == "1":
        return TEST
    return V1


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def insecure_test_kdf() -> bool:
    """Whether keys are being derived with the cheap test parameters (tests, benchmarks)."""
    return current_params() is TEST


def normalise_passphrase(passphrase: str) -> str:
    """The passphrase as the KDF sees it: Unicode NFC (one code point for "é", however it was typed)."""
    return unicodedata.normalize("NFC", passphrase)


def passphrase_forms(passphrase: str) -> list[str]:
    """The forms to try when opening, NFC first: then, for files keyed before passphrases were
    normalised, the passphrase exactly as typed and its NFD (decomposed) form. Without repeats; for a
    plain ASCII passphrase just the one."""
    forms: list[str] = []
    for form in (normalise_passphrase(passphrase), passphrase, unicodedata.normalize("NFD", passphrase)):
        if form not in forms:
            forms.append(form)
    return forms


def derive_key(passphrase: str, salt: bytes, params: KdfParams | None = None, *,
               normalise: bool = True) -> bytes:
    """The raw key for ``passphrase`` (NFC-normalised first; ``normalise=False`` only to open a file
    keyed before passphrases were normalised)."""
    if len(salt) != SALT_BYTES:
        raise ValueError("salt must be 16 bytes")
    p = params or current_params()
    if normalise:
        passphrase = normalise_passphrase(passphrase)
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=p.time_cost,
        memory_cost=p.memory_kib,
        parallelism=p.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def key_pragma_value(key: bytes, salt: bytes | None = None) -> str:
    """The literal for ``PRAGMA key``/``rekey``: a blob of our own bytes, hex-encoded.

    With ``salt`` the 96-hex-digit form also fixes the file salt of a new database.
    """
    if len(key) != KEY_BYTES:
        raise ValueError("key must be 32 bytes")
    body = key.hex() + (salt.hex() if salt is not None else "")
    return f"\"x'{body}'\""


def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """A rough 0–4 score and an English hint, for the create-casebook form.

    Deliberately simple (length and variety): the KDF does the heavy lifting; this nudges people
    towards a long passphrase of several words.
    """
    n = len(passphrase)
    classes = sum(
        [
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isalnum() for c in passphrase),
        ]
    )
    words = len([w for w in passphrase.replace("-", " ").split() if w])
    if n < 8:
        return 0, "Too short: use at least 12 characters — four random words work well."
    if n < 12:
        return 1, "Weak: make it longer (12+ characters, or several words)."
    if n < 16 and classes < 3 and words < 3:
        return 2, "Fair: longer is stronger — add another word."
    if n >= 20 or words >= 4:
        return 4, "Strong."
    return 3, "Good."
