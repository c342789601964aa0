"""Legal aid on a matter (issue 14): the UFN, CRM1 means and CRM3, the classes of work opened and closed,
CRM4 prior authorities, the hourly rates the user enters, which fee applies with the meter, and the
month's claims (CSV for the LAA's crime-lower submission, and a printable Word summary).

The fee tables are data (``resources/legal_aid``, :mod:`casebook.legal_aid.schemes`); the arithmetic is
the one engine (:mod:`casebook.legal_aid.engine`). The scheme is chosen by the UFN's date: on or
before 21 December 2025 the 2016 scheme, from 22 December 2025 the 2025 scheme.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from casebook.domain.records import (
    CLIENTS,
    LEGAL_AID,
    LEGAL_AID_CLASS_RECORDS,
    LEGAL_AID_RATES,
    MATTERS,
    PRIOR_AUTHORITIES,
)
from casebook.errors import BadInput, NotFound, ValidationError
from casebook.legal_aid import claims as _claims
from casebook.legal_aid import engine
from casebook.legal_aid.model import HourlyRate, LegalAid, LegalAidClass, PriorAuthority
from casebook.legal_aid.schemes import CLASSES, Scheme, SchemeSet, default_schemes
from casebook.services.records import RecordStore
from casebook.services.time_entries import TimeService


def _month(raw: str) -> tuple[_dt.date, _dt.date]:
    try:
        first = _dt.date.fromisoformat(f"{str(raw).strip()}-01")
    except ValueError:
        raise BadInput("the month must be YYYY-MM, e.g. 2026-01") from None
    nxt = _dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, nxt - _dt.timedelta(days=1)


def fee_json(r: engine.FeeResult, matter_id: int | None = None, ufn: str | None = None) -> dict[str, Any]:
    """The ``fees --json`` shape: amounts in pounds as numbers."""
    c = r.costs
    return {
        "matter": matter_id, "ufn": ufn, "class": r.klass, "class_label": CLASSES[r.klass],
        "scheme": r.scheme.id, "fee_code": r.fee_code, "fixed_fee": float(r.fee.fixed_fee),
        "costs": float(c.counted), "limit": float(r.limit), "status": r.status,
        "status_label": engine.STATUSES[r.status], "to_limit": float(r.to_limit),
        "fraction": round(r.fraction, 4), "claim": float(r.claim), "form": r.form,
        "costs_breakdown": {"profit": float(c.profit), "travel": float(c.travel), "waiting": float(c.waiting),
                            "counted": float(c.counted), "total": float(c.total)},
        "minutes": dict(c.minutes), "items": dict(c.items), "missing_rates": sorted(c.missing_rates),
        "rates_confirmed": r.scheme.rates_confirmed, "working": list(r.working),
    }


class LegalAidService(RecordStore):
    """The matter's legal-aid record (``LEGAL_AID``) and everything worked out from it."""

    def __init__(self, cb, audit, time: TimeService, schemes: SchemeSet | None = None) -> None:
        super().__init__(LEGAL_AID, cb, audit)
        self.time = time
        self._schemes = schemes
        self.class_store = RecordStore(LEGAL_AID_CLASS_RECORDS, cb, audit)
        self.rate_store = RecordStore(LEGAL_AID_RATES, cb, audit)
        self.crm4_store = RecordStore(PRIOR_AUTHORITIES, cb, audit)

    @property
    def schemes(self) -> SchemeSet:
        return self._schemes or default_schemes()

    # ------------------------------------------------------------------ the matter's record
    def for_matter(self, matter_id: int) -> LegalAid | None:
        found = self.where("matter_id = ?", (matter_id,))
        return found[0] if found else None

    def set(self, matter_id: int, **fields: Any) -> LegalAid:
        """Create or change the matter's legal-aid record (``ufn``, ``fee_earner``, ``crm1_signed_on``,
        ``means_passported``, ``means_weekly_income`` / ``means_capital`` in pounds, ``means_notes``,
        ``crm3_applied_on``, ``crm3_granted_on``, ``crm3_reference``, ``notes``). A UFN in the wrong form,
        with a date that is not real or in the future, or already used → ValidationError, nothing saved."""
        if not RecordStore(MATTERS, self.cb, self.audit).exists(matter_id):
            raise NotFound(f"no matter with id {matter_id}")
        current = self.for_matter(matter_id)
        if current is None:
            self.create(fields, parent_id=matter_id)
        else:
            self.modify(current.id, fields)
        return self.for_matter(matter_id)  # type: ignore[return-value]

    def new_ufn(self, day: Any = None) -> str:
        """The next free UFN for ``day`` (default today): ``DDMMYY/NNN``, unique for that day here."""
        from casebook.domain.validate import parse_date

        d = parse_date(day) if day not in (None, "") else self.clock.today()
        if d > self.clock.today():
            raise BadInput("a UFN's date is the date of first instruction: it cannot be in the future")
        used = [r[0] for r in self.cb.conn.execute(f"SELECT ufn FROM {LEGAL_AID.table} WHERE ufn LIKE ?",
                                                   (f"{d:%d%m%y}/%",))]
        return engine.next_ufn(d, used)

    def check_ufn(self, ufn: str, matter_id: int | None = None) -> str:
        """A UFN checked (form, real date not in the future, unused elsewhere): the UFN, or BadInput."""
        try:
            value = engine.parse_ufn(ufn, self.clock.today())[0]
        except ValueError as exc:
            raise ValidationError({"ufn": str(exc)}) from None
        row = self.cb.conn.execute(f"SELECT matter_id FROM {LEGAL_AID.table} WHERE ufn = ?",
                                   (value,)).fetchone()
        if row and row[0] != matter_id:
            raise ValidationError({"ufn": f"is already used by matter {row[0]}"})
        return value

    def scheme_for(self, matter_id: int) -> Scheme | None:
        la = self.for_matter(matter_id)
        if la is None or la.ufn_date is None:
            return None
        return self.schemes.for_date(la.ufn_date)

    # ------------------------------------------------------------------ classes of work
    def classes(self, matter_id: int) -> list[LegalAidClass]:
        return self.class_store.where("matter_id = ?", (matter_id,))

    def open_class(self, matter_id: int, code: str, opened_on: Any = None, notes: str = "") -> int:
        """Open class ``code`` (PRIA..PRIE) on the matter (once per matter); returns its id."""
        code = str(code or "").strip().upper()
        if code not in CLASSES:
            raise ValidationError({"class": "must be one of " + ", ".join(CLASSES)})
        if any(c.code == code for c in self.classes(matter_id)):
            raise ValidationError({"class": f"{code} is already open on matter {matter_id}"})
        return self.class_store.create({"code": code, "opened_on": opened_on or self.clock.today(),
                                        "notes": notes}, parent_id=matter_id)

    def _class(self, matter_id: int, code: str) -> LegalAidClass:
        code = str(code or "").strip().upper()
        for c in self.classes(matter_id):
            if c.code == code:
                return c
        raise NotFound(f"class {code} is not open on matter {matter_id}")

    def close_class(self, matter_id: int, code: str, closed_on: Any = None) -> LegalAidClass:
        c = self._class(matter_id, code)
        self.class_store.modify(c.id, {"closed_on": closed_on or self.clock.today()})
        return self._class(matter_id, code)

    def update_class(self, matter_id: int, code: str, **fields: Any) -> dict[str, list]:
        return self.class_store.modify(self._class(matter_id, code).id, fields)

    def remove_class(self, matter_id: int, code: str) -> None:
        self.class_store.delete(self._class(matter_id, code).id)

    # ------------------------------------------------------------------ hourly rates
    def rates(self, scheme_id: str) -> dict[str, Decimal]:
        """The rates entered for a scheme: kind → pounds (per hour; per item for letter / call)."""
        return {r.kind: Decimal(r.rate) for r in self.rate_store.where("scheme = ?", (scheme_id,))}

    def rate_list(self) -> list[HourlyRate]:
        return self.rate_store.where()

    def set_rate(self, scheme_id: str, kind: str, rate: Any, source: str = "") -> int:
        """Enter (or change) a rate; returns its id. The scheme must exist."""
        self.schemes.by_id(str(scheme_id))
        found = self.rate_store.where("scheme = ? AND kind = ?", (str(scheme_id), str(kind).strip().lower()))
        if found:
            self.rate_store.modify(found[0].id, {"rate": rate, "source": source})
            return found[0].id
        return self.rate_store.create({"scheme": str(scheme_id), "kind": kind, "rate": rate,
                                       "source": source})

    # ------------------------------------------------------------------ CRM4
    def add_prior_authority(self, matter_id: int, **fields: Any) -> int:
        return self.crm4_store.create(fields, parent_id=matter_id)

    def prior_authorities(self, matter_id: int) -> list[PriorAuthority]:
        return self.crm4_store.where("matter_id = ?", (matter_id,))

    def crm4_estimate(self, pa: PriorAuthority) -> engine.Crm4Estimate:
        return engine.crm4_estimate(self.schemes, pa.expert, Decimal(pa.hours), Decimal(pa.hourly_rate),
                                    Decimal(pa.travel_hours or "0"))

    # ------------------------------------------------------------------ fees and the meter
    def _allocate(self, matter_id: int) -> dict[str, list]:
        """Each time entry's class: its own, else the class open on its date (the latest opened on or
        before it), else the first class."""
        classes = sorted(self.classes(matter_id), key=lambda c: (c.opened_on, c.id))
        out: dict[str, list] = {c.code: [] for c in classes}
        if not classes:
            return out
        for e in self.time.for_matter(matter_id):
            code = e.class_code if e.class_code in out else None
            if code is None:
                started = [c for c in classes if c.opened_on <= e.date]
                code = (started[-1] if started else classes[0]).code
            out[code].append(e)
        return out

    def fees(self, matter_id: int, code: str | None = None) -> engine.FeeResult:
        """Which fee applies to a class of the matter (default: the class opened last), with the costs so
        far at the rates entered and the meter. Needs a UFN and an open class."""
        la = self.for_matter(matter_id)
        if la is None or not la.ufn:
            if not RecordStore(MATTERS, self.cb, self.audit).exists(matter_id):
                raise NotFound(f"no matter with id {matter_id}")
            raise BadInput(f"matter {matter_id} has no UFN: set it with legalaid set --ufn")
        allocated = self._allocate(matter_id)
        if not allocated:
            raise BadInput(f"matter {matter_id} has no class of work: set it with legalaid set --class")
        if code is None:
            code = max(self.classes(matter_id), key=lambda c: (c.opened_on, c.id)).code
        code = code.strip().upper()
        if code not in allocated:
            raise NotFound(f"class {code} is not open on matter {matter_id}")
        scheme = self.schemes.for_date(la.ufn_date)  # type: ignore[arg-type]
        if scheme is None:
            raise BadInput("the UFN is dated before the first prison-law fee scheme (1 April 2016)")
        work = [engine.Work(e.activity, e.minutes, e.items) for e in allocated[code]]
        costs = engine.costs(work, self.rates(scheme.id))
        try:
            return engine.fee_for(self.schemes, la.ufn_date, code, costs)  # type: ignore[arg-type]
        except ValueError as exc:
            raise BadInput(str(exc)) from None

    def fees_json(self, matter_id: int, code: str | None = None) -> dict[str, Any]:
        la = self.for_matter(matter_id)
        return fee_json(self.fees(matter_id, code), matter_id, la.ufn if la else None)

    def all_fees(self, matter_id: int) -> list[dict[str, Any]]:
        """:meth:`fees_json` for every class of the matter, in the order opened."""
        return [self.fees_json(matter_id, c.code) for c in self.classes(matter_id)]

    # ------------------------------------------------------------------ claims
    def claims(self, month: str) -> list[dict[str, Any]]:
        """One row per class of work closed in ``month`` (YYYY-MM): what to claim, in the columns of
        :data:`casebook.legal_aid.claims.CSV_COLUMNS`."""
        first, last = _month(month)
        closed = self.class_store.where("closed_on BETWEEN ? AND ?", (first.isoformat(), last.isoformat()),
                                        order_by="closed_on, id")
        return self._rows(closed)

    def matter_claims(self, matter_id: int) -> list[dict[str, Any]]:
        """The claim rows of every class of one matter, open or closed (the matter's claim summary)."""
        if not RecordStore(MATTERS, self.cb, self.audit).exists(matter_id):
            raise NotFound(f"no matter with id {matter_id}")
        return self._rows(self.classes(matter_id))

    def _rows(self, classes: list[LegalAidClass]) -> list[dict[str, Any]]:
        rows = []
        for c in classes:
            matter = RecordStore(MATTERS, self.cb, self.audit).get(c.matter_id)
            client = RecordStore(CLIENTS, self.cb, self.audit).get(matter.client_id)
            la = self.for_matter(c.matter_id)
            try:
                r = self.fees(c.matter_id, c.code)
            except BadInput as exc:
                rows.append(_claims.problem_row(c, matter, client, la, exc.message))
                continue
            miles = sum(Decimal(m or "0") for (m,) in self.cb.conn.execute(
                "SELECT mileage FROM legal_visits WHERE matter_id = ? AND date BETWEEN ? AND ?",
                (c.matter_id, c.opened_on.isoformat(), (c.closed_on or _dt.date.max).isoformat())))
            rows.append(_claims.claim_row(c, matter, client, la, r, self._allocate(c.matter_id)[c.code],
                                          f"{miles}" if miles else ""))
        return rows

    def export_claims_csv(self, month: str, out: str | Path, *, overwrite: bool = False) -> dict[str, Any]:
        """Write the month's claims as CSV (whole or not at all; never over a file unless ``overwrite``);
        audited. Returns ``{"path", "rows"}``."""
        from casebook.files import write_file

        rows = self.claims(month)
        path = write_file(out, _claims.to_csv(rows), overwrite)
        self.audit.record("export", "legal-aid-claims", None,
                          {"to": str(path), "month": month, "rows": len(rows), "format": "csv"})
        return {"path": str(path), "rows": len(rows)}

    def export_claims_docx(self, month: str, out: str | Path, *, overwrite: bool = False) -> dict[str, Any]:
        """The month's claims as a printable Word summary (A4), with each claim's working; audited."""
        from casebook.files import write_file

        rows = self.claims(month)
        path = write_file(out, _claims.to_docx(month, rows, self.clock.today()), overwrite)
        self.audit.record("export", "legal-aid-claims", None,
                          {"to": str(path), "month": month, "rows": len(rows), "format": "docx"})
        return {"path": str(path), "rows": len(rows)}

    def export_matter_docx(self, matter_id: int, out: str | Path, *,
                           overwrite: bool = False) -> dict[str, Any]:
        """One matter's claim summary (every class, with the working) as a printable A4 Word file; audited."""
        from casebook.files import write_file

        rows = self.matter_claims(matter_id)
        data = _claims.to_docx("", rows, self.clock.today(),
                               title=f"Legal-aid claim summary: matter {matter_id}",
                               intro="Every class of work on the matter, open or closed")
        path = write_file(out, data, overwrite)
        self.audit.record("export", "legal-aid-claim-summary", matter_id,
                          {"to": str(path), "rows": len(rows), "format": "docx"})
        return {"path": str(path), "rows": len(rows)}

    def claim_summary(self, matter_id: int) -> list[dict[str, Any]]:
        """Per class of the matter: what to claim, with the working (the desktop's claim summary)."""
        return self.all_fees(matter_id)


__all__ = ["LegalAidService", "fee_json"]
