"""The month's claims: one row per class of work closed in the month, as CSV for the LAA's crime-lower
monthly submission and as a printable Word summary (A4) with each claim's working. Pure: rows in,
bytes out.

The LAA's own bulk-upload layout for crime lower was not checked (UNCONFIRMED): the CSV holds the
figures a practitioner keys into it — UFN, client, class and fee code, dates, profit / travel /
waiting costs, the fixed fee or escape claim, the form (CRM18 when escaped), units and routine items.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from typing import Any

from casebook.domain.dates import uk_date
from casebook.legal_aid import engine
from casebook.legal_aid.schemes import CLASSES

CSV_COLUMNS = (
    "ufn", "client", "prison_number", "matter", "class", "fee_code", "scheme", "opened", "closed",
    "fee_earner", "profit_costs", "travel_costs", "waiting_costs", "counted_costs", "fixed_fee", "limit",
    "status", "claim", "form", "units", "minutes", "letters", "calls", "mileage", "problem",
)


def _pounds(d: Any) -> str:
    return f"{d:.2f}" if d is not None else ""


def _base(c, matter, client, la) -> dict[str, Any]:
    return {
        "ufn": (la.ufn if la else "") or "", "client": client.name,
        "prison_number": client.prison_number or "",
        "matter": matter.id, "class": c.code, "opened": c.opened_on.isoformat(),
        "closed": c.closed_on.isoformat() if c.closed_on else "", "fee_earner": la.fee_earner if la else "",
    }


def claim_row(c, matter, client, la, r: engine.FeeResult, entries, mileage: str = "") -> dict[str, Any]:
    """A claim's row (every column of :data:`CSV_COLUMNS`; amounts as pounds text) and its working."""
    mine = list(entries)  # the class's entries (allocated by the service)
    row = dict.fromkeys(CSV_COLUMNS, "")
    row.update(_base(c, matter, client, la))
    row.update({
        "fee_code": r.fee_code, "scheme": r.scheme.id, "profit_costs": _pounds(r.costs.profit),
        "travel_costs": _pounds(r.costs.travel), "waiting_costs": _pounds(r.costs.waiting),
        "counted_costs": _pounds(r.costs.counted), "fixed_fee": _pounds(r.fee.fixed_fee),
        "limit": _pounds(r.limit), "status": r.status, "claim": _pounds(r.claim), "form": r.form,
        "units": sum(e.units for e in mine) if mine else 0,
        "minutes": sum(r.costs.minutes.values()),
        "letters": r.costs.items.get("letter", 0), "calls": r.costs.items.get("call", 0),
        "mileage": mileage,
    })
    row["_working"] = list(r.working)
    return row


def problem_row(c, matter, client, la, problem: str) -> dict[str, Any]:
    row = dict.fromkeys(CSV_COLUMNS, "")
    row.update(_base(c, matter, client, la))
    row["problem"] = problem
    row["_working"] = []
    return row


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.DictWriter(buf, fieldnames=list(CSV_COLUMNS), extrasaction="ignore", lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return buf.getvalue().encode("utf-8-sig")


def to_docx(month: str, rows: list[dict[str, Any]], today: _dt.date, *, title: str | None = None,
            intro: str | None = None) -> bytes:
    """A printable A4 summary: a table of the month's claims (or ``title``'s), then each claim's working."""
    from docx import Document
    from docx.shared import Mm, Pt

    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin = section.bottom_margin = Mm(18)
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(title or f"Prison-law legal-aid claims: {month}", level=1)
    what = intro or "Classes of work closed in the month"
    doc.add_paragraph(f"Prepared on {uk_date(today)}. {what}; amounts in "
                      "pounds, VAT-exclusive. Hourly rates are those entered in Casebook (check them "
                      "against your contract); fixed fees and limits from the LAA's fee scheme data.")
    cols = ("ufn", "client", "class", "fee_code", "counted_costs", "travel_costs", "claim", "status", "form")
    heads = ("UFN", "Client", "Class", "Fee code", "Profit + waiting", "Travel", "Claim", "Status", "Form")
    table = doc.add_table(rows=1, cols=len(cols))
    table.style = "Table Grid"
    for cell, h in zip(table.rows[0].cells, heads, strict=True):
        cell.text = h
    for r in rows:
        cells = table.add_row().cells
        for cell, k in zip(cells, cols, strict=True):
            value = r.get(k, "")
            if k == "status" and r.get("problem"):
                value = "not worked out"
            cell.text = str(value)
    total = sum(float(r["claim"]) for r in rows if r.get("claim"))
    doc.add_paragraph(f"{len(rows)} claim(s); fixed fees and escape claims together: £{total:,.2f} "
                      "(plus travel and disbursements where claimable).")
    for r in rows:
        doc.add_heading(f"{r['ufn'] or 'No UFN'} — {r['client']} — {r['class']} "
                        f"({CLASSES.get(r['class'], '')})", level=2)
        if r.get("problem"):
            doc.add_paragraph(f"Not worked out: {r['problem']}")
            continue
        for step in r.get("_working", []):
            doc.add_paragraph(step, style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


__all__ = ["CSV_COLUMNS", "claim_row", "problem_row", "to_csv", "to_docx"]
