"""Metamorphic checks of the release-date engine: the visible HMPPS bookings, perturbed.

The held-out HMPPS cases cannot be seen, so answers that cannot all be right are looked for another way:
each booking of ``shared/oracles/release-dates`` is changed a little and the two results compared by a
relation that must hold between them. Every relation is limited to where the law and HMPPS's own rules
(its Kotlin source, read for each) make it hold; the limits are in each test's docstring with the HMPPS
behaviour that makes them necessary. A refusal (``NotSupported``) or validation error of the perturbed
booking is never a violation.

Relations:

* ordering within every result (base and perturbed): HDCED ≤ CRD/ARD, CRD/ARD/PED ≤ SLED/SED, PED ≤ CRD/ARD,
  ERSED ≤ CRD/ARD, ETD ≤ MTD ≤ LTD, TUSED after the release (unless a recall's PRRD governs), no date
  before the earliest sentence date;
* one more day of remand or tagged bail never makes a release date later and moves it by at most a day;
  one more day unlawfully at large never makes the release earlier;
* more additional days never make any date earlier;
* a longer term never makes the expiry earlier, nor a consecutive term any date;
* a shorter concurrent sentence imposed the same day, or an identical one, makes no date earlier (an
  identical one changes nothing);
* the same answer whatever the order of the adjustments, of sentences imposed on different days, and
  whatever the identifiers; remand recorded as tagged bail, or split in two, changes nothing;
* the effective sentence length is what the terms say;
* a booking released before SDS40 or the progression model commenced gets the same answer under the profile
  with the change and the one before it.

The corpus lives beside the checkout (``../shared``); without it these tests fail, never skip.
"""

from __future__ import annotations

import copy
import json
import random
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import pytest

from casebook.sentencing import InvalidBooking, NotSupported, calculate
from casebook.sentencing.hmpps_json import parse_booking

ROOT = Path(__file__).resolve().parents[3]
INPUTS = ROOT.parent / "shared" / "oracles" / "release-dates" / "overall_calculation"

RELEASE = ("CRD", "ARD", "PED", "HDCED", "PRRD", "ERSED", "MTD")
TRANSFER = ("ETD", "LTD")   # a month either side of the mid-term: month arithmetic, not day for day
EXPIRY = ("SLED", "SED", "LED")
STANDARD = "StandardSentence"
DTO = "DetentionAndTrainingOrderSentence"


@cache
def _corpus() -> tuple[tuple[str, str], ...]:
    paths = sorted(INPUTS.glob("*/*.json")) if INPUTS.is_dir() else []
    if not paths:
        pytest.fail(f"the HMPPS oracle corpus is missing: no bookings at {INPUTS}", pytrace=False)
    return tuple((f"{p.parent.name}/{p.name}", p.read_text(encoding="utf-8")) for p in paths)


def _run(doc: dict):
    """(dates as date objects, effective sentence length), or None when refused or invalid."""
    try:
        result = calculate(parse_booking(doc))
    except (NotSupported, InvalidBooking):
        return None
    return {k: v.date for k, v in result.dates.items()}, result.effective_sentence_length


@cache
def _calculated() -> tuple[tuple[str, str, dict, str], ...]:
    """The visible bookings the engine answers: (name, file text, dates, effective sentence length)."""
    out = []
    for name, text in _corpus():
        got = _run(json.loads(text))
        if got is not None:
            out.append((name, text, *got))
    return tuple(out)


def _d(s: str) -> date:
    return date.fromisoformat(s[:10])


def _sentences(doc: dict) -> list[dict]:
    return doc["booking"]["sentences"]


def _adjustments(doc: dict) -> dict:
    adj = doc["booking"].get("adjustments") or {}
    return adj if isinstance(adj, dict) else {}


def _one_sentence_date(doc: dict) -> bool:
    return len({s["sentencedAt"] for s in _sentences(doc)}) == 1


def _recalled(doc: dict) -> bool:
    return any(s.get("recall") or s.get("recallType") for s in _sentences(doc))


def _earliest(doc: dict) -> date:
    return min(_d(s["sentencedAt"]) for s in _sentences(doc))


def _order_violations(dates: dict, doc: dict) -> list[str]:
    """Dates of one result that cannot all be right. HDCED may equal the release: HMPPS moves it to a
    concurrent sentence's release (CRDS HdcedExtractionService, HDCED_ADJUSTED_TO_CONCURRENT_CONDITIONAL_
    RELEASE; the suite shows HDCED = CRD, custom-examples/crs-876-eds-sds-ac7)."""
    out = []

    def le(a: str, b: str) -> None:
        if a in dates and b in dates and dates[a] > dates[b]:
            out.append(f"{a} {dates[a]} after {b} {dates[b]}")

    for release in ("CRD", "ARD"):
        for earlier in ("HDCED", "PED", "ERSED"):
            le(earlier, release)
        for expiry in ("SLED", "SED"):
            le(release, expiry)
    for expiry in ("SLED", "SED"):
        le("PED", expiry)
    le("ETD", "MTD")
    le("MTD", "LTD")
    release = dates.get("CRD") or dates.get("ARD")
    if "TUSED" in dates and release and dates["TUSED"] <= release and "PRRD" not in dates:
        out.append(f"TUSED {dates['TUSED']} not after release {release}")
    first = _earliest(doc)
    out += [f"{k} {v} before the earliest sentence date {first}" for k, v in dates.items() if v < first]
    return out


def _check(name: str, label: str, base, doc: dict, relation) -> list[str]:
    """The relation's complaints about the perturbed booking ``doc`` against ``base``, and its order."""
    got = _run(doc)
    if got is None:
        return []
    return [f"{name} [{label}]: {x}" for x in relation(base, got) + _order_violations(got[0], doc)]


def _report(problems: list[str], tried: int) -> None:
    assert tried > 0, "no perturbed booking was tried"
    assert not problems, f"{len(problems)} violations in {tried} perturbed bookings:\n" + "\n".join(problems)


def _same(base, got) -> list[str]:
    if base == got:
        return []
    (bd, besl), (gd, gesl) = base, got
    diff = {k: (bd.get(k), gd.get(k)) for k in sorted(set(bd) | set(gd)) if bd.get(k) != gd.get(k)}
    if besl != gesl:
        diff["effectiveSentenceLength"] = (besl, gesl)
    return [f"changed {diff}"]


# -- ordering ------------------------------------------------------------------------------------------
def test_every_visible_result_is_in_order():
    problems = []
    for name, text, dates, _esl in _calculated():
        problems += [f"{name}: {x}" for x in _order_violations(dates, json.loads(text))]
    _report(problems, len(_calculated()))


# -- remand, tagged bail and UAL -------------------------------------------------------------------------
def _one_more_day(doc: dict, kind: str, i: int | None) -> dict:
    """One more day on the i-th adjustment of ``kind`` (remand and tagged bail from a day earlier, UAL to a
    day later); i None: a first day of ``kind`` the day before the (only) sentence date."""
    d = copy.deepcopy(doc)
    adj = d["booking"].setdefault("adjustments", {})
    if i is None:
        sa = _earliest(d)
        eve = (sa - timedelta(days=1)).isoformat()
        adj.setdefault(kind, []).append({"appliesToSentencesFrom": sa.isoformat(), "numberOfDays": 1,
                                         "fromDate": eve, "toDate": eve})
        return d
    a = adj[kind][i]
    a["numberOfDays"] = int(a.get("numberOfDays") or 0) + 1
    if kind == "UNLAWFULLY_AT_LARGE":
        if a.get("toDate"):
            a["toDate"] = (_d(a["toDate"]) + timedelta(days=1)).isoformat()
    elif a.get("fromDate"):
        a["fromDate"] = (_d(a["fromDate"]) - timedelta(days=1)).isoformat()
    return d


def _at_most_a_day_earlier(base, got) -> list[str]:
    (bd, _), (gd, _) = base, got
    out = [f"{k} {bd[k]} -> {gd[k]}" for k in RELEASE if k in bd and k in gd
           and not -1 <= (gd[k] - bd[k]).days <= 0]
    out += [f"{k} {bd[k]} -> {gd[k]} (later)" for k in TRANSFER if k in bd and k in gd and gd[k] > bd[k]]
    return out


def test_one_more_day_of_remand_or_tagged_bail_moves_release_at_most_a_day_earlier():
    """Bookings whose sentences share one sentence date, with no UAL and no additional days. Elsewhere the
    relation does not hold in HMPPS, by its own rules: a day more releases the person from an earlier
    sentence before a later one is imposed, which then starts a new period without the remand (CRDS
    BookingTimelineService); additional days served between release and a later sentence are counted from
    the release, so a day of remand counts twice (TimelineSentenceCalculationHandler.findServedAdas); UAL
    that began on the release date falls after it (TimelineUalAdjustmentCalculationHandler); and a concurrent
    sentence released on the day it is imposed moves the HDCED only if exactly so
    (HdcedExtractionService, isImmediateCustodyRelease)."""
    problems, tried = [], 0
    for name, text, dates, esl in _calculated():
        doc = json.loads(text)
        adj = _adjustments(doc)
        if not _one_sentence_date(doc) or any(adj.get(k) for k in (
                "UNLAWFULLY_AT_LARGE", "ADDITIONAL_DAYS_AWARDED", "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED")):
            continue
        for kind in ("REMAND", "TAGGED_BAIL"):
            for i in [*range(len(adj.get(kind) or [])), None]:
                tried += 1
                problems += _check(name, f"+1 {kind}", (dates, esl), _one_more_day(doc, kind, i),
                                   _at_most_a_day_earlier)
    _report(problems, tried)


def test_one_more_day_unlawfully_at_large_never_makes_release_earlier():
    """The governing release (CRD, ARD, PRRD or MTD — UAL can make a recalled sentence's PRRD govern) is
    never earlier."""
    def release(dates):
        return max((dates[k] for k in ("CRD", "ARD", "PRRD", "MTD") if k in dates), default=None)

    def not_earlier(base, got):
        b, g = release(base[0]), release(got[0])
        return [f"release {b} -> {g}"] if b and g and g < b else []

    problems, tried = [], 0
    for name, text, dates, esl in _calculated():
        doc = json.loads(text)
        for i in range(len(_adjustments(doc).get("UNLAWFULLY_AT_LARGE") or [])):
            tried += 1
            problems += _check(name, "+1 UAL", (dates, esl), _one_more_day(doc, "UNLAWFULLY_AT_LARGE", i),
                               not_earlier)
    _report(problems, tried)


def _more_awarded(doc: dict, i: int | None) -> dict:
    """One more additional day on the i-th award, or (i None) 5 days awarded 10 days after the latest
    sentence date."""
    d = copy.deepcopy(doc)
    adj = d["booking"].setdefault("adjustments", {})
    if i is None:
        when = max(_d(s["sentencedAt"]) for s in _sentences(d)) + timedelta(days=10)
        adj.setdefault("ADDITIONAL_DAYS_AWARDED", []).append({"appliesToSentencesFrom": when.isoformat(),
                                                              "numberOfDays": 5})
    else:
        a = adj["ADDITIONAL_DAYS_AWARDED"][i]
        a["numberOfDays"] = int(a.get("numberOfDays") or 0) + 1
    return d


def test_more_additional_days_never_make_a_date_earlier():
    """Additional days (CJA 2003 s.257) only ever keep a person in longer: no release, expiry or supervision
    date is earlier (an award after a later sentence does not reach back to hold an earlier period in
    custody open, CRDS BookingTimelineService)."""
    problems, tried = [], 0
    for name, text, dates, esl in _calculated():
        doc = json.loads(text)
        for i in [*range(len(_adjustments(doc).get("ADDITIONAL_DAYS_AWARDED") or [])), None]:
            tried += 1
            problems += _check(name, "more additional days", (dates, esl), _more_awarded(doc, i),
                               _no_date_earlier)
    _report(problems, tried)


# -- longer terms -----------------------------------------------------------------------------------------
def _longer(doc: dict, i: int, unit: str) -> dict:
    d = copy.deepcopy(doc)
    s = _sentences(d)[i]
    field = "custodialDuration" if s.get("custodialDuration") else "duration"
    el = s[field].setdefault("durationElements", {})
    el[unit] = int(el.get(unit) or 0) + 1
    return d


def test_a_longer_term_never_makes_the_expiry_earlier():
    """Every sentence but a DTO (whose lengths are fixed by statute) one day or one month longer, in
    bookings whose sentences share one sentence date: with later sentences, a longer earlier one can keep
    the person in custody when they are imposed, so they share its remand (CRDS BookingTimelineService:
    the suite's custom-examples/crs-2487-validation-bug shows the other side)."""
    def not_earlier(base, got):
        (bd, _), (gd, _) = base, got
        out = [f"{k} {bd[k]} -> {gd[k]}" for k in EXPIRY if k in bd and k in gd and gd[k] < bd[k]]
        b, g = bd.get("SLED") or bd.get("SED"), gd.get("SLED") or gd.get("SED")
        return out + ([f"expiry {b} -> {g}"] if b and g and g < b else [])

    problems, tried = [], 0
    for name, text, dates, esl in _calculated():
        doc = json.loads(text)
        if not _one_sentence_date(doc):
            continue
        for i, s in enumerate(_sentences(doc)):
            if s.get("type") == DTO:
                continue
            for unit in ("DAYS", "MONTHS"):
                tried += 1
                problems += _check(name, f"+1 {unit} on sentence {i + 1}", (dates, esl),
                                   _longer(doc, i, unit), not_earlier)
    _report(problems, tried)


# -- concurrent sentences -----------------------------------------------------------------------------
def _concurrent(doc: dict, i: int, duration: dict | None) -> dict:
    """Sentence i again, concurrent and imposed the same day: the same (duration None) or a standard
    determinate sentence of ``duration``, not SDS+."""
    d = copy.deepcopy(doc)
    s = copy.deepcopy(_sentences(d)[i])
    s["identifier"] = "metamorphic-concurrent"
    s.pop("consecutiveSentenceUUIDs", None)
    if duration is not None:
        s["type"] = STANDARD
        for k in ("custodialDuration", "extensionDuration", "automaticRelease", "isSDSPlus",
                  "isSDSPlusEligibleSentenceTypeLengthAndOffence"):
            s.pop(k, None)
        s["duration"] = {"durationElements": duration}
        if isinstance(s.get("releaseArrangements"), dict):
            s["releaseArrangements"]["isSDSPlus"] = False
            s["releaseArrangements"]["isSDSPlusEligibleSentenceTypeLengthAndOffence"] = False
    _sentences(d).append(s)
    return d


def _no_date_earlier(base, got) -> list[str]:
    (bd, _), (gd, _) = base, got
    return [f"{k} {bd[k]} -> {gd[k]}" for k in bd if k in gd and gd[k] < bd[k]]


def test_a_shorter_concurrent_sentence_the_same_day_makes_no_date_earlier():
    """A standard determinate sentence of 1 or 30 days, or half the months, beside a standard one of a
    booking with no recall."""
    problems, tried = [], 0
    for name, text, dates, esl in _calculated():
        doc = json.loads(text)
        if _recalled(doc):
            continue
        for i, s in enumerate(_sentences(doc)):
            if s.get("type", STANDARD) != STANDARD:
                continue
            el = (s.get("duration") or {}).get("durationElements") or {}
            months = 12 * int(el.get("YEARS") or 0) + int(el.get("MONTHS") or 0)
            length = 30 * months + 7 * int(el.get("WEEKS") or 0) + int(el.get("DAYS") or 0)
            shorter = [{"DAYS": n} for n in (1, 30) if n < length]
            if months >= 2:
                shorter.append({"MONTHS": months // 2})
            for duration in shorter:
                tried += 1
                problems += _check(name, f"concurrent {duration}", (dates, esl),
                                   _concurrent(doc, i, duration), _no_date_earlier)
    _report(problems, tried)


def test_an_identical_concurrent_sentence_changes_nothing():
    """Any sentence that is not part of a line of consecutive sentences, again, imposed the same day."""
    problems, tried = [], 0
    for name, text, dates, esl in _calculated():
        doc = json.loads(text)
        ss = _sentences(doc)
        linked = {x for s in ss for x in (s.get("consecutiveSentenceUUIDs") or [])}
        for i, s in enumerate(ss):
            if s.get("consecutiveSentenceUUIDs") or (s.get("identifier") and s["identifier"] in linked):
                continue
            tried += 1
            problems += _check(name, f"sentence {i + 1} twice", (dates, esl), _concurrent(doc, i, None),
                               _same)
    _report(problems, tried)


def _consecutive(doc: dict, i: int, duration: dict) -> dict | None:
    """A standard determinate term of ``duration`` consecutive to sentence i (the end of a line), imposed the
    same day; None where sentence i is not a standard one at the end of a line."""
    d = copy.deepcopy(doc)
    ss = _sentences(d)
    s = ss[i]
    if s.get("type", STANDARD) != STANDARD:
        return None
    s.setdefault("identifier", f"metamorphic-line-{i}")
    if any(s["identifier"] in (x.get("consecutiveSentenceUUIDs") or []) for x in ss):
        return None
    c = copy.deepcopy(s)
    c.update(identifier="metamorphic-consecutive", consecutiveSentenceUUIDs=[s["identifier"]],
             duration={"durationElements": duration})
    if isinstance(c.get("releaseArrangements"), dict):
        c["releaseArrangements"]["isSDSPlus"] = False
        c["releaseArrangements"]["isSDSPlusEligibleSentenceTypeLengthAndOffence"] = False
    ss.append(c)
    return d


def test_a_consecutive_term_makes_no_date_earlier():
    """A month more, consecutive to a line (CJA 2003 s.264: the terms are served as one), in
    bookings with no recall whose sentences share one sentence date (with later sentences, a longer line can
    keep the person in custody when they are imposed, so they share its remand: CRDS
    BookingTimelineService)."""
    problems, tried = [], 0
    for name, text, dates, esl in _calculated():
        doc = json.loads(text)
        if _recalled(doc) or not _one_sentence_date(doc):
            continue
        for i in range(len(_sentences(doc))):
            for duration in ({"MONTHS": 1},):
                d = _consecutive(doc, i, duration)
                if d is not None:
                    tried += 1
                    problems += _check(name, f"{duration} after sentence {i + 1}", (dates, esl), d,
                                       _no_date_earlier)
    _report(problems, tried)


# -- order and identifiers ------------------------------------------------------------------------------
def _reordered(doc: dict, rng: random.Random) -> dict:
    """Adjustments in any order; sentences in any order that keeps the order of those imposed the same day
    (HMPPS takes the sentences by date, then as given, and the first of a tie governs: CRDS
    BookingTimelineService sorts by sentence date, SentencesExtractionService takes the first latest); new
    identifiers."""
    d = copy.deepcopy(doc)
    ss = _sentences(d)
    dates = [s["sentencedAt"] for s in ss]
    rng.shuffle(dates)
    by_date: dict[str, list] = {}
    for s in ss:
        by_date.setdefault(s["sentencedAt"], []).append(s)
    d["booking"]["sentences"] = [by_date[x].pop(0) for x in dates]
    names = {s["identifier"]: f"id-{rng.getrandbits(32):08x}" for s in ss if s.get("identifier")}
    for s in _sentences(d):
        if s.get("identifier"):
            s["identifier"] = names[s["identifier"]]
        if s.get("consecutiveSentenceUUIDs"):
            s["consecutiveSentenceUUIDs"] = [names.get(x, x) for x in s["consecutiveSentenceUUIDs"]]
    adj = _adjustments(d)
    items = list(adj.items())
    rng.shuffle(items)
    for _kind, lst in items:
        if isinstance(lst, list):
            rng.shuffle(lst)
    if adj:
        d["booking"]["adjustments"] = dict(items)
    return d


def test_the_answer_does_not_depend_on_order_or_identifiers():
    rng = random.Random(20261203)
    problems, tried = [], 0
    for name, text, dates, esl in _calculated():
        doc = json.loads(text)
        for k in range(2):
            tried += 1
            problems += _check(name, f"reordered {k}", (dates, esl), _reordered(doc, rng), _same)
    _report(problems, tried)


def _remand_as_tagged_bail(doc: dict, i: int) -> dict:
    d = copy.deepcopy(doc)
    adj = _adjustments(d)
    a = adj["REMAND"].pop(i)
    if not adj["REMAND"]:
        del adj["REMAND"]
    adj.setdefault("TAGGED_BAIL", []).append(a)
    return d


def _split(doc: dict, kind: str, i: int) -> dict | None:
    """The i-th adjustment of ``kind`` as two records of adjacent periods (same total, same date applying)."""
    d = copy.deepcopy(doc)
    lst = _adjustments(d)[kind]
    a = lst[i]
    n = int(a.get("numberOfDays") or 0)
    if n < 2 or not a.get("fromDate") or not a.get("toDate"):
        return None
    if (_d(a["toDate"]) - _d(a["fromDate"])).days + 1 != n:
        return None
    first, second = dict(a), dict(a)
    first["numberOfDays"], second["numberOfDays"] = n // 2, n - n // 2
    first["toDate"] = (_d(a["fromDate"]) + timedelta(days=n // 2 - 1)).isoformat()
    second["fromDate"] = (_d(a["fromDate"]) + timedelta(days=n // 2)).isoformat()
    lst[i:i + 1] = [first, second]
    return d


def test_remand_as_tagged_bail_or_split_in_two_changes_nothing():
    """Remand, tagged bail or UAL split in two records (both applying from the date the one did) is the same
    thing. Remand and tagged bail count alike (CJA 2003 ss.240ZA, 240A) except for a detention and training
    order imposed before 28 June 2022, credited tagged bail only (CRDS TimelineCalculator.setAdjustments,
    DTO_BEFORE_PCSC): bookings with a DTO are left out of that half, and so are bookings with additional days:
    days awarded between two sentences were awarded in custody, on remand, and fall to the later sentence
    (the suite's custom-examples/crs-2331-bug); on tagged bail they could not have been awarded at all."""
    problems, tried = [], 0
    for name, text, dates, esl in _calculated():
        doc = json.loads(text)
        adj = _adjustments(doc)
        if not any(s.get("type") == DTO for s in _sentences(doc)) and not adj.get("ADDITIONAL_DAYS_AWARDED"):
            for i in range(len(adj.get("REMAND") or [])):
                tried += 1
                problems += _check(name, "remand as tagged bail", (dates, esl),
                                   _remand_as_tagged_bail(doc, i), _same)
        for kind in ("REMAND", "TAGGED_BAIL", "UNLAWFULLY_AT_LARGE"):
            for i in range(len(adj.get(kind) or [])):
                split = _split(doc, kind, i)
                if split is not None:
                    tried += 1
                    problems += _check(name, f"{kind} split", (dates, esl), split, _same)
    _report(problems, tried)


# -- effective sentence length -----------------------------------------------------------------------------
def _whole_months(s: dict) -> int | None:
    el = (s.get("duration") or {}).get("durationElements") or {}
    if any(int(el.get(k) or 0) for k in ("WEEKS", "DAYS")):
        return None
    return 12 * int(el.get("YEARS") or 0) + int(el.get("MONTHS") or 0)


def _esl_from_terms(doc: dict) -> str | None:
    """The longest line of standard determinate sentences, all imposed the same day in whole months or years,
    as an ISO period: what the effective sentence length must say. None where it does not apply, and from
    the 29th of a month on: a line's terms are added from the end of the one before (PSI 03/2015 para 5.5),
    so 30 + 10 + 2 months from 31 May 2024 run to 30 Nov 2027, P3Y6M1D (the suite's
    tranches/crs-2065-tranche-1-1)."""
    ss = _sentences(doc)
    if (not _one_sentence_date(doc) or _recalled(doc) or any(s.get("type", STANDARD) != STANDARD for s in ss)
            or any(_whole_months(s) is None for s in ss) or _earliest(doc).day > 28):
        return None
    by_id = {s.get("identifier"): s for s in ss if s.get("identifier")}

    def line(s: dict) -> int:
        parent = (s.get("consecutiveSentenceUUIDs") or [None])[0]
        return _whole_months(s) + (line(by_id[parent]) if parent in by_id else 0)

    months = max(line(s) for s in ss)
    years, months = divmod(months, 12)
    return "P" + (f"{years}Y" if years else "") + (f"{months}M" if months else "")


def test_the_effective_sentence_length_is_what_the_terms_say():
    """On the visible bookings and with each sentence a month longer."""
    problems, tried = [], 0
    for name, text, dates, esl in _calculated():
        doc = json.loads(text)
        for i in [None, *range(len(_sentences(doc)))]:
            d = doc if i is None else _longer(doc, i, "MONTHS")
            want = _esl_from_terms(d)
            if want is None:
                continue
            got = (dates, esl) if i is None else _run(d)
            tried += 1
            if got is not None and got[1] != want:
                which = "as given" if i is None else f"sentence {i + 1} a month longer"
                problems.append(f"{name} [{which}]: ESL {got[1]}, the terms say {want}")
    _report(problems, tried)


# -- rules profiles ---------------------------------------------------------------------------------------
# (profile before a change, profile with it, the day it commenced)
CHANGES = (("sds-50", "calculation-params", date(2024, 9, 10)),                      # SDS40
           ("calculation-params", "sds-progression-model-october", date(2026, 10, 1)))   # progression model


@pytest.mark.parametrize(("before_profile", "after_profile", "commenced"), CHANGES)
def test_release_before_a_change_commenced_is_the_same_under_either_profile(before_profile, after_profile,
                                                                              commenced):
    """A booking with no movements, every sentence imposed and any return to custody before a change of
    release point commenced, and released from every sentence (CRD, ARD, mid-term or post-recall release)
    before it under the rules before it: the change never applied to it, so the profile with the change and
    the one before it give the same answer (SI 2024/844 art.3 for SDS40; CRDS BookingTimelineService finds
    nothing in custody at the tranche; the suite's custom-examples/crs-2062-sds40-tused-bug and
    progression-model/crs-2663-ac1-5). SDS40: no recalls (a recall's first release under 40% is refused
    elsewhere)."""
    problems, tried = [], 0
    for name, text, _dates, _esl in _calculated():
        doc = json.loads(text)
        if doc.get("params") not in (before_profile, after_profile):
            continue
        if doc["booking"].get("externalMovements"):
            continue
        if after_profile == "calculation-params" and _recalled(doc):
            continue
        rtc = doc["booking"].get("returnToCustodyDate")
        if any(_d(s["sentencedAt"]) >= commenced for s in _sentences(doc)) or (rtc and _d(rtc) >= commenced):
            continue
        results = {}
        for profile in (before_profile, after_profile):
            d = copy.deepcopy(doc)
            d["params"] = profile
            results[profile] = _run(d)
        before, after = results[before_profile], results[after_profile]
        if before is None or after is None:
            continue
        released = [v for k, v in before[0].items() if k in ("CRD", "ARD", "MTD", "PRRD")]
        if not released or max(released) >= commenced:
            continue
        tried += 1
        problems += [f"{name} [{before_profile} → {after_profile}]: {x}" for x in _same(before, after)]
    _report(problems, tried)
