"""``casebook deadlines`` (list, done, reopen, override, snooze, calendar) and ``casebook export ics``.

``casebook deadlines [--matter ID] [--within DAYS] [--json]`` lists computed deadlines, overdue first;
with ``--json`` a list of objects with ``id``, ``matter``, ``title``, ``due`` (YYYY-MM-DD), ``rule`` (the
citation), ``status`` (open / done / overdue), ``confirmed`` and more (see
:meth:`casebook.services.deadlines.Deadline.as_json`).
"""

from __future__ import annotations

import datetime as _dt

from casebook.domain.validate import parse_date
from casebook.errors import BadInput


def register(sub, groups) -> None:
    p = sub.add_parser(
        "deadlines",
        help="computed deadlines (overdue first); actions: done, reopen, override, snooze, calendar",
        description="Deadlines computed from each matter's events by the rules in resources/rules. "
        "Without an action: list them.",
    )
    p.add_argument("--matter", type=int, metavar="ID", help="one matter only")
    p.add_argument("--within", type=int, metavar="DAYS", help="only those not done and due within DAYS "
                                                              "(overdue included)")
    p.add_argument("--all", action="store_true", help="include closed matters")
    p.add_argument("--as-at", metavar="DD/MM/YYYY", help="treat this date as today (default: today)")
    p.set_defaults(func=cmd_list)
    actions = p.add_subparsers(dest="deadlines_action", metavar="[ACTION]")

    a = actions.add_parser("show", help="one deadline in full")
    a.add_argument("id", help="deadline id, e.g. 12:pbr2019-r20-oral-hearing-application")
    a.set_defaults(func=cmd_show)
    a = actions.add_parser("done", help="mark a deadline done")
    a.add_argument("id")
    a.set_defaults(func=cmd_done)
    a = actions.add_parser("reopen", help="mark a deadline not done")
    a.add_argument("id")
    a.set_defaults(func=cmd_reopen)
    a = actions.add_parser("override", help="replace the computed due date (a reason is required)")
    a.add_argument("id")
    a.add_argument("--due", metavar="DD/MM/YYYY", help="the new due date")
    a.add_argument("--reason", help="why the date differs from the rule (recorded in the audit log)")
    a.add_argument("--clear", action="store_true", help="go back to the computed date")
    a.set_defaults(func=cmd_override)
    a = actions.add_parser("snooze", help="hide a deadline from the dashboard until a date")
    a.add_argument("id")
    a.add_argument("--until", metavar="DD/MM/YYYY", help="the date it comes back (omit with --clear)")
    a.add_argument("--clear", action="store_true", help="stop snoozing")
    a.set_defaults(func=cmd_snooze)
    a = actions.add_parser("calendar", help="show or change bank-holiday overrides and weekend rolling")
    a.add_argument("--roll", choices=("on", "off"),
                   help="move a last day that falls on a weekend or bank holiday to a working day (default "
                        "off)")
    a.add_argument("--extra", nargs="*", metavar="DD/MM/YYYY", help="extra non-working days (replaces the "
                                                                    "list)")
    a.add_argument("--removed", nargs="*", metavar="DD/MM/YYYY",
                   help="bank holidays to treat as working days (replaces the list)")
    a.set_defaults(func=cmd_calendar)

    a = actions.add_parser("commencement",
                           help="show, set or clear the date a new provision comes into force",
                           description="Some rules wait for a commencement date not known when they were "
                           "written (e.g. sa2026-s42). Without arguments: list them.")
    a.add_argument("provision", nargs="?", help="its id, e.g. sa2026-s42")
    a.add_argument("date", nargs="?", metavar="DD/MM/YYYY", help="the date it comes into force")
    a.add_argument("--clear", action="store_true", help="not in force after all: forget the date")
    a.set_defaults(func=cmd_commencement)

    e = groups["export"].add_parser("ics", help="deadlines as an .ics calendar file (Outlook and others)")
    e.add_argument("-o", "--output", required=True, metavar="FILE.ics")
    e.add_argument("--force", action="store_true", help="replace FILE.ics if it exists")
    e.add_argument("--matter", type=int, metavar="ID", help="one matter only")
    e.add_argument("--within", type=int, metavar="DAYS", help="only those due within DAYS (overdue included)")
    e.add_argument("--no-names", action="store_true", help="leave client names and matter titles out of the "
                                                           "file")
    e.add_argument("--as-at", metavar="DD/MM/YYYY", help="treat this date as today")
    e.set_defaults(func=cmd_export_ics)


def _today(args) -> _dt.date | None:
    raw = getattr(args, "as_at", None)
    if not raw:
        return None
    try:
        return parse_date(raw)
    except ValueError:
        raise BadInput(f"--as-at {raw!r} is not a date; use DD/MM/YYYY or YYYY-MM-DD") from None


def _iso(raw: str | None, flag: str) -> str:
    if not raw:
        raise BadInput(f"{flag} is required (DD/MM/YYYY or YYYY-MM-DD)")
    try:
        return parse_date(raw).isoformat()
    except ValueError:
        raise BadInput(f"{flag} {raw!r} is not a date; use DD/MM/YYYY or YYYY-MM-DD") from None


def _line(d) -> str:
    from casebook.domain.validate import format_date

    status = {"overdue": "OVERDUE", "open": "open", "done": "done"}[d.status]
    flags = []
    if not d.confirmed:
        flags.append("UNCONFIRMED rule")
    if d.overridden:
        flags.append("date overridden")
    if d.snoozed:
        flags.append(f"snoozed until {format_date(d.snoozed_until)}")
    if d.non_working_advice and d.status != "done":
        flags.append(d.non_working_advice)
    extra = f"  ({'; '.join(flags)})" if flags else ""
    return (f"{status:<8} {format_date(d.due):<18} {d.id:<48} {d.client_name} — {d.title} "
            f"[{d.citation}]{extra}")


def cmd_list(args, ctx) -> int:
    svc = ctx.services()
    if args.within is not None and args.within < 0:
        raise BadInput("--within must be 0 or more days")
    if args.matter is not None:
        svc.matters.get(args.matter)  # a clear "no matter with id N"
    items = svc.deadlines.list(
        matter_id=args.matter, within_days=args.within, today=_today(args), include_closed=args.all
    )
    if ctx.json:  # (the text is not printed: 16,500 lines of it took 170 ms in a ten-year casebook)
        ctx.emit([d.as_json() for d in items])
        return 0
    text = "\n".join(_line(d) for d in items) if items else "No deadlines."
    ctx.emit([d.as_json() for d in items], text)
    return 0


def _show(ctx, d) -> None:
    from casebook.domain.validate import format_date

    lines = [
        f"{d.title}",
        f"  id:       {d.id}",
        f"  client:   {d.client_name} · matter {d.matter_id} ({d.matter_title})",
        f"  due:      {format_date(d.due)} — {d.status}",
        f"  rule:     {d.full_citation}"
        f"{'' if d.confirmed else '  (UNCONFIRMED: check before relying on it)'}",
        f"  from:     {d.period}: {d.trigger_label} on {format_date(d.trigger_date)}",
    ]
    if d.overridden:
        lines.append(f"  override: computed {format_date(d.computed_due)}; reason: {d.override_reason}")
    if d.non_working_advice:
        lines.append(f"  note:     {d.non_working_advice}")
    if d.closed_by:
        lines.append(f"  closed:   by {d.closed_by}")
    lines += [f"  note:     {c}" for c in d.caveats]
    ctx.emit(d.as_json(), "\n".join(lines))


def cmd_show(args, ctx) -> int:
    svc = ctx.services()
    _show(ctx, svc.deadlines.get(args.id))
    return 0


def cmd_done(args, ctx) -> int:
    svc = ctx.services()
    d = svc.deadlines.mark_done(args.id)
    ctx.emit(d.as_json(), f"Marked done: {d.title}.")
    return 0


def cmd_reopen(args, ctx) -> int:
    svc = ctx.services()
    d = svc.deadlines.reopen(args.id)
    ctx.emit(d.as_json(), f"Reopened: {d.title} ({d.status}).")
    return 0


def cmd_override(args, ctx) -> int:
    from casebook.domain.validate import format_date

    svc = ctx.services()
    if args.clear:
        d = svc.deadlines.clear_override(args.id)
    else:
        if not (args.reason or "").strip():
            raise BadInput("--reason is required: say why the date differs from the rule")
        d = svc.deadlines.override(args.id, _iso(args.due, "--due"), args.reason)
    ctx.emit(d.as_json(), f"{d.title}: due {format_date(d.due)}.")
    return 0


def cmd_snooze(args, ctx) -> int:
    from casebook.domain.validate import format_date

    svc = ctx.services()
    until = None if args.clear else _iso(args.until, "--until")
    d = svc.deadlines.snooze(args.id, until)
    msg = f"Snoozed until {format_date(d.snoozed_until)}." if d.snoozed_until else "No longer snoozed."
    ctx.emit(d.as_json(), msg)
    return 0


def cmd_calendar(args, ctx) -> int:
    from casebook.domain.validate import format_date

    svc = ctx.services()
    changes = {}
    if args.roll is not None:
        changes["roll_non_working"] = args.roll == "on"
    if args.extra is not None:
        changes["extra_non_working"] = [_iso(x, "--extra") for x in args.extra]
    if args.removed is not None:
        changes["removed"] = [_iso(x, "--removed") for x in args.removed]
    s = svc.deadlines.set_calendar_settings(**changes) if changes else svc.deadlines.calendar_settings()
    data = {
        "roll_non_working": s.roll_non_working,
        "extra_non_working": [x.isoformat() for x in s.extra_non_working],
        "removed": [x.isoformat() for x in s.removed],
    }
    text = "\n".join([
        f"Move last days off weekends and bank holidays: {'on' if s.roll_non_working else 'off'}",
        "Extra non-working days: " + (", ".join(format_date(x) for x in s.extra_non_working) or "none"),
        "Bank holidays treated as working days: " + (", ".join(format_date(x) for x in s.removed) or "none"),
    ])
    ctx.emit(data, text)
    return 0


def cmd_commencement(args, ctx) -> int:
    from casebook.domain.validate import format_date

    svc = ctx.services()
    if args.provision:
        if args.clear:
            svc.deadlines.set_commencement(args.provision, None)
        elif args.date:
            svc.deadlines.set_commencement(args.provision, _iso(args.date, "the date"))
        else:
            raise BadInput("give the date it comes into force (DD/MM/YYYY), or --clear")
    dates = svc.deadlines.commencements()
    data, lines = [], []
    for c in svc.deadlines.rules.commencements:
        day = dates.get(c.id)
        data.append({"id": c.id, "title": c.title, "citation": c.citation,
                     "in_force_from": day.isoformat() if day else None})
        state = f"in force from {format_date(day)}" if day else "not in force (no date set)"
        lines.append(f"{c.id}: {c.title}\n  {state} — {c.citation}")
    ctx.emit(data, "\n".join(lines) or "No provisions are awaiting commencement.")
    return 0


def cmd_export_ics(args, ctx) -> int:
    from pathlib import Path

    out = Path(args.output).expanduser()
    if out.suffix.lower() != ".ics":
        raise BadInput("the calendar file name must end in .ics")
    if out.exists() and not args.force:
        raise BadInput(f"{out.name} already exists; choose another name or use --force to replace it")
    if args.within is not None and args.within < 0:
        raise BadInput("--within must be 0 or more days")
    svc = ctx.services()
    if args.matter is not None:
        svc.matters.get(args.matter)
    n = svc.deadlines.export_ics(
        out, matter_id=args.matter, within_days=args.within, force=args.force,
        include_names=not args.no_names, today=_today(args),
    )
    ctx.emit({"path": str(out), "count": n}, f"Wrote {n} deadline{'s' if n != 1 else ''} to {out}.")
    return 0
