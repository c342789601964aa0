"""Engine input and output types (plain dataclasses, no storage)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from casebook.sentencing.durations import Term


class NotSupported(Exception):
    """The engine will not guess: the case must be entered from the prison's own calculation."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(f"not supported: {reason} — enter the prison's dates")


class InvalidBooking(ValueError):
    """The input is not a valid booking (a validation error, not a refusal of a valid case)."""


SENTENCE_KINDS = ("SDS", "EDS", "SOPC", "DTO", "AFINE", "BOTUS")


@dataclass
class SentenceIn:
    kind: str                       # one of SENTENCE_KINDS
    sentenced_at: date
    term: Term                      # the custodial term (the whole term for SDS/DTO/AFINE/BOTUS)
    offence_date: date | None = None
    offence_end_date: date | None = None
    offence_code: str = ""
    extension: Term | None = None   # EDS / SOPC
    ident: str = ""
    consecutive_to: str | None = None
    sds_plus: bool = False
    sds_plus_eligible: bool = False  # SDS+ type/length/offence (excludes HDC even where not at 2/3)
    exclusions: frozenset[str] = frozenset()
    section250: bool = False
    eds_automatic: bool = False     # pre-2015 EDS with automatic release at two-thirds
    sdopcu18: bool = False          # SOPC: special sentence of detention, terrorist under 18 (s.252A)
    recall_type: str | None = None  # STANDARD, FTR14, FTR28, FTR56
    label: str = ""
    fine_amount: float | None = None
    revocation_date: date | None = None   # the recall's licence revocation (HMPPS recall.revocationDate)
    latest_tused: date | None = None      # BOTUS: the top-up supervision end recorded before (HMPPS data)
    single_term: bool = False             # a single term of concurrent DTOs or short CJA 1991 terms (terms)


@dataclass
class AdjustmentIn:
    kind: str                       # REMAND, TAGGED_BAIL, UAL, ADA, RADA, RECALL_REMAND, RECALL_TAGGED_BAIL
    days: int
    applies_from: date | None = None
    from_date: date | None = None
    to_date: date | None = None


@dataclass(frozen=True)
class Movement:
    """A movement into or out of prison (HMPPS external movement): direction IN/OUT and its reason
    (SENTENCE, CRD, HDC, ECSL, PAROLE, ERS, FAILED_ERS_REMOVAL, RECALL_ADMISSION, …)."""

    when: date
    direction: str
    reason: str = ""


@dataclass(frozen=True)
class PreviousCalculation:
    """A calculation recorded before this one (HMPPS stored calculation): its status (CONFIRMED, …), the
    date it was made and its dates as (date type, date) pairs."""

    status: str
    made_on: date | None
    dates: tuple = ()
    kind: str = ""                      # HMPPS calculationType (CALCULATED, MANUAL_DETERMINATE, …)

    def get(self, code: str) -> date | None:
        return next((d for c, d in self.dates if c == code), None)


@dataclass
class BookingIn:
    sentences: list[SentenceIn]
    adjustments: list[AdjustmentIn] = field(default_factory=list)
    date_of_birth: date | None = None
    active_sex_offender: bool = False   # registered sex offender: no HDC (CJA 2003 s.246(4))
    return_to_custody: date | None = None
    profile: str = "calculation-params"
    calculate_ersed: bool = False
    toggles: frozenset[str] = frozenset()
    out_of_custody: tuple = ()          # (from, to or None) periods released/removed, from movements
    movements: tuple = ()               # Movement records in date order (release and re-admission history)
    previous_calculations: tuple = ()   # PreviousCalculation records (HMPPS stored calculations)
    use_previous_sled: bool = False     # HMPPS usePreviouslyRecordedSLEDIfFound: a later stored SLED stands
    declared_error: str | None = None   # the rejection the booking file records for the service (HMPPS suite)


@dataclass(frozen=True)
class Working:
    rule: str
    citation: str
    arithmetic: str
    confirmed: bool = True


class LazyWorking(Working):
    """A :class:`Working` whose arithmetic text is written when first read (most dates a calculation
    produces are never shown: the regime or unit they belong to is superseded). Equal to, and as immutable
    as, the :class:`Working` it reads as."""

    def __init__(self, rule: str, citation: str, arithmetic, confirmed: bool = True):
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "citation", citation)
        object.__setattr__(self, "confirmed", confirmed)
        object.__setattr__(self, "_text", arithmetic if isinstance(arithmetic, str) else None)
        object.__setattr__(self, "_write", None if isinstance(arithmetic, str) else arithmetic)

    @property
    def arithmetic(self) -> str:   # type: ignore[override]
        text = self._text
        if text is None:
            text = self._write()
            object.__setattr__(self, "_text", text)
            object.__setattr__(self, "_write", None)
        return text

    def _key(self) -> tuple:
        return (self.rule, self.citation, self.arithmetic, self.confirmed)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Working):
            return NotImplemented
        return self._key() == (other.rule, other.citation, other.arithmetic, other.confirmed)

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"Working(rule={self.rule!r}, citation={self.citation!r}, arithmetic={self.arithmetic!r}, "
                f"confirmed={self.confirmed!r})")


@dataclass(frozen=True)
class DateResult:
    code: str
    date: date
    working: Working

    @property
    def confirmed(self) -> bool:
        return self.working.confirmed


@dataclass
class CalculationResult:
    dates: dict[str, DateResult]
    effective_sentence_length: str
    notes: list[str] = field(default_factory=list)

    def as_iso_dict(self) -> dict[str, str]:
        return {k: v.date.isoformat() for k, v in self.dates.items()}
