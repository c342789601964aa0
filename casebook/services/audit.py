"""The append-only audit log (every change and every export). Triggers in the schema refuse any
UPDATE or DELETE on the table.

The log records who did what, when, to which record, which fields changed, and short values (dates,
ids, codes, titles); it never keeps a second copy of the casework itself (issue 15: a ten-year casebook
held 147 MB of note and event text twice). In the entries of a record's change (create, update,
delete), free text — a ``text`` field, or any value longer than :data:`SHORT` characters — is kept as
``"sha256:<hex>"`` of its content, enough to tell whether two versions were the same without holding
either (:func:`digest_value`). Other entries (an export's file, a backup) keep their detail as given.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from typing import Any

from casebook.clock import Clock, as_clock
from casebook.domain import AuditEntry


def to_db(value: Any) -> Any:
    """A detail value as the log keeps it: dates as ISO text, lists and dicts as JSON, booleans as 0/1."""
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True,
                          default=lambda o: o.isoformat() if isinstance(o, _dt.date) else str(o))
    if isinstance(value, bool):
        return int(value)
    return value


#: Longer text values are kept as their SHA-256 (a date, id, code or short title stays as it is).
SHORT = 64
#: Fields that are casework text however short: kept as their SHA-256 (a note's or an event's text).
TEXT_FIELDS = frozenset({"text", "body"})
DIGEST_PREFIX = "sha256:"


def digest_text(value: str) -> str:
    return DIGEST_PREFIX + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def digest_value(key: str, value: Any) -> Any:
    """``value`` of the detail field ``key`` as the log keeps it (:func:`to_db`, with free text as its
    SHA-256). An update's ``[old, new]`` pair is digested element by element."""
    if (isinstance(value, (list, tuple)) and len(value) == 2
            and all(v is None or (isinstance(v, (str, int, float, _dt.date)) and not isinstance(v, bool))
                    for v in value)):
        return json.dumps([_digest_one(key, v) for v in value])
    return _digest_one(key, value)


def _digest_one(key: str, value: Any) -> Any:
    v = to_db(value)
    free_text = isinstance(v, str) and v and (key in TEXT_FIELDS or len(v) > SHORT)
    if free_text and not v.startswith(DIGEST_PREFIX):
        return digest_text(v)
    return v


#: The actions whose detail is a record's values (free text digested); the detail of any other action
#: (an export's file name, a backup's, a count) is kept as given.
RECORD_ACTIONS = frozenset({"create", "update", "delete"})


_ENCODER = json.JSONEncoder(sort_keys=True, default=str)


def audit_detail(detail: dict | None, action: str = "create") -> str:
    """The JSON the log stores for ``detail`` of ``action``.

    A record's values as saved (text, whole numbers, decimals, nothing) are taken as they are or digested
    here, without :func:`digest_value`'s general path (a batch write makes one entry per row: issue 15);
    anything else (a date, a list, an ``[old, new]`` pair) goes through :func:`digest_value`. The result
    is the same either way."""
    if action not in RECORD_ACTIONS:
        return _ENCODER.encode({k: to_db(v) for k, v in (detail or {}).items()})
    out: dict[str, Any] = {}
    for k, v in (detail or {}).items():
        t = type(v)
        if t is str:
            if v and (k in TEXT_FIELDS or len(v) > SHORT) and not v.startswith(DIGEST_PREFIX):
                v = digest_text(v)
        elif v is not None and t is not int and t is not float:
            v = digest_value(k, v)
        out[k] = v
    return _ENCODER.encode(out)


def digest_detail_json(detail_json: str) -> str:
    """An existing entry's detail with its free text replaced by SHA-256, for rewriting entries written
    before issue 15 (a migration calls this per row; it is idempotent)."""
    try:
        detail = json.loads(detail_json or "{}")
    except ValueError:
        return detail_json
    if not isinstance(detail, dict):
        return detail_json
    out = {}
    for k, v in detail.items():
        if isinstance(v, str) and v.startswith("[") and k not in TEXT_FIELDS:
            try:
                pair = json.loads(v)
            except ValueError:
                pair = None
            if isinstance(pair, list) and len(pair) == 2:
                out[k] = digest_value(k, pair)
                continue
        out[k] = _digest_one(k, v)
    return json.dumps(out, sort_keys=True, default=str)


def rewrite_old_entries(conn) -> int:
    """Replace the free text kept by audit entries written before issue 15 with its SHA-256 (the schema's
    triggers refuse UPDATE on ``audit``, so a migration drops and recreates them around this). Returns
    the number of entries changed."""
    changed = 0
    rows = conn.execute("SELECT id, detail FROM audit WHERE length(detail) > ? AND action IN "
                        "('create', 'update', 'delete')", (SHORT,)).fetchall()
    for rid, detail in rows:
        new = digest_detail_json(detail)
        if new != detail:
            conn.execute("UPDATE audit SET detail = ? WHERE id = ?", (new, rid))
            changed += 1
    return changed


class AuditService:
    def __init__(self, cb, clock: Clock | None = None) -> None:
        self.cb = cb
        self.clock = as_clock(clock)

    def record(self, action: str, entity: str, entity_id: int | None, detail: dict | None = None) -> None:
        self.record_many(action, entity, [(entity_id, detail)])

    def record_many(self, action: str, entity: str, entries: list[tuple[int | None, dict | None]]) -> None:
        """One entry per ``(entity_id, detail)``, in one statement (a batch write: one entry per row)."""
        sql = "INSERT INTO audit(at, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?)"
        at = self.clock.now_iso()
        args = [(at, action, entity, eid, audit_detail(detail, action)) for eid, detail in entries]
        if self.cb.conn.in_transaction:  # part of the caller's change: commits or rolls back with it
            self.cb.conn.executemany(sql, args)
            return
        with self.cb.transaction():
            self.cb.conn.executemany(sql, args)

    def entries(self, entity: str | None = None, entity_id: int | None = None,
                limit: int = 500) -> list[AuditEntry]:
        sql = "SELECT id, at, action, entity, entity_id, detail FROM audit"
        where, args = [], []
        if entity:
            where.append("entity = ?")
            args.append(entity)
        if entity_id is not None:
            where.append("entity_id = ?")
            args.append(entity_id)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(limit)
        return [
            AuditEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5] or "{}"))
            for r in self.cb.conn.execute(sql, args).fetchall()
        ]
