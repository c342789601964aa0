"""A client's release dates: our engine's calculation beside the prison's sheet, and the review milestones.

``ReleaseService.check(client_id, today=None)`` gathers what the engine needs from the casebook — the
sentences and adjustments as entered, the prison's dates, and (for IPP/DPP licence termination) the
first release on licence and any later recall from the chronology — and returns a :class:`ReleaseCheck`.
The CLI (``casebook client show``), the desktop Overview and, later, letters all read the same check.
Nothing here decides a rule of law: the arithmetic is :mod:`casebook.sentencing`'s.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass, field

from casebook.clock import Clock, as_clock
from casebook.domain.dates import uk_date
from casebook.domain.validate import parse_period
from casebook.domain.vocabulary import ADJUSTMENT_KINDS, LICENCE_START_EVENT, RE_RELEASE_EVENT, RECALL_EVENT
from casebook.sentencing.casebook_adapter import (
    PROGRESSION_COMMENCEMENT_ID,
    ClientCalculation,
    DateComparison,
    calculate_for_client,
    compare,
    offence_rule_parts,
)
from casebook.sentencing.indeterminate import Milestone

#: Short labels for the timeline picture.
SHORT_LABELS = {
    "TED": "TED",
    "PRE_TARIFF_SIFT": "Pre-tariff sift",
    "REVIEW_START": "Review starts",
    "IPP_QUALIFYING": "Termination review",
    "IPP_AUTOMATIC_TERMINATION": "Automatic termination",
    "IPP_REFERRAL_REQUEST": "Referral on request",
}
#: The IPP/DPP licence rules (resources/rules/ipp_licence.toml) as the release check's milestones.
_LICENCE_CODES = (("termination-review", "IPP_QUALIFYING"),
                  ("automatic-termination", "IPP_AUTOMATIC_TERMINATION"),
                  ("referral-on-request", "IPP_REFERRAL_REQUEST"))


#: Adjustments that bring a release date forward, and those that put it back.
_DEDUCTIONS = ("REMAND", "TAGGED_BAIL", "RADA", "RECALL_REMAND", "RECALL_TAGGED_BAIL")
_ADDITIONS = ("UAL", "ADA")


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def explain_difference(ours: _dt.date, prisons: _dt.date, adjustments) -> str:
    """A plain-words hint at why the prison's date differs from ours: by how much, and whether that is
    exactly an adjustment recorded here (a common cause of miscalculation). A hint for the practitioner
    to check, never a finding."""
    delta = (prisons - ours).days
    if delta == 0:
        return ""
    way = "later" if delta > 0 else "earlier"
    text = f"The prison's date is {_days(abs(delta))} {way} than ours."
    totals: dict[str, int] = {}
    for a in adjustments:
        kind = str(getattr(a, "kind", "") or "").upper()
        totals[kind] = totals.get(kind, 0) + int(getattr(a, "days", 0) or 0)
    hints = []
    for kind, days in totals.items():
        if days != abs(delta) or kind not in ADJUSTMENT_KINDS:
            continue
        label = ADJUSTMENT_KINDS[kind].lower()
        if kind in _DEDUCTIONS and delta > 0:
            hints.append(f"that is the {_days(days)} of {label} recorded here: has the prison credited it?")
        elif kind in _ADDITIONS and delta < 0:
            hints.append(f"that is the {_days(days)} of {label} recorded here: has the prison added it?")
        else:
            hints.append(f"that is exactly the {_days(days)} of {label} recorded here: "
                         "check how it was applied.")
    deductions = sum(totals.get(k, 0) for k in _DEDUCTIONS)
    if not hints and delta > 0 and deductions == delta and len([k for k in _DEDUCTIONS if totals.get(k)]) > 1:
        hints.append("that is all the credit for time on remand or tagged bail "
                     f"recorded here ({_days(deductions)}): has the prison credited it?")
    if not hints and abs(delta) == 1:
        hints.append("a one-day difference often comes from counting the first or last day differently.")
    return " ".join([text, *(h[0].upper() + h[1:] for h in hints)])


@dataclass(frozen=True)
class LicenceHistory:
    """From the chronology: the first release on an IPP/DPP licence, and whether a recall followed."""

    first_release: _dt.date | None = None
    recalled_since_release: bool | None = None
    #: recalls and re-releases since the first release, in date order: ((date, "recall"|"re-release"), …)
    movements: tuple[tuple[_dt.date, str], ...] = ()
    #: why a licence date is not given (e.g. recalled and not yet re-released)
    notes: tuple[str, ...] = ()


@dataclass
class ReleaseCheck:
    client_id: int
    today: _dt.date
    calculation: ClientCalculation
    comparisons: list[DateComparison]
    licence: LicenceHistory
    milestones: list[Milestone] = field(default_factory=list)
    #: The earliest sentence date (the left end of the timeline), if any.
    start: _dt.date | None = None

    @property
    def refusal(self) -> str | None:
        return self.calculation.refusal

    @property
    def differing(self) -> list[DateComparison]:
        return [c for c in self.comparisons if c.differs]

    @property
    def has_prison_dates(self) -> bool:
        return any(c.prisons for c in self.comparisons)

    @property
    def comparison_summary(self) -> str:
        """What the comparison with the prison's calculation shows — never 'no differences' when there is
        nothing to compare with."""
        if not self.comparisons:
            return "No release dates recorded or calculated."
        if not self.has_prison_dates:
            return "Enter the prison's calculation to compare."
        n = len(self.differing)
        if n:
            return (f"{n} {'dates differ' if n != 1 else 'date differs'} from the prison's calculation — "
                    "check the working before challenging.")
        if not any(c.ours for c in self.comparisons):
            return "Only the prison's dates are recorded: our check did not calculate dates to compare."
        return "No differences from the prison's calculation."

    @property
    def offence_rule(self) -> str:
        """What the offences mean for release, the notes on which rules apply, and any sentence whose
        fraction the user must choose: one a line."""
        return "\n".join(offence_rule_parts(self.calculation))

    @property
    def undecided(self) -> list[str]:
        return list(self.calculation.undecided)

    def timeline_marks(self) -> list[tuple[str, _dt.date, bool]]:
        """(label, date, differs) for the sentence timeline: the prison's date where it gives one, ours
        otherwise; then the review milestones other than TED (already a compared date)."""
        marks = [(c.code, c.prisons or c.ours, c.differs) for c in self.comparisons if (c.prisons or c.ours)]
        for m in self.milestones:
            if m.code != "TED":
                marks.append((SHORT_LABELS.get(m.code, m.label), m.date, False))
        return marks

    def as_json(self) -> dict:
        return {
            "refusal": self.refusal,
            "dates": [
                {"code": c.code, "label": c.label, "prisons": c.prisons, "ours": c.ours, "status": c.status,
                 "differs": c.differs, "working": c.working, "confirmed": c.confirmed, "hint": c.hint}
                for c in self.comparisons
            ],
            "milestones": [
                {"code": m.code, "label": m.label, "date": m.date, "working": m.arithmetic,
                 "source": m.source, "confirmed": m.confirmed}
                for m in self.milestones
            ],
            "first_release": self.licence.first_release,
            "recalled_since_release": self.licence.recalled_since_release,
        }

    def text_lines(self) -> list[str]:
        """The check for a terminal: both dates per code, differences flagged, milestones with sources."""
        lines: list[str] = []
        if self.refusal:
            lines.append(f"  Our check: not calculated — {self.refusal}")
        for rule in self.calculation.offence_rules:
            lines.append(f"  Offence rule — {rule}")
        for note in self.calculation.notes:
            lines.append(f"  {note}")
        if self.calculation.undecided:
            lines.append("  Release fraction not decided from the offence ("
                         + "; ".join(self.calculation.undecided)
                         + "): choose the offence from the catalogue, or record the release regime.")
        if self.comparisons:
            lines.append(f"  {self.comparison_summary}")
        for c in self.comparisons:
            p = uk_date(c.prisons) if c.prisons else "—"
            o = uk_date(c.ours) if c.ours else "—"
            flag = "  DIFFERS" if c.differs else ""
            unconfirmed = "" if c.confirmed else " (UNCONFIRMED rule)"
            lines.append(f"  {c.code:<6} prison {p:<18} ours {o}{unconfirmed}{flag}")
            if c.working and (c.differs or not c.confirmed):
                lines.append(f"         working: {c.working}")
            if c.hint:
                lines.append(f"         {c.hint}")
        for note in self.licence.notes:
            lines.append(f"  Licence: {note}")
        for m in self.milestones:
            if m.code == "TED":
                continue
            flag = "" if m.confirmed else " (UNCONFIRMED)"
            lines.append(f"  {m.label}: {uk_date(m.date)}{flag}")
            lines.append(f"         {m.arithmetic} [{m.source}]")
        return lines


#: The sentence types whose licence can be terminated, and the events their licence history reads.
LICENCE_TYPES = frozenset({"IPP", "DPP"})
LICENCE_HISTORY_EVENTS = (LICENCE_START_EVENT, RECALL_EVENT, RE_RELEASE_EVENT)


def licence_history(events, sentence_types: set[str]) -> LicenceHistory:
    """The first ``ipp-licence-start`` event, and whether a ``recall`` event is dated after it. Only
    for a client serving IPP or DPP: a life licence is not terminable. Only events of the types in
    :data:`LICENCE_HISTORY_EVENTS` matter."""
    if not sentence_types & LICENCE_TYPES:
        return LicenceHistory()
    starts = sorted(e.date for e in events if e.type == LICENCE_START_EVENT)
    if not starts:
        return LicenceHistory()
    first = starts[0]
    recalled = any(e.type == RECALL_EVENT and e.date > first for e in events)
    moves = tuple(sorted((e.date, e.type) for e in events
                         if e.type in (RECALL_EVENT, RE_RELEASE_EVENT) and e.date > first))
    return LicenceHistory(first, recalled, moves)


def stored_out_of_range(sentences) -> str | None:
    """Why the stored sentences cannot be calculated because a term is beyond what is accepted today
    (saved before terms were bounded, issue 15 fault 4), or ``None``. The client is still shown."""
    for s in sentences:
        for name, label in (("custodial_term", "custodial term"), ("extension_term", "extension period"),
                            ("minimum_term", "minimum term")):
            value = getattr(s, name, None)
            if value:
                try:
                    parse_period(value)
                except ValueError as exc:
                    return f"sentence {s.id}: the {label} {exc}; correct the sentence"
    return None


class ReleaseService:
    def __init__(self, clients, chronology, clock: Clock | None, deadlines) -> None:
        self.clients = clients
        self.chronology = chronology
        self.clock = as_clock(clock)
        #: the DeadlineService: an IPP/DPP licence's dates come from the same rules as its deadlines
        self.deadlines = deadlines

    def check(self, client_id: int, today: _dt.date | None = None) -> ReleaseCheck:
        today = today or self.clock.today()
        client = self.clients.get(client_id)
        sentences = self.clients.sentences(client_id)
        adjustments = self.clients.adjustments(client_id)
        types = {str(s.sentence_type or "").upper() for s in sentences}
        licence = licence_history(self._licence_events(client_id, types), types)
        refused = stored_out_of_range(sentences)
        try:
            calc = ClientCalculation(None, refused) if refused else calculate_for_client(
                sentences, adjustments, today=today, date_of_birth=getattr(client, "dob", None),
                progression_from=self.deadlines.commencements().get(PROGRESSION_COMMENCEMENT_ID))
        except (ArithmeticError, ValueError):  # a stored value the engine cannot count with: never fatal
            calc = ClientCalculation(None, "a term or date recorded for this client is out of range; "
                                           "check the sentences")
        if licence.first_release is not None:  # its dates are deadline rules: the same as the matter's
            extra, notes = self._licence_milestones(client_id, types, licence.movements)
            calc.milestones.extend(extra)
            licence = dataclasses.replace(licence, notes=tuple(notes))
        milestones: list[Milestone] = []
        seen: set[tuple[str, _dt.date]] = set()
        for m in sorted(calc.milestones, key=lambda m: m.date):
            if (m.code, m.date) not in seen:  # two concurrent IPPs give the same review milestones
                seen.add((m.code, m.date))
                milestones.append(m)
        start = min((s.sentence_date for s in sentences if s.sentence_date), default=None)
        comparisons = [dataclasses.replace(c, hint=explain_difference(c.ours, c.prisons, adjustments))
                       if c.differs else c for c in compare(calc, client.prison_dates)]
        return ReleaseCheck(client_id, today, calc, comparisons, licence, milestones, start)

    def _licence_events(self, client_id: int, types: set[str]) -> list:
        """The events :func:`licence_history` reads: none unless the client serves an IPP or DPP, else
        only the licence starts, recalls and re-releases (not the client's whole chronology)."""
        if not types & LICENCE_TYPES:
            return []
        return self.chronology.for_client(client_id, types=LICENCE_HISTORY_EVENTS)

    def _licence_milestones(self, client_id: int, types: set[str],
                            moves=()) -> tuple[list[Milestone], list[str]]:
        computed, skipped = self.deadlines.licence_dates(client_id, types)
        out: list[Milestone] = []
        for d in computed:
            code = next((c for key, c in _LICENCE_CODES if d.rule.id.endswith(key)), None)
            if code is None or d.closed_by_rule is not None:
                continue
            label = d.rule.title.split(" (")[0]
            working = f"{d.rule.period_text} the first release on {uk_date(d.trigger_date)}"
            if d.caveats:
                working += "; " + "; ".join(d.caveats)
            elif d.rule.restarted_by and not any(t == RECALL_EVENT for _d, t in moves):
                working += "; no recall recorded since the first release"
            out.append(Milestone(code, label, d.due, working, d.rule.citation, d.rule.confirmed))
        notes = [f"{n.rule.title.split(' (')[0]}: {n.reason}" for n in skipped
                 if n.rule.sentence_types is None or n.rule.sentence_types & types
                 if "commencement date has not been set" not in n.reason]
        return out, notes

    def prison_dates_only(self, prison_dates: dict | None) -> list[DateComparison]:
        """The prison's dates alone, without our check (shown when the check itself failed)."""
        return compare(None, prison_dates)


__all__ = ["SHORT_LABELS", "LicenceHistory", "ReleaseCheck", "ReleaseService", "explain_difference",
           "licence_history"]
