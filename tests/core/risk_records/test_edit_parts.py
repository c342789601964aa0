"""Editing an assessment's parts (RoSH levels, scores, section flags) in one go, unlinking factors, and
score errors that say which row is wrong."""

from __future__ import annotations

import pytest

from casebook.errors import NotFound, ValidationError
from tests.core.risk_records.test_services import _oasys, counts


def _parts(svc, aid):
    a = svc.assessments
    return ([(r.risk_group, r.setting, r.level) for r in a.rosh_of(aid)],
            [(s.name, s.value, s.kind, s.band_as_issued) for s in a.scores_of(aid)],
            [(s.section, s.linked_to_harm, s.linked_to_offending) for s in a.sections_of(aid)])


def test_update_replaces_the_parts_given_and_keeps_the_others(svc):
    cid = svc.clients.add(name="Oswin Treadgold")
    aid = _oasys(svc, cid)
    rosh_before = _parts(svc, aid)[0]
    diff = svc.assessments.update(aid, author="B. Probation",
                                  scores=[{"name": "OGRS3", "value": "58", "kind": "static"}],
                                  bands_as_issued={"ogrs3": "medium"},
                                  sections=[{"section": 6, "linked_to_offending": True},
                                            {"section": 11, "linked_to_harm": True}])
    rosh, scores, sections = _parts(svc, aid)
    assert rosh == rosh_before
    assert scores == [("ogrs3", 58.0, "static", "medium")]
    assert sections == [(6, False, True), (11, True, False)]
    assert diff["author"] == ["A. Probation", "B. Probation"]
    assert [s["name"] for s in diff["scores"][0]] == ["ogrs3", "ovp"] and len(diff["scores"][1]) == 1
    assert "rosh" not in diff
    entries = [(e.action, e.entity) for e in svc.audit.entries()][:6]  # newest first
    assert ("create", "score") in entries and ("delete", "score") in entries
    assert svc.assessments.as_json(svc.assessments.get(aid))["scores"][0]["band"] == "medium"


def test_replace_parts_with_an_empty_list_removes_them_and_the_same_parts_change_nothing(svc):
    cid = svc.clients.add(name="X")
    aid = _oasys(svc, cid)
    rosh = [{"risk_group": r.risk_group, "setting": r.setting, "level": r.level}
            for r in svc.assessments.rosh_of(aid)]
    audit = counts(svc)["audit"]
    assert svc.assessments.replace_parts(aid, rosh=list(reversed(rosh))) == {}
    assert counts(svc)["audit"] == audit
    assert svc.assessments.replace_parts(aid, rosh=[])["rosh"][1] == []
    assert svc.assessments.rosh_of(aid) == []


def test_a_band_as_issued_alone_changes_the_stored_score(svc):
    cid = svc.clients.add(name="X")
    aid = _oasys(svc, cid)
    svc.assessments.update(aid, bands_as_issued={"OVP": "high"})
    assert [(s.name, s.band_as_issued) for s in svc.assessments.scores_of(aid)] == [
        ("ogrs3", "high"), ("ovp", "high")]


@pytest.mark.parametrize(("change", "field"), [
    ({"date": "2026-11-27"}, "date"),
    ({"rosh": [{"risk_group": "public", "setting": "custody", "level": "extreme"}]}, "rosh level"),
    ({"scores": [{"name": "OGRS3", "value": "50"}, {"name": "OGRS3", "value": "101"}]}, "score value"),
    ({"scores": [{"name": "OGRS3", "value": "50"}], "bands_as_issued": {"OGP": "low"}}, "band_as_issued"),
    ({"bands_as_issued": {"OGP": "low"}}, "band_as_issued"),
    ({"sections": [{"section": 0}]}, "section section"),
    ({"author": "New", "scores": [{"name": "OGRS3", "value": "lots"}]}, "score value"),
])
def test_bad_input_in_an_update_saves_nothing(svc, change, field):
    cid = svc.clients.add(name="X")
    aid = _oasys(svc, cid)
    before, parts, a = counts(svc), _parts(svc, aid), svc.assessments.get(aid)
    with pytest.raises(ValidationError) as exc:
        svc.assessments.update(aid, **change)
    assert field in exc.value.errors
    assert counts(svc) == before and _parts(svc, aid) == parts and svc.assessments.get(aid) == a
    with pytest.raises(NotFound):
        svc.assessments.update(9999, **change)


def test_a_score_error_names_the_row_and_keeps_the_message(svc):
    cid = svc.clients.add(name="X")
    with pytest.raises(ValidationError) as exc:
        _oasys(svc, cid, bands_as_issued={},
               scores=[{"name": "OGRS3", "value": "50"}, {"name": "OGRS3", "value": "50"},
                       {"name": "OSP/DC", "value": "65"}])
    message = exc.value.errors["score value"]
    assert message.startswith("Score 3 (OSP/DC): ") and message.endswith("from 0 to 64 (64-point score)")
    with pytest.raises(ValidationError) as exc:
        _oasys(svc, cid, bands_as_issued={}, scores=[{"name": "OGRS3", "value": "50"},
                                                    {"name": "nonsense", "value": "1"}])
    assert exc.value.errors["score name"].startswith("Score 2: ")
    assert str(exc.value).startswith("score name: Score 2: ")


def test_a_factor_is_unlinked_from_an_assessment_and_from_evidence(svc):
    cid = svc.clients.add(name="Imelda Quarrie")
    aid = _oasys(svc, cid)
    f = svc.risk_factors.add(cid, "Sexual preoccupation", assessments=[(aid, "11.4"), (aid, "R6.1")])
    e = svc.evidence.add(cid, kind="behaviour", date="2026-06-01", title="Enhanced", factors=[f])
    assert svc.risk_factors.unlink(f, aid, "11.4") == 1
    assert [link.section for link in svc.risk_factors.assessments_of(f)] == ["R6.1"]
    assert svc.risk_factors.unlink(f, aid) == 1 and svc.risk_factors.assessments_of(f) == []
    assert svc.risk_factors.unlink(f, aid) == 0
    assert svc.evidence.unlink(e, f) == 1
    assert svc.evidence.factors_of(e) == [] and svc.risk_factors.matrix(cid)[0].gap
    assert svc.evidence.unlink(e, "x") == 0
    deletes = [e.entity for e in svc.audit.entries() if e.action == "delete"]
    assert deletes == ["evidence-factor", "factor-link", "factor-link"]
    with pytest.raises(NotFound):
        svc.evidence.unlink(9999, f)
    with pytest.raises(NotFound):
        svc.risk_factors.unlink(9999, aid)
