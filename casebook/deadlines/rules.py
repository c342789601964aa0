"""Time-limit rules as dated, cited data (``resources/rules/*.toml``) and the event types they use.

Every rule file holds ``[[rule]]`` tables; ``event_types.toml`` holds ``[[event_type]]`` tables.
A rule says: which event starts the clock (``trigger``), how far (``offset`` + ``unit``, ``after``
or ``before`` the event), calendar or working days (``day_type``), what happens if the last day
is a weekend or bank holiday (``roll``), which sentence and matter types it applies to, where it
comes from (``citation``), when it is in force (``effective_from`` / ``effective_to``) and whether
the rule was verified from a primary source (``confirmed``; see docs/rules-sources.md).

Fields (``*`` required)::

    id*             stable identifier (it is part of every deadline's id: never rename one)
    title*          what has to be done, for the practitioner
    trigger*        an event-type code declared in event_types.toml
    offset*         whole number >= 0
    unit*           "days" | "weeks" | "months" | "years"
    direction       "after" (default) | "before"
    day_type        "calendar" (default) | "working"
    roll            "none" (default) | "forward" | "backward": where the last day moves when it is
                    not a working day. "forward" is refused for "before" rules (it would shorten
                    the notice the rule requires). "never": a date fixed by statute (e.g. an IPP
                    licence's automatic termination) that the user's "move last days off weekends"
                    switch must not move either.
    period_start    "next-day" (default: "within 21 days of X": the period ends on the corresponding
                    date) | "trigger-day" (the statute's "the period of 2 years beginning with X":
                    the period includes X, so it ends the day before the corresponding date) |
                    "after-period" (due the day after such a period ends: a duty that arises once it
                    has expired)
    kind            "time-limit" (default: someone must act by then) | "expected" (another body
                    should have acted: chase) | "milestone" (preparation step, not a legal limit)
    actor           who acts, free text (e.g. "prisoner / representative")
    sentence_types  list of sentence codes, or ["*"] (default) for any
    matter_types    list of matter types, or ["*"] (default) for any
    recall_types    list of recall types (STANDARD, FTR14, FTR28, FTR56), or ["*"] (default) for any: the
                    rule is skipped when the client's sentences record recall types and none is listed
    citation*       the rule as practitioners cite it, e.g. "Parole Board Rules 2019 r.28(3)"
    instrument      the statutory instrument and amendments, e.g. "SI 2019/1038, inserted by SI 2022/717"
    effective_from* TOML date: first trigger date the rule applies to
    effective_to    TOML date: last trigger date it applies to (omit while in force)
    applies_by      "trigger" (default): the window is tested against the trigger event's date;
                    "due": against the computed due date (for rules that reach existing cases when
                    they commence)
    transitional    "none" (default) | "clamp": a due date before effective_from becomes
                    effective_from (the duty arises on commencement). Only with applies_by = "due".
    confirmed*      true | false
    superseded_by   list of event types: a later event of one of these types in the same matter
                    (on or after the trigger date, or the due date if that is earlier, as for
                    "before" rules) closes the deadline automatically — e.g. the
                    panel's decision arriving closes "decision expected". Only for "expected" and
                    "milestone" rules: a legal time limit is closed by the practitioner alone.
    restarted_by    list of event types: a later event of one of these types for the same client
                    (any of the client's matters) restarts the period from that event, by
                    ``restart_offset`` ``restart_unit`` (default: the rule's unit); the due date is the
                    later of the first and the restarted period's end (e.g. a re-release after recall)
    restart_offset  whole number >= 0 (required with restarted_by)
    restart_unit    as ``unit``
    suspended_by    list of event types: a later event of one of these types for the same client (a
                    recall) stops the period; until a ``restarted_by`` event follows, the rule gives
                    no date and says why. Events after the period has run out are ignored.
    closed_by_rules list of rule ids triggered by the same event: when one of them falls due on or
                    before this one, it closes this one (automatic termination of an IPP licence
                    before the referral is due). Only for "expected" and "milestone" rules.
    also_when       inline table {sentence_types = [...], matter_types = [...], caveat = "..."}: a
                    second way the rule applies when the sentence types do not match (e.g. r.28 for a
                    determinate sentence whose initial release is for the Board), with a caveat
    commencement    the id of a ``[[commencement]]`` whose date the user sets when it is known: until
                    then the rule is not in force; once set, it is in force from that date
                    (``effective_from`` is the earliest it could be, e.g. Royal Assent)
    retired_by      the id of a ``[[commencement]]``: once its date is set, the rule stops applying
                    from that date (the new rule replaces it)
    note            why, caveats, what to check

A rule file may also declare ``[[commencement]]`` tables (``id``, ``title``, ``citation``, ``note``):
provisions whose commencement date is not yet known. Their dates are a casebook setting
(``casebook deadlines commencement``), never guessed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from casebook.domain import vocabulary as _vocabulary
from casebook.domain.vocabulary import EventType
from casebook.errors import CasebookError

__all__ = [
    "AlsoWhen",
    "Commencement",
    "MATTER_TYPES",
    "SENTENCE_TYPES",
    "EventType",
    "Rule",
    "RuleError",
    "RuleSet",
    "load_rules",
    "default_rules",
]

#: Sentence-type and matter-type codes a rule may name: the casebook's own (casebook.domain.vocabulary).
SENTENCE_TYPES = frozenset(_vocabulary.SENTENCE_TYPES)
MATTER_TYPES = frozenset(_vocabulary.MATTER_TYPES)

_UNITS = ("days", "weeks", "months", "years")
_DIRECTIONS = ("after", "before")
_DAY_TYPES = ("calendar", "working")
_ROLLS = ("none", "forward", "backward", "never")
_PERIOD_STARTS = ("next-day", "trigger-day", "after-period")
_KINDS = ("time-limit", "expected", "milestone")
_APPLIES_BY = ("trigger", "due")
_TRANSITIONAL = ("none", "clamp")
_RULE_KEYS = {
    "id", "title", "trigger", "offset", "unit", "direction", "day_type", "roll", "kind", "actor",
    "sentence_types", "matter_types", "citation", "instrument", "effective_from", "effective_to",
    "applies_by", "recall_types",
    "transitional", "confirmed", "note", "superseded_by", "period_start", "restarted_by", "restart_offset",
    "restart_unit", "suspended_by", "closed_by_rules", "also_when", "commencement", "retired_by",
}  # fmt: skip
_COMMENCEMENT_KEYS = {"id", "title", "citation", "note"}
#: Event codes as the chronology accepts them; rule ids are slugs too (they are part of deadline ids).
_CODE_RE = _vocabulary.EVENT_CODE_RE
_RULE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{0,79}$")


class RuleError(CasebookError):
    """The rules data is invalid. The message names the file and the rule."""

    exit_code = 1


@dataclass(frozen=True)
class AlsoWhen:
    """A second way a rule applies (see ``also_when`` above)."""

    sentence_types: frozenset[str] | None
    matter_types: frozenset[str] | None
    caveat: str


@dataclass(frozen=True)
class Commencement:
    """A provision whose commencement date the user sets when it is known."""

    id: str
    title: str
    citation: str
    note: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    trigger: str
    offset: int
    unit: str
    citation: str
    effective_from: dt.date
    confirmed: bool
    direction: str = "after"
    day_type: str = "calendar"
    roll: str = "none"
    kind: str = "time-limit"
    actor: str = ""
    sentence_types: frozenset[str] | None = None  # None = any
    matter_types: frozenset[str] | None = None  # None = any
    recall_types: frozenset[str] | None = None  # None = any
    effective_to: dt.date | None = None
    applies_by: str = "trigger"
    transitional: str = "none"
    instrument: str = ""
    note: str = ""
    superseded_by: frozenset[str] = frozenset()
    period_start: str = "next-day"
    restarted_by: frozenset[str] = frozenset()
    restart_offset: int = 0
    restart_unit: str = ""
    suspended_by: frozenset[str] = frozenset()
    closed_by_rules: tuple[str, ...] = ()
    also_when: AlsoWhen | None = None
    commencement: str = ""
    retired_by: str = ""
    source_file: str = field(default="", compare=False)

    @property
    def period_text(self) -> str:
        """e.g. "28 days after", "8 weeks before", "3 months after", "5 working days after"."""
        unit = self.unit
        if self.offset == 1:
            unit = unit[:-1]
        if self.day_type == "working" and self.unit == "days":
            unit = "working " + unit
        if self.period_start == "trigger-day":
            return f"{self.offset} {unit} beginning with"
        if self.period_start == "after-period":
            return f"the day after {self.offset} {unit} beginning with"
        return f"{self.offset} {unit} {self.direction}"

    def in_force(self, day: dt.date) -> bool:
        if day < self.effective_from:
            return False
        return self.effective_to is None or day <= self.effective_to


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    event_types: tuple[EventType, ...]
    commencements: tuple[Commencement, ...] = ()
    #: SHA-256 of the files :func:`load_rules` read ("" for a rule set made otherwise, or changed with
    #: ``dataclasses.replace``): what the stored deadlines were computed with.
    digest: str = field(default="", init=False, compare=False, repr=False)

    def commencement(self, cid: str) -> Commencement | None:
        for c in self.commencements:
            if c.id == cid:
                return c
        return None

    def related_event_types(self) -> frozenset[str]:
        """Event types some rule looks for across the client's matters (restarts and suspensions)."""
        out: set[str] = set()
        for r in self.rules:
            out |= r.restarted_by | r.suspended_by
        return frozenset(out)

    def by_id(self, rule_id: str) -> Rule | None:
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    def for_trigger(self, event_type: str) -> tuple[Rule, ...]:
        return self._by_trigger.get(event_type, ())

    @functools.cached_property
    def _by_trigger(self) -> dict[str, tuple[Rule, ...]]:
        out: dict[str, list[Rule]] = {}
        for r in self.rules:
            out.setdefault(r.trigger, []).append(r)
        return {k: tuple(v) for k, v in out.items()}

    def event_type(self, code: str) -> EventType | None:
        for e in self.event_types:
            if e.code == code:
                return e
        return None

    def event_type_codes(self) -> frozenset[str]:
        return frozenset(e.code for e in self.event_types)


def _err(path: Path, rule: str | None, msg: str) -> RuleError:
    where = f"{path.name}: rule '{rule}'" if rule else path.name
    return RuleError(f"rules data {where}: {msg}")


def _str(path, rid, raw, key, *, required=True, choices=None, default=None) -> str:
    if key not in raw:
        if required:
            raise _err(path, rid, f"'{key}' is missing")
        return default
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise _err(path, rid, f"'{key}' must be non-empty text")
    if choices and value not in choices:
        raise _err(path, rid, f"'{key}' must be one of {', '.join(choices)} (got '{value}')")
    return value


def _codes(path, rid, raw, key, allowed: frozenset[str]) -> frozenset[str] | None:
    value = raw.get(key, ["*"])
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise _err(path, rid, f"'{key}' must be a non-empty list of codes (or [\"*\"])")
    if value == ["*"]:
        return None
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise _err(path, rid, f"'{key}' has unknown code(s): {', '.join(unknown)}")
    return frozenset(value)


def _date(path, rid, raw, key, *, required) -> dt.date | None:
    if key not in raw:
        if required:
            raise _err(path, rid, f"'{key}' is missing")
        return None
    value = raw[key]
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise _err(path, rid, f"'{key}' must be a TOML date like 2019-07-22")
    return value


def _optional_text(path: Path, rid: str, raw: dict, key: str) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise _err(path, rid, f"'{key}' must be text")
    return value.strip()


def _parse_rule(path: Path, raw: dict, event_codes: frozenset[str]) -> Rule:
    if not isinstance(raw, dict):
        raise _err(path, None, "each [[rule]] must be a table")
    rid = raw.get("id") if isinstance(raw.get("id"), str) else None
    _str(path, rid, raw, "id")
    if not _RULE_ID_RE.match(rid):
        raise _err(path, rid, "'id' must be lower-case letters, digits, '-' and '.' (it is stored in "
                              "casebooks)")
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise _err(path, rid, f"unknown field(s): {', '.join(unknown)}")
    trigger = _str(path, rid, raw, "trigger")
    if trigger not in event_codes:
        raise _err(path, rid, f"trigger '{trigger}' is not an event type in event_types.toml")
    offset = raw.get("offset")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise _err(path, rid, "'offset' must be a whole number of 0 or more")
    confirmed = raw.get("confirmed")
    if not isinstance(confirmed, bool):
        raise _err(path, rid, "'confirmed' must be true or false")
    unit = _str(path, rid, raw, "unit", choices=_UNITS)
    direction = _str(path, rid, raw, "direction", required=False, choices=_DIRECTIONS, default="after")
    day_type = _str(path, rid, raw, "day_type", required=False, choices=_DAY_TYPES, default="calendar")
    roll = _str(path, rid, raw, "roll", required=False, choices=_ROLLS, default="none")
    if day_type == "working" and unit != "days":
        raise _err(path, rid, "working-day rules must use unit = \"days\"")
    if direction == "before" and roll == "forward":
        raise _err(path, rid, "a 'before' rule cannot roll forward (it would cut the notice period)")
    applies_by = _str(path, rid, raw, "applies_by", required=False, choices=_APPLIES_BY, default="trigger")
    transitional = _str(
        path, rid, raw, "transitional", required=False, choices=_TRANSITIONAL, default="none"
    )
    if transitional == "clamp" and applies_by != "due":
        raise _err(path, rid, "transitional = \"clamp\" needs applies_by = \"due\"")
    eff_from = _date(path, rid, raw, "effective_from", required=True)
    eff_to = _date(path, rid, raw, "effective_to", required=False)
    if eff_to is not None and eff_to < eff_from:
        raise _err(path, rid, "'effective_to' is before 'effective_from'")
    kind = _str(path, rid, raw, "kind", required=False, choices=_KINDS, default="time-limit")
    superseded = raw.get("superseded_by", [])
    if not isinstance(superseded, list) or not all(isinstance(v, str) for v in superseded):
        raise _err(path, rid, "'superseded_by' must be a list of event types")
    bad = sorted(set(superseded) - event_codes)
    if bad:
        raise _err(path, rid, f"'superseded_by' has unknown event type(s): {', '.join(bad)}")
    if superseded and kind == "time-limit":
        raise _err(path, rid, "a time limit cannot be closed automatically ('superseded_by' needs kind "
                   "\"expected\" or \"milestone\")")
    note = raw.get("note", "")
    actor = raw.get("actor", "")
    if not isinstance(note, str) or not isinstance(actor, str):
        raise _err(path, rid, "'note' and 'actor' must be text")
    period_start = _str(path, rid, raw, "period_start", required=False, choices=_PERIOD_STARTS,
                        default="next-day")
    if period_start in ("trigger-day", "after-period") and (direction != "after" or day_type != "calendar"):
        raise _err(path, rid, f"period_start = \"{period_start}\" is for calendar periods after the event")
    restarted = _event_list(path, rid, raw, "restarted_by", event_codes)
    suspended = _event_list(path, rid, raw, "suspended_by", event_codes)
    restart_offset = raw.get("restart_offset", 0)
    restart_unit = ""
    if restarted:
        if "restart_offset" not in raw:
            raise _err(path, rid, "'restart_offset' is required with 'restarted_by'")
        if isinstance(restart_offset, bool) or not isinstance(restart_offset, int) or restart_offset < 0:
            raise _err(path, rid, "'restart_offset' must be a whole number of 0 or more")
        restart_unit = _str(path, rid, raw, "restart_unit", required=False, choices=_UNITS, default=unit)
        if direction != "after":
            raise _err(path, rid, "only an 'after' rule can be restarted")
    elif "restart_offset" in raw or "restart_unit" in raw:
        raise _err(path, rid, "'restart_offset' / 'restart_unit' need 'restarted_by'")
    if suspended and not restarted:
        raise _err(path, rid, "'suspended_by' needs 'restarted_by' (what starts the period again)")
    closed_by_rules = raw.get("closed_by_rules", [])
    if not isinstance(closed_by_rules, list) or not all(isinstance(v, str) for v in closed_by_rules):
        raise _err(path, rid, "'closed_by_rules' must be a list of rule ids")
    if closed_by_rules and kind == "time-limit":
        raise _err(path, rid, "a time limit cannot be closed automatically ('closed_by_rules' needs kind "
                   "\"expected\" or \"milestone\")")
    also = raw.get("also_when")
    also_when = None
    if also is not None:
        if not isinstance(also, dict) or set(also) - {"sentence_types", "matter_types", "caveat"}:
            raise _err(path, rid, "'also_when' must be {sentence_types = [...], matter_types = [...], "
                       "caveat = \"...\"}")
        caveat = also.get("caveat")
        if not isinstance(caveat, str) or not caveat.strip():
            raise _err(path, rid, "'also_when' needs a 'caveat' saying what to check")
        also_when = AlsoWhen(_codes(path, rid, also, "sentence_types", SENTENCE_TYPES),
                             _codes(path, rid, also, "matter_types", MATTER_TYPES), caveat.strip())
    commencement = _optional_text(path, rid, raw, "commencement")
    retired_by = _optional_text(path, rid, raw, "retired_by")
    return Rule(
        id=rid,
        title=_str(path, rid, raw, "title"),
        trigger=trigger,
        offset=offset,
        unit=unit,
        citation=_str(path, rid, raw, "citation"),
        instrument=_optional_text(path, rid, raw, "instrument"),
        effective_from=eff_from,
        effective_to=eff_to,
        confirmed=confirmed,
        direction=direction,
        day_type=day_type,
        roll=roll,
        kind=kind,
        superseded_by=frozenset(superseded),
        actor=actor,
        sentence_types=_codes(path, rid, raw, "sentence_types", SENTENCE_TYPES),
        matter_types=_codes(path, rid, raw, "matter_types", MATTER_TYPES),
        recall_types=_codes(path, rid, raw, "recall_types", frozenset(_vocabulary.RECALL_TYPES)),
        applies_by=applies_by,
        transitional=transitional,
        note=note.strip(),
        period_start=period_start,
        restarted_by=restarted,
        restart_offset=restart_offset if restarted else 0,
        restart_unit=restart_unit,
        suspended_by=suspended,
        closed_by_rules=tuple(closed_by_rules),
        also_when=also_when,
        commencement=commencement,
        retired_by=retired_by,
        source_file=path.name,
    )


def _event_list(path: Path, rid: str, raw: dict, key: str, event_codes: frozenset[str]) -> frozenset[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _err(path, rid, f"'{key}' must be a list of event types")
    bad = sorted(set(value) - event_codes)
    if bad:
        raise _err(path, rid, f"'{key}' has unknown event type(s): {', '.join(bad)}")
    return frozenset(value)


def _parse_commencement(path: Path, raw: dict) -> Commencement:
    if not isinstance(raw, dict):
        raise _err(path, None, "each [[commencement]] must be a table")
    cid = raw.get("id") if isinstance(raw.get("id"), str) else None
    _str(path, cid, raw, "id")
    if not _RULE_ID_RE.match(cid):
        raise _err(path, cid, "a commencement 'id' must be lower-case letters, digits, '-' and '.'")
    unknown = sorted(set(raw) - _COMMENCEMENT_KEYS)
    if unknown:
        raise _err(path, cid, f"unknown field(s): {', '.join(unknown)}")
    return Commencement(cid, _str(path, cid, raw, "title"), _str(path, cid, raw, "citation"),
                        _optional_text(path, cid, raw, "note"))


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise _err(path, None, f"not valid TOML ({exc})") from None
    except OSError as exc:
        raise _err(path, None, f"cannot be read ({exc.strerror or exc})") from None


def _parse_event_types(path: Path, data: dict) -> tuple[EventType, ...]:
    try:
        return _vocabulary.parse_event_types(data)
    except _vocabulary.VocabularyError as exc:
        raise _err(path, None, str(exc)) from None


def load_rules(folder: Path | str | None = None) -> RuleSet:
    """Read and validate ``event_types.toml`` and every other ``*.toml`` in ``folder`` (default: the
    shipped ``resources/rules``). Raises :class:`RuleError` naming the file and rule on any problem."""
    if folder is None:
        from casebook.resources import resource_path

        folder = resource_path("rules")
    folder = Path(folder)
    et_path = folder / "event_types.toml"
    if not et_path.is_file():
        raise RuleError(f"rules data: {et_path.name} is missing from {folder}")
    events = _parse_event_types(et_path, _read_toml(et_path))
    codes = frozenset(e.code for e in events)
    rules: list[Rule] = []
    commencements: list[Commencement] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name == "event_types.toml":
            continue
        data = _read_toml(path)
        extra = sorted(set(data) - {"rule", "meta", "commencement"})
        if extra:
            raise _err(path, None, f"unexpected top-level key(s): {', '.join(extra)}")
        items = data.get("rule", [])
        if not isinstance(items, list):
            raise _err(path, None, "'rule' must be an array of tables ([[rule]])")
        for raw in items:
            rule = _parse_rule(path, raw, codes)
            if rule.id in seen:
                raise _err(path, rule.id, f"id is already used in {seen[rule.id]}")
            seen[rule.id] = path.name
            rules.append(rule)
        declared = data.get("commencement", [])
        if not isinstance(declared, list):
            raise _err(path, None, "'commencement' must be an array of tables ([[commencement]])")
        for raw in declared:
            c = _parse_commencement(path, raw)
            if any(x.id == c.id for x in commencements):
                raise _err(path, c.id, "commencement id is declared twice")
            commencements.append(c)
    known = {c.id for c in commencements}
    by_id = {r.id: r for r in rules}
    for r in rules:
        for key in (r.commencement, r.retired_by):
            if key and key not in known:
                raise _err(Path(r.source_file), r.id, f"commencement '{key}' is not declared")
        for other in r.closed_by_rules:
            if other not in by_id:
                raise _err(Path(r.source_file), r.id, f"'closed_by_rules' names unknown rule '{other}'")
            if by_id[other].trigger != r.trigger:
                raise _err(Path(r.source_file), r.id,
                           f"'closed_by_rules': rule '{other}' has another trigger")
    triggering = frozenset(r.trigger for r in rules)
    out = RuleSet(
        commencements=tuple(commencements),
        rules=tuple(rules),
        event_types=tuple(
            dataclasses.replace(e, triggers=e.code in triggering) for e in events
        ),
    )
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.toml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    object.__setattr__(out, "digest", digest.hexdigest())
    return out


_DEFAULT: RuleSet | None = None


def default_rules() -> RuleSet:
    """The shipped rules, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_rules()
    return _DEFAULT
