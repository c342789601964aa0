"""The programme-access log, allegations and challenges: ``programme refer|status|list``,
``allegation add|list|status`` and ``challenge add|step|status|list``. Thin over
:mod:`casebook.services.programmes` and :mod:`casebook.services.challenges`: every value is validated by
the services, and bad input saves nothing."""

from __future__ import annotations

from casebook.domain.dates import format_date
from casebook.domain.records import ALLEGATIONS
from casebook.errors import BadInput


def register(sub, groups) -> None:
    programme = sub.add_parser("programme", help="the programme-access log").add_subparsers(
        dest="programme_command", metavar="ACTION", required=True)
    p = programme.add_parser("refer", help="record a referral to an accredited programme")
    p.add_argument("--client", type=int, required=True)
    p.add_argument("--programme", required=True, help="a programme of the catalogue, e.g. Kaizen, Horizon")
    p.add_argument("--date", required=True, metavar="DD/MM/YYYY", help="date of the referral")
    p.add_argument("--notes", default="")
    p.set_defaults(func=cmd_programme_refer)
    p = programme.add_parser("status", help="record the next status of a referral")
    p.add_argument("--referral", type=int, required=True)
    p.add_argument("--status", required=True,
                   help="e.g. awaiting-assessment, assessed-suitable, on-programme")
    p.add_argument("--date", required=True, metavar="DD/MM/YYYY")
    p.add_argument("--reason", default="")
    p.set_defaults(func=cmd_programme_status)
    p = programme.add_parser("list", help="a client's referrals with their status history")
    p.add_argument("--client", type=int, required=True)
    p.set_defaults(func=cmd_programme_list)

    allegation = sub.add_parser("allegation", help="allegations in the dossier").add_subparsers(
        dest="allegation_command", metavar="ACTION", required=True)
    p = allegation.add_parser("add", help="record an allegation and how far it is made out")
    p.add_argument("--client", type=int, required=True)
    p.add_argument("--matter", help="a matter of the same client")
    p.add_argument("--text", required=True)
    p.add_argument("--source", default="", help="source document")
    p.add_argument("--page", help="page in the source document")
    p.add_argument("--status", required=True,
                   help="proven, admitted, disputed, unproven-some-basis, no-factual-basis")
    p.set_defaults(func=cmd_allegation_add)
    p = allegation.add_parser("status", help="change an allegation's status")
    p.add_argument("--allegation", type=int, required=True)
    p.add_argument("--status", required=True)
    p.set_defaults(func=cmd_allegation_status)
    p = allegation.add_parser("list", help="a client's allegations")
    p.add_argument("--client", type=int, required=True)
    p.set_defaults(func=cmd_allegation_list)

    challenge = sub.add_parser("challenge", help="challenges to assessments").add_subparsers(
        dest="challenge_command", metavar="ACTION", required=True)
    p = challenge.add_parser("add", help="record a contested assertion and the correct position")
    p.add_argument("--matter", type=int, required=True)
    p.add_argument("--assertion", required=True, help="the assertion, quoted")
    p.add_argument("--source", required=True, help="source document")
    p.add_argument("--page", help="page in the source document")
    p.add_argument("--paragraph", default="")
    p.add_argument("--ground", required=True,
                   help="factual-error, out-of-date, unsupported-by-evidence, methodology, "
                        "fails-to-consider-evidence, denial-treated-as-risk, unproven-allegation-relied-on")
    p.add_argument("--position", required=True, help="the correct position")
    p.add_argument("--evidence", action="append", default=[], metavar="ID",
                   help="evidence of the same client that answers it (repeatable)")
    p.add_argument("--event", action="append", default=[], metavar="ID",
                   help="a chronology event of the same client it rests on (repeatable)")
    p.set_defaults(func=cmd_challenge_add)
    p = challenge.add_parser("link", help="link more evidence or chronology events to a challenge")
    p.add_argument("--challenge", type=int, required=True)
    p.add_argument("--evidence", action="append", default=[], metavar="ID")
    p.add_argument("--event", action="append", default=[], metavar="ID")
    p.set_defaults(func=cmd_challenge_link)
    p = challenge.add_parser("step", help="record an escalation step (its deadlines follow)")
    p.add_argument("--challenge", type=int, required=True)
    p.add_argument("--step", required=True,
                   help="correction-request, response-chased, rectification-request, "
                        "subject-access-request, comp1, comp1a, ppo, letter-before-claim, judicial-review")
    p.add_argument("--date", required=True, metavar="DD/MM/YYYY")
    p.add_argument("--notes", default="")
    p.set_defaults(func=cmd_challenge_step)
    p = challenge.add_parser("status", help="change a challenge's status")
    p.add_argument("--challenge", type=int, required=True)
    p.add_argument("--status", required=True, help="disputed, conceded, corrected, refused, withdrawn")
    p.set_defaults(func=cmd_challenge_status)
    p = challenge.add_parser("list", help="a matter's challenges, with their steps and next deadline")
    p.add_argument("--matter", type=int, required=True)
    p.set_defaults(func=cmd_challenge_list)


# ---------------------------------------------------------------------------- programmes
def cmd_programme_refer(args, ctx) -> int:
    svc = ctx.services()
    rid = svc.programmes.refer(args.client, args.programme, args.date, args.notes)
    ctx.emit({"id": rid}, f"Added referral {rid}.")
    return 0


def cmd_programme_status(args, ctx) -> int:
    svc = ctx.services()
    sid = svc.programmes.set_status(args.referral, args.status, args.date, args.reason)
    ctx.emit({"id": sid, "referral": args.referral}, f"Recorded the status of referral {args.referral}.")
    return 0


def cmd_programme_list(args, ctx) -> int:
    svc = ctx.services()
    svc.clients.get(args.client)
    data, lines = [], []
    for r in svc.programmes.for_client(args.client):
        d = svc.programmes.as_json(r)
        data.append(d)
        lines.append(f"{r.id:>5}  {d['name']:<40} {d['status'] or ''}")
        for h in d["history"]:
            reason = f" — {h['reason']}" if h["reason"] else ""
            lines.append(f"         {format_date(h['date']):<18} {h['status']}{reason}")
    ctx.emit(data, "\n".join(lines) or "No programme referrals.")
    return 0


# ---------------------------------------------------------------------------- allegations
def cmd_allegation_add(args, ctx) -> int:
    svc = ctx.services()
    aid = svc.allegations.add(args.client, matter_id=args.matter, text=args.text, source=args.source,
                              page=args.page, status=args.status)
    ctx.emit({"id": aid}, f"Added allegation {aid}.")
    return 0


def cmd_allegation_status(args, ctx) -> int:
    svc = ctx.services()
    svc.allegations.set_status(args.allegation, args.status)
    a = svc.allegations.get(args.allegation)
    ctx.emit({"id": a.id, "status": a.status}, f"Allegation {a.id}: {a.status}.")
    return 0


def cmd_allegation_list(args, ctx) -> int:
    svc = ctx.services()
    svc.clients.get(args.client)
    items = svc.allegations.for_client(args.client)
    data = [ALLEGATIONS.to_json(a) for a in items]
    text = "\n".join(f"{a.id:>5}  {a.status:<20} {a.text}" for a in items)
    ctx.emit(data, text or "No allegations.")
    return 0


# ---------------------------------------------------------------------------- challenges
def cmd_challenge_add(args, ctx) -> int:
    svc = ctx.services()
    cid = svc.challenges.add(args.matter, assertion=args.assertion, source=args.source, page=args.page,
                             paragraph=args.paragraph, ground=args.ground, position=args.position,
                             evidence=args.evidence, events=args.event)
    ctx.emit({"id": cid}, f"Added challenge {cid}.")
    return 0


def cmd_challenge_link(args, ctx) -> int:
    svc = ctx.services()
    if not args.evidence and not args.event:
        raise BadInput("give --evidence or --event to link")
    svc.challenges.link(args.challenge, evidence=args.evidence, events=args.event)
    c = svc.challenges.get(args.challenge)
    links = {"evidence": svc.challenges.evidence_of(c.id), "events": svc.challenges.events_of(c.id)}
    ctx.emit({"id": c.id, **links}, f"Linked to challenge {c.id}.")
    return 0


def cmd_challenge_step(args, ctx) -> int:
    svc = ctx.services()
    sid = svc.challenges.step(args.challenge, args.step, args.date, args.notes)
    nd = svc.challenges.next_due(args.challenge)
    text = f"Recorded step {sid} of challenge {args.challenge}."
    if nd is not None:
        text += f" Next due: {format_date(nd.due)} — {nd.title}" + ("" if nd.confirmed else " (UNCONFIRMED)")
    ctx.emit({"id": sid, "challenge": args.challenge, "next_due": nd.due if nd else None}, text)
    return 0


def cmd_challenge_status(args, ctx) -> int:
    svc = ctx.services()
    svc.challenges.set_status(args.challenge, args.status)
    c = svc.challenges.get(args.challenge)
    ctx.emit({"id": c.id, "status": c.status}, f"Challenge {c.id}: {c.status}.")
    return 0


def cmd_challenge_list(args, ctx) -> int:
    svc = ctx.services()
    svc.matters.get(args.matter)
    deadlines = svc.deadlines.list(matter_id=args.matter)
    data, lines = [], []
    for c in svc.challenges.for_matter(args.matter):
        d = svc.challenges.as_json(c, deadlines)
        data.append(d)
        nd = f"next due {format_date(d['next_due'])}" if d["next_due"] else "nothing due"
        lines.append(f"{c.id:>5}  {c.status:<10} {c.ground:<28} {nd}")
        lines.append(f"         \u201c{c.assertion}\u201d")
        for s in d["steps"]:
            lines.append(f"         {format_date(s['date']):<18} {s['step']}")
    ctx.emit(data, "\n".join(lines) or "No challenges.")
    return 0
