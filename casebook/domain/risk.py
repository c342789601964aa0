"""Risk and evidence records: assessments (with their RoSH levels, predictor scores and OASys section
flags), risk factors, evidence of risk reduction, allegations and challenges; and how their codes are
read from user input.

Plain dataclasses, no storage, no Qt. The codes themselves (tools, RoSH groups, evidence kinds …) are
data in ``resources/risk/`` read by :mod:`casebook.risk`; the helpers here are the records' door to
them and to the band engine.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass
from typing import Any

# ---------------------------------------------------------------------------- the vocabularies
SCORE_KINDS = ("static", "dynamic")


def _vocab():
    from casebook.risk import vocab

    return vocab


def codes(list_name: str) -> tuple[str, ...]:
    """The ids of the risk vocabulary list ``list_name`` (``tool``, ``rosh_group``, ``evidence_kind`` …:
    :data:`casebook.risk.vocab.LISTS`), in their published order."""
    return _vocab().get(list_name).ids


def code_in(list_name: str, raw: Any, *, allow_empty: bool = False) -> str | None:
    """The id of an item of ``list_name`` from user text (its id or label, in any case)."""
    if raw is None or not str(raw).strip():
        if allow_empty:
            return None
        raise ValueError("is required; use one of: " + ", ".join(codes(list_name)))
    return _vocab().parse(list_name, raw)


def programme_id(raw: Any) -> str:
    """A programme of the catalogue by id or name in any case; otherwise the close matches."""
    vocab = _vocab()
    s = (str(raw) if raw is not None else "").strip()
    if not s:
        raise ValueError("is required; use a programme from the catalogue")
    try:
        return vocab.programme(s).id
    except ValueError:
        pass
    names = [p.name for p in vocab.programmes()]
    by_lower = {n.lower(): n for n in names}
    close = difflib.get_close_matches(s.lower(), list(by_lower), n=3, cutoff=0.5)
    close += [n.lower() for n in names if s.lower() in n.lower() and n.lower() not in close]
    if close:
        shown = ", ".join(by_lower[c] for c in close[:3])
        raise ValueError(f"is not in the catalogue; did you mean: {shown}")
    raise ValueError("is not in the catalogue; use one of: " + ", ".join(names))


def referral_status(raw: Any) -> str:
    """A status of the HMPPS referral sequence (the ``referral_status`` vocabulary)."""
    vocab = _vocab()
    s = (str(raw) if raw is not None else "").strip()
    if not s:
        raise ValueError("is required; use one of: " + ", ".join(t.id for t in vocab.referral_statuses()))
    return vocab.parse("referral_status", s)


def escalation_step(raw: Any) -> str:
    """A step of a challenge's escalation path (the ``escalation_step`` vocabulary)."""
    vocab = _vocab()
    s = (str(raw) if raw is not None else "").strip()
    if not s:
        raise ValueError("is required; use one of: " + ", ".join(t.id for t in vocab.escalation_steps()))
    return vocab.parse("escalation_step", s)


def rosh_slots() -> tuple[tuple[str, str], ...]:
    """Every (group, setting) a RoSH level is given for: prisoners in custody only."""
    return _vocab().rosh_slots()


def stage_of(evidence_kind: str) -> int:
    """Where a kind of evidence falls in the Parole Board's reading (past 0, present 1, future 2)."""
    vocab = _vocab()
    stages = [t.id for t in vocab.dmf_stages()]
    term = vocab.get("evidence_kind").get(evidence_kind)
    stage = term.extra.get("stage") if term is not None else None
    return stages.index(stage) if stage in stages else len(stages)


def band_engine() -> Any:
    """:mod:`casebook.risk.bands` (``band_for``, ``check_value``, ``check_kind``, ``parse_band``,
    ``compare``, ``PREDICTORS``)."""
    from casebook.risk import bands

    return bands


def parse_level(raw: Any) -> str:
    """A RoSH level or a predictor's band as stored: ``low``, ``medium``, ``high`` or ``very high``
    (typed in any case, ``very_high``, ``Very-High``, ``VH`` …)."""
    if raw is None or not str(raw).strip():
        raise ValueError("is required; use low, medium, high or very high")
    return band_engine().parse_band(raw)


def predictor_id(raw: Any) -> str:
    """A predictor's id (``ogrs3``, ``osp-dc`` …) from its id or printed name in any spelling."""
    if raw is None or not str(raw).strip():
        raise ValueError("is required")
    return band_engine().predictor(str(raw)).id


def predictor_name(predictor: str) -> str:
    """The printed name of a stored predictor id (``osp-dc`` → ``OSP/DC``)."""
    try:
        return band_engine().predictor(predictor).name
    except ValueError:
        return predictor


def band_of(name: str, value: float, kind: str | None) -> str | None:
    """The band the thresholds give ``value`` (``None`` for a predictor without thresholds)."""
    return band_engine().band_for(name, exact(value), kind)


def exact(value: float) -> Any:
    """A stored score for the band engine: ``6.9`` as typed, not its binary neighbour."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# ---------------------------------------------------------------------------- records
@dataclass
class Assessment:
    """A dated risk assessment (OASys, a psychological report …) of a client, from a source document."""

    id: int | None
    client_id: int
    tool: str
    date: _dt.date
    author: str = ""
    author_role: str | None = None
    source: str = ""
    page: str = ""
    pni: str | None = None
    mappa_category: int | None = None
    mappa_level: int | None = None
    conclusions: str = ""
    recommendation: str | None = None
    created_at: str = ""
    updated_at: str = ""


@dataclass
class RoshLevel:
    """One RoSH level of an assessment: who is at risk (``risk_group``), where, and how high."""

    id: int | None
    assessment_id: int
    risk_group: str
    setting: str
    level: str
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Score:
    """A predictor score of an assessment, with the band printed on the report (as issued)."""

    id: int | None
    assessment_id: int
    name: str
    value: float
    kind: str | None = None
    band_as_issued: str | None = None
    created_at: str = ""
    updated_at: str = ""


@dataclass
class SectionFlags:
    """An OASys section's "linked to risk of serious harm" / "linked to offending behaviour" flags."""

    id: int | None
    assessment_id: int
    section: int
    linked_to_harm: bool = False
    linked_to_offending: bool = False
    created_at: str = ""
    updated_at: str = ""


@dataclass
class RiskFactor:
    id: int | None
    client_id: int
    name: str
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""


@dataclass
class FactorLink:
    """An assessment that names a risk factor, and where (section / paragraph)."""

    id: int | None
    factor_id: int
    assessment_id: int
    section: str = ""
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Evidence:
    """A dated item of evidence of risk reduction, with its source document and page."""

    id: int | None
    client_id: int
    kind: str
    date: _dt.date
    title: str
    to_date: _dt.date | None = None
    source: str = ""
    page: str = ""
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""


@dataclass
class EvidenceFactor:
    """Evidence and a risk factor it addresses."""

    id: int | None
    evidence_id: int
    factor_id: int
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Allegation:
    """An allegation in the dossier and how far it is made out (R (Pearce) v Parole Board [2023] UKSC 13)."""

    id: int | None
    client_id: int
    text: str
    status: str
    matter_id: int | None = None
    source: str = ""
    page: str = ""
    created_at: str = ""
    updated_at: str = ""


@dataclass
class Challenge:
    """One contested assertion in a document, the ground of the challenge and the correct position."""

    id: int | None
    matter_id: int
    assertion: str
    ground: str
    assessment_id: int | None = None
    source: str = ""
    page: str = ""
    paragraph: str = ""
    position: str = ""
    status: str = "disputed"
    created_at: str = ""
    updated_at: str = ""


@dataclass
class ChallengeStep:
    """A dated step of a challenge's escalation path, and the chronology event it created."""

    id: int | None
    challenge_id: int
    step: str
    date: _dt.date
    notes: str = ""
    event_id: int | None = None  # the chronology event the step created (schema version 4)
    created_at: str = ""
    updated_at: str = ""


@dataclass
class ChallengeLink:
    """A challenge and an item of evidence or a chronology event."""

    id: int | None
    challenge_id: int
    evidence_id: int | None = None
    event_id: int | None = None
    created_at: str = ""
    updated_at: str = ""


@dataclass
class ProgrammeReferral:
    """A referral of a client to an accredited programme (a programme id of the catalogue)."""

    id: int | None
    client_id: int
    programme: str
    date: _dt.date
    notes: str = ""
    created_at: str = ""
    updated_at: str = ""


@dataclass
class ReferralStatus:
    """One dated status of a referral, with the reason given (if any)."""

    id: int | None
    referral_id: int
    status: str
    date: _dt.date
    reason: str = ""
    created_at: str = ""
    updated_at: str = ""


__all__ = [
    "SCORE_KINDS", "Allegation", "Assessment", "Challenge", "ChallengeLink", "ChallengeStep", "Evidence",
    "EvidenceFactor", "FactorLink", "ProgrammeReferral", "ReferralStatus", "RiskFactor", "RoshLevel", "Score",
    "SectionFlags", "band_engine", "band_of", "code_in", "codes", "escalation_step", "exact", "parse_level",
    "predictor_id", "predictor_name", "programme_id", "referral_status", "rosh_slots", "stage_of",
]
