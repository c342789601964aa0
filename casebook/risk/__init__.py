"""Risk assessments' shared data and the band engine (pure: no storage, no Qt).

``bands`` turns a predictor's value into its band from the published thresholds and sets it beside
the band printed on the report; ``vocab`` gives the codes for tools, RoSH, OASys sections, programme
referrals, evidence, allegations and challenges; ``data`` reads and validates ``resources/risk/``.
"""

from casebook.risk import vocab
from casebook.risk.bands import (
    BANDS,
    PREDICTORS,
    BandCheck,
    band_for,
    band_rule,
    check_kind,
    check_value,
    compare,
    parse_band,
    predictor,
)
from casebook.risk.data import Band, Predictor, Programme, RiskDataError, Term, VocabList

__all__ = [
    "BANDS", "PREDICTORS", "Band", "BandCheck", "Predictor", "Programme", "RiskDataError", "Term",
    "VocabList", "band_for", "band_rule", "check_kind", "check_value", "compare", "parse_band",
    "predictor", "vocab",
]
