"""Search as you type off the GUI thread (issue 15): the query runs in a worker, a newer key cancels
the running one, and only the newest text's hits are ever shown."""

from __future__ import annotations

import threading

import pytest

from casebook.errors import Cancelled
from ui.models.search_model import SearchModel
from ui.search import SearchPanel


class _SlowSearch:
    """Wraps the search service: records which texts ran and on which thread, and can hold a query."""

    def __init__(self, real):
        self.real = real
        self.ran: list[str] = []
        self.threads: set[int] = set()
        self.cancelled_texts: list[str] = []
        self.gate = threading.Event()
        self.gate.set()

    def query(self, text, limit=50, kinds=None, *, offset=0, cancelled=None):
        self.ran.append(text)
        self.threads.add(threading.get_ident())
        if not self.gate.wait(5):
            raise AssertionError("gate never opened")
        if cancelled is not None and cancelled():
            self.cancelled_texts.append(text)
            raise Cancelled()
        return self.real.query(text, limit=limit, kinds=kinds, offset=offset, cancelled=cancelled)


class _Services:
    def __init__(self, svc, search):
        self.search = search
        self._svc = svc

    def __getattr__(self, name):
        return getattr(self._svc, name)


def test_request_runs_off_the_gui_thread_and_delivers_the_hits(qtbot, demo_svc):
    slow = _SlowSearch(demo_svc.search)
    model = SearchModel(_Services(demo_svc, slow))
    with qtbot.waitSignal(model.results_ready, timeout=5000):
        model.request("parole")
    assert model.rowCount() > 0 and model.query == "parole"
    assert threading.get_ident() not in slow.threads


def test_a_newer_key_cancels_the_running_search_and_only_the_newest_is_shown(qtbot, demo_svc):
    slow = _SlowSearch(demo_svc.search)
    slow.gate.clear()  # the first search is held while more keys arrive
    model = SearchModel(_Services(demo_svc, slow))
    model.request("p")
    qtbot.waitUntil(lambda: slow.ran == ["p"], timeout=3000)
    model.request("pa")
    model.request("parole")  # "pa" is never searched: it was superseded before it could start
    assert model.busy
    slow.gate.set()
    qtbot.waitUntil(lambda: not model.busy, timeout=5000)
    assert slow.ran == ["p", "parole"] and slow.cancelled_texts == ["p"]
    assert model.query == "parole" and model.rowCount() > 0
    expected = [(h.kind, h.ref_id) for h in demo_svc.search.query("parole", limit=SearchModel.LIMIT)]
    got = [(model.hit(r).kind, model.hit(r).ref_id) for r in range(model.rowCount())]
    assert got == expected


def test_clearing_the_text_drops_the_results_without_a_search(qtbot, demo_svc):
    model = SearchModel(demo_svc)
    model.set_query("parole")
    assert model.rowCount() > 0
    with qtbot.waitSignal(model.results_ready, timeout=1000):
        model.request("  ")
    assert model.rowCount() == 0 and not model.busy


def test_the_service_stops_a_cancelled_search(demo_svc):
    with pytest.raises(Cancelled):
        demo_svc.search.query("parole", cancelled=lambda: True)
    calls = []
    hits = demo_svc.search.query("parole", cancelled=lambda: calls.append(1) and False)
    assert hits == demo_svc.search.query("parole") and calls


def test_typing_in_the_panel_searches_in_the_background_and_enter_opens_the_newest(qtbot, demo_svc):
    panel = SearchPanel(demo_svc)
    qtbot.addWidget(panel)
    opened = []
    panel.hit_activated.connect(opened.append)
    panel.show()
    with qtbot.waitSignal(panel.model.results_ready, timeout=5000):
        qtbot.keyClicks(panel.query, "parole")
    assert panel.model.rowCount() > 0 and "result" in panel.status.text()
    panel.query.setText("dossier")
    panel.activate_current()  # before the timer fired: searched at once, the newest text's hit opens
    assert opened and opened[0] == panel.model.hit(0) and panel.model.query == "dossier"
