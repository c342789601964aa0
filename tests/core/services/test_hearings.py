"""A parole matter's oral hearing: its date is a hearing-listed chronology event that moves with it (and
the deadline rules with the event), a decision adds oral-hearing-held, witnesses; bad input → the field's
message and nothing saved. Real SQLCipher casebooks; the suite runs on 26 November 2026."""

from __future__ import annotations

import datetime as dt

import pytest

from casebook.errors import BadInput, NotFound, ValidationError

D = dt.date
R17 = "pbr2019-r17-withholding-applications"


@pytest.fixture
def matter(svc):
    client = svc.clients.add(name="Ambrose Kettlewell")
    return svc.matters.add(client, "parole-review")


def _counts(svc) -> dict[str, int]:
    return {t: svc.cb.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("hearings", "hearing_witnesses", "events", "audit")}


def _events(svc, matter):
    return [(e.type, e.date) for e in svc.chronology.for_matter(matter)]


def _due(svc, matter, rule_id):
    return [d.due for d in svc.deadlines.list(matter_id=matter) if d.rule_id == rule_id]


def test_setting_the_date_lists_the_hearing_and_the_rules_run_from_it(svc, matter):
    hid = svc.hearings.set(matter, date="2027-03-01", time="10:00", format="video", panel="Judicial member")
    h = svc.hearings.get(hid)
    assert (h.date, h.time, h.format, h.panel) == (D(2027, 3, 1), "10:00", "video", "Judicial member")
    event = svc.chronology.get(h.event_id)
    assert (event.type, event.date, event.text) == ("hearing-listed", D(2027, 3, 1),
                                                    "Oral hearing listed (video, 10:00).")
    # r.17(2): no later than 8 weeks before the hearing: 1 March 2027 - 56 days = 4 January 2027.
    assert _due(svc, matter, R17) == [D(2027, 1, 4)]
    assert svc.hearings.show(matter)["event"] == h.event_id


def test_moving_the_date_moves_the_same_event_and_its_deadlines(svc, matter):
    hid = svc.hearings.set(matter, date="2027-03-01", format="video")
    event_id = svc.hearings.get(hid).event_id
    assert svc.hearings.set(matter, date="12/04/2027", format="in-person", venue="HMP Gartree") == hid
    h = svc.hearings.get(hid)
    assert h.event_id == event_id
    event = svc.chronology.get(event_id)
    assert (event.date, event.text) == (D(2027, 4, 12), "Oral hearing listed (in person).")
    assert _events(svc, matter) == [("hearing-listed", D(2027, 4, 12))]
    # 12 April 2027 - 8 weeks = 15 February 2027.
    assert _due(svc, matter, R17) == [D(2027, 2, 15)]
    # the move and the event's move are audited
    [update] = [e for e in svc.audit.entries("event", event_id) if e.action == "update"]
    assert "date" in update.detail


def test_a_listing_entered_by_hand_is_taken_over_not_duplicated(svc, matter):
    own = svc.chronology.add(matter, "2027-02-01", "hearing-listed", text="Listed per the notice of hearing.",
                             source="Listing notice", page="1")
    hid = svc.hearings.set(matter, date="2027-02-08", time="09:30")
    assert svc.hearings.get(hid).event_id == own
    e = svc.chronology.get(own)
    # the date follows the hearing; the user's own words stay
    assert (e.date, e.text, e.source) == (
        D(2027, 2, 8), "Listed per the notice of hearing.", "Listing notice")
    assert _events(svc, matter) == [("hearing-listed", D(2027, 2, 8))]


def test_an_event_deleted_in_the_chronology_is_made_again(svc, matter):
    hid = svc.hearings.set(matter, date="2027-03-01")
    svc.chronology.delete(svc.hearings.get(hid).event_id)
    assert svc.hearings.get(hid).event_id is None  # ON DELETE SET NULL
    svc.hearings.set(matter, date="2027-03-08")
    assert _events(svc, matter) == [("hearing-listed", D(2027, 3, 8))]


def test_a_listing_moved_in_the_chronology_moves_the_hearing(svc, matter):
    hid = svc.hearings.set(matter, date="2027-03-01", time="10:00")
    event_id = svc.hearings.get(hid).event_id
    svc.chronology.update(event_id, date="2027-03-15")  # the user corrected the event itself
    assert svc.hearings.show(matter)["date"] == D(2027, 3, 15)
    svc.hearings.set(matter, time="14:00")  # another change keeps the event's date, not the old one
    assert svc.chronology.get(event_id).date == D(2027, 3, 15)
    h = svc.hearings.get(hid)
    assert (h.date, h.time) == (D(2027, 3, 15), "14:00")
    [update] = [e for e in svc.audit.entries("hearing", hid) if e.action == "update" and "time" in e.detail]
    assert "date" in update.detail


def test_unlisting_removes_the_listing_event(svc, matter):
    hid = svc.hearings.set(matter, date="2027-03-01", format="video")
    svc.hearings.set(matter, date="")
    h = svc.hearings.get(hid)
    assert (h.date, h.event_id, h.format) == (None, None, "video")
    assert _events(svc, matter) == []
    assert _due(svc, matter, R17) == []


def test_a_decision_adds_oral_hearing_held_once(svc, matter, fixed_clock):
    svc.hearings.set(matter, date="2026-11-10", format="video")
    svc.hearings.set(matter, outcome="adjourned", adjourned_reason="Psychologist unavailable")
    assert [t for t, _ in _events(svc, matter)] == ["hearing-listed"]  # adjourned: not a decision
    svc.hearings.set(matter, outcome="open-conditions", decision_date="2026-11-20")
    assert _events(svc, matter) == [("hearing-listed", D(2026, 11, 10)),
                                    ("oral-hearing-held", D(2026, 11, 10))]
    # r.25(6): the decision is due 14 days after the hearing (24 November 2026)
    assert _due(svc, matter, "pbr2019-r25-6-decision-due") == [D(2026, 11, 24)]
    svc.hearings.set(matter, outcome="release", decision_date="2026-11-21")
    assert len(_events(svc, matter)) == 2
    h = svc.hearings.current(matter)
    assert (h.outcome, h.outcome_label, h.decision_date) == ("release", "Release directed", D(2026, 11, 21))


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"date": "2027-03-01", "time": "25:00"}, "time", "must be a time of day as HH:MM"),
    ({"date": "2027-03-01", "time": "10:60"}, "time", "must be a time of day as HH:MM"),
    ({"date": "2027-02-30"}, "date", "is not a real date"),
    ({"date": "2027-03-01", "format": "zoom"}, "format", "must be one of: video, in-person, telephone"),
    ({"date": "2027-03-01", "outcome": "parole"}, "outcome", "must be one of: release, open-conditions"),
    ({"date": "2026-11-10", "decision_date": "2026-11-01"}, "decision_date", "cannot be before the hearing"),
    ({"date": "2026-11-10", "decision_date": "2026-11-27"}, "decision_date", "cannot be in the future"),
    ({"date": "2040-03-01"}, "date", "is more than ten years ahead"),
    ({"venue": "x", "colour": "red"}, "colour", "is not a hearing field"),
])
def test_bad_hearing_input_saves_nothing(svc, matter, fields, field, message):
    svc.hearings.set(matter, date="2027-01-11", time="14:00")
    before = (_counts(svc), svc.hearings.current(matter), _events(svc, matter))
    with pytest.raises(ValidationError) as exc:
        svc.hearings.set(matter, **fields)
    assert exc.value.errors[field].startswith(message)
    assert (_counts(svc), svc.hearings.current(matter), _events(svc, matter)) == before


def test_a_failure_while_listing_leaves_nothing_half_saved(svc, matter, monkeypatch):
    before = _counts(svc)

    def broken(*_a, **_k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(svc.hearings.chronology, "add", broken)
    with pytest.raises(RuntimeError):
        svc.hearings.set(matter, date="2027-03-01")
    assert _counts(svc) == before and svc.hearings.current(matter) is None


def test_times_are_read_in_the_usual_forms(svc, matter):
    for raw, want in (("9:30", "09:30"), ("14.05", "14:05"), ("00:00", "00:00"), ("", "")):
        svc.hearings.set(matter, time=raw)
        assert svc.hearings.current(matter).time == want


def test_only_parole_matters_and_known_matters(svc):
    client = svc.clients.add(name="Bertram Oakes")
    adjudication = svc.matters.add(client, "adjudication")
    before = _counts(svc)
    with pytest.raises(BadInput, match="is not a parole matter"):
        svc.hearings.set(adjudication, date="2027-03-01")
    with pytest.raises(BadInput, match="is not a parole matter"):
        svc.hearings.add_witness(adjudication, "Dr Y")
    with pytest.raises(NotFound):
        svc.hearings.set(9999, date="2027-03-01")
    with pytest.raises(NotFound):
        svc.hearings.show(9999)
    assert _counts(svc) == before
    assert svc.hearings.show(svc.matters.add(client, "recall-review")) is None


def _contact(svc, client_id, name, role):
    with svc.cb.transaction():
        return svc.cb.conn.execute(
            "INSERT INTO contacts(client_id, name, role, created_at, updated_at) VALUES (?, ?, ?, '', '') "
            "RETURNING id", (client_id, name, role)).fetchone()[0]


def test_witnesses_before_and_after_listing(svc, matter):
    client = svc.matters.get(matter).client_id
    w1 = svc.hearings.add_witness(matter, "Dr Imogen Pryce", role="independent psychologist")
    h = svc.hearings.current(matter)
    assert h is not None and h.date is None and _events(svc, matter) == []  # an undated hearing
    pom = _contact(svc, client, "Sam Okafor", "pom")
    w2 = svc.hearings.add_witness(matter, contact_id=str(pom), status="directed")
    svc.hearings.set(matter, date="2027-03-01")
    assert svc.hearings.current(matter).id == h.id
    shown = svc.hearings.show(matter)["witnesses"]
    assert [(w["id"], w["name"], w["role"], w["status"], w["contact"]) for w in shown] == [
        (w1, "Dr Imogen Pryce", "independent psychologist", "requested", None),
        (w2, "Sam Okafor", "pom", "directed", pom)]
    assert svc.hearings.update_witness(w1, status="refused") == {"status": ["requested", "refused"]}
    svc.hearings.remove_witness(w2)
    assert [w.id for w in svc.hearings.witnesses_of_matter(matter)] == [w1]


def test_bad_witness_saves_nothing(svc, matter):
    other = svc.clients.add(name="Bertram Oakes")
    theirs = _contact(svc, other, "Not ours", "com")
    before = _counts(svc)
    with pytest.raises(ValidationError) as exc:
        svc.hearings.add_witness(matter, "")
    assert exc.value.errors == {"name": "is required"}
    with pytest.raises(ValidationError) as exc:
        svc.hearings.add_witness(matter, "Dr Y", status="maybe")
    assert exc.value.errors["status"].startswith("must be one of: requested, directed, refused")
    with pytest.raises(ValidationError) as exc:
        svc.hearings.add_witness(matter, "Dr Y", contact_id=theirs)
    assert exc.value.errors == {"contact": "must be a contact of the matter's client"}
    assert _counts(svc) == before
