"""What a new user walking through the app tripped over (each test failed before its fix)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from casebook.domain import SearchHit


@pytest.fixture
def main_window(qtbot, demo_svc):
    from ui.main_window import MainWindow
    from ui.session import Session

    mw = MainWindow(Session(SimpleNamespace(cb=demo_svc.cb, services=demo_svc)))
    yield mw
    mw.teardown()
    mw.close()


def _hit(svc, kind: str) -> SearchHit:
    """A search hit of ``kind`` as the search service makes it (from the search index itself)."""
    row = svc.cb.conn.execute("SELECT ref_id, client_id, matter_id, title FROM search_index WHERE kind = ? "
                              "AND client_id IS NOT NULL ORDER BY rowid LIMIT 1", (kind,)).fetchone()
    assert row is not None, f"the demo has no {kind}"
    return SearchHit(kind=kind, ref_id=int(row[0]), client_id=int(row[1]),
                     matter_id=int(row[2]) if row[2] is not None else None, title=str(row[3]), snippet="")


@pytest.mark.parametrize(("kind", "tab"), [("evidence", "evidence"), ("challenge", "challenges"),
                                           ("note", "notes"), ("assessment", "risk")])
def test_a_search_hit_opens_the_tab_that_lists_it_with_the_record_selected(main_window, demo_svc, kind, tab):
    """Opening an evidence, challenge, note or assessment hit from the search showed the client's Overview
    (or its matter's chronology): the record found was nowhere on screen."""
    hit = _hit(demo_svc, kind)
    main_window.open_hit(hit)
    view = main_window.client_view
    assert view.client_id == hit.client_id
    assert view.current_tab_key() == tab
    assert view.tab(tab).selected_id() == hit.ref_id


def test_an_event_hit_opens_its_matter_with_the_event_selected(main_window, demo_svc):
    hit = _hit(demo_svc, "event")
    assert hit.matter_id is not None
    main_window.open_hit(hit)
    view = main_window.client_view.matters.view
    assert view.matter_id == hit.matter_id
    assert view.tabs.currentWidget() is view.chronology
    assert view.chronology.selected_id() == hit.ref_id
