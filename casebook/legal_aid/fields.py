"""Parsers and checks for the legal-aid records (used by their specs in :mod:`casebook.domain.records`).

Each parser takes raw input and returns the value, or raises ``ValueError`` with a message that says
what is expected and never repeats the input.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from casebook.domain.spec import Check, Codec
from casebook.legal_aid.engine import ACTIVITIES, ITEM_ACTIVITIES, RATE_KINDS, parse_ufn
from casebook.legal_aid.schemes import CLASSES

#: A JSON object stored as text (none stored: an empty object).
JSON_OBJECT = Codec("json-object", lambda v: json.dumps(v or {}, sort_keys=True),
                    lambda s: json.loads(s or "{}"))
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def ufn(raw: Any, today: _dt.date | None) -> str | None:
    """A UFN ``DDMMYY/NNN`` (blank: none)."""
    if _blank(raw):
        return None
    return parse_ufn(raw, today)[0]


def yes_no(raw: Any) -> bool | None:
    """Yes or no (blank: not known)."""
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        return raw
    s = str(raw).strip().lower()
    if s in ("yes", "y", "true", "1"):
        return True
    if s in ("no", "n", "false", "0"):
        return False
    raise ValueError("must be yes or no")


def pounds_to_pence(raw: Any) -> int | None:
    """An amount in pounds (``"123.45"``, ``"£1,200"``) as whole pence (blank: none)."""
    if _blank(raw):
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        raise ValueError("give an amount in pounds as text, e.g. 123.45")
    try:
        d = Decimal(str(raw).strip().replace("£", "").replace(",", ""))
    except InvalidOperation:
        raise ValueError("must be an amount in pounds, e.g. 123.45") from None
    if not d.is_finite() or d < 0 or d != d.quantize(Decimal("0.01")):
        raise ValueError("must be an amount in pounds and pence, not negative")
    return int(d * 100)


def amount(raw: Any) -> str:
    """A positive amount in pounds, kept as exact text with two decimals (``"45.35"``)."""
    pence = pounds_to_pence(raw)
    if not pence:
        raise ValueError("must be a positive amount in pounds, e.g. 45.35")
    return f"{Decimal(pence) / 100:.2f}"


def decimal_text(raw: Any, *, positive: bool = False) -> str:
    """A number of hours or miles as exact text (blank: "0" unless ``positive``)."""
    if _blank(raw):
        if positive:
            raise ValueError("is required")
        return "0"
    try:
        d = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError("must be a number") from None
    if not d.is_finite() or d < 0 or (positive and d == 0) or d != d.quantize(Decimal("0.01")):
        raise ValueError("must be a positive number (up to two decimals)" if positive
                         else "must be a number, not negative (up to two decimals)")
    return str(d.normalize()) if d == d.to_integral() else str(d)


def positive_decimal(raw: Any) -> str:
    return decimal_text(raw, positive=True)


def mileage(raw: Any) -> str:
    return "" if _blank(raw) else decimal_text(raw)


def class_code(raw: Any) -> str:
    s = str(raw or "").strip().upper()
    if s not in CLASSES:
        raise ValueError("must be one of " + ", ".join(CLASSES))
    return s


def optional_class_code(raw: Any) -> str | None:
    return None if _blank(raw) else class_code(raw)


def activity(raw: Any) -> str:
    s = str(raw or "").strip().lower()
    if s not in ACTIVITIES:
        raise ValueError("must be one of " + ", ".join(ACTIVITIES))
    return s


def rate_kind(raw: Any) -> str:
    s = str(raw or "").strip().lower()
    if s not in RATE_KINDS:
        raise ValueError("must be one of " + ", ".join(RATE_KINDS))
    return s


def minutes(raw: Any) -> int:
    """Minutes of work: a positive whole number (blank: none recorded, 0)."""
    if _blank(raw):
        return 0
    try:
        n = int(str(raw).strip())
    except ValueError:
        raise ValueError("must be a positive whole number of minutes") from None
    if n <= 0:
        raise ValueError("must be a positive whole number of minutes")
    if n > 24 * 60:
        raise ValueError("must be at most 1440 (one day); record each day's work as its own entry")
    return n


def count(raw: Any) -> int:
    if _blank(raw):
        return 0
    try:
        n = int(str(raw).strip())
    except ValueError:
        raise ValueError("must be a whole number") from None
    if n < 0:
        raise ValueError("cannot be negative")
    return n


def hhmm(raw: Any) -> str:
    """A time of day ``HH:MM`` (24-hour; blank: none)."""
    if _blank(raw):
        return ""
    m = _HHMM.match(str(raw).strip())
    if not m:
        raise ValueError("must be a time HH:MM (24-hour)")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def slot(raw: Any) -> str:
    """A booked slot ``HH:MM-HH:MM`` (or one time)."""
    if _blank(raw):
        return ""
    parts = [p.strip() for p in str(raw).replace("–", "-").split("-")]
    if len(parts) not in (1, 2):
        raise ValueError("must be HH:MM or HH:MM-HH:MM")
    try:
        times = [hhmm(p) or "" for p in parts]
    except ValueError:
        raise ValueError("must be HH:MM or HH:MM-HH:MM") from None
    if len(times) == 2 and times[1] <= times[0]:
        raise ValueError("ends before it starts")
    return "-".join(times)


def visit_status(raw: Any) -> str:
    s = str(raw or "done").strip()
    if s not in ("running", "done"):
        raise ValueError("must be running or done")
    return s


def timer(raw: Any) -> dict:
    if raw in (None, ""):
        return {}
    if isinstance(raw, str):
        raw = json.loads(raw)
    if not isinstance(raw, dict):
        raise ValueError("is not a timer state")
    return raw


# ---------------------------------------------------------------------------- cross-field checks
def time_entry_check(c: Check) -> None:
    """A time entry has positive minutes, or (letters, emails, calls) a positive item count."""
    act = c.value("activity")
    mins = c.value("minutes_raw") or 0
    items = c.value("items") or 0
    if "activity" in c.errors or "minutes_raw" in c.errors or "items" in c.errors:
        return
    if items and act not in ITEM_ACTIVITIES:
        c.fail("items", "are only for letters, emails and calls (routine items)")
    elif not mins and not items:
        c.fail("minutes", "must be a positive whole number of minutes")


def _later(c: Check, first: str, then: str, message: str) -> None:
    a, b = c.value(first), c.value(then)
    if a and b and b < a and first not in c.errors and then not in c.errors:
        c.fail(then, message)


def visit_check(c: Check) -> None:
    _later(c, "consultation_start", "consultation_end", "is before the consultation started")
    _later(c, "arrived_at", "consultation_start", "is before the arrival at the prison")
    _later(c, "consultation_end", "departed_at", "is before the consultation ended")
    _later(c, "arrived_at", "departed_at", "is before the arrival at the prison")


def class_check(c: Check) -> None:
    _later(c, "opened_on", "closed_on", "cannot be before the date the class opened")


def crm3_check(c: Check) -> None:
    _later(c, "crm3_applied_on", "crm3_granted_on", "cannot be before the application")


def crm4_check(c: Check) -> None:
    _later(c, "applied_on", "granted_on", "cannot be before the application")


__all__ = ["JSON_OBJECT", "activity", "amount", "class_check", "class_code", "count", "crm3_check",
           "crm4_check", "decimal_text", "hhmm", "mileage", "minutes", "optional_class_code",
           "positive_decimal",
           "pounds_to_pence", "rate_kind", "slot", "time_entry_check", "timer", "ufn", "visit_check",
           "visit_status", "yes_no"]
