"""Challenges to assessments and the allegations in a dossier.

**Allegations** (*R (Pearce) v Parole Board* [2023] UKSC 13): an allegation with its source and how far
it is made out (``ALLEGATIONS``), so representations can say which the Board may weigh.

**Challenges**: one per contested assertion of a matter (``CHALLENGES``), with the evidence that answers
it (the same client's) and the escalation path as dated steps — correction request, response chased,
rectification request (Data Protection Act 2018 s.46), subject access request (s.45), COMP1, COMP1A,
the Ombudsman, letter before claim, judicial review (the ``escalation_step`` vocabulary of
:mod:`casebook.risk.vocab`). Each step is recorded as a chronology event of the challenge's matter and
linked to the challenge; the deadlines engine computes what that event starts (the rules in
``resources/rules/``), so a step's deadline is listed, marked done or overridden like any other, and a
challenge's ``next_due`` is the earliest open one among its steps' events.

The records are declared in :mod:`casebook.domain.records` (``ALLEGATIONS``, ``CHALLENGES``,
``CHALLENGE_STEPS``, ``CHALLENGE_EVIDENCE``, ``CHALLENGE_EVENTS``). Bad input saves nothing: every
record is validated before the one transaction that writes it, and the audit log records each write like
any other record's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from casebook.domain.records import (
    ALLEGATIONS,
    CHALLENGE_EVENTS,
    CHALLENGE_EVIDENCE,
    CHALLENGE_STEPS,
    CHALLENGES,
    MATTERS,
)
from casebook.domain.risk import Allegation, Challenge, ChallengeLink, ChallengeStep, escalation_step
from casebook.errors import ValidationError
from casebook.risk import vocab
from casebook.services.records import RecordStore, as_id, belongs_to_client

#: The chronology event each escalation step records, where the vocabulary names none. The event types
#: and the rules they start are data (resources/rules/event_types.toml, challenges.toml,
#: complaints.toml, judicial_review.toml).
STEP_EVENTS = {
    "correction-request": "assessment-correction-requested",
    "response-chased": "assessment-correction-chased",
    "rectification-request": "dpa-rectification-requested",
    "subject-access-request": "subject-access-requested",
    "comp1": "comp1-submitted",
    "comp1a": "comp1a-submitted",
    "ppo": "ppo-complaint-submitted",
    "letter-before-claim": "letter-before-claim-sent",
    "judicial-review": "jr-claim-issued",
}


def step_event_type(step: str) -> str:
    """The event type a step records: the vocabulary's ``event_type`` if it names one, else
    :data:`STEP_EVENTS`."""
    term = vocab.get("escalation_step").get(step)
    named = term.extra.get("event_type") if term is not None else None
    return str(named or STEP_EVENTS[step])


# ---------------------------------------------------------------------------- allegations
class AllegationService(RecordStore):
    def __init__(self, cb, audit) -> None:
        super().__init__(ALLEGATIONS, cb, audit)

    def add(self, client_id: int, *, matter_id: Any = None, **fields: Any) -> int:
        """Save an allegation of ``client_id`` (``text``, ``source``, ``page``, ``status``), optionally of
        one of the same client's matters."""
        self.check_parent(client_id)
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        try:
            values = self.validate(fields, new=True, parent_id=client_id)
        except ValidationError as exc:
            errors.update(exc.errors)
        if matter_id not in (None, ""):
            mid = as_id(matter_id)
            if mid is None or not belongs_to_client(self.cb, "matters", mid, client_id):
                errors["matter"] = "must be a matter of the same client"
            else:
                values["matter_id"] = mid
        if errors:
            raise ValidationError(errors)
        return self.insert({"client_id": client_id, **values})

    def set_status(self, allegation_id: int, status: Any) -> dict[str, list]:
        return self.modify(allegation_id, {"status": status})

    def for_client(self, client_id: int) -> list[Allegation]:
        return self.where("client_id = ?", (client_id,))


# ---------------------------------------------------------------------------- challenges
@dataclass(frozen=True)
class StepView:
    step: ChallengeStep
    event_id: int | None
    deadlines: list[Any]  # casebook.services.deadlines.Deadline


class ChallengeService(RecordStore):
    def __init__(self, cb, audit, chronology, deadlines) -> None:
        super().__init__(CHALLENGES, cb, audit)
        self.chronology = chronology
        self.deadlines = deadlines
        self.steps = RecordStore(CHALLENGE_STEPS, cb, audit)
        self.evidence_links = RecordStore(CHALLENGE_EVIDENCE, cb, audit)
        self.event_links = RecordStore(CHALLENGE_EVENTS, cb, audit)

    def add(self, matter_id: int, *, evidence: Iterable[Any] = (), events: Iterable[Any] = (),
            **fields: Any) -> int:
        """Save a challenge in ``matter_id`` (``assertion``, ``source``, ``page``, ``paragraph``,
        ``ground``, ``position``, ``status``, ``assessment_id``) with the evidence that answers it
        (ids of the matter's client's evidence) and the chronology events it rests on (events of the
        client's matters). All or nothing."""
        self.check_parent(matter_id)
        client_id = RecordStore(MATTERS, self.cb, self.audit).get(matter_id).client_id
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        try:
            values = self.validate(fields, new=True, parent_id=matter_id)
        except ValidationError as exc:
            errors.update(exc.errors)
        aid = values.get("assessment_id")
        if aid is not None and not belongs_to_client(self.cb, "assessments", aid, client_id):
            errors["assessment"] = "must be an assessment of the matter's client"
        evidence_ids, event_ids = self._links(client_id, evidence, events, errors)
        if errors:
            raise ValidationError(errors)
        with self.cb.transaction():
            cid = self.insert({"matter_id": matter_id, **values})
            self._insert_links(cid, evidence_ids, event_ids)
        return cid

    def link(self, challenge_id: int, *, evidence: Iterable[Any] = (), events: Iterable[Any] = ()) -> None:
        """Link more evidence and chronology events of the challenge's client to it (all or nothing;
        a link already there is kept once)."""
        challenge = self.get(challenge_id)
        client_id = RecordStore(MATTERS, self.cb, self.audit).get(challenge.matter_id).client_id
        errors: dict[str, str] = {}
        evidence_ids, event_ids = self._links(client_id, evidence, events, errors)
        if errors:
            raise ValidationError(errors)
        have_evidence, have_events = set(self.evidence_of(challenge_id)), set(self.events_of(challenge_id))
        with self.cb.transaction():
            self._insert_links(challenge_id, [e for e in evidence_ids if e not in have_evidence],
                               [e for e in event_ids if e not in have_events])

    def update(self, challenge_id: int, fields: Any, *, evidence: Iterable[Any] | None = None) -> None:
        """Save edited fields and, when ``evidence`` is given, make the linked evidence exactly those
        items (the client's own) — one transaction: nothing is saved if anything is wrong."""
        challenge = self.get(challenge_id)
        client_id = RecordStore(MATTERS, self.cb, self.audit).get(challenge.matter_id).client_id
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        try:
            values = self.validate(fields, new=False, id_=challenge_id, before=challenge)
        except ValidationError as exc:
            errors.update(exc.errors)
        wanted = None
        if evidence is not None:
            wanted, _ = self._links(client_id, evidence, (), errors)
        if errors:
            raise ValidationError(errors)
        with self.cb.transaction():
            self.apply(challenge_id, challenge, values)
            if wanted is not None:
                for link in self.evidence_links.where("challenge_id = ?", (challenge_id,)):
                    if link.evidence_id not in wanted:
                        self.evidence_links.delete(link.id)
                have = set(self.evidence_of(challenge_id))
                self._insert_links(challenge_id, [e for e in wanted if e not in have], [])

    def _links(self, client_id: int, evidence: Iterable[Any], events: Iterable[Any],
               errors: dict[str, str]) -> tuple[list[int], list[int]]:
        evidence_ids: list[int] = []
        for raw in evidence:
            eid = as_id(raw)
            if eid is None or not belongs_to_client(self.cb, "evidence", eid, client_id):
                errors.setdefault("evidence", "must be evidence of the matter's client")
            elif eid not in evidence_ids:
                evidence_ids.append(eid)
        event_ids: list[int] = []
        for raw in events:
            vid = as_id(raw)
            row = None if vid is None else self.cb.conn.execute(
                "SELECT m.client_id FROM events e JOIN matters m ON m.id = e.matter_id WHERE e.id = ?",
                (vid,)).fetchone()
            if row is None or row[0] != client_id:
                errors.setdefault("event", "must be a chronology event of the matter's client")
            elif vid not in event_ids:
                event_ids.append(vid)
        return evidence_ids, event_ids

    def _insert_links(self, challenge_id: int, evidence_ids: list[int], event_ids: list[int]) -> None:
        for eid in evidence_ids:
            self.evidence_links.insert({"challenge_id": challenge_id, "evidence_id": eid})
        for vid in event_ids:
            self.event_links.insert({"challenge_id": challenge_id, "event_id": vid})

    def set_status(self, challenge_id: int, status: Any) -> dict[str, list]:
        return self.modify(challenge_id, {"status": status})

    def step(self, challenge_id: int, step: Any, date: Any, notes: str = "") -> int:
        """Record an escalation step: a chronology event of the challenge's matter (whose deadlines the
        engine computes), linked to the challenge, and the step itself. Returns the step's id."""
        challenge = self.get(challenge_id)
        values, errors = CHALLENGE_STEPS.validate({"step": step, "date": date, "notes": notes}, new=True,
                                                  today=self.clock.today())
        if errors:
            raise ValidationError(errors)
        label = vocab.get("escalation_step").get(values["step"]).label
        with self.cb.transaction():
            event_id = self.chronology.add(
                challenge.matter_id, values["date"], step_event_type(values["step"]),
                text=f"{label} (challenge {challenge_id})", source=challenge.source)
            self.event_links.insert({"challenge_id": challenge_id, "event_id": event_id})
            return self.steps.insert({"challenge_id": challenge_id, **values, "event_id": event_id})

    # ------------------------------------------------------------------ reading
    def for_matter(self, matter_id: int) -> list[Challenge]:
        return self.where("matter_id = ?", (matter_id,))

    def evidence_of(self, challenge_id: int) -> list[int]:
        return [r.evidence_id for r in self.evidence_links.where("challenge_id = ?", (challenge_id,))]

    def events_of(self, challenge_id: int) -> list[int]:
        return [r.event_id for r in self.event_links.where("challenge_id = ?", (challenge_id,))]

    def steps_of(self, challenge_id: int, deadlines: list[Any] | None = None) -> list[StepView]:
        """The steps in date order, each with the chronology event it created (``None`` once that event
        is deleted) and the deadlines that event starts."""
        challenge = self.get(challenge_id)
        if deadlines is None:
            deadlines = self.deadlines.list(matter_id=challenge.matter_id)
        out = []
        for s in self.steps.where("challenge_id = ?", (challenge_id,)):
            own = [d for d in deadlines if s.event_id is not None and d.event_id == s.event_id]
            out.append(StepView(s, s.event_id, own))
        return out

    def next_due(self, challenge_id: int, deadlines: list[Any] | None = None) -> Any:
        """The earliest deadline still open (or overdue) among the challenge's steps' events, or None."""
        challenge = self.get(challenge_id)
        if deadlines is None:
            deadlines = self.deadlines.list(matter_id=challenge.matter_id)
        events = {s.event_id for s in self.steps.where("challenge_id = ?", (challenge_id,)) if s.event_id}
        open_ = [d for d in deadlines if d.event_id in events and d.status != "done"]
        return min(open_, key=lambda d: (d.due, d.id)) if open_ else None

    def as_json(self, c: Challenge, deadlines: list[Any] | None = None) -> dict[str, Any]:
        """``id, assertion, ground, status, steps, next_due`` and the rest of the record."""
        if deadlines is None:
            deadlines = self.deadlines.list(matter_id=c.matter_id)
        nd = self.next_due(c.id, deadlines)
        steps = [{"step": v.step.step, "date": v.step.date, "event": v.event_id,
                  "deadlines": [{"id": d.id, "title": d.title, "due": d.due, "status": d.status,
                                 "kind": d.kind, "rule": d.citation, "confirmed": d.confirmed}
                                for d in v.deadlines]}
                 for v in self.steps_of(c.id, deadlines)]
        return {**CHALLENGES.to_json(c), "evidence": self.evidence_of(c.id), "events": self.events_of(c.id),
                "steps": steps,
                "next_due": nd.due if nd else None,
                "next_deadline": ({"id": nd.id, "title": nd.title, "rule": nd.citation,
                                   "confirmed": nd.confirmed} if nd else None)}


__all__ = ["CHALLENGE_EVENTS", "CHALLENGE_EVIDENCE", "CHALLENGE_STEPS", "STEP_EVENTS", "AllegationService",
           "ChallengeLink", "ChallengeService", "ChallengeStep", "StepView", "escalation_step",
           "step_event_type"]
