"""Legal visits, time and legal-aid claims (issue 14). Thin over :mod:`casebook.services.visits`,
:mod:`casebook.services.time_entries` and :mod:`casebook.services.legal_aid`.

* ``visit start --matter M [--prison P] [--phase travel|waiting|consultation] [--slot HH:MM-HH:MM]
  [--attendees TEXT] [--at HH:MM]`` → ``{"id", …}``; ``visit switch ID --phase P [--at]``;
  ``visit stop ID [--at HH:MM] [--note TEXT] [--mileage N]`` (the visit's times become time entries);
  ``visit add --matter M --date D [--start HH:MM --end HH:MM] [--arrived] [--departed]
  [--travel-minutes N] [--waiting-minutes N] [--mileage N] [--prison] [--slot] [--attendees] [--note]``;
  ``visit list [--matter M] [--running]``; ``visit note ID --text TEXT``.
* ``time add --matter M --activity A (--minutes N | --items N) [--date D] [--note TEXT]
  [--fee-earner NAME] [--class PRIx]`` → ``{"id", "minutes", "units"}``; ``time list --matter M`` (each
  entry's ``minutes`` after rounding to units); ``time remove ID``; ``time unit [--set N]``.
* ``legalaid set --matter M [--ufn DDMMYY/NNN | --new-ufn [--ufn-date D]] [--class PRIx [--opened D]]
  [--close PRIx [--closed D]] [--fee-earner] [means and CRM3 fields]``: all or nothing;
  ``legalaid show --matter M``; ``legalaid ufn [--date D]``; ``legalaid rate set|list``;
  ``legalaid crm4 add|list``.
* ``fees --matter M [--class PRIx] [--all]`` → ``{"scheme", "fee_code", "fixed_fee", "costs", "limit",
  "status", …}`` (pounds as numbers; ``costs`` = profit + waiting, the figure the limits are compared
  with; ``costs_breakdown`` has profit, travel and waiting).
* ``claims --month YYYY-MM -o OUT.csv|OUT.docx [--force]``.

Bad input (a UFN in the wrong form, minutes that are not a positive whole number, a visit ending
before it started …): one line on stderr, exit 1, nothing saved.
"""

from __future__ import annotations

import datetime as _dt
import re

from casebook.errors import BadInput
from casebook.legal_aid.engine import ACTIVITIES, RATE_KINDS
from casebook.legal_aid.schemes import CLASSES
from casebook.services.legal_aid import fee_json
from casebook.services.time_entries import entry_json
from casebook.services.visits import LOCAL, PHASES, visit_json

_CLASSES = ", ".join(CLASSES)
_AT = re.compile(r"^(\d{4}-\d{2}-\d{2})?[T ]?(\d{1,2}):(\d{2})$")


def register(sub, groups) -> None:  # noqa: ARG001 - the shape every command module has
    _visit(sub)
    _time(sub)
    _legalaid(sub)
    p = sub.add_parser("fees", help="the legal-aid fee for a matter: fixed fee, costs so far, limit, status")
    p.add_argument("--matter", type=int, required=True)
    p.add_argument("--class", dest="klass", help=f"the class ({_CLASSES}); default: the one opened last")
    p.add_argument("--all", action="store_true", help="every class of the matter (a JSON list)")
    p.add_argument("-o", "--output", help="OUT.docx: the matter's printable claim summary")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    p.set_defaults(func=cmd_fees)
    p = sub.add_parser("claims", help="the month's legal-aid claims as CSV or a Word summary")
    p.add_argument("--month", required=True, help="YYYY-MM: classes of work closed in that month")
    p.add_argument("-o", "--output", required=True, help="OUT.csv, or OUT.docx for the printable summary")
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
    p.set_defaults(func=cmd_claims)


def _visit(sub) -> None:
    v = sub.add_parser("visit", help="legal visits at the prison (a timer that survives lock and restart)")
    v = v.add_subparsers(dest="visit_command", metavar="ACTION", required=True)
    p = v.add_parser("start", help="start a visit's timer")
    p.add_argument("--matter", type=int, required=True)
    p.add_argument("--prison", default="")
    p.add_argument("--phase", default="travel", help=", ".join(PHASES) + " (default travel)")
    p.add_argument("--slot", default="", help="the booked slot, HH:MM-HH:MM")
    p.add_argument("--attendees", default="")
    p.add_argument("--at", help="HH:MM (today) or YYYY-MM-DDTHH:MM, local time; default now")
    p.set_defaults(func=cmd_visit_start)
    p = v.add_parser("switch", help="switch the running visit to travel, waiting or consultation")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--phase", required=True, help=", ".join(PHASES))
    p.add_argument("--at")
    p.set_defaults(func=cmd_visit_switch)
    p = v.add_parser("stop", help="stop the timer; the visit's times become time entries")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--at")
    p.add_argument("--note", help="the attendance note (kept with the client's notes)")
    p.add_argument("--mileage")
    p.add_argument("--attendees")
    p.set_defaults(func=cmd_visit_stop)
    p = v.add_parser("add", help="enter a finished visit")
    p.add_argument("--matter", type=int, required=True)
    p.add_argument("--date", required=True)
    p.add_argument("--prison", default="")
    p.add_argument("--slot", default="")
    p.add_argument("--arrived", default="", help="HH:MM")
    p.add_argument("--start", default="", help="consultation start, HH:MM")
    p.add_argument("--end", default="", help="consultation end, HH:MM")
    p.add_argument("--departed", default="", help="HH:MM")
    p.add_argument("--travel-minutes", dest="travel_minutes", default="0")
    p.add_argument("--waiting-minutes", dest="waiting_minutes", default="0")
    p.add_argument("--mileage", default="")
    p.add_argument("--attendees", default="")
    p.add_argument("--note")
    p.set_defaults(func=cmd_visit_add)
    p = v.add_parser("list", help="visits (of a matter, or all; --running: the running ones)")
    p.add_argument("--matter", type=int)
    p.add_argument("--running", action="store_true")
    p.set_defaults(func=cmd_visit_list)
    p = v.add_parser("note", help="write the visit's attendance note")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--text", required=True)
    p.set_defaults(func=cmd_visit_note)


def _time(sub) -> None:
    t = sub.add_parser("time", help="time recorded against a matter, rounded up to units")
    t = t.add_subparsers(dest="time_command", metavar="ACTION", required=True)
    p = t.add_parser("add", help="record work")
    p.add_argument("--matter", type=int, required=True)
    p.add_argument("--activity", required=True, help=", ".join(ACTIVITIES))
    p.add_argument("--minutes", help="a positive whole number (rounded up to units)")
    p.add_argument("--items", help="routine letters, emails or calls: how many")
    p.add_argument("--date", help="default today")
    p.add_argument("--note", default="", help="what was done")
    p.add_argument("--fee-earner", dest="fee_earner")
    p.add_argument("--class", dest="klass", help=f"the class it belongs to ({_CLASSES}); default by date")
    p.set_defaults(func=cmd_time_add)
    p = t.add_parser("list", help="a matter's time entries")
    p.add_argument("--matter", type=int, required=True)
    p.set_defaults(func=cmd_time_list)
    p = t.add_parser("remove", help="delete a time entry")
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(func=cmd_time_remove)
    p = t.add_parser("unit", help="show or set the unit of time (minutes; default 6)")
    p.add_argument("--set", dest="value")
    p.set_defaults(func=cmd_time_unit)


def _legalaid(sub) -> None:
    la = sub.add_parser("legalaid", help="legal aid on a matter: UFN, class of work, means, CRM3/CRM4, rates")
    la = la.add_subparsers(dest="legalaid_command", metavar="ACTION", required=True)
    p = la.add_parser("set", help="set the matter's UFN, open or close a class, means and form data")
    p.add_argument("--matter", type=int, required=True)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--ufn", help="DDMMYY/NNN")
    g.add_argument("--new-ufn", dest="new_ufn", action="store_true", help="generate the next free UFN")
    p.add_argument("--ufn-date", dest="ufn_date", help="with --new-ufn: the date of first instruction")
    p.add_argument("--class", dest="klass", help=f"open this class ({_CLASSES})")
    p.add_argument("--opened", help="the date the class opened (default: today)")
    p.add_argument("--close", dest="close", help="close this class")
    p.add_argument("--closed", help="the date it closed (default: today)")
    p.add_argument("--fee-earner", dest="fee_earner")
    p.add_argument("--crm1-signed", dest="crm1_signed_on")
    p.add_argument("--passported", dest="means_passported", help="yes or no")
    p.add_argument("--weekly-income", dest="means_weekly_income", help="pounds")
    p.add_argument("--capital", dest="means_capital", help="pounds")
    p.add_argument("--means-notes", dest="means_notes")
    p.add_argument("--crm3-applied", dest="crm3_applied_on")
    p.add_argument("--crm3-granted", dest="crm3_granted_on")
    p.add_argument("--crm3-reference", dest="crm3_reference")
    p.set_defaults(func=cmd_la_set)
    p = la.add_parser("show", help="the matter's legal aid")
    p.add_argument("--matter", type=int, required=True)
    p.set_defaults(func=cmd_la_show)
    p = la.add_parser("ufn", help="the next free UFN for a date")
    p.add_argument("--date")
    p.set_defaults(func=cmd_la_ufn)
    r = la.add_parser("rate", help="hourly rates (entered by you: no confirmed source)")
    r = r.add_subparsers(dest="rate_command", metavar="ACTION", required=True)
    p = r.add_parser("set", help="enter a rate")
    p.add_argument("--scheme", required=True, help="2016 or 2025")
    p.add_argument("--kind", required=True, help=", ".join(RATE_KINDS))
    p.add_argument("--rate", required=True, help="pounds per hour (per item for letter and call)")
    p.add_argument("--source", default="", help="where the rate comes from")
    p.set_defaults(func=cmd_rate_set)
    p = r.add_parser("list", help="the rates entered")
    p.set_defaults(func=cmd_rate_list)
    c = la.add_parser("crm4", help="CRM4 prior authority for an expert")
    c = c.add_subparsers(dest="crm4_command", metavar="ACTION", required=True)
    p = c.add_parser("add", help="record an application with the expert's estimate")
    p.add_argument("--matter", type=int, required=True)
    p.add_argument("--expert", required=True, help="psychologist, psychiatrist, risk-assessment")
    p.add_argument("--hours", required=True)
    p.add_argument("--rate", required=True, help="the expert's hourly rate, pounds")
    p.add_argument("--travel-hours", dest="travel_hours", default="0")
    p.add_argument("--name", default="", help="the expert's name")
    p.add_argument("--applied", help="date applied")
    p.set_defaults(func=cmd_crm4_add)
    p = c.add_parser("list", help="a matter's CRM4 applications with their estimates")
    p.add_argument("--matter", type=int, required=True)
    p.set_defaults(func=cmd_crm4_list)


# ---------------------------------------------------------------------------- helpers
def _at(raw: str | None, today: _dt.date) -> _dt.datetime | None:
    """``HH:MM`` (today) or ``YYYY-MM-DDTHH:MM``, local time (Europe/London); ``None``: now."""
    if not raw:
        return None
    m = _AT.match(raw.strip())
    if not m:
        raise BadInput("--at must be HH:MM or YYYY-MM-DDTHH:MM (local time)")
    try:
        day = _dt.date.fromisoformat(m.group(1)) if m.group(1) else today
        return _dt.datetime(day.year, day.month, day.day, int(m.group(2)), int(m.group(3)), tzinfo=LOCAL)
    except ValueError:
        raise BadInput("--at is not a real date and time") from None


def _visit_line(v) -> str:
    times = " ".join(x for x in (v.arrived_at and f"arrived {v.arrived_at}",
                                 v.consultation_start and f"consultation {v.consultation_start}"
                                                          f"-{v.consultation_end}",
                                 v.departed_at and f"left {v.departed_at}") if x)
    state = f"RUNNING ({v.timer.get('phase')})" if v.running else "done"
    head = f"{v.id:>5}  {v.date:%d/%m/%Y}  matter {v.matter_id:<5} {v.prison or '-':<20} {state}"
    return f"{head}  {times}".rstrip()


def _pounds(x: float) -> str:
    return f"£{x:,.2f}"


# ---------------------------------------------------------------------------- visits
def cmd_visit_start(args, ctx) -> int:
    svc = ctx.services()
    vid = svc.visits.start(args.matter, phase=args.phase, prison=args.prison, booked_slot=args.slot,
                           attendees=args.attendees, at=_at(args.at, svc.clock.today()))
    v = svc.visits.get(vid)
    ctx.emit({"id": vid, **visit_json(v)}, f"Visit {vid} started ({args.phase}).")
    return 0


def cmd_visit_switch(args, ctx) -> int:
    svc = ctx.services()
    v = svc.visits.switch(args.id, args.phase, _at(args.at, svc.clock.today()))
    ctx.emit(visit_json(v), f"Visit {v.id}: {args.phase}.")
    return 0


def cmd_visit_stop(args, ctx) -> int:
    svc = ctx.services()
    v = svc.visits.stop(args.id, _at(args.at, svc.clock.today()), note=args.note, mileage=args.mileage,
                        attendees=args.attendees)
    entries = [entry_json(e) for e in svc.time.for_visit(v.id)]
    text = (f"Visit {v.id} stopped: travel {v.travel_minutes} min, waiting {v.waiting_minutes} min, "
            f"consultation {v.consultation_start or '-'}-{v.consultation_end or '-'}; "
            f"{len(entries)} time entr{'y' if len(entries) == 1 else 'ies'} recorded.")
    ctx.emit({**visit_json(v), "entries": entries}, text)
    return 0


def cmd_visit_add(args, ctx) -> int:
    svc = ctx.services()
    vid = svc.visits.add(args.matter, args.date, prison=args.prison, booked_slot=args.slot,
                         arrived_at=args.arrived, consultation_start=args.start, consultation_end=args.end,
                         departed_at=args.departed, travel_minutes=args.travel_minutes,
                         waiting_minutes=args.waiting_minutes, mileage=args.mileage, attendees=args.attendees,
                         note=args.note)
    entries = [entry_json(e) for e in svc.time.for_visit(vid)]
    ctx.emit({"id": vid, "entries": entries}, f"Added visit {vid} ({len(entries)} time entries).")
    return 0


def cmd_visit_list(args, ctx) -> int:
    svc = ctx.services()
    found = svc.visits.list(args.matter, running_only=args.running)
    ctx.emit([visit_json(v) for v in found], "\n".join(_visit_line(v) for v in found) or "No visits.")
    return 0


def cmd_visit_note(args, ctx) -> int:
    nid = ctx.services().visits.set_note(args.id, args.text)
    ctx.emit({"id": args.id, "note": nid}, f"Visit {args.id}: note {nid} saved.")
    return 0


# ---------------------------------------------------------------------------- time
def cmd_time_add(args, ctx) -> int:
    if args.minutes is None and args.items is None:
        raise BadInput("give --minutes N (a positive whole number), or --items N for routine letters "
                       "and calls")
    svc = ctx.services()
    eid = svc.time.add(args.matter, args.activity, args.minutes, date=args.date, items=args.items,
                       description=args.note, fee_earner=args.fee_earner, class_code=args.klass)
    e = svc.time.get(eid)
    what = f"{e.minutes} min ({e.units} units)" if e.minutes else f"{e.items} item(s)"
    ctx.emit({"id": eid, "minutes": e.minutes, "units": e.units, "items": e.items},
             f"Added time entry {eid}: {what}.")
    return 0


def cmd_time_list(args, ctx) -> int:
    found = ctx.services().time.for_matter(args.matter)
    lines = [f"{e.id:>5}  {e.date:%d/%m/%Y}  {e.activity:<12} "
             + (f"{e.minutes:>4} min ({e.units} u)" if e.minutes else f"{e.items:>4} item(s)")
             + f"  {e.fee_earner}  {e.description}".rstrip() for e in found]
    ctx.emit([entry_json(e) for e in found], "\n".join(lines) or "No time recorded.")
    return 0


def cmd_time_remove(args, ctx) -> int:
    ctx.services().time.remove(args.id)
    ctx.emit({"id": args.id, "removed": True}, f"Removed time entry {args.id}.")
    return 0


def cmd_time_unit(args, ctx) -> int:
    svc = ctx.services()
    n = svc.time.set_unit_minutes(args.value) if args.value is not None else svc.time.unit_minutes()
    ctx.emit({"unit_minutes": n}, f"The unit of time is {n} minutes.")
    return 0


# ---------------------------------------------------------------------------- legal aid
_LA_FIELDS = ("fee_earner", "crm1_signed_on", "means_passported", "means_weekly_income", "means_capital",
              "means_notes", "crm3_applied_on", "crm3_granted_on", "crm3_reference")


def _la_json(svc, matter_id: int) -> dict:
    from casebook.domain.records import LEGAL_AID, LEGAL_AID_CLASS_RECORDS, PRIOR_AUTHORITIES

    la = svc.legal_aid.for_matter(matter_id)
    scheme = svc.legal_aid.scheme_for(matter_id)
    return {
        "matter": matter_id,
        **({k: v for k, v in LEGAL_AID.to_json(la).items() if k != "matter"} if la else {}),
        "ufn_date": la.ufn_date if la else None, "scheme": scheme.id if scheme else None,
        "classes": [LEGAL_AID_CLASS_RECORDS.to_json(c) for c in svc.legal_aid.classes(matter_id)],
        "prior_authorities": [PRIOR_AUTHORITIES.to_json(p)
                              for p in svc.legal_aid.prior_authorities(matter_id)],
    }


def cmd_la_set(args, ctx) -> int:
    svc = ctx.services()
    fields = {k: getattr(args, k) for k in _LA_FIELDS if getattr(args, k) is not None}
    if args.ufn is not None:
        fields["ufn"] = svc.legal_aid.check_ufn(args.ufn, args.matter)
    if not fields and not (args.new_ufn or args.klass or args.close):
        raise BadInput("nothing to set: give --ufn, --new-ufn, --class, --close, --fee-earner or a "
                       "means/CRM3 field")
    with svc.cb.transaction():  # all or nothing
        if args.new_ufn:
            fields["ufn"] = svc.legal_aid.new_ufn(args.ufn_date)
        if fields or svc.legal_aid.for_matter(args.matter) is None:
            svc.legal_aid.set(args.matter, **fields)
        if args.klass:
            svc.legal_aid.open_class(args.matter, args.klass, args.opened)
        if args.close:
            svc.legal_aid.close_class(args.matter, args.close, args.closed)
    data = _la_json(svc, args.matter)
    ctx.emit(data, f"Matter {args.matter}: UFN {data.get('ufn') or '-'}, scheme {data['scheme'] or '-'}, "
                   f"classes {', '.join(c['code'] for c in data['classes']) or '-'}.")
    return 0


def cmd_la_show(args, ctx) -> int:
    svc = ctx.services()
    svc.matters.get(args.matter)
    data = _la_json(svc, args.matter)
    lines = [f"UFN: {data.get('ufn') or '-'}   scheme: {data['scheme'] or '-'}   "
             f"fee earner: {data.get('fee_earner') or '-'}"]
    for c in data["classes"]:
        lines.append(f"  {c['code']}  {CLASSES[c['code']]}  opened {c['opened_on']}"
                     + (f", closed {c['closed_on']}" if c["closed_on"] else ""))
    ctx.emit(data, "\n".join(lines))
    return 0


def cmd_la_ufn(args, ctx) -> int:
    ufn = ctx.services().legal_aid.new_ufn(args.date)
    ctx.emit({"ufn": ufn}, ufn)
    return 0


def cmd_rate_set(args, ctx) -> int:
    svc = ctx.services()
    rid = svc.legal_aid.set_rate(args.scheme, args.kind, args.rate, args.source)
    ctx.emit({"id": rid}, f"Rate saved ({args.scheme}, {args.kind}).")
    return 0


def cmd_rate_list(args, ctx) -> int:  # noqa: ARG001
    from casebook.domain.records import LEGAL_AID_RATES

    found = ctx.services().legal_aid.rate_list()
    ctx.emit([LEGAL_AID_RATES.to_json(r) for r in found],
             "\n".join(f"{r.scheme}  {RATE_KINDS.get(r.kind, r.kind):<36} £{r.rate}  {r.source}"
                       for r in found)
             or "No rates entered (the prison-law hourly rates have no confirmed source: enter yours).")
    return 0


def _crm4_json(svc, p) -> dict:
    from casebook.domain.records import PRIOR_AUTHORITIES

    est = svc.legal_aid.crm4_estimate(p)
    return {**PRIOR_AUTHORITIES.to_json(p), "estimate": float(est.total),
            "within_auto_grant": est.within_auto_grant, "reasons": list(est.reasons)}


def cmd_crm4_add(args, ctx) -> int:
    svc = ctx.services()
    pid = svc.legal_aid.add_prior_authority(args.matter, expert=args.expert, hours=args.hours,
                                            hourly_rate=args.rate, travel_hours=args.travel_hours,
                                            expert_name=args.name, applied_on=args.applied)
    data = _crm4_json(svc, svc.legal_aid.crm4_store.get(pid))
    grant = "within the auto-grant limits" if data["within_auto_grant"] else "; ".join(data["reasons"])
    ctx.emit({"id": pid, **data}, f"CRM4 {pid}: estimate {_pounds(data['estimate'])} ({grant}).")
    return 0


def cmd_crm4_list(args, ctx) -> int:
    svc = ctx.services()
    found = [_crm4_json(svc, p) for p in svc.legal_aid.prior_authorities(args.matter)]
    ctx.emit(found, "\n".join(f"{d['id']:>5}  {d['expert']:<16} {_pounds(d['estimate'])}" for d in found)
             or "No CRM4 applications.")
    return 0


# ---------------------------------------------------------------------------- fees and claims
def _fee_text(d: dict) -> str:
    return (f"{d['fee_code']} ({d['scheme']} scheme): fixed fee {_pounds(d['fixed_fee'])}; costs "
            f"{_pounds(d['costs'])} (profit + waiting) of the limit {_pounds(d['limit'])} — "
            f"{_pounds(d['to_limit'])} to go; {d['status_label']}.")


def cmd_fees(args, ctx) -> int:
    svc = ctx.services()
    if args.output:
        if not args.output.lower().endswith(".docx"):
            raise BadInput("the claim summary is a Word file: give OUT.docx")
        done = svc.legal_aid.export_matter_docx(args.matter, args.output, overwrite=args.force)
        ctx.emit(done, f"Wrote the claim summary ({done['rows']} class(es)) to {done['path']}.")
        return 0
    if args.all:
        found = svc.legal_aid.all_fees(args.matter)
        ctx.emit(found, "\n".join(_fee_text(d) for d in found))
        return 0
    r = svc.legal_aid.fees(args.matter, args.klass)
    la = svc.legal_aid.for_matter(args.matter)
    d = fee_json(r, args.matter, la.ufn if la else None)
    ctx.emit(d, _fee_text(d) + "\n" + "\n".join(f"  {s}" for s in d["working"]))
    return 0


def cmd_claims(args, ctx) -> int:
    svc = ctx.services()
    out = args.output
    if out.lower().endswith(".docx"):
        done = svc.legal_aid.export_claims_docx(args.month, out, overwrite=args.force)
    elif out.lower().endswith(".csv"):
        done = svc.legal_aid.export_claims_csv(args.month, out, overwrite=args.force)
    else:
        raise BadInput("the output must end in .csv (claims CSV) or .docx (printable summary)")
    ctx.emit(done, f"Wrote {done['rows']} claim(s) to {done['path']}.")
    return 0
