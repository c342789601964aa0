"""Each shipped rule, with due dates worked out by hand from the rule text.

Weekdays used below (anchor: Thursday 26 November 2026): Mon 2 Nov 2026, Sat 14 Nov, Mon 14 Dec,
Thu 24 Dec, Mon 28 Dec (Boxing Day substitute bank holiday), Sat 5 Dec, Mon 7 Dec, Mon 31 Aug 2026
(summer bank holiday), Mon 22 Feb 2027, Mon 15 Mar 2027.
"""

from __future__ import annotations

import datetime as dt

import pytest

from casebook.deadlines import MatterFacts, WorkingCalendar, default_rules

from .helpers import PAROLE_LIFER, computation, dues

D = dt.date
SDS_RECALL = MatterFacts(matter_type="recall-review", sentence_types=frozenset({"SDS"}))


def test_published_reconsideration_example_parfitt():
    # [2020] PBRA 1: decision provided 29 November 2019 → application due by 20 December 2019.
    assert dues("decision-provisional", D(2019, 11, 29))["pbr2019-r28-3-reconsideration"] == D(2019, 12, 20)


def test_paper_refusal_lifer_gets_oral_hearing_and_reconsideration_limits():
    got = dues("paper-decision-negative", D(2026, 11, 2))
    assert got["pbr2019-r20-oral-hearing-application"] == D(2026, 11, 30)  # +28 days
    assert got["pbr2019-r28-reconsideration-paper"] == D(2026, 11, 23)  # +21 days


@pytest.mark.parametrize("sentence", ["LIFE", "IPP", "DPP", "EDS", "EDS_AUTO", "SOPC", "STS", "DCR"])
def test_r28_after_paper_refusal_for_each_eligible_sentence(sentence):
    facts = MatterFacts("parole-review", frozenset({sentence}))
    assert dues("paper-decision-negative", D(2026, 11, 2), facts)["pbr2019-r28-reconsideration-paper"] == D(
        2026, 11, 23
    )


@pytest.mark.parametrize("sentence", ["SDS", "SDS_PLUS", "DTO", "YOI", "A_FINE", "BOTUS"])
def test_r28_not_offered_for_ineligible_sentence_but_reported(sentence):
    facts = MatterFacts("recall-review", frozenset({sentence}))
    comp = computation("paper-decision-negative", D(2026, 11, 2), facts)
    ids = {d.rule.id for d in comp.deadlines}
    assert "pbr2019-r28-reconsideration-paper" not in ids
    assert "pbr2019-r20-oral-hearing-application" in ids
    skipped = {n.rule.id: n.reason for n in comp.not_applied}
    assert sentence in skipped["pbr2019-r28-reconsideration-paper"]


def test_mixed_sentences_any_eligible_sentence_makes_r28_available():
    facts = MatterFacts("parole-review", frozenset({"SDS", "EDS"}))
    assert "pbr2019-r28-reconsideration-paper" in dues("paper-decision-negative", D(2026, 11, 2), facts)


def test_no_sentence_recorded_shows_r28_with_a_caveat_rather_than_hiding_it():
    comp = computation("paper-decision-negative", D(2026, 11, 2), MatterFacts("parole-review", None))
    r28 = [d for d in comp.deadlines if d.rule.id == "pbr2019-r28-reconsideration-paper"]
    assert len(r28) == 1
    assert r28[0].due == D(2026, 11, 23)
    assert any("no sentence recorded" in c for c in r28[0].caveats)


def test_referral_milestones_are_placeholders_and_unconfirmed():
    comp = computation("referral", D(2026, 11, 2))
    got = {d.rule.id: d for d in comp.deadlines}
    assert got["pbr2019-r18-representations"].due == D(2026, 11, 30)  # +4 weeks
    assert got["pbr2019-r19-mca-expected"].due == D(2026, 12, 28)  # +8 weeks
    assert not got["pbr2019-r18-representations"].rule.confirmed
    assert not got["pbr2019-r19-mca-expected"].rule.confirmed


def test_oral_hearing_directed_milestones():
    got = dues("oral-hearing-directed", D(2026, 11, 2))
    assert got == {
        "pbr2019-r13-witness-applications": D(2026, 11, 30),
        "pbr2019-r6-directions-compliance": D(2026, 11, 9),
    }


def test_hearing_listed_withholding_eight_weeks_before_and_preparation():
    got = dues("hearing-listed", D(2027, 3, 15))
    assert got["pbr2019-r17-withholding-applications"] == D(2027, 1, 18)  # 15 Mar − 56 days
    assert got["pbr2019-hearing-prep-witnesses-confirmed"] == D(2027, 2, 15)  # − 4 weeks
    assert got["pbr2019-hearing-prep-submissions"] == D(2027, 3, 1)  # − 14 days


def test_oral_hearing_held_decision_due_fourteen_days():
    assert dues("oral-hearing-held", D(2026, 11, 12)) == {"pbr2019-r25-6-decision-due": D(2026, 11, 26)}


def test_ipp_termination_hearing_uses_r31_not_r25():
    facts = MatterFacts("ipp-licence-termination", frozenset({"IPP"}))
    assert dues("oral-hearing-held", D(2026, 11, 12),
                facts) == {"pbr2019-r31-7b-ipp-decision-due": D(2026, 11, 26)}


def test_ipp_decision_due_either_side_of_the_2022_substitution_of_r31_7():
    # r.31(7) as made: 14 days from the decision (counted from the hearing, a chase, UNCONFIRMED).
    # r.31(7)(b) as substituted by SI 2022/717 from 21 July 2022: 14 days from the hearing (confirmed).
    facts = MatterFacts("ipp-licence-termination", frozenset({"IPP"}))
    # Hearing Wed 20 July 2022 (the day before): old rule, 20 Jul + 14 days = Wed 3 August 2022.
    assert dues("oral-hearing-held", D(2022, 7, 20), facts) == {
        "pbr2019-r31-7-ipp-decision-due": D(2022, 8, 3)}
    # Hearing Thu 21 July 2022 (in force that day): 21 Jul + 14 days = Thu 4 August 2022.
    assert dues("oral-hearing-held", D(2022, 7, 21), facts) == {
        "pbr2019-r31-7b-ipp-decision-due": D(2022, 8, 4)}
    rules = default_rules()
    assert not rules.by_id("pbr2019-r31-7-ipp-decision-due").confirmed
    assert rules.by_id("pbr2019-r31-7b-ipp-decision-due").confirmed


def test_set_aside_twenty_one_days_after_final_decision():
    assert dues("decision-final", D(2026, 11, 5))["pbr2019-r28a-set-aside"] == D(2026, 11, 26)


def test_set_aside_not_available_before_it_was_inserted_in_2022():
    comp = computation("decision-final", D(2022, 7, 20))
    assert "pbr2019-r28a-set-aside" not in {d.rule.id for d in comp.deadlines}
    assert [n.rule.id for n in comp.not_applied] == ["pbr2019-r28a-set-aside"]


def test_reconsideration_response_seven_days():
    assert dues("reconsideration-application-served", D(2026, 11, 20)) == {
        "pbr2019-r28-4-response": D(2026, 11, 27)
    }


def test_staff_decision_retaken_fourteen_days_from_1_november_2024_only():
    assert dues("staff-decision", D(2026, 11, 12)) == {"pbr2019-r4-4-staff-decision-retaken": D(2026, 11, 26)}
    assert dues("staff-decision", D(2024, 11, 1)) == {"pbr2019-r4-4-staff-decision-retaken": D(2024, 11, 15)}
    assert dues("staff-decision", D(2024, 10, 31)) == {}


def test_comp1a_appeal_seven_days():
    facts = MatterFacts("complaint", None)
    assert dues("comp1-reply", D(2026, 11, 19), facts) == {"complaints-comp1a-appeal": D(2026, 11, 26)}
    assert not default_rules().by_id("complaints-comp1a-appeal").confirmed  # a secondary source


def test_comp1_reply_expected_five_working_days_over_christmas():
    facts = MatterFacts("complaint", None)
    # Thu 24 Dec 2026 → 29, 30, 31 Dec, 4, 5 Jan (25, 28 Dec and 1 Jan are bank holidays).
    got = dues("comp1-submitted", D(2026, 12, 24), facts)
    assert got["complaints-comp1-reply-expected"] == D(2027, 1, 5)
    # The Ombudsman's route with no final reply: 6 weeks after the complaint (Thu 4 February 2027).
    assert got["complaints-ppo-no-final-reply"] == D(2027, 2, 4)


@pytest.mark.parametrize(
    ("final_reply", "expected"),
    [
        (D(2026, 1, 31), D(2026, 4, 30)),  # month end
        (D(2023, 11, 30), D(2024, 2, 29)),  # leap year
        (D(2022, 11, 30), D(2023, 2, 28)),
        (D(2026, 11, 26), D(2027, 2, 26)),
    ],
)
def test_ppo_three_months(final_reply, expected):
    assert dues("complaint-final-reply", final_reply, MatterFacts("complaint", None)) == {
        "complaints-ppo-referral": expected
    }


@pytest.mark.parametrize(
    ("arose", "expected"),
    [(D(2026, 1, 31), D(2026, 4, 30)), (D(2023, 11, 29), D(2024, 2, 29)), (D(2026, 8, 14), D(2026, 11, 14))],
)
def test_judicial_review_three_months(arose, expected):
    facts = MatterFacts("judicial-review", None)
    assert dues("jr-grounds-arose", arose, facts) == {"cpr54-5-jr-claim": expected}


def test_letter_before_claim_response_expected():
    facts = MatterFacts("judicial-review", None)
    assert dues("letter-before-claim-sent", D(2026, 11, 12),
                facts) == {"jr-pap-response-expected": D(2026, 11, 26)}


def test_ipp_licence_qualifying_period_and_automatic_termination():
    ipp = MatterFacts("ipp-licence-termination", frozenset({"IPP"}))
    # Qualifying period: 3 years beginning with 10 March 2023 end on 9 March 2026, so the referral is due
    # from 10 March 2026; 2 further continuous years end on 9 March 2028 (the licence ends then).
    assert dues("ipp-licence-start", D(2023, 3, 10), ipp) == {
        "vpa2024-ipp-termination-review": D(2026, 3, 10),
        "vpa2024-ipp-automatic-termination": D(2028, 3, 9),
    }
    dpp = MatterFacts("ipp-licence-termination", frozenset({"DPP"}))
    assert dues("ipp-licence-start", D(2023, 3, 10), dpp) == {
        "vpa2024-dpp-termination-review": D(2025, 3, 10),
        "vpa2024-dpp-automatic-termination": D(2027, 3, 9),
    }


def test_ipp_licence_from_29_february_leap_year():
    ipp = MatterFacts("ipp-licence-termination", frozenset({"IPP"}))
    # 5 years beginning with 29 February 2024 are counted from 28 February 2024: they end on
    # 28 February 2029 (a year beginning with 29 February ends on 28 February, not the 27th). The
    # 3-year qualifying period ends likewise on 28 February 2027, so the referral duty arises the day
    # after, 1 March 2027 (it was 28 February: 3 years added to 29 February, the period's last day).
    assert dues("ipp-licence-start", D(2024, 2, 29), ipp) == {
        "vpa2024-ipp-termination-review": D(2027, 3, 1),
        "vpa2024-ipp-automatic-termination": D(2029, 2, 28),
    }
    dpp = MatterFacts("ipp-licence-termination", frozenset({"DPP"}))
    assert dues("ipp-licence-start", D(2024, 2, 29), dpp) == {
        "vpa2024-dpp-termination-review": D(2026, 3, 1),
        "vpa2024-dpp-automatic-termination": D(2028, 2, 28),
    }
    # Any other day: the anniversary, as before (3 years beginning with 15 March 2024 end on 14 March 2027).
    assert dues("ipp-licence-start", D(2024, 3, 15), ipp)["vpa2024-ipp-termination-review"] == D(2027, 3, 15)
    assert dues("ipp-licence-start", D(2024, 2, 28), ipp)["vpa2024-ipp-termination-review"] == D(2027, 2, 28)


def test_old_ipp_licence_duties_arise_on_commencement():
    ipp = MatterFacts("ipp-licence-termination", frozenset({"IPP"}))
    comp = computation("ipp-licence-start", D(2015, 6, 1), ipp)
    got = {d.rule.id: d for d in comp.deadlines}
    # 2018-06-01 and 2020-06-01 fall before the Act's commencement dates.
    assert got["vpa2024-ipp-termination-review"].due == D(2025, 2, 1)
    assert got["vpa2024-ipp-automatic-termination"].due == D(2024, 11, 1)
    assert all(d.caveats for d in comp.deadlines)


def test_non_triggering_events_create_nothing():
    for code in ("note", "report-received", "dossier-served", "legal-visit", "letter-sent",
                 "recall", "other"):
        assert dues(code, D(2026, 11, 2)) == {}


def test_parole_rule_not_applied_to_an_unrelated_matter_type():
    comp = computation("decision-final", D(2026, 11, 5), MatterFacts("complaint", None))
    assert comp.deadlines == []
    assert "complaint" in comp.not_applied[0].reason


# --- weekends and bank holidays, both roll policies -------------------------------------------


def test_last_day_on_a_saturday_kept_by_default_and_rolled_to_monday_when_switched_on():
    # Sat 14 Nov 2026 + 21 days = Sat 5 Dec 2026.
    assert dues("decision-provisional", D(2026, 11, 14))["pbr2019-r28-3-reconsideration"] == D(2026, 12, 5)
    comp = computation("decision-provisional", D(2026, 11, 14), roll_non_working=True)
    (d,) = comp.deadlines
    assert d.due == D(2026, 12, 7)
    assert d.rolled_from == D(2026, 12, 5)


def test_last_day_on_boxing_day_substitute_bank_holiday_both_policies():
    # Mon 14 Dec 2026 + 14 days = Mon 28 Dec 2026, the Boxing Day substitute bank holiday.
    assert dues("oral-hearing-held", D(2026, 12, 14)) == {"pbr2019-r25-6-decision-due": D(2026, 12, 28)}
    assert dues("oral-hearing-held", D(2026, 12, 14),
                roll=True) == {"pbr2019-r25-6-decision-due": D(2026, 12, 29)}


def test_one_off_bank_holiday_2022_state_funeral():
    # 29 Aug 2022 + 21 days = Mon 19 Sep 2022, the Queen's state funeral bank holiday.
    assert dues("decision-final", D(2022, 8, 29))["pbr2019-r28a-set-aside"] == D(2022, 9, 19)
    assert dues("decision-final", D(2022, 8, 29), roll=True)["pbr2019-r28a-set-aside"] == D(2022, 9, 20)


def test_jr_limit_on_summer_bank_holiday():
    facts = MatterFacts("judicial-review", None)
    # 31 May 2026 + 3 months = Mon 31 Aug 2026 (summer bank holiday).
    assert dues("jr-grounds-arose", D(2026, 5, 31), facts) == {"cpr54-5-jr-claim": D(2026, 8, 31)}
    assert dues("jr-grounds-arose", D(2026, 5, 31), facts, roll=True) == {"cpr54-5-jr-claim": D(2026, 9, 1)}


def test_before_rule_rolls_earlier_never_later():
    # Hearing Mon 22 Feb 2027 − 56 days = Mon 28 Dec 2026 (bank holiday): rolled back to Thu 24 Dec.
    assert dues("hearing-listed", D(2027, 2, 22))["pbr2019-r17-withholding-applications"] == D(2026, 12, 28)
    assert dues("hearing-listed", D(2027, 2, 22), roll=True)["pbr2019-r17-withholding-applications"] == D(
        2026, 12, 24
    )


def test_user_bank_holiday_overrides_change_rolled_dates():
    extra = WorkingCalendar(extra_non_working=[D(2026, 12, 29)])
    assert dues("oral-hearing-held", D(2026, 12, 14), calendar=extra, roll=True) == {
        "pbr2019-r25-6-decision-due": D(2026, 12, 30)
    }
    removed = WorkingCalendar(removed=[D(2026, 12, 28)])
    assert dues("oral-hearing-held", D(2026, 12, 14), calendar=removed, roll=True) == {
        "pbr2019-r25-6-decision-due": D(2026, 12, 28)
    }


# --- the shipped data -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "citation_part", "confirmed"),
    [
        ("pbr2019-r20-oral-hearing-application", "r.20", True),
        ("pbr2019-r28-reconsideration-paper", "r.28(3)", True),
        ("pbr2019-r28-3-reconsideration", "r.28(3)", True),
        ("pbr2019-r28-4-response", "r.28(4)", True),
        ("pbr2019-r28a-set-aside", "r.28A", True),
        ("pbr2019-r25-6-decision-due", "r.25(6)", True),
        ("pbr2019-r4-4-staff-decision-retaken", "r.4(4)", True),
        ("pbr2019-r17-withholding-applications", "r.17(2)", True),  # 8 weeks survives SI 2022/717
        ("pbr2019-r31-7-ipp-decision-due", "r.31(7)", False),  # as made: runs from the decision
        ("pbr2019-r31-7b-ipp-decision-due", "r.31(7)(b)", True),  # substituted 2022: from the hearing
        ("recall-standard-review", "s.255C(2), (4)", True),
        ("pr1999-r53a-ia-hearing", "r.53(3)(b)", False),  # only the 2002 amending text was read
        ("pbr2019-r18-representations", "r.18", False),
        ("pbr2019-r13-witness-applications", "r.13", False),
        ("cpr54-5-jr-claim", "54.5(1)", True),
        ("complaints-comp1a-appeal", "Complaints", False),
        ("complaints-ppo-referral", "Ombudsman", True),
        ("jr-pap-response-expected", "Pre-Action Protocol", False),
        ("vpa2024-ipp-termination-review", "Victims and Prisoners Act 2024", False),
        ("vpa2024-ipp-automatic-termination", "s.31A", False),
    ],
)
def test_citations_and_confirmed_flags(rule_id, citation_part, confirmed):
    rule = default_rules().by_id(rule_id)
    assert rule is not None
    assert citation_part in rule.citation
    assert rule.confirmed is confirmed


def test_parole_board_rule_citations_name_the_si():
    for rule in default_rules().rules:
        if rule.id.startswith("pbr2019-"):
            assert rule.citation.startswith("Parole Board Rules 2019 r.")
            assert "SI 2019/1038" in rule.instrument


def test_no_shipped_rule_rolls_by_default():
    # Parole Board Rules 2019 r.8/r.12 unverified (docs/rules-sources.md): the roll switch defaults OFF.
    # Only dates fixed by statute say "never" (the switch must not move them either).
    assert {r.roll for r in default_rules().rules} <= {"none", "never"}
    assert {r.id for r in default_rules().rules if r.roll == "never"} == {
        "vpa2024-ipp-automatic-termination", "vpa2024-dpp-automatic-termination",
        "sa2026-ipp-automatic-termination",
    }


def test_facts_can_be_given_per_matter():
    from casebook.deadlines import TriggerEvent, compute

    events = [
        TriggerEvent(1, 10, D(2026, 11, 2), "paper-decision-negative"),
        TriggerEvent(2, 20, D(2026, 11, 2), "paper-decision-negative"),
    ]
    comp = compute(events, {10: PAROLE_LIFER, 20: SDS_RECALL}, default_rules())
    ids = sorted(d.id for d in comp.deadlines)
    assert ids == [
        "1:pbr2019-r20-oral-hearing-application",
        "1:pbr2019-r28-reconsideration-paper",
        "2:pbr2019-r20-oral-hearing-application",
    ]


def test_tariff_expiry_reminders_for_indeterminate_sentences():
    # TED Mon 15 March 2027: 26 weeks before = Mon 14 September 2026 (15 Sep → 15 Mar is 181 days:
    # 30 + 31 + 30 + 31 + 31 + 28); 3 years before = 15 March 2024.
    got = dues("tariff-expiry", D(2027, 3, 15))
    assert got == {"gpp-end-of-tariff-review-start": D(2026, 9, 14), "gpp-pre-tariff-sift": D(2024, 3, 15)}
    assert not default_rules().by_id("gpp-end-of-tariff-review-start").confirmed
    sds = MatterFacts("parole-review", frozenset({"SDS"}))
    assert dues("tariff-expiry", D(2027, 3, 15), sds) == {}


def test_tariff_expiry_reminders_close_when_the_referral_arrives():
    from casebook.deadlines import TriggerEvent, compute

    def closed(referral_date):
        events = [TriggerEvent(1, 1, D(2027, 3, 15), "tariff-expiry"),
                  TriggerEvent(2, 1, referral_date, "referral")]
        comp = compute(events, PAROLE_LIFER, default_rules())
        return {d.rule.id: d.superseded_by is not None for d in comp.deadlines if d.event_id == 1}

    # A referral on or after the 26-week reminder date (14 September 2026) closes both reminders.
    assert closed(D(2026, 10, 1)) == {"gpp-end-of-tariff-review-start": True, "gpp-pre-tariff-sift": True}
    assert closed(D(2026, 9, 14)) == {"gpp-end-of-tariff-review-start": True, "gpp-pre-tariff-sift": True}
    # One before it closes only the pre-tariff sift (due 15 March 2024).
    assert closed(D(2026, 9, 13)) == {"gpp-end-of-tariff-review-start": False, "gpp-pre-tariff-sift": True}
    # A referral from an earlier cycle (before 15 March 2024) closes neither.
    assert closed(D(2024, 3, 14)) == {"gpp-end-of-tariff-review-start": False, "gpp-pre-tariff-sift": False}
