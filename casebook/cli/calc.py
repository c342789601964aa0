"""``casebook calc FILE.json [FILE.json …] [--json]`` — stateless release-date calculation.

Reads bookings in the HMPPS *Calculate Release Dates* JSON format (shared/oracles/README.md) and needs
no casebook. With ``--json`` it prints one JSON object per input file, one per line:

    {"file": PATH, "dates": {"CRD": "YYYY-MM-DD", …}, "effectiveSentenceLength": "P…"}
    {"file": PATH, "error": "not supported: … — enter the prison's dates", "unsupported": true}
    {"file": PATH, "error": "…"}                      (unreadable or invalid input)

Without ``--json`` a readable table of the dates (26 November 2026) with the working under each.
Exit codes: 0 all calculated · 1 a file was unreadable or invalid · 3 a booking is not supported.
Errors go to stderr, one line each, never a traceback.
"""

from __future__ import annotations

import json
import math
import re
import sys

from casebook.domain import DATE_CODES
from casebook.domain.dates import uk_date
from casebook.domain.validate import TERM_LIMIT_TEXT, TERM_LIMITS
from casebook.sentencing import InvalidBooking, NotSupported, calculate
from casebook.sentencing.hmpps_json import parse_booking

# Display order of the HMPPS date codes.
ORDER = ("SED", "LED", "SLED", "CRD", "ARD", "PED", "HDCED", "TUSED", "PRRD", "ERSED", "ESED", "MTD",
         "ETD", "LTD")
NAMES = DATE_CODES  # one vocabulary of date names for the whole app


def register(sub, groups) -> None:
    p = sub.add_parser(
        "calc",
        help="calculate release dates from HMPPS booking JSON (no casebook needed)",
        description="Calculate the HMPPS release-date set for each booking file, with the working. "
        "Bookings the engine does not support are refused with a reason, never guessed.",
    )
    p.add_argument("files", nargs="+", metavar="FILE.json", help="HMPPS booking JSON file(s)")
    p.set_defaults(func=handler)


# ---------------------------------------------------------------------------- bounds at the edge
# Checked before the HMPPS reader sees the document (issue 15, fault 4): a file too large, JSON nested
# too deeply (the reader recurses), a number that is not finite or not a sane size, or a duration or a
# number of days beyond what the date arithmetic can hold is refused with one line, never a traceback.
MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NUMBER_DIGITS = 15
#: HMPPS duration units → the limit of the same unit for a term typed into a casebook.
DURATION_LIMITS = {"YEARS": TERM_LIMITS["Y"], "MONTHS": TERM_LIMITS["M"], "WEEKS": TERM_LIMITS["W"],
                   "DAYS": TERM_LIMITS["D"]}
MAX_ADJUSTMENT_DAYS = 100_000  # as for an adjustment kept in a casebook
_STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET_RE = re.compile(r"[\[\]{}]")


class OutOfBounds(ValueError):
    """A booking file beyond the limits above."""


def _depth(text: str) -> int:
    depth = deepest = 0
    for m in _BRACKET_RE.finditer(_STRING_RE.sub('""', text)):
        depth += 1 if m.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _number(text: str) -> float | int:
    digits = sum(c.isdigit() for c in text.split("e")[0].split("E")[0])
    value = float(text) if any(c in text for c in ".eE") else int(text)
    if digits > MAX_NUMBER_DIGITS or (isinstance(value, float) and not math.isfinite(value)) \
            or abs(value) >= 10 ** MAX_NUMBER_DIGITS:
        raise OutOfBounds(f"a number is out of range ({text[:20]})")
    return value


def _refuse_constant(name: str):
    raise OutOfBounds(f"{name} is not a number a booking can hold")


def _whole(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def _check_limits(doc) -> None:
    """Durations and days within :data:`DURATION_LIMITS` / :data:`MAX_ADJUSTMENT_DAYS` (iterative: the
    depth is already bounded, but no recursion is needed)."""
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for k, v in node.items():
                limit = DURATION_LIMITS.get(k) or (MAX_ADJUSTMENT_DAYS if k == "numberOfDays" else None)
                if limit is not None and v not in (None, ""):
                    n = _whole(v)
                    if n is not None and abs(n) > limit:
                        what = (f"a term is at most {TERM_LIMIT_TEXT}" if k in DURATION_LIMITS
                                else f"an adjustment is at most {MAX_ADJUSTMENT_DAYS} days")
                        raise OutOfBounds(f"{k} {n} is out of range: {what}")
                stack.append(v)
        elif isinstance(node, list):
            stack.extend(node)


def load_booking(path: str):
    """The JSON document of a booking file, within the bounds above (:class:`OutOfBounds` otherwise)."""
    with open(path, "rb") as fh:
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise OutOfBounds(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB: not a booking")
    text = raw.decode("utf-8")
    if _depth(text) > MAX_DEPTH:
        raise OutOfBounds(f"the JSON is nested more than {MAX_DEPTH} levels deep: not a booking")
    doc = json.loads(text, parse_int=_number, parse_float=_number, parse_constant=_refuse_constant)
    _check_limits(doc)
    return doc


def _ordered(dates: dict) -> list[str]:
    return sorted(dates, key=lambda k: (ORDER.index(k) if k in ORDER else len(ORDER), k))


def calc_file(path: str) -> dict:
    """Calculate one file. Returns the JSON object for it (never raises for bad input)."""
    try:
        doc = load_booking(path)
    except OSError as exc:
        return {"file": path, "error": f"cannot read the file: {exc.strerror or exc}"}
    except OutOfBounds as exc:
        return {"file": path, "error": f"invalid booking: {exc}"}
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {"file": path, "error": f"not valid JSON: {exc}"}
    except RecursionError:  # (not reached: the depth is checked first)
        return {"file": path, "error": "invalid booking: the JSON is nested too deeply"}
    try:
        result = calculate(parse_booking(doc))
    except NotSupported as exc:
        return {"file": path, "error": str(exc), "unsupported": True}
    except InvalidBooking as exc:
        return {"file": path, "error": f"invalid booking: {exc}"}
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        return {"file": path, "error": f"invalid booking: {type(exc).__name__}: {exc}"}
    except (ArithmeticError, RecursionError) as exc:  # a date beyond the calendar: refused, never a traceback
        return {"file": path,
                "error": f"invalid booking: a date or term is out of range ({type(exc).__name__})"}
    out = {
        "file": path,
        "dates": {k: result.dates[k].date.isoformat() for k in _ordered(result.dates)},
        "effectiveSentenceLength": result.effective_sentence_length,
    }
    out["_result"] = result
    return out


def _print_human(obj: dict) -> None:
    print(obj["file"])
    if "error" in obj:
        print(f"  {obj['error']}")
        print()
        return
    result = obj["_result"]
    width = max(len(NAMES.get(k, k)) for k in result.dates) + 8
    for code in _ordered(result.dates):
        r = result.dates[code]
        label = f"{NAMES.get(code, code)} ({code})"
        flag = "" if r.confirmed else "  [UNCONFIRMED rule]"
        print(f"  {label:<{width}} {uk_date(r.date)}{flag}")
        print(f"      working: {r.working.arithmetic}")
        print(f"      rule:    {r.working.rule} [{r.working.citation}]")
    print(f"  Effective sentence length: {result.effective_sentence_length}")
    for note in result.notes:
        print(f"  Note: {note}")
    print()


def handler(args, ctx) -> int:
    as_json = bool(getattr(args, "json", False))
    bad = unsupported = False
    for path in args.files:
        obj = calc_file(path)
        if "error" in obj:
            if obj.get("unsupported"):
                unsupported = True
            else:
                bad = True
            print(f"casebook calc: {path}: {obj['error']}", file=sys.stderr)
        if as_json:
            print(json.dumps({k: v for k, v in obj.items() if not k.startswith("_")}, ensure_ascii=False))
        else:
            _print_human(obj)
    if bad:
        return 1
    if unsupported:
        return 3
    return 0
