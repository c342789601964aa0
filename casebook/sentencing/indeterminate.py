"""Life and IPP/DPP milestones: tariff expiry, pre-tariff sift, review start, IPP licence termination.

These are review milestones, not release dates: release from an indeterminate sentence is for the
Parole Board after the tariff expires (Crime (Sentences) Act 1997 s.28). Each milestone carries its
source and a ``confirmed`` flag; UNCONFIRMED points (see docs/rules-sources.md) are flagged, never hidden.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from casebook.sentencing.durations import Term, add_months, uk_date
from casebook.sentencing.model import NotSupported

# Victims and Prisoners Act 2024 s.66 (amending C(S)A 1997 ss.31, 31A), in force 1 November 2024
# (SI 2024/966): qualifying period 3 years (IPP) / 2 years (DPP); automatic termination a further
# 2 years on if the licence has remained in force (no recall).
# Commencement is in two steps: automatic termination from 1 November 2024, the Secretary of State's
# referral (all other purposes) from 1 February 2025. A licence that began earlier is caught on
# commencement: a milestone that would fall before its commencement falls on it (the same
# "clamp" as the deadline rules in resources/rules/ipp_licence.toml).
PRE_TARIFF_SIFT_YEARS_BEFORE = 3          # Reeds (secondary source): about 3 years before TED
PRE_TARIFF_SIFT_MIN_TARIFF_YEARS = 4      # only for tariffs of 4 years or more
REVIEW_START_MONTHS_BEFORE = 6            # GOV.UK (withdrawn) / Reeds: about 6 months before TED


@dataclass(frozen=True)
class Milestone:
    code: str
    label: str
    date: date
    arithmetic: str
    source: str
    confirmed: bool


def tariff_expiry(sentence_date: date, minimum_term: Term, credit: int = 0) -> date:
    """Sentence date + the minimum term as pronounced, less ``credit`` days: the remand and tagged bail the
    judge takes off in fixing it ("15 years less 200 days": Sentencing Act 2020 s.322(2)(b)/s.323(2)(c);
    *Sesay* [2024] EWCA Crim 483). Day-count convention as PSI 03/2015 para 5.5 for determinate terms —
    UNCONFIRMED for tariffs."""
    return minimum_term.end_date(sentence_date) - timedelta(days=credit)


def indeterminate_milestones(kind: str, sentence_date: date, minimum_term: Term,
                             credit: int = 0) -> list[Milestone]:
    """Tariff expiry and the review milestones before it. ``credit``: the days of remand and tagged bail
    recorded before the sentence, the judge's deduction from the minimum term. An IPP/DPP licence's
    termination dates are deadline rules (resources/rules/ipp_licence.toml): the release check takes them
    from there."""
    if kind not in ("LIFE", "IPP", "DPP"):
        raise NotSupported(f"{kind} is not an indeterminate sentence")
    if minimum_term.is_zero:
        raise NotSupported("no minimum term recorded — enter the tariff expiry date from the prison/PPCS")
    out: list[Milestone] = []
    ted = tariff_expiry(sentence_date, minimum_term, credit)
    less = (f" − {credit} days of remand/tagged bail recorded (the judge's \"less {credit} days\"; if the "
            "minimum term entered already has them taken off, remove the remand)") if credit else (
        " (as pronounced; remand already counted by the judge)")
    out.append(Milestone(
        "TED", "Tariff expiry date", ted,
        f"sentence date {uk_date(sentence_date)} + minimum term {minimum_term}{less} = {uk_date(ted)}",
        "Sentencing Act 2020 ss.322-323; Crime (Sentences) Act 1997 s.28; day-count convention UNCONFIRMED",
        False))
    sift_threshold = Term(years=PRE_TARIFF_SIFT_MIN_TARIFF_YEARS).length_days(sentence_date)
    if minimum_term.length_days(sentence_date) >= sift_threshold:
        sift = add_months(ted, -12 * PRE_TARIFF_SIFT_YEARS_BEFORE)
        out.append(Milestone(
            "PRE_TARIFF_SIFT", "Pre-tariff sift (open conditions referral)", sift,
            f"tariff expiry {uk_date(ted)} − {PRE_TARIFF_SIFT_YEARS_BEFORE} years = {uk_date(sift)}",
            "Generic Parole Process practice (Reeds, secondary source) — UNCONFIRMED", False))
    review = add_months(ted, -REVIEW_START_MONTHS_BEFORE)
    out.append(Milestone(
        "REVIEW_START", "Tariff-expiry parole review starts (about)", review,
        f"tariff expiry {uk_date(ted)} − {REVIEW_START_MONTHS_BEFORE} months = {uk_date(review)}",
        "GPP Policy Framework practice (GOV.UK withdrawn guidance; Reeds) — UNCONFIRMED", False))
    return sorted(out, key=lambda m: m.date)


def days_until(d: date, today: date) -> int:
    return (d - today).days


__all__ = ["Milestone", "days_until", "indeterminate_milestones", "tariff_expiry"]
