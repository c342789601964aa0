"""``casebook offence search TEXT`` — the offence catalogue (resources/offences), ranked for a name.

No casebook is opened: the catalogue ships with the app. ``sentence add --offence ID`` takes the ids this
prints."""

from __future__ import annotations

from casebook.errors import BadInput
from casebook.offences import Offence, catalogue


def register(sub, groups) -> None:
    offence = sub.add_parser("offence", help="the offence catalogue (no casebook needed)").add_subparsers(
        dest="offence_command", metavar="ACTION", required=True)
    p = offence.add_parser("search", help="offences matching a name, best first, with their release flags")
    p.add_argument("text", nargs="+", help="words of the offence's name, statute or section (e.g. 'wounding "
                                           "with intent', 's.18', 'coercive')")
    p.add_argument("--limit", type=int, default=10)
    p.set_defaults(func=cmd_offence_search)


def _row(o: Offence) -> dict:
    return {"id": o.id, "title": o.title, "statute": o.citation, "maximum": o.as_json()["maximum"],
            "flags": [f.as_json() for f in o.flags]}


def cmd_offence_search(args, ctx) -> int:
    text = " ".join(args.text)
    found = catalogue().search(text, max(1, args.limit))
    lines = [f"{o.id:<22} {o.title} ({o.citation})" + (f"  [{', '.join(f.code for f in o.flags)}]"
                                                       if o.flags else "") for o in found]
    ctx.emit([_row(o) for o in found], "\n".join(lines) if lines else f"No offence matches {text!r}.")
    return 0 if found else 1


def resolve(value: str) -> Offence:
    """The catalogue offence for an id given to ``--offence``; free text is refused with the nearest."""
    o = catalogue().get(value)
    if o is not None:
        return o
    near = catalogue().search(value, 3)
    hint = "; ".join(f"{n.id} ({n.title}, {n.citation})" for n in near)
    raise BadInput(f"{value!r} is not an offence id in the catalogue"
                   + (f" — nearest: {hint}" if hint else "")
                   + ". Nothing was saved; find ids with: casebook offence search TEXT")
