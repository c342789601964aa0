"""The template context: everything a letter template sees about one matter, as plain JSON-able values.

:func:`build_context` is the one stable contract between the casebook and the Word templates (shipped
and the firm's own). Every value is a ``str``, ``int``, ``bool``, ``list`` or ``dict`` — never ``None``:
a missing value is ``""`` (or ``[]``, or ``null`` only for the three optional objects ``next_deadline``,
``hearing`` and ``addressee``) so a template can always write ``{% if client.pnc %}``. Dates are
English (UK) text ("2 December 2026") with an ISO twin (``date_iso``) where a template may want to
compare or sort.
``docs/letters.md`` lists every field with an example; :data:`FIELDS` is the same list in code (tests
keep the two and the builder in step).

Speed: the context is built in one pass of queries per kind of record (the matter, the client, their
sentences, the release check, the deadlines, the chronology, every citation of the client's documents,
assessments with their parts, factors, evidence, allegations, challenges with their steps and links,
programmes, documents and contacts) — a fixed number of queries whatever the size of the case, never one per
chronology event or challenge.

"today" comes from the services' clock, never the machine's.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from casebook.domain import event_type_labels
from casebook.domain.dates import format_date
from casebook.domain.documents import cite_label
from casebook.domain.records import (
    ASSESSMENT_ROSH,
    ASSESSMENT_SCORES,
    CHALLENGE_STEPS,
    DOCUMENT_SECTIONS,
)
from casebook.domain.vocabulary import (
    DATE_CODES,
    DISPUTED_STATUSES,
    INDETERMINATE_TYPES,
    LEGAL_AID_CLASSES,
    MATTER_STATUSES,
    MATTER_TYPES,
    SENTENCE_TYPES,
)

#: The settings key of the firm's details (a JSON object: name, address_lines, phone, email,
#: solicitor, sra_number, reference).
FIRM_KEY = "letters.firm"
FIRM_FIELDS = ("name", "address_lines", "phone", "email", "solicitor", "sra_number", "reference")
#: Matter types for which the chronology's hearing events mean a Parole Board hearing.
PAROLE_MATTER_TYPES = ("parole-review", "recall-review", "ipp-licence-termination")
#: Chronology types that list or hold a hearing.
_HEARING_EVENTS = {"hearing-listed": "Oral hearing", "oral-hearing-held": "Oral hearing"}


_ENTRY_HINT = re.compile(r"\s*\(enter [^)]*\)\s*$")


def _s(value: Any) -> str:
    """Text for a template: ``None`` → ``""``; everything else as text."""
    if value is None:
        return ""
    if isinstance(value, _dt.date):
        return format_date(value)
    return str(value)


def _iso(d: _dt.date | None) -> str:
    return d.isoformat() if d else ""


def _label(list_name: str, code: str | None) -> str:
    """The label of a code of the risk vocabulary (the code itself if the list does not know it)."""
    if not code:
        return ""
    from casebook.risk import vocab
    from casebook.risk.data import normalise

    items = vocab.get(list_name)
    term = items.get(code) or items.get(normalise(code))
    return term.label if term is not None else str(code)


def _term_text(term: str | None) -> str:
    """An ISO-8601 period as words: ``P4Y6M`` → "4 years 6 months" ("" for none)."""
    if not term:
        return ""
    from casebook.sentencing.durations import parse_iso_term

    try:
        return str(parse_iso_term(term))
    except ValueError:
        return str(term)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _age(dob: _dt.date | None, today: _dt.date) -> str:
    if not dob:
        return ""
    years = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
    return str(years)


def _split_name(name: str) -> tuple[str, str]:
    parts = (name or "").split()
    if not parts:
        return "", ""
    if len(parts) == 1:
        return "", parts[0]
    return parts[0], parts[-1]


def _ids(rows: Iterable[Any]) -> list[int]:
    return [r.id for r in rows]


def _in(ids: list[int]) -> str:
    """``IN (?, ?, …)`` for ``ids`` (``IN (NULL)`` for none, which matches nothing)."""
    return "(" + (", ".join("?" * len(ids)) or "NULL") + ")"


def read_setting(cb, key: str) -> Any:
    """A setting's JSON value, or ``None`` when unset or unreadable."""
    row = cb.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    try:
        return json.loads(row[0])
    except (TypeError, ValueError):
        return None


def firm_details(cb) -> dict[str, Any]:
    """The firm's letterhead (setting ``letters.firm``), every field present ("" or [] when unset)."""
    raw = read_setting(cb, FIRM_KEY)
    raw = raw if isinstance(raw, dict) else {}
    out: dict[str, Any] = {}
    for name in FIRM_FIELDS:
        value = raw.get(name)
        if name == "address_lines":
            if isinstance(value, str):
                value = [line.strip() for line in value.splitlines() if line.strip()]
            out[name] = [str(v) for v in value] if isinstance(value, list) else []
        else:
            out[name] = "" if value is None else str(value)
    return out


# ---------------------------------------------------------------------------- the builder
def build_context(services, matter_id: int, *, addressee: int | None = None) -> dict[str, Any]:
    """The context for ``matter_id`` (:class:`casebook.errors.NotFound` when there is no such matter).
    ``addressee``: the id of one of the matter's contacts (its own or its client's general ones) the
    letter is to (``addressee`` in the context; null when not given); any other contact is refused."""
    from casebook.services.records import RecordStore

    svc = services
    cb = svc.cb
    today = svc.clock.today()
    matter = svc.matters.get(matter_id)
    client = svc.clients.get(matter.client_id)
    cid = client.id

    # Citations of every record of the client, in one query: (target, id) → ["Dossier p.143 ¶4", …].
    cites: dict[tuple[str, int], list[str]] = defaultdict(list)
    for target, target_id, cite_as, page, para in cb.conn.execute(
        "SELECT c.target, c.target_id, d.cite_as, c.page, c.paragraph FROM citations c "
        "JOIN documents d ON d.id = c.document_id WHERE d.client_id = ? "
        "ORDER BY d.cite_as, c.page, c.paragraph, c.id",
        (cid,),
    ):
        label = cite_label(cite_as, page, para or "")
        if label not in cites[(target, target_id)]:
            cites[(target, target_id)].append(label)

    def cited(target: str, id_: int) -> list[str]:
        return list(cites.get((target, id_), ()))

    # --- key dates: the prison's sheet beside ours (the release check), and review milestones.
    key_dates, milestones, ted = _key_dates(svc, client)

    # --- sentences
    sentences = []
    for s in svc.clients.sentences(cid):
        stype = str(s.sentence_type or "").upper()
        sentences.append(
            {
                "type": stype,
                "type_label": SENTENCE_TYPES.get(stype, stype),
                "offence": _s(s.offence),
                "sentence_date": format_date(s.sentence_date),
                "sentence_date_iso": _iso(s.sentence_date),
                "custodial_term": _term_text(s.custodial_term),
                "minimum_term": _term_text(s.minimum_term),
                "extension_term": _term_text(s.extension_term),
                "tariff_expiry": ted if stype in INDETERMINATE_TYPES else "",
                "indeterminate": stype in INDETERMINATE_TYPES,
            }
        )

    # --- the matter
    first, surname = _split_name(client.name)
    ctx_matter = {
        "id": matter.id,
        "type": matter.type,
        "type_label": MATTER_TYPES.get(matter.type, matter.type),
        "title": _s(matter.title),
        "status": matter.status,
        "status_label": MATTER_STATUSES.get(matter.status, matter.status),
        "reference": _s(matter.reference),
        "parole_board_ref": _s(matter.parole_board_ref),
        "ppcs_ref": _s(matter.ppcs_ref),
        "legal_aid_class": _s(matter.legal_aid_class),
        "legal_aid_label": LEGAL_AID_CLASSES.get(matter.legal_aid_class or "", "")
        if matter.legal_aid_class
        else "",
        "opened_on": format_date(matter.opened_on),
        "opened_on_iso": _iso(matter.opened_on),
        "is_parole": matter.type in PAROLE_MATTER_TYPES,
    }

    # --- deadlines (computed once; challenges' next dates come from the same list)
    all_deadlines = svc.deadlines.list(matter_id=matter_id)
    deadlines = [_deadline(d) for d in all_deadlines]
    upcoming = sorted((d for d in all_deadlines if d.status != "done"), key=lambda d: (d.due, d.id))
    next_deadline = _deadline(upcoming[0]) if upcoming else None

    # --- chronology (the matter's), with citations
    # The labels as a letter prints them: without the data-entry hints ("… (enter the TED)").
    labels = {code: _ENTRY_HINT.sub("", label) for code, label in event_type_labels().items()}
    events = svc.chronology.for_matter(matter_id)
    events.sort(key=lambda e: (e.date, e.id))
    chronology = [
        {
            "date": format_date(e.date),
            "date_iso": _iso(e.date),
            "type": e.type,
            "type_label": labels.get(e.type, e.type),
            "text": _s(e.text),
            "source": _s(e.source),
            "page": _s(e.page),
            "material": bool(e.material),
            "disputed": e.disputed or "undisputed",
            "disputed_label": DISPUTED_STATUSES.get(e.disputed or "undisputed", _s(e.disputed)),
            "citations": cited("event", e.id),
        }
        for e in events
    ]
    material_facts = [e for e in chronology if e["material"]]
    hearing = None
    for e in reversed(events):
        if e.type in _HEARING_EVENTS:
            hearing = {
                "date": format_date(e.date),
                "date_iso": _iso(e.date),
                "type": _HEARING_EVENTS[e.type],
                "listed": e.type == "hearing-listed",
                "upcoming": e.date >= today,
                "note": _s(e.text),
            }
            break

    # --- assessments with their RoSH levels and scores (two queries for all of them)
    assessments_rows = svc.assessments.for_client(cid)
    a_ids = _ids(assessments_rows)
    rosh_by: dict[int, list] = defaultdict(list)
    for r in RecordStore(ASSESSMENT_ROSH, cb, svc.audit).where(f"assessment_id IN {_in(a_ids)}", a_ids):
        rosh_by[r.assessment_id].append(r)
    scores_by: dict[int, list] = defaultdict(list)
    for sc in RecordStore(ASSESSMENT_SCORES, cb, svc.audit).where(f"assessment_id IN {_in(a_ids)}", a_ids):
        scores_by[sc.assessment_id].append(sc)
    assessments = []
    recommendations = []
    for a in assessments_rows:
        assessments.append(
            {
                "tool": a.tool,
                "tool_label": _label("tool", a.tool),
                "date": format_date(a.date),
                "date_iso": _iso(a.date),
                "author": _s(a.author),
                "author_role": _label("author", a.author_role),
                "source": _s(a.source),
                "page": _s(a.page),
                "conclusions": _s(a.conclusions),
                "recommendation": _s(a.recommendation),
                "rosh": [
                    {
                        "group": _label("rosh_group", r.risk_group),
                        "setting": _label("rosh_setting", r.setting),
                        "level": _label("rosh_level", r.level),
                    }
                    for r in rosh_by.get(a.id, ())
                ],
                "scores": [_score(sc) for sc in scores_by.get(a.id, ())],
                "citations": cited("assessment", a.id),
            }
        )
        if a.recommendation:
            recommendations.append(
                {
                    "author_role": _label("author", a.author_role),
                    "author": _s(a.author),
                    "recommendation": _s(a.recommendation),
                    "date": format_date(a.date),
                    "tool_label": _label("tool", a.tool),
                }
            )

    # --- risk factors and evidence, and the matrix between them (one query for the links)
    factors_rows = svc.risk_factors.for_client(cid)
    evidence_rows = svc.evidence.for_client(cid)
    factor_name = {f.id: f.name for f in factors_rows}
    evidence_title = {e.id: e.title for e in evidence_rows}
    links = cb.conn.execute(
        "SELECT ef.evidence_id, ef.factor_id FROM evidence_factors ef "
        "JOIN evidence e ON e.id = ef.evidence_id WHERE e.client_id = ? ORDER BY ef.id",
        (cid,),
    ).fetchall()
    factors_of: dict[int, list[str]] = defaultdict(list)
    evidence_of: dict[int, list[str]] = defaultdict(list)
    for eid, fid in links:
        if fid in factor_name and eid in evidence_title:
            factors_of[eid].append(factor_name[fid])
            evidence_of[fid].append(evidence_title[eid])
    risk_factors = [
        {"name": f.name, "notes": _s(f.notes), "evidence": evidence_of.get(f.id, [])} for f in factors_rows
    ]
    evidence = [
        {
            "kind": e.kind,
            "kind_label": _label("evidence_kind", e.kind),
            "date": format_date(e.date),
            "date_iso": _iso(e.date),
            "to_date": format_date(e.to_date),
            "title": _s(e.title),
            "source": _s(e.source),
            "page": _s(e.page),
            "notes": _s(e.notes),
            "factors": factors_of.get(e.id, []),
            "citations": cited("evidence", e.id),
        }
        for e in evidence_rows
    ]

    # --- allegations (the client's)
    allegations = [
        {
            "text": _s(al.text),
            "status": al.status,
            "status_label": _label("allegation_status", al.status),
            "source": _s(al.source),
            "page": _s(al.page),
            "citations": cited("allegation", al.id),
        }
        for al in svc.allegations.for_client(cid)
    ]

    # --- challenges (the matter's) with their steps, evidence and next date
    ch_rows = svc.challenges.for_matter(matter_id)
    ch_ids = _ids(ch_rows)
    steps_by: dict[int, list] = defaultdict(list)
    for st in RecordStore(CHALLENGE_STEPS, cb, svc.audit).where(f"challenge_id IN {_in(ch_ids)}", ch_ids):
        steps_by[st.challenge_id].append(st)
    ch_evidence: dict[int, list[str]] = defaultdict(list)
    for chid, eid in cb.conn.execute(
        f"SELECT challenge_id, evidence_id FROM challenge_evidence WHERE challenge_id IN {_in(ch_ids)} "
        "ORDER BY id",
        ch_ids,
    ):
        if eid in evidence_title:
            ch_evidence[chid].append(evidence_title[eid])
    open_by_event: dict[int, list] = defaultdict(list)
    for d in all_deadlines:
        if d.status != "done":
            open_by_event[d.event_id].append(d)
    challenges = []
    for c in ch_rows:
        steps = sorted(steps_by.get(c.id, ()), key=lambda s: (s.date, s.id))
        due = [d for s in steps if s.event_id for d in open_by_event.get(s.event_id, ())]
        nd = min(due, key=lambda d: (d.due, d.id)) if due else None
        challenges.append(
            {
                "assertion": _s(c.assertion),
                "source": _s(c.source),
                "page": _s(c.page),
                "paragraph": _s(c.paragraph),
                "ground": c.ground,
                "ground_label": _label("challenge_ground", c.ground),
                "position": _s(c.position),
                "status": c.status,
                "status_label": _label("challenge_status", c.status),
                "steps": [
                    {
                        "step": s.step,
                        "step_label": _label("escalation_step", s.step),
                        "date": format_date(s.date),
                        "date_iso": _iso(s.date),
                    }
                    for s in steps
                ],
                "evidence": ch_evidence.get(c.id, []),
                "next_due": format_date(nd.due) if nd else "",
                "next_due_iso": _iso(nd.due) if nd else "",
                "next_due_title": nd.title if nd else "",
                "citations": cited("challenge", c.id),
            }
        )

    # --- contacts: the matter's own, then the client's general ones (one query); the addressee
    contact_rows = svc.contacts.list_for_matter(matter_id)
    contacts = [_contact(c) for c in contact_rows]
    to = None
    if addressee is not None:
        wanted = svc.contacts.get(int(addressee))  # NotFound: no such contact
        to = next((c for c, row in zip(contacts, contact_rows, strict=True) if row.id == wanted.id), None)
        if to is None:
            from casebook.errors import BadInput

            raise BadInput(f"contact {wanted.id} is not one of matter {matter_id}'s contacts "
                           "(its own or its client's general ones)")

    # --- programmes: each referral's latest status (one query for every status)
    programmes = _programmes(svc, cid)

    # --- documents (current versions) with their sections
    docs = list(svc.documents.for_client(cid))
    replaced = {d.previous_id for d in docs if d.previous_id}
    docs = [d for d in docs if d.id not in replaced]
    d_ids = _ids(docs)
    sections_by: dict[int, list] = defaultdict(list)
    for sec in RecordStore(DOCUMENT_SECTIONS, cb, svc.audit).where(f"document_id IN {_in(d_ids)}", d_ids):
        sections_by[sec.document_id].append(sec)
    documents = [
        {
            "cite_as": _s(d.cite_as),
            "title": _s(d.title),
            "kind": d.kind,
            "kind_label": d.kind_label,
            "date": format_date(d.date),
            "date_iso": _iso(d.date),
            "pages": int(d.pages or 0),
            "sections": [
                {"name": s.name, "pages": s.pages_label}
                for s in sorted(sections_by.get(d.id, ()), key=lambda s: (s.first_page, s.id))
            ],
        }
        for d in docs
    ]

    return {
        "today": format_date(today),
        "today_iso": today.isoformat(),
        "firm": firm_details(cb),
        "client": {
            "name": _s(client.name),
            "first_name": first,
            "surname": surname,
            "title": "",
            "prison_number": _s(client.prison_number),
            "pnc": _s(client.pnc),
            "dob": format_date(client.dob),
            "dob_iso": _iso(client.dob),
            "age": _age(client.dob, today),
            "prison": _s(client.prison),
            "category": _s(client.category),
            "mappa_category": _s(client.mappa_category),
            "mappa_level": _s(client.mappa_level),
            "interpreter": _s(client.interpreter),
            "vulnerability": _s(client.vulnerability),
        },
        "sentences": sentences,
        "key_dates": key_dates,
        "milestones": milestones,
        "matter": ctx_matter,
        "deadlines": deadlines,
        "next_deadline": next_deadline,
        "chronology": chronology,
        "material_facts": material_facts,
        "assessments": assessments,
        "risk_factors": risk_factors,
        "evidence": evidence,
        "challenges": challenges,
        "allegations": allegations,
        "programmes": programmes,
        "documents": documents,
        "recommendations": recommendations,
        "hearing": hearing,
        "contacts": contacts,
        "addressee": to,
    }


def _contact(c) -> dict[str, Any]:
    """A contact as a letter sees it (``general``: the client's, not this matter's own)."""
    lines = [line.strip() for line in (c.address or "").replace(";", "\n").splitlines() if line.strip()]
    return {
        "id": c.id,
        "name": _s(c.name),
        "role": c.role,
        "role_label": c.role_label,
        "organisation": _s(c.organisation),
        "email": _s(c.email),
        "phone": _s(c.phone),
        "address": ", ".join(lines),
        "address_lines": lines,
        "general": c.matter_id is None,
    }


def _deadline(d) -> dict[str, Any]:
    return {
        "title": _s(d.title),
        "rule_id": _s(d.rule_id),
        "kind": _s(d.kind),
        "due": format_date(d.due),
        "due_iso": _iso(d.due),
        "rule": _s(d.citation),
        "citation": _s(d.full_citation),
        "confirmed": bool(d.confirmed),
        "done": d.status == "done",
        "overdue": d.status == "overdue",
        "status": d.status,
    }


def _score(sc) -> dict[str, Any]:
    from casebook.domain.risk import predictor_name
    from casebook.services.risk import score_band

    b = score_band(sc)
    band = b.band_as_issued or b.band or ""
    return {
        "name": predictor_name(sc.name),
        "value": _number(sc.value),
        "band": _label("rosh_level", band) if band else "",
        "kind": _s(sc.kind),
    }


def _key_dates(svc, client) -> tuple[list[dict], list[dict], str]:
    """(key_dates, milestones, TED text): the release check's comparisons, or the prison's dates alone when
    the check cannot be made."""
    milestones: list[dict] = []
    try:
        check = svc.release.check(client.id)
        comparisons = check.comparisons
        for m in check.milestones:
            milestones.append(
                {
                    "code": m.code,
                    "label": m.label,
                    "date": format_date(m.date),
                    "date_iso": _iso(m.date),
                    "source": _s(m.source),
                    "confirmed": bool(m.confirmed),
                }
            )
    except Exception:  # noqa: BLE001 - a letter never fails for want of a calculation
        comparisons = svc.release.prison_dates_only(client.prison_dates)
    key_dates = []
    ted = ""
    for c in comparisons:
        if not (c.prisons or c.ours):
            continue
        key_dates.append(
            {
                "code": c.code,
                "label": _s(c.label) or DATE_CODES.get(c.code, c.code),
                "prison": format_date(c.prisons),
                "prison_iso": _iso(c.prisons),
                "ours": format_date(c.ours),
                "ours_iso": _iso(c.ours),
                "differs": bool(c.differs),
                "note": _s(getattr(c, "hint", "")),
            }
        )
        if c.code == "TED":
            ted = format_date(c.prisons or c.ours)
    if not ted:
        ted = next((m["date"] for m in milestones if m["code"] == "TED"), "")
    return key_dates, milestones, ted


def _programmes(svc, cid: int) -> list[dict]:
    from casebook.risk import vocab

    referrals = svc.programmes.for_client(cid)
    r_ids = _ids(referrals)
    latest: dict[int, Any] = {}
    for st in svc.programmes.statuses.where(f"referral_id IN {_in(r_ids)}", r_ids, order_by="date, id"):
        latest[st.referral_id] = st
    out = []
    for r in referrals:
        try:
            name = vocab.programme(r.programme).name
        except ValueError:
            name = r.programme
        st = latest.get(r.id)
        out.append(
            {
                "name": name,
                "status": st.status if st else "",
                "status_label": _label("referral_status", st.status) if st else "",
                "date": format_date(st.date if st else r.date),
                "referred": format_date(r.date),
                "reason": _s(st.reason) if st else "",
            }
        )
    return out


#: Every top-level name of the context (what ``letter lint`` checks a template's fields against).
TOP_LEVEL = (
    "today",
    "today_iso",
    "firm",
    "client",
    "sentences",
    "key_dates",
    "milestones",
    "matter",
    "deadlines",
    "next_deadline",
    "chronology",
    "material_facts",
    "assessments",
    "risk_factors",
    "evidence",
    "challenges",
    "allegations",
    "programmes",
    "documents",
    "recommendations",
    "hearing",
    "contacts",
    "addressee",
)

__all__ = ["FIRM_KEY", "PAROLE_MATTER_TYPES", "TOP_LEVEL", "build_context", "firm_details", "read_setting"]


# ---------------------------------------------------------------------------- the documented shape
#: The context's shape with an example value for every field: the template authors' reference
#: (``docs/letters.md`` is written from it), what ``letter lint`` checks a template's fields against,
#: and what the tests hold :func:`build_context` to. A list holds one example item; ``next_deadline``,
#: ``hearing`` and ``addressee`` may be ``null`` (``{% if hearing %}``).
_DEADLINE_EXAMPLE = {
    "title": "Last day to apply for an oral hearing",
    "rule_id": "pbr2019-r20-oral-hearing-application",
    "kind": "time-limit",
    "due": "2 December 2026",
    "due_iso": "2026-12-02",
    "rule": "Parole Board Rules 2019 r.20(1)",
    "citation": "Parole Board Rules 2019 r.20(1) (SI 2019/1038)",
    "confirmed": True,
    "done": False,
    "overdue": False,
    "status": "open",
}
_EVENT_EXAMPLE = {
    "date": "12 October 2026",
    "date_iso": "2026-10-12",
    "type": "dossier-served",
    "type_label": "Dossier served",
    "text": "Dossier served (312 pages).",
    "source": "PPCS covering letter",
    "page": "1",
    "material": True,
    "disputed": "undisputed",
    "disputed_label": "Undisputed",
    "citations": ["Dossier p.1"],
}
_CONTACT_EXAMPLE = {
    "id": 7,
    "name": "Dr Jane Example",
    "role": "independent-psychologist",
    "role_label": "Psychologist (independent)",
    "organisation": "Example Forensic Psychology Ltd",
    "email": "jane.example@example.org",
    "phone": "0113 000 0001",
    "address": "2 Example Road, Leeds, LS2 2BB",
    "address_lines": ["2 Example Road", "Leeds", "LS2 2BB"],
    "general": False,
}
EXAMPLE: dict[str, Any] = {
    "today": "2 December 2026",
    "today_iso": "2026-12-02",
    "firm": {
        "name": "Example & Co Solicitors",
        "address_lines": ["1 High Street", "Leeds", "LS1 1AA"],
        "phone": "0113 000 0000",
        "email": "prisonlaw@example.co.uk",
        "solicitor": "A. Solicitor",
        "sra_number": "123456",
        "reference": "AS/PAROLE",
    },
    "client": {
        "name": "John Smith",
        "first_name": "John",
        "surname": "Smith",
        "title": "",
        "prison_number": "A1234BC",
        "pnc": "1990/0123456X",
        "dob": "3 March 1980",
        "dob_iso": "1980-03-03",
        "age": "46",
        "prison": "HMP Leyhill",
        "category": "D",
        "mappa_category": "2",
        "mappa_level": "1",
        "interpreter": "",
        "vulnerability": "Dyslexia: needs documents read through",
    },
    "sentences": [
        {
            "type": "IPP",
            "type_label": "Imprisonment for public protection",
            "offence": "Robbery",
            "sentence_date": "4 May 2009",
            "sentence_date_iso": "2009-05-04",
            "custodial_term": "",
            "minimum_term": "3 years 6 months",
            "extension_term": "",
            "tariff_expiry": "4 November 2012",
            "indeterminate": True,
        }
    ],
    "key_dates": [
        {
            "code": "TED",
            "label": "Tariff expiry date",
            "prison": "4 November 2012",
            "prison_iso": "2012-11-04",
            "ours": "4 November 2012",
            "ours_iso": "2012-11-04",
            "differs": False,
            "note": "",
        }
    ],
    "milestones": [
        {
            "code": "REVIEW_START",
            "label": "Tariff-expiry parole review starts (about)",
            "date": "4 May 2012",
            "date_iso": "2012-05-04",
            "source": "GPP Policy Framework",
            "confirmed": False,
        }
    ],
    "matter": {
        "id": 12,
        "type": "parole-review",
        "type_label": "Parole review",
        "title": "Parole review 2026",
        "status": "representations",
        "status_label": "Representations",
        "reference": "CB/26/1000",
        "parole_board_ref": "PB123456",
        "ppcs_ref": "PPCS/2026/0001",
        "legal_aid_class": "advocacy-assistance-parole",
        "legal_aid_label": "Advocacy Assistance – Parole Board",
        "opened_on": "22 August 2026",
        "opened_on_iso": "2026-08-22",
        "is_parole": True,
    },
    "deadlines": [_DEADLINE_EXAMPLE],
    "next_deadline": _DEADLINE_EXAMPLE,
    "chronology": [_EVENT_EXAMPLE],
    "material_facts": [_EVENT_EXAMPLE],
    "assessments": [
        {
            "tool": "oasys",
            "tool_label": "OASys",
            "date": "8 June 2026",
            "date_iso": "2026-06-08",
            "author": "T. Harper",
            "author_role": "Probation (prison or community offender manager)",
            "source": "Parole dossier",
            "page": "48",
            "conclusions": "Medium risk of serious harm to the public in the community.",
            "recommendation": "Progression to open conditions",
            "rosh": [{"group": "Public", "setting": "Community", "level": "Medium"}],
            "scores": [{"name": "OGRS3", "value": "34", "band": "Low", "kind": "static"}],
            "citations": ["Dossier p.48 ¶3.2"],
        }
    ],
    "risk_factors": [
        {
            "name": "Alcohol misuse",
            "notes": "Linked to the index offence",
            "evidence": ["Twelve-week substance misuse course completed"],
        }
    ],
    "evidence": [
        {
            "kind": "accredited-programme",
            "kind_label": "Accredited programme",
            "date": "4 June 2024",
            "date_iso": "2024-06-04",
            "to_date": "",
            "title": "Completed Kaizen; post-programme review positive",
            "source": "Kaizen post-programme report",
            "page": "24",
            "notes": "",
            "factors": ["Emotional management"],
            "citations": ["Dossier p.32 ¶7.8"],
        }
    ],
    "challenges": [
        {
            "assertion": "VRP 59% (high)",
            "source": "Parole dossier (OASys)",
            "page": "173",
            "paragraph": "3.3",
            "ground": "factual-error",
            "ground_label": "Factual error",
            "position": "The published thresholds put VRP 59% in the medium band.",
            "status": "disputed",
            "status_label": "Disputed",
            "steps": [
                {
                    "step": "correction-request",
                    "step_label": "Correction request to the author",
                    "date": "18 November 2026",
                    "date_iso": "2026-11-18",
                }
            ],
            "evidence": ["Completed Kaizen; post-programme review positive"],
            "next_due": "2 December 2026",
            "next_due_iso": "2026-12-02",
            "next_due_title": "Chase the author's reply to the correction request",
            "citations": ["Dossier p.17 ¶3.46"],
        }
    ],
    "allegations": [
        {
            "text": "Alleged assault on another prisoner; adjudication dismissed.",
            "status": "disputed",
            "status_label": "Disputed",
            "source": "Adjudication record",
            "page": "219",
            "citations": ["Dossier p.28 ¶6.1"],
        }
    ],
    "programmes": [
        {
            "name": "Building Choices (high intensity)",
            "status": "withdrawn",
            "status_label": "Withdrawn",
            "date": "2 April 2024",
            "referred": "29 December 2023",
            "reason": "Not enough time to complete programme before the parole review",
        }
    ],
    "documents": [
        {
            "cite_as": "Dossier",
            "title": "Parole dossier",
            "kind": "dossier",
            "kind_label": "Parole dossier",
            "date": "22 October 2026",
            "date_iso": "2026-10-22",
            "pages": 312,
            "sections": [{"name": "OASys assessment", "pages": "pp.120–185"}],
        }
    ],
    "recommendations": [
        {
            "author_role": "Prison psychologist",
            "author": "Dr A. Jones",
            "recommendation": "Release",
            "date": "1 September 2026",
            "tool_label": "Other",
        }
    ],
    "hearing": {
        "date": "19 February 2027",
        "date_iso": "2027-02-19",
        "type": "Oral hearing",
        "listed": True,
        "upcoming": True,
        "note": "Oral hearing listed (video link).",
    },
    "contacts": [_CONTACT_EXAMPLE],
    "addressee": _CONTACT_EXAMPLE,
}
#: Fields that may be ``null`` (every other value is always present).
NULLABLE = frozenset({"next_deadline", "hearing", "addressee"})

__all__ += ["EXAMPLE", "NULLABLE"]
