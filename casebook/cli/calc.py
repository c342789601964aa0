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
import sys

from casebook.domain import DATE_CODES
from casebook.domain.dates import uk_date
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


def _ordered(dates: dict) -> list[str]:
    return sorted(dates, key=lambda k: (ORDER.index(k) if k in ORDER else len(ORDER), k))


def calc_file(path: str) -> dict:
    """Calculate one file. Returns the JSON object for it (never raises for bad input)."""
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except OSError as exc:
        return {"file": path, "error": f"cannot read the file: {exc.strerror or exc}"}
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {"file": path, "error": f"not valid JSON: {exc}"}
    try:
        result = calculate(parse_booking(doc))
    except NotSupported as exc:
        return {"file": path, "error": str(exc), "unsupported": True}
    except InvalidBooking as exc:
        return {"file": path, "error": f"invalid booking: {exc}"}
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        return {"file": path, "error": f"invalid booking: {type(exc).__name__}: {exc}"}
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
