"""Unlock to a usable window (issue 15): the client view builds a tab only when it is shown or asked for,
"This week" and the overdue reminder ask the deadline service one question between them, and the main
window's code is loaded while the unlock window waits for the passphrase (ui.preload).

No timings here: ``bench/bench_app_unlock.py`` measures them.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt

from casebook.session import OpenCasebook
from casebook.store import Casebook
from tests.conftest import PASSPHRASE, REPO, _create_demo
from ui.main_window import MainWindow
from ui.session import Session
from ui.views.client_view import ClientView
from ui.views.registry import CLIENT_TABS

KEYS = [spec.key for spec in CLIENT_TABS]


@pytest.fixture
def view(qtbot, demo_svc):
    v = ClientView(demo_svc)
    qtbot.addWidget(v)
    v.resize(1100, 760)
    v.show()
    return v


def _client_with_notes(svc):
    for cid in svc.clients.ids():
        if svc.notes.for_client(cid) and len(svc.chronology.for_client(cid)) > 1:
            return cid
    raise AssertionError("the demo has a client with notes and a chronology")


def test_no_tab_is_built_until_a_client_is_shown_and_then_only_the_one_on_screen(view, demo_svc):
    assert view.built_tabs() == []
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == [s.title for s in CLIENT_TABS]
    cid = _client_with_notes(demo_svc)
    view.set_client(cid)
    assert view.built_tabs() == ["overview"]
    assert view.tabs.currentWidget() is view.overview
    assert view.current_tab_key() == "overview"


def test_a_tab_built_when_first_shown_shows_the_current_client(qtbot, view, demo_svc):
    cid = _client_with_notes(demo_svc)
    view.set_client(cid)
    view.tabs.setCurrentIndex(KEYS.index("notes"))  # clicking the tab, or Alt+T
    assert "notes" in view.built_tabs()
    notes = view.tabs.currentWidget()
    assert notes is view.notes and notes is view.tab("notes")
    assert view.tabs.indexOf(notes) == KEYS.index("notes")
    assert view.tabs.tabText(KEYS.index("notes")) == "No&tes"
    assert notes.model.ids() == [n.id for n in demo_svc.notes.for_client(cid)]
    assert view.current_tab_key() == "notes"


def test_asking_for_a_tab_builds_it_without_showing_it(view, demo_svc):
    cid = _client_with_notes(demo_svc)
    view.set_client(cid)
    chronology = view.chronology  # attribute access builds it, with the client's events
    assert "chronology" in view.built_tabs()
    assert view.tabs.currentWidget() is view.overview
    assert set(chronology.model.ids()) == {e.id for e in demo_svc.chronology.for_client(cid)}
    # Built tabs follow the client from then on.
    other = next(c for c in demo_svc.clients.ids() if c != cid and demo_svc.chronology.for_client(c))
    view.set_client(other)
    assert set(chronology.model.ids()) == {e.id for e in demo_svc.chronology.for_client(other)}
    assert view.tabs.currentWidget() is view.overview


def test_the_keyboard_moves_through_tabs_that_are_built_on_the_way(qtbot, view, demo_svc):
    view.set_client(_client_with_notes(demo_svc))
    bar = view.tabs.tabBar()
    bar.setFocus()
    qtbot.waitUntil(bar.hasFocus)
    qtbot.keyClick(bar, Qt.Key.Key_Right)
    assert view.current_tab_key() == "chronology"
    assert view.tabs.currentWidget() is view.chronology
    assert view.built_tabs() == ["overview", "chronology"]
    assert view.chronology.model.rowCount() > 0


def test_place_and_go_to_reach_a_tab_not_yet_built(qtbot, demo_svc):
    cid = _client_with_notes(demo_svc)
    first = ClientView(demo_svc)
    qtbot.addWidget(first)
    first.set_client(cid)
    first.show_tab("contacts")
    place = first.place()
    assert place["client_id"] == cid and place["tab"] == "contacts"
    again = ClientView(demo_svc)  # after a lock: a new view, nothing built
    qtbot.addWidget(again)
    again.set_client(cid)
    again.go_to(place)
    assert again.current_tab_key() == "contacts"
    assert again.tabs.currentWidget() is again.contacts
    assert again.built_tabs() == ["overview", "contacts"]


def test_a_save_in_one_tab_refreshes_the_other_built_tabs_only(qtbot, view, demo_svc):
    cid = _client_with_notes(demo_svc)
    view.set_client(cid)
    view.show_tab("notes")
    refreshed = []
    view.overview.refresh = lambda: refreshed.append("overview")
    view.notes.changed.emit()
    assert refreshed == ["overview"]
    assert view.built_tabs() == ["overview", "notes"]  # nothing else was built to be refreshed


def test_the_main_window_opens_without_building_a_client_tab_and_asks_for_the_deadlines_once(
        qtbot, tmp_path, casebook_template):
    path = casebook_template.copy("demo12", _create_demo, tmp_path / "demo.casebook")
    session = Session(OpenCasebook(Casebook.open(path, PASSPHRASE)))
    svc = session.services
    questions, counted = [], []  # whole lists asked for; the open deadlines counted
    real, real_count = svc.deadlines.list, svc.deadlines._count_stored

    def asked(*args, **kwargs):
        questions.append((args, tuple(sorted(kwargs.items()))))
        return real(*args, **kwargs)

    def counting(*args, **kwargs):
        counted.append(args)
        return real_count(*args, **kwargs)

    svc.deadlines.list = asked
    svc.deadlines._count_stored = counting
    mw = MainWindow(session)
    try:
        mw.show()
        assert mw.show_overdue_reminder()  # what the shell does next: the demo has overdue deadlines
        assert mw.client_view.built_tabs() == []
        assert mw.stack.currentWidget() is mw.dashboard
        assert mw.dashboard.model.rowCount() > 0
        # A page and the counts, never the whole list; the reminder's counts are the dashboard's.
        assert questions == [] and len(counted) == 1, (questions, counted)
        # Showing the snoozed ones too counts nothing again either.
        mw.dashboard.show_snoozed.setChecked(True)
        assert questions == [] and len(counted) == 1
    finally:
        mw.teardown()
        mw.close()
        mw.deleteLater()
        session.close()


def test_the_unlock_window_preloads_the_main_windows_code(tmp_path):
    """In a fresh process: once the unlock window is up, the main window's and the client tabs' modules,
    the deadline rules and this year's bank holidays are loaded in the background; before it, none is
    (and the bank holidays are the table's: the ``holidays`` package, every country of it, is not loaded)."""
    code = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from ui.app import make_application
from ui import settings as settings_mod
app = make_application([])
settings_mod.use_settings(settings_mod.Settings(sys.argv[1]))
wanted = ["ui.main_window", "ui.views.overview", "ui.views.matter_view", "ui.views.notes"]
before = [m for m in wanted if m in sys.modules]
from ui import preload
from ui.shell import Shell
shell = Shell()
shell.show_unlock(None, auto_unlock=False)
assert preload.started()
assert preload.wait(120)
from casebook.deadlines import calendar, rules
after = [m for m in wanted if m not in sys.modules]
# The bank holidays come from the table written out of the holidays package, not from the package.
print("before", before, "missing", after, "rules", rules._DEFAULT is not None,
      "holidays", calendar._names.cache_info().currsize > 0, "holidays" in sys.modules)
shell.shutdown()
os._exit(0)
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "s.ini")], capture_output=True,
                         text=True, env=env, cwd=REPO, timeout=180, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    last = out.stdout.strip().splitlines()[-1]
    assert last == "before [] missing [] rules True holidays True False", out.stdout


def test_locking_as_the_window_appears_then_unlocking_again(qtbot, casebook_path):
    from ui.shell import Shell

    shell = Shell()
    try:
        for _ in range(2):
            w = shell.show_unlock(casebook_path, auto_unlock=False)
            w.passphrase.setText(PASSPHRASE)
            w.unlock()
            qtbot.waitUntil(lambda: shell.main_window is not None, timeout=20000)
            mw = shell.main_window
            assert mw.client_view.built_tabs() == [] and mw.stack.currentWidget() is mw.dashboard
            shell.lock()  # Ctrl+L (or the screen locking) before the window has even been painted
            assert shell.session is None and shell.main_window is None and mw.torn_down
            assert shell.unlock_window is not None and shell.unlock_window.isVisible()
    finally:
        shell.shutdown()


def test_the_overdue_reminder_writes_large_counts_with_thousands_separators():
    """A ten-year casebook can have thousands of overdue deadlines: "14,633", never "14633"."""
    import datetime as dt
    from types import SimpleNamespace

    from ui.views.this_week import overdue_summary

    today = dt.date(2026, 12, 3)
    from casebook.services.deadlines import DeadlineCounts

    counts = DeadlineCounts(total=14633, overdue=14633, snoozed=1200, snoozed_overdue=1200,
                            earliest_overdue=today - dt.timedelta(days=900))
    deadlines = SimpleNamespace(summary=lambda **_kw: counts)
    text = overdue_summary(SimpleNamespace(deadlines=deadlines, clock=None), today)
    assert text.startswith("14,633 deadlines are overdue (earliest due ")
    assert ", 1,200 of them snoozed." in text
