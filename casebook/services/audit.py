"""The append-only audit log (every change and every export). Triggers in the schema refuse any
UPDATE or DELETE on the table."""

from __future__ import annotations

import datetime as _dt
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


class AuditService:
    def __init__(self, cb, clock: Clock | None = None) -> None:
        self.cb = cb
        self.clock = as_clock(clock)

    def record(self, action: str, entity: str, entity_id: int | None, detail: dict | None = None) -> None:
        payload = json.dumps({k: to_db(v) for k, v in (detail or {}).items()}, sort_keys=True, default=str)
        sql = "INSERT INTO audit(at, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?)"
        args = (self.clock.now_iso(), action, entity, entity_id, payload)
        if self.cb.conn.in_transaction:  # part of the caller's change: commits or rolls back with it
            self.cb.conn.execute(sql, args)
            return
        with self.cb.transaction():
            self.cb.conn.execute(sql, args)

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
