"""Plain dataclasses for the casebook's records, and (from :mod:`casebook.domain.vocabulary`) the
controlled vocabularies they use; dates and month arithmetic are :mod:`casebook.domain.dates`.

No storage and no Qt here. Dates are ``datetime.date``; terms are ISO-8601 periods (``P4Y6M``).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from casebook.domain.vocabulary import (  # the vocabularies, defined once (re-exported here)
    ADJUSTMENT_KINDS,
    CATEGORIES,
    CONTACT_ROLES,
    DATE_CODES,
    DIRECTION_STATUSES,
    DISPUTED_STATUSES,
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
    EventType,
    event_type_labels,
    event_types,
)


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
    #: The offence's id in the offence catalogue (resources/offences), where chosen from it.
    offence_id: str | None = None


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
    page: int | None = None  # a page of a document (kind "page"; ref_id is the document)


__all__ = [
    "ADJUSTMENT_KINDS", "CATEGORIES", "CONTACT_ROLES", "DATE_CODES", "DIRECTION_STATUSES", "HEARING_FORMATS",
    "HEARING_OUTCOMES", "WITNESS_STATUSES", "DISPUTED_STATUSES", "EXTENDED_TYPES",
    "INDETERMINATE_TYPES",
    "LEGAL_AID_CLASSES", "MATTER_STATUSES", "MATTER_TYPES", "NOTE_KINDS", "RECALL_TYPES", "SENTENCE_TYPES",
    "Adjustment", "AuditEntry", "Client", "Event", "EventType", "Matter", "Note", "SearchHit", "Sentence",
    "event_type_labels", "event_types",
]
