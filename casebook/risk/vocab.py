"""The risk vocabulary: codes and labels for assessment tools and authors, risk of serious harm,
OASys sections, the Programme Needs Identifier, MAPPA, programme referrals, evidence, allegations and
challenges (``resources/risk/vocabulary.toml``), and the accredited-programme catalogue
(``resources/risk/programmes.toml``). Each accessor returns the items in their published order.
"""

from __future__ import annotations

from casebook.risk.data import LISTS, Programme, Term, VocabList, normalise
from casebook.risk.data import programmes as _programmes
from casebook.risk.data import vocabulary as _vocabulary

__all__ = [
    "LISTS", "allegation_statuses", "authors", "challenge_grounds", "challenge_statuses", "dmf_stages",
    "escalation_steps", "evidence_kinds", "get", "mappa_categories", "mappa_levels", "next_statuses",
    "oasys_sections", "parse", "pni_need_levels", "pni_outcomes", "programme", "programmes",
    "referral_statuses", "rosh_groups", "rosh_levels", "rosh_settings", "rosh_slots", "tools",
    "withdrawal_reasons",
]


def get(list_name: str) -> VocabList:
    """One list by name (see ``LISTS``); an unknown name is a KeyError."""
    return _vocabulary()[list_name]


def parse(list_name: str, text: str) -> str:
    """The id of the item given by id or label in any case ("Factual error" → "factual-error");
    anything else is a ValueError listing the ids."""
    return get(list_name).parse(text)


def _items(list_name: str) -> tuple[Term, ...]:
    return get(list_name).items


def tools() -> tuple[Term, ...]:
    """Assessment tools; ``extra["authors"]`` lists the usual authors (ids of ``authors()``)."""
    return _items("tool")


def authors() -> tuple[Term, ...]:
    return _items("author")


def rosh_groups() -> tuple[Term, ...]:
    """Who is at risk; ``extra["settings"]`` lists the settings each is assessed in."""
    return _items("rosh_group")


def rosh_settings() -> tuple[Term, ...]:
    return _items("rosh_setting")


def rosh_levels() -> tuple[Term, ...]:
    return _items("rosh_level")


def rosh_slots() -> tuple[tuple[str, str], ...]:
    """Every (group, setting) an OASys gives a RoSH level for, in order: prisoners in custody only."""
    return tuple((g.id, s) for g in rosh_groups() for s in g.extra["settings"])


def oasys_sections() -> tuple[Term, ...]:
    """Sections 1–13; ``extra["number"]`` and ``extra["linked_flags"]`` (carries the "linked to risk
    of serious harm" and "linked to offending behaviour" flags)."""
    return _items("oasys_section")


def pni_outcomes() -> tuple[Term, ...]:
    return _items("pni_outcome")


def pni_need_levels() -> tuple[Term, ...]:
    return _items("pni_need_level")


def mappa_categories() -> tuple[Term, ...]:
    return _items("mappa_category")


def mappa_levels() -> tuple[Term, ...]:
    return _items("mappa_level")


def referral_statuses() -> tuple[Term, ...]:
    """HMPPS's referral statuses in order; ``extra["next"]`` lists the statuses that may follow."""
    return _items("referral_status")


def next_statuses(status: str | None) -> tuple[str, ...]:
    """The statuses that may follow ``status``; None (a new referral) → the first status only."""
    items = referral_statuses()
    if status is None:
        return (items[0].id,)
    term = get("referral_status").get(parse("referral_status", status))
    assert term is not None
    return tuple(term.extra["next"])


def withdrawal_reasons() -> tuple[Term, ...]:
    return _items("withdrawal_reason")


def dmf_stages() -> tuple[Term, ...]:
    """Past, present, future: the order the Parole Board reads a case in."""
    return _items("dmf_stage")


def evidence_kinds() -> tuple[Term, ...]:
    """Kinds of evidence of risk reduction; ``extra["stage"]`` (a ``dmf_stages()`` id) and
    ``extra["includes"]`` (what the kind covers, e.g. behaviour: adjudication-free period …)."""
    return _items("evidence_kind")


def allegation_statuses() -> tuple[Term, ...]:
    return _items("allegation_status")


def challenge_grounds() -> tuple[Term, ...]:
    return _items("challenge_ground")


def challenge_statuses() -> tuple[Term, ...]:
    return _items("challenge_status")


def escalation_steps() -> tuple[Term, ...]:
    """The steps in order; optional ``extra["respond_within"]`` and ``extra["event_type"]`` (the
    chronology event type that starts the deadlines for that step, where one exists)."""
    return _items("escalation_step")


def programmes() -> tuple[Programme, ...]:
    return _programmes()


def programme(text: str) -> Programme:
    """A programme by id or name in any case ("Kaizen", "thinking skills programme"); anything else
    is a ValueError."""
    key = normalise(text)
    for p in _programmes():
        if key in (p.id, normalise(p.name)):
            return p
    raise ValueError(f"unknown programme '{str(text).strip()}': use a programme from the catalogue")
