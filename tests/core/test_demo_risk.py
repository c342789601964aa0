"""The demo casebook's risk work: assessments of both predictor generations (one band as issued that the
thresholds do not give), psychological assessments, risk factors linked to them, evidence linked to the
factors with gaps in the matrix, programme referrals, allegations and challenges at different steps —
for the parole clients only, the same for the same seed, and without changing the casework."""

from __future__ import annotations

import datetime as dt

import pytest

from casebook.risk import bands
from casebook.services.risk import score_band
from tests.conftest import PASSPHRASE, TEST_TODAY

RISK_TABLES = ("assessments", "assessment_rosh", "assessment_scores", "assessment_sections", "risk_factors",
               "factor_links", "evidence", "evidence_factors", "programme_referrals", "referral_status",
               "allegations", "challenges", "challenge_steps", "challenge_evidence")
CASEWORK_TABLES = ("clients", "sentences", "adjustments", "matters", "events", "notes")


def _rows(cb, table: str) -> list[tuple]:
    cols = [r[1] for r in cb.conn.execute(f"PRAGMA table_info({table})") if r[1] not in ("created_at",
                                                                                          "updated_at")]
    return [tuple(r) for r in cb.conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY id")]


def _build(path, **kw):
    from casebook import demo
    from casebook.services import Services
    from casebook.store import Casebook

    cb = Casebook.create(path, PASSPHRASE)
    demo.generate(Services(cb), clients=kw.get("clients", 10), seed=kw.get("seed", 42),
                  as_of=dt.date(2026, 11, 26))
    return cb


def _parole_clients(svc) -> set[int]:
    out = set()
    for cid in svc.clients.ids():
        s = svc.clients.sentences(cid)[0]
        if s.sentence_type in ("IPP", "LIFE") or s.recall_type:
            out.add(cid)
    return out


def test_only_parole_clients_have_risk_work_and_each_has_assessments_factors_and_evidence(demo_svc):
    parole = _parole_clients(demo_svc)
    with_work = {cid for cid in demo_svc.clients.ids() if demo_svc.assessments.for_client(cid)}
    assert with_work and with_work <= parole
    for cid in with_work:
        oasys = [a for a in demo_svc.assessments.for_client(cid) if a.tool == "oasys"]
        assert 1 <= len(oasys) <= 3
        assert all(a.date <= TEST_TODAY for a in demo_svc.assessments.for_client(cid))
        for a in oasys:  # a RoSH level for every group in every setting it is assessed in
            assert len(demo_svc.assessments.rosh_of(a.id)) == 9
            assert all(s.kind in ("static", "dynamic") for s in demo_svc.assessments.scores_of(a.id))
        assert 3 <= len(demo_svc.risk_factors.for_client(cid)) <= 5
        assert 1 <= len(demo_svc.evidence.for_client(cid)) <= 8
        own = {a.id for a in demo_svc.assessments.for_client(cid)}
        for f in demo_svc.risk_factors.for_client(cid):
            links = demo_svc.risk_factors.assessments_of(f.id)
            assert links and {link.assessment_id for link in links} <= own


def test_assessments_of_both_generations_the_newest_on_the_new_one(demo_svc):
    generations = set()
    for cid in demo_svc.clients.ids():
        oasys = [a for a in demo_svc.assessments.for_client(cid) if a.tool == "oasys"]
        for a in oasys:
            gens = {bands.predictor(s.name).generation for s in demo_svc.assessments.scores_of(a.id)}
            assert len(gens) == 1  # a report carries one generation
            generations |= gens
        if oasys:
            newest = max(oasys, key=lambda a: a.date)
            assert newest.date >= dt.date(2025, 12, 1)
            assert {s.name for s in demo_svc.assessments.scores_of(newest.id)} >= {"arp", "vrp", "csrp"}
    assert generations == {"legacy", "new"}


def test_some_band_as_issued_differs_from_the_published_thresholds(demo_svc):
    checked = [score_band(s) for cid in demo_svc.clients.ids() for a in demo_svc.assessments.for_client(cid)
               for s in demo_svc.assessments.scores_of(a.id)]
    differing = [b for b in checked if b.differs]
    assert differing and len(differing) < len(checked) / 4  # a few, not most
    assert all(b.band_as_issued is not None for b in checked)


def test_psychological_assessments_have_a_conclusion_and_a_recommendation(demo_svc):
    psych = [a for cid in demo_svc.clients.ids() for a in demo_svc.assessments.for_client(cid)
             if a.tool != "oasys"]
    assert psych
    for a in psych:
        assert a.author.startswith("Dr ") and a.author_role in ("prison-psychologist", "independent-expert")
        assert a.conclusions and a.recommendation


def test_evidence_is_linked_to_factors_and_some_factors_have_none(demo_svc):
    gaps, linked, kinds = 0, 0, set()
    for cid in demo_svc.clients.ids():
        rows = demo_svc.risk_factors.matrix(cid)
        gaps += sum(r.gap for r in rows)
        linked += sum(len(r.evidence) for r in rows)
        kinds |= {e.kind for e in demo_svc.evidence.for_client(cid)}
    assert gaps >= 1 and linked >= 10
    assert len(kinds) >= 4


def test_referrals_allegations_and_challenges(demo_svc):
    cids = demo_svc.clients.ids()
    referrals = [r for cid in cids for r in demo_svc.programmes.for_client(cid)]
    histories = [demo_svc.programmes.history(r.id) for r in referrals]
    assert any(h[-1].status == "on-hold" and "No places" in h[-1].reason for h in histories)
    assert all(h[0].status == "submitted" for h in histories)
    statuses = {a.status for cid in cids for a in demo_svc.allegations.for_client(cid)}
    assert len(statuses) >= 2
    challenges = [c for cid in cids for m in demo_svc.matters.for_client(cid)
                  for c in demo_svc.challenges.for_matter(m.id)]
    assert challenges
    last_steps = {demo_svc.challenges.steps_of(c.id)[-1].step.step for c in challenges}
    assert len(last_steps) >= 2  # at different steps of escalation
    assert any(c.ground == "factual-error" for c in challenges)  # the wrong band, challenged


def test_same_seed_same_risk_data(tmp_path):
    a, b = _build(tmp_path / "a.casebook"), _build(tmp_path / "b.casebook")
    try:
        for table in RISK_TABLES:
            assert _rows(a, table) == _rows(b, table), table
        assert _rows(a, "assessments") and _rows(a, "evidence_factors")
    finally:
        a.close()
        b.close()


def test_risk_work_leaves_the_casework_as_it_was(tmp_path, monkeypatch):
    from casebook import demo

    with_risk = _build(tmp_path / "a.casebook")
    monkeypatch.setattr(demo, "_risk_work", lambda *a, **k: None)
    without = _build(tmp_path / "b.casebook")
    try:
        for table in CASEWORK_TABLES:
            before = _rows(without, table)
            assert _rows(with_risk, table)[:len(before)] == before, table  # challenge steps add events
        assert not _rows(without, "assessments")
    finally:
        with_risk.close()
        without.close()


@pytest.mark.parametrize("as_of", [dt.date(2010, 1, 1), dt.date(2031, 5, 1)])
def test_a_demo_long_ago_or_ahead_of_the_clock_still_builds(tmp_path, as_of):
    from casebook import demo
    from casebook.services import Services
    from casebook.store import Casebook

    with Casebook.create(tmp_path / "x.casebook", PASSPHRASE) as cb:
        svc = Services(cb)
        demo.generate(svc, clients=6, seed=3, as_of=as_of)
        for cid in svc.clients.ids():
            assert all(a.date <= TEST_TODAY for a in svc.assessments.for_client(cid))
