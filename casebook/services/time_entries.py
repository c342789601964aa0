"""Time recorded against a matter (issue 14): each piece of work as a time entry whose minutes are
rounded **up** to whole units (the casebook's unit, default 6 minutes, a setting), or routine letters,
emails and calls as item counts. The record is declared in :mod:`casebook.domain.records`
(``TIME_ENTRIES``); the unit an entry was saved with is kept on it, so changing the setting never
changes work already recorded.
"""

from __future__ import annotations

import json
from typing import Any

from casebook.domain.records import LEGAL_AID, MATTERS, TIME_ENTRIES
from casebook.errors import BadInput, ValidationError
from casebook.legal_aid import engine
from casebook.legal_aid.fields import minutes as _parse_minutes
from casebook.legal_aid.model import TimeEntry
from casebook.services.records import RecordStore

UNIT_SETTING = "legal_aid.unit_minutes"
FEE_EARNER_SETTING = "legal_aid.fee_earner"
ALLOWED_UNITS = (1, 5, 6, 10, 12, 15, 30, 60)


def read_setting(cb, key: str, default: Any) -> Any:
    row = cb.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return default
    try:
        return json.loads(row[0])
    except ValueError:
        return default


def write_setting(cb, audit, key: str, value: Any) -> None:
    with cb.transaction():
        cb.conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, json.dumps(value)))
        audit.record("settings", key, None, {"value": value})


def entry_json(e: TimeEntry) -> dict[str, Any]:
    """An entry's JSON shape: the spec's keys plus ``minutes`` (after rounding to units) and the labels."""
    return {**TIME_ENTRIES.to_json(e), "minutes": e.minutes,
            "activity_label": engine.ACTIVITIES.get(e.activity, e.activity)}


class TimeService(RecordStore):
    def __init__(self, cb, audit) -> None:
        super().__init__(TIME_ENTRIES, cb, audit)

    # ------------------------------------------------------------------ settings
    def unit_minutes(self) -> int:
        """The casebook's unit of time (minutes; default 6)."""
        value = read_setting(self.cb, UNIT_SETTING, engine.DEFAULT_UNIT_MINUTES)
        return value if isinstance(value, int) and value in ALLOWED_UNITS else engine.DEFAULT_UNIT_MINUTES

    def set_unit_minutes(self, minutes: Any) -> int:
        try:
            n = int(str(minutes).strip())
        except ValueError:
            n = 0
        if n not in ALLOWED_UNITS:
            raise BadInput("the unit must be one of " + ", ".join(map(str, ALLOWED_UNITS)) + " minutes")
        write_setting(self.cb, self.audit, UNIT_SETTING, n)
        return n

    def default_fee_earner(self, matter_id: int | None = None) -> str:
        """The matter's fee earner (its legal-aid record), else the casebook's."""
        if matter_id is not None:
            row = self.cb.conn.execute(f"SELECT fee_earner FROM {LEGAL_AID.table} WHERE matter_id = ?",
                                       (matter_id,)).fetchone()
            if row and row[0]:
                return row[0]
        value = read_setting(self.cb, FEE_EARNER_SETTING, "")
        return value if isinstance(value, str) else ""

    def set_default_fee_earner(self, name: str) -> None:
        write_setting(self.cb, self.audit, FEE_EARNER_SETTING, str(name or "").strip())

    # ------------------------------------------------------------------ writing
    def _units(self, fields: dict[str, Any], unit: int) -> None:
        if "minutes_raw" in fields and fields["minutes_raw"] in (None, ""):  # cleared: routine items
            fields["units"] = ""
        elif "minutes_raw" in fields:
            try:
                mins = _parse_minutes(fields["minutes_raw"])
            except ValueError as exc:
                raise ValidationError({"minutes": str(exc)}) from None
            fields["minutes_raw"] = mins
            fields["units"] = engine.units_for(mins, unit)

    def add(self, matter_id: int, activity: str, minutes: Any = None, *, date: Any = None, items: Any = None,
            description: str = "", fee_earner: str | None = None, class_code: str | None = None,
            visit_id: int | None = None) -> int:
        """Record work; ``minutes`` must be a positive whole number, or ``items`` (letters, emails, calls)
        a positive count. Returns the entry's id. Nothing is saved if anything is wrong."""
        unit = self.unit_minutes()
        fields: dict[str, Any] = {
            "activity": activity, "date": date or self.clock.today(), "description": description or "",
            "fee_earner": fee_earner if fee_earner is not None else self.default_fee_earner(matter_id),
            "unit_minutes": unit, "visit_id": visit_id, "class_code": class_code,
        }
        if minutes not in (None, ""):
            fields["minutes_raw"] = minutes
        if items not in (None, ""):
            fields["items"] = items
        self._units(fields, unit)
        return self.create(fields, parent_id=matter_id)

    def update(self, entry_id: int, **fields: Any) -> dict[str, list]:
        """Change an entry; new minutes are rounded with the unit the entry was saved with."""
        if "minutes" in fields:
            fields["minutes_raw"] = fields.pop("minutes")
        if "units" in fields or "unit_minutes" in fields:
            raise BadInput("units follow from the minutes; change the minutes")
        # An entry is minutes or routine items, never both: giving one clears the other.
        if fields.get("items") not in (None, "", 0) and "minutes_raw" not in fields:
            fields["minutes_raw"] = ""
        elif fields.get("minutes_raw") not in (None, "", 0) and "items" not in fields:
            fields["items"] = ""
        self._units(fields, self.get(entry_id).unit_minutes)
        return self.modify(entry_id, fields)

    def remove(self, entry_id: int) -> None:
        self.delete(entry_id)

    # ------------------------------------------------------------------ reading
    def for_matter(self, matter_id: int) -> list[TimeEntry]:
        if not RecordStore(MATTERS, self.cb, self.audit).exists(matter_id):
            from casebook.errors import NotFound

            raise NotFound(f"no matter with id {matter_id}")
        return self.where("matter_id = ?", (matter_id,))

    def for_visit(self, visit_id: int) -> list[TimeEntry]:
        return self.where("visit_id = ?", (visit_id,))

    def totals(self, matter_id: int) -> dict[str, Any]:
        """Minutes (after rounding) per activity, units, and item counts, for a matter."""
        out: dict[str, Any] = {"minutes": {}, "units": 0, "items": {}}
        for e in self.for_matter(matter_id):
            if e.minutes:
                out["minutes"][e.activity] = out["minutes"].get(e.activity, 0) + e.minutes
                out["units"] += e.units
            if e.items:
                out["items"][e.activity] = out["items"].get(e.activity, 0) + e.items
        return out


__all__ = ["ALLOWED_UNITS", "TimeService", "entry_json", "read_setting", "write_setting"]
