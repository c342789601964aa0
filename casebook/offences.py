"""The offence catalogue (``resources/offences/catalogue.toml``) and the release regime an offence gives.

Pure: no storage, no Qt. ``catalogue()`` loads and validates the TOML once; ``Catalogue.search`` ranks
offences for a name typed by the user; ``decide(offence, …)`` says, from the offence, the term, the age
at sentence and the sentence date, whether a standard determinate sentence is released at two-thirds
(SDS+, Criminal Justice Act 2003 s.244ZA), is excluded from 40% release (SI 2024/844 art.3(6) and its
Schedule, as amended by SI 2024/1331), or is a terrorist prisoner's sentence (s.247A), with the working
in plain words. Which fraction is in force on a given day (one-half, 40%, the progression model) stays
the release-date engine's business (:mod:`casebook.sentencing`).
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from casebook.domain.dates import add_months, uk_date
from casebook.resources import resource_path

#: Dates the rules turn on.
SDS_PLUS_COMMENCEMENT = _dt.date(2020, 4, 1)     # SI 2020/158 (s.244ZA(4)(c))
PCSC_COMMENCEMENT = _dt.date(2022, 6, 28)         # PCSCA 2022 s.130 (s.244ZA(5)(c), (6))
#: Terrorist Offenders (Restriction of Early Release) Act 2020 (CJA 2003 s.247A as amended)
TERRORIST_RELEASE_COMMENCEMENT = _dt.date(2020, 2, 26)

#: SDS40 exclusion categories (the engine's exclusion markers, as HMPPS names them).
CATEGORIES = ("SEXUAL", "DOMESTIC_ABUSE", "TERRORISM", "NATIONAL_SECURITY", "VIOLENT", "EXCLUDED")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PERIOD = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


class CatalogueError(ValueError):
    """The catalogue file is not valid (a shipping bug, caught by the tests)."""


@dataclass(frozen=True)
class Flag:
    code: str
    title: str
    citation: str
    since: _dt.date
    effect: str


@dataclass(frozen=True)
class FlagRef:
    """A flag on one offence: the Schedule paragraph, whether membership was verified, and a note."""

    flag: Flag
    para: str = ""
    category: str = ""
    confirmed: bool = True
    note: str = ""

    @property
    def code(self) -> str:
        return self.flag.code

    def as_json(self) -> dict:
        return {"code": self.code, "title": self.flag.title, "citation": self.cite(),
                "since": self.flag.since, "confirmed": self.confirmed, "note": self.note,
                **({"category": self.category} if self.category else {})}

    def cite(self) -> str:
        para = self.para
        if para and not para.startswith(("s.", "Sch", "Part")):
            para = f"para {para}"
        return f"{self.flag.citation}{', ' + para if para else ''}"


@dataclass(frozen=True)
class Offence:
    id: str
    title: str
    statute: str
    section: str
    maximum: str                              # "life" or an ISO period
    maximum_before: tuple[tuple[_dt.date, str], ...] = ()
    aliases: tuple[str, ...] = ()
    flags: tuple[FlagRef, ...] = ()
    notes: str = ""

    @property
    def citation(self) -> str:
        return f"{self.statute} {self.section}".strip()

    @property
    def short(self) -> str:
        """'Wounding … with intent (Offences Against the Person Act 1861 s.18)'."""
        return f"{self.title} ({self.citation})"

    def flag(self, code: str) -> FlagRef | None:
        return next((f for f in self.flags if f.code == code), None)

    def has(self, code: str) -> bool:
        return self.flag(code) is not None

    def maximum_for(self, offence_date: _dt.date | None) -> str | None:
        """The maximum for an offence committed on ``offence_date``; None where it changed and the date
        is unknown."""
        if not self.maximum_before:
            return self.maximum
        if offence_date is None:
            return None
        for until, maximum in sorted(self.maximum_before):
            if offence_date < until:
                return maximum
        return self.maximum

    def as_json(self) -> dict:
        return {"id": self.id, "title": self.title, "statute": self.citation,
                "maximum": _max_words(self.maximum), "flags": [f.as_json() for f in self.flags]}


def _max_words(m: str) -> str:
    if m == "life":
        return "life imprisonment"
    y, mo, w, d = parse_period(m)
    parts = [(y, "year"), (mo, "month"), (w, "week"), (d, "day")]
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n)


def parse_period(text: str) -> tuple[int, int, int, int]:
    m = _PERIOD.match(str(text or "").strip().upper())
    if not m or not any(m.groups()):
        raise ValueError(f"not a period like P4Y6M: {text!r}")
    return tuple(int(g or 0) for g in m.groups())  # type: ignore[return-value]


def term_at_least(term: str, years: int, start: _dt.date) -> bool:
    """Whether a custodial term (ISO period) is ``years`` years or more, counted from ``start``."""
    y, mo, w, d = parse_period(term)
    end = add_months(start, 12 * y + mo) + _dt.timedelta(weeks=w, days=d)
    return end >= add_months(start, 12 * years)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


@dataclass
class Catalogue:
    offences: dict[str, Offence]
    flags: dict[str, Flag]

    def get(self, offence_id: str | None) -> Offence | None:
        return self.offences.get(str(offence_id or "").strip().lower())

    def __len__(self) -> int:
        return len(self.offences)

    def search(self, text: str, limit: int = 10) -> list[Offence]:
        """Offences ranked for ``text``: an exact id first, then by how many of the words typed appear in
        the title, aliases and statute (title words count most; '18' matches 's.18')."""
        q = str(text or "").strip().lower()
        if not q:
            return []
        exact = self.get(q)
        words = _words(q)
        scored = []
        for o in self.offences.values():
            title = set(_words(o.title))
            alias = set(_words(" ".join(o.aliases)))
            cite = set(_words(f"{o.statute} {o.section}"))
            score = 0.0
            for w in words:
                if w in title:
                    score += 3
                elif any(t.startswith(w) for t in title):
                    score += 2
                if w in alias:
                    score += 2.5
                elif any(t.startswith(w) for t in alias):
                    score += 1
                if w in cite:
                    score += 2
            if q in o.title.lower() or any(q in a.lower() for a in o.aliases):
                score += 4
            if q == o.title.lower():
                score += 6
            if score:
                scored.append((-score, len(o.title), o.id, o))
        ranked = [o for *_, o in sorted(scored, key=lambda t: t[:3])]
        if exact is not None:
            ranked = [exact] + [o for o in ranked if o is not exact]
        return ranked[:limit]


def _date(value, where: str) -> _dt.date:
    if isinstance(value, _dt.date):
        return value
    raise CatalogueError(f"{where}: expected a date, got {value!r}")


def parse_catalogue(data: dict) -> Catalogue:
    flags: dict[str, Flag] = {}
    for code, f in (data.get("flags") or {}).items():
        for key in ("title", "citation", "since", "effect"):
            if key not in f:
                raise CatalogueError(f"flag {code}: missing {key}")
        flags[code] = Flag(code, f["title"], f["citation"], _date(f["since"], f"flag {code}"), f["effect"])
    offences: dict[str, Offence] = {}
    for raw in data.get("offence") or []:
        oid = raw.get("id", "")
        if not _ID.match(oid):
            raise CatalogueError(f"offence id {oid!r} is not a lower-case slug")
        if oid in offences:
            raise CatalogueError(f"offence id {oid!r} appears twice")
        for key in ("title", "statute", "maximum"):
            if not raw.get(key):
                raise CatalogueError(f"offence {oid}: missing {key}")
        maximum = raw["maximum"]
        periods = [maximum] + [b.get("maximum", "") for b in raw.get("maximum_before", [])]
        for m in periods:
            if m != "life":
                try:
                    parse_period(m)
                except ValueError as exc:
                    raise CatalogueError(f"offence {oid}: maximum {m!r} is not 'life' or a period") from exc
        before = tuple((_date(b.get("until"), f"offence {oid} maximum_before"), b["maximum"])
                       for b in raw.get("maximum_before", []))
        refs = []
        for fr in raw.get("flags", []):
            code = fr.get("code")
            if code not in flags:
                raise CatalogueError(f"offence {oid}: unknown flag {code!r}")
            category = fr.get("category", "")
            if code.startswith("SDS40_EXCLUDED") and category not in CATEGORIES:
                raise CatalogueError(f"offence {oid}: SDS40 exclusion needs a category from {CATEGORIES}")
            confirmed = bool(fr.get("confirmed", True))
            if not confirmed and not fr.get("note"):
                raise CatalogueError(f"offence {oid}: an unconfirmed flag {code} needs a note saying why")
            refs.append(FlagRef(flags[code], str(fr.get("para", "")), category, confirmed,
                                fr.get("note", "")))
        offences[oid] = Offence(oid, raw["title"], raw["statute"], raw.get("section", ""), maximum, before,
                                tuple(raw.get("aliases", [])), tuple(refs), raw.get("notes", ""))
    if not offences:
        raise CatalogueError("the catalogue lists no offences")
    return Catalogue(offences, flags)


def load(path: Path | None = None) -> Catalogue:
    path = path or resource_path("offences", "catalogue.toml")
    with open(path, "rb") as fh:
        return parse_catalogue(tomllib.load(fh))


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The shipped catalogue (loaded once)."""
    return load()


# ------------------------------------------------------------------ the release regime from the offence

@dataclass(frozen=True)
class ReleaseDecision:
    """What the offence means for a standard determinate sentence's release point.

    ``sds_plus``: released at two-thirds under CJA 2003 s.244ZA. ``exclusions``: the SDS40 exclusion
    markers for the engine (a ``_T3`` suffix = from SI 2024/1331). ``terrorist``: CJA 2003 s.247A applies
    (the engine does not support it). ``working``: the plain-words reasons, each with its citation."""

    offence: Offence
    sds_plus: bool
    exclusions: frozenset[str]
    terrorist: bool
    working: tuple[str, ...]
    confirmed: bool = True
    unconfirmed: tuple[str, ...] = field(default=())

    @property
    def status(self) -> str:
        if self.terrorist:
            return "terrorist prisoner: Parole Board release from two-thirds (CJA 2003 s.247A)"
        if self.sds_plus:
            return "two-thirds (SDS+)"
        if self.exclusions:
            return "one-half: excluded from 40% release (SDS40)"
        return "40% (SDS40) where in force; one-half before 10 September 2024"

    def text(self) -> str:
        out = "; ".join(self.working) + f" → {self.status}"
        if self.unconfirmed:
            out += " (UNCONFIRMED: " + "; ".join(self.unconfirmed) + ")"
        return out


def _years(term: str) -> str:
    y, mo, w, d = parse_period(term)
    parts = [(y, "year"), (mo, "month"), (w, "week"), (d, "day")]
    return " ".join(f"{n} {u}{'s' if n != 1 else ''}" for n, u in parts if n) or "0 days"


def decide(offence: Offence, *, term: str, sentence_date: _dt.date, offence_date: _dt.date | None = None,
           age_at_sentence: int | None = None, section250: bool = False) -> ReleaseDecision:
    """The release regime of a standard determinate sentence for ``offence`` (see :class:`ReleaseDecision`).

    SDS+ (CJA 2003 s.244ZA): (4) imprisonment or detention in a young offender institution of 7 years or
    more, imposed on or after 1 April 2020, for a Sch.15 Part 1 or 2 offence carrying life; (5),(7) such a
    sentence of 4 years or more but under 7, imposed on or after 28 June 2022, for a Sch.15 Part 2 offence
    carrying life or a listed violent offence (manslaughter, soliciting murder, s.18, attempted or
    conspiracy to murder); (6) detention under Sentencing Act 2020 s.250 (under 18 at sentence) of 7 years
    or more imposed on or after 28 June 2022 for a Sch.15 Part 1 or 2 offence carrying life (and, as HMPPS
    applies SI 2020/158, such detention of 7 years or more imposed from 1 April 2020 to 27 June 2022).
    SDS40 exclusions (SI 2024/844 art.3(6)): (a) an offence in the Schedule, any length; (b) a Sch.15 Part 1
    offence with a sentence of 4 years or more."""
    why: list[str] = []
    unconfirmed = [f"{f.code}: {f.note}" for f in offence.flags if not f.confirmed]
    p1, p2 = offence.flag("SCH15_P1"), offence.flag("SCH15_P2")
    maximum = offence.maximum_for(offence_date)
    name = offence.short
    if maximum is None:
        life = offence.maximum == "life"
        unconfirmed.append("the maximum changed over time and the offence date is not recorded: the maximum "
                           f"is taken as {_max_words(offence.maximum)}")
    else:
        life = maximum == "life"
    under18 = section250 or (age_at_sentence is not None and age_at_sentence < 18)
    if age_at_sentence is None and not section250 and (p1 or p2) and life:
        unconfirmed.append("age at sentence not recorded: taken as 18 or over")
    seven = term_at_least(term, 7, sentence_date)
    four = term_at_least(term, 4, sentence_date)
    length = _years(term)
    terrorist = offence.flag("TERRORIST_PRISONER")
    if terrorist and sentence_date >= TERRORIST_RELEASE_COMMENCEMENT:
        why.append(f"{name} is a terrorism offence ({terrorist.cite()}); sentenced on or after "
                   "26 February 2020")
        return ReleaseDecision(offence, False, frozenset({"TERRORISM"}), True, tuple(why), not unconfirmed,
                               tuple(unconfirmed))
    schedule = ("a Schedule 15 Part 1 (violent) offence" if p1 else
                "a Schedule 15 Part 2 (sexual) offence" if p2 else "not a Schedule 15 Part 1 or 2 offence")
    maxw = "a life maximum" if life else f"a maximum of {_max_words(maximum or offence.maximum)}"
    why.append(f"{name} is {schedule} (CJA 2003 Sch.15) with {maxw}")
    sds_plus = False
    if (p1 or p2) and life:
        if under18:
            if seven and sentence_date >= PCSC_COMMENCEMENT:
                sds_plus = True
                why.append(f"under 18 at sentence, detention of {length} (7 years or more) imposed on or "
                           "after 28 June 2022 (CJA 2003 s.244ZA(6))")
                unconfirmed.append("s.244ZA(6) (detention under s.250) was not read in the statute's text; "
                                   "HMPPS applies it (CRDS docs/sds-plus.md, list C)")
            elif seven and sentence_date >= SDS_PLUS_COMMENCEMENT:
                sds_plus = True
                why.append(f"under 18 at sentence, detention of {length} (7 years or more) imposed from "
                           "1 April 2020 to 27 June 2022 (CJA 2003 s.244ZA as inserted by SI 2020/158)")
                unconfirmed.append("s.244ZA as it stood before 28 June 2022 was not read for s.250/s.91 "
                                   "detention; HMPPS applies it (CRDS docs/sds-plus.md, list A)")
            else:
                why.append("under 18 at sentence: two-thirds only for detention of 7 years or more (CJA 2003 "
                           f"s.244ZA(6); SI 2020/158); this is {length} imposed {uk_date(sentence_date)}")
        elif seven and sentence_date >= SDS_PLUS_COMMENCEMENT:
            sds_plus = True
            why.append(f"{length} (7 years or more), imposed on or after 1 April 2020 (CJA 2003 s.244ZA(4); "
                       "SI 2020/158)")
        elif four and not seven and sentence_date >= PCSC_COMMENCEMENT and (p2 or offence.has("SDS_PLUS_4Y")):
            sds_plus = True
            listed = "a Part 2 offence carrying life" if p2 else "a violent offence listed in s.244ZA(7)"
            why.append(f"{length} (4 years or more, under 7), imposed on or after 28 June 2022, for {listed} "
                       "(CJA 2003 s.244ZA(5),(7); PCSCA 2022 s.130)")
        elif seven:
            why.append("7 years or more but imposed before 1 April 2020: two-thirds release did not apply "
                       "(CJA 2003 s.244ZA(4)(c))")
        elif four and (p2 or offence.has("SDS_PLUS_4Y")):
            why.append(f"{length} imposed before 28 June 2022: the 4-year rule of s.244ZA(5) did not yet "
                       "apply")
        else:
            why.append(f"{length}: under the length at which two-thirds release applies (CJA 2003 s.244ZA)")
    exclusions: set[str] = set()
    if not sds_plus:
        for f in offence.flags:
            if f.code == "SDS40_EXCLUDED":
                exclusions.add(f.category)
                why.append(f"excluded from 40% release: {f.cite()}")
            elif f.code == "SDS40_EXCLUDED_T3":
                exclusions.add(f.category + "_T3")
                why.append("excluded from 40% release for sentences imposed from 16 December 2024: "
                           f"{f.cite()}")
        if p1 and four:
            exclusions.add("VIOLENT")
            why.append("excluded from 40% release: a Schedule 15 Part 1 offence with a sentence of 4 years "
                       "or more (SI 2024/844 art.3(6)(b))")
        elif p1:
            why.append("a Schedule 15 Part 1 offence with a sentence under 4 years is not excluded from 40% "
                       "release (SI 2024/844 art.3(6)(b))")
    return ReleaseDecision(offence, sds_plus, frozenset(exclusions), False, tuple(why), not unconfirmed,
                           tuple(unconfirmed))


def age_on(dob: _dt.date | None, day: _dt.date | None) -> int | None:
    if dob is None or day is None:
        return None
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


__all__ = ["Catalogue", "CatalogueError", "Flag", "FlagRef", "Offence", "ReleaseDecision", "age_on",
           "catalogue", "decide", "load", "parse_catalogue", "parse_period", "term_at_least"]
