"""Predictor values, their ranges and their bands (pure: no storage).

The thresholds are data (``resources/risk/predictors.toml``, read by ``casebook.risk.data``). A band
is the highest one whose lower bound the value reaches — inclusive ("from") or exclusive ("above":
RSR is medium only above 3.0). Values are compared as exact decimals. A predictor with no published
thresholds (OSP/C, OSP/I) has no computed band: ``band_for`` gives None and only the band as issued
is kept.

Error messages name the predictor and the allowed range, never the value (it is client data).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from casebook.risk.data import BANDS, KINDS, Band, Predictor, _lookup_key, predictors

__all__ = [
    "BANDS", "PREDICTORS", "BandCheck", "band_for", "band_rule", "check_kind", "check_value", "compare",
    "parse_band", "predictor",
]

Number = int | float | Decimal | str


@functools.cache
def _index() -> dict[str, Predictor]:
    out = {}
    for p in predictors().values():
        out[_lookup_key(p.id)] = p
        out[_lookup_key(p.name)] = p
    return out


class _Predictors(Mapping[str, Predictor]):
    """Predictors by id, read on first use. Looking one up ignores case and punctuation and accepts
    the id or the printed name: ``PREDICTORS["OSP/DC"] is PREDICTORS["osp-dc"]``."""

    def __getitem__(self, name: str) -> Predictor:
        if not isinstance(name, str):
            raise KeyError(name)
        found = _index().get(_lookup_key(name))
        if found is None:
            raise KeyError(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(predictors())

    def __len__(self) -> int:
        return len(predictors())


#: Every predictor of both generations, by id (lookups accept any spelling of the id or name).
PREDICTORS: Mapping[str, Predictor] = _Predictors()


def predictor(name: str) -> Predictor:
    """The predictor called ``name``; an unknown name is a ValueError listing them all."""
    try:
        return PREDICTORS[name]
    except KeyError:
        names = ", ".join(p.name for p in predictors().values())
        raise ValueError(f"unknown predictor '{name}': use one of {names}") from None


def _decimal(p: Predictor, value: Number) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{p.name} must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{p.name} must be a number")
    if isinstance(value, str):
        text = value.strip()
        if p.unit.id == "percentage":
            text = text.removesuffix("%").strip()
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?", text):
            raise ValueError(f"{p.name} must be a number")
        return Decimal(text)
    if isinstance(value, int | Decimal):
        try:
            d = Decimal(value)
        except InvalidOperation:  # pragma: no cover - Decimal(int) never fails
            raise ValueError(f"{p.name} must be a number") from None
        if not d.is_finite():
            raise ValueError(f"{p.name} must be a number")
        return d
    if isinstance(value, float):
        return Decimal(str(value))  # 6.9 is 6.9, not 6.9000000000000003552…
    raise ValueError(f"{p.name} must be a number")


def check_value(name: str, value: Number) -> Decimal:
    """``value`` as an exact decimal, or a ValueError naming the range ("OSP/DC must be a whole number
    from 0 to 64 (64-point score)"). Strings are accepted as typed ("76", "6.9", "76%" for a
    percentage)."""
    p = predictor(name)
    d = _decimal(p, value)
    unit = p.unit
    whole = "a whole number " if unit.whole else ""
    if d < unit.min or (unit.max is not None and d > unit.max) or (unit.whole and d != d.to_integral_value()):
        raise ValueError(f"{p.name} must be {whole}{unit.range_text()} ({unit.label})")
    return d


def check_kind(name: str, kind: str | None) -> str | None:
    """``kind`` as "static" / "dynamic" (or None). Refused when it is not one of those, or when the
    predictor is known to come in the other kind only."""
    if kind is None:
        return None
    p = predictor(name)
    k = str(kind).strip().lower()
    if k not in KINDS:
        raise ValueError(f"{p.name} kind must be static or dynamic")
    if p.kinds_confirmed and k not in p.kinds:
        raise ValueError(f"{p.name} is {' or '.join(p.kinds)} only")
    return k


def band_rule(name: str, value: Number) -> Band | None:
    """The band (with its threshold and source wording) that ``value`` falls in, or None when the
    predictor has no published thresholds."""
    p = predictor(name)
    d = check_value(name, value)
    found = None
    for b in p.bands:
        if b.admits(d):
            found = b
    return found


def band_for(name: str, value: Number, kind: str | None = None) -> str | None:
    """The band ('low' | 'medium' | 'high' | 'very high') the published thresholds give ``value``;
    None when the predictor has none. Out-of-range values and wrong kinds are ValueErrors."""
    check_kind(name, kind)
    rule = band_rule(name, value)
    return rule.band if rule else None


_BAND_WORDS = {
    "low": "low", "l": "low",
    "medium": "medium", "med": "medium", "m": "medium",
    "high": "high", "h": "high",
    "very high": "very high", "veryhigh": "very high", "vh": "very high",
}


def parse_band(text: str) -> str:
    """A band as typed or printed ("Very High", "very-high", "VERY_HIGH", "VH", "Med") → its stored
    form ("very high"). Anything else is a ValueError listing the bands."""
    key = re.sub(r"[\s_-]+", " ", str(text).strip().lower())
    if key in _BAND_WORDS:
        return _BAND_WORDS[key]
    raise ValueError(f"unknown band '{str(text).strip()}': use low, medium, high or very high")


@dataclass(frozen=True)
class BandCheck:
    """The band computed from the thresholds beside the band printed on the report."""

    computed: str | None
    issued: str | None
    differs: bool
    message: str
    confirmed: bool = True  # False when the thresholds (or this band's reading) are unconfirmed
    citation: str = ""


def _shown(p: Predictor, d: Decimal) -> str:
    text = format(d, "f")
    if p.unit.id == "percentage":
        return f"{text}%"
    if p.unit.id == "sanctions":
        return f"{text} sanction" + ("" if d == 1 else "s")
    return f"a score of {text}"


def compare(name: str, value: Number, band_as_issued: str | None) -> BandCheck:
    """Set the band on the report beside the band the published thresholds give, in one sentence:
    "Issued as medium; the published thresholds give high for 76% (OGRS3: high from 75, below 90)."."""
    p = predictor(name)
    d = check_value(name, value)
    issued = parse_band(band_as_issued) if band_as_issued not in (None, "") else None
    rule = band_rule(name, d)
    if rule is None:
        msg = (f"Issued as {issued}; " if issued else "") + (
            f"{p.name} has no published thresholds, so Casebook keeps the band as issued.")
        return BandCheck(None, issued, False, msg, confirmed=p.confirmed, citation=p.citation)
    computed = rule.band
    basis = f"{_shown(p, d)} ({p.name}: {p.band_range(rule)})"
    if issued is None:
        msg = f"The published thresholds give {computed} for {basis}."
    elif issued == computed:
        msg = f"Issued as {issued}, as the published thresholds give for {basis}."
    else:
        msg = f"Issued as {issued}; the published thresholds give {computed} for {basis}."
        if issued not in p.band_names:
            msg += f" {p.name} has no {issued} band."
    confirmed = p.confirmed and rule.confirmed
    if not rule.confirmed:
        msg += f" {rule.note}"
    if p.outside_published_range(d):
        msg += f" {p.range_note}"
        confirmed = False
    return BandCheck(computed, issued, issued is not None and issued != computed, msg,
                     confirmed=confirmed, citation=p.citation)
