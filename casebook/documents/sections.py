"""A dossier's sections (from its bookmarks or its own index page) and what changed between two versions.

Pure functions over extracted pages: no PDFium, no database.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from casebook.documents.formats import Page
from casebook.errors import BadInput

INDEX_SEARCH_PAGES = 10
DASH = "\u2013"  # en dash, for page ranges


@dataclass(frozen=True)
class Section:
    name: str
    first: int
    last: int
    source: str  # "outline" | "index" | "user"

    @property
    def pages(self) -> str:
        return page_range(self.first, self.last)


def page_range(first: int, last: int) -> str:
    """'120–185', or '120' for one page."""
    return f"{first}" if first == last else f"{first}{DASH}{last}"


# --- page numbers typed by a person ---------------------------------------------------------------------

_SEP = r"\s*(?:-|\u2010|\u2011|\u2012|\u2013|\u2014|\u2212|\bto\b)\s*"
_TYPED = re.compile(
    r"^(?:(?:pp?|pages?|pgs?)\.?\s*)?(\d{1,6})(?:" + _SEP + r"(?:(?:pp?|pages?)\.?\s*)?(\d{1,6}))?$", re.I)


def parse_pages(text: str) -> tuple[int, int]:
    """'120-185', '120–185', '120 to 185', 'pp. 120–185', 'p.120', '120' → (first, last)."""
    match = _TYPED.match(" ".join(str(text or "").split()))
    if match:
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if 1 <= first <= last:
            return first, last
        if first >= 1 and last < first:
            raise BadInput(f"pages: the range ends before it starts; write it as first{DASH}last, "
                           f"such as 120{DASH}185")
    raise BadInput(f"pages: write a page number or a range, such as 143 or 120{DASH}185")


# --- recognising sections ---------------------------------------------------------------------------------

# An index line: a title, optional dot leaders, then a page or a range at the end of the line.
_ENTRY = re.compile(
    r"^(?P<title>.*?[^\W\d_].*?)"                      # the title has at least one letter
    r"(?:[\s.\u2026_·:|-]*?)"                          # dot leaders, rules, colons
    r"(?:\s|\.|\u2026|:|\|)"                           # …then at least one separator before the number
    r"\s*(?:(?:pp?|pages?|pgs?)\.?\s*)?"               # optional "p." / "pages"
    r"(?P<a>\d{1,5})(?:" + _SEP + r"(?P<b>\d{1,5}))?\s*$",
    re.I,
)
_HEADING = re.compile(r"\b(index|contents|table of contents|schedule of documents|dossier index)\b", re.I)
_TRIM_TITLE = re.compile(r"[\s.\u2026_·:|\u2013\u2014-]+$")
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}|[A-Za-z])[.)]\s+(?=\S)")
_HEADER_WORDS = {"page", "pages", "page no", "page no.", "page number", "pages no", "document", "no"}


@dataclass(frozen=True)
class _Entry:
    title: str
    first: int
    last: int | None


def _entry(line: str) -> _Entry | None:
    line = " ".join(line.replace("\t", " ").split())
    if not line or len(line) > 160:
        return None
    match = _ENTRY.match(line)
    if not match:
        return None
    title = _TRIM_TITLE.sub("", match.group("title")).strip()
    title = _NUMBERING.sub("", title).strip() or title
    letters = sum(1 for ch in title if ch.isalpha())
    if letters < 2 or len(title) > 120 or title.lower() in _HEADER_WORDS:
        return None
    first = int(match.group("a"))
    last = int(match.group("b")) if match.group("b") else None
    return _Entry(title, first, last)


_BARE = re.compile(r"^(?:(?:pp?|pages?|pgs?)\.?\s*)?(?P<a>\d{1,5})(?:" + _SEP + r"(?P<b>\d{1,5}))?$", re.I)


def _index_entries(text: str) -> list[_Entry]:
    """The entries of a page if it reads as an index/contents page, else [].

    A title too long for its line wraps: its first line(s) carry no page number, and the number follows
    on a line of its own or at the end of a line that carries on in lower case ("…, chartered and" /
    "registered forensic psychologist 13–20").
    """
    lines = [" ".join(line.split()) for line in text.split("\n") if line.strip()]
    entries: list[_Entry] = []
    pending: list[str] = []
    for line in lines:
        bare = _BARE.match(line)
        if bare and pending and len(pending) <= 3:
            title = _TRIM_TITLE.sub("", _NUMBERING.sub("", " ".join(pending))).strip()
            last = int(bare.group("b")) if bare.group("b") else None
            entries.append(_Entry(title, int(bare.group("a")), last))
            pending = []
            continue
        entry = _entry(line)
        if entry is None:
            pending = (pending + [line])[-3:] if entries else [line]
            continue
        if pending and entries and line[:1].islower() and len(pending) <= 2:
            entry = _Entry(_NUMBERING.sub("", " ".join(pending)) + " " + entry.title, entry.first, entry.last)
        entries.append(entry)
        pending = []
    if len(entries) < 2:
        return []
    headed = any(_HEADING.search(line) for line in lines[:8])
    # Without a heading, most of the page must be entries (prose that ends lines in numbers is not).
    if not headed and (len(entries) < 3 or len(entries) * 2 < len(lines)):
        return []
    return entries


def _build(entries: Sequence[tuple[str, int, int | None]], page_count: int, source: str) -> list[Section]:
    """Sections from rising entries; [] if they are nonsense (falling, out of range, fewer than two)."""
    if len(entries) < 2:
        return []
    sections = []
    for k, (name, first, last) in enumerate(entries):
        if not 1 <= first <= page_count:
            return []
        if k and first <= entries[k - 1][1]:
            return []
        if last is None:
            last = entries[k + 1][1] - 1 if k + 1 < len(entries) else page_count
        if not first <= last <= page_count:
            return []
        sections.append(Section(name, first, last, source))
    return sections


def recognise(pages: Sequence[Page], outline: Sequence[tuple[str, int]] = ()) -> list[Section]:
    """The document's sections: its PDF bookmarks if it has a sensible set, else its own index/contents
    page(s) within the first ten pages; [] if neither reads sensibly.

    A section without an end page runs to the page before the next one (the last to the end of the
    document); entries must rise, lie within the document and number at least two.
    """
    count = len(pages)
    if count == 0:
        return []
    marks = []
    for title, first in outline:
        name = " ".join(str(title).split())
        if name and (not marks or first != marks[-1][1]):
            marks.append((name, int(first), None))
    found = _build(marks, count, "outline")
    if found:
        return found
    limit = min(INDEX_SEARCH_PAGES, count)
    k = 0
    while k < limit:
        entries = _index_entries(pages[k].text)
        if not entries:
            k += 1
            continue
        # An index may run over to the next page(s).
        j = k + 1
        while j < limit:
            more = _index_entries(pages[j].text)
            if not more or more[0].first <= entries[-1].first:
                break
            entries += more
            j += 1
        found = _build([(e.title, e.first, e.last) for e in entries], count, "index")
        if found:
            return found
        k = j
    return []


# --- comparing versions -----------------------------------------------------------------------------------

def _fingerprint(text: str) -> str:
    normal = " ".join(text.casefold().split())
    return hashlib.blake2b(normal.encode("utf-8"), digest_size=16).hexdigest()


def _ranges(numbers: Sequence[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for n in numbers:
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class VersionDiff:
    old_pages: int
    new_pages: int
    new_page_ranges: list[tuple[int, int]] = field(default_factory=list)
    dropped_pages: int = 0
    new_sections: list[str] = field(default_factory=list)
    dropped_sections: list[str] = field(default_factory=list)

    @property
    def new_page_count(self) -> int:
        return sum(b - a + 1 for a, b in self.new_page_ranges)

    @property
    def unchanged(self) -> bool:
        return (self.old_pages == self.new_pages and not self.new_page_ranges and not self.dropped_pages
                and not self.new_sections and not self.dropped_sections)

    def summary(self) -> str:
        """One line of plain English, e.g. '640 pages (was 600): pages 601–640 are new; new section:
        Addendum psychology report'."""
        if self.new_pages == self.old_pages:
            head = f"{_plural(self.new_pages, 'page')} (as before)"
        else:
            head = f"{_plural(self.new_pages, 'page')} (was {self.old_pages:,})"
        if self.unchanged:
            return f"{head}: the text of every page is the same as the earlier version"
        parts = []
        ranges = self.new_page_ranges
        count = self.new_page_count
        if ranges:
            if len(ranges) <= 4:
                listed = _and([page_range(a, b) for a, b in ranges])
                if count == 1:
                    parts.append(f"page {listed} is new")
                else:
                    parts.append(f"pages {listed} are new")
            else:
                parts.append(f"{count:,} pages are new, in {len(ranges)} places "
                             f"(the first at page {ranges[0][0]})")
        if self.dropped_pages:
            verb = "is" if self.dropped_pages == 1 else "are"
            gone = _plural(self.dropped_pages, "page")
            parts.append(f"{gone} of the earlier version {verb} no longer there")
        if not ranges and not self.dropped_pages:
            parts.append("the text of every page is the same")
        if self.new_sections:
            label = "new section" if len(self.new_sections) == 1 else "new sections"
            parts.append(f"{label}: {', '.join(self.new_sections)}")
        if self.dropped_sections:
            label = "section" if len(self.dropped_sections) == 1 else "sections"
            parts.append(f"{label} no longer listed: {', '.join(self.dropped_sections)}")
        return f"{head}: " + "; ".join(parts)


def diff(old_texts: Sequence[str], new_texts: Sequence[str], old_sections: Sequence[str],
         new_sections: Sequence[str]) -> VersionDiff:
    """Compare two versions of a document page by page.

    A page of the new version is new when no page of the old one has the same text (case, spacing and
    line breaks ignored); each old page matches at most one new page, so a repeated page (or another
    blank or scanned page, which has no text to tell them apart) counts as new once the old version's
    copies are used up. Old pages left unmatched are dropped.
    """
    remaining = Counter(_fingerprint(t) for t in old_texts)
    new_numbers = []
    for number, text in enumerate(new_texts, start=1):
        key = _fingerprint(text)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new_numbers.append(number)
    dropped = sum(remaining.values())

    def norm(name: str) -> str:
        return " ".join(name.casefold().split())

    old_names = {norm(n) for n in old_sections}
    new_names = {norm(n) for n in new_sections}
    added = _unique([" ".join(n.split()) for n in new_sections if norm(n) not in old_names])
    gone = _unique([" ".join(n.split()) for n in old_sections if norm(n) not in new_names])
    return VersionDiff(len(old_texts), len(new_texts), _ranges(new_numbers), dropped, added, gone)


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out
