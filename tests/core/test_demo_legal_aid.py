"""The demo's legal-aid work: a UFN, the Parole Board class and time on a few parole matters, with
illustrative rates labelled as the demo's (Casebook ships none)."""

from __future__ import annotations

from casebook.demo_legal_aid import CLOSED_THIS_MONTH, DEMO_RATES_SOURCE, LEGAL_AID_MATTERS


def test_demo_has_legal_aid_work_with_a_working_meter(demo_svc):
    rows = demo_svc.cb.conn.execute("SELECT matter_id, ufn FROM legal_aid").fetchall()
    assert 0 < len(rows) <= LEGAL_AID_MATTERS
    for matter_id, ufn in rows:
        assert demo_svc.matters.get(matter_id).type == "parole-review"
        fees = demo_svc.legal_aid.fees_json(matter_id)
        assert fees["ufn"] == ufn and fees["class"] == "PRIC"
        assert fees["status"] != "rates-needed" and fees["costs"] > 0 and 0 < fees["fraction"] < 1
        assert demo_svc.time.for_matter(matter_id)
    assert {r.source for r in demo_svc.legal_aid.rate_list()} == {DEMO_RATES_SOURCE}
    # Two classes closed this month: the month's claims list them with what to claim.
    month = demo_svc.clock.today().strftime("%Y-%m")
    claims = demo_svc.legal_aid.claims(month)
    assert len(claims) == CLOSED_THIS_MONTH and all(not c.get("problem") for c in claims)
