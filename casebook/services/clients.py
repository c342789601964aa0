"""Clients, their sentences, adjustments and the prison's calculated dates."""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from casebook.domain import (
    ADJUSTMENT_KINDS,
    CATEGORIES,
    DATE_CODES,
    RECALL_TYPES,
    SENTENCE_TYPES,
    Adjustment,
    Client,
    Sentence,
)
from casebook.domain.validate import parse_cro, parse_date, parse_period, parse_pnc, parse_prison_number
from casebook.errors import NotFound, ValidationError
from casebook.services.base import (
    Service,
    Validator,
    choice,
    d,
    int_in,
    optional_text,
    required_text,
)

CLIENT_FIELDS = (
    "name", "aliases", "prison_number", "pnc", "cro", "dob", "prison", "category",
    "mappa_category", "mappa_level", "interpreter", "vulnerability", "prison_dates",
)


def _aliases(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [a for a in raw.replace(";", "\n").splitlines()]
    return [str(a).strip() for a in raw if str(a).strip()]


def _optional(parse):
    def inner(raw):
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        return parse(raw)

    return inner


def _dob(raw: Any, today: _dt.date) -> _dt.date | None:
    v = parse_date(raw, required=False)
    if v is not None:
        if v > today:
            raise ValueError("cannot be in the future")
        if v.year < 1900:
            raise ValueError("is before 1900; please check it")
    return v


def _prison_dates(raw: Any) -> dict[str, _dt.date]:
    if not raw:
        return {}
    if isinstance(raw, str):
        raw = json.loads(raw)
    out: dict[str, _dt.date] = {}
    for code, value in dict(raw).items():
        code = str(code).upper()
        if code not in DATE_CODES:
            raise ValueError(f"unknown date code {code}; use one of {', '.join(DATE_CODES)}")
        parsed = parse_date(value, required=False)
        if parsed is not None:
            out[code] = parsed
    return out


def client_from_row(r: dict) -> Client:
    return Client(
        id=r["id"], name=r["name"], aliases=json.loads(r["aliases"] or "[]"),
        prison_number=r["prison_number"], pnc=r["pnc"], cro=r["cro"], dob=d(r["dob"]),
        prison=r["prison"], category=r["category"], mappa_category=r["mappa_category"],
        mappa_level=r["mappa_level"], interpreter=r["interpreter"], vulnerability=r["vulnerability"],
        prison_dates={k: _dt.date.fromisoformat(v) for k, v in json.loads(r["prison_dates"] or "{}").items()},
        created_at=r["created_at"], updated_at=r["updated_at"],
    )


class ClientService(Service):
    table = "clients"
    entity = "client"

    # ------------------------------------------------------------------ validation
    def _validate(self, fields: dict[str, Any], *, client_id: int | None = None) -> dict[str, Any]:
        unknown = set(fields) - set(CLIENT_FIELDS)
        if unknown:
            raise ValidationError({sorted(unknown)[0]: "is not a client field"})
        v = Validator()
        parsers = {
            "name": required_text,
            "aliases": _aliases,
            "prison_number": _optional(parse_prison_number),
            "pnc": _optional(lambda raw: parse_pnc(raw, today=self.clock.today())),
            "cro": _optional(parse_cro),
            "dob": lambda raw: _dob(raw, self.clock.today()),
            "prison": optional_text,
            "category": choice(CATEGORIES, allow_empty=True),
            "mappa_category": int_in(1, 4),
            "mappa_level": int_in(1, 3),
            "interpreter": optional_text,
            "vulnerability": optional_text,
            "prison_dates": _prison_dates,
        }
        for name, raw in fields.items():
            v.field(name, raw, parsers[name])
        pn = v.values.get("prison_number")
        if pn:
            row = self.conn.execute("SELECT id FROM clients WHERE prison_number = ?", (pn,)).fetchone()
            if row and row[0] != client_id:
                v.fail("prison_number", f"is already used by client {row[0]}")
        v.raise_if_errors()
        return v.values

    # ------------------------------------------------------------------ CRUD
    def add(self, **fields: Any) -> int:
        if "name" not in fields:
            fields["name"] = ""
        values = self._validate(fields)
        return self._insert(values)

    def get(self, client_id: int) -> Client:
        return client_from_row(self._row(client_id))

    def update(self, client_id: int, **fields: Any) -> dict[str, list]:
        before = self.get(client_id)
        values = self._validate(fields, client_id=client_id)
        return self._update(client_id, before, values)

    def delete(self, client_id: int) -> None:
        c = self.get(client_id)
        self._delete(client_id, {"name": c.name, "prison_number": c.prison_number})

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM clients").fetchone()[0])

    def ids(self, filter_text: str = "", limit: int | None = None) -> list[int]:
        """Client ids ordered by name; ``filter_text`` matches name, alias, prison number or prison."""
        sql = "SELECT id FROM clients"
        args: list[Any] = []
        f = filter_text.strip()
        if f:
            like = f"%{f}%"
            sql += " WHERE name LIKE ? OR aliases LIKE ? OR prison_number LIKE ? OR prison LIKE ?"
            args += [like, like, like, like]
        sql += " ORDER BY name COLLATE NOCASE, id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [r[0] for r in self.conn.execute(sql, args).fetchall()]

    def rows(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        """Light rows for list views: id, name, prison number, prison, open matters, next date."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        today = self.clock.today()
        out: dict[int, dict[str, Any]] = {}
        for r in self.conn.execute(
            f"""SELECT c.id, c.name, c.prison_number, c.prison, c.prison_dates,
                       (SELECT count(*) FROM matters m WHERE m.client_id = c.id AND m.status != 'closed')
                FROM clients c WHERE c.id IN ({marks})""",
            ids,
        ):
            dates = json.loads(r[4] or "{}")
            out[r[0]] = {
                "id": r[0], "name": r[1], "prison_number": r[2] or "", "prison": r[3] or "",
                "open_matters": r[5],
                "key_date": _key_date(dates, today),
            }
        return out

    def list(self) -> list[Client]:
        return [self.get(i) for i in self.ids()]

    # ------------------------------------------------------------------ sentences
    def add_sentence(self, client_id: int, **fields: Any) -> int:
        self.get(client_id)
        values = self._validate_sentence(client_id, fields, new=True)
        values["client_id"] = client_id
        return _Sub(self, "sentences", "sentence")._insert(values)

    def update_sentence(self, sentence_id: int, **fields: Any) -> dict[str, list]:
        before = self.get_sentence(sentence_id)
        values = self._validate_sentence(before.client_id, fields, new=False, sentence_id=sentence_id)
        return _Sub(self, "sentences", "sentence")._update(sentence_id, before, values)

    def delete_sentence(self, sentence_id: int) -> None:
        s = self.get_sentence(sentence_id)
        _Sub(self, "sentences", "sentence")._delete(sentence_id, {"client_id": s.client_id, "type": s.sentence_type})

    def get_sentence(self, sentence_id: int) -> Sentence:
        return _sentence_from_row(_Sub(self, "sentences", "sentence")._row(sentence_id))

    def sentences(self, client_id: int) -> list[Sentence]:
        cur = self.conn.execute("SELECT * FROM sentences WHERE client_id = ? ORDER BY sentence_date, id", (client_id,))
        cols = [c[0] for c in cur.description]
        return [_sentence_from_row(dict(zip(cols, r, strict=True))) for r in cur.fetchall()]

    def _validate_sentence(self, client_id: int, fields: dict[str, Any], *, new: bool,
                           sentence_id: int | None = None) -> dict[str, Any]:
        allowed = {"sentence_type", "sentence_date", "offence", "offence_date", "custodial_term",
                   "extension_term", "minimum_term", "consecutive_to", "offence_flags", "recall_type",
                   "recall_date", "notes"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValidationError({sorted(unknown)[0]: "is not a sentence field"})
        v = Validator()
        if new:
            fields.setdefault("sentence_type", "")
            fields.setdefault("sentence_date", "")
        parsers = {
            "sentence_type": choice(SENTENCE_TYPES),
            "sentence_date": lambda x: parse_date(x),
            "offence": lambda x: (x or "").strip(),
            "offence_date": lambda x: parse_date(x, required=False),
            "custodial_term": parse_period,
            "extension_term": parse_period,
            "minimum_term": parse_period,
            "consecutive_to": lambda x: int(x) if x not in (None, "") else None,
            "offence_flags": lambda x: [str(f).strip().upper() for f in (x or []) if str(f).strip()],
            "recall_type": choice(RECALL_TYPES, allow_empty=True),
            "recall_date": lambda x: parse_date(x, required=False),
            "notes": lambda x: (x or "").strip(),
        }
        for name, raw in fields.items():
            v.field(name, raw, parsers[name])
        st = v.values.get("sentence_type")
        if new and st and st not in ("LIFE", "IPP", "DPP") and not v.values.get("custodial_term"):
            v.fail("custodial_term", "is required for a determinate sentence, e.g. P4Y6M")
        if new and st in ("LIFE", "IPP", "DPP") and not v.values.get("minimum_term"):
            v.fail("minimum_term", "is required for a life or IPP sentence (the tariff as pronounced)")
        if new and st in ("EDS", "EDS_AUTO") and not v.values.get("extension_term"):
            v.fail("extension_term", "is required for an extended sentence")
        sd, od = v.values.get("sentence_date"), v.values.get("offence_date")
        if sd and od and od > sd:
            v.fail("offence_date", "cannot be after the sentence date")
        ct = v.values.get("consecutive_to")
        if ct is not None:
            row = self.conn.execute("SELECT client_id FROM sentences WHERE id = ?", (ct,)).fetchone()
            if row is None or row[0] != client_id or ct == sentence_id:
                v.fail("consecutive_to", "must be another sentence of the same client")
        v.raise_if_errors()
        return v.values

    # ------------------------------------------------------------------ adjustments
    def add_adjustment(self, client_id: int, kind: str, days: Any, from_date: Any = None, to_date: Any = None) -> int:
        self.get(client_id)
        v = Validator()
        v.field("kind", kind, choice(ADJUSTMENT_KINDS))
        v.field("days", days, int_in(0, 100_000))
        v.field("from_date", from_date, lambda x: parse_date(x, required=False))
        v.field("to_date", to_date, lambda x: parse_date(x, required=False))
        if v.values.get("days") is None and "days" not in v.errors:
            v.fail("days", "is required")
        f, t = v.values.get("from_date"), v.values.get("to_date")
        if f and t and t < f:
            v.fail("to_date", "cannot be before the from date")
        v.raise_if_errors()
        return _Sub(self, "adjustments", "adjustment")._insert({"client_id": client_id, **v.values})

    def delete_adjustment(self, adjustment_id: int) -> None:
        r = _Sub(self, "adjustments", "adjustment")._row(adjustment_id)
        _Sub(self, "adjustments", "adjustment")._delete(adjustment_id, {"client_id": r["client_id"], "kind": r["kind"]})

    def adjustments(self, client_id: int) -> list[Adjustment]:
        return [
            Adjustment(r[0], r[1], r[2], r[3], d(r[4]), d(r[5]))
            for r in self.conn.execute(
                "SELECT id, client_id, kind, days, from_date, to_date FROM adjustments WHERE client_id = ? ORDER BY id",
                (client_id,),
            )
        ]


class _Sub(Service):
    """The generic insert/update/delete of :class:`Service` for a client's child tables."""

    def __init__(self, parent: Service, table: str, entity: str) -> None:
        super().__init__(parent.cb, parent.audit)
        self.table, self.entity = table, entity


def _sentence_from_row(r: dict) -> Sentence:
    return Sentence(
        id=r["id"], client_id=r["client_id"], sentence_type=r["sentence_type"],
        sentence_date=_dt.date.fromisoformat(r["sentence_date"]), offence=r["offence"],
        offence_date=d(r["offence_date"]), custodial_term=r["custodial_term"],
        extension_term=r["extension_term"], minimum_term=r["minimum_term"],
        consecutive_to=r["consecutive_to"], offence_flags=json.loads(r["offence_flags"] or "[]"),
        recall_type=r["recall_type"], recall_date=d(r["recall_date"]), notes=r["notes"],
    )


def _key_date(dates: dict[str, str], on: _dt.date) -> str:
    """The next parole-relevant date from the prison's sheet on or after ``on``, as 'CODE YYYY-MM-DD'."""
    today = on.isoformat()
    for code in ("TED", "PED", "CRD", "PRRD", "SLED", "SED"):
        v = dates.get(code)
        if v and v >= today:
            return f"{code} {v}"
    return ""


__all__ = ["ClientService", "client_from_row", "NotFound"]
