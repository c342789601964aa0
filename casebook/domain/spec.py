"""Kinds of record by declaration: one :class:`RecordSpec` per table says everything the core needs.

A spec names the table and the domain dataclass, and lists the :class:`Field`\\ s — each with its
parser (raw input → value, ``ValueError`` with an English message), its label, how it is stored
(:class:`Codec`) and whether it is part of the JSON shape. It says which client or matter a record
belongs to, what the full-text search indexes (:class:`Search`), what the audit log keeps when a
record is deleted, and any cross-field checks. From it come:

* validation with every field's error at once (:meth:`RecordSpec.validate` →
  :class:`casebook.errors.ValidationError`, field → message);
* :meth:`RecordSpec.from_row` (a stored row → the dataclass) and :meth:`RecordSpec.to_json` (the
  CLI's JSON shape), :meth:`RecordSpec.to_row` (values → column values);
* the generic store over ``sqlite-utils`` (:class:`casebook.services.records.RecordStore`: insert,
  update, delete, queries, the audit trail with field diffs);
* the search index triggers (:mod:`casebook.store.search_index`) and the backup's row counts.

Pure: no storage, no clock (checks get "today" from the caller), no Qt. The declarations themselves
are in :mod:`casebook.domain.records`.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from casebook.errors import ValidationError

__all__ = [
    "BOOL", "DATE", "DATE_MAP", "INTEGER", "JSON", "TEXT", "Check", "Codec", "Field", "RecordSpec", "Search",
]


# ---------------------------------------------------------------------------- how values are stored
def _json_default(o: Any) -> Any:
    if isinstance(o, _dt.date):
        return o.isoformat()
    raise TypeError(type(o).__name__)


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=_json_default)


def _same(value: Any) -> Any:
    return value


@dataclass(frozen=True)
class Codec:
    """A value ↔ its column value."""

    name: str
    to_db: Callable[[Any], Any]
    from_db: Callable[[Any], Any]


TEXT = Codec("text", _same, _same)
INTEGER = Codec("integer", _same, _same)
BOOL = Codec("bool", lambda v: None if v is None else int(bool(v)), bool)
DATE = Codec("date", lambda v: v.isoformat() if v else None,
             lambda s: _dt.date.fromisoformat(s) if s else None)
#: A list stored as JSON text (none stored: an empty list).
JSON = Codec("json", _dumps, lambda s: json.loads(s or "[]"))
#: ``{"CODE": date}`` stored as JSON text.
DATE_MAP = Codec("date-map", _dumps,
                 lambda s: {k: _dt.date.fromisoformat(v) for k, v in json.loads(s or "{}").items()})


# ---------------------------------------------------------------------------- declaring a record
_MISSING: Any = object()


@dataclass(frozen=True)
class Field:
    """One field of a record (and its column, of the same name).

    ``parse(raw)`` gives the value or raises ``ValueError`` with a message that never echoes the value;
    with ``needs_today`` it is called ``parse(raw, today)``. ``required``: when adding, a field not
    given is parsed from ``""`` (so its parser says what is missing). ``editable=False`` fields
    (the owner's id) are set when adding and never changed by an update.
    """

    name: str
    parse: Callable[..., Any]
    label: str = ""
    codec: Codec = TEXT
    required: bool = False
    editable: bool = True
    needs_today: bool = False

    def read(self, raw: Any, today: _dt.date | None) -> Any:
        return self.parse(raw, today) if self.needs_today else self.parse(raw)


@dataclass
class Check:
    """What a spec's cross-field check sees: the parsed values (only those given, and valid), whether
    the record is new, the record before an update, "today", and :meth:`fail` to report a field."""

    values: dict[str, Any]
    errors: dict[str, str]
    new: bool
    today: _dt.date | None = None
    before: Any = None

    def fail(self, name: str, message: str) -> None:
        self.errors[name] = message

    def value(self, name: str) -> Any:
        """The value after the change: the new one if given, else the stored one."""
        if name in self.values:
            return self.values[name]
        return getattr(self.before, name, None)


@dataclass(frozen=True)
class Search:
    """What the full-text index holds for a record: its ``kind`` (as the search results name it), a
    ``number`` that is unique among kinds and never reused (part of the index's rowid), the ``title``
    column and the ``body`` columns."""

    kind: str
    number: int
    title: str
    body: tuple[str, ...]


def _pick(record: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    """``{"key": record.key}`` for each key, or ``{"key": record.field}`` for ``"key=field"``."""
    out = {}
    for key in keys:
        k, _, name = key.partition("=")
        out[k] = getattr(record, name or k)
    return out


@dataclass(frozen=True)
class RecordSpec:
    """One kind of record. ``client`` / ``matter`` say how a record reaches its client and matter:
    ``"id"`` (it is one), the name of its own column (``"client_id"``), or ``"matter_id"`` for the client
    of a record that belongs to a matter. ``parent`` is the field that must name an existing record of
    ``parent_spec`` when adding. ``unique`` fields may not repeat across records; ``same_parent``
    fields must name another record of this kind with the same parent. ``json`` is the JSON shape:
    keys in order, ``"key=field"`` where the key differs from the field."""

    entity: str
    table: str
    record: type
    fields: tuple[Field, ...]
    json: tuple[str, ...]
    audit_on_delete: tuple[str, ...] = ()
    client: str | None = None
    matter: str | None = None
    parent: str | None = None
    parent_spec: RecordSpec | None = None
    unique: tuple[str, ...] = ()
    same_parent: tuple[str, ...] = ()
    checks: tuple[Callable[[Check], None], ...] = ()
    search: Search | None = None
    order_by: str = "id"
    _by_name: Mapping[str, Field] = field(default_factory=dict, compare=False, repr=False)
    _record_fields: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {f.name: f for f in self.fields})
        object.__setattr__(self, "_record_fields", frozenset(f.name for f in dataclasses.fields(self.record)))
        for key in self.json:
            name = key.partition("=")[2] or key
            if name not in self._record_fields:
                raise TypeError(f"{self.entity}: JSON key {key!r} is not a field of {self.record.__name__}")

    # ------------------------------------------------------------------ fields
    def field(self, name: str) -> Field:
        return self._by_name[name]

    def label(self, name: str) -> str:
        f = self._by_name.get(name)
        return (f.label if f and f.label else name.replace("_", " ").capitalize())

    @property
    def editable(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.editable)

    # ------------------------------------------------------------------ validation
    def validate(self, given: Mapping[str, Any], *, new: bool, today: _dt.date | None = None,
                 before: Any = None) -> tuple[dict[str, Any], dict[str, str]]:
        """Parse ``given`` (field → raw input): ``(values, errors)``. An unknown field raises at once;
        otherwise every field's error is collected (the caller adds its own and raises)."""
        unknown = set(given) - set(self.editable)
        if unknown:
            raise ValidationError({min(unknown): f"is not {_article(self.entity)} field"})
        raw = dict(given)
        if new:
            for f in self.fields:
                if f.required and f.name not in raw:
                    raw[f.name] = ""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for name, value in raw.items():
            try:
                values[name] = self._by_name[name].read(value, today)
            except ValueError as exc:
                errors[name] = str(exc)
        check = Check(values, errors, new, today, before)
        for fn in self.checks:
            fn(check)
        return values, errors

    # ------------------------------------------------------------------ rows and JSON
    def to_row(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Values → column values (dates as ISO text, lists and dicts as JSON, booleans as 0/1)."""
        return {k: self._by_name[k].codec.to_db(v) for k, v in values.items()}

    def from_row(self, row: Mapping[str, Any]) -> Any:
        """A stored row (column → value) → the domain dataclass."""
        kwargs = {}
        for k, v in row.items():
            if k in self._record_fields:
                f = self._by_name.get(k)
                kwargs[k] = f.codec.from_db(v) if f is not None else v
        return self.record(**kwargs)

    def to_json(self, record: Any) -> dict[str, Any]:
        """The JSON shape of a record (dates stay ``date``: the CLI's encoder writes them as ISO text)."""
        return _pick(record, self.json)

    def changes(self, before: Any, values: Mapping[str, Any]) -> dict[str, list]:
        """Field → ``[old, new]`` as stored, for the fields whose stored value changes."""
        out = {}
        for k, v in values.items():
            codec = self._by_name[k].codec
            old, new = codec.to_db(getattr(before, k, None)), codec.to_db(v)
            if old != new:
                out[k] = [old, new]
        return out

    def summary(self, record: Any) -> dict[str, Any]:
        """What the audit log keeps of a deleted record (``audit_on_delete``: keys, or ``"key=field"``)."""
        return _pick(record, self.audit_on_delete)


def _article(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def choice(options: Iterable[str], *, allow_empty: bool = False) -> Callable[[Any], str | None]:
    """A code from ``options`` (a vocabulary); with ``allow_empty``, blank means none."""
    opts = list(options)

    def parse(raw: Any) -> str | None:
        s = (str(raw) if raw is not None else "").strip()
        if not s and allow_empty:
            return None
        if s not in opts:
            raise ValueError("must be one of: " + ", ".join(o for o in opts if o))
        return s

    return parse
