""""Remember on this device": the raw key (never the passphrase) in the OS keyring.

Service ``Casebook``, account = the file's id (the hex of its SQLCipher salt, readable before
unlock). Losing the keyring never loses data: the passphrase still opens the file. When no usable
backend exists (headless Linux, no Secret Service), every function degrades quietly and
``availability()`` says why, so the UI can show the option as unavailable with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import keyring
from keyring.errors import KeyringError

SERVICE = "Casebook"


@dataclass(frozen=True)
class Availability:
    available: bool
    reason: str


def availability() -> Availability:
    try:
        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return Availability(False, "No system keyring could be loaded on this device.")
    priority = getattr(backend, "priority", 0)
    name = type(backend).__module__ + "." + type(backend).__name__
    if "fail" in name.lower() or "null" in name.lower() or priority <= 0:
        return Availability(
            False,
            "No system keyring is available on this device (for example a Linux session without a "
            "Secret Service). Casebook will ask for the passphrase each time.",
        )
    return Availability(True, f"Stored in the system keyring ({type(backend).__name__}).")


def remember_key(file_id: str, key: bytes) -> bool:
    if not availability().available:
        return False
    try:
        keyring.set_password(SERVICE, file_id, key.hex())
        return True
    except (KeyringError, Exception):  # noqa: BLE001
        return False


def recall_key(file_id: str) -> bytes | None:
    if not availability().available:
        return None
    try:
        value = keyring.get_password(SERVICE, file_id)
    except (KeyringError, Exception):  # noqa: BLE001
        return None
    if not value:
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        return None
    return key if len(key) == 32 else None


def forget_key(file_id: str) -> None:
    if not availability().available:
        return
    try:
        keyring.delete_password(SERVICE, file_id)
    except (KeyringError, Exception):  # noqa: BLE001
        pass
