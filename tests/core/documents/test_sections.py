"""Sections from bookmarks or the dossier's own index page; typed page ranges; changes between versions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook.documents import Page, Section, VersionDiff, diff, extract, make_pdf, parse_pages, recognise
from casebook.errors import BadInput

FILLER = "This page forms part of the parole dossier prepared for the Parole Board review. "

PPUD_INDEX = """PAROLE DOSSIER
INDEX
Section A \u2013 Index 1-2
Section B \u2013 Sentence calculation 3-5
Section C \u2013 Previous convictions 6
Section D \u2013 Pre-sentence report ................ 7 \u2013 19
OASys assessment 20\u201345
Psychology risk assessment (Dr K. Patel) 46 to 60
Decision letter 61"""


def dossier(index_text: str | None, pages: int = 70, index_at: int = 1, **kw) -> bytes:
    texts = [f"Page {n}\n{FILLER * 3}" for n in range(1, pages + 1)]
    if index_text is not None:
        texts[index_at - 1] = index_text
    return make_pdf(texts, **kw)


def sections_of(data: bytes) -> list[Section]:
    got = extract(data)
    return recognise(got.pages, got.outline)


# --- parse_pages ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("120-185", (120, 185)), ("120\u2013185", (120, 185)), ("120 \u2014 185", (120, 185)),
    ("120 to 185", (120, 185)), ("p.120", (120, 120)), ("p 120", (120, 120)), ("pp. 120-185", (120, 185)),
    ("120", (120, 120)), ("  143 ", (143, 143)), ("Pages 3 to 5", (3, 5)), ("7-7", (7, 7)),
])
def test_parse_pages_reads_what_people_type(text, expected):
    assert parse_pages(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "0", "185-120", "12-", "-5", "1.5", "12,14", "p.", "3 4"])
def test_parse_pages_refuses_nonsense_with_an_example(text):
    with pytest.raises(BadInput, match="120\u2013185"):
        parse_pages(text)


@given(st.integers(1, 99_999), st.integers(0, 99_999),
       st.sampled_from(["-", "\u2013", " - ", " \u2013 ", " to ", "\u2014"]),
       st.sampled_from(["", "p.", "pp. ", "pages ", "P "]))
def test_parse_pages_round_trips_any_written_range(first, extra, sep, prefix):
    last = first + extra
    assert parse_pages(f"{prefix}{first}{sep}{last}") == (first, last)
    assert parse_pages(f"{prefix}{first}") == (first, first)


@given(st.text(max_size=20))
def test_parse_pages_either_answers_a_rising_range_or_refuses(text):
    try:
        first, last = parse_pages(text)
    except BadInput:
        return
    assert 1 <= first <= last


# --- recognise: the dossier's own index ------------------------------------------------------------------

def test_a_ppud_index_page_gives_the_sections():
    found = sections_of(dossier(PPUD_INDEX))
    assert [(s.name, s.first, s.last, s.source) for s in found] == [
        ("Section A \u2013 Index", 1, 2, "index"),
        ("Section B \u2013 Sentence calculation", 3, 5, "index"),
        ("Section C \u2013 Previous convictions", 6, 6, "index"),
        ("Section D \u2013 Pre-sentence report", 7, 19, "index"),
        ("OASys assessment", 20, 45, "index"),
        ("Psychology risk assessment (Dr K. Patel)", 46, 60, "index"),
        ("Decision letter", 61, 70, "index"),  # no end page: runs to the end
    ]
    assert found[4].pages == "20\u201345"


def test_an_index_with_dot_leaders_and_no_end_pages_runs_each_to_the_next():
    index = "\n".join([
        "CONTENTS",
        "Parole Board dossier \u2013 index of documents",
        "1. Offender manager report (PAROM1) .......... 3",
        "2. Prison offender manager report ............ 15",
        "3. OASys assessment .......................... 22",
        "4. Security report ........................... p.40",
        "5. Victim liaison officer report ............. 44",
    ])
    found = sections_of(dossier(index, pages=50, index_at=2))
    assert [(s.name, s.first, s.last) for s in found] == [
        ("Offender manager report (PAROM1)", 3, 14),
        ("Prison offender manager report", 15, 21),
        ("OASys assessment", 22, 39),
        ("Security report", 40, 43),
        ("Victim liaison officer report", 44, 50),
    ]


def test_an_index_running_over_two_pages_is_read_whole():
    def entry(n):
        return f"Document {n} report of the panel {n * 5}-{n * 5 + 4}"

    first = "INDEX\n" + "\n".join(entry(n) for n in range(1, 8))
    second = "\n".join(entry(n) for n in range(8, 12))
    texts = [first, second] + [f"Page {n} {FILLER}" for n in range(3, 61)]
    found = recognise(extract(make_pdf(texts)).pages)
    assert len(found) == 11
    assert (found[-1].name, found[-1].first, found[-1].last) == ("Document 11 report of the panel", 55, 59)


def test_an_index_found_later_in_the_first_ten_pages():
    texts = [f"Page {n} {FILLER}" for n in range(1, 41)]
    texts[6] = "Dossier index\nOASys assessment 10-20\nPsychology report 21-30\nParole Board decision 31"
    found = recognise(extract(make_pdf(texts)).pages)
    assert [s.name for s in found] == ["OASys assessment", "Psychology report", "Parole Board decision"]
    texts[6], texts[11] = texts[11], texts[6]  # page 12 is too far in to be the index
    assert recognise(extract(make_pdf(texts)).pages) == []


@pytest.mark.parametrize("index", [
    "INDEX\nOASys assessment 120-185\nPsychology report 60-80\nDecision 190",       # falling
    "INDEX\nOASys assessment 20-45\nPsychology report 46-80\nDecision 990",         # beyond the end
    "INDEX\nOASys assessment 20-45",                                                # one entry
    "INDEX\nOASys assessment 45-20\nPsychology report 46-60",                       # range backwards
    "INDEX\nOASys assessment 20-45\nPsychology report 20-60",                       # not rising
])
def test_nonsense_indexes_are_rejected(index):
    assert sections_of(dossier(index, pages=100)) == []


def test_prose_that_ends_lines_with_numbers_is_not_an_index():
    prose = "\n".join([
        "The index offence was committed in 2014 when he was aged 23",
        "He was sentenced to an extended determinate sentence of 12",
        "years with an extended licence period of 4",
        "He has completed the Kaizen programme and the Resolve programme, and engaged well with staff",
        "on the wing; his security categorisation was reviewed in May and he is now in open conditions.",
        "He accepts responsibility for the offence and has written a victim awareness letter.",
        "His release plan was discussed with his offender manager on several occasions over the last year.",
    ])
    assert sections_of(dossier(prose, pages=40)) == []


def test_pages_without_any_index_give_nothing():
    assert sections_of(dossier(None, pages=12)) == []
    assert recognise([]) == []


# --- recognise: bookmarks first -------------------------------------------------------------------------

def test_bookmarks_win_over_the_index_page():
    data = dossier(PPUD_INDEX, bookmarks=[("Index", 1), ("OASys", 20), ("Psychology", 46), ("Decision", 61)])
    found = sections_of(data)
    assert [(s.name, s.first, s.last, s.source) for s in found] == [
        ("Index", 1, 19, "outline"), ("OASys", 20, 45, "outline"), ("Psychology", 46, 60, "outline"),
        ("Decision", 61, 70, "outline")]


def test_nonsense_bookmarks_fall_back_to_the_index_page():
    found = sections_of(dossier(PPUD_INDEX, bookmarks=[("Only one", 1)]))
    assert found and all(s.source == "index" for s in found)
    pages = [Page(n, f"Page {n} {FILLER}", True, 595.0, 842.0) for n in range(1, 11)]
    assert recognise(pages, [("B", 5), ("A", 2)]) == []  # falling
    assert recognise(pages, [("A", 2), ("B", 11)]) == []  # beyond the end
    same_page = recognise(pages, [("Cover", 1), ("Index", 1), ("Report", 4)])
    assert [(s.name, s.first, s.last) for s in same_page] == [("Cover", 1, 3), ("Report", 4, 10)]


# --- diff -------------------------------------------------------------------------------------------------

def test_new_pages_at_the_end_and_a_new_section():
    old = [f"page {n} text" for n in range(1, 601)]
    new = old + [f"addendum page {n}" for n in range(1, 41)]
    change = diff(old, new, ["OASys assessment"], ["OASys assessment", "Addendum psychology report"])
    assert change == VersionDiff(600, 640, [(601, 640)], 0, ["Addendum psychology report"], [])
    assert change.summary() == ("640 pages (was 600): pages 601\u2013640 are new; "
                                "new section: Addendum psychology report")


def test_pages_compared_by_text_ignoring_spacing_and_case():
    old = ["Alpha  page\ntext", "Beta page", "Gamma page"]
    new = ["alpha page text", "Inserted page", "Beta page", "Gamma page", "Another"]
    change = diff(old, new, [], [])
    assert change.new_page_ranges == [(2, 2), (5, 5)]
    assert change.dropped_pages == 0
    assert change.summary() == "5 pages (was 3): pages 2 and 5 are new"


def test_dropped_pages_and_sections():
    change = diff(["one", "two", "three"], ["one", "three"], ["Index", "Security report"], ["index"])
    assert change.new_page_ranges == [] and change.dropped_pages == 1
    assert change.dropped_sections == ["Security report"] and change.new_sections == []
    assert change.summary() == ("2 pages (was 3): 1 page of the earlier version is no longer there; "
                                "section no longer listed: Security report")


def test_identical_versions_say_so():
    change = diff(["a", "b"], ["a", "b"], ["X"], ["X"])
    assert change.unchanged
    assert change.summary() == ("2 pages (as before): the text of every page is the same as the "
                                "earlier version")


def test_a_repeated_or_blank_page_is_new_once_the_old_copies_are_used_up():
    change = diff(["", "text"], ["", "text", ""], [], [])
    assert change.new_page_ranges == [(3, 3)]
    assert change.summary() == "3 pages (was 2): page 3 is new"


def test_many_scattered_changes_are_summarised_not_listed():
    old = [f"p{n}" for n in range(1, 101)]
    new = [f"changed {n}" if n % 10 == 0 else f"p{n}" for n in range(1, 101)]
    change = diff(old, new, [], [])
    assert len(change.new_page_ranges) == 10
    assert change.summary() == ("100 pages (as before): 10 pages are new, in 10 places (the first at "
                                "page 10); 10 pages of the earlier version are no longer there")


def test_index_titles_that_wrap_keep_their_page_numbers():
    index = "\n".join([
        "INDEX",
        "Section A \u2013 Index 1",
        "Section B \u2013 Sentence calculation 2-4",
        "Psychology risk assessment by a chartered and registered forensic",
        "psychologist, with addendum 5-9",
        "Parole Board decision letter following the oral hearing at HMP",
        "Example (with reasons)",
        "10-12",
        "Representations 13",
    ])
    found = sections_of(dossier(index, pages=15))
    assert [(s.name, s.first, s.last) for s in found] == [
        ("Section A \u2013 Index", 1, 1),
        ("Section B \u2013 Sentence calculation", 2, 4),
        ("Psychology risk assessment by a chartered and registered forensic psychologist, with addendum",
         5, 9),
        ("Parole Board decision letter following the oral hearing at HMP Example (with reasons)", 10, 12),
        ("Representations", 13, 15),
    ]


def test_an_index_laid_out_as_a_table_by_another_pdf_writer():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    pdf.add_page()
    pdf.cell(0, 10, "PAROLE DOSSIER - INDEX", new_x="LMARGIN", new_y="NEXT")
    rows = [("Section A", "Index", "1-2"), ("Section B", "Sentence calculation", "3-5"),
            ("", "OASys assessment", "6 - 12"),
            ("", "Psychology risk assessment by Dr A. Person, chartered and registered forensic psychologist",
             "13-20"),
            ("", "Decision letter", "21")]
    for label, title, pages in rows:
        y = pdf.get_y()
        pdf.set_xy(10, y)
        pdf.cell(30, 8, label)
        pdf.set_xy(40, y)
        pdf.multi_cell(120, 8, title)  # wraps the long title over two lines
        below = pdf.get_y()
        pdf.set_xy(170, y)
        pdf.cell(20, 8, pages)
        pdf.set_y(max(below, y + 8))
    for n in range(2, 25):
        pdf.add_page()
        pdf.cell(0, 10, f"Page {n} of the dossier")
    found = sections_of(bytes(pdf.output()))
    assert [(s.first, s.last) for s in found] == [(1, 2), (3, 5), (6, 12), (13, 20), (21, 24)]
    assert found[3].name.endswith("chartered and registered forensic psychologist")


NAMES = ["Section A \u2013 Index", "Sentence calculation", "Previous convictions",
         "Judge's sentencing remarks", "OASys assessment", "Psychology risk assessment",
         "Offender manager report (PAROM1)", "Security report", "Victim personal statement",
         "Parole Board decision letter"]


@given(st.data())
def test_any_well_formed_index_is_read_back_exactly(data):
    count = data.draw(st.integers(2, 8))
    total = data.draw(st.integers(40, 400))
    starts = sorted(data.draw(st.sets(st.integers(1, total), min_size=count, max_size=count)))
    names = data.draw(st.permutations(NAMES))[:count]
    lines, expected = ["INDEX"], []
    for k, (name, first) in enumerate(zip(names, starts, strict=True)):
        end_of_room = starts[k + 1] - 1 if k + 1 < count else total
        explicit = data.draw(st.none() | st.integers(first, end_of_room))
        leader = data.draw(st.sampled_from([" ", " .......... ", "  ", " \u2026 ", " ....... p. "]))
        sep = data.draw(st.sampled_from(["-", "\u2013", " \u2013 ", " to "]))
        pages = f"{first}" if explicit is None else f"{first}{sep}{explicit}"
        lines.append(f"{name}{leader}{pages}")
        expected.append((name, first, end_of_room if explicit is None else explicit))
    pages = [Page(1, "\n".join(lines), True, 595.0, 842.0)]
    pages += [Page(n, f"Page {n} {FILLER}", True, 595.0, 842.0) for n in range(2, total + 1)]
    found = recognise(pages)
    assert [(s.name, s.first, s.last) for s in found] == expected
    assert all(s.source == "index" for s in found)


@given(st.integers(1, 60), st.data())
def test_inserted_pages_are_exactly_the_new_ones(old_count, data):
    old = [f"original page {n}" for n in range(1, old_count + 1)]
    new = list(old)
    inserted = data.draw(st.lists(st.integers(0, old_count), max_size=8))
    for k, at in enumerate(sorted(inserted, reverse=True)):
        new.insert(at, f"added page {k}")
    removed = data.draw(st.sets(st.sampled_from(old), max_size=3))
    new = [t for t in new if t not in removed]
    change = diff(old, new, [], [])
    expected = [n for n, text in enumerate(new, start=1) if text.startswith("added")]
    assert [n for a, b in change.new_page_ranges for n in range(a, b + 1)] == expected
    assert change.dropped_pages == len(removed)
    assert (change.old_pages, change.new_pages) == (old_count, len(new))
    assert change.summary().startswith(f"{len(new):,} page")
