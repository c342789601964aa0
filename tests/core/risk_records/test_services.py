"""Assessments, risk factors, evidence and the matrix through the services: saved whole or not at all,
audited, searched, and always the same client's."""

from __future__ import annotations

import datetime as dt

import pytest

from casebook.errors import NotFound, ValidationError
from casebook.services.risk import score_band
from tests.conftest import TEST_TODAY

RISK_TABLES = ("assessments", "assessment_rosh", "assessment_scores", "assessment_sections", "risk_factors",
               "factor_links", "evidence", "evidence_factors", "audit")


def counts(svc) -> dict[str, int]:
    return {t: svc.cb.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in RISK_TABLES}


def _oasys(svc, cid, **extra):
    fields = dict(tool="OASys", date="2026-03-02", author="A. Probation", source="OASys layer 3", page="14",
                  rosh=[{"risk_group": "public", "setting": "community", "level": "High"},
                        {"risk_group": "known adult", "setting": "custody", "level": "very_high"}],
                  scores=[{"name": "ogrs3", "value": "62", "kind": "static"},
                          {"name": "OVP", "value": 41.5, "kind": "dynamic", "band_as_issued": "Medium"}],
                  bands_as_issued={"OGRS3": "HIGH"},
                  sections=[{"section": 11, "linked_to_harm": True, "linked_to_offending": True}])
    fields.update(extra)
    return svc.assessments.add(cid, **fields)


def test_an_assessment_is_saved_with_its_parts_and_listed_in_the_cli_shape(svc):
    cid = svc.clients.add(name="Oswin Treadgold")
    aid = _oasys(svc, cid, conclusions="Sexual preoccupation remains a live factor")
    a = svc.assessments.get(aid)
    assert (a.tool, a.date, a.author, a.source, a.page) == ("oasys", dt.date(2026, 3, 2), "A. Probation",
                                                           "OASys layer 3", 14)
    data = svc.assessments.as_json(a)
    assert list(data) == ["id", "tool", "date", "author", "rosh", "scores"]
    assert data["rosh"] == [{"group": "public", "setting": "community", "level": "high"},
                            {"group": "known-adult", "setting": "custody", "level": "very high"}]
    assert [list(s) for s in data["scores"]] == [["name", "value", "kind", "band", "band_as_issued"]] * 2
    assert [(s["name"], s["value"], s["kind"], s["band_as_issued"]) for s in data["scores"]] == [
        ("OGRS3", 62, "static", "high"), ("OVP", 41.5, "dynamic", "medium")]
    flags = svc.assessments.sections_of(aid)
    assert [(f.section, f.linked_to_harm, f.linked_to_offending) for f in flags] == [(11, True, True)]
    # the whole assessment is in the audit log: the record and each of its parts
    entities = sorted(e.entity for e in svc.audit.entries() if e.action == "create" and e.entity != "client")
    assert entities == ["assessment", "rosh-level", "rosh-level", "score", "score", "section-flags"]
    assert [h.kind for h in svc.search.query("preoccupation")] == ["assessment"]


def test_the_computed_band_sits_beside_the_band_as_issued(svc):
    cid = svc.clients.add(name="X")
    aid = _oasys(svc, cid)
    ogrs3, ovp = svc.assessments.as_json(svc.assessments.get(aid))["scores"]
    # OGRS3 62 is medium (50–74) but the report says high: Casebook keeps both and says they differ
    assert (ogrs3["band"], ogrs3["band_as_issued"]) == ("medium", "high")
    assert (ovp["band"], ovp["band_as_issued"]) == ("medium", "medium")
    checks = [score_band(s) for s in svc.assessments.scores_of(aid)]
    assert [c.differs for c in checks] == [True, False]
    assert checks[0].message.startswith("Issued as high; the published thresholds give medium")


@pytest.mark.parametrize(("change", "field"), [
    ({"tool": "crystal ball"}, "tool"),
    ({"date": "2026-11-27"}, "date"),                      # the day after the suite's "today"
    ({"date": "31/02/2026"}, "date"),
    ({"page": "0"}, "page"),
    ({"page": "twelve"}, "page"),
    ({"page": "-3"}, "page"),
    ({"rosh": [{"risk_group": "aliens", "setting": "custody", "level": "low"}]}, "rosh risk_group"),
    ({"rosh": [{"risk_group": "public", "setting": "custody", "level": "extreme"}]}, "rosh level"),
    ({"rosh": [{"risk_group": "prisoners", "setting": "community", "level": "low"}]}, "rosh setting"),
    ({"rosh": [{"risk_group": "public", "setting": "custody", "level": "low"}] * 2}, "rosh"),
    ({"scores": [{"name": "OGRS3", "value": "lots"}], "bands_as_issued": {}}, "score value"),
    ({"scores": [{"name": "OGRS3", "value": "60", "kind": "fixed"}], "bands_as_issued": {}}, "score kind"),
    ({"scores": [{"name": "OGRS3", "value": "101"}], "bands_as_issued": {}}, "score value"),
    ({"scores": [{"name": "OSP/DC", "value": "65"}], "bands_as_issued": {}}, "score value"),
    ({"scores": [{"name": "OSP/DC", "value": "21.5"}], "bands_as_issued": {}}, "score value"),
    ({"scores": [{"name": "OGRS9", "value": "1"}], "bands_as_issued": {}}, "score name"),
    ({"bands_as_issued": {"OGRS3": "purple"}}, "band_as_issued"),
    ({"bands_as_issued": {"OGP": "low"}}, "band_as_issued"),
    ({"sections": [{"section": 14}]}, "section section"),
])
def test_bad_input_names_the_field_and_saves_nothing(svc, change, field):
    cid = svc.clients.add(name="X")
    before = counts(svc)
    with pytest.raises(ValidationError) as exc:
        _oasys(svc, cid, **change)
    assert field in exc.value.errors
    assert str(exc.value).startswith(field.replace("_", " ") + ":") or len(exc.value.errors) > 1
    assert counts(svc) == before


def test_today_is_the_services_clock_not_the_machines(svc, fixed_clock):
    cid = svc.clients.add(name="X")
    assert _oasys(svc, cid, date=TEST_TODAY.isoformat())
    fixed_clock.set(dt.date(2026, 11, 30))
    assert _oasys(svc, cid, date="2026-11-29")


def test_a_record_of_another_client_is_refused_and_nothing_is_saved(svc):
    a, b = svc.clients.add(name="A"), svc.clients.add(name="B")
    theirs = _oasys(svc, b)
    their_factor = svc.risk_factors.add(b, "Emotional management")
    before = counts(svc)
    with pytest.raises(ValidationError) as exc:
        svc.risk_factors.add(a, "Thinking skills", assessments=[theirs])
    assert exc.value.errors == {"assessment": "must be an assessment of the same client"}
    with pytest.raises(ValidationError) as exc:
        svc.risk_factors.add(a, "Thinking skills", assessments=[999])
    assert exc.value.errors == {"assessment": "must be an assessment of the same client"}
    with pytest.raises(ValidationError) as exc:
        svc.evidence.add(a, kind="accredited programme", date="2026-05-01", title="Kaizen",
                         factors=[their_factor])
    assert exc.value.errors == {"factor": "must be a risk factor of the same client"}
    with pytest.raises(NotFound):
        svc.evidence.add(999, kind="accredited programme", date="2026-05-01", title="Kaizen")
    assert counts(svc) == before


def test_evidence_validates_kind_date_title_and_page(svc):
    cid = svc.clients.add(name="X")
    before = counts(svc)
    with pytest.raises(ValidationError) as exc:
        svc.evidence.add(cid, kind="hearsay", date="2027-01-01", title=" ", page="0")
    assert set(exc.value.errors) == {"kind", "date", "title", "page"}
    assert counts(svc) == before


def test_the_matrix_lists_each_factor_with_its_evidence_and_marks_gaps(svc):
    cid = svc.clients.add(name="Imelda Quarrie")
    other = svc.clients.add(name="Other")
    aid = _oasys(svc, cid)
    sexual = svc.risk_factors.add(cid, "Sexual preoccupation", assessments=[(aid, "11.4"), aid])
    emotions = svc.risk_factors.add(cid, "Emotional management")
    svc.risk_factors.add(other, "Substance misuse")
    late = svc.evidence.add(cid, kind="accredited programme", date="2026-09-01", title="Kaizen completed",
                            factors=[sexual], source="Post-programme report", page="3")
    early = svc.evidence.add(cid, kind="one-to-one-work", date="2026-04-01",
                             title="One-to-one work on arousal", factors=[sexual, sexual])
    plan = svc.evidence.add(cid, kind="Release plan", date="2026-01-10", title="Approved premises place",
                            factors=[sexual])
    rows = svc.risk_factors.matrix(cid)
    # present (by date) before future, whatever the dates: the order the Parole Board reads a case in
    assert [(r.factor.id, r.evidence, r.gap) for r in rows] == [(sexual, [early, late, plan], False),
                                                                (emotions, [], True)]
    assert [(link.assessment_id, link.section) for link in svc.risk_factors.assessments_of(sexual)] == [
        (aid, "11.4"), (aid, "")]
    assert svc.evidence.factors_of(early) == [sexual]
    assert [h.ref_id for h in svc.search.query("kaizen", kinds=("evidence",))] == [late]
    assert [h.ref_id for h in svc.search.query("arousal")] == [early]
    assert [h.kind for h in svc.search.query("preoccupation")] == ["risk-factor"]
    with pytest.raises(NotFound):
        svc.risk_factors.matrix(999)


def test_deleting_evidence_or_a_client_takes_links_and_index_entries_with_it(svc):
    cid = svc.clients.add(name="X")
    f = svc.risk_factors.add(cid, "Intimate relationships")
    e = svc.evidence.add(cid, kind="behaviour", date="2026-06-01", title="Enhanced incentives level",
                         factors=[f])
    svc.evidence.delete(e)
    assert svc.risk_factors.matrix(cid)[0].gap and svc.search.query("incentives") == []
    assert [a.action for a in svc.audit.entries("evidence", e)] == ["delete", "create"]
    svc.clients.delete(cid)
    assert counts(svc)["risk_factors"] == 0


def test_a_stored_score_the_thresholds_no_longer_accept_still_lists(svc):
    cid = svc.clients.add(name="X")
    aid = _oasys(svc, cid)
    svc.cb.conn.execute("UPDATE assessment_scores SET value = 150 WHERE name = 'ogrs3'")
    ogrs3 = svc.assessments.as_json(svc.assessments.get(aid))["scores"][0]
    assert (ogrs3["value"], ogrs3["band"], ogrs3["band_as_issued"]) == (150, None, "high")
