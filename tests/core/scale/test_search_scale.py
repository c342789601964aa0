"""Search at scale (issue 15): ranked pages, bounded windows and prefixes, snippets whose cost does not
depend on a note's size, and the length limits of names and notes."""

from __future__ import annotations

import pytest

from casebook.errors import ValidationError
from casebook.services import search as search_mod
from casebook.services.records import MAX_NAME_CHARS, MAX_TEXT_CHARS
from casebook.services.search import fts_query, make_snippet


@pytest.fixture
def many(svc):
    cid = svc.clients.add(name="Ann Example")
    texts = [("parole " * (1 + i % 5)) + f"hearing number {i} the panel" for i in range(120)]
    ids = svc.notes.create_many([(cid, {"date": "2026-01-01", "text": t}) for t in texts])
    return svc, cid, ids


def test_pages_follow_one_ranking_without_overlap(many):
    svc, _cid, _ids = many
    whole = [(h.kind, h.ref_id) for h in svc.search.query("parole", limit=200)]
    pages = []
    for offset in range(0, 120, 25):
        pages += [(h.kind, h.ref_id) for h in svc.search.query("parole", limit=25, offset=offset)]
    assert pages == whole and len(whole) == 120 and len(set(whole)) == 120
    assert svc.search.count("parole") == 120 and svc.search.count("parole", cap=10) == 10
    # bm25: the notes saying "parole" five times rank above those saying it once
    first, last = svc.notes.get(whole[0][1]).text, svc.notes.get(whole[-1][1]).text
    assert first.count("parole") > last.count("parole")


def test_a_word_in_everything_is_ranked_within_a_bounded_window(many, monkeypatch):
    svc, _cid, ids = many
    monkeypatch.setattr(search_mod, "WINDOW", 30)
    hits = svc.search.query("the", limit=10)
    assert len(hits) == 10
    newest = set(ids[-30:])
    assert {h.ref_id for h in hits} <= newest  # ranked among the newest 30 matches, not all 120


def test_prefixes_need_two_letters():
    assert fts_query("p") == '"p"'
    assert fts_query("pa") == '"pa"*'
    assert fts_query("parole he") == '"parole" "he"*'
    assert fts_query("parole h") == '"parole" "h"'


def test_snippet_of_a_huge_note_is_cheap_and_marks_the_words(svc):
    cid = svc.clients.add(name="Ann Example")
    text = "a " * 90_000 + "the parole board"  # 180,000 characters, the word past the scanned slice
    nid = svc.notes.add(cid, text)
    [hit] = svc.search.query("parole")
    assert hit.ref_id == nid and len(hit.snippet) < 200
    snip = make_snippet("x " * 10 + "the Parole panel met", search_mod._pattern('"parole"'))
    assert snip.count("[Parole]") == 1 and snip.startswith("… ")
    short = svc.notes.add(cid, "Discussed the parole dossier with the client at length")
    [h] = [h for h in svc.search.query("dossier") if h.ref_id == short]
    assert "[dossier]" in h.snippet


def test_names_and_notes_have_a_length_limit_with_a_clear_message(svc):
    with pytest.raises(ValidationError, match="too long") as exc:
        svc.clients.add(name="N" * (MAX_NAME_CHARS + 1))
    assert "at most 200" in str(exc.value)
    cid = svc.clients.add(name="N" * MAX_NAME_CHARS)
    with pytest.raises(ValidationError, match="put longer text in a document"):
        svc.notes.add(cid, "x" * (MAX_TEXT_CHARS + 1))
    assert svc.notes.for_client(cid) == []
    svc.notes.add(cid, "x" * MAX_TEXT_CHARS)
