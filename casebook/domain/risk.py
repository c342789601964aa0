"""Risk and evidence records: assessments (with their RoSH levels, predictor scores and OASys section
flags), risk factors, evidence of risk reduction, allegations and challenges; and how their codes are
read from user input.

Plain dataclasses, no storage, no Qt. The codes themselves (tools, RoSH groups, evidence kinds …) are
data in ``resources/risk/`` read by :mod:`casebook.risk`; :func:`codes` is this package's one door to
them, and :func:`band_engine` to the band engine (``None`` while the engine is not installed, in which
case only the band as issued is known).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

# ---------------------------------------------------------------------------- the vocabularies
#: The vocabularies a record of this module uses, until :mod:`casebook.risk` provides them (it is
#: preferred whenever it is present): code → label. Codes are stored; never rename one.
_FALLBACK: dict[str, dict[str, str]] = {
    "tools": {"oasys": "OASys", "hcr-20-v3": "HCR-20 v3", "svr-20": "SVR-20", "rsvp": "RSVP",
              "arms": "ARMS", "sara": "SARA", "pcl-r": "PCL-R", "other": "Other"},
    "author_roles": {"prison-psychologist": "Prison psychologist", "independent-expert": "Independent expert",
                     "probation": "Probation"},
    "rosh_groups": {"children": "Children", "public": "Public", "known-adult": "Known adult",
                    "staff": "Staff", "prisoners": "Prisoners"},
    "rosh_settings": {"custody": "Custody", "community": "Community"},
    "levels": {"low": "Low", "medium": "Medium", "high": "High", "very high": "Very high"},
    "pni": {"high": "High intensity", "moderate": "Moderate", "alternative": "Alternative",
            "omission": "Omission (data missing)"},
    "evidence_kinds": {
        "programme": "Accredited programme", "one-to-one": "One-to-one work", "psychology": "Psychology work",
        "behaviour": "Behaviour", "education": "Education", "work": "Work", "drug-test": "Drug test",
        "rotl": "ROTL", "security-category": "Security category", "open-conditions": "Open conditions",
        "release-plan": "Release plan"},
    "allegation_statuses": {
        "proven": "Proven", "admitted": "Admitted", "disputed": "Disputed",
        "unproven-with-basis": "Unproven, with some factual basis",
        "without-basis": "Without factual basis"},
    "challenge_grounds": {
        "factual-error": "Factual error", "out-of-date": "Out of date",
        "unsupported": "Unsupported by evidence", "methodology": "Methodology",
        "fails-to-consider-evidence": "Fails to consider evidence",
        "denial-as-risk": "Denial treated as risk", "unproven-allegation": "Unproven allegation relied on"},
    "challenge_statuses": {"disputed": "Disputed", "conceded": "Conceded", "corrected": "Corrected",
                           "refused": "Refused", "withdrawn": "Withdrawn"},
}
#: RoSH groups assessed in custody only.
CUSTODY_ONLY_GROUPS = frozenset({"prisoners"})
SCORE_KINDS = ("static", "dynamic")


def codes(name: str) -> dict[str, str]:
    """The vocabulary ``name`` (see :data:`_FALLBACK`'s keys): code → label."""
    try:
        from casebook.risk import vocabulary as risk_vocabulary  # type: ignore[attr-defined]
    except ImportError:
        return _FALLBACK[name]
    found = getattr(risk_vocabulary, name, None)
    if callable(found):
        found = found()
    return dict(found) if found else _FALLBACK[name]


def band_engine() -> Any | None:
    """:mod:`casebook.risk.bands` (``band_for``, ``check_value``, ``parse_band``, ``PREDICTORS``), or
    ``None`` when it is not there."""
    try:
        from casebook.risk import bands
    except ImportError:
        return None
    return bands


def normalise(raw: Any) -> str:
    """User text → the shape of a code: trimmed, lower case, runs of spaces/underscores as one ``-``."""
    return re.sub(r"[\s_]+", "-", (str(raw) if raw is not None else "").strip().lower())


def code_in(name: str, raw: Any, *, allow_empty: bool = False) -> str | None:
    """A code of vocabulary ``name`` from user text (the code, or its label, in any case)."""
    options = codes(name)
    s = normalise(raw)
    if not s:
        if allow_empty:
            return None
        raise ValueError("is required; use one of: " + ", ".join(options))
    for code, label in options.items():
        if s in (normalise(code), normalise(label)):
            return code
    raise ValueError("must be one of: " + ", ".join(options))


def parse_level(raw: Any) -> str:
    """A RoSH level or a predictor's band: ``low``, ``medium``, ``high`` or ``very high`` (any case,
    ``very_high`` and ``Very-High`` too)."""
    engine = band_engine()
    if engine is not None:
        return engine.parse_band(raw)
    s = normalise(raw).replace("-", " ")
    if s not in _FALLBACK["levels"]:
        raise ValueError("must be low, medium, high or very high")
    return s


def predictor_name(raw: Any) -> str:
    """A predictor's name as the band engine spells it (``OGRS3``, ``OSP/DC`` …), matched ignoring case."""
    s = (str(raw) if raw is not None else "").strip()
    if not s:
        raise ValueError("is required")
    engine = band_engine()
    if engine is None:
        return s.upper()
    for name in engine.PREDICTORS:
        if name.lower() == s.lower():
            return name
    raise ValueError("is not a known predictor; use one of: " + ", ".join(engine.PREDICTORS))


def band_of(name: str, value: float, kind: str | None) -> str | None:
    """The band the thresholds give ``value`` (``None`` without thresholds, or without the engine)."""
    engine = band_engine()
    if engine is None:
        return None
    return engine.band_for(name, value, kind)


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


__all__ = [
    "CUSTODY_ONLY_GROUPS", "SCORE_KINDS", "Allegation", "Assessment", "Challenge", "Evidence",
    "EvidenceFactor", "FactorLink", "RiskFactor", "RoshLevel", "Score", "SectionFlags", "band_engine",
    "band_of", "code_in", "codes", "normalise", "parse_level", "predictor_name",
]
