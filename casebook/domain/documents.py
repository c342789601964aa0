"""Documents kept inside the casebook, their named sections, and citations of their pages.

A :class:`Document` is a file a client's case rests on (a parole dossier, an OASys, a psychology
report, a decision …) held, bytes and all, inside the encrypted casebook; its pages' text is indexed
for search page by page. A :class:`DocumentSection` names a run of pages ("OASys 120–185"), from the
PDF's bookmarks, the dossier's own index page, or the user. A :class:`Citation` ties a record —
a challenge, an allegation, an item of evidence, an assessment or a chronology event — to a page of
a document, optionally a paragraph, and is printed "Dossier p.143 ¶4".

Pure: no storage, no Qt.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from casebook.domain.vocabulary import CITATION_TARGETS, DOCUMENT_KINDS


@dataclass
class Document:
    id: int | None
    client_id: int
    kind: str
    title: str
    cite_as: str
    format: str
    mime: str
    size: int
    sha256: str
    pages: int
    matter_id: int | None = None
    date: _dt.date | None = None
    author: str = ""
    filename: str = ""
    unreadable: list[int] = field(default_factory=list)
    previous_id: int | None = None
    version: int = 1
    created_at: str = ""
    updated_at: str = ""

    @property
    def kind_label(self) -> str:
        return DOCUMENT_KINDS.get(self.kind, (self.kind, ""))[0]

    @property
    def readable_pages(self) -> int:
        return self.pages - len(self.unreadable)


@dataclass
class DocumentSection:
    id: int | None
    document_id: int
    name: str
    first_page: int
    last_page: int
    source: str = "user"  # outline | index | user
    created_at: str = ""
    updated_at: str = ""

    @property
    def pages_label(self) -> str:
        return (f"p.{self.first_page}" if self.first_page == self.last_page
                else f"pp.{self.first_page}–{self.last_page}")


@dataclass
class Citation:
    id: int | None
    document_id: int
    page: int
    target: str
    target_id: int
    paragraph: str = ""
    note: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def target_label(self) -> str:
        return CITATION_TARGETS.get(self.target, ("", self.target))[1]


def cite_label(cite_as: str, page: int, paragraph: str = "") -> str:
    """How a citation is printed: ``Dossier p.143``, ``OASys p.143 ¶4``."""
    label = f"{cite_as} p.{page}"
    para = (paragraph or "").strip()
    if para:
        label += f" ¶{para}"
    return label


def page_ranges(pages: list[int] | tuple[int, ...]) -> str:
    """``[3, 4, 5, 9]`` → ``"3–5, 9"`` (for telling the user which pages could not be read)."""
    out: list[str] = []
    nums = sorted({int(p) for p in pages})
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}–{nums[j]}")
        i = j + 1
    return ", ".join(out)


__all__ = ["Citation", "Document", "DocumentSection", "cite_label", "page_ranges"]
