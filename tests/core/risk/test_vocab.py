"""The risk vocabulary: the lists the records, CLI and app offer, in their published order."""

from __future__ import annotations

import pytest

from casebook.risk import vocab


def _ids(items):
    return [t.id for t in items]


def test_tools_and_authors():
    assert _ids(vocab.tools()) == ["oasys", "hcr-20-v3", "svr-20", "rsvp", "arms", "sara", "pcl-r", "other"]
    assert _ids(vocab.authors()) == [
        "prison-psychologist", "independent-expert", "probation", "police", "other"]
    assert vocab.get("tool").get("arms").extra["authors"] == ["police", "probation"]
    assert not vocab.get("tool").get("pcl-r").confirmed


def test_rosh():
    assert _ids(vocab.rosh_levels()) == ["low", "medium", "high", "very-high"]
    assert _ids(vocab.rosh_groups()) == ["children", "public", "known-adult", "staff", "prisoners"]
    assert vocab.rosh_slots() == (
        ("children", "custody"), ("children", "community"), ("public", "custody"), ("public", "community"),
        ("known-adult", "custody"), ("known-adult", "community"), ("staff", "custody"),
        ("staff", "community"), ("prisoners", "custody"),
    )
    assert vocab.parse("rosh_level", "Very High") == "very-high"


def test_oasys_sections():
    sections = vocab.oasys_sections()
    assert [s.extra["number"] for s in sections] == list(range(1, 14))
    assert [s.extra["number"] for s in sections if s.extra["linked_flags"]] == [3, 4, 6, 7, 8, 9, 11, 12]
    assert [s.extra["number"] for s in sections if not s.confirmed] == [13]


def test_pni_and_mappa():
    assert _ids(vocab.pni_outcomes()) == ["high", "moderate", "alternative", "omission"]
    assert [(t.extra["from"], t.extra["to"]) for t in vocab.pni_need_levels()] == [(0, 2), (3, 5), (6, 9)]
    assert _ids(vocab.mappa_categories()) == ["1", "2", "3", "4"]
    assert not vocab.get("mappa_category").get("4").confirmed
    assert _ids(vocab.mappa_levels()) == ["1", "2", "3"]


def test_referral_statuses_in_hmpps_order():
    assert _ids(vocab.referral_statuses()) == [
        "submitted", "awaiting-assessment", "assessment-started", "assessed-suitable",
        "suitable-but-not-ready", "not-suitable", "not-eligible", "on-programme", "programme-complete",
        "deselected", "withdrawn", "on-hold", "moved-to-building-choices",
    ]
    assert vocab.next_statuses(None) == ("submitted",)
    assert "awaiting-assessment" in vocab.next_statuses("submitted")
    assert set(vocab.next_statuses("assessment-started")) >= {
        "assessed-suitable", "suitable-but-not-ready", "not-suitable", "not-eligible"}
    assert set(vocab.next_statuses("On programme")) >= {"programme-complete", "deselected", "withdrawn"}
    for closed in ("programme-complete", "deselected", "withdrawn", "not-suitable", "not-eligible"):
        assert vocab.next_statuses(closed) == ()
    with pytest.raises(ValueError, match="unknown programme referral status 'done'"):
        vocab.next_statuses("done")


def test_challenges_allegations_and_escalation():
    assert _ids(vocab.challenge_grounds()) == [
        "factual-error", "out-of-date", "unsupported-by-evidence", "methodology",
        "fails-to-consider-evidence", "denial-treated-as-risk", "unproven-allegation-relied-on"]
    assert _ids(vocab.challenge_statuses()) == ["disputed", "conceded", "corrected", "refused", "withdrawn"]
    assert _ids(vocab.allegation_statuses()) == [
        "proven", "admitted", "disputed", "unproven-some-basis", "no-factual-basis"]
    assert "R (Pearce) v Parole Board [2023] UKSC 13" in vocab.get("allegation_status").citation
    assert _ids(vocab.escalation_steps()) == [
        "correction-request", "response-chased", "rectification-request", "subject-access-request",
        "comp1", "comp1a", "ppo", "letter-before-claim", "judicial-review"]
    steps = {s.id: s for s in vocab.escalation_steps()}
    assert steps["rectification-request"].citation == "Data Protection Act 2018 s.46 and s.54"
    assert steps["rectification-request"].extra["respond_within"].startswith("1 month, extendable by 2")
    assert "s.45" in steps["subject-access-request"].citation
    assert steps["subject-access-request"].extra["respond_within"].startswith("1 month, extendable by 2")


def test_evidence_kinds():
    kinds = {t.id: t for t in vocab.evidence_kinds()}
    assert list(kinds) == ["accredited-programme", "one-to-one-work", "behaviour", "education-work",
                           "drug-tests", "rotl", "security-category", "release-plan"]
    assert kinds["behaviour"].extra["includes"] == [
        "adjudication-free period", "incentives level", "positive case notes"]
    assert kinds["release-plan"].extra["includes"] == ["approved premises", "licence conditions"]
    assert kinds["release-plan"].extra["stage"] == "future"
    assert _ids(vocab.dmf_stages()) == ["past", "present", "future"]


@pytest.mark.parametrize(("list_name", "text", "code"), [
    ("challenge_ground", "Factual error", "factual-error"),
    ("challenge_ground", "FACTUAL_ERROR", "factual-error"),
    ("evidence_kind", "ROTL", "rotl"),
    ("tool", "HCR-20 v3", "hcr-20-v3"),
    ("tool", "hcr 20 v3", "hcr-20-v3"),
    ("referral_status", "Suitable but not ready", "suitable-but-not-ready"),
])
def test_parse_by_id_or_label(list_name, text, code):
    assert vocab.parse(list_name, text) == code


def test_parse_unknown_lists_the_ids():
    with pytest.raises(ValueError, match="use one of factual-error, out-of-date"):
        vocab.parse("challenge_ground", "rude")


def test_programmes():
    progs = {p.id: p for p in vocab.programmes()}
    assert progs["kaizen"].intensity == "high" and progs["kaizen"].maintaining_innocence == "yes"
    assert progs["kaizen"].from_year == 2017 and progs["horizon"].from_year == 2016
    assert progs["horizon"].intensity == "moderate"
    assert progs["new-me-mot"].intensity == "high-and-moderate"
    assert progs["core-sotp"].status == "withdrawn"
    assert {p.id for p in progs.values() if p.status != "current"} == {
        "core-sotp", "extended-sotp", "isotp", "healthy-relationships-programme", "self-change-programme",
        "calm", "ets", "resolve"}
    assert vocab.programme("thinking skills programme").id == "thinking-skills-programme"
    assert vocab.programme("Kaizen") is progs["kaizen"]
    with pytest.raises(ValueError, match="unknown programme"):
        vocab.programme("Enhanced Basics")
