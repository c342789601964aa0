"""Core commands: init, demo, client, sentence, matter, event, note, search, backup, restore, check,
passwd and audit. Opening, creating and re-keying a casebook go through :mod:`casebook.session`.

``gui`` is not a core command: the desktop app registers it from above (``ui.entry``). Run through
``python -m casebook`` the core answers ``gui`` with one line saying how to start the app."""

from __future__ import annotations

import argparse
import datetime as _dt

from casebook import session
from casebook.cli.context import NEW_PASSPHRASE_ENV, PASSPHRASE_ENV
from casebook.domain import ADJUSTMENT_KINDS, MATTER_TYPES, RECALL_TYPES
from casebook.domain.records import CLIENTS, EVENTS, MATTERS
from casebook.domain.validate import format_date, parse_date
from casebook.errors import BadInput, Unsupported


def register(sub, groups) -> None:
    p = sub.add_parser("init", help="create an empty casebook at --file (never overwrites)")
    p.add_argument("--remember", action="store_true", help="remember the key on this device (OS keyring)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="create a populated demo casebook at --file (never overwrites)")
    p.add_argument("--clients", type=int, default=25)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--as-of", metavar="DD/MM/YYYY", help="anchor date for the demo (default today)")
    p.set_defaults(func=cmd_demo)

    client = sub.add_parser("client", help="clients").add_subparsers(dest="client_command", metavar="ACTION",
                                                                    required=True)
    p = client.add_parser("add", help="add a client")
    p.add_argument("--name", required=True)
    p.add_argument("--prison-number", help="NOMIS number, e.g. A1234BC")
    p.add_argument("--dob", metavar="DD/MM/YYYY")
    p.add_argument("--prison")
    p.add_argument("--pnc")
    p.add_argument("--cro")
    p.add_argument("--category")
    p.add_argument("--alias", action="append", default=[], help="another name (repeatable)")
    p.set_defaults(func=cmd_client_add)
    p = client.add_parser("update", help="change a client's details (give only what changes)")
    p.add_argument("id", type=int)
    p.add_argument("--name")
    p.add_argument("--prison-number", help="NOMIS number, e.g. A1234BC")
    p.add_argument("--dob", metavar="DD/MM/YYYY", help="date of birth (the release check needs it for a DTO "
                   "or s.250 detention)")
    p.add_argument("--prison")
    p.set_defaults(func=cmd_client_update)
    p = client.add_parser("list", help="list clients")
    p.add_argument("--filter", default="", help="match name, alias, prison number or prison")
    p.set_defaults(func=cmd_client_list)
    p = client.add_parser("show", help="show one client")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_client_show)
    p = client.add_parser("set-date", help="record a date from the prison's calculation sheet")
    p.add_argument("id", type=int)
    p.add_argument("code", help="CRD, PED, SLED, TED, …")
    p.add_argument("date", metavar="DD/MM/YYYY")
    p.set_defaults(func=cmd_client_set_date)

    sentence = sub.add_parser("sentence", help="sentences").add_subparsers(dest="sentence_command",
                                                                          metavar="ACTION", required=True)
    p = sentence.add_parser("add", help="add a sentence as on the prison's calculation sheet")
    p.add_argument("--client", type=int, required=True)
    p.add_argument("--type", required=True, help="SDS, SDS_PLUS, EDS, EDS_AUTO, SOPC, DTO, LIFE, IPP, …")
    p.add_argument("--date", required=True, metavar="DD/MM/YYYY", help="sentence date")
    p.add_argument("--term", help="custodial term, e.g. '4 years 6 months' or P4Y6M")
    p.add_argument("--extension", help="extension period (EDS/SOPC), e.g. P3Y")
    p.add_argument("--minimum-term", help="life/IPP tariff as pronounced, e.g. P4Y120D")
    p.add_argument("--offence", default="", metavar="ID",
                   help="the offence's catalogue id (see: casebook offence search TEXT); the release "
                        "fraction follows from it")
    p.add_argument("--offence-text", default="", metavar="TEXT",
                   help="the offence as worded on the record, shown instead of the catalogue title")
    p.add_argument("--consecutive-to", type=int)
    _recall_and_flags(p)
    p.add_argument("--offence-date", metavar="DD/MM/YYYY", help="the date of the offence (its first day)")
    p.set_defaults(func=cmd_sentence_add)
    p = sentence.add_parser("list", help="a client's sentences")
    p.add_argument("--client", type=int, required=True)
    p.set_defaults(func=cmd_sentence_list)
    p = sentence.add_parser("update", help="change a sentence (its offence, dates, terms …)",
                            description="Give only what changes. --offence takes the catalogue id (see: "
                            "casebook offence search TEXT); --offence none clears it.")
    p.add_argument("id", type=int)
    p.add_argument("--type", help="SDS, SDS_PLUS, EDS, EDS_AUTO, SOPC, DTO, LIFE, IPP, …")
    p.add_argument("--date", metavar="DD/MM/YYYY", help="sentence date")
    p.add_argument("--offence-date", metavar="DD/MM/YYYY")
    p.add_argument("--term", help="custodial term, e.g. '4 years 6 months' or P4Y6M")
    p.add_argument("--extension", help="extension period (EDS/SOPC), e.g. P3Y")
    p.add_argument("--minimum-term", help="life/IPP tariff as pronounced, e.g. P4Y120D")
    p.add_argument("--offence", metavar="ID", help="the offence's catalogue id, or 'none'")
    p.add_argument("--offence-text", metavar="TEXT", help="the offence as worded on the record")
    _recall_and_flags(p)
    p.set_defaults(func=cmd_sentence_update)
    p = sentence.add_parser("remove", help="delete a sentence")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_sentence_remove)

    adjustment = sub.add_parser("adjustment", help="remand, tagged bail, UAL, additional days (for the "
                                "release check)").add_subparsers(dest="adjustment_command", metavar="ACTION",
                                                         required=True)
    p = adjustment.add_parser("add", help="add an adjustment as on the prison's calculation sheet")
    p.add_argument("--client", type=int, required=True)
    p.add_argument("--kind", required=True, help=", ".join(ADJUSTMENT_KINDS))
    p.add_argument("--days", required=True, help="the days credited or added (tagged bail: the credit, "
                                                  "half the curfew days)")
    p.add_argument("--from", dest="from_date", metavar="DD/MM/YYYY", help="first day of the period; for "
                   "additional days, the date of the hearing")
    p.add_argument("--to", dest="to_date", metavar="DD/MM/YYYY", help="last day of the period")
    p.set_defaults(func=cmd_adjustment_add)
    p = adjustment.add_parser("list", help="a client's adjustments")
    p.add_argument("--client", type=int, required=True)
    p.set_defaults(func=cmd_adjustment_list)
    p = adjustment.add_parser("remove", help="delete an adjustment")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_adjustment_remove)

    matter = sub.add_parser("matter", help="matters").add_subparsers(dest="matter_command", metavar="ACTION",
                                                                    required=True)
    p = matter.add_parser("add", help="open a matter for a client")
    p.add_argument("--client", type=int, required=True)
    p.add_argument("--type", required=True, help=", ".join(MATTER_TYPES))
    p.add_argument("--title", default="")
    p.add_argument("--reference")
    p.add_argument("--legal-aid-class")
    p.set_defaults(func=cmd_matter_add)
    p = matter.add_parser("list", help="list matters")
    p.add_argument("--client", type=int)
    p.add_argument("--open", action="store_true", help="open matters only")
    p.set_defaults(func=cmd_matter_list)

    event = sub.add_parser("event", help="chronology events").add_subparsers(dest="event_command",
                                                                            metavar="ACTION", required=True)
    p = event.add_parser("add", help="add a chronology event to a matter")
    p.add_argument("--matter", type=int, required=True)
    p.add_argument("--type", required=True, help="event type (see 'casebook event types')")
    p.add_argument("--date", required=True, metavar="DD/MM/YYYY")
    p.add_argument("--note", default="", help="what happened")
    p.add_argument("--source", default="", help="source document")
    p.add_argument("--page", default="", help="page in the source document")
    p.set_defaults(func=cmd_event_add)
    p = event.add_parser("list", help="a matter's chronology")
    p.add_argument("--matter", type=int, required=True)
    p.set_defaults(func=cmd_event_list)
    p = event.add_parser("delete", help="delete an event (its deadlines go with it)")
    p.add_argument("id", type=int)
    p.set_defaults(func=cmd_event_delete)
    p = event.add_parser("types", help="the event types and whether they start a time limit")
    p.set_defaults(func=cmd_event_types)

    p = sub.add_parser("note", help="add a note or legal-visit note to a client")
    p.add_argument("--client", type=int, required=True)
    p.add_argument("--text", required=True)
    p.add_argument("--kind", default="note", help="note, legal-visit, call, attendance")
    p.add_argument("--date", metavar="DD/MM/YYYY")
    p.set_defaults(func=cmd_note_add)

    p = sub.add_parser("search", help="full-text search over the whole casebook")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("backup", help="write an encrypted, verified backup")
    p.add_argument("-o", "--output", required=True, metavar="PATH")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="verify a backup and restore it as a new casebook")
    p.add_argument("backup", metavar="PATH")
    p.add_argument("--to", required=True, metavar="PATH")
    p.set_defaults(func=cmd_restore)
    p = sub.add_parser("check", help="integrity report of the casebook")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("passwd", help="change the passphrase (new one from CASEBOOK_NEW_PASSPHRASE or a "
                                      "prompt)")
    p.set_defaults(func=cmd_passwd)
    p = sub.add_parser("audit", help="the audit log, newest first")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_audit)


GUI_ELSEWHERE = ("the desktop app starts with the 'casebook' command or 'python -m ui', "
                 "not 'python -m casebook'")


def register_gui_placeholder(sub, groups) -> None:
    """``gui`` when nothing above the core registered it: one line saying where the app is."""
    if "gui" in sub.choices:
        return
    p = sub.add_parser("gui", help="the desktop app: run 'casebook' or 'python -m ui'")
    p.add_argument("--demo", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_gui_elsewhere)


def cmd_gui_elsewhere(args, ctx) -> int:
    raise Unsupported(GUI_ELSEWHERE)


# ---------------------------------------------------------------------------- helpers
def _date(value: str | None, field: str) -> _dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise BadInput(f"{field} {exc}") from None


# ---------------------------------------------------------------------------- commands
def cmd_init(args, ctx) -> int:
    path = session.check_new_file(ctx.path)
    opened = session.create(path, ctx.new_passphrase(), remember=args.remember, parents=True)
    remembered = opened.remembered
    opened.close()
    if args.remember and not remembered:
        ctx.info(f"note: key not remembered — {session.keyring_availability().reason}")
    ctx.emit({"file": str(path), "remembered": remembered}, f"Created {path} (encrypted).")
    return 0


def cmd_demo(args, ctx) -> int:
    path = session.check_new_file(ctx.path)
    as_of = _date(args.as_of, "--as-of")
    if not 1 <= args.clients <= 20000:
        raise BadInput("--clients must be from 1 to 20000")
    session.create_demo(path, ctx.new_passphrase(), clients=args.clients, seed=args.seed, as_of=as_of)
    ctx.emit({"file": str(path), "clients": args.clients},
             f"Created demo casebook {path} with {args.clients} clients.")
    return 0


def cmd_client_add(args, ctx) -> int:
    svc = ctx.services()
    cid = svc.clients.add(name=args.name, prison_number=args.prison_number, dob=args.dob, prison=args.prison,
                          pnc=args.pnc, cro=args.cro, category=args.category, aliases=args.alias)
    ctx.emit({"id": cid}, f"Added client {cid}.")
    return 0


def cmd_client_update(args, ctx) -> int:
    given = (("name", args.name), ("prison_number", args.prison_number), ("dob", args.dob),
             ("prison", args.prison))
    fields = {name: value for name, value in given if value is not None}
    if not fields:
        raise BadInput("say what changes (e.g. --dob DD/MM/YYYY); see: casebook client update --help")
    svc = ctx.services()
    changes = svc.clients.update(args.id, **fields)
    said = ", ".join(sorted(CLIENTS.field(n).label.lower() for n in changes)) + " changed." if changes else (
        "no change.")
    ctx.emit({"id": args.id, "changed": sorted(changes)}, f"Client {args.id}: {said}")
    return 0


def cmd_client_list(args, ctx) -> int:
    svc = ctx.services()
    ids = svc.clients.ids(args.filter)
    rows = svc.clients.rows(ids)
    data = [rows[i] for i in ids]
    text = "\n".join(f"{r['id']:>5}  {r['prison_number']:<8} {r['name']:<30} {r['prison']}" for r in data)
    ctx.emit(data, text or "No clients.")
    return 0


def cmd_client_show(args, ctx) -> int:
    svc = ctx.services()
    c = svc.clients.get(args.id)
    data = CLIENTS.to_json(c)
    data["sentences"] = [
        {"id": s.id, "type": s.sentence_type, "sentence_date": s.sentence_date, "offence": s.offence,
         "offence_id": s.offence_id, "custodial_term": s.custodial_term, "extension_term": s.extension_term,
         "minimum_term": s.minimum_term, "consecutive_to": s.consecutive_to}
        for s in svc.clients.sentences(c.id)
    ]
    data["adjustments"] = [{"kind": a.kind, "days": a.days} for a in svc.clients.adjustments(c.id)]
    data["matters"] = [MATTERS.to_json(m) for m in svc.matters.for_client(c.id)]
    check = svc.release.check(c.id)
    data["release_check"] = check.as_json()
    lines = [f"{c.name}  ({c.prison_number or 'no prison number'})",
             f"  Born {format_date(c.dob)}" if c.dob else "  Date of birth not recorded",
             f"  {c.prison or 'Prison not recorded'}, category {c.category or '–'}"]
    if check.comparisons or check.refusal or check.milestones:
        lines.append("  Release dates: the prison's calculation and our check")
        lines.extend(check.text_lines())
    if check.differing:
        lines.append(f"  {len(check.differing)} date(s) differ from the prison's calculation — check the "
                     "working.")
    for m in data["matters"]:
        lines.append(f"  Matter {m['id']}: {MATTER_TYPES.get(m['type'], m['type'])} — {m['status']}")
    ctx.emit(data, "\n".join(lines))
    return 0


def cmd_client_set_date(args, ctx) -> int:
    svc = ctx.services()
    c = svc.clients.get(args.id)
    dates = dict(c.prison_dates)
    dates[args.code.upper()] = args.date
    svc.clients.update(c.id, prison_dates=dates)
    ctx.emit({"id": c.id, "code": args.code.upper(), "date": args.date}, "Saved.")
    return 0


def _recall_and_flags(p) -> None:
    p.add_argument("--recall", metavar="TYPE", help="recall type: " + ", ".join(RECALL_TYPES)
                   + " ('none' clears it)")
    p.add_argument("--recall-date", metavar="DD/MM/YYYY",
                   help="the date returned to custody on the recall (not the licence revocation)")
    p.add_argument("--flags", metavar="CODES", help="offence flags, comma-separated (e.g. S250 for detention "
                   "under s.250; SDS40_ELIGIBLE, SDS40_EXCLUDED where no catalogue offence decides)")


def _recall_and_flag_fields(args) -> dict:
    fields: dict = {}
    if args.recall is not None:
        cleared = args.recall.strip().lower() in ("", "none")
        fields["recall_type"] = "" if cleared else args.recall.upper()
        if cleared:
            fields["recall_date"] = None   # (no recall, no date of return)
    if args.recall_date is not None:
        fields["recall_date"] = args.recall_date
    if args.flags is not None:
        fields["offence_flags"] = [f.strip().upper() for f in args.flags.split(",") if f.strip()]
    return fields


def cmd_sentence_add(args, ctx) -> int:
    from casebook.cli.offences import resolve

    offence = resolve(args.offence) if args.offence else None  # (refused before the casebook is opened)
    svc = ctx.services()
    sid = svc.clients.add_sentence(
        args.client, sentence_type=args.type.upper(), sentence_date=args.date, custodial_term=args.term,
        extension_term=args.extension, minimum_term=args.minimum_term,
        offence=args.offence_text or (offence.title if offence else ""),
        offence_id=offence.id if offence else None, consecutive_to=args.consecutive_to,
        offence_date=args.offence_date, **_recall_and_flag_fields(args),
    )
    ctx.emit({"id": sid}, f"Added sentence {sid}.")
    return 0


def _sentence_json(s) -> dict:
    return {"id": s.id, "client": s.client_id, "type": s.sentence_type, "sentence_date": s.sentence_date,
            "offence": s.offence, "offence_id": s.offence_id, "offence_date": s.offence_date,
            "custodial_term": s.custodial_term, "extension_term": s.extension_term,
            "minimum_term": s.minimum_term, "consecutive_to": s.consecutive_to,
            "recall_type": s.recall_type or None, "recall_date": s.recall_date}


def cmd_sentence_list(args, ctx) -> int:
    from casebook.domain import SENTENCE_TYPES
    from casebook.domain.dates import format_date

    svc = ctx.services()
    svc.clients.get(args.client)  # "no client with id N"
    items = svc.clients.sentences(args.client)
    lines = [f"{s.id:>4}  {SENTENCE_TYPES.get(s.sentence_type, s.sentence_type)}, "
             f"{format_date(s.sentence_date)}"
             + (f" — {s.offence}" if s.offence else "") + (f" [{s.offence_id}]" if s.offence_id else "")
             for s in items]
    ctx.emit([_sentence_json(s) for s in items], "\n".join(lines) or "No sentences.")
    return 0


def cmd_sentence_update(args, ctx) -> int:
    from casebook.cli.offences import resolve

    fields: dict = {}
    if args.offence is not None:
        if args.offence.strip().lower() in ("", "none"):
            fields["offence_id"] = None
        else:
            offence = resolve(args.offence)  # refused with the nearest ids before anything is opened
            fields["offence_id"] = offence.id
            if args.offence_text is None:
                fields["offence"] = offence.title
    for name, value in (("sentence_type", args.type and args.type.upper()), ("sentence_date", args.date),
                        ("offence_date", args.offence_date), ("custodial_term", args.term),
                        ("extension_term", args.extension), ("minimum_term", args.minimum_term),
                        ("offence", args.offence_text)):
        if value is not None:
            fields[name] = value
    fields.update(_recall_and_flag_fields(args))
    if not fields:
        raise BadInput("say what changes (e.g. --offence ID); see: casebook sentence update --help")
    svc = ctx.services()
    changes = svc.clients.update_sentence(args.id, **fields)
    from casebook.domain.records import SENTENCES

    labels = sorted(SENTENCES.field(name).label.lower() for name in changes)
    said = ", ".join(labels) + " changed." if changes else "no change."
    ctx.emit({"id": args.id, "changed": sorted(changes)}, f"Sentence {args.id}: {said}")
    return 0


def cmd_sentence_remove(args, ctx) -> int:
    svc = ctx.services()
    svc.clients.delete_sentence(args.id)
    ctx.emit({"id": args.id, "removed": True}, f"Removed sentence {args.id}.")
    return 0


def cmd_adjustment_add(args, ctx) -> int:
    svc = ctx.services()
    aid = svc.clients.add_adjustment(args.client, args.kind.upper(), args.days, args.from_date, args.to_date)
    ctx.emit({"id": aid}, f"Added adjustment {aid}.")
    return 0


def cmd_adjustment_list(args, ctx) -> int:
    svc = ctx.services()
    svc.clients.get(args.client)  # "no client with id N"
    items = svc.clients.adjustments(args.client)
    lines = [f"{a.id:>4}  {ADJUSTMENT_KINDS.get(a.kind, a.kind)}: {a.days} day{'' if a.days == 1 else 's'}"
             + (f", {format_date(a.from_date)}" if a.from_date else "")
             + (f" to {format_date(a.to_date)}" if a.to_date else "") for a in items]
    ctx.emit([{"id": a.id, "kind": a.kind, "days": a.days, "from_date": a.from_date, "to_date": a.to_date}
              for a in items], "\n".join(lines) or "No adjustments.")
    return 0


def cmd_adjustment_remove(args, ctx) -> int:
    svc = ctx.services()
    svc.clients.delete_adjustment(args.id)
    ctx.emit({"id": args.id, "removed": True}, f"Removed adjustment {args.id}.")
    return 0


def cmd_matter_add(args, ctx) -> int:
    svc = ctx.services()
    mid = svc.matters.add(args.client, args.type, title=args.title, reference=args.reference,
                          legal_aid_class=args.legal_aid_class or "")
    ctx.emit({"id": mid}, f"Added matter {mid}.")
    return 0


def cmd_matter_list(args, ctx) -> int:
    svc = ctx.services()
    matters = svc.matters.list(client_id=args.client, status="open" if args.open else None)
    data = [MATTERS.to_json(m) for m in matters]
    text = "\n".join(f"{m.id:>5}  client {m.client_id:<5} {m.type_label:<26} {m.status}" for m in matters)
    ctx.emit(data, text or "No matters.")
    return 0


def cmd_event_add(args, ctx) -> int:
    svc = ctx.services()
    eid = svc.chronology.add(args.matter, _date(args.date, "--date"), args.type, args.note,
                             source=args.source, page=args.page)
    ctx.emit({"id": eid}, f"Added event {eid}.")
    return 0


def cmd_event_list(args, ctx) -> int:
    svc = ctx.services()
    svc.matters.get(args.matter)
    events = svc.chronology.for_matter(args.matter)
    text = "\n".join(f"{e.id:>5}  {format_date(e.date):<18} {e.type:<28} {e.text}" for e in events)
    ctx.emit([EVENTS.to_json(e) for e in events], text or "No events.")
    return 0


def cmd_event_delete(args, ctx) -> int:
    svc = ctx.services()
    svc.chronology.delete(args.id)
    ctx.emit({"deleted": args.id}, f"Deleted event {args.id}.")
    return 0


def cmd_event_types(args, ctx) -> int:
    from casebook.deadlines import event_types

    types = event_types()
    data = [{"code": t.code, "label": t.label, "triggers": t.triggers} for t in types]
    text = "\n".join(f"{t.code:<36} {t.label}{'  (starts a time limit)' if t.triggers else ''}"
                     for t in types)
    ctx.emit(data, text)
    return 0


def cmd_note_add(args, ctx) -> int:
    svc = ctx.services()
    nid = svc.notes.add(args.client, args.text, date=_date(args.date, "--date"), kind=args.kind)
    ctx.emit({"id": nid}, f"Added note {nid}.")
    return 0


def cmd_search(args, ctx) -> int:
    svc = ctx.services()
    hits = svc.search.query(" ".join(args.query), limit=args.limit)
    data = [{"kind": h.kind, "id": h.ref_id, "client": h.client_id, "matter": h.matter_id, "title": h.title,
             "snippet": h.snippet, "client_name": h.client_name} for h in hits]
    text = "\n".join(f"{h.kind:<7} {h.ref_id:>5}  {h.client_name:<28} {h.snippet or h.title}" for h in hits)
    ctx.emit(data, text or "No matches.")
    return 0


def cmd_backup(args, ctx) -> int:
    dest = session.backup(ctx.open(), args.output)
    ctx.emit({"backup": str(dest)}, f"Backup written and verified: {dest}")
    return 0


def cmd_restore(args, ctx) -> int:
    from pathlib import Path

    src = Path(args.backup).expanduser()
    passphrase = ctx.existing_passphrase(src, "Passphrase of the backup: ",
                                         f"no passphrase: set {PASSPHRASE_ENV} or run in a terminal")
    dest = session.restore(src, args.to, passphrase)
    ctx.emit({"restored": str(dest)}, f"Backup verified and restored to {dest}")
    return 0


def cmd_check(args, ctx) -> int:
    report = session.check(ctx.open())
    text = ("OK: " if report["ok"] else "PROBLEMS: ") + (
        "integrity checks passed" if report["ok"] else "; ".join(report["problems"])
    ) + f" (schema {report['schema_version']}, SQLCipher {report['cipher_version']}, " + \
        f"pages authenticated by {report['page_authentication']}, " + \
        ", ".join(f"{v} {k}" for k, v in report["counts"].items()) + ")"
    if report.get("stored_deadlines") not in (None, "ok"):
        text += f"\nNote: {report['stored_deadlines']}"
    ctx.emit(report, text)
    return 0 if report["ok"] else 4


def cmd_passwd(args, ctx) -> int:
    opened = ctx.open()
    new = ctx.new_passphrase(env=NEW_PASSPHRASE_ENV, repeat="Repeat the new passphrase: ",
                             nothing="nothing was changed",
                             no_tty=f"no new passphrase: set {NEW_PASSPHRASE_ENV} or run in a terminal")
    session.change_passphrase(opened, new)
    ctx.emit({"changed": True}, "Passphrase changed.")
    return 0


def cmd_audit(args, ctx) -> int:
    svc = ctx.services()
    entries = svc.audit.entries(limit=args.limit)
    data = [{"id": e.id, "at": e.at, "action": e.action, "entity": e.entity, "entity_id": e.entity_id,
             "detail": e.detail} for e in entries]
    text = "\n".join(f"{e.at}  {e.action:<10} {e.entity:<10} {e.entity_id or ''}" for e in entries)
    ctx.emit(data, text or "The audit log is empty.")
    return 0
