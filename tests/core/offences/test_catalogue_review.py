"""The December 2026 review of the catalogue's flags against the legislation (issue 13): what was checked is
pinned, the corrections change the release they should, and a paragraph that was not read never looks read.

Sources: SI 2024/1331 art.3 (made text: 14A, 16A, 19A, 19B, 23A and 55 are all it adds); SI 2024/844's
Schedule (made text, paras 1-19); Sentencing Act 2020 Sch.13 Part 1 para 1; HMPPS Manage Offences'
Schedule 15 mapping for paragraph numbers past Sch.15 para 22 (recorded as such, flags left unconfirmed).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from casebook.offences import catalogue, decide

D = dt.date
TODAY = D(2026, 1, 1)   # SDS40 in force, before the progression model


def _d(oid, term, when, age=30):
    return decide(catalogue().get(oid), term=term, sentence_date=when, age_at_sentence=age)


# ------------------------------------------------------------------ corrections and their release effect

def test_sentencing_code_restraining_order_breach_is_an_original_exclusion_not_tranche_3():
    # SI 2024/1331 adds PHA 1997 ss.5 and 5A, not Sentencing Code s.363: the s.363 breach was excluded
    # from 10 September 2024, so a sentence imposed in October 2024 is released at one-half, not 40%
    flag = catalogue().get("sc2020-s363").flag("SDS40_EXCLUDED")
    assert flag is not None and catalogue().get("sc2020-s363").flag("SDS40_EXCLUDED_T3") is None
    d = _d("sc2020-s363", "P1Y", D(2024, 10, 1))
    assert d.exclusions == {"DOMESTIC_ABUSE"} and "one-half" in d.status
    # the PHA 1997 breach stays a tranche-3 addition (para 19A)
    assert _d("pha1997-s5", "P1Y", D(2024, 10, 1)).exclusions == {"DOMESTIC_ABUSE_T3"}


def test_a_restraining_order_breach_in_october_2024_is_released_at_one_half(svc):
    def crd(**kw):
        cid = svc.clients.add(name="Ann Example", dob=D(1990, 1, 1), prison_dates={})
        svc.clients.add_sentence(cid, sentence_type="SDS", sentence_date="2024-10-01", custodial_term="P1Y",
                                 offence_date="2024-06-01", **kw)
        return {c.code: c for c in svc.release.check(cid, today=TODAY).comparisons}["CRD"]

    breach = crd(offence_id="sc2020-s363")
    half = crd(offence_flags=["SDS40_EXCLUDED"])
    forty = crd(offence_flags=["SDS40_ELIGIBLE"])
    assert breach.ours == half.ours and breach.ours > forty.ours
    assert "s.363" in breach.working


def test_human_trafficking_is_a_schedule_15_offence_with_a_life_maximum():
    # Sch.15 Part 1 (HMPPS para 63H): two-thirds at 7 years or more from 1 April 2020 (was one-half)
    d = _d("msa2015-s2", "P8Y", D(2023, 1, 1))
    assert d.sds_plus and "two-thirds" in d.status and not d.confirmed
    # 4 to 7 years: not in the s.244ZA(7) list, so one-half and excluded from 40%
    d = _d("msa2015-s2", "P5Y", D(2023, 1, 1))
    assert not d.sds_plus and "VIOLENT" in d.exclusions
    # for sexual exploitation, Part 2 (HMPPS para 152A): two-thirds from 4 years after 28 June 2022
    d = _d("msa2015-s2-sexual", "P5Y", D(2023, 1, 1))
    assert d.sds_plus and "Part 2" in d.text()
    assert _d("msa2015-s2-sexual", "P2Y", D(2025, 1, 1)).exclusions == {"SEXUAL"}
    assert catalogue().search("sex trafficking")[0].id == "msa2015-s2-sexual"


def test_sexual_communication_with_a_child_is_said_to_be_part_2_without_changing_release():
    d = _d("soa2003-s15a", "P1Y", D(2025, 1, 1))
    assert "Schedule 15 Part 2" in d.text() and not d.sds_plus and d.exclusions == {"SEXUAL"}


# ------------------------------------------------------------------ what was checked, pinned

@pytest.mark.parametrize("oid, para", [
    ("cjca2015-s33", "14A"), ("sc2020-s354", "16A"), ("pha1997-s5", "19A"), ("pha1997-s5a", "19B"),
    ("spa2019-s8", "23A"), ("cl-murder", "55"),
])
def test_tranche_3_paragraphs_are_exactly_si_2024_1331s(oid, para):
    f = catalogue().get(oid).flag("SDS40_EXCLUDED_T3")
    assert f.para == para and f.confirmed and "SI 2024/1331" in f.note


def test_only_si_2024_1331s_paragraphs_are_tranche_3():
    t3 = {f.para for o in catalogue().offences.values() for f in o.flags if f.code == "SDS40_EXCLUDED_T3"}
    assert t3 == {"14A", "16A", "19A", "19B", "23A", "55"}


@pytest.mark.parametrize("oid, para", [
    ("ta2000-s11", "Part 1 para 1(a)"), ("ta2000-s12", "Part 1 para 1(b)"),
    ("ta2000-s58", "Part 1 para 1(o)"),
])
def test_offender_of_particular_concern_paragraphs_checked_in_schedule_13(oid, para):
    f = catalogue().get(oid).flag("SC_SCH13")
    assert f.para == para and f.confirmed


def _num(para: str) -> int | None:
    m = re.match(r"^(\d+)", para)
    return int(m.group(1)) if m else None


def test_a_paragraph_that_was_not_read_never_looks_read():
    # read: CJA 2003 Sch.15 paras 1-22 and SI 2024/844 Sch. paras 1-19 (and 1331's additions); anything
    # else, or a blank paragraph, must carry a note saying where it came from
    for o in catalogue().offences.values():
        for f in o.flags:
            n = _num(f.para)
            if f.code.startswith("SCH15_"):
                read = f.code == "SCH15_P1" and n is not None and n <= 22 and f.para.isdigit()
            elif f.code == "SDS40_EXCLUDED":
                read = n is not None and n <= 19 and f.para.isdigit()
            else:
                continue
            assert read or f.note, (o.id, f.code, f.para)


def test_hmpps_sourced_paragraphs_say_the_statute_was_not_read():
    for o in catalogue().offences.values():
        for f in o.flags:
            if "HMPPS Manage Offences" in f.note:
                assert "not read" in f.note, (o.id, f.code)
