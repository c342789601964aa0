"""The release check: our dates beside the prison's, and life/IPP review milestones from the casebook.

Dates are worked by hand (docs/rules-sources.md, "Life and IPP/DPP milestones";
Victims and Prisoners Act 2024 s.66: qualifying period 3 years for IPP, 2 for DPP, from first release;
automatic termination 2 years after that).
"""

from __future__ import annotations

import datetime as dt
import json

from casebook.services.release import explain_difference, licence_history

TODAY = dt.date(2026, 11, 26)


def _ipp_client(svc, kind="IPP", minimum_term="P4Y", sentence_date="2010-01-01", **prison_dates):
    cid = svc.clients.add(name="Ann Example",
                          prison_dates={k: dt.date.fromisoformat(v) for k, v in prison_dates.items()})
    svc.clients.add_sentence(cid, sentence_type=kind, sentence_date=sentence_date, minimum_term=minimum_term,
                             offence="Robbery")
    return cid


def _codes(check):
    return {m.code: m.date for m in check.milestones}


def test_ipp_in_custody_gets_tariff_sift_and_review_start(svc):
    cid = _ipp_client(svc, TED="2013-12-31")
    check = svc.release.check(cid, today=TODAY)
    # TED: a term of 4 years from 1 January 2010 counted inclusively (PSI 03/2015 para 5.5 convention,
    # UNCONFIRMED for tariffs) ends 31 December 2013 — the prison's date too.
    assert _codes(check) == {
        "PRE_TARIFF_SIFT": dt.date(2010, 12, 31),  # TED − 3 years (tariff of 4 years or more)
        "REVIEW_START": dt.date(2013, 6, 30),      # TED − 6 months (31 June → the month's last day)
        "TED": dt.date(2013, 12, 31),
    }
    assert check.refusal and "indeterminate" in check.refusal
    [ted] = [c for c in check.comparisons if c.code == "TED"]
    assert (ted.ours, ted.prisons, ted.differs) == (dt.date(2013, 12, 31), dt.date(2013, 12, 31), False)
    assert not any(m.confirmed for m in check.milestones)  # all UNCONFIRMED (docs/rules-sources.md)
    labels = [label for label, _d, _x in check.timeline_marks()]
    assert labels == ["TED", "Pre-tariff sift", "Review starts"]


def test_short_tariff_has_no_pre_tariff_sift(svc):
    cid = _ipp_client(svc, minimum_term="P3Y364D")
    assert "PRE_TARIFF_SIFT" not in _codes(svc.release.check(cid, today=TODAY))


def test_ipp_licence_termination_milestones_from_first_release(svc):
    cid = _ipp_client(svc)
    mid = svc.matters.add(cid, "ipp-licence-termination")
    svc.chronology.add(mid, "2023-02-28", "ipp-licence-start", "Released on licence")
    check = svc.release.check(cid, today=TODAY)
    assert check.licence.first_release == dt.date(2023, 2, 28)
    assert check.licence.recalled_since_release is False
    codes = _codes(check)
    # 3 years beginning with 28 February 2023 end on 27 February 2026: referral due from 28 February 2026;
    # 2 further years end on 27 February 2028, when the licence ends.
    assert codes["IPP_QUALIFYING"] == dt.date(2026, 2, 28)
    assert codes["IPP_AUTOMATIC_TERMINATION"] == dt.date(2028, 2, 27)
    by = {m.code: m for m in check.milestones}
    assert not by["IPP_QUALIFYING"].confirmed and "s.66" in by["IPP_QUALIFYING"].source
    assert not by["IPP_AUTOMATIC_TERMINATION"].confirmed
    assert "no recall recorded" in by["IPP_AUTOMATIC_TERMINATION"].arithmetic


def test_dpp_qualifying_period_is_two_years_and_a_recall_is_noted(svc):
    cid = _ipp_client(svc, kind="DPP", minimum_term="P2Y")
    mid = svc.matters.add(cid, "ipp-licence-termination")
    svc.chronology.add(mid, "2020-02-29", "ipp-licence-start", "Released on licence")
    svc.chronology.add(mid, "2021-05-01", "recall", "Licence revoked")
    check = svc.release.check(cid, today=TODAY)
    codes = _codes(check)
    # 2 years beginning with 29 February 2020 end on 28 February 2022; the referral duty arises the day
    # after, 1 March 2022 — before the referral provisions came into force: 1 February 2025.
    assert codes["IPP_QUALIFYING"] == dt.date(2025, 2, 1)
    by = {m.code: m for m in check.milestones}
    assert "1 March 2022" in by["IPP_QUALIFYING"].arithmetic
    assert check.licence.recalled_since_release is True
    # Recalled and not re-released: the licence is not in force, so no automatic termination date.
    assert "IPP_AUTOMATIC_TERMINATION" not in by
    assert any("1 May 2021" in n and "Re-released on licence" in n for n in check.licence.notes)
    assert any("1 May 2021" in line for line in check.text_lines())


def test_issue_example_recall_and_re_release_restart_the_two_years(svc):
    # First released 10 January 2021, recalled 1 June 2024, re-released 1 March 2025: the referral is
    # due from 1 February 2025 (commencement) and the licence ends at the end of 28 February 2027.
    cid = _ipp_client(svc)
    mid = svc.matters.add(cid, "ipp-licence-termination")
    rid = svc.matters.add(cid, "recall-review")
    svc.chronology.add(mid, "2021-01-10", "ipp-licence-start", "Released")
    svc.chronology.add(rid, "2024-06-01", "recall", "Recalled")  # in the recall matter
    svc.chronology.add(rid, "2025-03-01", "re-release", "Re-released")
    codes = _codes(svc.release.check(cid, today=TODAY))
    assert codes["IPP_QUALIFYING"] == dt.date(2025, 2, 1)
    assert codes["IPP_AUTOMATIC_TERMINATION"] == dt.date(2027, 2, 28)
    dues = {d.rule_id: d.due for d in svc.deadlines.list(mid, today=TODAY)}
    assert dues["vpa2024-ipp-automatic-termination"] == dt.date(2027, 2, 28)
    assert dues["vpa2024-ipp-termination-review"] == dt.date(2025, 2, 1)


def test_changing_the_chronology_changes_the_milestones(svc):
    cid = _ipp_client(svc)
    mid = svc.matters.add(cid, "ipp-licence-termination")
    eid = svc.chronology.add(mid, "2023-02-28", "ipp-licence-start", "Released on licence")
    assert "IPP_QUALIFYING" in _codes(svc.release.check(cid, today=TODAY))
    svc.chronology.delete(eid)
    assert "IPP_QUALIFYING" not in _codes(svc.release.check(cid, today=TODAY))


def test_a_life_licence_is_not_terminable(svc):
    cid = _ipp_client(svc, kind="LIFE", minimum_term="P12Y")
    mid = svc.matters.add(cid, "parole-review")
    svc.chronology.add(mid, "2023-02-28", "ipp-licence-start", "Recorded in error on a life case")
    check = svc.release.check(cid, today=TODAY)
    assert "IPP_QUALIFYING" not in _codes(check)
    assert check.licence.first_release is None


def test_licence_history_ignores_a_recall_before_first_release():
    class E:
        def __init__(self, date, type):  # noqa: A002
            self.date, self.type = dt.date.fromisoformat(date), type

    events = [E("2019-01-01", "recall"), E("2020-01-01", "ipp-licence-start")]
    h = licence_history(events, {"IPP"})
    assert (h.first_release, h.recalled_since_release) == (dt.date(2020, 1, 1), False)
    assert licence_history(events, {"SDS"}).first_release is None


def test_determinate_difference_is_reported_with_both_workings(svc):
    cid = svc.clients.add(name="Bea Example", prison_dates={"CRD": dt.date(2026, 3, 10)})
    # The arithmetic is the oracle suite's business; here: a sheet date that no rule gives is flagged.
    svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="2025-01-10", custodial_term="P3Y",
                             offence="Burglary")
    check = svc.release.check(cid, today=TODAY)
    assert check.refusal is None
    [crd] = [c for c in check.comparisons if c.code == "CRD"]
    assert crd.differs and crd.ours != dt.date(2026, 3, 10) and crd.working
    assert [c.code for c in check.differing] == ["CRD"]
    assert any("DIFFERS" in line for line in check.text_lines())
    doc = json.loads(json.dumps(check.as_json(), default=str))
    assert doc["refusal"] is None and {d["code"] for d in doc["dates"]} >= {"CRD", "SLED"}
    assert doc["milestones"] == []


def test_no_sentences_says_so(svc):
    cid = svc.clients.add(name="Cy Example")
    check = svc.release.check(cid, today=TODAY)
    assert check.refusal == "no sentences recorded" and check.comparisons == [] and check.start is None


def test_licence_milestones_agree_with_the_deadline_rules(svc):
    """The same statute drives the Overview's milestones and the matter's deadlines: they must agree."""
    for kind, released in (("IPP", "2023-02-28"), ("IPP", "2019-07-31"), ("DPP", "2024-02-29"),
                           ("IPP", "2017-01-01")):
        cid = _ipp_client(svc, kind=kind, minimum_term="P2Y")
        mid = svc.matters.add(cid, "ipp-licence-termination")
        svc.chronology.add(mid, released, "ipp-licence-start", "Released on licence")
        milestones = {m.code: m.date for m in svc.release.check(cid, today=TODAY).milestones}
        deadlines = {d.rule_id: d for d in svc.deadlines.list(mid, today=TODAY)}
        auto = next(v for k, v in deadlines.items() if k.endswith("automatic-termination"))
        review = next(v for k, v in deadlines.items() if k.endswith("termination-review"))
        assert milestones["IPP_AUTOMATIC_TERMINATION"] == auto.due, (kind, released)
        if review.closed_by:
            # Released 1 January 2017: the licence ended automatically on 1 November 2024, before a
            # referral was due (1 February 2025), so the referral is closed and not shown as a milestone.
            assert auto.due < review.due and review.status == "done", (kind, released)
            assert "IPP_QUALIFYING" not in milestones
        else:
            assert milestones["IPP_QUALIFYING"] == review.due, (kind, released)
    assert released == "2017-01-01" and review.closed_by and "1 November 2024" in review.closed_by


class _Adj:
    def __init__(self, kind, days):
        self.kind, self.days = kind, days


def test_explain_difference_names_an_uncredited_adjustment():
    ours = dt.date(2027, 3, 1)
    remand = [_Adj("REMAND", 41), _Adj("ADA", 14)]
    text = explain_difference(ours, dt.date(2027, 4, 11), remand)  # 41 days later
    assert text.startswith("The prison's date is 41 days later than ours.")
    assert "41 days of remand in custody recorded here: has the prison credited it?" in text
    text = explain_difference(ours, dt.date(2027, 2, 15), remand)  # 14 days earlier
    assert "14 days earlier" in text
    assert "additional days awarded recorded here: has the prison added it?" in text
    both = [_Adj("REMAND", 20), _Adj("TAGGED_BAIL", 10)]
    assert "all the credit for time on remand or tagged bail recorded here (30 days)" in \
        explain_difference(ours, dt.date(2027, 3, 31), both)
    assert "counting the first or last day" in explain_difference(ours, dt.date(2027, 3, 2), [])
    assert explain_difference(ours, dt.date(2027, 3, 9),
                              remand) == "The prison's date is 8 days later than ours."
    assert explain_difference(ours, ours, remand) == ""


def test_release_check_carries_the_hint_to_json_and_text(svc):
    cid = svc.clients.add(name="Dee Example")
    svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="2025-01-10", custodial_term="P3Y")
    svc.clients.add_adjustment(cid, "REMAND", 41)
    ours = {c.code: c.ours for c in svc.release.check(cid, today=TODAY).comparisons}
    svc.clients.update(cid, prison_dates={"CRD": ours["CRD"] + dt.timedelta(days=41)})
    check = svc.release.check(cid, today=TODAY)
    [crd] = check.differing
    assert "has the prison credited it?" in crd.hint
    assert any("has the prison credited it?" in line for line in check.text_lines())
    assert next(d for d in check.as_json()["dates"] if d["code"] == "CRD")["hint"] == crd.hint
