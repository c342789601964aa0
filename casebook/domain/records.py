"""The kinds of record the casebook keeps, each declared once (see :mod:`casebook.domain.spec`).

Adding a kind of record: a migration that creates its table (:mod:`casebook.store.migrations`; if it
is searched, the migration also calls :func:`casebook.store.search_index.install` for its kind), a
dataclass in :mod:`casebook.domain`, and a :class:`RecordSpec` here, listed in :data:`RECORDS`. The
generic store (:class:`casebook.services.records.RecordStore`) then validates, saves, audits, reads,
indexes and counts it.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from casebook.domain import Adjustment, Client, Event, Matter, Note, Sentence, contacts, risk
from casebook.domain.documents import Citation, Document, DocumentSection
from casebook.domain.parole import Direction, Hearing, Witness, code_or_blank, hearing_time
from casebook.domain.risk import (
    Allegation,
    Assessment,
    Challenge,
    ChallengeLink,
    ChallengeStep,
    Evidence,
    EvidenceFactor,
    FactorLink,
    ProgrammeReferral,
    ReferralStatus,
    RiskFactor,
    RoshLevel,
    Score,
    SectionFlags,
)
from casebook.domain.spec import BOOL, DATE, DATE_MAP, INTEGER, JSON, Check, Field, RecordSpec, Search, choice
from casebook.domain.validate import (
    check_single_line,
    date_problem,
    fits_id,
    parse_cro,
    parse_date,
    parse_period,
    parse_pnc,
    parse_prison_number,
)
from casebook.domain.vocabulary import (
    ADJUSTMENT_KINDS,
    CATEGORIES,
    CITATION_TARGETS,
    DATE_CODES,
    DIRECTION_STATUSES,
    DISPUTED_STATUSES,
    DOCUMENT_KINDS,
    EVENT_CODE_RE,
    EXTENDED_TYPES,
    HEARING_FORMATS,
    HEARING_OUTCOMES,
    INDETERMINATE_TYPES,
    LEGAL_AID_CLASSES,
    MATTER_STATUSES,
    MATTER_TYPES,
    NOTE_KINDS,
    RECALL_TYPES,
    SENTENCE_TYPES,
    WITNESS_STATUSES,
    event_type_labels,
)

# ---------------------------------------------------------------------------- small parsers
# Each takes the raw input (a form's text, a CLI argument, a Python value) and returns the value, or
# raises ValueError with a message that says what is expected and never repeats the input.


def text(raw: Any) -> str:
    """Free text, trimmed ("" when blank)."""
    return (str(raw) if raw is not None else "").strip()


def optional_text(raw: Any) -> str | None:
    s = text(raw)
    return s or None


def required_text(raw: Any) -> str:
    s = text(raw)
    if not s:
        raise ValueError("is required")
    return s


def line(raw: Any) -> str:
    """One line of text (a name, a title, a reference), trimmed: no control characters, line breaks or
    text-direction overrides (:func:`casebook.domain.validate.check_single_line`)."""
    return check_single_line(text(raw))


def optional_line(raw: Any) -> str | None:
    return line(raw) or None


def required_line(raw: Any) -> str:
    return check_single_line(required_text(raw))


def optional(parse):
    """``parse``, with blank meaning none."""

    def inner(raw, *rest):
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        return parse(raw, *rest)

    return inner


def int_in(lo: int, hi: int, *, required: bool = False):
    def parse(raw: Any) -> int | None:
        if raw in (None, ""):
            if required:
                raise ValueError("is required")
            return None
        try:
            n = int(raw)
        except (TypeError, ValueError):
            raise ValueError(f"must be a whole number from {lo} to {hi}") from None
        if not lo <= n <= hi:
            raise ValueError(f"must be from {lo} to {hi}")
        return n

    return parse


def record_id(raw: Any) -> int | None:
    """The id of another record (blank: none); never one beyond SQLite's integers (issue 15, fault 4)."""
    if raw in (None, ""):
        return None
    n = int(raw)
    if not fits_id(n):
        raise ValueError(f"no record has id {n}")
    return n


def date(raw: Any) -> _dt.date:
    return parse_date(raw)


def optional_date(raw: Any) -> _dt.date | None:
    return parse_date(raw, required=False)


def aliases(raw: Any) -> list[str]:
    """Other names: a list, or text with one name a line (or separated by ';')."""
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = raw.replace(";", "\n").splitlines()
    return [check_single_line(str(a).strip()) for a in raw if str(a).strip()]


def date_of_birth(raw: Any, today: _dt.date) -> _dt.date | None:
    v = parse_date(raw, required=False)
    if v is not None:
        if v > today:
            raise ValueError("cannot be in the future")
        if v.year < 1900:
            raise ValueError("is before 1900; please check it")
    return v


def prison_dates(raw: Any) -> dict[str, _dt.date]:
    """The prison's calculation sheet: ``{code: date}`` with codes from ``DATE_CODES``."""
    if not raw:
        return {}
    if isinstance(raw, str):
        raw = json.loads(raw)
    out: dict[str, _dt.date] = {}
    for code, value in dict(raw).items():
        code = str(code).upper()
        if code not in DATE_CODES:
            raise ValueError(f"unknown date code {code}; use one of {', '.join(DATE_CODES)}")
        parsed = parse_date(value, required=False)
        if parsed is not None:
            out[code] = parsed
    return out


def offence_id(raw: Any) -> str | None:
    """A catalogue offence id (resources/offences), or None."""
    s = (str(raw) if raw is not None else "").strip().lower()
    if not s:
        return None
    from casebook.offences import catalogue  # (the catalogue is loaded on first use)

    if catalogue().get(s) is None:
        near = ", ".join(o.id for o in catalogue().search(s, 3))
        raise ValueError("is not an offence in the catalogue" + (f"; nearest: {near}" if near else ""))
    return s


def offence_flags(raw: Any) -> list[str]:
    return [str(f).strip().upper() for f in (raw or []) if str(f).strip()]


def event_type(raw: Any) -> str:
    s = (str(raw) if raw is not None else "").strip().lower()
    if not EVENT_CODE_RE.match(s):
        raise ValueError("must be an event type code such as referral or hearing-listed")
    known = event_type_labels()
    if s not in known:
        raise ValueError("is not a known event type; known types: " + ", ".join(sorted(known)))
    return s


def page(raw: Any) -> str:
    return (str(raw) if raw is not None else "").strip()


# ---------------------------------------------------------------------------- cross-field checks
def _sentence_terms(c: Check) -> None:
    st = c.values.get("sentence_type")
    if (c.new and st and st not in INDETERMINATE_TYPES and not c.values.get("custodial_term")
            and "custodial_term" not in c.errors):
        c.fail("custodial_term", "is required for a determinate sentence, e.g. 4 years 6 months")
    if (c.new and st in INDETERMINATE_TYPES and not c.values.get("minimum_term")
            and "minimum_term" not in c.errors):
        c.fail("minimum_term", "is required for a life or IPP sentence (the tariff as pronounced)")
    if (c.new and st in EXTENDED_TYPES - {"SOPC"} and not c.values.get("extension_term")
            and "extension_term" not in c.errors):
        c.fail("extension_term", "is required for an extended sentence")
    sd, od = c.values.get("sentence_date"), c.values.get("offence_date")
    if sd and od and od > sd:
        c.fail("offence_date", "cannot be after the sentence date")


def _period(start: str, end: str, message: str):
    def check(c: Check) -> None:
        a, b = c.values.get(start), c.values.get(end)
        if a and b and b < a:
            c.fail(end, message)

    return check


def plausible_dates(*names: str):
    """A check that each of the dates ``names`` is plausible: the one rule for every dated record
    (:func:`casebook.domain.validate.date_problem`: not before 1900, not more than ten years ahead)."""

    def check(c: Check) -> None:
        for name in names:
            problem = date_problem(c.values.get(name), c.today) if name not in c.errors else None
            if problem:
                c.fail(name, problem)

    return check


_event_date = plausible_dates("date")


# ---------------------------------------------------------------------------- the records
CLIENTS = RecordSpec(
    entity="client", table="clients", record=Client, client="id",
    fields=(
        Field("name", required_line, "Name", required=True),
        Field("aliases", aliases, "Other names", codec=JSON),
        Field("prison_number", optional(parse_prison_number), "Prison number"),
        Field("pnc", optional(lambda raw, today: parse_pnc(raw, today=today)), "PNC ID", needs_today=True),
        Field("cro", optional(parse_cro), "CRO number"),
        Field("dob", date_of_birth, "Date of birth", codec=DATE, needs_today=True),
        Field("prison", optional_line, "Prison"),
        Field("category", choice(CATEGORIES, allow_empty=True), "Category"),
        Field("mappa_category", int_in(1, 4), "MAPPA category", codec=INTEGER),
        Field("mappa_level", int_in(1, 3), "MAPPA level", codec=INTEGER),
        Field("interpreter", optional_line, "Interpreter"),
        Field("vulnerability", optional_text, "Vulnerability"),
        Field("prison_dates", prison_dates, "Prison's calculated dates", codec=DATE_MAP),
    ),
    unique=("prison_number",),
    json=("id", "name", "aliases", "prison_number", "pnc", "cro", "dob", "prison", "category",
          "mappa_category", "mappa_level", "interpreter", "vulnerability", "prison_dates"),
    audit_on_delete=("name", "prison_number"),
    search=Search("client", 0, title="name",
                  body=("aliases", "prison_number", "pnc", "cro", "prison", "interpreter", "vulnerability")),
    order_by="name COLLATE NOCASE, id",
)

SENTENCES = RecordSpec(
    entity="sentence", table="sentences", record=Sentence, client="client_id",
    parent="client_id", parent_spec=CLIENTS,
    fields=(
        Field("client_id", record_id, "Client", codec=INTEGER, editable=False),
        Field("sentence_type", choice(SENTENCE_TYPES), "Sentence type", required=True),
        Field("sentence_date", date, "Date of sentence", codec=DATE, required=True),
        Field("offence", line, "Offence"),
        Field("offence_id", offence_id, "Offence (catalogue)"),
        Field("offence_date", optional_date, "Date of offence", codec=DATE),
        Field("custodial_term", parse_period, "Custodial term"),
        Field("extension_term", parse_period, "Extension period"),
        Field("minimum_term", parse_period, "Minimum term (tariff)"),
        Field("consecutive_to", record_id, "Consecutive to", codec=INTEGER),
        Field("offence_flags", offence_flags, "Offence flags", codec=JSON),
        Field("recall_type", choice(RECALL_TYPES, allow_empty=True), "Recall type"),
        Field("recall_date", optional_date, "Date returned to custody on recall", codec=DATE),
        Field("notes", text, "Notes"),
    ),
    same_parent=("consecutive_to",),
    checks=(_sentence_terms, plausible_dates("sentence_date", "offence_date", "recall_date")),
    json=("id", "type=sentence_type", "sentence_date", "offence", "offence_id", "custodial_term",
          "extension_term", "minimum_term", "consecutive_to"),
    audit_on_delete=("client_id", "type=sentence_type"),
    order_by="sentence_date, id",
)

ADJUSTMENTS = RecordSpec(
    entity="adjustment", table="adjustments", record=Adjustment, client="client_id",
    parent="client_id", parent_spec=CLIENTS,
    fields=(
        Field("client_id", record_id, "Client", codec=INTEGER, editable=False),
        Field("kind", choice(ADJUSTMENT_KINDS), "Kind", required=True),
        Field("days", int_in(0, 100_000, required=True), "Days", codec=INTEGER, required=True),
        Field("from_date", optional_date, "From", codec=DATE),
        Field("to_date", optional_date, "To", codec=DATE),
    ),
    checks=(_period("from_date", "to_date", "cannot be before the from date"),),
    json=("kind", "days"),
    audit_on_delete=("client_id", "kind"),
)

MATTERS = RecordSpec(
    entity="matter", table="matters", record=Matter, client="client_id", matter="id",
    parent="client_id", parent_spec=CLIENTS,
    fields=(
        Field("client_id", record_id, "Client", codec=INTEGER, editable=False),
        Field("type", choice(MATTER_TYPES), "Type", required=True),
        Field("status", choice(MATTER_STATUSES), "Status"),
        Field("title", line, "Title"),
        Field("reference", optional_line, "Our reference"),
        Field("parole_board_ref", optional_line, "Parole Board reference"),
        Field("ppcs_ref", optional_line, "PPCS reference"),
        Field("legal_aid_class", choice(LEGAL_AID_CLASSES, allow_empty=True), "Legal aid"),
        Field("opened_on", optional_date, "Opened", codec=DATE),
        Field("closed_on", optional_date, "Closed", codec=DATE),
    ),
    checks=(_period("opened_on", "closed_on", "cannot be before the date opened"),),
    json=("id", "client=client_id", "type", "status", "title", "reference", "legal_aid_class", "opened_on",
          "closed_on"),
    audit_on_delete=("client_id", "type"),
    search=Search("matter", 1, title="title", body=("type", "reference", "parole_board_ref", "ppcs_ref")),
    order_by="opened_on DESC, id DESC",
)

EVENTS = RecordSpec(
    entity="event", table="events", record=Event, client="matter_id", matter="matter_id",
    parent="matter_id", parent_spec=MATTERS,
    fields=(
        Field("matter_id", record_id, "Matter", codec=INTEGER, editable=False),
        Field("date", date, "Date", codec=DATE, required=True),
        Field("type", event_type, "What happened (type)", required=True),
        Field("text", text, "What happened"),
        Field("source", line, "Source document"),
        Field("page", page, "Page"),
        Field("material", bool, "Material", codec=BOOL),
        Field("disputed", choice(DISPUTED_STATUSES), "Status"),
    ),
    checks=(_event_date,),
    json=("id", "matter=matter_id", "date", "type", "text", "source", "page", "material", "disputed"),
    audit_on_delete=("matter_id", "type", "date"),
    search=Search("event", 2, title="type", body=("text", "source")),
    order_by="date, id",
)

NOTES = RecordSpec(
    entity="note", table="notes", record=Note, client="client_id", matter="matter_id",
    parent="client_id", parent_spec=CLIENTS,
    fields=(
        Field("client_id", record_id, "Client", codec=INTEGER, editable=False),
        Field("matter_id", record_id, "Matter", codec=INTEGER),
        Field("kind", choice(NOTE_KINDS), "Kind"),
        Field("date", date, "Date", codec=DATE, required=True),
        Field("text", required_text, "Note", required=True),
    ),
    json=("id", "client=client_id", "matter=matter_id", "kind", "date", "text"),
    audit_on_delete=("client_id", "kind"),
    search=Search("note", 3, title="kind", body=("text",)),
    order_by="date DESC, id DESC",
)


# ---------------------------------------------------------------------------- risk and evidence
def positive_page(raw: Any) -> int | None:
    """A page of a source document: a positive whole number (blank: none)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        n = int(str(raw).strip())
    except ValueError:
        raise ValueError("must be a positive whole number") from None
    if n < 1:
        raise ValueError("must be a positive whole number")
    return n


def vocab(name: str, *, allow_empty: bool = False):
    """A code of the risk vocabulary ``name`` (:func:`casebook.domain.risk.codes`)."""
    return lambda raw: risk.code_in(name, raw, allow_empty=allow_empty)


def not_in_future(raw: Any, today: _dt.date | None) -> _dt.date:
    d = parse_date(raw)
    if today is not None and d > today:
        raise ValueError("cannot be in the future")
    if d.year < 1900:
        raise ValueError("is before 1900; please check it")
    return d


def score_value(raw: Any) -> float:
    """A predictor's value as typed (``62``, ``6.9``, ``62%``); its range is checked with its name."""
    s = str(raw).strip().removesuffix("%").strip() if raw is not None else ""
    if isinstance(raw, bool) or not s:
        raise ValueError("must be a number")
    try:
        v = float(s)
    except ValueError:
        raise ValueError("must be a number") from None
    if v != v or v in (float("inf"), float("-inf")):
        raise ValueError("must be a number")
    return v


def _score_in_range(c: Check) -> None:
    """The value within the predictor's range, and the kind one the predictor comes in."""
    name = c.value("name")
    if name is None or "name" in c.errors:
        return
    engine = risk.band_engine()
    if c.values.get("value") is not None:
        try:
            engine.check_value(name, risk.exact(c.values["value"]))
        except ValueError as exc:
            c.fail("value", str(exc))
    if c.values.get("kind") is not None:
        try:
            engine.check_kind(name, c.values["kind"])
        except ValueError as exc:
            c.fail("kind", str(exc))


def _rosh_slot(c: Check) -> None:
    group, setting = c.value("risk_group"), c.value("setting")
    if group and setting and (group, setting) not in risk.rosh_slots():
        c.fail("setting", "is not one a RoSH level is given for with this group (prisoners: custody only)")


ASSESSMENTS = RecordSpec(
    entity="assessment", table="assessments", record=Assessment, client="client_id",
    parent="client_id", parent_spec=CLIENTS,
    fields=(
        Field("client_id", record_id, "Client", codec=INTEGER, editable=False),
        Field("tool", vocab("tool"), "Tool", required=True),
        Field("date", not_in_future, "Date", codec=DATE, required=True, needs_today=True),
        Field("author", line, "Author"),
        Field("author_role", vocab("author", allow_empty=True), "Author's role"),
        Field("source", line, "Source document"),
        Field("page", positive_page, "Page", codec=INTEGER),
        Field("pni", vocab("pni_outcome", allow_empty=True), "Programme Needs Identifier"),
        Field("mappa_category", int_in(1, 4), "MAPPA category", codec=INTEGER),
        Field("mappa_level", int_in(1, 3), "MAPPA level", codec=INTEGER),
        Field("conclusions", text, "Conclusions"),
        Field("recommendation", optional_text, "Recommendation"),
    ),
    json=("id", "client=client_id", "tool", "date", "author", "author_role", "source", "page", "pni",
          "mappa_category", "mappa_level", "conclusions", "recommendation"),
    audit_on_delete=("client_id", "tool", "date"),
    search=Search("assessment", 4, title="tool", body=("author", "source", "conclusions", "recommendation")),
    order_by="date, id",
)

ASSESSMENT_ROSH = RecordSpec(
    entity="rosh-level", table="assessment_rosh", record=RoshLevel,
    parent="assessment_id", parent_spec=ASSESSMENTS,
    fields=(
        Field("assessment_id", record_id, "Assessment", codec=INTEGER, editable=False),
        Field("risk_group", vocab("rosh_group"), "Who is at risk", required=True),
        Field("setting", vocab("rosh_setting"), "Custody or community", required=True),
        Field("level", risk.parse_level, "RoSH level", required=True),
    ),
    checks=(_rosh_slot,),
    json=("group=risk_group", "setting", "level"),
    audit_on_delete=("assessment_id", "group=risk_group", "setting"),
)

ASSESSMENT_SCORES = RecordSpec(
    entity="score", table="assessment_scores", record=Score,
    parent="assessment_id", parent_spec=ASSESSMENTS,
    fields=(
        Field("assessment_id", record_id, "Assessment", codec=INTEGER, editable=False),
        Field("name", risk.predictor_id, "Predictor", required=True),
        Field("value", score_value, "Score", required=True),
        Field("kind", choice(risk.SCORE_KINDS, allow_empty=True), "Static or dynamic"),
        Field("band_as_issued", optional(risk.parse_level), "Band as issued"),
    ),
    checks=(_score_in_range,),
    json=("name", "value", "kind", "band_as_issued"),
    audit_on_delete=("assessment_id", "name"),
)

ASSESSMENT_SECTIONS = RecordSpec(
    entity="section-flags", table="assessment_sections", record=SectionFlags,
    parent="assessment_id", parent_spec=ASSESSMENTS,
    fields=(
        Field("assessment_id", record_id, "Assessment", codec=INTEGER, editable=False),
        Field("section", int_in(1, 13, required=True), "OASys section", codec=INTEGER, required=True),
        Field("linked_to_harm", bool, "Linked to risk of serious harm", codec=BOOL),
        Field("linked_to_offending", bool, "Linked to offending behaviour", codec=BOOL),
    ),
    json=("section", "linked_to_harm", "linked_to_offending"),
    audit_on_delete=("assessment_id", "section"),
    order_by="section",
)

RISK_FACTORS = RecordSpec(
    entity="risk-factor", table="risk_factors", record=RiskFactor, client="client_id",
    parent="client_id", parent_spec=CLIENTS,
    fields=(
        Field("client_id", record_id, "Client", codec=INTEGER, editable=False),
        Field("name", required_line, "Risk factor", required=True),
        Field("notes", text, "Notes"),
    ),
    json=("id", "client=client_id", "name", "notes"),
    audit_on_delete=("client_id",),
    search=Search("risk-factor", 5, title="name", body=("notes",)),
)

FACTOR_LINKS = RecordSpec(
    entity="factor-link", table="factor_links", record=FactorLink,
    parent="factor_id", parent_spec=RISK_FACTORS,
    fields=(
        Field("factor_id", record_id, "Risk factor", codec=INTEGER, editable=False),
        Field("assessment_id", record_id, "Assessment", codec=INTEGER, required=True),
        Field("section", text, "Section / paragraph"),
    ),
    json=("assessment=assessment_id", "section"),
    audit_on_delete=("factor_id", "assessment=assessment_id"),
)

EVIDENCE = RecordSpec(
    entity="evidence", table="evidence", record=Evidence, client="client_id",
    parent="client_id", parent_spec=CLIENTS,
    fields=(
        Field("client_id", record_id, "Client", codec=INTEGER, editable=False),
        Field("kind", vocab("evidence_kind"), "Kind", required=True),
        Field("date", not_in_future, "Date", codec=DATE, required=True, needs_today=True),
        Field("to_date", optional_date, "To", codec=DATE),
        Field("title", required_line, "Title", required=True),
        Field("source", text, "Source document"),
        Field("page", positive_page, "Page", codec=INTEGER),
        Field("notes", text, "Notes"),
    ),
    checks=(_period("date", "to_date", "cannot be before the date"),),
    json=("id", "client=client_id", "kind", "date", "to_date", "title", "source", "page", "notes"),
    audit_on_delete=("client_id", "kind", "date"),
    search=Search("evidence", 6, title="title", body=("kind", "source", "notes")),
    order_by="date, id",
)

EVIDENCE_FACTORS = RecordSpec(
    entity="evidence-factor", table="evidence_factors", record=EvidenceFactor,
    parent="evidence_id", parent_spec=EVIDENCE,
    fields=(
        Field("evidence_id", record_id, "Evidence", codec=INTEGER, editable=False),
        Field("factor_id", record_id, "Risk factor", codec=INTEGER, required=True),
    ),
    json=("evidence=evidence_id", "factor=factor_id"),
    audit_on_delete=("evidence=evidence_id", "factor=factor_id"),
)

ALLEGATIONS = RecordSpec(
    entity="allegation", table="allegations", record=Allegation, client="client_id", matter="matter_id",
    parent="client_id", parent_spec=CLIENTS,
    fields=(
        Field("client_id", record_id, "Client", codec=INTEGER, editable=False),
        Field("matter_id", record_id, "Matter", codec=INTEGER),
        Field("text", required_text, "Allegation", required=True),
        Field("source", text, "Source document"),
        Field("page", positive_page, "Page", codec=INTEGER),
        Field("status", vocab("allegation_status"), "Status", required=True),
    ),
    json=("id", "client=client_id", "matter=matter_id", "text", "source", "page", "status"),
    audit_on_delete=("client_id", "status"),
    search=Search("allegation", 7, title="status", body=("text", "source")),
)

CHALLENGES = RecordSpec(
    entity="challenge", table="challenges", record=Challenge, client="matter_id", matter="matter_id",
    parent="matter_id", parent_spec=MATTERS,
    fields=(
        Field("matter_id", record_id, "Matter", codec=INTEGER, editable=False),
        Field("assessment_id", record_id, "Assessment", codec=INTEGER),
        Field("assertion", required_text, "Assertion (quoted)", required=True),
        Field("source", required_text, "Source document", required=True),
        Field("page", positive_page, "Page", codec=INTEGER),
        Field("paragraph", text, "Paragraph"),
        Field("ground", vocab("challenge_ground"), "Ground", required=True),
        Field("position", text, "The correct position"),
        Field("status", vocab("challenge_status"), "Status"),
    ),
    json=("id", "matter=matter_id", "assessment=assessment_id", "assertion", "source", "page", "paragraph",
          "ground", "position", "status"),
    audit_on_delete=("matter_id", "ground"),
    search=Search("challenge", 8, title="ground", body=("assertion", "position", "source")),
)

CHALLENGE_STEPS = RecordSpec(
    entity="challenge-step", table="challenge_steps", record=ChallengeStep,
    parent="challenge_id", parent_spec=CHALLENGES,
    fields=(
        Field("challenge_id", record_id, "Challenge", codec=INTEGER, editable=False),
        Field("step", risk.escalation_step, "Step", required=True),
        Field("date", not_in_future, "Date", codec=DATE, required=True, needs_today=True),
        Field("notes", text, "Notes"),
        Field("event_id", record_id, "Event", codec=INTEGER, editable=False),
    ),
    json=("step", "date", "notes"),
    audit_on_delete=("challenge_id", "step", "date"),
    order_by="date, id",
)

CHALLENGE_EVIDENCE = RecordSpec(
    entity="challenge-evidence", table="challenge_evidence", record=ChallengeLink,
    fields=(Field("challenge_id", record_id, "Challenge", codec=INTEGER, editable=False),
            Field("evidence_id", record_id, "Evidence", codec=INTEGER, required=True)),
    json=("challenge=challenge_id", "evidence=evidence_id"),
    audit_on_delete=("challenge=challenge_id", "evidence=evidence_id"),
)

CHALLENGE_EVENTS = RecordSpec(
    entity="challenge-event", table="challenge_events", record=ChallengeLink,
    fields=(Field("challenge_id", record_id, "Challenge", codec=INTEGER, editable=False),
            Field("event_id", record_id, "Event", codec=INTEGER, required=True)),
    json=("challenge=challenge_id", "event=event_id"),
    audit_on_delete=("challenge=challenge_id", "event=event_id"),
)

PROGRAMME_REFERRALS = RecordSpec(
    entity="programme-referral", table="programme_referrals", record=ProgrammeReferral, client="client_id",
    fields=(
        Field("client_id", record_id, "Client", codec=INTEGER, editable=False),
        Field("programme", risk.programme_id, "Programme", required=True),
        Field("date", not_in_future, "Date", codec=DATE, required=True, needs_today=True),
        Field("notes", text, "Notes"),
    ),
    json=("id", "client=client_id", "programme", "date", "notes"),
    audit_on_delete=("client_id", "programme", "date"),
    order_by="date, id",
)

REFERRAL_STATUS = RecordSpec(
    entity="referral-status", table="referral_status", record=ReferralStatus,
    parent="referral_id", parent_spec=PROGRAMME_REFERRALS,
    fields=(
        Field("referral_id", record_id, "Referral", codec=INTEGER, editable=False),
        Field("status", risk.referral_status, "Status", required=True),
        Field("date", not_in_future, "Date", codec=DATE, required=True, needs_today=True),
        Field("reason", text, "Reason"),
    ),
    json=("status", "date", "reason"),
    audit_on_delete=("referral_id", "status", "date"),
    order_by="date, id",
)

def _section_pages(c: Check) -> None:
    a, b = c.value("first_page"), c.value("last_page")
    if a and b and b < a:
        c.fail("last_page", "cannot be before the first page")


def paragraph(raw: Any) -> str:
    """A paragraph of a page as the document numbers it ("4", "4.2", "(b)"); blank: none."""
    s = text(raw).lstrip("¶").strip()
    if len(s) > 20:
        raise ValueError("must be a paragraph number such as 4 or 4.2")
    return s


def page_number(raw: Any) -> int:
    n = positive_page(raw)
    if n is None:
        raise ValueError("is required: a page number from 1")
    return n


DOCUMENTS = RecordSpec(
    entity="document", table="documents", record=Document, client="client_id", matter="matter_id",
    parent="client_id", parent_spec=CLIENTS,
    fields=(
        Field("client_id", record_id, "Client", codec=INTEGER, editable=False),
        Field("matter_id", record_id, "Matter", codec=INTEGER),
        Field("kind", choice(DOCUMENT_KINDS), "Kind", required=True),
        Field("title", required_text, "Title", required=True),
        Field("cite_as", required_line, "Cited as", required=True),
        Field("date", optional_date, "Date", codec=DATE),
        Field("author", line, "Author"),
        # What the import found; set once, never edited.
        Field("filename", text, "File name", editable=False),
        Field("format", text, "Format", editable=False),
        Field("mime", text, "Type", editable=False),
        Field("size", record_id, "Size", codec=INTEGER, editable=False),
        Field("sha256", text, "Content hash", editable=False),
        Field("pages", record_id, "Pages", codec=INTEGER, editable=False),
        Field("unreadable", list, "Pages without text", codec=JSON, editable=False),
        Field("previous_id", record_id, "Previous version", codec=INTEGER, editable=False),
        Field("version", record_id, "Version", codec=INTEGER, editable=False),
    ),
    json=("id", "client=client_id", "matter=matter_id", "kind", "title", "cite_as", "date", "author",
          "filename", "format", "size", "sha256", "pages", "unreadable", "version", "previous=previous_id"),
    audit_on_delete=("client_id", "kind", "pages", "sha256"),
    search=Search("document", 9, title="title", body=("kind", "cite_as", "author", "filename")),
    order_by="coalesce(date, substr(created_at, 1, 10)) DESC, id DESC",
)

DOCUMENT_SECTIONS = RecordSpec(
    entity="document-section", table="document_sections", record=DocumentSection,
    parent="document_id", parent_spec=DOCUMENTS,
    fields=(
        Field("document_id", record_id, "Document", codec=INTEGER, editable=False),
        Field("name", required_text, "Section", required=True),
        Field("first_page", page_number, "First page", codec=INTEGER, required=True),
        Field("last_page", page_number, "Last page", codec=INTEGER, required=True),
        Field("source", choice(("outline", "index", "user")), "Found in"),
    ),
    checks=(_section_pages,),
    json=("id", "document=document_id", "name", "first_page", "last_page", "source"),
    audit_on_delete=("document_id", "first_page", "last_page"),
    order_by="first_page, last_page DESC, id",
)

CITATIONS = RecordSpec(
    entity="citation", table="citations", record=Citation,
    parent="document_id", parent_spec=DOCUMENTS,
    fields=(
        Field("document_id", record_id, "Document", codec=INTEGER, editable=False),
        Field("page", page_number, "Page", codec=INTEGER, required=True),
        Field("paragraph", paragraph, "Paragraph"),
        Field("note", text, "Note"),
        # Set by the citation service from the record citing, never edited.
        Field("target", choice(CITATION_TARGETS), "Cited by", editable=False),
        Field("target_id", record_id, "Record", codec=INTEGER, editable=False),
    ),
    json=("id", "document=document_id", "page", "paragraph", "note", "target", "target_id"),
    audit_on_delete=("document_id", "page", "target", "target_id"),
    order_by="document_id, page, id",
)


# ---------------------------------------------------------------------------- the parole matter
# Directions of the Board (r.6), the oral hearing and its witnesses: casebook.domain.parole,
# casebook.services.directions and casebook.services.hearings.
def _not_future(raw: Any, today: _dt.date | None) -> _dt.date | None:
    d = parse_date(raw, required=False)
    if d is not None and today is not None and d > today:
        raise ValueError("cannot be in the future")
    return d


def _direction_dates(c: Check) -> None:
    made, due, done = c.value("made_on"), c.value("due"), c.value("completed_on")
    for name in ("made_on", "completed_on", "original_due"):
        d = c.values.get(name)
        if d and d.year < 1900:
            c.fail(name, "is before 1900; please check it")
    plausible_dates("due")(c)
    if made and due and due < made and "due" not in c.errors:
        c.fail("due", "cannot be before the date the direction was made")
    if made and done and done < made and "completed_on" not in c.errors:
        c.fail("completed_on", "cannot be before the date the direction was made")


def _hearing_dates(c: Check) -> None:
    day, decided = c.value("date"), c.value("decision_date")
    plausible_dates("date")(c)
    if day and decided and decided < day and "decision_date" not in c.errors:
        c.fail("decision_date", "cannot be before the hearing date")


DIRECTIONS = RecordSpec(
    entity="direction", table="directions", record=Direction, client="matter_id", matter="matter_id",
    parent="matter_id", parent_spec=MATTERS,
    fields=(
        Field("matter_id", record_id, "Matter", codec=INTEGER, editable=False),
        Field("text", required_text, "Direction", required=True),
        Field("party", text, "Who must comply"),
        Field("made_on", _not_future, "Made on", codec=DATE, needs_today=True),
        Field("due", date, "Due", codec=DATE, required=True),
        Field("status", choice(DIRECTION_STATUSES), "Status"),
        Field("completed_on", _not_future, "Complied on", codec=DATE, needs_today=True),
        Field("original_due", optional_date, "Originally due", codec=DATE),
        Field("change_reason", text, "Reason for the new date"),
        Field("notes", text, "Notes"),
    ),
    checks=(_direction_dates,),
    json=("id", "matter=matter_id", "text", "party", "made_on", "due", "status", "completed_on",
          "original_due", "change_reason", "notes"),
    audit_on_delete=("matter_id", "status", "due"),
    order_by="due, id",
)

HEARINGS = RecordSpec(
    entity="hearing", table="hearings", record=Hearing, client="matter_id", matter="matter_id",
    parent="matter_id", parent_spec=MATTERS,
    fields=(
        Field("matter_id", record_id, "Matter", codec=INTEGER, editable=False),
        Field("date", optional_date, "Hearing date", codec=DATE),
        Field("time", hearing_time, "Time"),
        Field("format", code_or_blank(HEARING_FORMATS), "Format"),
        Field("venue", text, "Venue"),
        Field("panel", text, "Panel"),
        Field("observers", text, "Observers"),
        Field("victim_statements", text, "Victim statements (r.14)"),
        Field("decision_date", _not_future, "Decision date", codec=DATE, needs_today=True),
        Field("outcome", code_or_blank(HEARING_OUTCOMES), "Outcome"),
        Field("adjourned_reason", text, "Reason for adjourning"),
        Field("notes", text, "Notes"),
        # The hearing-listed chronology event at the hearing's date: set by the hearing service only.
        Field("event_id", record_id, "Listing event", codec=INTEGER, editable=False),
    ),
    checks=(_hearing_dates,),
    json=("id", "matter=matter_id", "date", "time", "format", "venue", "panel", "observers",
          "victim_statements", "decision_date", "outcome", "adjourned_reason", "notes", "event=event_id"),
    audit_on_delete=("matter_id", "date"),
    order_by="id",
)

HEARING_WITNESSES = RecordSpec(
    entity="witness", table="hearing_witnesses", record=Witness,
    parent="hearing_id", parent_spec=HEARINGS,
    fields=(
        Field("hearing_id", record_id, "Hearing", codec=INTEGER, editable=False),
        Field("name", required_line, "Witness", required=True),
        Field("contact_id", record_id, "Contact", codec=INTEGER),
        Field("role", text, "Role"),
        Field("status", choice(WITNESS_STATUSES), "Status"),
        Field("notes", text, "Notes"),
    ),
    json=("id", "hearing=hearing_id", "contact=contact_id", "name", "role", "status", "notes"),
    audit_on_delete=("hearing_id", "status"),
    order_by="id",
)


# ---------------------------------------------------------------------------- contacts
# The people on a case (casebook.domain.contacts, casebook.services.contacts): a client's, or one of
# the client's matters' (the service refuses a matter of another client).
CONTACTS = RecordSpec(
    entity="contact", table="contacts", record=contacts.Contact, client="client_id", matter="matter_id",
    parent="client_id", parent_spec=CLIENTS,
    fields=(
        Field("client_id", record_id, "Client", codec=INTEGER, editable=False),
        Field("matter_id", record_id, "Matter", codec=INTEGER),
        Field("name", required_line, "Name", required=True),
        Field("role", contacts.role_code, "Role", required=True),
        Field("organisation", line, "Organisation"),
        Field("email", contacts.email, "Email"),
        Field("phone", contacts.phone, "Phone"),
        Field("address", text, "Address"),
        Field("notes", text, "Notes"),
    ),
    json=("id", "client=client_id", "matter=matter_id", "name", "role", "organisation", "email", "phone",
          "address", "notes"),
    audit_on_delete=("client_id", "matter_id", "role"),
    search=Search("contact", 10, title="name", body=("role", "organisation", "email", "address", "notes")),
    order_by="name COLLATE NOCASE, id",
)


# ---------------------------------------------------------------------------- legal aid (issue 14)
# A matter's legal aid (UFN, CRM1 means, CRM3), its classes of work, CRM4 prior authorities, legal
# visits, time entries and the hourly rates the user enters. Parsers: casebook.legal_aid.fields; the
# use-cases: casebook.services.legal_aid, .time_entries, .visits.
from casebook.legal_aid import fields as _la  # noqa: E402
from casebook.legal_aid import model as _lam  # noqa: E402


def _expert(raw: Any) -> str:
    from casebook.legal_aid.schemes import default_schemes

    s = text(raw)
    known = default_schemes().experts
    if known is None or s not in known.experts:
        raise ValueError("must be one of " + ", ".join(known.experts if known else ()))
    return s


LEGAL_AID = RecordSpec(
    entity="legal-aid", table="legal_aid", record=_lam.LegalAid, client="matter_id", matter="matter_id",
    parent="matter_id", parent_spec=MATTERS, unique=("ufn",),
    fields=(
        Field("matter_id", record_id, "Matter", codec=INTEGER, editable=False),
        Field("ufn", _la.ufn, "UFN", needs_today=True),
        Field("fee_earner", text, "Fee earner"),
        Field("crm1_signed_on", optional_date, "CRM1 signed", codec=DATE),
        Field("means_passported", _la.yes_no, "Passported benefit", codec=BOOL),
        Field("means_weekly_income", _la.pounds_to_pence, "Weekly income (£)", codec=INTEGER),
        Field("means_capital", _la.pounds_to_pence, "Capital (£)", codec=INTEGER),
        Field("means_notes", text, "Means notes"),
        Field("crm3_applied_on", optional_date, "CRM3 applied", codec=DATE),
        Field("crm3_granted_on", optional_date, "CRM3 granted", codec=DATE),
        Field("crm3_reference", text, "CRM3 reference"),
        Field("notes", text, "Notes"),
    ),
    checks=(_la.crm3_check,),
    json=("id", "matter=matter_id", "ufn", "fee_earner", "crm1_signed_on", "means_passported",
          "means_weekly_income", "means_capital", "means_notes", "crm3_applied_on", "crm3_granted_on",
          "crm3_reference", "notes"),
    audit_on_delete=("matter_id",),
    order_by="id",
)

LEGAL_AID_CLASS_RECORDS = RecordSpec(
    entity="legal-aid-class", table="legal_aid_classes", record=_lam.LegalAidClass, client="matter_id",
    matter="matter_id", parent="matter_id", parent_spec=MATTERS,
    fields=(
        Field("matter_id", record_id, "Matter", codec=INTEGER, editable=False),
        Field("code", _la.class_code, "Class", required=True),
        Field("opened_on", date, "Opened", codec=DATE, required=True),
        Field("closed_on", optional_date, "Closed", codec=DATE),
        Field("notes", text, "Notes"),
    ),
    checks=(_la.class_check,),
    json=("id", "matter=matter_id", "code", "opened_on", "closed_on", "notes"),
    audit_on_delete=("matter_id", "code"),
    order_by="opened_on, id",
)

PRIOR_AUTHORITIES = RecordSpec(
    entity="prior-authority", table="prior_authorities", record=_lam.PriorAuthority, client="matter_id",
    matter="matter_id", parent="matter_id", parent_spec=MATTERS,
    fields=(
        Field("matter_id", record_id, "Matter", codec=INTEGER, editable=False),
        Field("expert", _expert, "Expert", required=True),
        Field("expert_name", text, "Expert's name"),
        Field("hours", _la.positive_decimal, "Hours", required=True),
        Field("hourly_rate", _la.amount, "Hourly rate (£)", required=True),
        Field("travel_hours", _la.decimal_text, "Travel hours"),
        Field("applied_on", optional_date, "Applied", codec=DATE),
        Field("granted_on", optional_date, "Granted", codec=DATE),
        Field("reference", text, "Reference"),
        Field("notes", text, "Notes"),
    ),
    checks=(_la.crm4_check,),
    json=("id", "matter=matter_id", "expert", "expert_name", "hours", "hourly_rate", "travel_hours",
          "applied_on", "granted_on", "reference", "notes"),
    audit_on_delete=("matter_id", "expert"),
    order_by="id",
)

LEGAL_VISITS = RecordSpec(
    entity="legal-visit", table="legal_visits", record=_lam.LegalVisit, client="matter_id",
    matter="matter_id", parent="matter_id", parent_spec=MATTERS,
    fields=(
        Field("matter_id", record_id, "Matter", codec=INTEGER, editable=False),
        Field("status", _la.visit_status, "Status"),
        Field("prison", text, "Prison"),
        Field("date", date, "Date", codec=DATE, required=True),
        Field("booked_slot", _la.slot, "Booked slot"),
        Field("arrived_at", _la.hhmm, "Arrived"),
        Field("consultation_start", _la.hhmm, "Consultation started"),
        Field("consultation_end", _la.hhmm, "Consultation ended"),
        Field("departed_at", _la.hhmm, "Left"),
        Field("travel_minutes", _la.count, "Travel (minutes)", codec=INTEGER),
        Field("waiting_minutes", _la.count, "Waiting (minutes)", codec=INTEGER),
        Field("mileage", _la.mileage, "Mileage"),
        Field("attendees", text, "Who attended"),
        Field("note_id", record_id, "Attendance note", codec=INTEGER),
        Field("timer", _la.timer, "Timer", codec=_la.JSON_OBJECT),
    ),
    checks=(_la.visit_check,),
    json=("id", "matter=matter_id", "status", "prison", "date", "booked_slot", "arrived_at",
          "consultation_start", "consultation_end", "departed_at", "travel_minutes", "waiting_minutes",
          "mileage", "attendees", "note=note_id"),
    audit_on_delete=("matter_id", "date"),
    order_by="date DESC, id DESC",
)

TIME_ENTRIES = RecordSpec(
    entity="time-entry", table="time_entries", record=_lam.TimeEntry, client="matter_id", matter="matter_id",
    parent="matter_id", parent_spec=MATTERS,
    fields=(
        Field("matter_id", record_id, "Matter", codec=INTEGER, editable=False),
        Field("visit_id", record_id, "Visit", codec=INTEGER),
        Field("class_code", _la.optional_class_code, "Class"),
        Field("date", date, "Date", codec=DATE, required=True),
        Field("fee_earner", text, "Fee earner"),
        Field("activity", _la.activity, "Activity", required=True),
        Field("minutes_raw", _la.minutes, "Minutes", codec=INTEGER),
        Field("unit_minutes", int_in(1, 60, required=True), "Unit (minutes)", codec=INTEGER, required=True),
        Field("units", _la.count, "Units", codec=INTEGER),
        Field("items", _la.count, "Items", codec=INTEGER),
        Field("description", text, "Description"),
    ),
    checks=(_la.time_entry_check,),
    json=("id", "matter=matter_id", "visit=visit_id", "class=class_code", "date", "fee_earner", "activity",
          "minutes_raw", "units", "unit_minutes", "items", "description"),
    audit_on_delete=("matter_id", "activity", "date"),
    order_by="date, id",
)

LEGAL_AID_RATES = RecordSpec(
    entity="legal-aid-rate", table="legal_aid_rates", record=_lam.HourlyRate,
    fields=(
        Field("scheme", required_text, "Scheme", required=True),
        Field("kind", _la.rate_kind, "Rate for", required=True),
        Field("rate", _la.amount, "Rate (£)", required=True),
        Field("source", text, "Source"),
    ),
    json=("id", "scheme", "kind", "rate", "source"),
    audit_on_delete=("scheme", "kind"),
    order_by="scheme, kind",
)


#: Every kind of record, in the order the casebook reports them (backup/check counts).
RECORDS: tuple[RecordSpec, ...] = (CLIENTS, SENTENCES, ADJUSTMENTS, MATTERS, EVENTS, NOTES, ASSESSMENTS,
                                   ASSESSMENT_ROSH, ASSESSMENT_SCORES, ASSESSMENT_SECTIONS, RISK_FACTORS,
                                   FACTOR_LINKS, EVIDENCE, EVIDENCE_FACTORS, PROGRAMME_REFERRALS,
                                   REFERRAL_STATUS, ALLEGATIONS, CHALLENGES, CHALLENGE_STEPS,
                                   CHALLENGE_EVIDENCE, CHALLENGE_EVENTS, DOCUMENTS, DOCUMENT_SECTIONS,
                                   CITATIONS, DIRECTIONS, HEARINGS, HEARING_WITNESSES, CONTACTS,
                                   LEGAL_AID, LEGAL_AID_CLASS_RECORDS, PRIOR_AUTHORITIES, LEGAL_VISITS,
                                   TIME_ENTRIES, LEGAL_AID_RATES)
#: The kinds the full-text search covers, by kind name.
SEARCH_KINDS: dict[str, RecordSpec] = {s.search.kind: s for s in RECORDS if s.search is not None}


def spec_for(entity_or_table: str) -> RecordSpec:
    for s in RECORDS:
        if entity_or_table in (s.entity, s.table):
            return s
    raise KeyError(entity_or_table)


__all__ = ["ADJUSTMENTS", "ALLEGATIONS", "CITATIONS", "CONTACTS", "DIRECTIONS", "DOCUMENTS",
           "DOCUMENT_SECTIONS", "HEARINGS", "HEARING_WITNESSES",
           "ASSESSMENTS", "ASSESSMENT_ROSH", "ASSESSMENT_SCORES",
           "ASSESSMENT_SECTIONS", "CHALLENGES", "CHALLENGE_EVENTS", "CHALLENGE_EVIDENCE", "CHALLENGE_STEPS",
           "CLIENTS", "EVENTS", "EVIDENCE", "EVIDENCE_FACTORS", "FACTOR_LINKS", "MATTERS", "NOTES",
           "PROGRAMME_REFERRALS", "RECORDS", "REFERRAL_STATUS", "RISK_FACTORS", "SEARCH_KINDS", "SENTENCES",
           "spec_for", "LEGAL_AID", "LEGAL_AID_CLASS_RECORDS", "PRIOR_AUTHORITIES", "LEGAL_VISITS",
           "TIME_ENTRIES", "LEGAL_AID_RATES"]
