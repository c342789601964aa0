"""The release check takes the fraction from the offence (issue 13): a catalogue offence decides SDS+ and
the SDS40 exclusions, every date's working names the offence rule, an offence the catalogue does not
know is reported as undecided, and no prison dates means 'enter the prison's calculation to compare'."""

from __future__ import annotations

import datetime as dt
import json

TODAY = dt.date(2026, 1, 1)   # SDS40 in force, before the progression model


def _client(svc, dob=dt.date(1990, 1, 1), **prison_dates):
    return svc.clients.add(name="Ann Example", dob=dob,
                           prison_dates={k: dt.date.fromisoformat(v) for k, v in prison_dates.items()})


def _crd(svc, cid):
    return {c.code: c for c in svc.release.check(cid, today=TODAY).comparisons}["CRD"]


def test_s18_six_years_is_released_at_two_thirds_and_the_working_says_why(svc):
    a = _client(svc)
    svc.clients.add_sentence(a, sentence_type="SDS", sentence_date="2023-05-01", custodial_term="P6Y",
                             offence="Wounding with intent", offence_id="oapa1861-s18")
    b = _client(svc)
    svc.clients.add_sentence(b, sentence_type="SDS_PLUS", sentence_date="2023-05-01", custodial_term="P6Y")
    c = _client(svc)
    svc.clients.add_sentence(c, sentence_type="SDS", sentence_date="2023-05-01", custodial_term="P6Y",
                             offence_flags=["SDS40_ELIGIBLE"])
    crd = _crd(svc, a)
    assert crd.ours == _crd(svc, b).ours          # two-thirds, as a recorded SDS+
    assert crd.ours > _crd(svc, c).ours           # not 40%
    # 6 years from 1 May 2023: 2,192 days; two-thirds = 1,462 days → 1 May 2023 + 1,461 days
    assert crd.ours <= dt.date(2027, 5, 1)
    assert "s.18" in crd.working and "s.244ZA(5),(7)" in crd.working and "two-thirds" in crd.working
    check = svc.release.check(a, today=TODAY)
    assert check.undecided == [] and "Offence rule" in check.offence_rule


def test_s18_three_years_is_not_excluded_and_s20_four_years_is(svc):
    a = _client(svc)
    svc.clients.add_sentence(a, sentence_type="SDS", sentence_date="2025-01-10", custodial_term="P3Y",
                             offence_id="oapa1861-s18")
    b = _client(svc)
    svc.clients.add_sentence(b, sentence_type="SDS", sentence_date="2025-01-10", custodial_term="P3Y",
                             offence_flags=["SDS40_ELIGIBLE"])
    assert _crd(svc, a).ours == _crd(svc, b).ours   # 40%
    c = _client(svc)
    svc.clients.add_sentence(c, sentence_type="SDS", sentence_date="2025-01-10", custodial_term="P4Y",
                             offence_id="oapa1861-s20")
    d = _client(svc)
    svc.clients.add_sentence(d, sentence_type="SDS", sentence_date="2025-01-10", custodial_term="P4Y",
                             offence_flags=["SDS40_EXCLUDED"])
    assert _crd(svc, c).ours == _crd(svc, d).ours   # one-half
    assert "art.3(6)(b)" in _crd(svc, c).working


def test_free_text_offence_is_reported_undecided_never_silently(svc):
    cid = _client(svc)
    svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="2025-01-10", custodial_term="P3Y",
                             offence="GBH with intent")
    check = svc.release.check(cid, today=TODAY)
    assert check.undecided and "GBH with intent" in check.undecided[0]
    crd = {c.code: c for c in check.comparisons}["CRD"]
    assert "could not be decided from the offence" in crd.working
    assert any("not decided from the offence" in line for line in check.text_lines())
    # the user's explicit choice settles it
    sid = svc.clients.sentences(cid)[0].id
    svc.clients.update_sentence(sid, offence_flags=["SDS40_ELIGIBLE"])
    assert svc.release.check(cid, today=TODAY).undecided == []


def test_terrorist_prisoner_is_refused_with_the_reason(svc):
    cid = _client(svc)
    svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="2023-01-10", custodial_term="P3Y",
                             offence_id="ta2000-s58")
    check = svc.release.check(cid, today=TODAY)
    assert check.refusal and "s.247A" in check.refusal


def test_no_prison_dates_says_enter_them_never_no_differences(svc):
    cid = _client(svc)
    svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="2023-05-01", custodial_term="P6Y",
                             offence_id="oapa1861-s18")
    check = svc.release.check(cid, today=TODAY)
    assert check.comparison_summary == "Enter the prison's calculation to compare."
    assert "Enter the prison's calculation to compare." in "\n".join(check.text_lines())
    assert "No differences" not in "\n".join(check.text_lines())
    # the JSON keeps its shape
    data = json.loads(json.dumps(check.as_json(), default=str))
    assert set(data) == {"refusal", "dates", "milestones", "first_release", "recalled_since_release"}
    assert set(data["dates"][0]) == {"code", "label", "prisons", "ours", "status", "differs", "working",
                                     "confirmed", "hint"}


def test_prison_dates_that_agree_say_no_differences(svc):
    cid = _client(svc)
    svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="2023-05-01", custodial_term="P6Y",
                             offence_id="oapa1861-s18")
    ours = _crd(svc, cid).ours
    svc.clients.update(cid, prison_dates={"CRD": ours})
    check = svc.release.check(cid, today=TODAY)
    assert check.comparison_summary == "No differences from the prison's calculation."


def test_an_unknown_offence_id_is_refused_when_saved(svc):
    import pytest

    from casebook.errors import ValidationError

    cid = _client(svc)
    with pytest.raises(ValidationError, match="not an offence in the catalogue"):
        svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="2023-05-01", custodial_term="P6Y",
                                 offence_id="wounding")


def test_the_working_reads_as_sentences_where_the_offence_rule_meets_a_note(svc):
    """The offence rule and the note after it were run together ("→ two-thirds (SDS+) The Sentencing Act
    2026 …"): each part of the working now ends as a sentence does."""
    from casebook.sentencing.casebook_adapter import offence_rule_parts

    a = _client(svc)
    svc.clients.add_sentence(a, sentence_type="SDS", sentence_date="2023-05-01", custodial_term="P6Y",
                             offence_id="oapa1861-s18")
    svc.clients.add_sentence(a, sentence_type="SDS", sentence_date="2023-05-01", custodial_term="P2Y",
                             offence="Something the catalogue does not know")
    check = svc.release.check(a, today=TODAY)
    parts = offence_rule_parts(check.calculation)
    assert len(parts) >= 2
    assert all(p.rstrip().endswith((".", "!", "?")) for p in parts)
    crd = _crd(svc, a)
    assert "(SDS+). " in crd.working and "(SDS+) " not in crd.working


def test_the_prisons_sed_or_led_is_compared_with_our_sled(svc):
    """A prison sheet's SED (or LED) for a sentence whose sentence and licence end together was shown as
    "prison only" beside our SLED as "ours only": compared with nothing (a new user's walk-through)."""
    # 4 years from 1 May 2023 ends 30 April 2027: our SLED.
    same = _client(svc, SED="2027-04-30")
    other = _client(svc, LED="2027-05-30")
    for c in (same, other):
        svc.clients.add_sentence(c, sentence_type="SDS", sentence_date="2023-05-01", custodial_term="P4Y",
                                 offence_id="oapa1861-s18")

    def row(cid, code):
        return {r.code: r for r in svc.release.check(cid, today=TODAY).comparisons}[code]

    sed = row(same, "SED")
    assert sed.ours == sed.prisons == dt.date(2027, 4, 30) and sed.status == "same"
    assert "SLED" in sed.working
    led = row(other, "LED")
    assert led.ours == dt.date(2027, 4, 30) and led.prisons == dt.date(2027, 5, 30) and led.differs
