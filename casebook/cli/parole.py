"""The Board's side of a parole matter: ``direction add|list|done|defer|update|remove``,
``hearing set|show`` and ``witness add|list|update|remove``. Thin over
:mod:`casebook.services.directions` and :mod:`casebook.services.hearings`: every value is validated by the
services, bad input (a direction with no date, a bad date or time, an unknown matter, a matter that is not
a parole matter) exits 1 with one line and saves nothing. Dates are taken as YYYY-MM-DD or DD/MM/YYYY and
shown in English (UK) long form."""

from __future__ import annotations

from casebook.domain.dates import format_date
from casebook.domain.parole import DIRECTION_PARTIES
from casebook.domain.records import DIRECTIONS, HEARING_WITNESSES
from casebook.domain.vocabulary import DIRECTION_STATUSES, HEARING_FORMATS, HEARING_OUTCOMES, WITNESS_STATUSES
from casebook.errors import BadInput
from casebook.services.hearings import check_hearing_fields

_DATE = "DD/MM/YYYY"


def register(sub, groups) -> None:
    direction = sub.add_parser("direction", help="the Parole Board's directions in a parole matter (r.6)")
    direction = direction.add_subparsers(dest="direction_command", metavar="ACTION", required=True)
    p = direction.add_parser("add", help="record a direction: what, who must comply, and by when")
    p.add_argument("--matter", type=int, required=True)
    p.add_argument("--text", required=True,
                   help="the direction, e.g. 'updated psychological risk assessment'")
    p.add_argument("--due", metavar=_DATE, help="the date set for compliance (required)")
    p.add_argument("--party", default="", help="who must comply, e.g. " + ", ".join(DIRECTION_PARTIES))
    p.add_argument("--made-on", dest="made_on", metavar=_DATE, help="when the Board made the direction")
    p.add_argument("--notes", default="")
    p.set_defaults(func=cmd_direction_add)
    p = direction.add_parser("list", help="a matter's directions, earliest due first")
    p.add_argument("--matter", type=int, required=True)
    p.set_defaults(func=cmd_direction_list)
    p = direction.add_parser("done", help="the direction was complied with (today unless --on)")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--on", metavar=_DATE, help="the date complied with (default: today)")
    p.set_defaults(func=cmd_direction_done)
    p = direction.add_parser("defer", help="a new due date (deferral or adjournment); the first is kept")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--to", metavar=_DATE, help="the new due date (required)")
    p.add_argument("--reason", default="", help="why the date changed (required)")
    p.set_defaults(func=cmd_direction_defer)
    p = direction.add_parser("update", help="change a direction's text, party, dates, status or notes")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--text")
    p.add_argument("--party")
    p.add_argument("--due", metavar=_DATE)
    p.add_argument("--made-on", dest="made_on", metavar=_DATE)
    p.add_argument("--status", help=", ".join(DIRECTION_STATUSES))
    p.add_argument("--completed-on", dest="completed_on", metavar=_DATE)
    p.add_argument("--notes")
    p.set_defaults(func=cmd_direction_update)
    p = direction.add_parser("remove", help="delete a direction entered in error")
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(func=cmd_direction_remove)

    hearing = sub.add_parser("hearing", help="a parole matter's oral hearing")
    hearing = hearing.add_subparsers(dest="hearing_command", metavar="ACTION", required=True)
    p = hearing.add_parser("set", help="create or change the matter's hearing (its date moves the "
                                       "hearing-listed chronology event, and the deadlines with it)")
    p.add_argument("--matter", type=int, required=True)
    p.add_argument("--date", metavar=_DATE, help="the hearing date ('' to un-list it)")
    p.add_argument("--time", metavar="HH:MM")
    p.add_argument("--format", help=", ".join(HEARING_FORMATS))
    for name in ("venue", "panel", "observers"):
        p.add_argument(f"--{name}")
    p.add_argument("--victim-statements", dest="victim_statements",
                   help="victims' statements (r.14): personal statements, whether read or attended")
    p.add_argument("--decision-date", dest="decision_date", metavar=_DATE)
    p.add_argument("--outcome", help=", ".join(HEARING_OUTCOMES))
    p.add_argument("--adjourned-reason", dest="adjourned_reason")
    p.add_argument("--notes")
    p.set_defaults(func=cmd_hearing_set)
    p = hearing.add_parser("show", help="the matter's hearing and its witnesses")
    p.add_argument("--matter", type=int, required=True)
    p.set_defaults(func=cmd_hearing_show)

    witness = sub.add_parser("witness", help="witnesses for a parole matter's hearing (r.24)")
    witness = witness.add_subparsers(dest="witness_command", metavar="ACTION", required=True)
    p = witness.add_parser("add", help="add a witness to the matter's hearing")
    p.add_argument("--matter", type=int, required=True)
    p.add_argument("--name", default="", help="required unless --contact gives it")
    p.add_argument("--role", default="", help="e.g. POM, COM, psychologist")
    p.add_argument("--status", default="requested", help=", ".join(WITNESS_STATUSES))
    p.add_argument("--contact", help="one of the client's contacts (its id)")
    p.add_argument("--notes", default="")
    p.set_defaults(func=cmd_witness_add)
    p = witness.add_parser("list", help="the witnesses for the matter's hearing")
    p.add_argument("--matter", type=int, required=True)
    p.set_defaults(func=cmd_witness_list)
    p = witness.add_parser("update", help="change a witness's status, name, role, contact or notes")
    p.add_argument("id", type=int, metavar="ID")
    for name in ("name", "role", "status", "contact", "notes"):
        p.add_argument(f"--{name}")
    p.set_defaults(func=cmd_witness_update)
    p = witness.add_parser("remove", help="remove a witness")
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(func=cmd_witness_remove)


def _given(args, names) -> dict:
    return {n: getattr(args, n) for n in names if getattr(args, n) is not None}


# ---------------------------------------------------------------------------- directions
def _direction_line(d) -> str:
    party = f" [{d.party}]" if d.party else ""
    extra = ""
    if d.status == "complied" and d.completed_on:
        extra = f", complied {format_date(d.completed_on)}"
    if d.original_due:
        extra += f", first due {format_date(d.original_due)}"
    return f"{d.id:>5}  due {format_date(d.due):<18} {d.status_label}{extra}{party}  {d.text}"


def cmd_direction_add(args, ctx) -> int:
    svc = ctx.services()
    fields = _given(args, ("made_on",))
    did = svc.directions.add(args.matter, text=args.text, due=args.due or "", party=args.party,
                             notes=args.notes, **fields)
    d = svc.directions.get(did)
    ctx.emit({"id": did}, f"Added direction {did}, due {format_date(d.due)}.")
    return 0


def cmd_direction_list(args, ctx) -> int:
    svc = ctx.services()
    items = svc.directions.for_matter(args.matter)
    ctx.emit([DIRECTIONS.to_json(d) for d in items],
             "\n".join(_direction_line(d) for d in items) or "No directions.")
    return 0


def _direction_result(ctx, svc, did: int, changed, verb: str) -> int:
    d = svc.directions.get(did)
    ctx.emit({**DIRECTIONS.to_json(d), "changed": sorted(changed)},
             f"Direction {did} {verb}." if changed else f"Direction {did}: nothing changed.")
    return 0


def cmd_direction_done(args, ctx) -> int:
    svc = ctx.services()
    changed = svc.directions.done(args.id, args.on)
    d = svc.directions.get(args.id)
    return _direction_result(ctx, svc, args.id, changed, f"complied with on {format_date(d.completed_on)}")


def cmd_direction_defer(args, ctx) -> int:
    svc = ctx.services()
    changed = svc.directions.defer(args.id, args.to or "", args.reason)
    d = svc.directions.get(args.id)
    return _direction_result(ctx, svc, args.id, changed,
                             f"now due {format_date(d.due)} (first due {format_date(d.original_due)})")


def cmd_direction_update(args, ctx) -> int:
    svc = ctx.services()
    fields = _given(args, ("text", "party", "due", "made_on", "status", "completed_on", "notes"))
    if not fields:
        raise BadInput("nothing to change: give --text, --party, --due, --made-on, --status, --completed-on "
                       "or --notes")
    changed = svc.directions.update(args.id, **fields)
    return _direction_result(ctx, svc, args.id, changed, "changed: " + ", ".join(sorted(changed)))


def cmd_direction_remove(args, ctx) -> int:
    svc = ctx.services()
    svc.directions.remove(args.id)
    ctx.emit({"id": args.id, "removed": True}, f"Removed direction {args.id}.")
    return 0


# ---------------------------------------------------------------------------- the hearing
_HEARING_FIELDS = ("date", "time", "format", "venue", "panel", "observers", "victim_statements",
                   "decision_date", "outcome", "adjourned_reason", "notes")


def _hearing_text(h: dict | None, matter_id: int) -> str:
    if h is None:
        return f"No hearing recorded for matter {matter_id}."
    when = format_date(h["date"]) or "not listed yet"
    if h["time"]:
        when += f" at {h['time']}"
    lines = [f"Hearing {h['id']}: {when}"
             + (f", {HEARING_FORMATS.get(h['format'], h['format']).lower()}" if h["format"] else "")]
    for key, label in (("venue", "Venue"), ("panel", "Panel"), ("observers", "Observers"),
                       ("victim_statements", "Victim statements")):
        if h[key]:
            lines.append(f"  {label}: {h[key]}")
    if h["outcome"]:
        decided = f", decided {format_date(h['decision_date'])}" if h["decision_date"] else ""
        lines.append(f"  Outcome: {HEARING_OUTCOMES.get(h['outcome'], h['outcome'])}{decided}")
    if h["adjourned_reason"]:
        lines.append(f"  Adjourned: {h['adjourned_reason']}")
    for w in h["witnesses"]:
        role = f" ({w['role']})" if w["role"] else ""
        status = WITNESS_STATUSES.get(w["status"], w["status"])
        lines.append(f"  Witness {w['id']}: {w['name']}{role} — {status}")
    return "\n".join(lines)


def cmd_hearing_set(args, ctx) -> int:
    svc = ctx.services()
    fields = _given(args, _HEARING_FIELDS)
    check_hearing_fields(fields)
    svc.hearings.set(args.matter, **fields)
    h = svc.hearings.show(args.matter)
    ctx.emit(h, _hearing_text(h, args.matter))
    return 0


def cmd_hearing_show(args, ctx) -> int:
    svc = ctx.services()
    h = svc.hearings.show(args.matter)
    ctx.emit(h, _hearing_text(h, args.matter))
    return 0


# ---------------------------------------------------------------------------- witnesses
def cmd_witness_add(args, ctx) -> int:
    svc = ctx.services()
    wid = svc.hearings.add_witness(args.matter, args.name, role=args.role, status=args.status,
                                   contact_id=args.contact, notes=args.notes)
    ctx.emit({"id": wid}, f"Added witness {wid}.")
    return 0


def cmd_witness_list(args, ctx) -> int:
    svc = ctx.services()
    h = svc.hearings.show(args.matter)
    items = h["witnesses"] if h else []
    lines = [f"{w['id']:>5}  {WITNESS_STATUSES.get(w['status'], w['status']):<10} {w['name']}"
             + (f" ({w['role']})" if w["role"] else "") for w in items]
    ctx.emit(items, "\n".join(lines) or "No witnesses.")
    return 0


def cmd_witness_update(args, ctx) -> int:
    svc = ctx.services()
    fields = _given(args, ("name", "role", "status", "notes"))
    if args.contact is not None:
        fields["contact_id"] = args.contact
    if not fields:
        raise BadInput("nothing to change: give --name, --role, --status, --contact or --notes")
    changed = svc.hearings.update_witness(args.id, **fields)
    w = svc.hearings.get_witness(args.id)
    ctx.emit({**HEARING_WITNESSES.to_json(w), "changed": sorted(changed)},
             f"Witness {args.id}: "
             + (", ".join(sorted(changed)) + " changed." if changed else "nothing changed."))
    return 0


def cmd_witness_remove(args, ctx) -> int:
    svc = ctx.services()
    svc.hearings.remove_witness(args.id)
    ctx.emit({"id": args.id, "removed": True}, f"Removed witness {args.id}.")
    return 0
