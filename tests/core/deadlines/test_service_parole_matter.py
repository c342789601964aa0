"""Issue 12 through the services on a real encrypted casebook: non-working due dates named, the Board's
directions among the deadlines, commencement dates, and a re-release that must follow a recall."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from casebook.errors import BadInput, ValidationError

from .conftest import TODAY

D = dt.date


def _by_rule(deadlines):
    return {d.rule_id: d for d in deadlines}


def test_due_on_christmas_day_is_flagged_with_what_to_do(parole_book):
    s = parole_book.svc
    # Provisional decision Fri 4 Dec 2026 + 21 days = Fri 25 Dec 2026 (Christmas Day).
    s.chronology.add(parole_book.parole, "2026-12-04", "decision-provisional", "No release")
    r28 = _by_rule(s.deadlines.list(parole_book.parole, today=TODAY))["pbr2019-r28-3-reconsideration"]
    assert r28.due == D(2026, 12, 25)
    assert r28.non_working_day == "Christmas Day"
    assert r28.non_working_advice == "falls on Christmas Day — file by 24 December"
    assert r28.as_json()["non_working_day"] == "Christmas Day"


def test_due_on_the_boxing_day_substitute_is_flagged(parole_book):
    s = parole_book.svc
    # Mon 7 Dec 2026 + 21 days = Mon 28 Dec 2026, the substitute day for Boxing Day (a Saturday).
    s.chronology.add(parole_book.parole, "2026-12-07", "decision-provisional", "No release")
    r28 = _by_rule(s.deadlines.list(parole_book.parole, today=TODAY))["pbr2019-r28-3-reconsideration"]
    assert r28.non_working_advice == "falls on Boxing Day (substitute day) — file by 24 December"
    # A working day is not flagged.
    s.chronology.add(parole_book.parole, "2026-11-02", "paper-decision-negative", "MCA: no release")
    r20 = _by_rule(s.deadlines.list(parole_book.parole, today=TODAY))["pbr2019-r20-oral-hearing-application"]
    assert r20.due == D(2026, 11, 30) and r20.non_working_day is None
    assert r20.as_json()["non_working_day"] is None


def test_weekend_and_rolling_leave_the_statutory_date_alone(svc):
    cid = svc.clients.add(name="Cara Example")
    svc.clients.add_sentence(cid, sentence_type="IPP", sentence_date="2008-05-01", minimum_term="P2Y")
    mid = svc.matters.add(cid, "ipp-licence-termination")
    svc.chronology.add(mid, "2022-03-14", "ipp-licence-start", "Released")
    svc.deadlines.set_calendar_settings(roll_non_working=True)
    auto = _by_rule(svc.deadlines.list(mid, today=TODAY))["vpa2024-ipp-automatic-termination"]
    assert auto.due == D(2027, 3, 13) and auto.rolled_from is None  # Saturday, not moved
    assert auto.non_working_day == "Saturday"
    assert "fixed by statute" in auto.non_working_advice


def test_directions_are_deadlines_and_done_through_the_direction(parole_book):
    s = parole_book.svc
    did = s.directions.add(parole_book.parole, text="Secretary of State to serve an updated report",
                           due="2026-12-14", party="Secretary of State")
    ours = s.directions.add(parole_book.parole, text="Representations on the report", due="2026-12-28",
                            party="Prisoner's representative")
    items = {d.id: d for d in s.deadlines.list(parole_book.parole, today=TODAY)}
    theirs, mine = items[f"direction:{did}"], items[f"direction:{ours}"]
    assert theirs.kind == "expected" and mine.kind == "time-limit"
    # Whose it is goes by whole words: "Justice" has "us" in it but is not our side.
    moj = s.directions.add(parole_book.parole, text="Serve the dossier", due="2026-12-14",
                           party="Secretary of State for Justice")
    assert s.deadlines.get(f"direction:{moj}").kind == "expected"
    assert theirs.due == D(2026, 12, 14) and theirs.status == "open"
    assert "r.6" in theirs.citation and theirs.as_json()["rule"] == theirs.citation
    assert mine.non_working_day == "Boxing Day (substitute day)"
    # within the week's window and in the all-matters list
    assert f"direction:{did}" in {d.id for d in s.deadlines.list(within_days=30, today=TODAY)}
    done = s.deadlines.mark_done(f"direction:{did}")
    assert done.status == "done" and s.directions.get(did).status == "complied"
    with pytest.raises(BadInput, match="defer"):
        s.deadlines.override(f"direction:{ours}", "2027-01-04", "extended")
    assert s.deadlines.reopen(f"direction:{did}").status == "open"


def test_commencement_date_brings_sentencing_act_2026_into_force(svc):
    cid = svc.clients.add(name="Dan Example")
    svc.clients.add_sentence(cid, sentence_type="IPP", sentence_date="2008-05-01", minimum_term="P2Y")
    mid = svc.matters.add(cid, "ipp-licence-termination")
    svc.chronology.add(mid, "2025-01-01", "ipp-licence-start", "Released")
    assert not any(d.rule_id.startswith("sa2026") for d in svc.deadlines.list(mid, today=TODAY))
    svc.deadlines.set_commencement("sa2026-s42", "2026-06-01")
    got = {d.rule_id: d.due for d in svc.deadlines.list(mid, today=TODAY)}
    assert got["sa2026-ipp-termination-review"] == D(2027, 1, 1)
    assert "vpa2024-ipp-termination-review" not in got
    with pytest.raises(BadInput, match="sa2026-s42"):
        svc.deadlines.set_commencement("no-such-act", "2026-06-01")
    with pytest.raises(ValidationError):
        svc.deadlines.set_commencement("sa2026-s42", "31/02/2026")
    assert svc.deadlines.commencements() == {"sa2026-s42": D(2026, 6, 1)}
    svc.deadlines.set_commencement("sa2026-s42", None)
    assert svc.deadlines.commencements() == {}


def test_re_release_must_follow_a_recall_and_nothing_is_saved(svc):
    cid = svc.clients.add(name="Eve Example")
    mid = svc.matters.add(cid, "recall-review")
    before = svc.chronology.for_matter(mid)
    with pytest.raises(ValidationError, match="record the recall first"):
        svc.chronology.add(mid, "2025-03-01", "re-release", "Re-released")
    recall = svc.chronology.add(mid, "2025-06-01", "recall", "Recalled")
    with pytest.raises(ValidationError, match="record the recall first"):  # before the recall
        svc.chronology.add(mid, "2025-03-01", "re-release", "Re-released")
    assert [e.id for e in svc.chronology.for_matter(mid)] == [*(e.id for e in before), recall]
    rel = svc.chronology.add(mid, "2025-09-01", "re-release", "Re-released")
    with pytest.raises(ValidationError, match="already re-released on 1 September 2025"):
        svc.chronology.add(mid, "2025-10-01", "re-release", "Again")
    # Moving the re-release to before the recall is refused too, and the stored date is unchanged.
    with pytest.raises(ValidationError):
        svc.chronology.update(rel, date="2025-05-01")
    assert svc.chronology.get(rel).date == D(2025, 9, 1)


def test_deadlines_json_has_non_working_day_for_every_item(parole_book):
    s = parole_book.svc
    s.chronology.add(parole_book.parole, "2026-12-04", "decision-provisional", "No release")
    items = [json.loads(json.dumps(d.as_json(), default=str)) for d in s.deadlines.list(today=TODAY)]
    assert items and all("non_working_day" in i for i in items)


def test_fixed_term_recall_release_date_comes_from_the_release_engine(svc):
    # 28-day fixed-term recall, returned to custody 20 Nov 2026: released at the end of 28 days
    # beginning with that day, 17 Dec 2026 (the release-date engine's PRRD).
    cid = svc.clients.add(name="Fay Example")
    svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="2025-01-10", custodial_term="P2Y",
                             offence="Theft", offence_flags=["SDS40_ELIGIBLE"], recall_type="FTR28",
                             recall_date="2026-11-20")
    mid = svc.matters.add(cid, "recall-review")
    [prrd] = [d for d in svc.deadlines.list(mid, today=TODAY) if d.source == "release"]
    assert (prrd.id, prrd.due, prrd.status, prrd.kind) == (f"prrd:{mid}", D(2026, 12, 17), "open", "expected")
    assert "s.255B" in prrd.citation and "17 December 2026" in prrd.note
    assert svc.deadlines.get(prrd.id).due == D(2026, 12, 17)
    with pytest.raises(BadInput, match="recall"):
        svc.deadlines.mark_done(prrd.id)
    svc.chronology.add(mid, "2026-11-20", "recall", "Recalled")
    svc.chronology.add(mid, "2026-12-17", "re-release", "Released")
    assert svc.deadlines.get(prrd.id).status == "done"
    # A standard recall has no automatic release date.
    other = svc.clients.add(name="Gus Example")
    svc.clients.add_sentence(other, sentence_type="SDS", sentence_date="2025-01-10", custodial_term="P2Y",
                             offence="Theft", offence_flags=["SDS40_ELIGIBLE"], recall_type="STANDARD",
                             recall_date="2026-11-20")
    m2 = svc.matters.add(other, "recall-review")
    assert not [d for d in svc.deadlines.list(m2, today=TODAY) if d.source == "release"]


def test_the_same_question_twice_is_answered_from_memory_until_something_is_written(parole_book):
    s = parole_book.svc
    s.chronology.add(parole_book.parole, "2026-11-02", "paper-decision-negative", "MCA: no release")
    first = s.deadlines.list(today=TODAY)
    calls = []
    real = s.deadlines._list
    s.deadlines._list = lambda *a, **k: calls.append(a) or real(*a, **k)
    assert s.deadlines.list(today=TODAY) == first and calls == []  # from memory
    eid = s.chronology.add(parole_book.parole, "2026-11-20", "decision-provisional", "No release")
    again = s.deadlines.list(today=TODAY)
    assert len(calls) == 1 and any(d.event_id == eid for d in again)  # a write gives a new answer
    s.deadlines.mark_done(next(d.id for d in again if d.event_id == eid))
    assert [d.status for d in s.deadlines.list(today=TODAY) if d.event_id == eid] == ["done"]
