"""Casebook's controlled vocabularies, defined once: every code the casebook stores, with its label.

The services validate against these, the deadline rules check their ``sentence_types`` and
``matter_types`` against them, the sentencing adapter maps them onto the engine, and the forms fill
their lists from them. Chronology event types are data (``resources/rules/event_types.toml``, because
the deadline rules name them as triggers); :func:`event_types` is the one reader of that file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

MATTER_TYPES: dict[str, str] = {
    "parole-review": "Parole review",
    "recall-review": "Recall review",
    "ipp-licence-termination": "IPP licence termination",
    "categorisation": "Categorisation",
    "adjudication": "Adjudication",
    "complaint": "Complaint",
    "judicial-review": "Judicial review",
    "sentence-calculation": "Sentence calculation",
}
MATTER_STATUSES: dict[str, str] = {
    "open": "Open",
    "awaiting-dossier": "Awaiting dossier",
    "representations": "Representations",
    "hearing-listed": "Hearing listed",
    "awaiting-decision": "Awaiting decision",
    "closed": "Closed",
}
# Legal-aid classes of prison-law work (Standard Crime Contract 2025, prison law specification).
LEGAL_AID_CLASSES: dict[str, str] = {
    "": "Not set",
    "advice-assistance": "Advice & Assistance (free-standing)",
    "advocacy-assistance-disciplinary": "Advocacy Assistance – disciplinary",
    "advocacy-assistance-parole": "Advocacy Assistance – Parole Board",
    "advocacy-assistance-sentence-review": "Advocacy Assistance – sentence review",
    "private": "Private client",
}
SENTENCE_TYPES: dict[str, str] = {
    "SDS": "Standard determinate sentence",
    "SDS_PLUS": "SDS+ (release at two-thirds)",
    "EDS": "Extended determinate sentence",
    "EDS_AUTO": "Extended sentence, automatic release (pre-13 April 2015)",
    "SOPC": "Sentence for offenders of particular concern",
    "DTO": "Detention and training order",
    "YOI": "Detention in a young offender institution",
    "A_FINE": "Imprisonment in default of a fine",
    "BOTUS": "Breach of top-up supervision",
    "LIFE": "Life sentence",
    "IPP": "Imprisonment for public protection",
    "DPP": "Detention for public protection",
    "STS": "Serious terrorism sentence",
    "DCR": "Discretionary conditional release (pre-4 April 2005, 4 years or more)",
}
#: Sentences without a fixed release point: the Parole Board decides release after the tariff.
INDETERMINATE_TYPES = frozenset({"LIFE", "IPP", "DPP"})
#: Sentences with an extension period on licence.
EXTENDED_TYPES = frozenset({"EDS", "EDS_AUTO", "SOPC"})
ADJUSTMENT_KINDS: dict[str, str] = {
    "REMAND": "Remand in custody",
    "TAGGED_BAIL": "Tagged bail (credit as directed)",
    "UAL": "Unlawfully at large",
    "ADA": "Additional days awarded",
    "RADA": "Restored additional days",
    "RECALL_REMAND": "Recall remand",
    "RECALL_TAGGED_BAIL": "Recall tagged bail",
}
RECALL_TYPES: dict[str, str] = {
    "STANDARD": "Standard recall",
    "FTR14": "Fixed-term recall (14 days)",
    "FTR28": "Fixed-term recall (28 days)",
    "FTR56": "Fixed-term recall (56 days)",
}
#: The people on a case (contacts), by role.
CONTACT_ROLES: dict[str, str] = {
    "pom": "Prison offender manager (POM)",
    "com": "Community offender manager (COM)",
    "psychologist": "Psychologist (prison)",
    "independent-psychologist": "Psychologist (independent)",
    "ppcs": "PPCS caseworker",
    "counsel": "Counsel",
    "expert": "Expert",
    "family": "Family",
    "supporter": "Supporter",
    "prison": "Prison (legal visits, OMU)",
    "parole-board": "Parole Board case manager",
    "other": "Other",
}
#: A Parole Board direction's state (Parole Board Rules 2019 r.6).
DIRECTION_STATUSES: dict[str, str] = {
    "open": "Open",
    "complied": "Complied with",
    "deferred": "Deferred (new date)",
    "not-complied": "Not complied with",
    "withdrawn": "Withdrawn / varied",
}
HEARING_FORMATS: dict[str, str] = {
    "video": "Video",
    "in-person": "In person",
    "telephone": "Telephone",
}
HEARING_OUTCOMES: dict[str, str] = {
    "release": "Release directed",
    "open-conditions": "Open conditions recommended",
    "no-release": "No release",
    "adjourned": "Adjourned",
    "deferred": "Deferred",
    "licence-terminated": "Licence terminated",
    "licence-not-terminated": "Licence not terminated",
}
WITNESS_STATUSES: dict[str, str] = {
    "requested": "Requested",
    "directed": "Directed",
    "refused": "Refused",
    "withdrawn": "Withdrawn",
}
# Prison security categories (adult male A–D, female/YOI closed/open).
CATEGORIES = ["", "A", "B", "C", "D", "Closed", "Open", "Restricted", "YOI closed", "YOI open"]
# CaseMap's vocabulary for the status of a fact.
DISPUTED_STATUSES: dict[str, str] = {
    "undisputed": "Undisputed",
    "disputed-by-us": "Disputed by us",
    "disputed-by-other-side": "Disputed by the other side",
    "prospective": "Prospective",
    "unsure": "Unsure",
}
NOTE_KINDS: dict[str, str] = {
    "note": "Note",
    "legal-visit": "Legal visit",
    "call": "Telephone call",
    "attendance": "Attendance",
}
#: Kinds of document kept in the casebook: code → (label, how a citation names it by default).
DOCUMENT_KINDS: dict[str, tuple[str, str]] = {
    "dossier": ("Parole dossier", "Dossier"),
    "oasys": ("OASys assessment", "OASys"),
    "psychology": ("Psychology report", "Psychology report"),
    "decision": ("Decision", "Decision"),
    "sentence-calculation": ("Sentence calculation", "Sentence calculation"),
    "correspondence": ("Correspondence", "Letter"),
    "other": ("Other document", "Document"),
}
#: What a citation can be attached to: target code → (the record's table, label).
CITATION_TARGETS: dict[str, tuple[str, str]] = {
    "challenge": ("challenges", "Challenge"),
    "allegation": ("allegations", "Allegation"),
    "evidence": ("evidence", "Evidence"),
    "assessment": ("assessments", "Assessment"),
    "event": ("events", "Chronology event"),
}
# Release-date codes a prison calculation sheet may give (HMPPS vocabulary).
DATE_CODES: dict[str, str] = {
    "SED": "Sentence expiry date",
    "LED": "Licence expiry date",
    "SLED": "Sentence and licence expiry date",
    "CRD": "Conditional release date",
    "ARD": "Automatic release date",
    "PED": "Parole eligibility date",
    "HDCED": "Home detention curfew eligibility date",
    "TUSED": "Top-up supervision expiry date",
    "PRRD": "Post-recall release date",
    "ERSED": "Early removal scheme eligibility date",
    "ESED": "Effective sentence end date",
    "TED": "Tariff expiry date",
    "APD": "Approved parole date",
    "MTD": "Mid-term date",
    "ETD": "Early transfer date",
    "LTD": "Late transfer date",
}

# ---------------------------------------------------------------------------- chronology event types
#: An event type code as stored with each event (and named by the deadline rules' triggers).
EVENT_CODE_RE = re.compile(r"^[a-z][a-z0-9-]{0,49}$")
_EVENT_KEYS = frozenset({"code", "label", "note"})
#: Event types the services read for themselves: a release on an IPP/DPP licence, and a recall.
LICENCE_START_EVENT = "ipp-licence-start"
RECALL_EVENT = "recall"
#: A release on licence that ends a recall (an IPP/DPP licence's two continuous years start again).
RE_RELEASE_EVENT = "re-release"


class VocabularyError(ValueError):
    """The event types file is invalid (the message says why; the caller names the file)."""


@dataclass(frozen=True)
class EventType:
    code: str
    label: str
    triggers: bool = False  # starts at least one time limit (known once the rules are loaded)
    note: str = ""


def parse_event_types(data: dict) -> tuple[EventType, ...]:
    """The ``[[event_type]]`` tables of a parsed ``event_types.toml``, checked, in file order."""
    items = data.get("event_type")
    if not isinstance(items, list) or not items:
        raise VocabularyError("expected one or more [[event_type]] tables")
    out, seen = [], set()
    for raw in items:
        code = raw.get("code") if isinstance(raw, dict) else None
        if not isinstance(code, str) or not code:
            raise VocabularyError("every [[event_type]] needs a 'code'")
        if not EVENT_CODE_RE.match(code):
            raise VocabularyError(f"event type '{code}': a code is lower-case letters, digits and '-'")
        unknown = sorted(set(raw) - _EVENT_KEYS)
        if unknown:
            raise VocabularyError(f"event type '{code}': unknown field(s): {', '.join(unknown)}")
        label = raw.get("label")
        if not isinstance(label, str) or not label.strip():
            raise VocabularyError(f"event type '{code}' needs a 'label'")
        if code in seen:
            raise VocabularyError(f"event type '{code}' is declared twice")
        seen.add(code)
        out.append(EventType(code=code, label=label, note=str(raw.get("note", ""))))
    return tuple(out)


def event_types_file() -> Path:
    from casebook.resources import resource_path

    return resource_path("rules", "event_types.toml")


@lru_cache(maxsize=1)
def event_types() -> tuple[EventType, ...]:
    """The shipped chronology event types (``triggers`` is filled in by the deadline rules:
    :func:`casebook.deadlines.event_types`)."""
    with event_types_file().open("rb") as fh:
        return parse_event_types(tomllib.load(fh))


def event_type_labels() -> dict[str, str]:
    """Event type code → label, in file order."""
    return {t.code: t.label for t in event_types()}
