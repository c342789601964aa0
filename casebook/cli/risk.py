"""Risk and evidence commands: ``assessment add|list``, ``factor add|list``, ``evidence add|list`` and
``report matrix``. Thin over :mod:`casebook.services.risk`: the CLI only splits the compound flags
(``--rosh GROUP:SETTING=LEVEL``, ``--score NAME=VALUE[:static|dynamic]``, ``--band-as-issued NAME=BAND``,
``--section N:harm|offending|both|none``);
every value is validated by the services, and bad input saves nothing."""

from __future__ import annotations

from casebook.domain import risk
from casebook.domain.dates import format_date
from casebook.domain.records import EVIDENCE
from casebook.errors import BadInput
from casebook.services.risk import score_band


def register(sub, groups) -> None:
    assessment = sub.add_parser("assessment", help="risk assessments").add_subparsers(
        dest="assessment_command", metavar="ACTION", required=True)
    p = assessment.add_parser("add", help="record a risk assessment (OASys, a psychological report …)")
    p.add_argument("--client", type=int, required=True)
    p.add_argument("--tool", required=True, help="oasys, hcr-20-v3, svr-20, rsvp, arms, sara, pcl-r, other")
    p.add_argument("--date", required=True, metavar="DD/MM/YYYY", help="date of the assessment")
    p.add_argument("--author", default="")
    p.add_argument("--source", default="", help="source document")
    p.add_argument("--page", help="page in the source document")
    p.add_argument("--rosh", action="append", default=[], metavar="GROUP:SETTING=LEVEL",
                   help="a RoSH level, e.g. public:community=high (repeatable)")
    p.add_argument("--score", action="append", default=[], metavar="NAME=VALUE[:static|dynamic]",
                   help="a predictor score, e.g. OGRS3=62:static (repeatable)")
    p.add_argument("--band-as-issued", action="append", default=[], metavar="NAME=BAND",
                   help="the band printed on the report for a score, e.g. OGRS3=medium (repeatable)")
    p.add_argument("--section", action="append", default=[], metavar="N:harm|offending|both|none",
                   help="an OASys section (1-13) and what it is linked to: risk of serious harm, offending "
                        "behaviour, both or neither, e.g. 11:both (repeatable)")
    p.add_argument("--author-role", default="",
                   help="prison-psychologist, independent-expert, probation, police or other")
    p.add_argument("--conclusions", default="", help="the assessment's conclusions")
    p.add_argument("--recommendation", default="", help="its recommendation (release, open conditions …)")
    p.add_argument("--pni", default="", metavar="OUTCOME",
                   help="the Programme Needs Identifier outcome: high, moderate, alternative or omission")
    p.add_argument("--mappa-category", default="", metavar="1-4", help="MAPPA category")
    p.add_argument("--mappa-level", default="", metavar="1-3", help="MAPPA management level")
    p.set_defaults(func=cmd_assessment_add)
    p = assessment.add_parser("list", help="a client's risk assessments, oldest first")
    p.add_argument("--client", type=int, required=True)
    p.set_defaults(func=cmd_assessment_list)

    factor = sub.add_parser("factor", help="risk factors").add_subparsers(dest="factor_command",
                                                                         metavar="ACTION", required=True)
    p = factor.add_parser("add", help="record a risk factor named in the assessments")
    p.add_argument("--client", type=int, required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--assessment", action="append", default=[], metavar="ID[:SECTION]",
                   help="an assessment that names it, optionally with the section/paragraph (repeatable)")
    p.set_defaults(func=cmd_factor_add)
    p = factor.add_parser("list", help="a client's risk factors")
    p.add_argument("--client", type=int, required=True)
    p.set_defaults(func=cmd_factor_list)

    evidence = sub.add_parser("evidence", help="evidence of risk reduction").add_subparsers(
        dest="evidence_command", metavar="ACTION", required=True)
    p = evidence.add_parser("add", help="record evidence of risk reduction")
    p.add_argument("--client", type=int, required=True)
    p.add_argument("--kind", required=True, help="programme, one-to-one, psychology, behaviour, education, …")
    p.add_argument("--date", required=True, metavar="DD/MM/YYYY")
    p.add_argument("--title", required=True)
    p.add_argument("--factor", action="append", default=[], type=int, metavar="ID",
                   help="a risk factor it addresses (repeatable)")
    p.add_argument("--source", default="", help="source document")
    p.add_argument("--page", help="page in the source document")
    p.set_defaults(func=cmd_evidence_add)
    p = evidence.add_parser("list", help="a client's evidence, oldest first")
    p.add_argument("--client", type=int, required=True)
    p.set_defaults(func=cmd_evidence_list)

    if "report" not in groups:
        groups["report"] = sub.add_parser("report", help="reports").add_subparsers(
            dest="report_command", metavar="WHAT", required=True)
    p = groups["report"].add_parser("matrix", help="risk factors against the evidence that addresses them")
    p.add_argument("--client", type=int, required=True)
    p.set_defaults(func=cmd_report_matrix)


# ---------------------------------------------------------------------------- the compound flags
def _pair(raw: str, sep: str, flag: str, example: str) -> tuple[str, str]:
    left, found, right = raw.partition(sep)
    if not found or not left.strip() or not right.strip():
        raise BadInput(f"{flag} must look like {example}")
    return left.strip(), right.strip()


def parse_rosh(raw: str) -> dict[str, str]:
    """``GROUP:SETTING=LEVEL`` → the RoSH fields."""
    where, level = _pair(raw, "=", "--rosh", "GROUP:SETTING=LEVEL, e.g. public:community=high")
    group, setting = _pair(where, ":", "--rosh", "GROUP:SETTING=LEVEL, e.g. public:community=high")
    return {"risk_group": group, "setting": setting, "level": level}


def parse_score(raw: str) -> dict[str, str]:
    """``NAME=VALUE[:static|dynamic]`` → the score fields."""
    name, rest = _pair(raw, "=", "--score", "NAME=VALUE[:static|dynamic], e.g. OGRS3=62:static")
    value, _, kind = rest.partition(":")
    return {"name": name, "value": value.strip(), "kind": kind.strip()}


def parse_bands(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for raw in items:
        name, band = _pair(raw, "=", "--band-as-issued", "NAME=BAND, e.g. OGRS3=medium")
        if name.lower() in (n.lower() for n in out):
            raise BadInput("--band-as-issued is given twice for one predictor")
        out[name] = band
    return out


SECTION_LINKS = {"harm": (True, False), "offending": (False, True), "both": (True, True),
                 "none": (False, False)}


def parse_section(raw: str) -> dict[str, object]:
    """``N:harm|offending|both|none`` → the section flags (the number is checked by the services)."""
    example = "N:harm|offending|both|none, e.g. 11:both"
    number, links = _pair(raw, ":", "--section", example)
    if links.lower() not in SECTION_LINKS:
        raise BadInput(f"--section must look like {example}")
    harm, offending = SECTION_LINKS[links.lower()]
    return {"section": number, "linked_to_harm": harm, "linked_to_offending": offending}


def parse_assessment_ref(raw: str) -> tuple[str, str]:
    aid, _, section = raw.partition(":")
    if not aid.strip().isdigit():
        raise BadInput("--assessment must be an assessment id, optionally with :SECTION")
    return aid.strip(), section.strip()


# ---------------------------------------------------------------------------- commands
def cmd_assessment_add(args, ctx) -> int:
    rosh = [parse_rosh(r) for r in args.rosh]
    scores = [parse_score(s) for s in args.score]
    bands = parse_bands(args.band_as_issued)
    sections = [parse_section(s) for s in args.section]
    svc = ctx.services()
    aid = svc.assessments.add(args.client, tool=args.tool, date=args.date, author=args.author,
                              source=args.source, page=args.page, rosh=rosh, scores=scores,
                              bands_as_issued=bands, sections=sections, author_role=args.author_role,
                              conclusions=args.conclusions, recommendation=args.recommendation,
                              pni=args.pni, mappa_category=args.mappa_category,
                              mappa_level=args.mappa_level)
    ctx.emit({"id": aid}, f"Added assessment {aid}.")
    return 0


def cmd_assessment_list(args, ctx) -> int:
    svc = ctx.services()
    svc.clients.get(args.client)
    data, lines = [], []
    for a in svc.assessments.for_client(args.client):
        data.append(svc.assessments.as_json(a, full=True))
        lines.append(f"{a.id:>5}  {format_date(a.date):<18} {a.tool:<10} {a.author}"
                     + (f" ({a.author_role})" if a.author_role else ""))
        if a.mappa_category or a.mappa_level or a.pni:
            lines.append("         " + "; ".join(x for x in (
                f"MAPPA category {a.mappa_category}" if a.mappa_category else "",
                f"MAPPA level {a.mappa_level}" if a.mappa_level else "",
                f"PNI {a.pni}" if a.pni else "") if x))
        for r in svc.assessments.rosh_of(a.id):
            lines.append(f"         RoSH {r.risk_group} ({r.setting}): {r.level}")
        for s in svc.assessments.scores_of(a.id):
            b = score_band(s)
            kind = f" ({s.kind})" if s.kind else ""
            lines.append(f"         {risk.predictor_name(s.name)} {s.value:g}{kind}: {b.band or 'no band'}"
                         + (f" — DIFFERS. {b.message}" if b.differs else ""))
        for f in svc.assessments.sections_of(a.id):
            linked = [w for w, on in (("harm", f.linked_to_harm), ("offending", f.linked_to_offending)) if on]
            lines.append(f"         Section {f.section}: linked to {' and '.join(linked) or 'neither'}")
        if a.recommendation:
            lines.append(f"         Recommendation: {a.recommendation}")
    ctx.emit(data, "\n".join(lines) or "No assessments.")
    return 0


def cmd_factor_add(args, ctx) -> int:
    refs = [parse_assessment_ref(a) for a in args.assessment]
    svc = ctx.services()
    fid = svc.risk_factors.add(args.client, args.name, assessments=refs)
    ctx.emit({"id": fid}, f"Added risk factor {fid}.")
    return 0


def cmd_factor_list(args, ctx) -> int:
    svc = ctx.services()
    svc.clients.get(args.client)
    factors = svc.risk_factors.for_client(args.client)
    data = []
    for f in factors:
        links = svc.risk_factors.assessments_of(f.id)
        data.append({"id": f.id, "name": f.name, "notes": f.notes,
                     "assessments": [{"id": link.assessment_id, "section": link.section} for link in links]})
    text = "\n".join(f"{d['id']:>5}  {d['name']}  (assessments: "
                     f"{', '.join(str(a['id']) for a in d['assessments']) or 'none'})" for d in data)
    ctx.emit(data, text or "No risk factors.")
    return 0


def cmd_evidence_add(args, ctx) -> int:
    svc = ctx.services()
    eid = svc.evidence.add(args.client, kind=args.kind, date=args.date, title=args.title, source=args.source,
                           page=args.page, factors=args.factor)
    ctx.emit({"id": eid}, f"Added evidence {eid}.")
    return 0


def cmd_evidence_list(args, ctx) -> int:
    svc = ctx.services()
    svc.clients.get(args.client)
    items = svc.evidence.for_client(args.client)
    data = [{**EVIDENCE.to_json(e), "factors": svc.evidence.factors_of(e.id)} for e in items]
    text = "\n".join(f"{e.id:>5}  {format_date(e.date):<18} {e.kind:<18} {e.title}" for e in items)
    ctx.emit(data, text or "No evidence.")
    return 0


def cmd_report_matrix(args, ctx) -> int:
    svc = ctx.services()
    rows = svc.risk_factors.matrix(args.client)
    data = {"factors": [{"id": r.factor.id, "name": r.factor.name, "evidence": r.evidence, "gap": r.gap}
                        for r in rows]}
    text = "\n".join(f"{r.factor.id:>5}  {r.factor.name:<40} "
                     + ("NO EVIDENCE" if r.gap else "evidence " + ", ".join(map(str, r.evidence)))
                     for r in rows)
    ctx.emit(data, text or "No risk factors.")
    return 0
