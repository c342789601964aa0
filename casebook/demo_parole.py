"""The demo's Board directions and oral hearings: a listed hearing with its witnesses and a few
directions for the first two parole matters whose chronology lists a hearing (invented, like the rest of
the demo).

From a generator of its own and after the rest of the demo, so the casework is the same with or without
it: the hearing takes over the matter's hearing-listed event (same date, same words), so no chronology
event is added or moved. Witnesses are the client's contacts where the demo gave them some (POM, COM,
psychologist). Dates the user records as past (made on, complied on) are never after the services'
clock, even for a demo built "as of" a later day.
"""

from __future__ import annotations

import datetime as _dt
import random

from casebook.domain.parole import PAROLE_MATTER_TYPES

#: How many matters get a hearing and directions: enough to show, few enough to keep the demo fast.
HEARING_MATTERS = 2

PANELS = ("Judicial member (chair), independent member and specialist psychologist member",
          "Independent member (chair) and specialist psychologist member",
          "Judicial member (chair) and independent member")
VENUES = ("Video link from the prison (CVP)", "In person at the prison, legal visits suite")


def add_demo_hearings(svc, ids: list[int], seed, today: _dt.date) -> list[int]:
    """Hearings, witnesses and directions for up to :data:`HEARING_MATTERS` parole matters; returns their
    ids."""
    rng = random.Random(f"{seed}-hearings")
    listed = []
    for client_id in ids:
        for m in svc.matters.for_client(client_id):
            if m.type not in PAROLE_MATTER_TYPES or m.status == "closed":
                continue
            types = {e.type for e in svc.chronology.for_matter(m.id)}
            if "hearing-listed" in types and not types & {"oral-hearing-held", "decision-provisional",
                                                           "decision-final"}:
                listed.append(m)
    chosen = listed[:HEARING_MATTERS]
    for m in chosen:
        _hearing(svc, rng, today, m)
    return [m.id for m in chosen]


def _hearing(svc, rng: random.Random, today: _dt.date, matter) -> None:
    day = [e for e in svc.chronology.for_matter(matter.id) if e.type == "hearing-listed"][-1].date
    client = svc.clients.get(matter.client_id)
    video = rng.random() < 0.6
    svc.hearings.set(
        matter.id, date=day, time=rng.choice(["09:30", "10:00", "10:30", "13:30"]),
        format="video" if video else "in-person",
        venue=VENUES[0] if video else f"{client.prison or 'the prison'}, legal visits suite",
        panel=rng.choice(PANELS),
        observers=rng.choice(["", "A Parole Board member in training", "The victim liaison officer"]),
        victim_statements=rng.choice([
            "Victim personal statement: to be read by the panel chair; the victim does not attend.",
            "No victim personal statement.",
        ]),
    )
    contacts = {role: (cid, name) for cid, name, role in svc.hearings.contacts_for(matter.id)}
    for role, label, status in (("pom", "POM", "directed"), ("com", "COM", "directed"),
                                ("independent-psychologist", "Independent psychologist", "requested")):
        found = contacts.get(role)
        if found is not None:
            svc.hearings.add_witness(matter.id, contact_id=found[0], role=label, status=status)
        elif role != "independent-psychologist":
            first = rng.choice(["Sam", "Alex", "Jo", "Chris", "Priya", "Tom"])
            last = rng.choice(["Okafor", "Hale", "Marsh", "Rahman", "Doyle", "Price"])
            svc.hearings.add_witness(matter.id, f"{first} {last}", role=label, status=status)
    svc.hearings.add_witness(matter.id, "Prison psychologist (author of the dossier's risk assessment)",
                             role="Prison psychologist", status="refused",
                             notes="Panel chair: the report is sufficient; the author need not attend.")
    made = min(today, svc.clock.today()) - _dt.timedelta(days=rng.randint(20, 40))
    first = svc.directions.add(
        matter.id, "Secretary of State to serve an updated psychological risk assessment",
        made + _dt.timedelta(days=28), party="Secretary of State", made_on=made)
    svc.directions.done(first, made + _dt.timedelta(days=rng.randint(12, 19)))
    com = svc.directions.add(
        matter.id, "COM to provide an addendum report with an updated risk management plan and confirmation "
                   "of an Approved Premises place", today + _dt.timedelta(days=rng.randint(3, 9)),
        party="COM", made_on=made)
    if rng.random() < 0.5:
        svc.directions.defer(com, today + _dt.timedelta(days=rng.randint(16, 24)),
                             "Panel chair extended time at the COM's request (r.9)")
    svc.directions.add(
        matter.id, "Prisoner's representative to serve final written representations and confirm the "
                   "witnesses", day - _dt.timedelta(days=14), party="prisoner's representative", made_on=made)


__all__ = ["HEARING_MATTERS", "add_demo_hearings"]
