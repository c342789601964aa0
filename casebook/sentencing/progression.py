"""Sentencing Act 2026 progression model: who is in it, and which tranche a booking falls in.

Rules, as HMPPS's Calculate Release Dates service applies them (CRDS: EarlyReleaseSentenceFilter
SDS_PROGRESSION_MODEL, SDSProgressionModelTrancheSelectionStrategy, TrancheAllocationService; the tranche
table is in ``rules.PROGRESSION_OCTOBER``). Evidence of how HMPPS computes dates, not law: every date this
module drives is marked unconfirmed in its working.

* A standard determinate sentence is in the progression model unless it is detention under Sentencing Act
  2020 s.250 (or PCC(S)A 2000 s.91), carries a progression-model exclusion marker (Schedule 13 Part 3
  offence sentenced before commencement; Sentencing Act 2026 schedule offence), or *would be SDS+ if
  imposed today* (an SDS+-eligible type, length and offence not released at two-thirds because it was
  imposed before the SDS+ provisions applied). Such sentences keep their release point (SDS40 or
  one-half).
* In the model SDS are released at one-third and SDS+ at one-half, of any length.
* Existing sentences are brought in by tranche. The booking's tranche is set by the longest of the
  sentences still unexpired at commencement (a consecutive chain counted as one: each term from the end of
  the previous one), counting only terms imposed before commencement and not DTOs, fines' default terms
  or BOTUS committals; a booking is in the first tranche whose length limit no such sentence exceeds.
* No tranche applies (the new dates stand as calculated) where no sentence in the model, imposed before
  commencement, would still be in custody at commencement under the old rules.
"""

from __future__ import annotations

from datetime import date, timedelta

from casebook.sentencing import rules as R
from casebook.sentencing.model import SentenceIn

TRANCHE_EXCLUDED_KINDS = ("DTO", "BOTUS", "AFINE")


def in_model(s: SentenceIn) -> bool:
    """True if this sentence's release point is changed by the progression model."""
    if s.kind != "SDS" or s.section250 or s.recall_type:
        # recalled sentences: the post-recall release is not under the model (CRDS
        # ProgressionModelScheduleExclusionValidator: "recalls are also not subject to progression model")
        return False
    if s.exclusions & R.PROGRESSION_EXCLUSIONS:
        return False
    if s.sds_plus_eligible and not s.sds_plus:
        return False   # would be SDS+ if sentenced today (CRDS wouldBeSDSPlusIfSentencedToday)
    return True


def chain_days_for_tranche(parts: list[SentenceIn], commencement: date) -> int:
    """Length in days of a chain for tranche allocation: each counted term (custodial + any extension)
    runs from the day after the previous one ends, from the earliest counted sentence date."""
    counted = [p for p in parts if p.kind not in TRANCHE_EXCLUDED_KINDS and p.sentenced_at < commencement]
    if not counted:
        return 0
    start = min(p.sentenced_at for p in counted)
    nxt = start
    for p in counted:
        total = p.term + p.extension if p.extension is not None else p.term
        nxt = total.end_date(nxt) + timedelta(days=1)
    return (nxt - start).days


def allocate_tranche(er: R.EarlyRelease, units: list, future_ual_days: int = 0) -> R.Tranche | None:
    """The tranche a booking falls in, or None where no tranche applies.

    ``units`` are the engine's units computed under the rules before the progression model (each with
    ``parts``, ``expiry``, ``release_no_ada``); ``future_ual_days`` is the time unlawfully at large from
    commencement on, which does not count when deciding who is still in custody at commencement."""
    commencement = er.tranches[0].commencement
    candidates = [u for u in units
                  if (u.release_no_ada - timedelta(days=future_ual_days)) >= commencement
                  and any(p.sentenced_at < commencement and in_model(p) and not p.recall_type
                          for p in u.parts)]
    if not candidates:
        return None
    lengths = [chain_days_for_tranche(u.parts, commencement) for u in units if u.expiry >= commencement]
    for t in er.tranches:
        if t.below_days is None and t.below_years is None:
            return t
        if t.below_days is not None and all(n < t.below_days for n in lengths):
            return t
    return er.tranches[-1]


def keeps_hdc_after_repeal(s: SentenceIn) -> bool:
    """Sentences not affected by the adult HDC repeal/suspension: detention under Sentencing Act 2020 s.250
    and default terms (CRDS: 'SEC250 and Terms retain HDCED eligibility')."""
    return (s.kind == "SDS" and s.section250) or s.kind == "AFINE"


def hdc_toggle_outcome(sentences: list[SentenceIn], hdced: date, toggles: frozenset[str]) -> str:
    """What the HMPPS feature-toggled HDC rules do to a booking's HDCED: 'keep', 'remove' or 'depends'
    (the answer turns on the date the calculation is made, which a booking does not carry).

    * adultHdcSuspended: any affected (adult) sentence: no HDCED.
    * applyPostHdcedRepealRules: any affected sentence and an HDCED on or after the repeal date: no HDCED;
      before it, HMPPS removes it only when calculating on or after that date."""
    if all(keeps_hdc_after_repeal(s) for s in sentences):
        return "keep"
    if "adultHdcSuspended" in toggles:
        return "remove"
    if "applyPostHdcedRepealRules" in toggles:
        return "remove" if hdced >= R.HDC_REPEAL_COMMENCEMENT else "depends"
    return "keep"
