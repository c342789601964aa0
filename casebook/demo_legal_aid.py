"""Demo legal-aid work: a UFN, the class of work and recorded time on some parole matters, so the Time tab's
meter, the fee summary and the month's claims have something to show. Invented, from its own random
stream (the rest of the demo is the same with or without it). The demo's hourly rates are round
illustrative figures, labelled as such: Casebook ships no rates, and a real casebook asks for them."""

from __future__ import annotations

import datetime as _dt
import random

#: How many parole matters get legal-aid work (the first ones): enough to show, few enough to stay fast.
LEGAL_AID_MATTERS = 8

_WORK = (
    ("attendance", (45, 150), "Attendance on the client at the prison: instructions on the dossier."),
    ("preparation", (30, 180), "Perusal of the parole dossier and notes for representations."),
    ("travel", (40, 120), "Travel to and from the prison."),
    ("waiting", (10, 60), "Waiting at the prison gate and for the client to be brought to the visits hall."),
    ("preparation", (20, 90), "Drafting representations to the Parole Board."),
)


#: How many of them had their class of work closed this month (the month's claims).
CLOSED_THIS_MONTH = 2

#: Illustrative rates for the demo only (pounds per hour, or per item for letters and calls).
DEMO_RATES = {"attendance": "50.00", "preparation": "50.00", "advocacy": "60.00", "travel": "25.00",
              "waiting": "25.00", "letter": "4.00", "call": "4.00"}
DEMO_RATES_SOURCE = "Demo figures only — enter the rates that apply to you"


def generate(svc, matter_ids: list[int], seed: int, today: _dt.date) -> None:
    """UFN, class PRIC (Parole Board) opened on the matter's opening date, and a handful of time entries."""
    rng = random.Random(f"legal-aid:{seed}")
    # A UFN or time entry is never dated after the casebook's own today (a demo built "as of" a later day).
    today = min(today, svc.clock.today())
    for scheme in ("2016", "2025"):
        for kind, rate in DEMO_RATES.items():
            svc.legal_aid.set_rate(scheme, kind, rate, source=DEMO_RATES_SOURCE)
    for mid in matter_ids[:LEGAL_AID_MATTERS]:
        matter = svc.matters.get(mid)
        opened = matter.opened_on or today - _dt.timedelta(days=rng.randint(40, 200))
        opened = min(opened, today)
        svc.legal_aid.set(mid, ufn=svc.legal_aid.new_ufn(opened), fee_earner="Alex Hartwell",
                          crm1_signed_on=opened, means_passported="yes")
        svc.legal_aid.open_class(mid, "PRIC", opened_on=opened)
        span = max((today - opened).days, 1)
        for activity, (low, high), text in _WORK:
            day = opened + _dt.timedelta(days=rng.randint(0, span))
            svc.time.add(mid, activity, rng.randint(low, high), date=min(day, today), description=text)
        svc.time.add(mid, "letters-out", date=today - _dt.timedelta(days=rng.randint(0, 20)),
                     items=rng.randint(2, 6), description="Routine letters to the client and the prison.")
        svc.time.add(mid, "calls", date=today - _dt.timedelta(days=rng.randint(0, 20)),
                     items=rng.randint(1, 4), description="Routine calls to the POM and the COM.")
        if mid in matter_ids[:CLOSED_THIS_MONTH]:
            # Concluded this month, so the month's claims have something to show.
            svc.legal_aid.close_class(mid, "PRIC", closed_on=max(opened, today.replace(day=1)))


__all__ = ["CLOSED_THIS_MONTH", "LEGAL_AID_MATTERS", "generate"]
