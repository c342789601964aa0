"""The engine never crashes: whatever it is given, it gives dates, refuses (``NotSupported``) or rejects the
booking (``InvalidBooking``) — never a Python traceback for the solicitor.

Regressions for each crash found by fuzzing (issue 13), then seeded random bookings over every kind the
engine takes, and malformed booking files. Each case can fail: any other exception fails the test."""

from __future__ import annotations

import copy
import random
from datetime import date, datetime, timedelta
from types import SimpleNamespace as NS

import pytest

from casebook.sentencing import rules as R
from casebook.sentencing.casebook_adapter import calculate_for_client
from casebook.sentencing.engine import calculate
from casebook.sentencing.hmpps_json import parse_booking
from casebook.sentencing.model import InvalidBooking, NotSupported


def outcome(doc) -> str:
    """'dates', 'refused' or 'invalid' — any other exception propagates and fails the test."""
    try:
        calculate(parse_booking(doc))
    except NotSupported:
        return "refused"
    except InvalidBooking:
        return "invalid"
    return "dates"


def sds(**kw) -> dict:
    s = {"type": "StandardSentence", "sentencedAt": "2024-01-10", "identifier": "a",
         "offence": {"committedAt": "2023-06-01"}, "duration": {"durationElements": {"YEARS": 3}},
         "releaseArrangements": {"isSDSPlus": False, "sdsEarlyReleaseExclusions": []}}
    s.update(kw)
    return s


def doc_of(*sentences, adjustments=None, **top) -> dict:
    d = {"booking": {"offender": {"reference": "X", "dateOfBirth": "1990-01-01"},
                     "sentences": list(sentences) or [sds()],
                     "adjustments": adjustments or {"REMAND": [{"appliesToSentencesFrom": "2024-01-10",
                                                                "numberOfDays": 20}]}},
         "params": "calculation-params"}
    d.update(top)
    return d


def test_the_plain_booking_calculates():
    assert outcome(doc_of()) == "dates"


# -- crash 1: the casebook path, an indeterminate sentence with no sentence date ---------------------------
def test_indeterminate_sentence_without_a_sentence_date_is_reported_not_raised():
    # Was AttributeError ('NoneType' has no attribute 'day') in the tariff arithmetic.
    life = NS(id=7, client_id=1, sentence_type="LIFE", offence="murder", offence_date=None,
              sentence_date=None, custodial_term=None, extension_term=None, minimum_term="P15Y",
              consecutive_to=None, offence_flags=[], recall_type=None, recall_date=None)
    c = calculate_for_client([life], [], today=date(2026, 1, 1))
    assert c.result is None
    assert "no sentence date" in c.refusal and "sentence 7" in c.refusal


# -- crash 3: the casebook path, fields of the wrong type or out of range -----------------------------------
# (dates kept as text were compared with dates: TypeError; days "abc": ValueError; 10**9 days or a term of
# 99,999,999 years: OverflowError/ValueError in the date arithmetic; flags as a number: TypeError)
def _record(**kw):
    base = dict(id=1, client_id=1, sentence_type="SDS", offence="theft", offence_date=date(2024, 6, 1),
                sentence_date=date(2025, 1, 10), custodial_term="P3Y", extension_term=None, minimum_term=None,
                consecutive_to=None, offence_flags=[], recall_type=None, recall_date=None)
    base.update(kw)
    return NS(**base)


ODD_RECORDS = {
    "sentence date as text": ({"sentence_date": "2025-01-10"}, None, "sentence date is not a date"),
    "offence date as text": ({"offence_date": "2024-06-01"}, None, "offence date is not a date"),
    "recall date as text": ({"recall_type": "FTR28", "recall_date": "2025-06-01"}, None,
                            "recall date is not a date"),
    "sentence date a timestamp": ({"sentence_date": datetime(2025, 1, 10, 9, 30)}, None, "is not a date"),
    "sentence date beyond the calendar": ({"sentence_date": date(9999, 1, 1)}, None, "out of range"),
    "flags a number": ({"offence_flags": 5}, None, "offence flags are not a list"),
    "term of 99,999,999 years": ({"custodial_term": "P99999999Y"}, None, "out of range"),
    "days a word": ({}, {"kind": "REMAND", "days": "abc"}, "no valid number of days"),
    "days a list": ({}, {"kind": "REMAND", "days": [1]}, "no valid number of days"),
    "days a fraction": ({}, {"kind": "REMAND", "days": 3.5}, "no valid number of days"),
    "a billion days": ({}, {"kind": "REMAND", "days": 10 ** 9}, "out of range"),
    "adjustment date as text": ({}, {"kind": "UAL", "days": 5, "from_date": "2025-03-01"}, "not a date"),
}


@pytest.mark.parametrize("name", sorted(ODD_RECORDS))
def test_a_casebook_record_of_the_wrong_type_is_reported_not_raised(name):
    kw, adj, message = ODD_RECORDS[name]
    adjustments = []
    if adj:
        adjustments = [NS(id=2, client_id=1, from_date=None, to_date=None)]
        adjustments[0].__dict__.update(adj)
    c = calculate_for_client([_record(**kw)], adjustments, today=date(2026, 1, 1))
    assert c.result is None and message in c.refusal


def test_a_date_of_birth_as_text_is_reported_not_raised():
    c = calculate_for_client([_record()], [], today=date(2026, 1, 1), date_of_birth="1990-01-01")
    assert c.result is None and "date of birth" in c.refusal


# -- crash 2: malformed booking files reached the reader's internals ------------------------------------
# (AttributeError, TypeError, KeyError, ValueError and OverflowError from hmpps_json and the date arithmetic;
# the CLI caught them as "invalid booking: AttributeError: …", the engine's API raised them.)
def _set(path, value):
    def change(d):
        node = d
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = value
        return d
    return change


S0 = ("booking", "sentences", 0)
MALFORMED = {
    "sentences a string": _set(("booking", "sentences"), "abc"),
    "sentences an object": _set(("booking", "sentences"), {"x": 1}),
    "offender a string": _set(("booking", "offender"), "abc"),
    "userInputs a string": _set(("userInputs",), "abc"),
    "params a list": _set(("params",), ["sds-50"]),
    "featureToggles a list": _set(("featureToggles",), ["useERS30Calculation"]),
    "adjustments a list": _set(("booking", "adjustments"), [1]),
    "adjustment items a number": _set(("booking", "adjustments", "REMAND"), 3.7),
    "numberOfDays a word": _set(("booking", "adjustments", "REMAND", 0, "numberOfDays"), "abc"),
    "numberOfDays an object": _set(("booking", "adjustments", "REMAND", 0, "numberOfDays"), {"x": 1}),
    "numberOfDays huge": _set(("booking", "adjustments", "REMAND", 0, "numberOfDays"), 1e300),
    "numberOfDays a fraction": _set(("booking", "adjustments", "REMAND", 0, "numberOfDays"), 3.7),
    "externalMovements a number": _set(("booking", "externalMovements"), 5),
    "sentence type an object": _set(S0 + ("type",), {"x": 1}),
    "sentence type a list": _set(S0 + ("type",), []),
    "offence a string": _set(S0 + ("offence",), "abc"),
    "releaseArrangements a number": _set(S0 + ("releaseArrangements",), 1.5),
    "exclusions a number": _set(S0 + ("releaseArrangements", "sdsEarlyReleaseExclusions"), 7),
    "exclusion an object": _set(S0 + ("releaseArrangements", "sdsEarlyReleaseExclusions"), [{"x": 1}]),
    "exclusion a number": _set(S0 + ("releaseArrangements", "sdsEarlyReleaseExclusions"), [3]),
    "consecutive an object": _set(S0 + ("consecutiveSentenceUUIDs",), {"x": 1}),
    "consecutive a number": _set(S0 + ("consecutiveSentenceUUIDs",), 2.5),
    "recall a string": _set(S0 + ("recall",), "STANDARD_RECALL"),
    "recallType a list": _set(S0 + ("recall",), {"recallType": ["STANDARD_RECALL"]}),
    "fine amount a word": _set(S0 + ("fineAmount",), "abc"),
    "fine amount a list": _set(S0 + ("fineAmount",), [1]),
    "duration a string": _set(S0 + ("duration",), "P3Y"),
    "duration huge": _set(S0 + ("duration",), {"durationElements": {"YEARS": 10 ** 12}}),
    "duration infinite": _set(S0 + ("duration",), {"durationElements": {"DAYS": float("inf")}}),
    "sentence date at the calendar's end": _set(S0 + ("sentencedAt",), "9999-12-31"),
    "historical TUSED source a list": _set(("booking", "historicalTusedData"),
                                           {"tused": "2025-01-01", "historicalTusedSource": ["CRDS"]}),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_booking_file_is_invalid_not_a_crash(name):
    doc = MALFORMED[name](doc_of(sds(fineAmount=None)))
    with pytest.raises(InvalidBooking):
        calculate(parse_booking(doc))


# -- seeded random bookings over every kind the engine takes -------------------------------------------
KEY_DATES = [R.CJA_2003_COMMENCEMENT, R.LASPO_COMMENCEMENT, R.EDS_AUTOMATIC_END, R.ORA_COMMENCEMENT,
             R.SENTENCING_CODE_COMMENCEMENT, R.PCSC_COMMENCEMENT, R.AFINE_FULL_TERM_COMMENCEMENT,
             R.HDC_365_COMMENCEMENT, R.ERS30_COMMENCEMENT, R.SDS40_TRANCHE_3, R.HDC_REPEAL_COMMENCEMENT,
             *(t.commencement for t in R.SDS40.tranches),
             *(t.commencement for t in R.PROFILES["sds-progression-model-october"].progression.tranches[:3]),
             date(2026, 3, 31), date(2026, 5, 12), date(1995, 1, 1)]
TYPES = ["StandardSentence"] * 5 + ["ExtendedDeterminateSentence", "SopcSentence",
                                    "DetentionAndTrainingOrderSentence", "AFineSentence", "BotusSentence"]
EXCLUSIONS = ["SEXUAL", "VIOLENT", "DOMESTIC_ABUSE", "NATIONAL_SECURITY", "TERRORISM",
              "PROGRESSION_MODEL_SCHEDULE_13_PART_3", "SA2026_PROGRESSION_MODEL_SCHEDULE"]
ADJUSTMENTS = ["REMAND", "TAGGED_BAIL", "UNLAWFULLY_AT_LARGE", "ADDITIONAL_DAYS_AWARDED",
               "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED", "RECALL_REMAND", "RECALL_TAGGED_BAIL"]
MOVES = [("OUT", "CRD"), ("OUT", "HDC"), ("OUT", "ERS"), ("OUT", "PAROLE"), ("IN", "SENTENCE"),
         ("IN", "RECALL_ADMISSION"), ("IN", "REMAND")]


def _day(r: random.Random) -> date:
    if r.random() < 0.5:
        return r.choice(KEY_DATES) + timedelta(days=r.choice((-1, 0, 1, r.randint(-400, 400))))
    return date(1995, 1, 1) + timedelta(days=r.randrange(11900))


def _duration(r: random.Random, t: str) -> dict:
    if t == "DetentionAndTrainingOrderSentence":
        return {"MONTHS": r.choice((4, 6, 8, 10, 12, 18, 24))}
    if t in ("AFineSentence", "BotusSentence"):
        return {"DAYS": r.randint(1, 300)}
    el = {k: r.randint(0, hi) for k, hi in (("YEARS", 12), ("MONTHS", 30), ("WEEKS", 60), ("DAYS", 400))
          if r.random() < (0.5 if k in ("YEARS", "MONTHS") else 0.15)}
    return el if any(el.values()) else {"MONTHS": r.randint(1, 48)}


def random_booking(r: random.Random, types=TYPES) -> dict:
    base = _day(r)
    sentences = []
    for i in range(r.choice((1, 1, 2, 2, 3, 4))):
        t = r.choice(types)
        sa = base if r.random() < 0.5 else base + timedelta(days=r.choice((1, r.randint(1, 900))))
        off = sa - timedelta(days=r.choice((0, 1, r.randint(0, 2000))))
        s = {"type": t, "sentencedAt": sa.isoformat(), "identifier": f"s{i}",
             "offence": {"committedAt": off.isoformat()},
             "releaseArrangements": {"isSDSPlus": r.random() < 0.15, "isSection250": r.random() < 0.1,
                                     "sdsEarlyReleaseExclusions": r.sample(EXCLUSIONS, r.choice((0, 0, 1)))}}
        if t in ("ExtendedDeterminateSentence", "SopcSentence"):
            s["custodialDuration"] = {"durationElements": _duration(r, t)}
            years = 1 if t == "SopcSentence" else r.randint(1, 8)
            s["extensionDuration"] = {"durationElements": {"YEARS": years}}
            s["automaticRelease"] = t == "ExtendedDeterminateSentence" and r.random() < 0.3
            s["sdopcu18"] = t == "SopcSentence" and r.random() < 0.3
        else:
            s["duration"] = {"durationElements": _duration(r, t)}
        if t == "AFineSentence":
            s["fineAmount"] = r.choice((None, 100, 5000.5, 1e6))
        if t == "BotusSentence" and r.random() < 0.7:
            s["latestTusedDate"] = (sa + timedelta(days=r.randint(-200, 400))).isoformat()
        if sentences and r.random() < 0.35:
            s["consecutiveSentenceUUIDs"] = [r.choice(sentences)["identifier"]]
        sentences.append(s)
    first = min(date.fromisoformat(s["sentencedAt"]) for s in sentences)
    last = max(date.fromisoformat(s["sentencedAt"]) for s in sentences)
    age = r.choice((14, 16, 17, 17, 18, 18, 19, 21, 30, 70, r.randint(14, 70)))
    dob = first - timedelta(days=int(age * 365.25) + r.randint(-200, 200))
    b = {"offender": {"reference": "X", "dateOfBirth": dob.isoformat(),
                      "isActiveSexOffender": r.random() < 0.1},
         "sentences": sentences, "adjustments": {}}
    rtc = None
    if r.random() < 0.25:
        rtc = last + timedelta(days=r.randint(1, 2500))
        kind = r.choice(("STANDARD_RECALL", "FIXED_TERM_RECALL_14", "FIXED_TERM_RECALL_28",
                         "FIXED_TERM_RECALL_56"))
        for s in sentences:
            if r.random() < 0.7:
                s["recall"] = {"recallType": kind, "returnToCustodyDate": rtc.isoformat()}
                if r.random() < 0.6:
                    s["recall"]["revocationDate"] = (rtc - timedelta(days=r.randint(0, 30))).isoformat()
    for k in ADJUSTMENTS:
        if r.random() < (0.35 if k == "REMAND" else 0.1):
            sd = date.fromisoformat(r.choice(sentences)["sentencedAt"])
            days = r.choice((1, r.randint(1, 60), r.randint(1, 800)))
            if k in ADJUSTMENTS[2:5]:   # UAL, ADA, RADA: from their own date
                start = sd + timedelta(days=r.randint(-5, 1500))
                applies = start
            else:
                end = rtc if k.startswith("RECALL") and rtc else sd
                start = end - timedelta(days=days + r.choice((0, 1, 9)))
                applies = sd
            a = {"numberOfDays": days, "appliesToSentencesFrom": applies.isoformat()}
            if r.random() < 0.85:
                a["fromDate"] = start.isoformat()
                a["toDate"] = (start + timedelta(days=days - 1)).isoformat()
            b["adjustments"][k] = [a]
    if r.random() < 0.1:
        when, moves = first, []
        for _ in range(r.randint(1, 3)):
            when += timedelta(days=r.randint(0, 900))
            direction, reason = r.choice(MOVES)
            moves.append({"movementDate": when.isoformat(), "direction": direction, "movementReason": reason})
        b["externalMovements"] = moves
    doc = {"booking": b, "params": r.choice(sorted(R.PROFILES)),
           "userInputs": {"calculateErsed": r.random() < 0.3, "useOffenceIndicators": True}}
    if r.random() < 0.3:
        doc["featureToggles"] = dict.fromkeys(r.sample(sorted(R.FEATURE_TOGGLES), r.randint(1, 3)), True)
    return doc


def test_random_bookings_never_crash():
    r = random.Random(20261203)
    seen = {"dates": 0, "refused": 0, "invalid": 0}
    for _ in range(2000):
        seen[outcome(random_booking(r))] += 1
    # the generator reaches the calculation, not only the checks
    assert seen["dates"] > 500 and seen["refused"] > 100 and seen["invalid"] > 100


def test_random_concurrent_and_consecutive_detention_and_training_orders_never_crash():
    # (a KeyError 'MTD' was once seen in combining concurrent orders, not reproduced since)
    r = random.Random(13)
    types = ["DetentionAndTrainingOrderSentence"] * 4 + ["StandardSentence"]
    seen = {"dates": 0, "refused": 0, "invalid": 0}
    for _ in range(500):
        doc = random_booking(r, types)
        for s in doc["booking"]["sentences"]:
            s.pop("recall", None)
            s["offence"]["committedAt"] = max(s["offence"]["committedAt"], "2015-02-01")
            s["offence"]["committedAt"] = min(s["offence"]["committedAt"], s["sentencedAt"])
        seen[outcome(doc)] += 1
    assert seen["dates"] > 150


ODD = [None, "", "abc", "2021-13-45", 0, -5, 3.7, 1e300, True, [], {}, [1], {"x": 1}, "P3Y", "9999-12-31"]


def _paths(obj, path=()):
    yield path
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, path + (i,))


def test_random_bookings_with_a_field_of_the_wrong_type_never_crash():
    r = random.Random(7)
    for _ in range(1500):
        doc = random_booking(r)
        for _ in range(r.choice((1, 2))):
            path = r.choice([p for p in _paths(doc) if p])
            _set(path, copy.deepcopy(r.choice(ODD)))(doc)
        outcome(doc)


# -- the casebook path ------------------------------------------------------------------------------------
def test_random_casebook_records_never_raise():
    r = random.Random(11)
    types = ["SDS", "SDS", "SDS_PLUS", "YOI", "EDS", "EDS_AUTO", "SOPC", "DTO", "A_FINE", "BOTUS", "STS",
             "DCR",
             "LIFE", "IPP", "", None, "weird"]
    terms = ["P3Y", "P6M", "P18M", "P2W", "P10D", "P12Y", "", None, "three years", "P", "P-1Y", "P1.5Y"]
    for _ in range(1500):
        base = _day(r)
        sentences = []
        for i in range(r.choice((1, 1, 2, 3))):
            sa = r.choice((base, base + timedelta(days=r.randint(1, 800)), None))
            recall = r.choice((None, None, None, "STANDARD", "FTR14", "FTR28", "FTR56", "bogus"))
            sentences.append(NS(
                id=i + 1, client_id=1, sentence_type=r.choice(types), offence=r.choice(("theft", "", None)),
                offence_date=sa - timedelta(days=r.randint(0, 900)) if sa and r.random() < 0.9 else None,
                sentence_date=sa, custodial_term=r.choice(terms),
                minimum_term=r.choice(("P15Y", None, "bad")),
                extension_term=r.choice((None, "P1Y", "P4Y", "bad")),
                consecutive_to=r.choice((None, None, 1, 99, "x")),
                offence_flags=r.sample(["SDS40_ELIGIBLE", "SEXUAL", "VIOLENT_4Y", "S250", "TERRORISM",
                                        "nonsense"], r.randint(0, 2)),
                recall_type=recall, recall_date=base + timedelta(days=900) if recall else None))
        adjustments = [NS(id=j, client_id=1, kind=r.choice(("REMAND", "TAGGED_BAIL", "UAL", "ADA", "RADA",
                                                             "RECALL_REMAND", "", None, "OTHER")),
                          days=r.choice((1, 30, 400, 0, -1, None, "12")),
                          from_date=r.choice((None, base - timedelta(days=40), base + timedelta(days=200))),
                          to_date=r.choice((None, base - timedelta(days=1), base + timedelta(days=230))))
                       for j in range(r.choice((0, 1, 2)))]
        today = r.choice((date(2026, 1, 1), date(2026, 12, 3)))
        c = calculate_for_client(sentences, adjustments, today=today,
                                 date_of_birth=r.choice((None, date(1990, 5, 5), date(2008, 5, 5))),
                                 progression_from=r.choice((None, date(2026, 10, 1))))
        assert (c.result is None) != (c.refusal is None) or c.milestones
