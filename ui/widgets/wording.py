"""Core messages said the window's way.

Some of the core's messages are written for the command line as well as the window: "enter the date
under Working days, bank holidays and commencement dates (casebook deadlines commencement
sa2026-progression-model DATE)", "(Working days, bank holidays and commencement dates, or casebook
deadlines commencement … DATE)", or name a record by its database number ("Sentence 41:"). A solicitor in
the app met the command, and the window's title with no way to it. :func:`for_window`
rewrites those hints to where the app does it, and :func:`name_sentences` names sentences as the
Sentences table lists them; anything else passes unchanged.
"""

from __future__ import annotations

import re

#: Where the window sets a commencement date (This week's "Bank holidays…": working days, bank holidays
#: and commencement dates).
COMMENCEMENT_PLACE = "“Bank holidays…” on This week"

_REWRITES = (
    (re.compile(r"\(Working days, bank holidays and commencement dates, or casebook deadlines commencement "
                r"[\w.-]+ DATE\)"), f"({COMMENCEMENT_PLACE})"),
    (re.compile(r"\(casebook deadlines commencement [\w.-]+ DATE\)"), f"({COMMENCEMENT_PLACE})"),
    (re.compile(r"\(casebook document limit MB, or Preferences in the app\)"), "(Edit → Preferences…)"),
    (re.compile(r"\s*\(casebook [a-z]+ [^()]*\)"), ""),  # any other command: not for the window
)
_SENTENCE = re.compile(r"\bSentence (\d+):")


def for_window(text: str | None) -> str:
    """``text`` with its command-line hints replaced by where the window does the same."""
    out = text or ""
    for pattern, replacement in _REWRITES:
        out = pattern.sub(replacement, out)
    return out


def name_sentences(text: str | None, names: dict[int, str]) -> str:
    """"Sentence 41:" (a database number) as "Sentence 1 (10 June 2025):", the client's own numbering;
    a number not in ``names`` is left as it is."""
    return _SENTENCE.sub(lambda m: f"{names.get(int(m.group(1)), m.group(0)[:-1])}:", text or "")


__all__ = ["COMMENCEMENT_PLACE", "for_window", "name_sentences"]
