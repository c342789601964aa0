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

# ---------------------------------------------------------------------------- text that is safe to show
#: Characters refused in names and other single-line fields (issue 15, fault 7): the C0 controls (escape,
#: bell, backspace, tab, line breaks…), DEL, the C1 controls (U+0080–U+009F: U+009B is a one-character
#: escape sequence on some terminals), and the bidirectional embeddings, overrides and isolates
#: (U+202A–U+202E, U+2066–U+2069) that make text display in an order other than the one stored
#: ("Trojan Source", CVE-2021-42574).
_UNSAFE_LINE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: The same, but for free text on a terminal: tabs and line breaks (\n) stay.
_UNSAFE_TERMINAL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: What a JSON string may hold raw but a terminal may act on: escaped as \uXXXX (lossless).
_JSON_ESCAPE_RE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SINGLE_LINE_MESSAGE = ("must not contain control characters (escape, tab, a line break…) or text-direction "
                       "overrides")


def check_single_line(value: str) -> str:
    """``value`` unchanged, or ``ValueError`` if it holds a character of :data:`_UNSAFE_LINE_RE`."""
    if _UNSAFE_LINE_RE.search(value):
        raise ValueError(SINGLE_LINE_MESSAGE)
    return value


def for_terminal(text: str) -> str:
    """``text`` without the characters a terminal would act on (escape sequences, carriage returns,
    bidi overrides); tabs and line breaks kept. For output only: stored text is never changed."""
    return _UNSAFE_TERMINAL_RE.sub("", text)


def json_for_terminal(text: str) -> str:
    """JSON text with DEL, C1 controls and bidi controls written as ``\\uXXXX`` escapes: the same JSON
    value, but nothing in it a terminal acts on (``json.dumps`` already escapes the C0 controls)."""
    return _JSON_ESCAPE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)




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


#: The longest term accepted, unit by unit (issue 15, fault 4): anything longer is a slip of the keyboard,
#: and the release-date arithmetic must stay within the calendar (year 9999). 150 years is far beyond any
#: determinate term or tariff passed in England and Wales.
TERM_LIMITS = {"Y": 150, "M": 1800, "W": 7800, "D": 55000}
TERM_LIMIT_TEXT = "150 years (1800 months, 7800 weeks or 55000 days)"


_TERM_UNITS = {"y": "Y", "yr": "Y", "yrs": "Y", "year": "Y", "years": "Y",
               "m": "M", "mth": "M", "mths": "M", "month": "M", "months": "M",
               "w": "W", "wk": "W", "wks": "W", "week": "W", "weeks": "W",
               "d": "D", "day": "D", "days": "D"}
_TERM_PART = re.compile(r"(\d+)\s*([a-z]+)")


def everyday_term(text: str) -> str:
    """A term as a solicitor writes it ("4 years 6 months", "18 months", "2 years and 3 days", "4 yrs")
    in the short form :func:`parse_period` reads ("4Y6M"); anything else is returned as typed, for it to
    judge. (Typing "4 years" was refused with "must be a term like P4Y6M", in the app and the CLI.)"""
    t = (text or "").strip().lower()
    if not t or t.startswith("p"):
        return text
    rest = re.sub(r"[,&]|\band\b", " ", t)
    parts = _TERM_PART.findall(rest)
    if not parts or _TERM_PART.sub("", rest).strip():
        return text
    units = [_TERM_UNITS.get(u) for _n, u in parts]
    if None in units or len(set(units)) != len(units):
        return text
    order = "YMWD"
    pairs = sorted(((u, n) for (n, _u), u in zip(parts, units, strict=True)), key=lambda p: order.index(p[0]))
    return "".join(f"{n}{u}" for u, n in pairs)


def parse_period(value: str | None, *, required: bool = False) -> str | None:
    """An ISO-8601 period of years/months/weeks/days (``P4Y6M``); ``4y 6m`` and the way a solicitor
    writes it ("4 years 6 months", "18 months") are accepted too. Each part is at most
    :data:`TERM_LIMITS`."""
    v = everyday_term(value or "").strip().upper().replace(" ", "")
    if not v:
        if required:
            raise ValueError("is required, e.g. 4 years 6 months")
        return None
    if not v.startswith("P"):
        v = "P" + v
    m = _ISO_PERIOD_RE.match(v)
    if not m:
        raise ValueError("must be a term like 4 years 6 months, 18 months or 2 years 3 days")
    for n, unit in zip(m.groups(), "YMWD", strict=True):
        if n is not None and (len(n) > 6 or int(n) > TERM_LIMITS[unit]):
            raise ValueError(f"is too long: a term is at most {TERM_LIMIT_TEXT}")
    return v


#: How far ahead a date may be (issue 15, fault 8): one rule for every dated record — events, sentences,
#: directions, hearings — so a typing slip (2099 for 2029) is caught wherever it is made.
MAX_DAYS_AHEAD = 3660  # ten years
EARLIEST_YEAR = 1900


#: SQLite's integers are 64-bit: an id beyond them names no record (and must not reach the driver,
#: which would overflow).
MAX_ID = 2**63 - 1


def fits_id(n: object) -> bool:
    """Whether ``n`` could be the id of a stored record (an int SQLite can hold)."""
    return isinstance(n, int) and not isinstance(n, bool) and -MAX_ID - 1 <= n <= MAX_ID


def date_problem(d: _dt.date | None, today: _dt.date | None) -> str | None:
    """Why ``d`` is not a plausible date for a record made ``today`` (``None`` if it is): before 1900, or
    more than ten years ahead."""
    if d is None:
        return None
    if d.year < EARLIEST_YEAR:
        return f"is before {EARLIEST_YEAR}; please check it"
    if today is not None and d > today + _dt.timedelta(days=MAX_DAYS_AHEAD):
        return "is more than ten years ahead; please check it"
    return None


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
