"""The Board's directions (r.6) in a parole matter: add, comply, defer, change, remove; the first due
date kept over deferrals; bad input → the field's message and nothing saved. Real SQLCipher casebooks;
the suite's clock is stopped on 26 November 2026 (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from casebook.errors import BadInput, NotFound, ValidationError

D = dt.date


@pytest.fixture
def matter(svc):
    client = svc.clients.add(name="Ambrose Kettlewell")
    return svc.matters.add(client, "parole-review")


def _counts(svc) -> tuple[int, int]:
    conn = svc.cb.conn
    return (conn.execute("SELECT count(*) FROM directions").fetchone()[0],
            conn.execute("SELECT count(*) FROM audit").fetchone()[0])


def test_add_reads_both_date_forms_and_is_audited(svc, matter):
    a = svc.directions.add(matter, "Updated psychological risk assessment", "2026-12-10",
                           party="psychologist", made_on="20/11/2026")
    b = svc.directions.add(matter, "Secretary of State's view on open conditions", "03/12/2026",
                           party="Secretary of State")
    d = svc.directions.get(a)
    assert (d.text, d.due, d.party, d.made_on, d.status, d.completed_on, d.original_due) == (
        "Updated psychological risk assessment", D(2026, 12, 10), "psychologist", D(2026, 11, 20), "open",
        None, None)
    # earliest due first
    assert [x.id for x in svc.directions.for_matter(matter)] == [b, a]
    [entry] = svc.audit.entries("direction", a)
    assert entry.action == "create" and entry.detail["due"] == "2026-12-10"


def test_done_uses_the_services_clock_unless_given(svc, matter, fixed_clock):
    did = svc.directions.add(matter, "Dossier addendum", "2026-12-01")
    fixed_clock.set(D(2026, 11, 30))
    changed = svc.directions.done(did)
    d = svc.directions.get(did)
    assert (d.status, d.completed_on) == ("complied", D(2026, 11, 30))
    assert set(changed) == {"status", "completed_on"}
    other = svc.directions.add(matter, "Listing questionnaire", "2026-12-04")
    svc.directions.done(other, "2026-11-28")
    assert svc.directions.get(other).completed_on == D(2026, 11, 28)
    # a compliance date in the future is refused
    third = svc.directions.add(matter, "Witness availability", "2026-12-04")
    with pytest.raises(ValidationError) as exc:
        svc.directions.done(third, "2026-12-01")
    assert exc.value.errors == {"completed_on": "cannot be in the future"}
    assert svc.directions.get(third).status == "open"
    # reopening clears the date complied with
    svc.directions.reopen(other)
    assert (svc.directions.get(other).status, svc.directions.get(other).completed_on) == ("open", None)


def test_defer_keeps_the_first_due_date_over_two_deferrals(svc, matter):
    did = svc.directions.add(matter, "Updated OASys", "2026-12-10", party="POM")
    svc.directions.defer(did, "2027-01-14", "Panel chair directions: time extended (r.9)")
    d = svc.directions.get(did)
    assert (d.due, d.original_due, d.status, d.change_reason) == (
        D(2027, 1, 14), D(2026, 12, 10), "deferred", "Panel chair directions: time extended (r.9)")
    svc.directions.defer(did, "28/01/2027", "Hearing adjourned")
    d = svc.directions.get(did)
    assert (d.due, d.original_due, d.change_reason) == (D(2027, 1, 28), D(2026, 12, 10), "Hearing adjourned")
    # the audit log has both dates of each change
    updates = [e for e in svc.audit.entries("direction", did) if e.action == "update"]
    assert json.loads(updates[0].detail["due"]) == ["2027-01-14", "2027-01-28"]
    # a deferred direction that is reopened after compliance goes back to deferred
    svc.directions.done(did)
    svc.directions.reopen(did)
    assert svc.directions.get(did).status == "deferred"


@pytest.mark.parametrize(("to", "reason", "field", "message"), [
    ("", "adjourned", "to", "is required (DD/MM/YYYY)"),
    ("31/02/2027", "adjourned", "to", "is not a real date; use DD/MM/YYYY (or YYYY-MM-DD)"),
    ("2027-01-14", "  ", "reason", "is required"),
    ("2026-12-10", "adjourned", "to", "is the direction's due date already"),
])
def test_bad_deferral_saves_nothing(svc, matter, to, reason, field, message):
    did = svc.directions.add(matter, "Updated OASys", "2026-12-10")
    before = (svc.directions.get(did), _counts(svc))
    with pytest.raises(ValidationError) as exc:
        svc.directions.defer(did, to, reason)
    assert exc.value.errors[field].startswith(message)
    assert (svc.directions.get(did), _counts(svc)) == before


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"text": "Psychology report", "due": ""}, "due", "is required (DD/MM/YYYY)"),
    ({"text": "Psychology report", "due": "2026-13-01"}, "due", "is not a real date"),
    ({"text": "  ", "due": "2026-12-01"}, "text", "is required"),
    ({"text": "Psychology report", "due": "2026-12-01", "made_on": "2026-12-02"}, "made_on",
     "cannot be in the future"),
    ({"text": "Psychology report", "due": "2026-11-01", "made_on": "2026-11-20"}, "due",
     "cannot be before the date the direction was made"),
    ({"text": "Psychology report", "due": "2040-01-01"}, "due", "is more than ten years ahead"),
    ({"text": "Psychology report", "due": "2026-12-01", "status": "finished"}, "status", "must be one of"),
])
def test_bad_direction_is_refused_and_nothing_saved(svc, matter, fields, field, message):
    before = _counts(svc)
    with pytest.raises(ValidationError) as exc:
        svc.directions.add(matter, **fields)
    assert exc.value.errors[field].startswith(message)
    assert _counts(svc) == before


def test_only_parole_matters_and_known_matters(svc):
    client = svc.clients.add(name="Bertram Oakes")
    complaint = svc.matters.add(client, "complaint")
    recall = svc.matters.add(client, "recall-review")
    ipp = svc.matters.add(client, "ipp-licence-termination")
    before = _counts(svc)
    with pytest.raises(BadInput) as exc:
        svc.directions.add(complaint, "x", "2026-12-01")
    assert "is not a parole matter" in exc.value.message and "(Complaint)" in exc.value.message
    with pytest.raises(NotFound):
        svc.directions.add(9999, "x", "2026-12-01")
    assert _counts(svc) == before
    assert svc.directions.add(recall, "Recall dossier addendum", "2026-12-01")
    assert svc.directions.add(ipp, "COM report on licence", "2026-12-01")


def test_update_and_remove(svc, matter):
    did = svc.directions.add(matter, "Updated OASys", "2026-12-10")
    assert svc.directions.update(did, party="COM", notes="chase by email") == {
        "party": ["", "COM"], "notes": ["", "chase by email"]}
    with pytest.raises(ValidationError):
        svc.directions.update(did, due="", party="POM")
    assert svc.directions.get(did).party == "COM"
    # made complied with and no date given: today
    svc.directions.update(did, status="complied", completed_on="")
    assert svc.directions.get(did).completed_on == D(2026, 11, 26)
    svc.directions.remove(did)
    with pytest.raises(NotFound):
        svc.directions.get(did)
    [entry] = [e for e in svc.audit.entries("direction", did) if e.action == "delete"]
    assert entry.detail == {"matter_id": matter, "status": "complied", "due": "2026-12-10"}


def test_deleting_the_matter_deletes_its_directions(svc, matter):
    svc.directions.add(matter, "Updated OASys", "2026-12-10")
    svc.matters.delete(matter)
    assert _counts(svc)[0] == 0
