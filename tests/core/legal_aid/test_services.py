"""Legal visits, time and fees through the services on a real SQLCipher casebook (issue 14)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from docx import Document

from casebook.errors import BadInput, ValidationError
from tests.conftest import PASSPHRASE, TEST_TODAY

UTC = dt.UTC


def _at(h: int, m: int = 0, day: dt.date = TEST_TODAY) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, h, m, tzinfo=UTC)  # November: London is on UTC


@pytest.fixture
def matter(svc):
    c = svc.clients.add(name="Ambrose Kettlewell", prison_number="A1234BC")
    return svc.matters.add(c, "parole-review")


def _counts(svc, table: str) -> int:
    return svc.cb.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# ---------------------------------------------------------------------------- time
def test_time_is_rounded_up_to_units_and_keeps_its_unit(svc, matter):
    a = svc.time.add(matter, "preparation", 7, description="Read the dossier")
    assert (svc.time.get(a).minutes_raw, svc.time.get(a).units, svc.time.get(a).minutes) == (7, 2, 12)
    svc.time.set_unit_minutes(10)
    b = svc.time.add(matter, "calls", 11)
    assert svc.time.get(b).minutes == 20
    assert svc.time.get(a).minutes == 12  # already recorded: its own unit
    svc.time.update(a, minutes=13)
    assert svc.time.get(a).minutes == 18
    assert svc.audit.entries(entity="legal_aid.unit_minutes")


@pytest.mark.parametrize("minutes", [0, -6, "six", "1.5", ""])
def test_bad_minutes_save_nothing(svc, matter, minutes):
    before = _counts(svc, "time_entries")
    with pytest.raises(ValidationError) as err:
        svc.time.add(matter, "preparation", minutes)
    assert "minutes" in err.value.message
    assert _counts(svc, "time_entries") == before


def test_routine_items_only_for_letters_emails_and_calls(svc, matter):
    e = svc.time.add(matter, "letters-out", items=3)
    assert (svc.time.get(e).items, svc.time.get(e).minutes) == (3, 0)
    with pytest.raises(ValidationError):
        svc.time.add(matter, "preparation", items=2)
    with pytest.raises(ValidationError):
        svc.time.add(matter, "nonsense", 6)


# ---------------------------------------------------------------------------- UFN
def test_ufn_generated_validated_and_unique(svc, matter):
    other = svc.matters.add(svc.clients.add(name="Barnaby Quillfeather"), "recall-review")
    assert svc.legal_aid.new_ufn("2025-12-21") == "211225/001"
    svc.legal_aid.set(matter, ufn="211225/001")
    assert svc.legal_aid.new_ufn("2025-12-21") == "211225/002"
    with pytest.raises(ValidationError) as err:
        svc.legal_aid.set(other, ufn="211225/001")
    assert "already used" in err.value.message
    for bad in ("21/12/25-001", "311125/001", "271126/001"):
        with pytest.raises(ValidationError):
            svc.legal_aid.set(other, ufn=bad)
    assert svc.legal_aid.for_matter(other) is None
    with pytest.raises(BadInput):
        svc.legal_aid.new_ufn("2026-11-27")  # tomorrow


# ---------------------------------------------------------------------------- fees by UFN date
@pytest.mark.parametrize(("ufn", "scheme", "fixed", "limit"), [
    ("211225/001", "2016", 437.21, 933.93), ("221225/001", "2025", 542.14, 1158.07)])
def test_a_matter_opened_on_21_and_on_22_december_2025(svc, matter, ufn, scheme, fixed, limit):
    svc.legal_aid.set(matter, ufn=ufn)
    svc.legal_aid.open_class(matter, "PRIC", "2025-12-22")
    svc.legal_aid.set_rate(scheme, "letter", str(limit))
    svc.legal_aid.set_rate(scheme, "call", "0.01")
    svc.time.add(matter, "letters-out", items=1, date="2026-01-05")
    d = svc.legal_aid.fees_json(matter)
    assert {k: d[k] for k in ("scheme", "fee_code", "fixed_fee", "costs", "limit", "status")} == {
        "scheme": scheme, "fee_code": "PRIC1", "fixed_fee": fixed, "costs": limit, "limit": limit,
        "status": "fixed-fee"}
    svc.time.add(matter, "calls", items=1, date="2026-01-06")
    d = svc.legal_aid.fees_json(matter)
    assert (d["fee_code"], d["status"]) == ("PRIC2", "higher-standard-fee")


def test_entries_are_allocated_to_the_class_open_on_their_date(svc, matter):
    svc.legal_aid.set(matter, ufn="010126/001")
    svc.legal_aid.open_class(matter, "PRIA", "2026-01-01")
    svc.legal_aid.open_class(matter, "PRIC", "2026-03-01")
    for kind in ("preparation", "attendance"):
        svc.legal_aid.set_rate("2025", kind, "60.00")
    svc.time.add(matter, "preparation", 60, date="2026-02-01")
    svc.time.add(matter, "attendance", 30, date="2026-03-02")
    svc.time.add(matter, "attendance", 6, date="2026-03-03", class_code="PRIA")
    assert svc.legal_aid.fees_json(matter, "PRIA")["costs"] == 66.0
    assert svc.legal_aid.fees_json(matter, "PRIC")["costs"] == 30.0
    assert svc.legal_aid.fees_json(matter)["class"] == "PRIC"  # the one opened last


def test_no_rates_entered_says_so(svc, matter):
    svc.legal_aid.set(matter, ufn="221225/001")
    svc.legal_aid.open_class(matter, "PRIA", "2025-12-22")
    svc.time.add(matter, "preparation", 30)
    d = svc.legal_aid.fees_json(matter)
    assert d["status"] == "rates-needed" and d["missing_rates"] == ["preparation"]
    assert d["rates_confirmed"] is False


# ---------------------------------------------------------------------------- visits
def test_a_visit_survives_closing_the_casebook_and_is_stopped_after_the_restart(svc, matter, fixed_clock,
                                                                                 casebook_path):
    from casebook.services import Services
    from casebook.store import Casebook

    fixed_clock.set(TEST_TODAY, _at(9, 0))
    vid = svc.visits.start(matter, prison="HMP Example", booked_slot="10:00-12:00")
    fixed_clock.set(TEST_TODAY, _at(10, 5))
    svc.visits.switch(vid, "waiting")
    fixed_clock.set(TEST_TODAY, _at(10, 25))
    svc.visits.switch(vid, "consultation")
    svc.visits.set_note(vid, "Discussed the dossier and the psychologist's report.")
    svc.cb.close()  # a lock closes the connection; so does quitting

    book = Casebook.open(casebook_path, PASSPHRASE)
    try:
        again = Services(book, fixed_clock)
        running = again.visits.running()
        assert [v.id for v in running] == [vid] and running[0].timer["phase"] == "consultation"
        fixed_clock.set(TEST_TODAY, _at(11, 40))
        assert again.visits.elapsed(vid)["seconds"] == {"travel": 3900, "waiting": 1200, "consultation": 4500}
        fixed_clock.set(TEST_TODAY, _at(11, 47))
        again.visits.switch(vid, "travel")
        fixed_clock.set(TEST_TODAY, _at(12, 50))
        v = again.visits.stop(vid, mileage="42.5")
        assert (v.status, v.arrived_at, v.consultation_start, v.consultation_end, v.departed_at) == (
            "done", "10:05", "10:25", "11:47", "11:47")
        assert (v.travel_minutes, v.waiting_minutes, v.mileage) == (65 + 63, 20, "42.5")
        entries = {e.activity: e for e in again.time.for_visit(vid)}
        assert {a: (e.minutes_raw, e.minutes) for a, e in entries.items()} == {
            "travel": (128, 132), "waiting": (20, 24), "attendance": (82, 84)}
        assert again.visits.running() == []
        # The note is one of the client's notes, of kind legal-visit, and found by the search.
        note = again.notes.get(v.note_id)
        assert (note.kind, note.matter_id) == ("legal-visit", matter)
        assert any(h.kind == "note" for h in again.search.query("psychologist"))
    finally:
        book.close()


def test_a_visit_cannot_end_before_it_started(svc, matter, fixed_clock):
    fixed_clock.set(TEST_TODAY, _at(14, 0))
    vid = svc.visits.start(matter, phase="consultation")
    with pytest.raises(BadInput):
        svc.visits.stop(vid, _at(13, 59))
    assert svc.visits.get(vid).running and svc.time.for_visit(vid) == []
    before = (_counts(svc, "legal_visits"), _counts(svc, "time_entries"), _counts(svc, "notes"))
    with pytest.raises(ValidationError) as err:
        svc.visits.add(matter, "2026-11-20", consultation_start="11:00", consultation_end="10:30", note="x")
    assert "consultation end" in err.value.message
    assert (_counts(svc, "legal_visits"), _counts(svc, "time_entries"), _counts(svc, "notes")) == before


def test_a_visit_entered_afterwards_becomes_time_entries(svc, matter):
    vid = svc.visits.add(matter, "2026-11-20", prison="HMP Example", arrived_at="09:40",
                         consultation_start="10:02", consultation_end="11:15", departed_at="11:30",
                         travel_minutes=95, waiting_minutes=22, mileage="61", note="Advised on the MCA.")
    entries = {e.activity: (e.minutes_raw, e.minutes, e.date) for e in svc.time.for_visit(vid)}
    day = dt.date(2026, 11, 20)
    assert entries == {"travel": (95, 96, day), "waiting": (22, 24, day), "attendance": (73, 78, day)}
    svc.visits.remove(vid)
    assert svc.time.for_visit(vid) == []


# ---------------------------------------------------------------------------- claims
def _claimable(svc, matter, ufn="221225/001", code="PRIC", closed="2026-10-30"):
    svc.legal_aid.set(matter, ufn=ufn, fee_earner="J. Example")
    svc.legal_aid.open_class(matter, code, "2026-01-05")
    for kind, rate in (("attendance", "60.00"), ("preparation", "60.00"), ("travel", "30.00"),
                       ("waiting", "30.00"), ("letter", "5.00"), ("call", "5.00"), ("advocacy", "70.00")):
        svc.legal_aid.set_rate("2025", kind, rate)
    svc.time.add(matter, "preparation", 55, date="2026-02-01")
    svc.time.add(matter, "travel", 60, date="2026-02-02")
    svc.time.add(matter, "waiting", 30, date="2026-02-02")
    svc.time.add(matter, "letters-out", items=2, date="2026-02-03")
    svc.legal_aid.close_class(matter, code, closed)


def test_the_months_claims_csv_read_back(svc, matter, tmp_path):
    _claimable(svc, matter)
    out = tmp_path / "claims.csv"
    done = svc.legal_aid.export_claims_csv("2026-10", out)
    assert done["rows"] == 1
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1
    r = rows[0]
    assert {k: r[k] for k in ("ufn", "client", "prison_number", "class", "fee_code", "scheme", "closed",
                              "status", "profit_costs", "travel_costs", "waiting_costs", "counted_costs",
                              "fixed_fee", "claim", "form", "letters")} == {
        "ufn": "221225/001", "client": "Ambrose Kettlewell", "prison_number": "A1234BC", "class": "PRIC",
        "fee_code": "PRIC1", "scheme": "2025", "closed": "2026-10-30", "status": "fixed-fee",
        "profit_costs": "70.00", "travel_costs": "30.00", "waiting_costs": "15.00", "counted_costs": "85.00",
        "fixed_fee": "542.14", "claim": "542.14", "form": "", "letters": "2"}
    assert svc.legal_aid.export_claims_csv("2026-11", tmp_path / "none.csv")["rows"] == 0
    with pytest.raises(BadInput):
        svc.legal_aid.export_claims_csv("2026-10", out)  # never over a file without overwrite
    svc.legal_aid.export_claims_csv("2026-10", out, overwrite=True)
    assert len(svc.audit.entries(entity="legal-aid-claims")) == 3


def test_the_word_summary_is_a4_with_the_working(svc, matter, tmp_path):
    _claimable(svc, matter)
    out = tmp_path / "claims.docx"
    svc.legal_aid.export_claims_docx("2026-10", out)
    doc = Document(str(out))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "221225/001" in text and "within the PRIC1 fee limit" in text
    assert doc.tables[0].rows[1].cells[3].text == "PRIC1"


def test_crm4_and_means(svc, matter):
    svc.legal_aid.set(matter, means_passported="yes", means_weekly_income="0", means_capital="£1,250.50",
                      crm1_signed_on="2026-01-05", crm3_applied_on="2026-02-01", crm3_granted_on="2026-02-03")
    la = svc.legal_aid.for_matter(matter)
    assert (la.means_passported, la.means_weekly_income, la.means_capital) == (True, 0, 125050)
    with pytest.raises(ValidationError):
        svc.legal_aid.set(matter, crm3_granted_on="2026-01-01")  # before the application
    pid = svc.legal_aid.add_prior_authority(matter, expert="psychologist", hours="12", hourly_rate="107.64")
    est = svc.legal_aid.crm4_estimate(svc.legal_aid.crm4_store.get(pid))
    assert est.within_auto_grant and str(est.total) == "1291.68"


def test_a_matters_claim_summary_covers_open_classes_too(svc, matter, tmp_path):
    _claimable(svc, matter)
    svc.legal_aid.open_class(matter, "PRIA", "2026-11-01")
    rows = svc.legal_aid.matter_claims(matter)
    assert [(r["class"], r["fee_code"], r["closed"]) for r in rows] == [("PRIC", "PRIC1", "2026-10-30"),
                                                                         ("PRIA", "PRIA", "")]
    out = tmp_path / "summary.docx"
    assert svc.legal_aid.export_matter_docx(matter, out) == {"path": str(out), "rows": 2}
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "claim summary: matter" in text and "PRIA" in text
    assert svc.audit.entries(entity="legal-aid-claim-summary")


def test_an_entry_changed_from_minutes_to_items_and_back_is_one_or_the_other(svc, matter):
    eid = svc.time.add(matter, "letters-out", 30)
    svc.time.update(eid, items=2)
    e = svc.time.get(eid)
    assert (e.minutes_raw, e.units, e.items) == (0, 0, 2)
    svc.time.update(eid, minutes=13)  # 13 minutes in 6-minute units: 3 units
    e = svc.time.get(eid)
    assert (e.minutes_raw, e.units, e.items) == (13, 3, 0)
