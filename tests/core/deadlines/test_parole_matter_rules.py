"""Issue 12's rules, each worked by hand from the rule text (the working is in the comments).

Weekdays: Fri 25 Dec 2026 (Christmas Day), Sat 26 Dec 2026, Mon 28 Dec 2026 (Boxing Day substitute
bank holiday), Thu 24 Dec 2026, Sat 13 Mar 2027.
"""

from __future__ import annotations

import datetime as dt

from casebook.deadlines import MatterFacts, TriggerEvent, WorkingCalendar, compute, default_rules

from .helpers import computation, dues

D = dt.date
IPP = MatterFacts("ipp-licence-termination", frozenset({"IPP"}), client_id=7)
DPP = MatterFacts("ipp-licence-termination", frozenset({"DPP"}), client_id=7)


def _licence(first: dt.date, *moves: tuple[dt.date, str], facts=IPP, commencements=None, roll=False):
    """The IPP/DPP licence rules for a first release in matter 1 and recalls / re-releases in matter 2
    (the recall matter) of the same client."""
    start = TriggerEvent(1, 1, first, "ipp-licence-start", client_id=7)
    context = [TriggerEvent(10 + i, 2, day, kind, client_id=7) for i, (day, kind) in enumerate(moves)]
    return compute([start], facts, default_rules(), WorkingCalendar(), roll_non_working=roll,
                   context_events=context, commencements=commencements)


def _dues(comp):
    return {d.rule.id: d.due for d in comp.deadlines}


# ----------------------------------------------------------------------------- IPP / DPP licences
def test_issue_example_recall_and_re_release_after_the_qualifying_period():
    # First release 10 Jan 2021: the qualifying period (3 years beginning with that day) ends on 9 Jan
    # 2024; the referral duty arose on commencement, 1 Feb 2025. Recalled 1 Jun 2024 (before the 2
    # continuous years ran out on 9 Jan 2026), re-released 1 Mar 2025: 2 years beginning with 1 Mar 2025
    # end on 28 Feb 2027.
    comp = _licence(D(2021, 1, 10), (D(2024, 6, 1), "recall"), (D(2025, 3, 1), "re-release"))
    got = _dues(comp)
    assert got["vpa2024-ipp-termination-review"] == D(2025, 2, 1)
    assert got["vpa2024-ipp-automatic-termination"] == D(2027, 2, 28)
    auto = next(d for d in comp.deadlines if d.rule.id == "vpa2024-ipp-automatic-termination")
    assert auto.restarted_from is not None and auto.restarted_from.date == D(2025, 3, 1)
    assert any("1 March 2025" in c for c in auto.caveats)
    review = next(d for d in comp.deadlines if d.rule.id == "vpa2024-ipp-termination-review")
    assert review.closed_by_rule is None  # 28 Feb 2027 is after the referral date


def test_recall_and_re_release_inside_the_qualifying_period_change_nothing():
    # First release 10 Jan 2021; recalled 1 Jun 2022, re-released 1 Jan 2023. The 2 continuous years
    # cannot begin before the qualifying period expired (end of 9 Jan 2024), so they run 10 Jan 2024 –
    # 9 Jan 2026 whatever happened before: re-release + 2 years (31 Dec 2024) is earlier.
    got = _dues(_licence(D(2021, 1, 10), (D(2022, 6, 1), "recall"), (D(2023, 1, 1), "re-release")))
    assert got["vpa2024-ipp-automatic-termination"] == D(2026, 1, 9)
    assert got["vpa2024-ipp-termination-review"] == D(2025, 2, 1)


def test_recall_with_no_re_release_gives_no_automatic_date_and_says_why():
    comp = _licence(D(2022, 3, 1), (D(2025, 9, 1), "recall"))
    assert "vpa2024-ipp-automatic-termination" not in _dues(comp)
    [why] = [n.reason for n in comp.not_applied if n.rule.id == "vpa2024-ipp-automatic-termination"]
    assert "1 September 2025" in why and "Re-released on licence after a recall" in why
    # The referral still falls due: the qualifying period runs from the first release, recalled or not.
    assert _dues(comp)["vpa2024-ipp-termination-review"] == D(2025, 3, 1)


def test_re_release_after_the_qualifying_period_restarts_the_two_years():
    # First release 1 Mar 2022: qualifying period ends 28 Feb 2025, referral due 1 Mar 2025; without a
    # recall the licence would end on 28 Feb 2027. Recalled 1 Sep 2025, re-released 1 Jun 2026: 2 years
    # beginning with 1 Jun 2026 end on 31 May 2028.
    got = _dues(_licence(D(2022, 3, 1), (D(2025, 9, 1), "recall"), (D(2026, 6, 1), "re-release")))
    assert got["vpa2024-ipp-automatic-termination"] == D(2028, 5, 31)
    assert got["vpa2024-ipp-termination-review"] == D(2025, 3, 1)


def test_second_recall_and_re_release():
    # 1 Mar 2022 release; recall 1 Sep 2025, re-release 1 Jun 2026 (→ 31 May 2028); recalled again
    # 1 Feb 2027, re-released 15 Aug 2027 → 2 years beginning with 15 Aug 2027 end on 14 Aug 2029.
    got = _dues(_licence(D(2022, 3, 1), (D(2025, 9, 1), "recall"), (D(2026, 6, 1), "re-release"),
                         (D(2027, 2, 1), "recall"), (D(2027, 8, 15), "re-release")))
    assert got["vpa2024-ipp-automatic-termination"] == D(2029, 8, 14)


def test_recall_after_the_licence_ended_is_ignored():
    # Released 1 Mar 2022 → licence ends 28 Feb 2027; a "recall" recorded on 1 Jun 2027 cannot revive it.
    got = _dues(_licence(D(2022, 3, 1), (D(2027, 6, 1), "recall")))
    assert got["vpa2024-ipp-automatic-termination"] == D(2027, 2, 28)


def test_recall_before_commencement_stops_the_transitional_termination():
    # Released 1 Jan 2019: the 2 further years ran out on 31 Dec 2023, so the licence would have ended
    # on commencement (1 Nov 2024); but it was revoked on 1 Jun 2024 and the prisoner re-released on
    # 1 Mar 2025: 2 years beginning with 1 Mar 2025 end on 28 Feb 2027.
    got = _dues(_licence(D(2019, 1, 1), (D(2024, 6, 1), "recall"), (D(2025, 3, 1), "re-release")))
    assert got["vpa2024-ipp-automatic-termination"] == D(2027, 2, 28)


def test_automatic_termination_before_the_referral_closes_the_referral():
    # Released 1 Jun 2019, never recalled: the licence ended on 1 Nov 2024 (automatic termination in
    # force; its date 31 May 2024 had passed), before a referral fell due on 1 Feb 2025.
    comp = _licence(D(2019, 6, 1))
    by = {d.rule.id: d for d in comp.deadlines}
    assert by["vpa2024-ipp-automatic-termination"].due == D(2024, 11, 1)
    review = by["vpa2024-ipp-termination-review"]
    assert review.due == D(2025, 2, 1)
    assert review.closed_by_rule is by["vpa2024-ipp-automatic-termination"]


def test_dpp_recall_and_re_release():
    # DPP released 10 Jan 2021: qualifying period 2 years (ends 9 Jan 2023); referral due on
    # commencement 1 Feb 2025; recalled 1 Jun 2024, re-released 1 Mar 2025 → licence ends 28 Feb 2027.
    got = _dues(_licence(D(2021, 1, 10), (D(2024, 6, 1), "recall"), (D(2025, 3, 1), "re-release"), facts=DPP))
    assert got == {"vpa2024-dpp-termination-review": D(2025, 2, 1),
                   "vpa2024-dpp-automatic-termination": D(2027, 2, 28)}


def test_statutory_termination_date_is_never_rolled():
    # Released 14 Mar 2022 → the licence ends on Saturday 13 Mar 2027, switch on or off.
    plain = _dues(_licence(D(2022, 3, 14)))
    rolled = _dues(_licence(D(2022, 3, 14), roll=True))
    assert plain["vpa2024-ipp-automatic-termination"] == D(2027, 3, 13)
    assert rolled["vpa2024-ipp-automatic-termination"] == D(2027, 3, 13)


def test_recall_in_the_same_matter_counts_too():
    facts = MatterFacts("ipp-licence-termination", frozenset({"IPP"}))  # no client recorded
    events = [TriggerEvent(1, 1, D(2021, 1, 10), "ipp-licence-start"),
              TriggerEvent(2, 1, D(2024, 6, 1), "recall"), TriggerEvent(3, 1, D(2025, 3, 1), "re-release")]
    got = {d.rule.id: d.due for d in compute(events, facts, default_rules()).deadlines}
    assert got["vpa2024-ipp-automatic-termination"] == D(2027, 2, 28)


# ----------------------------------------------------------------------------- Sentencing Act 2026 s.42
def test_sentencing_act_2026_not_in_force_until_its_date_is_set():
    comp = _licence(D(2025, 1, 1))
    assert not any(d.rule.id.startswith("sa2026") for d in comp.deadlines)
    reasons = {n.rule.id: n.reason for n in comp.not_applied}
    assert "commencement date has not been set" in reasons["sa2026-ipp-termination-review"]


def test_sentencing_act_2026_from_its_commencement():
    # Commenced (say) 1 Jun 2026. Released 1 Jan 2025: qualifying period now 2 years → referral due
    # 1 Jan 2027; licence ends after 2 more continuous years, on 31 Dec 2028; the prisoner may ask for a
    # referral after a continuous year on licence beginning when the period expired: from 1 Jan 2028.
    # The 3-year rules are retired: their dates (1 Jan 2028, 31 Dec 2029) fall after commencement.
    comp = _licence(D(2025, 1, 1), commencements={"sa2026-s42": D(2026, 6, 1)})
    got = _dues(comp)
    assert got == {"sa2026-ipp-termination-review": D(2027, 1, 1),
                   "sa2026-ipp-automatic-termination": D(2028, 12, 31),
                   "sa2026-referral-on-request": D(2028, 1, 1)}


def test_sentencing_act_2026_transition_for_an_earlier_release():
    # Released 1 Jan 2023, s.42 in force 1 Jun 2026: the 3-year referral was already due on 1 Jan 2026
    # and stays; the 2-year one would fall on 1 Jan 2025, so it arises on commencement and is closed by
    # the earlier referral. The licence now ends after 2 + 2 years: 31 Dec 2026 (the old 5-year date,
    # 31 Dec 2027, is after commencement, so that rule is retired).
    comp = _licence(D(2023, 1, 1), commencements={"sa2026-s42": D(2026, 6, 1)})
    by = {d.rule.id: d for d in comp.deadlines}
    assert by["vpa2024-ipp-termination-review"].due == D(2026, 1, 1)
    assert by["sa2026-ipp-termination-review"].due == D(2026, 6, 1)
    assert by["sa2026-ipp-termination-review"].closed_by_rule is by["vpa2024-ipp-termination-review"]
    assert by["sa2026-ipp-automatic-termination"].due == D(2026, 12, 31)
    assert "vpa2024-ipp-automatic-termination" not in by


def test_request_referral_restarts_after_re_release():
    # s.42 in force 1 Jun 2026. Released 1 Jan 2025; recalled 1 Sep 2027 (before the year on licence
    # ran out on 31 Dec 2027), re-released 1 Mar 2028: a continuous year from 1 Mar 2028 → request from
    # 1 Mar 2029.
    got = _dues(_licence(D(2025, 1, 1), (D(2027, 9, 1), "recall"), (D(2028, 3, 1), "re-release"),
                         commencements={"sa2026-s42": D(2026, 6, 1)}))
    assert got["sa2026-referral-on-request"] == D(2029, 3, 1)


# ----------------------------------------------------------------------------- reconsideration
def test_r28_after_refused_oral_hearing_request_and_after_r21_decision():
    # Refusal provided 1 Oct 2024 → 22 Oct 2024 (21 days); r.21 decision 2 Nov 2026 → 23 Nov 2026.
    refused = dues("oral-hearing-request-refused", D(2024, 10, 1))
    assert refused == {"pbr2019-r28-after-r20-refusal": D(2024, 10, 22)}
    r21 = dues("paper-decision-r21", D(2026, 11, 2))
    assert r21 == {"pbr2019-r28-after-r21-decision": D(2026, 11, 23)}


def test_determinate_recall_gets_no_r28_item():
    sds_recall = MatterFacts("recall-review", frozenset({"SDS"}))
    for trigger in ("decision-provisional", "oral-hearing-request-refused", "paper-decision-r21",
                    "paper-decision-negative"):
        comp = computation(trigger, D(2026, 11, 2), sds_recall)
        assert not any(d.rule.id.startswith("pbr2019-r28-") and "r28a" not in d.rule.id
                       for d in comp.deadlines), trigger
        assert any("SDS" in n.reason for n in comp.not_applied), trigger


def test_board_released_determinate_sentence_in_a_parole_review_gets_r28_with_a_caveat():
    sds_parole = MatterFacts("parole-review", frozenset({"SDS"}))
    comp = computation("decision-provisional", D(2026, 11, 2), sds_parole)
    [r28] = [d for d in comp.deadlines if d.rule.id == "pbr2019-r28-3-reconsideration"]
    assert r28.due == D(2026, 11, 23)
    assert any("s.244ZB" in c for c in r28.caveats)


def test_serious_terrorism_sentence_recall_is_eligible():
    sts = MatterFacts("recall-review", frozenset({"STS"}))
    got = dues("decision-provisional", D(2026, 11, 2), sts)
    assert got["pbr2019-r28-3-reconsideration"] == D(2026, 11, 23)


# ----------------------------------------------------------------------------- recall
def test_recall_representations_are_due_at_referral_not_four_weeks_later():
    facts = MatterFacts("recall-review", frozenset({"SDS"}))
    got = dues("referral", D(2026, 12, 1), facts)
    assert got["pbr2019-r18-1b-recall-representations"] == D(2026, 12, 1)
    assert "pbr2019-r18-representations" not in got
    lifer = dues("referral", D(2026, 12, 1))
    assert lifer["pbr2019-r18-representations"] == D(2026, 12, 29)
    assert "pbr2019-r18-1b-recall-representations" not in lifer


def test_standard_recall_review_and_ipp_executive_release():
    # CJA 2003 s.255C(4): "the period of 28 days beginning with the date on which P returns to
    # custody" counts the day of return as day 1. Returned Mon 2 Nov 2026 → the period ends
    # Sun 29 Nov 2026 (2 Nov + 27 days). The s.32ZZA reminder is Casebook's own 28 days after: 30 Nov.
    ipp = MatterFacts("recall-review", frozenset({"IPP"}))
    got = dues("returned-to-custody", D(2026, 11, 2), ipp)
    assert got == {"recall-standard-review": D(2026, 11, 29),
                   "vpa2024-s32zza-ipp-executive-release": D(2026, 11, 30)}
    sds = dues("returned-to-custody", D(2026, 11, 2), MatterFacts("recall-review", frozenset({"SDS"})))
    assert sds == {"recall-standard-review": D(2026, 11, 29)}


def test_standard_recall_referral_period_includes_the_day_of_return():
    sds = MatterFacts("recall-review", frozenset({"SDS"}))
    # Returned Wed 1 Oct 2025: day 1 is 1 Oct, day 28 is Tue 28 Oct 2025 (not 29 Oct).
    assert dues("returned-to-custody", D(2025, 10, 1), sds) == {"recall-standard-review": D(2025, 10, 28)}
    # Across a month end: returned Sat 31 Jan 2026 → day 28 is Fri 27 Feb 2026 (31 Jan + 27 days).
    assert dues("returned-to-custody", D(2026, 1, 31), sds) == {"recall-standard-review": D(2026, 2, 27)}
    rule = default_rules().by_id("recall-standard-review")
    assert rule.confirmed and rule.period_start == "trigger-day"
    assert rule.period_text == "28 days beginning with"


def test_standard_recall_review_closed_by_referral():
    facts = MatterFacts("recall-review", frozenset({"SDS"}))
    events = [TriggerEvent(1, 1, D(2026, 11, 2), "returned-to-custody"),
              TriggerEvent(2, 1, D(2026, 11, 20), "referral")]
    comp = compute(events, facts, default_rules())
    [review] = [d for d in comp.deadlines if d.rule.id == "recall-standard-review"]
    assert review.superseded_by is not None and review.superseded_by.id == 2


# ----------------------------------------------------------------------------- lifers
def test_lifer_review_two_years_after_disposal():
    # Final decision 5 Nov 2026: the Secretary of State must refer again by the end of the 2 years
    # beginning with it (4 Nov 2028); the prisoner may require a referral after that (from 5 Nov 2028).
    got = dues("decision-final", D(2026, 11, 5))
    assert got["cs1997-s28-6-next-referral-due"] == D(2028, 11, 4)
    assert got["cs1997-s28-7-prisoner-may-require-referral"] == D(2028, 11, 5)
    assert "cs1997-s28-6-next-referral-due" not in dues("decision-final", D(2026, 11, 5),
                                                        MatterFacts("parole-review", frozenset({"EDS"})))


def test_next_review_date_and_its_preparation():
    # Next review set for Wed 1 Sep 2027; 26 weeks before = Wed 3 Mar 2027.
    got = dues("next-review-date", D(2027, 9, 1))
    assert got == {"next-review-date-set": D(2027, 9, 1), "next-review-preparation": D(2027, 3, 3)}


# ----------------------------------------------------------------------------- data protection, adjudications
def test_data_protection_requests_counted_from_sending():
    facts = MatterFacts("complaint", None)
    assert dues("subject-access-request-sent", D(2026, 11, 26), facts) == {
        "dpa2018-s45-subject-access-reply-from-sending": D(2026, 12, 25)}
    # One month beginning with 31 January: from 30 January, 28 February (Dodds v Walker).
    assert dues("rectification-request-sent", D(2027, 1, 31), facts) == {
        "dpa2018-s48-rectification-reply-from-sending": D(2027, 2, 28)}


def test_adjudication_charge_and_independent_adjudicator():
    adj = MatterFacts("adjudication", None)
    got = dues("adjudication-charge-discovered", D(2026, 12, 4), adj)
    assert got == {"pr1999-r53-1-charge-laid": D(2026, 12, 6)}
    assert dues("ia-referral", D(2026, 12, 1), adj) == {"pr1999-r53a-ia-hearing": D(2026, 12, 29)}
    assert dues("ia-referral", D(2026, 12, 1), MatterFacts("parole-review", None)) == {}


def test_letter_before_claim_response_fourteen_days():
    assert dues("letter-before-claim-sent", D(2026, 11, 26), MatterFacts("judicial-review", None)) == {
        "jr-pap-response-expected": D(2026, 12, 10)}


def test_high_court_referral_chase_only_from_commencement():
    assert dues("release-directed", D(2026, 1, 5)) == {"vpa2024-high-court-referral-decision": D(2026, 1, 19)}
    assert dues("release-directed", D(2025, 12, 30)) == {}


def test_standard_recall_referral_only_for_a_standard_recall():
    # CJA 2003 s.255C(4): return 1 Oct 2025 + 27 days = 28 Oct 2025; a fixed-term recall (s.255B) gets none.
    def got(recalls):
        facts = MatterFacts("recall-review", frozenset({"SDS"}), recall_types=recalls)
        comp = compute([TriggerEvent(id=1, matter_id=1, date=D(2025, 10, 1), type="returned-to-custody")],
                       facts, default_rules(), WorkingCalendar())
        return {d.rule.id: d.due for d in comp.deadlines}

    assert got(frozenset({"STANDARD"})) == {"recall-standard-review": D(2025, 10, 28)}
    standard = got(frozenset({"STANDARD"}))
    assert got(None) == got(frozenset()) == got(frozenset({"STANDARD", "FTR28"})) == standard
    assert got(frozenset({"FTR28"})) == {}
