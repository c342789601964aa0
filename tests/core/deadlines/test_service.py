"""DeadlineService on a real encrypted casebook: computed from events, user marks, audit, .ics."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from casebook.errors import BadInput, NotFound, ValidationError

from .conftest import TODAY

D = dt.date


def _by_rule(deadlines):
    return {d.rule_id: d for d in deadlines}


def test_paper_refusal_for_lifer_and_sds_recall(parole_book):
    s = parole_book.svc
    e1 = s.chronology.add(parole_book.parole, "2026-11-02", "paper-decision-negative", "MCA: no release")
    e2 = s.chronology.add(parole_book.recall, "2026-11-02", "paper-decision-negative", "MCA: no release")
    lifer = _by_rule(s.deadlines.list(parole_book.parole, today=TODAY))
    assert set(lifer) == {"pbr2019-r20-oral-hearing-application", "pbr2019-r28-reconsideration-paper"}
    r28 = lifer["pbr2019-r28-reconsideration-paper"]
    assert r28.id == f"{e1}:pbr2019-r28-reconsideration-paper"
    assert r28.due == D(2026, 11, 23)
    assert r28.status == "overdue"
    assert r28.days_left == -3
    assert r28.citation == "Parole Board Rules 2019 r.28(3)"
    assert r28.instrument == "SI 2019/1038"
    assert r28.confirmed is True
    assert r28.client_name == "Alan Example"
    assert lifer["pbr2019-r20-oral-hearing-application"].due == D(2026, 11, 30)
    assert lifer["pbr2019-r20-oral-hearing-application"].status == "open"
    recall = _by_rule(s.deadlines.list(parole_book.recall, today=TODAY))
    assert set(recall) == {"pbr2019-r20-oral-hearing-application"}
    skipped = s.deadlines.not_applied(parole_book.recall)
    assert [(n.event_id, n.rule_id) for n in skipped] == [(e2, "pbr2019-r28-reconsideration-paper")]
    assert "SDS" in skipped[0].reason


def test_overdue_first_then_by_due_date_across_clients(parole_book):
    s = parole_book.svc
    s.chronology.add(parole_book.parole, "2026-11-02", "paper-decision-negative")
    s.chronology.add(parole_book.recall, "2026-11-20", "oral-hearing-held")
    got = [(d.due, d.status) for d in s.deadlines.list(today=TODAY)]
    assert got == [
        (D(2026, 11, 23), "overdue"),
        (D(2026, 11, 30), "open"),
        (D(2026, 12, 4), "open"),
    ]


def test_within_days_includes_overdue_and_excludes_done(parole_book):
    s = parole_book.svc
    s.chronology.add(parole_book.parole, "2026-11-02", "paper-decision-negative")
    within3 = s.deadlines.list(within_days=3, today=TODAY)
    assert [d.rule_id for d in within3] == ["pbr2019-r28-reconsideration-paper"]
    within4 = s.deadlines.list(within_days=4, today=TODAY)
    assert [d.due for d in within4] == [D(2026, 11, 23), D(2026, 11, 30)]
    s.deadlines.mark_done(within3[0].id)
    assert [d.due for d in s.deadlines.list(within_days=4, today=TODAY)] == [D(2026, 11, 30)]
    with pytest.raises(BadInput):
        s.deadlines.list(within_days=-1)


def test_editing_and_deleting_the_event_recomputes(parole_book):
    s = parole_book.svc
    ev = s.chronology.add(parole_book.parole, "2026-11-12", "oral-hearing-held")
    (d,) = s.deadlines.list(parole_book.parole, today=TODAY)
    assert d.due == D(2026, 11, 26)
    s.deadlines.mark_done(d.id)
    s.chronology.update(ev, date="2026-11-19")
    (d2,) = s.deadlines.list(parole_book.parole, today=TODAY)
    assert (d2.id, d2.due, d2.status) == (d.id, D(2026, 12, 3), "done")  # the mark follows the id
    s.chronology.delete(ev)
    assert s.deadlines.list(parole_book.parole, today=TODAY) == []
    count = s.cb.conn.execute("SELECT count(*) FROM deadline_state").fetchone()[0]
    assert count == 0  # the mark went with the event (ON DELETE CASCADE)


def test_decision_arriving_closes_the_decision_expected_item(parole_book):
    s = parole_book.svc
    s.chronology.add(parole_book.parole, "2026-11-01", "oral-hearing-held")
    (d,) = s.deadlines.list(parole_book.parole, today=TODAY)
    assert d.status == "overdue"  # due 15 November 2026
    s.chronology.add(parole_book.parole, "2026-11-14", "decision-provisional")
    got = _by_rule(s.deadlines.list(parole_book.parole, today=TODAY))
    assert got["pbr2019-r25-6-decision-due"].status == "done"
    assert got["pbr2019-r25-6-decision-due"].closed_by == "Provisional decision provided on 14 November 2026"
    assert got["pbr2019-r28-3-reconsideration"].due == D(2026, 12, 5)
    assert got["pbr2019-r28-3-reconsideration"].status == "open"


def test_mark_done_reopen_and_audit(parole_book):
    s = parole_book.svc
    ev = s.chronology.add(parole_book.parole, "2026-11-20", "reconsideration-application-served")
    did = f"{ev}:pbr2019-r28-4-response"
    assert s.deadlines.get(did, today=TODAY).status == "open"
    assert s.deadlines.mark_done(did).status == "done"
    assert s.deadlines.reopen(did).status == "open"
    actions = [a.action for a in s.audit.entries(entity="deadline")]
    assert actions[:2] == ["deadline-reopened", "deadline-done"]
    assert s.audit.entries(entity="deadline")[1].detail["deadline"] == did


def test_override_needs_a_reason_and_is_audited(parole_book):
    s = parole_book.svc
    ev = s.chronology.add(parole_book.parole, "2026-11-05", "decision-final")
    did = f"{ev}:pbr2019-r28a-set-aside"
    with pytest.raises(ValidationError) as info:
        s.deadlines.override(did, "2026-12-10", "   ")
    assert "reason" in info.value.errors
    with pytest.raises(ValidationError) as info:
        s.deadlines.override(did, "31/02/2026", "Board extended time")
    assert "due" in info.value.errors
    d = s.deadlines.override(did, "10/12/2026", "Duty member extended time under r.9")
    assert (d.due, d.computed_due, d.overridden) == (D(2026, 12, 10), D(2026, 11, 26), True)
    assert d.override_reason == "Duty member extended time under r.9"
    entry = s.audit.entries(entity="deadline")[0]
    assert entry.action == "deadline-override"
    assert entry.detail["from"] == "2026-11-26"
    assert entry.detail["to"] == "2026-12-10"
    assert entry.detail["reason"] == "Duty member extended time under r.9"
    cleared = s.deadlines.clear_override(did)
    assert (cleared.due, cleared.overridden) == (D(2026, 11, 26), False)


def test_snooze_hides_from_dashboard_lists_until_the_date(parole_book):
    s = parole_book.svc
    ev = s.chronology.add(parole_book.parole, "2026-11-20", "reconsideration-application-served")
    did = f"{ev}:pbr2019-r28-4-response"
    with pytest.raises(ValidationError):
        s.deadlines.snooze(did, TODAY, today=TODAY)
    d = s.deadlines.snooze(did, "2026-11-27", today=TODAY)
    assert d.snoozed_until == D(2026, 11, 27)
    assert s.deadlines.list(include_snoozed=False, today=TODAY) == []
    assert [x.id for x in s.deadlines.list(include_snoozed=False, today=D(2026, 11, 27))] == [did]
    assert s.deadlines.snooze(did, None).snoozed_until is None


def test_bad_and_unknown_ids(parole_book):
    s = parole_book.svc
    with pytest.raises(BadInput):
        s.deadlines.mark_done("nonsense")
    with pytest.raises(NotFound):
        s.deadlines.mark_done("999:pbr2019-r20-oral-hearing-application")
    ev = s.chronology.add(parole_book.parole, "2026-11-20", "note")
    with pytest.raises(NotFound):
        s.deadlines.mark_done(f"{ev}:pbr2019-r20-oral-hearing-application")


def test_calendar_settings_roll_and_bank_holiday_overrides(parole_book):
    s = parole_book.svc
    # 14 Dec 2026 + 14 days = Mon 28 Dec 2026 (Boxing Day substitute bank holiday).
    s.chronology.add(parole_book.parole, "2026-12-14", "oral-hearing-held")
    assert s.deadlines.list(parole_book.parole, today=TODAY)[0].due == D(2026, 12, 28)
    s.deadlines.set_calendar_settings(roll_non_working=True)
    d = s.deadlines.list(parole_book.parole, today=TODAY)[0]
    assert (d.due, d.rolled_from) == (D(2026, 12, 29), D(2026, 12, 28))
    s.deadlines.set_calendar_settings(extra_non_working=["29/12/2026"])
    assert s.deadlines.list(parole_book.parole, today=TODAY)[0].due == D(2026, 12, 30)
    s.deadlines.set_calendar_settings(extra_non_working=[], removed=["2026-12-28"])
    assert s.deadlines.list(parole_book.parole, today=TODAY)[0].due == D(2026, 12, 28)
    settings = s.deadlines.calendar_settings()
    assert (settings.removed, settings.roll_non_working) == ([D(2026, 12, 28)], True)
    with pytest.raises(ValidationError):
        s.deadlines.set_calendar_settings(extra_non_working=["not a date"])
    assert s.audit.entries(entity="deadline-calendar")


def test_closed_matters_are_left_out_of_the_all_matters_list(parole_book):
    s = parole_book.svc
    s.chronology.add(parole_book.parole, "2026-11-20", "reconsideration-application-served")
    s.matters.update(parole_book.parole, status="closed")
    assert s.deadlines.list(today=TODAY) == []
    assert len(s.deadlines.list(parole_book.parole, today=TODAY)) == 1
    assert len(s.deadlines.list(include_closed=True, today=TODAY)) == 1


def test_export_ics(parole_book, tmp_path):
    s = parole_book.svc
    s.chronology.add(parole_book.parole, "2026-11-02", "paper-decision-negative")
    done = s.chronology.add(parole_book.parole, "2026-11-20", "reconsideration-application-served")
    s.deadlines.mark_done(f"{done}:pbr2019-r28-4-response")
    s.chronology.add(parole_book.parole, "2027-03-15", "hearing-listed")
    out = tmp_path / "deadlines.ics"
    n = s.deadlines.export_ics(out, today=TODAY)
    assert n == 5  # r.20, r.28 and the three hearing-listed items; the done r.28(4) is left out
    cal = Calendar.from_ical(out.read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == 5
    starts = sorted(e.decoded("dtstart") for e in events)
    assert starts[0] == D(2026, 11, 23)
    r17 = [e for e in events if "withhold" in str(e.get("summary"))]
    assert len(r17) == 1
    assert r17[0].decoded("dtstart") == D(2027, 1, 18)
    assert r17[0].decoded("dtend") == D(2027, 1, 19)
    assert "UNCONFIRMED" not in str(r17[0].get("summary"))  # r.17(2) read in the revised text
    [prep] = [e for e in events if "Confirm witnesses" in str(e.get("summary"))]
    assert "UNCONFIRMED" in str(prep.get("summary"))  # a practice reminder stays marked
    assert "Alan Example" in str(r17[0].get("summary"))
    assert "r.17(2)" in str(r17[0].get("description"))
    assert len({str(e.get("uid")) for e in events}) == 5
    entry = s.audit.entries(entity="deadlines-ics")[0]
    assert entry.action == "export"
    assert entry.detail["count"] == 5
    # Never overwrites without force.
    before = out.read_bytes()
    with pytest.raises(BadInput, match="already exists"):
        s.deadlines.export_ics(out, today=TODAY)
    assert out.read_bytes() == before
    assert s.deadlines.export_ics(out, today=TODAY, force=True, include_names=False) == 5
    assert b"Alan Example" not in out.read_bytes()
    with pytest.raises(BadInput, match=".ics"):
        s.deadlines.export_ics(tmp_path / "x.txt")


def test_services_attach_the_deadline_service(svc):
    from casebook.services.deadlines import DeadlineService

    assert isinstance(svc.deadlines, DeadlineService)


def test_demo_casebook_has_deadlines_and_only_known_rules(demo_svc):
    from casebook.deadlines import default_rules

    ds = demo_svc.deadlines.list(today=D(2026, 11, 26))
    assert ds
    ids = {r.id for r in default_rules().rules}
    assert all(d.rule_id in ids for d in ds if d.source == "rule")
    assert all(d.citation for d in ds)


def test_get_and_marks_pick_the_right_event_when_a_matter_has_two_of_the_same_type(parole_book):
    s = parole_book.svc
    first = s.chronology.add(parole_book.parole, "2026-11-01", "oral-hearing-held")
    second = s.chronology.add(parole_book.parole, "2026-11-20", "oral-hearing-held")
    assert s.deadlines.get(f"{second}:pbr2019-r25-6-decision-due").due == D(2026, 12, 4)
    assert s.deadlines.get(f"{first}:pbr2019-r25-6-decision-due").due == D(2026, 11, 15)
    s.deadlines.mark_done(f"{second}:pbr2019-r25-6-decision-due")
    got = {d.event_id: d.status for d in s.deadlines.list(parole_book.parole, today=TODAY)}
    assert got == {first: "overdue", second: "done"}
