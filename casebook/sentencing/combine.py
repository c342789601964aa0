"""Combining concurrent units into the booking's dates (PSI 03/2015; CRDS BookingExtractionService).

The latest release and the latest expiry govern; the licence, top-up supervision, HDC, parole, early
removal and post-recall dates follow the unit they come from, with the interplay of detention and training
orders, default terms and recalls as the HMPPS service applies it. The effective sentence length runs
from the first sentence date to the latest unadjusted expiry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from casebook.sentencing import hdc
from casebook.sentencing import rules as R
from casebook.sentencing.durations import iso_period, period_between, uk_date
from casebook.sentencing.model import BookingIn, DateResult, NotSupported, Working
from casebook.sentencing.terms import plus_days, years_days
from casebook.sentencing.unit import Unit
from casebook.sentencing.unit_dates import ADULT_YEARS, birthday, dto_transfer_dates

Dates = dict[str, DateResult]


def _renamed(r: DateResult, code: str) -> DateResult:
    return DateResult(code, r.date, r.working)


def combine(units: list[Unit], booking: BookingIn) -> tuple[Dates, str]:
    """The booking's dates from its units, and the effective sentence length (ISO 8601 period). Where units
    tie (the same release date), the first in HMPPS's order governs: lines of consecutive sentences first,
    then single sentences in booking order (CRDS Booking.getAllExtractableSentences)."""
    units = sorted(units, key=lambda u: len(u.parts) == 1)   # (stable: booking order within each)
    earliest = min(u.sentenced_at for u in units)
    esed = max(u.unadjusted_expiry for u in units)
    period = period_between(earliest, plus_days(esed, 1))
    esl = iso_period(*period)
    if len(units) == 1:
        dates = _one(units[0])
    elif all(u.kind == "DTO" for u in units):
        dates = _only_dtos(units, booking)
    else:
        dates = _Concurrent(units, booking, earliest, esed).dates()
    if not all(u.kind == "BOTUS" for u in units):
        dates["ESED"] = DateResult("ESED", esed, R.working("ESED", "latest expiry before adjustments: "
                                                                   f"{uk_date(esed)}"))
    return dates, esl


def _one(u: Unit) -> Dates:
    dates = dict(u.dates)
    if "HDCED" in dates and ("PED" in dates or not (u.release > u.hdced)):
        del dates["HDCED"]
    return dates


def _only_dtos(units: list[Unit], booking: BookingIn) -> Dates:
    """Concurrent lines of detention and training orders: the latest mid-term and expiry; the transfer dates
    one or two months either side of that mid-term by the length of the line that expires last (refused
    where one is released at once); top-up supervision, the latest of the lines', where someone
    is 18 at a release and every line is under 2 years (CRDS BookingExtractionService calculateWhenAllDtos,
    isTusedableDtos)."""
    rel_unit = max(units, key=lambda u: u.release)
    exp_unit = max(units, key=lambda u: u.expiry)
    dates = {"SED": exp_unit.dates["SED"], "MTD": rel_unit.dates["MTD"]}
    transfer = dto_transfer_dates(exp_unit.sentenced_at, exp_unit.days, rel_unit.release, at_once=True)
    if transfer and any(u.release <= u.sentenced_at for u in units):
        # HMPPS gives them around the mid-term even where it is the sentence date, where one order alone
        # released at once has none: not settled (CRDS calculateWhenAllDtos has no immediate-release test)
        raise NotSupported("concurrent detention and training orders, one released at once (transfer "
                           "dates not settled)")
    dates.update(transfer)
    dob = booking.date_of_birth
    adult = dob is None or any(birthday(dob, ADULT_YEARS) <= u.release for u in units)
    if adult and all(u.days < years_days(2, u.sentenced_at) for u in units):
        tu = [u for u in units if u.tused]
        if not tu:
            # HMPPS looks for a line's top-up supervision and finds none (it fails): not settled
            raise NotSupported("concurrent detention and training orders, 18 at a release, none with top-up "
                               "supervision of its own")
        dates["TUSED"] = max(tu, key=lambda u: u.tused).dates["TUSED"]
    return dates


def _last_released(units: list[Unit]) -> Unit:
    """The unit with the latest release; of several, the last in HMPPS's order (CRDS BookingExtractionService:
    the sentences sorted by release date, the last non-DTO / DTO)."""
    latest = max(u.release for u in units)
    return [u for u in units if u.release == latest][-1]


@dataclass
class _Concurrent:
    """Several units, at least one of them not a DTO."""

    units: list[Unit]
    booking: BookingIn
    earliest: date
    esed: date

    def __post_init__(self):
        units = self.units
        self.rel_unit = max(units, key=lambda u: u.release)
        self.exp_unit = max(units, key=lambda u: u.expiry)
        self.latest_release = self.rel_unit.release
        self.leds = [u for u in units if u.led is not None]
        self.latest_led = max((u.led for u in self.leds), default=None)
        self.dtos = [u for u in units if u.kind == "DTO"]
        self.non_dtos = [u for u in units if u.kind != "DTO"]
        if self.dtos and any(u.recall for u in units):
            raise NotSupported("detention and training orders with a recalled sentence")

    def dates(self) -> Dates:
        dates: Dates = {}
        self._expiry(dates)
        conditional = any(u.led is not None and u.led >= self.latest_release for u in self.units)
        if self.dtos:
            self._release_with_dtos(dates, conditional)
        else:
            self._release(dates, conditional)
        self._tused(dates)
        h = hdc.combined_hdced(self.units, self.latest_release)
        if h is not None:
            dates["HDCED"] = h
        self._ped(dates)
        self._ersed(dates)
        prr = [u for u in self.units if u.prrd]
        if prr:
            dates["PRRD"] = max(prr, key=lambda u: u.prrd).dates["PRRD"]
        if "HDCED" in dates and "PED" in dates:
            del dates["HDCED"]
        return dates

    def _expiry(self, dates: Dates) -> None:
        """SLED where the latest expiry is also the latest licence end; otherwise SED (+ LED)."""
        exp_unit = self.exp_unit
        if exp_unit.expiry == self.latest_led and "SLED" in exp_unit.types:
            dates["SLED"] = _renamed(exp_unit.dates.get("SLED") or exp_unit.dates["SED"], "SLED")
        elif self.dtos:
            last_non_dto, last_dto = _last_released(self.non_dtos), _last_released(self.dtos)
            code = "SLED" if last_non_dto.expiry == last_dto.expiry else "SED"
            dates[code] = _renamed(exp_unit.dates.get("SED") or exp_unit.dates["SLED"], code)
        else:
            dates["SED"] = _renamed(exp_unit.dates.get("SED") or exp_unit.dates["SLED"], "SED")
            if self.latest_led is not None and self.latest_led >= self.latest_release:
                led_unit = max(self.leds, key=lambda u: u.led)
                dates["LED"] = _renamed(led_unit.dates.get("SLED") or led_unit.dates["LED"], "LED")

    def _release(self, dates: Dates, conditional: bool) -> None:
        live_top = [u for u in self.units if u.release == self.latest_release and not u.recall]
        if live_top:
            code = "CRD" if conditional else "ARD"
            src = live_top[0].dates.get("CRD") or live_top[0].dates.get("ARD")
            if src is not None:
                dates[code] = _renamed(src, code)

    def _under18(self, day: date) -> bool:
        dob = self.booking.date_of_birth
        return dob is not None and birthday(dob, ADULT_YEARS) > day

    def _release_with_dtos(self, dates: Dates, conditional: bool) -> None:
        """A DTO alongside other sentences: on licence unless everyone is under 18 and the term under 12
        months; the mid-term date from the last DTO."""
        units = self.units
        months = period_between(self.earliest, plus_days(self.esed, 1))
        if all(self._under18(u.release) for u in units) and months[0] * 12 + months[1] < 12:
            conditional = False
        elif self.non_dtos and not any(self._under18(u.release) for u in units):
            conditional = True
        last_non_dto, last_dto = _last_released(self.non_dtos), _last_released(self.dtos)
        tied = {(u.sentenced_at, u.days) for u in self.dtos if u.release == last_dto.release}
        if len(tied) > 1:
            raise NotSupported("detention and training orders of different lengths with the same mid-term "
                               "date alongside another sentence (whose transfer dates apply is not settled)")
        code = "CRD" if conditional else "ARD"
        dates[code] = _renamed(last_non_dto.dates.get("CRD") or last_non_dto.dates.get("ARD"), code)
        mtd = self._mid_term(last_dto, code)
        dates["MTD"] = DateResult("MTD", mtd, last_dto.dates["MTD"].working)
        if not any(u.immediate for u in self.dtos):
            dates.update(dto_transfer_dates(last_dto.sentenced_at, last_dto.days, mtd))
        if "CRD" in dates and "SLED" not in dates and last_non_dto.led is not None:
            dates["LED"] = _renamed(last_non_dto.dates.get("LED") or last_non_dto.dates.get("SLED"), "LED")

    def _mid_term(self, last_dto: Unit, code: str) -> date:
        if last_dto.release <= last_dto.sentenced_at and last_dto.sentenced_at >= R.PCSC_COMMENCEMENT:
            return last_dto.sentenced_at
        if code == "CRD" and last_dto.sentenced_at < R.PCSC_COMMENCEMENT:
            return plus_days(last_dto.sentenced_at, last_dto.release_days - 1)
        if code == "CRD" or all(self._under18(u.release) for u in self.units):
            return last_dto.release
        return self.latest_release

    def _tused(self, dates: Dates) -> None:
        """The latest top-up supervision, where it ends after the latest licence and no DTO expires after it
        (with no licence to follow, none). Beside a committal for breach of top-up supervision (BOTUS), the
        supervision recorded before stands only where no sentence has its own (CRDS BookingExtractionService
        extractManyTopUpSuperVisionDate: a calculated TUSED first, else the historical one)."""
        botus = [u for u in self.units if u.kind == "BOTUS" and u.parts[0].latest_tused is not None]
        if self.latest_led is None:
            if botus:
                # HMPPS then gives no TUSED at all, the recorded one dropped (CRDS extractMultiple looks for
                # one only after a licence); not settled
                raise NotSupported("top-up supervision recorded before a committal for its breach, beside "
                                   "sentences with no licence")
            return
        tu = [u for u in self.units if u.tused]
        t = max(tu, key=lambda u: u.tused).dates["TUSED"] if tu else None
        if botus:
            b = max(botus, key=lambda u: u.parts[0].latest_tused)
            recorded = b.parts[0].latest_tused
            if (t is not None and t.date < recorded) or (t is None and recorded <= b.release):
                # HMPPS versions differ here: older ones take the latest of the calculated and the recorded
                # supervision ends, and the recorded one only where it ends after the committal's release
                raise NotSupported("top-up supervision recorded before a committal for its breach, ending "
                                   "after the other sentences' supervision or before the committal ends")
            if t is None:
                t = DateResult("TUSED", recorded, R.working(
                    "BOTUS_TUSED", f"top-up supervision recorded before ends {uk_date(recorded)}, after the "
                    f"committal ends ({uk_date(b.release)}); no other sentence has its own"))
        if t is None:
            return
        dto_seds = [u.expiry for u in self.dtos]
        if t.date > self.latest_led and not (dto_seds and max(dto_seds) > t.date):
            dates["TUSED"] = t

    def _ped(self, dates: Dates) -> None:
        """The latest PED, where the latest release has one, moved to a later concurrent release."""
        peds = [u for u in self.units if u.ped]
        if not peds or self.rel_unit.ped is None:
            return
        latest_ped = max(peds, key=lambda u: u.ped)
        others = [u for u in self.units if not u.recall and u.ped is None and not u.immediate
                  and u.kind != "DTO"]
        lnp = max(others, key=lambda u: u.release) if others else None
        if lnp is not None and lnp.release >= self.rel_unit.release:
            return
        if lnp is not None and latest_ped.ped < lnp.release:
            dates["PED"] = DateResult("PED", lnp.release, Working(
                "PED moves to the latest concurrent release date", R.RULES["CONCURRENT"].citation,
                f"PED {uk_date(latest_ped.ped)} is before the concurrent release date "
                f"{uk_date(lnp.release)}"))
        else:
            dates["PED"] = latest_ped.dates["PED"]

    def _ersed(self, dates: Dates) -> None:
        """The latest ERSED, not before the release from a concurrent default term or (where it comes
        first) a concurrent DTO's mid-term date."""
        ers = [u for u in self.units if u.ersed and not u.immediate]
        if not ers:
            return
        e = max(ers, key=lambda u: u.ersed)
        fines = [u for u in self.units if u.kind == "AFINE" and not u.immediate and u.release > e.ersed]
        if fines:
            f = max(fines, key=lambda u: u.release)
            dates["ERSED"] = DateResult("ERSED", f.release, Working(
                "ERSED moves to the release date of a concurrent default term", R.RULES["ERS"].citation,
                f"ERSED {uk_date(e.ersed)} is before the release from the default term {uk_date(f.release)}"))
        elif not self.dtos:
            dates["ERSED"] = e.dates["ERSED"]
        else:
            rel = dates.get("CRD") or dates.get("ARD")
            mtd = dates.get("MTD")
            if rel is None or mtd is None or mtd.date >= rel.date:
                return
            if mtd.date < e.ersed:
                dates["ERSED"] = e.dates["ERSED"]
            else:
                dates["ERSED"] = DateResult("ERSED", mtd.date, Working(
                    "ERSED moves to the mid-term date of a concurrent DTO", R.RULES["ERS"].citation,
                    f"ERSED {uk_date(e.ersed)} is before the DTO mid-term date {uk_date(mtd.date)}"))
