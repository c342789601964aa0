"""The programme-access log, allegations and challenges through the services: the HMPPS status
sequence, every step's deadline through the deadlines engine (hand-worked dates), bad input saving
nothing, the audit trail and search.

The suite runs on 26 November 2026 (tests/conftest.py). Months are counted by the corresponding-date
rule the engine uses (Dodds v Walker [1981] 1 WLR 1027; casebook.deadlines.calendar.add_months)."""

from __future__ import annotations

import datetime as dt

import pytest

from casebook.errors import NotFound, ValidationError
from casebook.services.challenges import STEP_EVENTS, step_event_type

TABLES = ("programme_referrals", "referral_status", "allegations", "challenges", "challenge_steps",
          "challenge_evidence", "challenge_events", "events", "audit")


def counts(svc) -> dict[str, int]:
    return {t: svc.cb.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def people(svc):
    a = svc.clients.add(name="Ambrose Kettlewell")
    b = svc.clients.add(name="Bertram Oakes")
    ma = svc.matters.add(a, "parole-review", title="Review 2026")
    mb = svc.matters.add(b, "parole-review", title="Review 2026")
    return a, b, ma, mb


# ---------------------------------------------------------------------------- programmes
def test_a_referral_follows_the_hmpps_sequence(svc, people):
    a, *_ = people
    rid = svc.programmes.refer(a, "kaizen", "2026-01-10")
    assert [h.status for h in svc.programmes.history(rid)] == ["submitted"]
    svc.programmes.set_status(rid, "Awaiting assessment", "2026-02-01")
    svc.programmes.set_status(rid, "assessment-started", "2026-03-01")
    svc.programmes.set_status(rid, "suitable-but-not-ready", "2026-03-20", "no places this year")
    data = svc.programmes.as_json(svc.programmes.get(rid))
    assert (data["programme"], data["name"], data["status"]) == ("kaizen", "Kaizen", "suitable-but-not-ready")
    assert data["history"][-1] == {"status": "suitable-but-not-ready", "date": dt.date(2026, 3, 20),
                                   "reason": "no places this year"}
    created = [e.entity for e in svc.audit.entries() if e.action == "create"]  # newest first
    assert created[:5] == ["referral-status"] * 4 + ["programme-referral"]


def test_a_status_the_sequence_does_not_allow_is_refused_saying_which_are(svc, people):
    a, *_ = people
    rid = svc.programmes.refer(a, "Horizon", "2026-01-10")
    before = counts(svc)
    with pytest.raises(ValidationError) as exc:
        svc.programmes.set_status(rid, "on-programme", "2026-02-01")
    assert exc.value.message.startswith("status: cannot follow submitted; allowed next: awaiting-assessment")
    svc.programmes.set_status(rid, "awaiting-assessment", "2026-02-01")
    svc.programmes.set_status(rid, "not-eligible", "2026-02-02")
    with pytest.raises(ValidationError, match="ends the referral"):
        svc.programmes.set_status(rid, "on-programme", "2026-03-01")
    with pytest.raises(ValidationError, match="^status: unknown"):
        svc.programmes.set_status(rid, "finished", "2026-03-01")
    assert counts(svc)["referral_status"] == before["referral_status"] + 2


@pytest.mark.parametrize(("date", "message"), [
    ("2026-01-09", "date: cannot be before the previous status (2026-01-10)"),
    ("2026-11-27", "date: cannot be in the future"),
    ("yesterday", "date: "),
])
def test_a_status_date_is_not_before_the_last_nor_in_the_future(svc, people, date, message):
    a, *_ = people
    rid = svc.programmes.refer(a, "kaizen", "2026-01-10")
    before = counts(svc)
    with pytest.raises(ValidationError) as exc:
        svc.programmes.set_status(rid, "awaiting-assessment", date)
    assert exc.value.message.startswith(message)
    assert counts(svc) == before
    svc.programmes.set_status(rid, "awaiting-assessment", "2026-11-26")  # today is fine


def test_an_unknown_programme_lists_the_close_matches_and_saves_nothing(svc, people):
    a, *_ = people
    before = counts(svc)
    with pytest.raises(ValidationError) as exc:
        svc.programmes.refer(a, "Kaizan", "2026-01-10")
    assert exc.value.message == "programme: is not in the catalogue; did you mean: Kaizen"
    with pytest.raises(ValidationError, match="date: cannot be in the future"):
        svc.programmes.refer(a, "kaizen", "2026-12-01")
    with pytest.raises(NotFound):
        svc.programmes.refer(9999, "kaizen", "2026-01-10")
    assert counts(svc) == before


# ---------------------------------------------------------------------------- allegations
def test_allegations_are_recorded_with_a_pearce_status_and_searched(svc, people):
    a, b, ma, mb = people
    aid = svc.allegations.add(a, matter_id=ma, text="Said to have threatened a neighbour in 2019",
                              source="Police intelligence report", page="4", status="Unproven, with some "
                              "factual basis")
    got = svc.allegations.get(aid)
    assert (got.status, got.page, got.matter_id) == ("unproven-some-basis", 4, ma)
    svc.allegations.set_status(aid, "no-factual-basis")
    assert svc.allegations.get(aid).status == "no-factual-basis"
    assert [h.kind for h in svc.search.query("neighbour")] == ["allegation"]
    before = counts(svc)
    for bad, field in (({"matter_id": mb}, "matter"), ({"page": "0"}, "page"), ({"page": "ii"}, "page"),
                       ({"status": "likely"}, "status")):
        fields = {"text": "x", "source": "s", "status": "disputed", **bad}
        with pytest.raises(ValidationError) as exc:
            svc.allegations.add(a, **fields)
        assert exc.value.message.startswith(field + ":")
    assert counts(svc) == before


# ---------------------------------------------------------------------------- challenges
def _challenge(svc, matter, **extra):
    fields = dict(assertion="Mr K has never engaged with psychology", source="OASys 2026", page="12",
                  paragraph="R6.2", ground="factual-error",
                  position="He completed 14 sessions of one-to-one work")
    fields.update(extra)
    return svc.challenges.add(matter, **fields)


def test_a_challenge_is_saved_with_the_same_clients_evidence_audited_and_searched(svc, people):
    a, b, ma, mb = people
    ea = svc.evidence.add(a, kind="one-to-one-work", date="2026-05-01", title="Psychology sessions")
    eb = svc.evidence.add(b, kind="behaviour", date="2026-05-01", title="Enhanced")
    before = counts(svc)
    with pytest.raises(ValidationError) as exc:
        _challenge(svc, ma, evidence=[ea, eb])
    assert exc.value.message == "evidence: must be evidence of the matter's client"
    for bad, field in (({"ground": "wrong"}, "ground"), ({"page": "-3"}, "page"),
                       ({"assertion": " "}, "assertion"), ({"status": "won"}, "status")):
        with pytest.raises(ValidationError) as exc:
            _challenge(svc, ma, **bad)
        assert exc.value.message.startswith(field + ":")
    assert counts(svc) == before
    cid = _challenge(svc, ma, evidence=[ea])
    c = svc.challenges.get(cid)
    assert (c.ground, c.status, c.page, c.paragraph) == ("factual-error", "disputed", 12, "R6.2")
    assert svc.challenges.evidence_of(cid) == [ea]
    assert [h.kind for h in svc.search.query("psychology engaged")] == ["challenge"]
    created = [e.entity for e in svc.audit.entries() if e.action == "create"]  # newest first
    assert created[:2] == ["challenge-evidence", "challenge"]
    svc.challenges.set_status(cid, "Conceded")
    assert svc.challenges.get(cid).status == "conceded"
    assert any(e.entity == "challenge" and e.action == "update" for e in svc.audit.entries())


def test_every_step_records_an_event_the_engine_reads():
    from casebook.deadlines import default_rules
    from casebook.risk import vocab

    codes = {e.code for e in default_rules().event_types}
    steps = [t.id for t in vocab.escalation_steps()]
    assert set(steps) == set(STEP_EVENTS)
    for step in steps:
        assert step_event_type(step) in codes


# Hand-worked: each step on the day given, and the deadline the engine should give it.
#  correction request 26 Nov 2026 + 14 days (practice reminder, UNCONFIRMED) = 10 Dec 2026
#  rectification request received 26 Nov 2026: 1 month beginning with it      = 25 Dec 2026
#  subject access request received 31 Oct 2026 + 1 month, no 31 November      = 30 Nov 2026
#  COMP1 on Thu 19 Nov 2026 + 5 working days (Fri 20, Mon 23 … Thu 26)          = 26 Nov 2026
#  letter before claim 20 Nov 2026 + 14 days                                    = 4 Dec 2026
STEPS = [
    ("correction-request", "2026-11-26", "challenge-correction-chase", dt.date(2026, 12, 10), "milestone",
     False),
    ("rectification-request", "2026-11-26", "dpa2018-s48-rectification-reply", dt.date(2026, 12, 25),
     "expected", True),
    ("subject-access-request", "2026-10-31", "dpa2018-s45-subject-access-reply", dt.date(2026, 11, 30),
     "expected", True),
    ("comp1", "2026-11-19", "complaints-comp1-reply-expected", dt.date(2026, 11, 26), "expected", False),
    ("letter-before-claim", "2026-11-20", "jr-pap-response-expected", dt.date(2026, 12, 4), "expected",
     False),
]


@pytest.mark.parametrize(("step", "date", "rule", "due", "kind", "confirmed"), STEPS,
                         ids=[s[0] for s in STEPS])
def test_each_steps_deadline_comes_from_the_engine(svc, people, step, date, rule, due, kind, confirmed):
    a, b, ma, mb = people
    cid = _challenge(svc, ma)
    svc.challenges.step(cid, step, date)
    [view] = svc.challenges.steps_of(cid)
    event = svc.chronology.get(view.event_id)
    assert (event.matter_id, event.date.isoformat(), event.type) == (ma, date, step_event_type(step))
    got = [(d.rule_id, d.due, d.kind, d.confirmed) for d in view.deadlines]
    assert got[0] == (rule, due, kind, confirmed)
    if step == "comp1":  # and the Ombudsman's route if there is no final reply within 6 weeks
        assert got[1:] == [("complaints-ppo-no-final-reply", dt.date(2026, 12, 31), "milestone", False)]
    else:
        assert got[1:] == []
    assert svc.challenges.next_due(cid).due == due
    # the same deadline is in the matter's list, so it can be marked done like any other
    assert any(d.id == f"{view.event_id}:{rule}" for d in svc.deadlines.list(matter_id=ma))


def test_the_correction_reminder_says_it_is_a_practice_reminder(svc, people):
    a, b, ma, mb = people
    cid = _challenge(svc, ma)
    svc.challenges.step(cid, "correction-request", "2026-11-20")
    [d] = svc.challenges.steps_of(cid)[0].deadlines
    assert (d.kind, d.confirmed) == ("milestone", False)
    assert "practice reminder" in d.note and "UNCONFIRMED" in d.note
    # chasing closes the reminder (superseded), and a chase starts no deadline of its own
    svc.challenges.step(cid, "response-chased", "2026-11-25")
    assert svc.challenges.next_due(cid) is None


def test_next_due_is_the_earliest_open_deadline_of_the_challenges_own_steps(svc, people):
    a, b, ma, mb = people
    one, two = _challenge(svc, ma), _challenge(svc, ma, assertion="Risk to children is high")
    svc.challenges.step(one, "rectification-request", "2026-11-26")       # due 25 Dec 2026
    svc.challenges.step(one, "letter-before-claim", "2026-11-20")         # due 4 Dec 2026
    svc.challenges.step(two, "subject-access-request", "2026-11-02")      # due 1 Dec 2026 (other challenge)
    assert svc.challenges.next_due(one).due == dt.date(2026, 12, 4)
    assert svc.challenges.next_due(two).due == dt.date(2026, 12, 1)
    nd = svc.challenges.next_due(one)
    svc.deadlines.mark_done(nd.id)
    assert svc.challenges.next_due(one).due == dt.date(2026, 12, 25)
    data = svc.challenges.as_json(svc.challenges.get(one))
    assert [s["step"] for s in data["steps"]] == ["letter-before-claim", "rectification-request"]
    assert data["next_due"] == dt.date(2026, 12, 25)
    assert {"id", "assertion", "ground", "status", "steps", "next_due"} <= set(data)


def test_a_bad_step_saves_nothing(svc, people):
    a, b, ma, mb = people
    cid = _challenge(svc, ma)
    before = counts(svc)
    for step, date, field in (("complain", "2026-11-01", "step"), ("comp1", "2026-11-27", "date"),
                              ("comp1", "26/13/2026", "date")):
        with pytest.raises(ValidationError) as exc:
            svc.challenges.step(cid, step, date)
        assert exc.value.message.startswith(field + ":")
    with pytest.raises(NotFound):
        svc.challenges.step(9999, "comp1", "2026-11-01")
    assert counts(svc) == before
