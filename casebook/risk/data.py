"""Risk data shipped with Casebook (``resources/risk/*.toml``), read and validated on load.

Three files, each checked in full when first used, with an error naming the file and the item:

``predictors.toml``
    ``[[scheme]]``: ``id``, ``label``, ``published``, ``citation``, ``confirmed``, ``go_live``, ``note``.
    ``[[unit]]``: ``id``, ``label``, ``min``, ``max`` (omit: no upper limit), ``whole`` (whole numbers
    only). ``[[predictor]]``: ``id`` (kebab-case, stored in casebooks), ``name`` (as printed on reports,
    e.g. "OSP/DC"), ``full_name``, ``generation`` (a scheme id), ``predicts``, ``kinds`` (of
    "static"/"dynamic"), ``kinds_confirmed``, ``replaces`` (names as published), ``replaced_by``
    (predictor ids), ``unit``, ``citation``, ``confirmed``, ``note``, ``published_min`` /
    ``published_max`` / ``range_note`` (where the published table covers less than the unit: a band
    outside it is Casebook's reading, shown as unconfirmed), and its bands in ascending order:
    ``[[predictor.band]]`` with ``band`` ("low" | "medium" | "high" | "very high"), a lower bound that is
    inclusive (``from``) or exclusive (``above``), ``published`` (the table's wording), ``confirmed``,
    ``note``. The first band starts at the unit's minimum. No bands: no published thresholds, so the
    band is never computed and only the band as issued is kept.
``programmes.toml``
    ``[[programme]]``: ``id``, ``name``, ``intensity``, ``audience``, ``maintaining_innocence``
    ("yes" | "no" | "unknown"), ``status``, ``from_year``, ``citation``, ``confirmed``, ``note``.
``vocabulary.toml``
    One table per list (see ``LISTS``) with ``label``, ``citation`` (inherited by its items), ``note`` and
    an ordered ``item`` array: ``id`` (kebab-case), ``label``, optional ``citation``, ``confirmed``,
    ``note``, and list-specific fields kept in ``Term.extra``.

Every item is cited, and an item with ``confirmed = false`` must say why in its ``note``.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from casebook.errors import CasebookError
from casebook.resources import resource_path

__all__ = [
    "BANDS", "KINDS", "LISTS", "Band", "Predictor", "Programme", "RiskDataError", "Scheme", "Term",
    "Unit", "VocabList", "load_predictors", "load_programmes", "load_vocabulary", "normalise",
    "predictors", "programmes", "vocabulary",
]

#: The bands, lowest first, as stored and shown (lower case; "very high" with a space).
BANDS = ("low", "medium", "high", "very high")
KINDS = ("static", "dynamic")
INTENSITIES = ("high", "moderate", "high-and-moderate", "unknown")
PROGRAMME_STATUSES = ("current", "legacy", "withdrawn")
INNOCENCE = ("yes", "no", "unknown")

#: The vocabulary lists, each a table in vocabulary.toml.
LISTS = (
    "author", "tool", "rosh_setting", "rosh_group", "rosh_level", "oasys_section", "pni_outcome",
    "pni_need_level", "mappa_category", "mappa_level", "referral_status", "withdrawal_reason",
    "dmf_stage", "evidence_kind", "allegation_status", "challenge_ground", "challenge_status",
    "escalation_step",
)

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class RiskDataError(CasebookError):
    """The shipped risk data is invalid. The message names the file and the item."""

    exit_code = 1


def normalise(text: str) -> str:
    """Lower case, runs of spaces, hyphens, underscores and slashes made one hyphen: "OSP/DC" →
    "osp-dc", "Very_High" → "very-high"."""
    return re.sub(r"[\s_/-]+", "-", str(text).strip().lower()).strip("-")


@dataclass(frozen=True)
class Scheme:
    id: str
    label: str
    published: str
    citation: str
    confirmed: bool
    go_live: str = ""
    note: str = ""


@dataclass(frozen=True)
class Unit:
    id: str
    label: str
    min: Decimal
    max: Decimal | None
    whole: bool

    def range_text(self) -> str:
        """e.g. "from 0 to 64", "0 or more"."""
        if self.max is None:
            return f"{self.min} or more"
        return f"from {self.min} to {self.max}"


@dataclass(frozen=True)
class Band:
    band: str
    bound: Decimal
    inclusive: bool
    bound_text: str
    published: str
    confirmed: bool = True
    note: str = ""

    def admits(self, value: Decimal) -> bool:
        return value >= self.bound if self.inclusive else value > self.bound

    @property
    def threshold_text(self) -> str:
        """e.g. "high from 75", "medium above 3.0"."""
        return f"{self.band} {'from' if self.inclusive else 'above'} {self.bound_text}"


@dataclass(frozen=True)
class Predictor:
    id: str
    name: str
    full_name: str
    generation: str
    predicts: str
    kinds: tuple[str, ...]
    kinds_confirmed: bool
    replaces: tuple[str, ...]
    replaced_by: tuple[str, ...]
    unit: Unit
    bands: tuple[Band, ...]
    citation: str
    confirmed: bool
    scheme: Scheme
    note: str = ""
    #: The range the published table covers, when narrower than the unit's (OVP and OGP: 1 to 99);
    #: a band for a value outside it is Casebook's reading, explained by ``range_note``.
    published_min: Decimal | None = None
    published_max: Decimal | None = None
    range_note: str = ""

    def outside_published_range(self, value: Decimal) -> bool:
        return ((self.published_min is not None and value < self.published_min)
                or (self.published_max is not None and value > self.published_max))

    @property
    def has_thresholds(self) -> bool:
        return bool(self.bands)

    @property
    def band_names(self) -> tuple[str, ...]:
        return tuple(b.band for b in self.bands)

    def band_range(self, band: Band) -> str:
        """Where ``band`` lies, from the thresholds: "low up to 3.0", "medium above 3.0, below 6.9",
        "high from 75, below 90", "very high from 90"."""
        i = self.bands.index(band)
        parts = []
        if i > 0:
            parts.append(f"{'from' if band.inclusive else 'above'} {band.bound_text}")
        if i + 1 < len(self.bands):
            nxt = self.bands[i + 1]
            parts.append(f"{'below' if nxt.inclusive else 'up to'} {nxt.bound_text}")
        return f"{band.band} {', '.join(parts)}"


@dataclass(frozen=True)
class Programme:
    id: str
    name: str
    intensity: str
    audience: str
    maintaining_innocence: str
    status: str
    citation: str
    confirmed: bool = True
    from_year: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Term:
    """One item of a vocabulary list: a stored id, a label for people, its source."""

    id: str
    label: str
    citation: str
    confirmed: bool = True
    note: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class VocabList:
    name: str
    label: str
    citation: str
    items: tuple[Term, ...]
    note: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.items)

    def get(self, item_id: str) -> Term | None:
        for t in self.items:
            if t.id == item_id:
                return t
        return None

    def parse(self, text: str) -> str:
        """The id for ``text``, given as the id or the label in any case, with spaces, hyphens or
        underscores. Anything else is a ValueError listing the ids."""
        key = normalise(text)
        for t in self.items:
            if key in (t.id, normalise(t.label)):
                return t.id
        raise ValueError(f"unknown {self.label.lower()} '{text}': use one of {', '.join(self.ids)}")


# ------------------------------------------------------------------ checking helpers


class _Reader:
    def __init__(self, path: Path):
        self.path = path

    def err(self, where: str | None, msg: str) -> RiskDataError:
        place = f"{self.path.name}: {where}" if where else self.path.name
        return RiskDataError(f"risk data {place}: {msg}")

    def load(self) -> dict[str, Any]:
        try:
            with self.path.open("rb") as f:
                return tomllib.load(f)
        except OSError as e:
            raise self.err(None, f"cannot be read ({e.strerror})") from e
        except tomllib.TOMLDecodeError as e:
            raise self.err(None, f"is not valid TOML ({e})") from e

    def keys(self, where, raw, allowed: set[str], required: set[str]) -> None:
        if not isinstance(raw, dict):
            raise self.err(where, "must be a table")
        unknown = sorted(set(raw) - allowed)
        if unknown:
            raise self.err(where, f"unknown field(s): {', '.join(unknown)}")
        missing = sorted(k for k in required if k not in raw)
        if missing:
            raise self.err(where, f"'{missing[0]}' is missing")

    def text(self, where, raw, key, *, required=True, choices=None, default="") -> str:
        if key not in raw:
            if required:
                raise self.err(where, f"'{key}' is missing")
            return default
        value = raw[key]
        if not isinstance(value, str) or not value.strip():
            raise self.err(where, f"'{key}' must be non-empty text")
        if choices is not None and value not in choices:
            raise self.err(where, f"'{key}' must be one of {', '.join(choices)} (got '{value}')")
        return value

    def ident(self, where, raw, key="id") -> str:
        value = self.text(where, raw, key)
        if not _ID_RE.match(value):
            raise self.err(where, f"'{key}' must be lower-case kebab-case (got '{value}')")
        return value

    def flag(self, where, raw, key, default=True) -> bool:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            raise self.err(where, f"'{key}' must be true or false")
        return value

    def texts(self, where, raw, key, *, choices=None) -> tuple[str, ...]:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.err(where, f"'{key}' must be a list of text")
        if choices is not None:
            bad = [v for v in value if v not in choices]
            if bad:
                raise self.err(where, f"'{key}' has unknown value(s): {', '.join(bad)}")
        if len(set(value)) != len(value):
            raise self.err(where, f"'{key}' repeats a value")
        return tuple(value)

    def number(self, where, raw, key) -> tuple[Decimal, str]:
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.err(where, f"'{key}' must be a number")
        return Decimal(str(value)), str(value)

    def cited(self, where, citation: str, confirmed: bool, note: str) -> None:
        if not citation.strip():
            raise self.err(where, "has no citation")
        if not confirmed and not note.strip():
            raise self.err(where, "is unconfirmed, so its 'note' must say why")

    @staticmethod
    def unique(items, what, err) -> None:
        seen: set[str] = set()
        for i in items:
            if i in seen:
                raise err(None, f"{what} '{i}' appears twice")
            seen.add(i)


# ------------------------------------------------------------------ predictors

_SCHEME_KEYS = {"id", "label", "published", "citation", "confirmed", "go_live", "note"}
_UNIT_KEYS = {"id", "label", "min", "max", "whole"}
_PREDICTOR_KEYS = {
    "id", "name", "full_name", "generation", "predicts", "kinds", "kinds_confirmed", "replaces",
    "replaced_by", "unit", "citation", "confirmed", "note", "band", "published_min", "published_max",
    "range_note",
}
_BAND_KEYS = {"band", "from", "above", "published", "confirmed", "note"}


def load_predictors(path: Path | None = None) -> dict[str, Predictor]:
    """Every predictor in the file, by id, in file order."""
    r = _Reader(path or resource_path("risk", "predictors.toml"))
    raw = r.load()
    r.keys(None, raw, {"scheme", "unit", "predictor"}, {"scheme", "unit", "predictor"})

    schemes: dict[str, Scheme] = {}
    for s in raw["scheme"]:
        r.keys("a scheme", s, _SCHEME_KEYS, {"id", "label", "published", "citation", "confirmed"})
        sid = r.ident("a scheme", s)
        where = f"scheme '{sid}'"
        scheme = Scheme(
            id=sid, label=r.text(where, s, "label"), published=r.text(where, s, "published"),
            citation=r.text(where, s, "citation"), confirmed=r.flag(where, s, "confirmed"),
            go_live=r.text(where, s, "go_live", required=False),
            note=r.text(where, s, "note", required=False),
        )
        r.cited(where, scheme.citation, scheme.confirmed, scheme.note)
        if sid in schemes:
            raise r.err(where, "appears twice")
        schemes[sid] = scheme

    units: dict[str, Unit] = {}
    for u in raw["unit"]:
        r.keys("a unit", u, _UNIT_KEYS, {"id", "label", "min", "whole"})
        uid = r.ident("a unit", u)
        where = f"unit '{uid}'"
        lo = r.number(where, u, "min")[0]
        hi = r.number(where, u, "max")[0] if "max" in u else None
        if hi is not None and hi <= lo:
            raise r.err(where, "'max' must be above 'min'")
        units[uid] = Unit(uid, r.text(where, u, "label"), lo, hi, r.flag(where, u, "whole"))

    out: dict[str, Predictor] = {}
    keys_seen: dict[str, str] = {}
    for p in raw["predictor"]:
        r.keys("a predictor", p, _PREDICTOR_KEYS,
               {"id", "name", "full_name", "generation", "predicts", "unit", "citation", "confirmed"})
        pid = r.ident("a predictor", p)
        where = f"predictor '{pid}'"
        if pid in out:
            raise r.err(where, "appears twice")
        unit = units.get(r.text(where, p, "unit"))
        if unit is None:
            raise r.err(where, f"'unit' must be one of {', '.join(units)}")
        name = r.text(where, p, "name")
        for k in {_lookup_key(pid), _lookup_key(name)}:
            if k in keys_seen and keys_seen[k] != pid:
                raise r.err(where, f"its name clashes with predictor '{keys_seen[k]}'")
            keys_seen[k] = pid
        bands = _bands(r, where, p.get("band", []), unit)
        pred = Predictor(
            id=pid, name=name, full_name=r.text(where, p, "full_name"),
            generation=r.text(where, p, "generation", choices=tuple(schemes)),
            predicts=r.text(where, p, "predicts"),
            kinds=r.texts(where, p, "kinds", choices=KINDS),
            kinds_confirmed=r.flag(where, p, "kinds_confirmed", default=False),
            replaces=r.texts(where, p, "replaces"), replaced_by=r.texts(where, p, "replaced_by"),
            unit=unit, bands=bands, citation=r.text(where, p, "citation"),
            confirmed=r.flag(where, p, "confirmed"), note=r.text(where, p, "note", required=False),
            scheme=schemes[p["generation"]],
            published_min=r.number(where, p, "published_min")[0] if "published_min" in p else None,
            published_max=r.number(where, p, "published_max")[0] if "published_max" in p else None,
            range_note=r.text(where, p, "range_note", required=False),
        )
        if (pred.published_min is not None or pred.published_max is not None) and not pred.range_note:
            raise r.err(where, "has a published range, so 'range_note' must say how others are read")
        r.cited(where, pred.citation, pred.confirmed, pred.note)
        if not pred.kinds:
            raise r.err(where, "'kinds' must name static, dynamic or both")
        if not bands and not pred.note:
            raise r.err(where, "has no thresholds, so its 'note' must say so")
        out[pid] = pred
    for pred in out.values():
        unknown = [x for x in pred.replaced_by if x not in out]
        if unknown:
            raise r.err(f"predictor '{pred.id}'",
                        f"'replaced_by' names unknown predictor(s): {', '.join(unknown)}")
    return out


def _bands(r: _Reader, where: str, raw: Any, unit: Unit) -> tuple[Band, ...]:
    if not isinstance(raw, list):
        raise r.err(where, "'band' must be an array of tables")
    bands: list[Band] = []
    for i, b in enumerate(raw, 1):
        bw = f"{where} band {i}"
        r.keys(bw, b, _BAND_KEYS, {"band", "published"})
        if ("from" in b) == ("above" in b):
            raise r.err(bw, "give exactly one of 'from' (inclusive) or 'above' (exclusive)")
        key = "from" if "from" in b else "above"
        bound, bound_text = r.number(bw, b, key)
        band = Band(
            band=r.text(bw, b, "band", choices=BANDS), bound=bound, inclusive=key == "from",
            bound_text=bound_text, published=r.text(bw, b, "published"),
            confirmed=r.flag(bw, b, "confirmed"), note=r.text(bw, b, "note", required=False),
        )
        if not band.confirmed and not band.note:
            raise r.err(bw, "is unconfirmed, so its 'note' must say why")
        if bands:
            prev = bands[-1]
            if BANDS.index(band.band) <= BANDS.index(prev.band):
                raise r.err(bw, "bands must go up from low to very high")
            touching = band.bound == prev.bound and prev.inclusive and not band.inclusive
            if band.bound < prev.bound or (band.bound == prev.bound and not touching):
                raise r.err(bw, "each band must start above the one before")
        elif not (band.inclusive and band.bound == unit.min):
            raise r.err(bw, f"the first band must start from the unit's minimum ({unit.min})")
        if unit.max is not None and band.bound > unit.max:
            raise r.err(bw, f"starts above the unit's maximum ({unit.max})")
        bands.append(band)
    return tuple(bands)


def _lookup_key(name: str) -> str:
    """How a predictor is looked up: letters and digits only, lower case ("OSP/DC", "osp-dc" → "ospdc")."""
    return re.sub(r"[^a-z0-9]", "", str(name).lower())


# ------------------------------------------------------------------ programmes

_PROGRAMME_KEYS = {
    "id", "name", "intensity", "audience", "maintaining_innocence", "status", "from_year", "citation",
    "confirmed", "note",
}


def load_programmes(path: Path | None = None) -> tuple[Programme, ...]:
    r = _Reader(path or resource_path("risk", "programmes.toml"))
    raw = r.load()
    r.keys(None, raw, {"programme"}, {"programme"})
    out: list[Programme] = []
    for p in raw["programme"]:
        r.keys("a programme", p, _PROGRAMME_KEYS,
               {"id", "name", "intensity", "audience", "maintaining_innocence", "status", "citation"})
        pid = r.ident("a programme", p)
        where = f"programme '{pid}'"
        year = p.get("from_year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)
                                 or not 1950 < year < 2100):
            raise r.err(where, "'from_year' must be a year like 2017")
        prog = Programme(
            id=pid, name=r.text(where, p, "name"),
            intensity=r.text(where, p, "intensity", choices=INTENSITIES),
            audience=r.text(where, p, "audience"),
            maintaining_innocence=r.text(where, p, "maintaining_innocence", choices=INNOCENCE),
            status=r.text(where, p, "status", choices=PROGRAMME_STATUSES),
            citation=r.text(where, p, "citation"), confirmed=r.flag(where, p, "confirmed"),
            from_year=year, note=r.text(where, p, "note", required=False),
        )
        r.cited(where, prog.citation, prog.confirmed, prog.note)
        out.append(prog)
    r.unique([p.id for p in out], "programme", r.err)
    r.unique([normalise(p.name) for p in out], "programme name", r.err)
    return tuple(out)


# ------------------------------------------------------------------ vocabulary

_LIST_KEYS = {"label", "citation", "note", "item"}
_TERM_KEYS = {"id", "label", "citation", "confirmed", "note"}
#: List-specific fields each item may (and, if listed, must) carry.
_EXTRA = {
    "tool": {"authors"},
    "rosh_group": {"settings"},
    "oasys_section": {"number", "linked_flags"},
    "pni_need_level": {"from", "to"},
    "referral_status": {"next"},
    "evidence_kind": {"stage", "includes"},
    "escalation_step": set(),
}
_OPTIONAL_EXTRA = {"escalation_step": {"respond_within", "event_type"}}


def load_vocabulary(path: Path | None = None) -> dict[str, VocabList]:
    r = _Reader(path or resource_path("risk", "vocabulary.toml"))
    raw = r.load()
    r.keys(None, raw, set(LISTS), set(LISTS))
    out: dict[str, VocabList] = {}
    for name in LISTS:
        lst = raw[name]
        r.keys(f"list '{name}'", lst, _LIST_KEYS, {"label", "citation", "item"})
        label = r.text(f"list '{name}'", lst, "label")
        citation = r.text(f"list '{name}'", lst, "citation")
        items = lst["item"]
        if not isinstance(items, list) or not items:
            raise r.err(f"list '{name}'", "'item' must be a non-empty array of tables")
        extra_keys = _EXTRA.get(name, set())
        optional = _OPTIONAL_EXTRA.get(name, set())
        terms: list[Term] = []
        for it in items:
            r.keys(f"list '{name}'", it, _TERM_KEYS | extra_keys | optional, {"id", "label"} | extra_keys)
            tid = r.ident(f"list '{name}'", it)
            where = f"{name} '{tid}'"
            term = Term(
                id=tid, label=r.text(where, it, "label"),
                citation=r.text(where, it, "citation", required=False, default=citation),
                confirmed=r.flag(where, it, "confirmed"), note=r.text(where, it, "note", required=False),
                extra=MappingProxyType({k: it[k] for k in (extra_keys | optional) if k in it}),
            )
            r.cited(where, term.citation, term.confirmed, term.note)
            terms.append(term)
        r.unique([t.id for t in terms], f"{name} id", r.err)
        r.unique([normalise(t.label) for t in terms], f"{name} label", r.err)
        out[name] = VocabList(name=name, label=label, citation=citation, items=tuple(terms),
                              note=r.text(f"list '{name}'", lst, "note", required=False))
    _cross_check(r, out)
    return out


def _cross_check(r: _Reader, lists: dict[str, VocabList]) -> None:
    def refs(list_name: str, key: str, target: str, *, single: bool = False) -> None:
        allowed = set(lists[target].ids)
        for t in lists[list_name].items:
            value = t.extra.get(key)
            values = [value] if single else value
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                what = "an id" if single else "a list of ids"
                raise r.err(f"{list_name} '{t.id}'", f"'{key}' must be {what}")
            bad = [v for v in values if v not in allowed]
            if bad:
                raise r.err(f"{list_name} '{t.id}'",
                            f"'{key}' names unknown {target} id(s): {', '.join(bad)}")

    refs("tool", "authors", "author")
    refs("rosh_group", "settings", "rosh_setting")
    refs("referral_status", "next", "referral_status")
    refs("evidence_kind", "stage", "dmf_stage", single=True)
    for t in lists["evidence_kind"].items:
        if not isinstance(t.extra["includes"], list):
            raise r.err(f"evidence_kind '{t.id}'", "'includes' must be a list of text")
    numbers = []
    for t in lists["oasys_section"].items:
        n, flags = t.extra["number"], t.extra["linked_flags"]
        if isinstance(n, bool) or not isinstance(n, int) or not isinstance(flags, bool):
            raise r.err(f"oasys_section '{t.id}'",
                        "'number' must be a whole number and 'linked_flags' true or false")
        numbers.append(n)
    if numbers != list(range(1, len(numbers) + 1)):
        raise r.err("list 'oasys_section'", "sections must be numbered 1, 2, 3 … in order")


# ------------------------------------------------------------------ the shipped data, read once


@functools.cache
def predictors() -> Mapping[str, Predictor]:
    return MappingProxyType(load_predictors())


@functools.cache
def programmes() -> tuple[Programme, ...]:
    return load_programmes()


@functools.cache
def vocabulary() -> Mapping[str, VocabList]:
    return MappingProxyType(load_vocabulary())
