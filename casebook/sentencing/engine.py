"""The release-date engine: one small set of functions over the dated rules in ``rules.py``.

Pipeline: validate → group consecutive chains into *units* → compute each unit's dates with their
working → combine the units (latest release / latest expiry govern) → the HMPPS date set.
Anything outside the supported rules raises :class:`NotSupported`; the engine never guesses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from casebook.sentencing import rules as R
from casebook.sentencing.durations import Term, add_months, iso_period, period_between, uk_date
from casebook.sentencing.model import (
    AdjustmentIn,
    BookingIn,
    CalculationResult,
    DateResult,
    InvalidBooking,
    NotSupported,
    SentenceIn,
    Working,
)

HALF = Fraction(1, 2)
TWO_THIRDS = Fraction(2, 3)
ONE = Fraction(1)


def ceil_frac(days: int, frac: Fraction) -> int:
    return math.ceil(days * frac)


def _d(x: date, n: int) -> date:
    return x + timedelta(days=n)


def _w(rule_key: str, arithmetic: str, *more: str) -> Working:
    rule = R.RULES[rule_key]
    citation = "; ".join([rule.citation, *(R.RULES[k].citation for k in more)])
    confirmed = rule.confirmed and all(R.RULES[k].confirmed for k in more)
    return Working(rule.text, citation, arithmetic, confirmed)


# ----------------------------------------------------------------------------------------------
# Adjustments
# ----------------------------------------------------------------------------------------------
@dataclass
class Adj:
    deducted: int = 0      # remand + tagged bail (+ recall remand / recall tagged bail)
    ual: int = 0
    awarded: int = 0       # ADA - RADA

    def text(self) -> str:
        bits = []
        if self.deducted:
            bits.append(f"− {self.deducted} days remand/tagged bail")
        if self.ual:
            bits.append(f"+ {self.ual} days unlawfully at large")
        return " ".join(bits)

    def awarded_text(self) -> str:
        return f"+ {self.awarded} days ADA (net of RADA)" if self.awarded else ""


def adjustments_for(booking: BookingIn, recall: bool) -> Adj:
    a = Adj()
    for x in booking.adjustments:
        if x.days < 0:
            raise InvalidBooking("an adjustment has a negative number of days")
        if x.kind in ("REMAND", "TAGGED_BAIL"):
            a.deducted += x.days
        elif x.kind in ("RECALL_REMAND", "RECALL_TAGGED_BAIL"):
            a.deducted += x.days
        elif x.kind == "UAL":
            a.ual += x.days
        elif x.kind == "ADA":
            a.awarded += x.days
        elif x.kind == "RADA":
            a.awarded -= x.days
        else:
            raise NotSupported(f"adjustment type {x.kind}")
    return a


# ----------------------------------------------------------------------------------------------
# Units (a sentence, or a chain of consecutive sentences)
# ----------------------------------------------------------------------------------------------
@dataclass
class Unit:
    parts: list[SentenceIn]
    kind: str = ""
    sentenced_at: date = date.min
    days: int = 0                    # whole term to expiry (custodial + extension)
    custodial_days: int = 0
    release_days: int = 0            # to CRD/ARD before adjustments
    types: set[str] = field(default_factory=set)
    dates: dict[str, DateResult] = field(default_factory=dict)
    release: date = date.min         # adjusted release (CRD/ARD) including ADA
    release_no_ada: date = date.min
    expiry: date = date.min          # adjusted SED/SLED
    unadjusted_expiry: date = date.min
    led: date | None = None
    hdced: date | None = None
    ped: date | None = None
    tused: date | None = None
    ersed: date | None = None
    prrd: date | None = None
    immediate: bool = False
    sds_plus: bool = False
    recall: str | None = None
    total_term: Term = Term()


def build_units(booking: BookingIn) -> list[Unit]:
    by_id = {s.ident: s for s in booking.sentences if s.ident}
    children: dict[str, list[SentenceIn]] = {}
    for s in booking.sentences:
        if s.consecutive_to:
            if s.consecutive_to not in by_id:
                raise InvalidBooking("a sentence is consecutive to a sentence that is not in the booking")
            children.setdefault(s.consecutive_to, []).append(s)
    if any(len(v) > 1 for v in children.values()):
        raise NotSupported("two sentences consecutive to the same sentence")
    units = []
    for s in booking.sentences:
        if s.consecutive_to:
            continue
        chain = [s]
        seen = {id(s)}
        while chain[-1].ident and chain[-1].ident in children:
            nxt = children[chain[-1].ident][0]
            if id(nxt) in seen:
                raise InvalidBooking("consecutive sentences form a loop")
            seen.add(id(nxt))
            chain.append(nxt)
        units.append(Unit(parts=chain))
    if sum(len(u.parts) for u in units) != len(booking.sentences):
        raise InvalidBooking("consecutive sentences form a loop")
    return units


# ----------------------------------------------------------------------------------------------
# Release fractions
# ----------------------------------------------------------------------------------------------
T3_SUFFIX = "_T3"


def _excluded(s: SentenceIn) -> bool:
    """SDS40 exclusion; the tranche 3 exclusions (SI 2024/1331) bite only on sentences from 16 December 2024."""
    for x in s.exclusions:
        if not x.endswith(T3_SUFFIX) or s.sentenced_at >= R.SDS40_TRANCHE_3:
            return True
    return False


def sds_fraction(s: SentenceIn, early: bool) -> tuple[Fraction, str]:
    """Release fraction for a standard determinate sentence, and the rule key."""
    if s.sds_plus:
        return TWO_THIRDS, "SDS_PLUS"
    if early and not _excluded(s):
        return Fraction(2, 5), "SDS40"
    return HALF, "SDS_HALF"


# ----------------------------------------------------------------------------------------------
# Per-unit calculation
# ----------------------------------------------------------------------------------------------
def compute_unit(u: Unit, booking: BookingIn, profile: R.Profile) -> None:
    kinds = {p.kind for p in u.parts}
    if len(kinds) > 1:
        raise NotSupported("consecutive sentences of different types (" + ", ".join(sorted(kinds)) + ")")
    kind = kinds.pop()
    u.kind = kind
    recalls = {p.recall_type for p in u.parts}
    if len(recalls) > 1:
        raise NotSupported("consecutive sentences with different recall status")
    u.recall = recalls.pop()
    head = u.parts[0]
    u.sentenced_at = head.sentenced_at
    for p in u.parts[1:]:
        if p.sentenced_at != head.sentenced_at:
            raise NotSupported("consecutive sentences imposed on different dates")
    if kind in ("EDS", "SOPC") and len(u.parts) > 1:
        raise NotSupported("consecutive extended sentences")
    if u.recall == "FTR56":
        raise NotSupported("56-day fixed-term recall (tranche commencement rules)")
    if kind in ("BOTUS",):
        raise NotSupported("breach of top-up supervision (BOTUS) sentences")
    if kind == "SDS":
        _compute_sds(u, booking, profile)
    elif kind in ("EDS", "SOPC"):
        _compute_extended(u, booking, profile)
    elif kind == "AFINE":
        _compute_afine(u, booking)
    elif kind == "DTO":
        raise NotSupported("detention and training orders")
    else:
        raise NotSupported(f"sentence type {kind}")


def _offence(p: SentenceIn) -> date:
    return p.offence_date or p.sentenced_at


def _apply(u: Unit, adj: Adj, release_days: int) -> None:
    sa = u.sentenced_at
    u.release_days = release_days
    unadj_release = _d(sa, release_days - 1)
    u.release_no_ada = _d(unadj_release, -adj.deducted + adj.ual)
    rel = _d(u.release_no_ada, adj.awarded)
    u.immediate = rel < sa
    u.release = rel
    u.unadjusted_expiry = _d(sa, u.days - 1)
    u.expiry = _d(u.unadjusted_expiry, -adj.deducted + adj.ual)


def _term_text(u: Unit) -> str:
    if len(u.parts) == 1:
        return str(u.parts[0].term)
    return " + ".join(str(p.term) for p in u.parts) + f" consecutive = {u.total_term}"


def _compute_sds(u: Unit, booking: BookingIn, profile: R.Profile) -> None:
    sa = u.sentenced_at
    recall = u.recall is not None
    adj = adjustments_for(booking, recall)
    total = Term()
    for p in u.parts:
        total = total + p.term
    u.total_term = total
    u.days = total.length_days(sa)
    u.custodial_days = u.days
    if u.days <= 0:
        raise InvalidBooking("a sentence has no length")
    u.sds_plus = any(p.sds_plus for p in u.parts)
    early = next((e for e in profile.early_release), None)
    # Release fraction per part; a chain with mixed fractions is added part by part.
    fr = [sds_fraction(p, early is not None) for p in u.parts]
    hist = [sds_fraction(p, False) for p in u.parts]

    def release_days(fractions):
        if len({f for f, _ in fractions}) == 1:
            return ceil_frac(u.days, fractions[0][0])
        raise NotSupported("consecutive sentences with different release fractions")

    rd = release_days(fr)
    rule_key = fr[0][1]
    _apply(u, adj, rd)
    expl = (f"{_term_text(u)} from {uk_date(sa)} = {u.days} days; × {fr[0][0]} = {rd} days "
            f"→ {uk_date(_d(sa, rd - 1))}")
    # SDS40 commencement by tranche (release point moves to the tranche date where it has passed).
    if early is not None and rule_key == "SDS40":
        hrd = release_days(hist)
        r50 = _d(sa, hrd - 1 - adj.deducted + adj.ual + adj.awarded)
        tranche = _tranche(early, booking)
        if u.release < tranche.commencement:
            if r50 < tranche.commencement:
                _apply(u, adj, hrd)
                rule_key = "SDS_HALF"
                expl = (f"{_term_text(u)} from {uk_date(sa)} = {u.days} days; 40% point is before SDS40 "
                        f"{tranche.name} ({uk_date(tranche.commencement)}) and so is the 50% point: "
                        f"× 1/2 = {hrd} days → {uk_date(_d(sa, hrd - 1))}")
            else:
                shift = (tranche.commencement - u.release).days
                u.release = tranche.commencement
                u.release_no_ada = _d(u.release_no_ada, shift)
                rule_key = "SDS40_TRANCHE"
                expl += (f"; the adjusted 40% point is before SDS40 {tranche.name}, so release is on "
                         f"{uk_date(tranche.commencement)}")
        if rule_key == "SDS40_TRANCHE":
            raise NotSupported("release moved to an SDS40 tranche commencement date (HDC and licence "
                               "dates then follow transitional rules)")
        if (rule_key == "SDS40" and u.release >= R.SDS40_TRANCHE_3
                and any(x.endswith(T3_SUFFIX) for p in u.parts for x in p.exclusions)):
            raise NotSupported("SDS40 tranche 3 exclusion for a sentence imposed before 16 December 2024 "
                               "and released after it")
    first_offence = min(_offence(p) for p in u.parts)
    ora = all(_offence(p) >= R.ORA_COMMENCEMENT for p in u.parts)
    if not ora and any(_offence(p) >= R.ORA_COMMENCEMENT for p in u.parts):
        raise NotSupported("consecutive sentences mixing offences before and after 1 February 2015")
    if first_offence < R.CJA_2003_COMMENCEMENT:
        raise NotSupported("sentences for offences before 4 April 2005 (CJA 1991 rules)")
    under_12m = not total.at_least(sa, months=12)
    # Date types.
    under_18_at_release = (booking.date_of_birth is not None
                           and add_months(booking.date_of_birth, 18 * 12) > u.release_no_ada)
    if (not ora and under_12m) or u.days <= 1 or (under_12m and under_18_at_release):
        code_rel, code_exp = "ARD", "SED"
        rel_rule = "ARD"
    else:
        code_rel, code_exp = "CRD", "SLED"
        rel_rule = rule_key
        u.led = u.expiry
    u.types = {code_rel, code_exp}
    adj_text = " ".join(x for x in (adj.text(), adj.awarded_text()) if x)
    rel_arith = f"{expl}{'; ' + adj_text if adj_text else ''} = {uk_date(u.release)}"
    if u.immediate:
        rel_arith += f" (before the sentence date: immediate release on {uk_date(sa)})"
        u.release = sa
    u.dates[code_rel] = DateResult(code_rel, u.release, _w(rel_rule, rel_arith, "REMAND"))
    exp_arith = (f"{_term_text(u)} from {uk_date(sa)} ends {uk_date(u.unadjusted_expiry)}"
                 f"{'; ' + adj.text() if adj.text() else ''} = {uk_date(u.expiry)}")
    u.dates[code_exp] = DateResult(code_exp, u.expiry, _w("SLED", exp_arith, "TERM_DAYS"))
    # Top-up supervision (ORA 2014).
    if ora and not total.at_least(sa, years=2) and u.days > 1:
        age_ok = booking.date_of_birth is None or add_months(booking.date_of_birth, 18 * 12) <= u.release_no_ada
        if (u.days - rd) < 365 and age_ok:
            base = max(u.release_no_ada, sa) if not u.immediate else sa
            u.tused = add_months(base, R.TUSED_MONTHS)
            u.dates["TUSED"] = DateResult("TUSED", u.tused, _w(
                "TUSED", f"release (before ADA) {uk_date(base)} + 12 months = {uk_date(u.tused)}"))
    # HDC.
    if not recall and not any(p.sds_plus_eligible for p in u.parts):
        _hdced(u, adj, booking, profile)
        if early is not None and u.hdced is not None and sa < early.tranches[-1].commencement:
            raise NotSupported("HDC for a sentence imposed before SDS40 commenced (HMPPS transitional "
                               "HDC rules)")


def _tranche(early: R.EarlyRelease, booking: BookingIn) -> R.Tranche:
    # Allocation by the longest custodial term in the booking.
    longest = max(booking.sentences, key=lambda s: s.term.length_days(s.sentenced_at))
    for t in early.tranches:
        if t.max_length_years is None:
            return t
        if not longest.term.at_least(longest.sentenced_at, years=t.max_length_years):
            return t
    return early.tranches[-1]


def _hdc_date(u: Unit, params: R.HdcParams, adjust: int) -> tuple[date, str]:
    sa = u.sentenced_at
    custodial = u.release_days
    if custodial < params.midpoint_days:
        base = max(params.below_midpoint_minimum_days, math.ceil(custodial / 2))
        how = (f"one-half of the {custodial}-day custodial period (at least "
               f"{params.below_midpoint_minimum_days}) = {base} days")
    else:
        base = custodial - params.above_midpoint_deduction - 1
        how = f"{custodial}-day custodial period − {params.above_midpoint_deduction + 1} = {base} days"
    hd = _d(sa, base + adjust)
    arith = f"{uk_date(sa)} + {how}; adjustments {adjust:+d} = {uk_date(hd)}"
    floor = _d(sa, params.minimum_days_on_hdc)
    if floor >= hd:
        hd = floor
        arith += f"; not earlier than sentence date + {params.minimum_days_on_hdc} days = {uk_date(hd)}"
    return hd, arith


def _hdced(u: Unit, adj: Adj, booking: BookingIn, profile: R.Profile) -> None:
    sa = u.sentenced_at
    pre = R.HDC_PRE_365
    if u.release_days < pre.minimum_custodial_days:
        return
    if u.release < _d(sa, pre.minimum_days_on_hdc):
        return
    adjust = adj.ual + adj.awarded - adj.deducted
    hd_pre, a_pre = _hdc_date(u, pre, adjust)
    hd_post, a_post = _hdc_date(u, R.HDC_POST_365, adjust)
    c = R.HDC_365_COMMENCEMENT
    if hd_pre < c and hd_post < c:
        hd, arith, key = hd_pre, a_pre + f" (180-day window: before {uk_date(c)})", "HDC"
    elif hd_post >= c and hd_pre >= c:
        hd, arith, key = hd_post, a_post, "HDC_365"
    else:
        raise NotSupported("HDC eligibility straddling the 3 June 2025 change to a 365-day window "
                           "(transitional rules)")
    u.hdced = hd
    u.dates["HDCED"] = DateResult("HDCED", hd, _w(key, arith, "HDC"))


def _compute_extended(u: Unit, booking: BookingIn, profile: R.Profile) -> None:
    sa = u.sentenced_at
    adj = adjustments_for(booking, u.recall is not None)
    cust = Term()
    ext = Term()
    for p in u.parts:
        cust = cust + p.term
        if p.extension is None:
            raise InvalidBooking("an extended sentence has no extension period")
        ext = ext + p.extension
    u.total_term = cust
    u.custodial_days = cust.length_days(sa)
    u.days = (cust + ext).length_days(sa)
    head = u.parts[0]
    if u.kind == "EDS":
        if head.eds_automatic:
            crd_frac, ped_frac, rule_key = TWO_THIRDS, None, "EDS_AUTOMATIC"
        else:
            crd_frac, ped_frac, rule_key = ONE, TWO_THIRDS, "EDS_DISCRETIONARY"
    else:
        crd_frac = ONE
        if head.sentenced_at < R.PCSC_COMMENCEMENT:
            ped_frac, rule_key = HALF, "SOPC_HALF"
        else:
            ped_frac, rule_key = TWO_THIRDS, "SOPC_TWO_THIRDS"
    rd = ceil_frac(u.custodial_days, crd_frac)
    _apply(u, adj, rd)
    adj_text = " ".join(x for x in (adj.text(), adj.awarded_text()) if x)
    arith = (f"custodial term {cust} from {uk_date(sa)} = {u.custodial_days} days; × {crd_frac} = {rd} days"
             f"{'; ' + adj_text if adj_text else ''} = {uk_date(u.release)}")
    if u.immediate:
        u.release = sa
    u.types = {"CRD", "SLED"}
    u.led = u.expiry
    u.dates["CRD"] = DateResult("CRD", u.release, _w(rule_key, arith, "REMAND"))
    u.dates["SLED"] = DateResult("SLED", u.expiry, _w(
        "SLED", f"custodial {cust} + extension {ext} from {uk_date(sa)} ends {uk_date(u.unadjusted_expiry)}"
        f"{'; ' + adj.text() if adj.text() else ''} = {uk_date(u.expiry)}"))
    if ped_frac is not None:
        pd = ceil_frac(u.custodial_days, ped_frac)
        ped = _d(sa, pd - 1 - adj.deducted + adj.ual + adj.awarded)
        u.ped = ped
        u.types.add("PED")
        u.dates["PED"] = DateResult("PED", ped, _w(
            rule_key, f"{u.custodial_days} days × {ped_frac} = {pd} days from {uk_date(sa)}"
            f"{'; ' + adj_text if adj_text else ''} = {uk_date(ped)}"))


def _compute_afine(u: Unit, booking: BookingIn) -> None:
    sa = u.sentenced_at
    adj = adjustments_for(booking, u.recall is not None)
    total = Term()
    for p in u.parts:
        total = total + p.term
    u.total_term = total
    u.days = total.length_days(sa)
    u.custodial_days = u.days
    _apply(u, adj, u.days)
    arith = f"{total} from {uk_date(sa)} = {u.days} days, served in full; {adj.text()} = {uk_date(u.release)}"
    if u.immediate:
        u.release = sa
    u.types = {"ARD", "SED"}
    u.dates["ARD"] = DateResult("ARD", u.release, _w("AFINE", arith))
    u.dates["SED"] = DateResult("SED", u.expiry, _w("AFINE", arith))


# ----------------------------------------------------------------------------------------------
# Recall
# ----------------------------------------------------------------------------------------------
def _apply_recall(u: Unit, booking: BookingIn) -> None:
    if u.recall is None:
        return
    exp = u.expiry
    if u.recall == "STANDARD":
        u.prrd = exp
        how = f"standard recall: re-release at sentence expiry {uk_date(exp)} unless the Parole Board directs earlier"
        key = "RECALL_STANDARD"
    else:
        n = R.FTR_DAYS.get(u.recall)
        if n is None:
            raise NotSupported(f"recall type {u.recall}")
        if booking.return_to_custody is None:
            raise NotSupported("fixed-term recall without a return-to-custody date")
        prrd = _d(booking.return_to_custody, n - 1)
        how = f"returned to custody {uk_date(booking.return_to_custody)} + {n} − 1 days = {uk_date(prrd)}"
        if prrd > exp:
            prrd = exp
            how += f", capped at sentence expiry {uk_date(exp)}"
        u.prrd = prrd
        key = "RECALL_FIXED"
    u.dates = {k: v for k, v in u.dates.items() if k in ("SLED", "SED", "LED", "TUSED")}
    u.hdced = None
    u.ped = None
    u.dates["PRRD"] = DateResult("PRRD", u.prrd, _w(key, how))


# ----------------------------------------------------------------------------------------------
# Booking
# ----------------------------------------------------------------------------------------------
def validate(booking: BookingIn) -> None:
    if not booking.sentences:
        raise InvalidBooking("at least one sentence is needed")
    for s in booking.sentences:
        if s.term.is_zero:
            raise InvalidBooking("a sentence has no length")
        if s.kind in ("EDS", "SOPC") and (s.extension is None or s.extension.is_zero):
            raise InvalidBooking("an extended sentence has no extension period")


def calculate(booking: BookingIn) -> CalculationResult:
    validate(booking)
    profile = R.PROFILES.get(booking.profile)
    if profile is None:
        raise NotSupported(f"rules profile {booking.profile!r}")
    if not profile.supported:
        raise NotSupported(profile.note or booking.profile)
    if booking.toggles & {"applyPostRecallRepealRules", "applyPostHdcedRepealRules", "adultHdcSuspended"}:
        raise NotSupported("rules switched on by feature toggles (" + ", ".join(sorted(booking.toggles)) + ")")
    if booking.calculate_ersed:
        raise NotSupported("early removal scheme (ERSED)")
    units = build_units(booking)
    for u in units:
        compute_unit(u, booking, profile)
    _validate_units(units, booking)
    _check_mix(units, booking)
    _check_timeline(units)
    for u in units:
        _apply_recall(u, booking)
    return _combine(units, booking)


def _validate_units(units: list[Unit], booking: BookingIn) -> None:
    for u in units:
        if not u.recall and u.release_no_ada < u.sentenced_at and u.kind != "AFINE":
            raise NotSupported(f"the release date ({uk_date(u.release_no_ada)}) is before the sentence date "
                               f"({uk_date(u.sentenced_at)}) — immediate release: check remand and tagged bail")
        if u.recall == "FTR14" and u.total_term.at_least(u.sentenced_at, months=12):
            raise InvalidBooking("a 14-day fixed-term recall on a sentence of 12 months or more")


SHPO_BREACH_CODES = frozenset({"SX03220"})  # breach of SHPO (Sentencing Act 2020 s.354), SI 2024/1331


def _check_mix(units: list[Unit], booking: BookingIn) -> None:
    if R.PROFILES[booking.profile].early_release:
        for s in booking.sentences:
            if s.offence_code in SHPO_BREACH_CODES and s.kind == "SDS":
                raise InvalidBooking("unable to determine the release provisions for a breach of a sexual harm "
                                     "prevention order (SDS40 exclusion from 16 December 2024): enter the "
                                     "prison's dates")
    kinds = {u.kind for u in units}
    if len(units) > 1 and kinds & {"EDS", "SOPC"} and len(kinds) > 1:
        raise NotSupported("extended or SOPC sentences alongside other sentence types")
    for u in units:
        if u.recall and u.tused and (
                u.immediate or len(units) > 1
                or any(a.kind in ("RECALL_REMAND", "RECALL_TAGGED_BAIL") for a in booking.adjustments)):
            raise NotSupported("top-up supervision after recall with recall remand, immediate release or "
                               "several sentences")
        for a in booking.adjustments:
            if a.kind == "UAL" and a.from_date and not u.recall and a.from_date > u.release_no_ada:
                raise NotSupported("unlawfully at large after the release date")


def _check_timeline(units: list[Unit]) -> None:
    ordered = sorted(units, key=lambda x: x.sentenced_at)
    end = None
    for u in ordered:
        if end is not None and u.sentenced_at > _d(end, 1):
            raise NotSupported("a sentence imposed after release from an earlier one (booking timeline)")
        end = u.release if end is None else max(end, u.release)
    if any(u.recall for u in units) and any(not u.recall for u in units):
        raise NotSupported("recalled and non-recalled sentences together")


def _combine(units: list[Unit], booking: BookingIn) -> CalculationResult:
    dates: dict[str, DateResult] = {}
    earliest = min(u.sentenced_at for u in units)
    esed_unit = max(units, key=lambda u: u.unadjusted_expiry)
    esed = esed_unit.unadjusted_expiry
    y, m, d = period_between(earliest, _d(esed, 1))
    esl = iso_period(y, m, d)
    if len(units) == 1:
        u = units[0]
        dates.update(u.dates)
        if "HDCED" in dates and u.ped is None and not (u.release > u.hdced):
            del dates["HDCED"]
    else:
        rel_unit = max(units, key=lambda u: u.release)
        exp_unit = max(units, key=lambda u: u.expiry)
        latest_release = rel_unit.release
        latest_expiry = exp_unit.expiry
        leds = [u for u in units if u.led is not None]
        latest_led = max((u.led for u in leds), default=None)
        if latest_expiry == latest_led and "SLED" in exp_unit.types:
            dates["SLED"] = _renamed(exp_unit.dates.get("SLED") or exp_unit.dates["SED"], "SLED")
        else:
            dates["SED"] = _renamed(exp_unit.dates.get("SED") or exp_unit.dates["SLED"], "SED")
            if latest_led is not None and latest_led >= latest_release:
                led_unit = max(leds, key=lambda u: u.led)
                dates["LED"] = _renamed(led_unit.dates.get("SLED") or led_unit.dates["LED"], "LED")
        conditional = any(u.led is not None and u.led >= latest_release for u in units)
        non_recall = [u for u in units if not u.recall]
        if non_recall:
            code = "CRD" if conditional else "ARD"
            src = rel_unit.dates.get("CRD") or rel_unit.dates.get("ARD")
            dates[code] = _renamed(src, code)
        # TUSED: latest, if after the latest licence expiry.
        tu = [u for u in units if u.tused]
        if tu and latest_led is not None:
            t = max(tu, key=lambda u: u.tused)
            if t.tused > latest_led:
                dates["TUSED"] = t.dates["TUSED"]
        # HDCED.
        h = _many_hdced(units, latest_release)
        if h is not None:
            dates["HDCED"] = h
        # PED.
        peds = [u for u in units if u.ped]
        if peds:
            latest_ped = max(peds, key=lambda u: u.ped)
            by_rel = max(units, key=lambda u: u.release)
            if by_rel.ped is not None:
                others = [u for u in units if not u.recall and u.ped is None and not u.immediate]
                lnp = max(others, key=lambda u: u.release) if others else None
                if lnp is not None and lnp.release >= by_rel.release:
                    pass
                elif lnp is not None and latest_ped.ped < lnp.release:
                    dates["PED"] = DateResult("PED", lnp.release, Working(
                        "PED moves to the latest concurrent release date", R.RULES["CONCURRENT"].citation,
                        f"PED {uk_date(latest_ped.ped)} is before the concurrent release date "
                        f"{uk_date(lnp.release)}"))
                else:
                    dates["PED"] = latest_ped.dates["PED"]
        prr = [u for u in units if u.prrd]
        if prr:
            dates["PRRD"] = max(prr, key=lambda u: u.prrd).dates["PRRD"]
    if "HDCED" in dates and "PED" in dates:
        del dates["HDCED"]
    dates["ESED"] = DateResult("ESED", esed, _w(
        "ESED", f"latest expiry before adjustments: {uk_date(esed)}"))
    return CalculationResult(dates, esl)


def _renamed(r: DateResult, code: str) -> DateResult:
    return DateResult(code, r.date, r.working)


def _many_hdced(units: list[Unit], latest_release: date) -> DateResult | None:
    if any(p.sds_plus_eligible for u in units for p in u.parts):
        return None
    elig = [u for u in units if not u.recall and u.kind != "DTO"]
    if not elig:
        return None
    latest = max(elig, key=lambda u: u.release)
    if latest.hdced is None:
        return None
    cands = [u for u in units if u.hdced is not None and latest_release >= _d(u.sentenced_at, 14)]
    if not cands:
        return None
    hs = max(cands, key=lambda u: u.hdced)
    conflicts = [u for u in units if u.hdced is None and u is not hs and u.release > hs.hdced
                 and u.kind != "DTO"]
    if conflicts:
        c = max(conflicts, key=lambda u: u.release)
        if not all(x.immediate for x in conflicts):
            return DateResult("HDCED", c.release, Working(
                "HDCED moves to the release date of a concurrent sentence not eligible for HDC",
                R.RULES["HDC"].citation,
                f"HDCED {uk_date(hs.hdced)} is before the concurrent release date {uk_date(c.release)}"))
    if not (latest_release > hs.hdced):
        return None
    return hs.dates["HDCED"]
