"""Plain dataclasses for the casebook's records, and the controlled vocabularies they use.

No storage and no Qt here. Dates are ``datetime.date``; terms are ISO-8601 periods (``P4Y6M``).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------- vocabularies
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
}
INDETERMINATE_TYPES = frozenset({"LIFE", "IPP", "DPP"})
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
# Release-date codes a prison calculation sheet may give (HMPPS vocabulary, DOMAIN.md §1.0).
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


# ---------------------------------------------------------------------------- records
@dataclass
class Client:
    id: int | None
    name: str
    aliases: list[str] = field(default_factory=list)
    prison_number: str | None = None
    pnc: str | None = None
    cro: str | None = None
    dob: _dt.date | None = None
    prison: str | None = None
    category: str | None = None
    mappa_category: int | None = None
    mappa_level: int | None = None
    interpreter: str | None = None
    vulnerability: str | None = None
    prison_dates: dict[str, _dt.date] = field(default_factory=dict)
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Sentence:
    id: int | None
    client_id: int
    sentence_type: str
    sentence_date: _dt.date
    offence: str = ""
    offence_date: _dt.date | None = None
    custodial_term: str | None = None
    extension_term: str | None = None
    minimum_term: str | None = None
    consecutive_to: int | None = None
    offence_flags: list[str] = field(default_factory=list)
    recall_type: str | None = None
    recall_date: _dt.date | None = None
    notes: str = ""


@dataclass
class Adjustment:
    id: int | None
    client_id: int
    kind: str
    days: int
    from_date: _dt.date | None = None
    to_date: _dt.date | None = None


@dataclass
class Matter:
    id: int | None
    client_id: int
    type: str
    status: str = "open"
    title: str = ""
    reference: str | None = None
    parole_board_ref: str | None = None
    ppcs_ref: str | None = None
    legal_aid_class: str | None = None
    opened_on: _dt.date | None = None
    closed_on: _dt.date | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def type_label(self) -> str:
        return MATTER_TYPES.get(self.type, self.type)


@dataclass
class Event:
    """A chronology entry: a dated fact with its source document and page (CaseMap style)."""

    id: int | None
    matter_id: int
    date: _dt.date
    type: str
    text: str = ""
    source: str = ""
    page: str = ""
    material: bool = False
    disputed: str = "undisputed"
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Note:
    id: int | None
    client_id: int
    date: _dt.date
    text: str
    kind: str = "note"
    matter_id: int | None = None
    created_at: str = ""
    updated_at: str = ""


@dataclass
class AuditEntry:
    id: int
    at: str
    action: str
    entity: str
    entity_id: int | None
    detail: dict


@dataclass
class SearchHit:
    kind: str  # client | matter | event | note
    ref_id: int
    client_id: int | None
    matter_id: int | None
    title: str
    snippet: str
    client_name: str = ""
