"""The people on a case: POM, COM, psychologists, the PPCS caseworker, counsel, experts, family and
supporters (issue 12). A contact belongs to a client and, optionally, to one of that client's matters.

Plain dataclass and the parsers of its fields; no storage, no clock, no Qt. The record is declared in
:mod:`casebook.domain.records` (``CONTACTS``) and kept by :mod:`casebook.services.contacts`.
Messages never repeat what was typed (it may be client data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from casebook.domain.vocabulary import CONTACT_ROLES

#: Loose on purpose: something, an @, something with a dot in it (secure addresses such as
#: ``name@hmpps.gov.uk`` or ``…@cjsm.net`` pass; a full RFC 5322 check would refuse real addresses).
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]*[^@\s.][^@\s]*\.[^@\s.][^@\s]*$")
_PHONE_RE = re.compile(r"^[0-9 +()\-]+$")
PHONE_MAX = 40


def _s(raw: Any) -> str:
    return (str(raw) if raw is not None else "").strip()


def role_code(raw: Any) -> str:
    """A code of :data:`CONTACT_ROLES` (case and spaces forgiven: ``"Independent psychologist"``)."""
    s = _s(raw).lower().replace("_", "-")
    s = re.sub(r"\s+", "-", s)
    roles = ", ".join(CONTACT_ROLES)
    if not s:
        raise ValueError(f"is required: one of {roles}")
    if s not in CONTACT_ROLES:
        raise ValueError(f"must be one of: {roles}")
    return s


def email(raw: Any) -> str:
    """An email address, checked loosely (an @ and a dot after it); blank: none ("")."""
    s = _s(raw)
    if not s:
        return ""
    if not _EMAIL_RE.match(s) or len(s) > 254:
        raise ValueError("must be an email address with an @ and a domain, such as name@example.org")
    return s


def phone(raw: Any) -> str:
    """A telephone number as typed: digits, spaces and + ( ) - only; blank: none ("")."""
    s = re.sub(r"\s+", " ", _s(raw))
    if not s:
        return ""
    if not _PHONE_RE.match(s) or not any(ch.isdigit() for ch in s):
        raise ValueError("may contain only digits, spaces and + ( ) -, e.g. +44 (0)20 7946 0000")
    if len(s) > PHONE_MAX:
        raise ValueError(f"is too long (at most {PHONE_MAX} characters)")
    return s


def role_label(code: str) -> str:
    return CONTACT_ROLES.get(code, code)


@dataclass
class Contact:
    """Someone on a client's case. ``matter_id`` None: a general contact of the client (offered on every
    matter); else the contact of that matter."""

    id: int | None
    client_id: int
    name: str
    role: str
    matter_id: int | None = None
    organisation: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def display(self) -> str:
        """"Name (Organisation)" or the name alone: how a list or a letter names the contact."""
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


__all__ = ["PHONE_MAX", "Contact", "email", "phone", "role_code", "role_label"]
