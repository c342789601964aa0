"""Shared plumbing for the services: timestamps, JSON columns, field validation, auditing."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from casebook.errors import NotFound, ValidationError


def to_db(value: Any) -> Any:
    """Python value → column value (dates as ISO text, lists/dicts as JSON)."""
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True, default=_json_default)
    if isinstance(value, bool):
        return int(value)
    return value


def _json_default(o):
    if isinstance(o, _dt.date):
        return o.isoformat()
    raise TypeError(type(o).__name__)


def d(value: str | None) -> _dt.date | None:
    return _dt.date.fromisoformat(value) if value else None


class Validator:
    """Collects per-field errors so a form can show them all at once; nothing is saved if any."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}
        self.values: dict[str, Any] = {}

    def field(self, name: str, raw: Any, parse: Callable[[Any], Any] | None = None) -> Any:
        try:
            value = parse(raw) if parse else raw
        except ValueError as exc:
            self.errors[name] = str(exc)
            return None
        self.values[name] = value
        return value

    def fail(self, name: str, message: str) -> None:
        self.errors[name] = message

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def optional_text(raw: Any) -> str | None:
    if raw is None:
        return None
    s = str(raw).strip()
    return s or None


def required_text(raw: Any) -> str:
    s = (str(raw) if raw is not None else "").strip()
    if not s:
        raise ValueError("is required")
    return s


def choice(options: Iterable[str], *, allow_empty: bool = False) -> Callable[[Any], str | None]:
    opts = list(options)

    def parse(raw: Any) -> str | None:
        s = (str(raw) if raw is not None else "").strip()
        if not s and allow_empty:
            return None
        if s not in opts:
            raise ValueError("must be one of: " + ", ".join(o for o in opts if o))
        return s

    return parse


def int_in(lo: int, hi: int) -> Callable[[Any], int | None]:
    def parse(raw: Any) -> int | None:
        if raw in (None, ""):
            return None
        try:
            n = int(raw)
        except (TypeError, ValueError):
            raise ValueError(f"must be a whole number from {lo} to {hi}") from None
        if not lo <= n <= hi:
            raise ValueError(f"must be from {lo} to {hi}")
        return n

    return parse


def changes(before: Any, after: dict[str, Any]) -> dict[str, list]:
    """Field → [old, new] for the audit log (values as stored)."""
    out = {}
    for k, v in after.items():
        old = getattr(before, k, None) if before is not None else None
        if dataclasses.is_dataclass(before) or before is not None:
            if to_db(old) != to_db(v):
                out[k] = [to_db(old), to_db(v)]
    return out


class Service:
    """Base: holds the open casebook and the audit service."""

    table: str = ""
    entity: str = ""

    def __init__(self, cb, audit) -> None:
        self.cb = cb
        self.audit = audit

    @property
    def clock(self):
        """The casebook's one clock (shared with the audit log)."""
        return self.audit.clock

    @property
    def conn(self):
        return self.cb.conn

    def _row(self, id_: int):
        cur = self.conn.execute(f"SELECT * FROM {self.table} WHERE id = ?", (id_,))
        row = cur.fetchone()
        if row is None:
            raise NotFound(f"no {self.entity} with id {id_}")
        return dict(zip([c[0] for c in cur.description], row, strict=True))

    def _insert(self, values: dict[str, Any]) -> int:
        stamp = self.clock.now_iso()
        record = {k: to_db(v) for k, v in values.items()}
        record.update(created_at=stamp)
        if self.table != "adjustments":
            record.update(updated_at=stamp)
        cols = list(record)  # column names come from our own field lists, never from user input
        sql = (f"INSERT INTO {self.table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
               "RETURNING id")
        with self.cb.transaction():
            new_id = self.conn.execute(sql, [record[c] for c in cols]).fetchone()[0]
            self.audit.record("create", self.entity, new_id, {k: record[k] for k in values})
        return int(new_id)

    def _update(self, id_: int, before: Any, values: dict[str, Any]) -> dict[str, list]:
        diff = changes(before, values)
        if not diff:
            return {}
        record = {k: to_db(values[k]) for k in diff}
        record["updated_at"] = self.clock.now_iso()
        sets = ", ".join(f"{c} = ?" for c in record)
        with self.cb.transaction():
            self.conn.execute(f"UPDATE {self.table} SET {sets} WHERE id = ?", [*record.values(), id_])
            self.audit.record("update", self.entity, id_, diff)
        return diff

    def _delete(self, id_: int, summary: dict[str, Any]) -> None:
        with self.cb.transaction():
            self.conn.execute(f"DELETE FROM {self.table} WHERE id = ?", (id_,))
            self.audit.record("delete", self.entity, id_, summary)
