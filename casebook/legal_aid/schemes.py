"""The prison-law fee schemes and CRM4 expert limits as dated, cited data (``resources/legal_aid/``).

:func:`load_schemes` reads every ``prison_law_*.toml`` and refuses bad data with a
:class:`LegalAidDataError` naming the file and the item; :func:`default_schemes` is the shipped data,
read once. Pure: no storage, no clock.
"""

from __future__ import annotations

import datetime as _dt
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from casebook.errors import CasebookError

#: The LAA's prison-law classes (fee-code stems) and what each is.
CLASSES: dict[str, str] = {
    "PRIA": "Advice and assistance (free-standing)",
    "PRIB": "Advocacy assistance – disciplinary (adjudication)",
    "PRIC": "Advocacy assistance – Parole Board",
    "PRID": "Advocacy assistance – sentence review",
    "PRIE": "Advocacy assistance – Parole Board reconsideration",
}
BANDS = ("standard", "lower", "higher")
_FEE_KEYS = {"code", "class", "band", "title", "fixed_fee", "fee_limit", "escape_threshold", "citation",
             "confirmed", "note"}
_SCHEME_KEYS = {"id", "name", "effective_from", "effective_to", "instrument", "source", "confirmed", "note"}


class LegalAidDataError(CasebookError):
    """The legal-aid data is invalid. The message names the file and the item."""

    exit_code = 1


@dataclass(frozen=True)
class Fee:
    code: str  # e.g. "PRIC1"
    klass: str  # "PRIC"
    band: str  # "standard" | "lower" | "higher"
    title: str
    fixed_fee: Decimal
    citation: str
    confirmed: bool
    fee_limit: Decimal | None = None  # lower standard fees: above it, the higher standard fee
    escape_threshold: Decimal | None = None  # PRIA and the higher fees: above it, an escape case
    note: str = ""

    @property
    def limit(self) -> Decimal:
        return self.fee_limit if self.fee_limit is not None else self.escape_threshold  # type: ignore[return-value]


@dataclass(frozen=True)
class Scheme:
    id: str  # "2016" | "2025"
    name: str
    effective_from: _dt.date
    effective_to: _dt.date | None
    instrument: str
    source: str
    confirmed: bool
    fees: dict[str, Fee]
    rates_confirmed: bool = False
    rates_note: str = ""
    note: str = ""
    source_file: str = field(default="", compare=False)

    def applies_to(self, day: _dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def fees_for(self, klass: str) -> list[Fee]:
        """The class's fees in order: ``[standard]`` or ``[lower, higher]``."""
        order = {b: i for i, b in enumerate(BANDS)}
        return sorted((f for f in self.fees.values() if f.klass == klass), key=lambda f: order[f.band])


@dataclass(frozen=True)
class Expert:
    id: str
    title: str
    hourly_rates: tuple[Decimal, ...]
    max_hours: int | None
    confirmed: bool


@dataclass(frozen=True)
class ExpertLimits:
    experts: dict[str, Expert]
    travel_rate: Decimal
    travel_max_hours: int
    effective_from: _dt.date
    citation: str
    source: str
    confirmed: bool
    note: str


@dataclass(frozen=True)
class SchemeSet:
    schemes: tuple[Scheme, ...]
    experts: ExpertLimits | None = None

    def by_id(self, sid: str) -> Scheme:
        for s in self.schemes:
            if s.id == sid:
                return s
        raise LegalAidDataError(f"no fee scheme '{sid}'")

    def for_date(self, day: _dt.date) -> Scheme | None:
        """The scheme for a UFN dated ``day`` (``None`` before the first one)."""
        for s in self.schemes:
            if s.applies_to(day):
                return s
        return None


# ---------------------------------------------------------------------------- parsing
def _err(path: Path, item: str | None, msg: str) -> LegalAidDataError:
    where = f"{path.name}: {item}" if item else path.name
    return LegalAidDataError(f"legal-aid data {where}: {msg}")


def _money(path: Path, item: str, raw: dict, key: str, *, required: bool = True) -> Decimal | None:
    if key not in raw:
        if required:
            raise _err(path, item, f"'{key}' is missing")
        return None
    value = raw[key]
    if not isinstance(value, str):
        raise _err(path, item, f"'{key}' must be an amount in pounds written as text, e.g. \"437.21\"")
    try:
        d = Decimal(value)
    except InvalidOperation:
        raise _err(path, item, f"'{key}' is not an amount") from None
    if not d.is_finite() or d <= 0 or d != d.quantize(Decimal("0.01")) or d.as_tuple().exponent != -2:
        raise _err(path, item, f"'{key}' must be a positive amount with two decimals (pence)")
    return d


def _text(path: Path, item: str | None, raw: dict, key: str, *, required: bool = True) -> str:
    if key not in raw:
        if required:
            raise _err(path, item, f"'{key}' is missing")
        return ""
    v = raw[key]
    if not isinstance(v, str) or not v.strip():
        raise _err(path, item, f"'{key}' must be non-empty text")
    return v.strip()


def _bool(path: Path, item: str | None, raw: dict, key: str) -> bool:
    if not isinstance(raw.get(key), bool):
        raise _err(path, item, f"'{key}' must be true or false")
    return raw[key]


def _date(path: Path, item: str | None, raw: dict, key: str, *, required: bool = True) -> _dt.date | None:
    if key not in raw:
        if required:
            raise _err(path, item, f"'{key}' is missing")
        return None
    v = raw[key]
    if not isinstance(v, _dt.date) or isinstance(v, _dt.datetime):
        raise _err(path, item, f"'{key}' must be a TOML date (YYYY-MM-DD)")
    return v


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _err(path, None, f"cannot be read ({exc})") from None


def _parse_fee(path: Path, raw: dict) -> Fee:
    if not isinstance(raw, dict):
        raise _err(path, None, "each [[fee]] must be a table")
    code = _text(path, "a fee", raw, "code")
    item = f"fee '{code}'"
    extra = sorted(set(raw) - _FEE_KEYS)
    if extra:
        raise _err(path, item, f"unknown key(s): {', '.join(extra)}")
    klass = _text(path, item, raw, "class")
    if klass not in CLASSES:
        raise _err(path, item, f"'class' must be one of {', '.join(CLASSES)}")
    band = _text(path, item, raw, "band")
    if band not in BANDS:
        raise _err(path, item, f"'band' must be one of {', '.join(BANDS)}")
    expected = klass if band == "standard" else klass + ("1" if band == "lower" else "2")
    if code != expected:
        raise _err(path, item, f"a {band} fee of class {klass} has the code {expected}")
    fee = Fee(
        code=code, klass=klass, band=band, title=_text(path, item, raw, "title"),
        fixed_fee=_money(path, item, raw, "fixed_fee"),  # type: ignore[arg-type]
        fee_limit=_money(path, item, raw, "fee_limit", required=False),
        escape_threshold=_money(path, item, raw, "escape_threshold", required=False),
        citation=_text(path, item, raw, "citation"), confirmed=_bool(path, item, raw, "confirmed"),
        note=_text(path, item, raw, "note", required=False),
    )
    if band == "lower":
        if fee.fee_limit is None or fee.escape_threshold is not None:
            raise _err(path, item, "a lower standard fee has a 'fee_limit' and no 'escape_threshold'")
    elif fee.escape_threshold is None or fee.fee_limit is not None:
        raise _err(path, item, "this fee has an 'escape_threshold' and no 'fee_limit'")
    if fee.limit <= fee.fixed_fee:
        raise _err(path, item, "the limit must be more than the fixed fee")
    return fee


def _parse_scheme(path: Path, data: dict) -> Scheme:
    extra = sorted(set(data) - {"scheme", "fee", "hourly_rates"})
    if extra:
        raise _err(path, None, f"unexpected top-level key(s): {', '.join(extra)}")
    head = data.get("scheme")
    if not isinstance(head, dict):
        raise _err(path, None, "[scheme] is missing")
    sid = _text(path, "[scheme]", head, "id")
    extra = sorted(set(head) - _SCHEME_KEYS)
    if extra:
        raise _err(path, "[scheme]", f"unknown key(s): {', '.join(extra)}")
    fees: dict[str, Fee] = {}
    items = data.get("fee")
    if not isinstance(items, list) or not items:
        raise _err(path, None, "no [[fee]] tables")
    for raw in items:
        fee = _parse_fee(path, raw)
        if fee.code in fees:
            raise _err(path, f"fee '{fee.code}'", "is declared twice")
        fees[fee.code] = fee
    for klass in CLASSES:
        bands = sorted(f.band for f in fees.values() if f.klass == klass)
        if bands not in (["standard"], ["higher", "lower"]):
            raise _err(path, f"class '{klass}'",
                       "needs one standard fee, or a lower and a higher standard fee")
        if bands == ["higher", "lower"]:
            lower, higher = fees[klass + "1"], fees[klass + "2"]
            if higher.fixed_fee <= lower.fixed_fee:
                raise _err(path, f"fee '{higher.code}'",
                           "the higher standard fee must be more than the lower")
    rates = data.get("hourly_rates")
    if not isinstance(rates, dict):
        raise _err(path, None, "[hourly_rates] is missing (say whether rates are confirmed)")
    rates_confirmed = _bool(path, "[hourly_rates]", rates, "confirmed")
    if not rates_confirmed and not rates.get("note"):
        raise _err(path, "[hourly_rates]", "unconfirmed rates need a 'note' saying why")
    frm = _date(path, "[scheme]", head, "effective_from")
    to = _date(path, "[scheme]", head, "effective_to", required=False)
    if to is not None and to < frm:  # type: ignore[operator]
        raise _err(path, "[scheme]", "'effective_to' is before 'effective_from'")
    h = "[scheme]"
    return Scheme(
        id=sid, name=_text(path, h, head, "name"), effective_from=frm, effective_to=to,  # type: ignore[arg-type]
        instrument=_text(path, h, head, "instrument"), source=_text(path, h, head, "source"),
        confirmed=_bool(path, h, head, "confirmed"), fees=fees, rates_confirmed=rates_confirmed,
        rates_note=str(rates.get("note", "")).strip(), note=_text(path, h, head, "note", required=False),
        source_file=path.name,
    )


def _parse_experts(path: Path, data: dict) -> ExpertLimits:
    src = data.get("source")
    if not isinstance(src, dict):
        raise _err(path, None, "[source] is missing")
    experts: dict[str, Expert] = {}
    for raw in data.get("expert", []):
        eid = _text(path, "an expert", raw, "id")
        item = f"expert '{eid}'"
        rates = raw.get("hourly_rates")
        if not isinstance(rates, list) or not rates:
            raise _err(path, item, "'hourly_rates' must be a list of amounts")
        parsed = tuple(_money(path, item, {"rate": r}, "rate") for r in rates)
        hours = raw.get("max_hours")
        if hours is not None and (not isinstance(hours, int) or isinstance(hours, bool) or hours <= 0):
            raise _err(path, item, "'max_hours' must be a positive whole number")
        if eid in experts:
            raise _err(path, item, "is declared twice")
        experts[eid] = Expert(eid, _text(path, item, raw, "title"), parsed, hours,  # type: ignore[arg-type]
                              _bool(path, item, raw, "confirmed"))
    travel = data.get("travel")
    if not isinstance(travel, dict):
        raise _err(path, None, "[travel] is missing")
    return ExpertLimits(
        experts=experts, travel_rate=_money(path, "[travel]", travel, "hourly_rate"),  # type: ignore[arg-type]
        travel_max_hours=int(travel.get("max_hours", 0)),
        effective_from=_date(path, "[source]", src, "effective_from"),  # type: ignore[arg-type]
        citation=_text(path, "[source]", src, "citation"), source=_text(path, "[source]", src, "source"),
        confirmed=_bool(path, "[source]", src, "confirmed"),
        note=_text(path, "[source]", src, "note", required=False),
    )


def load_schemes(folder: Path | str | None = None) -> SchemeSet:
    """Read and check every ``prison_law_*.toml`` (and ``crm4_expert_limits.toml`` if present) in
    ``folder`` (default: the shipped ``resources/legal_aid``). The schemes' date ranges must follow
    each other with no gap and no overlap, and only the last may be open-ended."""
    if folder is None:
        from casebook.resources import resource_path

        folder = resource_path("legal_aid")
    folder = Path(folder)
    paths = sorted(folder.glob("prison_law_*.toml"))
    if not paths:
        raise LegalAidDataError(f"legal-aid data: no prison_law_*.toml in {folder}")
    schemes = sorted((_parse_scheme(p, _read(p)) for p in paths), key=lambda s: s.effective_from)
    seen: set[str] = set()
    for prev, nxt in zip(schemes, schemes[1:], strict=False):
        path = Path(folder, nxt.source_file)
        if prev.effective_to is None:
            raise _err(Path(folder, prev.source_file), "[scheme]",
                       f"is open-ended but scheme {nxt.id} follows it")
        if nxt.effective_from != prev.effective_to + _dt.timedelta(days=1):
            raise _err(path, "[scheme]", f"must start the day after scheme {prev.id} ends")
    for s in schemes:
        if s.id in seen:
            raise _err(Path(folder, s.source_file), "[scheme]", f"id '{s.id}' is used twice")
        seen.add(s.id)
    experts_path = folder / "crm4_expert_limits.toml"
    experts = _parse_experts(experts_path, _read(experts_path)) if experts_path.is_file() else None
    return SchemeSet(tuple(schemes), experts)


@lru_cache(maxsize=1)
def default_schemes() -> SchemeSet:
    return load_schemes()


__all__ = ["BANDS", "CLASSES", "Expert", "ExpertLimits", "Fee", "LegalAidDataError", "Scheme", "SchemeSet",
           "default_schemes", "load_schemes"]
