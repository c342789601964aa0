"""Field validation shared by the services, the CLI and the forms.

Each ``parse_*`` returns the canonical value or raises ``ValueError`` with an English message that
says what is expected; messages never echo the value back (it may be client data).
"""

from __future__ import annotations

import datetime as _dt
import re

from casebook.domain.dates import format_date  # noqa: F401 - the one UK date formatter, re-exported for forms

PRISON_NUMBER_RE = re.compile(r"^[A-Z]\d{4}[A-Z]{2}$")
_CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"  # mod-23 check alphabet used by PNC and CRO numbers
_PNC_RE = re.compile(r"^(\d{2}|\d{4})/(\d{1,7})([A-Z])$")
_CRO_RE = re.compile(r"^(\d{1,6})/(\d{2})([A-Z])$")
_CRO_SF_RE = re.compile(r"^SF(\d{2})/(\d{1,6})([A-Z])$")
_ISO_PERIOD_RE = re.compile(r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_DMY_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")



def parse_prison_number(value: str) -> str:
    v = (value or "").strip().upper().replace(" ", "")
    if not PRISON_NUMBER_RE.match(v):
        raise ValueError("must be a letter, four digits and two letters, like A1234BC")
    return v


def check_letter(digits: str) -> str:
    return _CHECK_LETTERS[int(digits) % 23]


def parse_pnc(value: str, today: _dt.date | None = None) -> str:
    """A PNC ID, canonical ``YYYY/NNNNNNNC``; also accepts the short ``YY/NNNNNNNC`` form, whose century
    is read against ``today`` (required for that form: the core never reads the wall clock itself)."""
    v = (value or "").strip().upper().replace(" ", "")
    m = _PNC_RE.match(v)
    if not m:
        raise ValueError("must look like 2003/0062845E or 03/62845E (year / serial and check letter)")
    year, serial, letter = m.groups()
    if len(year) == 2:
        yy = int(year)
        if today is None:
            raise TypeError("parse_pnc needs today= to read a two-digit year")
        this_yy = today.year % 100
        year = f"{20 if yy <= this_yy else 19}{year}"
    serial7 = serial.zfill(7)
    if check_letter(year[-2:] + serial7) != letter:
        raise ValueError("check letter does not match; please re-check the PNC ID")
    return f"{year}/{serial7}{letter}"


def parse_cro(value: str) -> str:
    """A CRO number, ``NNNNNN/YYC`` or ``SFYY/NNNNNNC``, with its mod-23 check letter."""
    v = (value or "").strip().upper().replace(" ", "")
    m = _CRO_RE.match(v)
    if m:
        serial, yy, letter = m.groups()
        if check_letter(yy + serial.zfill(6)) != letter:
            raise ValueError("check letter does not match; please re-check the CRO number")
        return f"{serial}/{yy}{letter}"
    m = _CRO_SF_RE.match(v)
    if m:
        yy, serial, letter = m.groups()
        if check_letter(yy + serial.zfill(6)) != letter:
            raise ValueError("check letter does not match; please re-check the CRO number")
        return f"SF{yy}/{serial}{letter}"
    raise ValueError("must look like 265416/21G or SF05/482703J")


def parse_date(value: str | _dt.date | None, *, required: bool = True) -> _dt.date | None:
    """A date from ``YYYY-MM-DD`` (CLI, files) or ``DD/MM/YYYY`` (forms)."""
    if isinstance(value, _dt.date):
        return value
    v = (value or "").strip()
    if not v:
        if required:
            raise ValueError("is required (DD/MM/YYYY)")
        return None
    m = _DMY_RE.match(v)
    try:
        if m:
            d, mth, y = (int(x) for x in m.groups())
            return _dt.date(y, mth, d)
        return _dt.date.fromisoformat(v)
    except ValueError:
        raise ValueError("is not a real date; use DD/MM/YYYY (or YYYY-MM-DD)") from None


def parse_period(value: str | None, *, required: bool = False) -> str | None:
    """An ISO-8601 period of years/months/weeks/days (``P4Y6M``); ``4y 6m`` is accepted too."""
    v = (value or "").strip().upper().replace(" ", "")
    if not v:
        if required:
            raise ValueError("is required, e.g. P4Y6M (4 years 6 months)")
        return None
    if not v.startswith("P"):
        v = "P" + v
    m = _ISO_PERIOD_RE.match(v)
    if not m:
        raise ValueError("must be a term like P4Y6M, P18M or P2Y3D (years, months, weeks, days)")
    return v


def format_period(p: str | None) -> str:
    if not p:
        return ""
    m = _ISO_PERIOD_RE.match(p)
    if not m:
        return p
    parts = []
    for n, unit in zip(m.groups(), ("year", "month", "week", "day"), strict=True):
        if n and int(n):
            parts.append(f"{int(n)} {unit}{'' if int(n) == 1 else 's'}")
    return ", ".join(parts) or "0 days"
