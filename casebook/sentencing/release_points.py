"""Release points: the fraction of a term served before release, under each *regime* of fractions.

A regime is the set of release fractions in force: the standard fractions (one-half, two-thirds for
SDS+, CJA 2003 ss.244, 244ZA), SDS40 (40% for eligible standard determinate sentences, SI 2024/844), and
the Sentencing Act 2026 progression model (one-third, SDS+ at one-half; UNCONFIRMED). Extended
sentences and SOPCs have a parole eligibility fraction as well (``ped_fraction``).
"""

from __future__ import annotations

from fractions import Fraction

from casebook.sentencing import progression as PM
from casebook.sentencing import rules as R
from casebook.sentencing.model import NotSupported, SentenceIn

HALF = Fraction(1, 2)
TWO_THIRDS = Fraction(2, 3)
ONE_THIRD = Fraction(1, 3)
FORTY = Fraction(2, 5)
THREE_QUARTERS = Fraction(3, 4)
ONE = Fraction(1)

STANDARD, SDS40, PROGRESSION = "standard", "sds40", "progression"
# Before the progression model, for the tranche comparison: sentences imposed on or after its commencement
# are already under it (CRDS: the model applies to them from sentence), earlier ones under SDS40.
PRE_PROGRESSION = "pre-progression"

# An exclusion marker ending in this applies only to sentences imposed from SDS40 tranche 3 (SI 2024/1331).
T3_SUFFIX = "_T3"

_NAMES = {(1, 2): "one-half", (2, 3): "two-thirds", (1, 3): "one-third", (2, 5): "40%", (1, 1): "the whole"}


def fraction_name(f: Fraction) -> str:
    return _NAMES.get((f.numerator, f.denominator)) or str(f)   # (no Fraction hashing: it is slow)


def excluded_sds40(s: SentenceIn) -> bool:
    """SDS40 exclusion; the tranche 3 exclusions (SI 2024/1331) bite only on sentences from 16 Dec 2024."""
    for x in s.exclusions:
        if x in R.PROGRESSION_EXCLUSIONS:
            continue
        if not x.endswith(T3_SUFFIX) or s.sentenced_at >= R.SDS40_TRANCHE_3:
            return True
    return False


def _sds_fraction(p: SentenceIn, regime: str) -> tuple[Fraction, str]:
    in_model = regime == PROGRESSION and PM.in_model(p)
    if p.sds_plus:
        if in_model:
            return HALF, "PROGRESSION"   # SDS+ at one-half, any length (CRDS release-multiplier SDS_PLUS)
        return TWO_THIRDS, "SDS_PLUS"
    if in_model:
        return ONE_THIRD, "PROGRESSION"
    if regime in (SDS40, PROGRESSION) and not excluded_sds40(p):
        return FORTY, "SDS40"
    return HALF, "SDS_HALF"


def _afine_fraction(p: SentenceIn) -> tuple[Fraction, str]:
    if (p.fine_amount is not None and p.fine_amount >= R.AFINE_FULL_TERM_MIN_AMOUNT
            and p.sentenced_at >= R.AFINE_FULL_TERM_COMMENCEMENT):
        return ONE, "AFINE_FULL"
    return HALF, "AFINE"


def release_fraction(p: SentenceIn, regime: str) -> tuple[Fraction, str]:
    """Fraction of the custodial term served before automatic release, and the rule key."""
    if regime == PRE_PROGRESSION:
        regime = PROGRESSION if p.sentenced_at >= R.PROGRESSION_OCTOBER.tranches[0].commencement else SDS40
    if p.kind == "SDS":
        return _sds_fraction(p, regime)
    if p.kind == "EDS":
        return (TWO_THIRDS, "EDS_AUTOMATIC") if p.eds_automatic else (ONE, "EDS_DISCRETIONARY")
    if p.kind == "SOPC":
        return ONE, _sopc_rule(p)
    if p.kind == "DTO":
        return HALF, "DTO"
    if p.kind == "BOTUS":
        return ONE, "BOTUS"
    if p.kind == "AFINE":
        return _afine_fraction(p)
    raise NotSupported(f"sentence type {p.kind}")


def _sopc_rule(p: SentenceIn) -> str:
    if p.sdopcu18:
        return "SOPC_TERRORIST_U18"
    return "SOPC_HALF" if p.sentenced_at < R.PCSC_COMMENCEMENT else "SOPC_TWO_THIRDS"


def ped_fraction(p: SentenceIn) -> Fraction | None:
    """Parole eligibility: two-thirds of an EDS custodial term (CJA 2003 s.246A); one-half of a SOPC
    imposed before 28 June 2022, two-thirds from then (s.244A as amended by PCSCA 2022) and for a special
    sentence of detention for a terrorist offender under 18 whenever imposed (s.252A; CJA 2003 s.247A)."""
    if p.kind == "EDS" and not p.eds_automatic:
        return TWO_THIRDS
    if p.kind == "SOPC":
        return HALF if _sopc_rule(p) == "SOPC_HALF" else TWO_THIRDS
    return None
