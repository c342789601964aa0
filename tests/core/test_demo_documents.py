"""The demo's dossiers: a few parole clients get an invented parole dossier imported through the document
service — an index page the section finder reads, a page or two with no text layer — and their own
records cite the page (and paragraph) that says what they rest on. Same seed, same file."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from casebook.demo_documents import DEMO_DOSSIERS, SECTIONS, Subject, dossier
from casebook.documents import extract, make_pdf, recognise
from tests.conftest import PASSPHRASE


def _documents(svc):
    return [d for cid in svc.clients.ids() for d in svc.documents.for_client(cid)]


def test_a_few_parole_clients_have_a_dossier_with_sections_and_scanned_pages(demo_svc):
    docs = _documents(demo_svc)
    assert len(docs) == DEMO_DOSSIERS
    assert len({d.client_id for d in docs}) == DEMO_DOSSIERS
    for d in docs:
        assert d.kind == "dossier" and d.format == "pdf" and d.cite_as == "Dossier"
        assert 40 <= d.pages <= 60
        assert 1 <= len(d.unreadable) <= 2
        assert demo_svc.assessments.for_client(d.client_id)  # a parole client with risk work
        sections = demo_svc.documents.sections(d.id)
        assert [s.name for s in sections] == [title for _, title, _ in SECTIONS]
        assert all(s.source == "index" for s in sections)
        assert sections[0].first_page == 2 and sections[-1].last_page == d.pages
        with demo_svc.documents.reader(d.id) as reader:
            assert reader.page_count == d.pages
            assert reader.render(1, 0.5).width > 0


def test_records_cite_the_page_that_says_what_they_rest_on(demo_svc):
    targets = set()
    for d in _documents(demo_svc):
        cites = demo_svc.citations.for_document(d.id)
        assert len(cites) >= 4
        for c in cites:
            targets.add(c.target)
            text = demo_svc.documents.page_text(d.id, c.page)
            assert c.page not in d.unreadable
            if c.target == "challenge":
                ch = demo_svc.challenges.get(c.target_id)
                assert ch.assertion in text and c.section == "OASys assessment"
            elif c.target == "allegation":
                assert demo_svc.allegations.get(c.target_id).text in " ".join(text.split())
            elif c.target == "evidence":
                assert demo_svc.evidence.get(c.target_id).title in " ".join(text.split())
            if c.paragraph:
                assert f"{c.paragraph} " in text  # the numbered paragraph is on that page
    assert {"challenge", "evidence", "assessment", "event"} <= targets


def test_the_pages_are_searchable(demo_svc):
    hits = demo_svc.documents.search('"open conditions"')
    assert hits and all(h.cite_as == "Dossier" and h.section for h in hits)
    assert any("[open" in h.snippet.lower() for h in hits)


def test_same_seed_same_documents(tmp_path):
    from casebook import demo
    from casebook.services import Services
    from casebook.store import Casebook

    rows = []
    for name in ("a", "b"):
        with Casebook.create(tmp_path / f"{name}.casebook", PASSPHRASE) as cb:
            demo.generate(Services(cb), clients=8, seed=5, as_of=dt.date(2026, 11, 26))
            rows.append((
                cb.conn.execute("SELECT client_id, title, sha256, pages, unreadable FROM documents "
                                "ORDER BY id").fetchall(),
                cb.conn.execute("SELECT document_id, page, paragraph, target, target_id FROM citations "
                                "ORDER BY id").fetchall(),
                cb.conn.execute("SELECT f.data FROM document_files f ORDER BY document_id").fetchall()))
    assert rows[0] == rows[1]
    assert rows[0][0] and rows[0][1]


def test_a_thousand_page_dossier_keeps_its_index_and_its_facts():
    who = Subject("Invented Person", "A1234BC", "HMP Wakefield", "Robbery", "Life imprisonment.")
    book = dossier(random.Random(1), who, pages=1000, served=dt.date(2026, 11, 2), lines=44, scanned=8,
                   facts={"security": [("x", "A visitor from Quernmore was refused entry.")]})
    assert len(book.pages) == 1000 and sum(p is None for p in book.pages) == 8
    page, para = book.anchors["x"]
    first, last = book.section("security")
    assert first <= page <= last and f"{para} A visitor from Quernmore" in book.pages[page - 1]
    ex = extract(make_pdf(book.pages))
    found = recognise(ex.pages, ex.outline)
    assert [(s.name, s.first, s.last) for s in found] == book.sections
    assert len(ex.unreadable) == 8


def test_a_demo_cancelled_while_a_dossier_is_imported_leaves_nothing(tmp_path, monkeypatch):
    from casebook import demo_documents, session
    from casebook.errors import Cancelled

    started = []
    original = demo_documents._demo_dossier

    def dossier_then_cancel(*args, **kwargs):
        started.append(True)  # from now on, cancel: the import's own check (page by page) stops it
        return original(*args, **kwargs)

    monkeypatch.setattr(demo_documents, "_demo_dossier", dossier_then_cancel)
    with pytest.raises(Cancelled):
        session.create_demo(tmp_path / "demo.casebook", clients=8, seed=5, as_of=dt.date(2026, 11, 26),
                            cancelled=lambda: bool(started))
    assert started and list(tmp_path.iterdir()) == []
