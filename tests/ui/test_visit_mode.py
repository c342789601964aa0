"""Visit mode (issue 14): the one-key timer (F7 travel, F6 waiting, F5 consultation), the clock read from
the visit service on the services' clock, the attendance note saved as typed — and kept across a lock
(before the typing pause had saved it) and a restart, with Visit mode reopening on the running visit
by itself; Stop with the mileage and who attended, the visit's times becoming time entries; a bad booked
slot or mileage, or a stop before the phase began, refused with nothing saved; and the screen at
1366×768. The tests move the fixed clock; nothing waits on real time."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from casebook.services import Services
from casebook.store import Casebook
from tests.conftest import PASSPHRASE, TEST_TODAY
from ui.shell import Shell
from ui.views.visit_mode import VisitModeView, clock_text
from ui.widgets import form

UTC = dt.UTC


def at(h: int, m: int, s: int = 0) -> dt.datetime:
    return dt.datetime(TEST_TODAY.year, TEST_TODAY.month, TEST_TODAY.day, h, m, s, tzinfo=UTC)


@pytest.fixture
def matter(casebook_path):
    book = Casebook.open(casebook_path, PASSPHRASE)
    try:
        svc = Services(book)
        client = svc.clients.add(name="Ambrose Kettlewell", prison_number="A1234BC")
        return client, svc.matters.add(client, "parole-review")
    finally:
        book.close()


@pytest.fixture
def shell(qtbot):
    s = Shell()
    yield s
    s.shutdown()


def _open(qtbot, shell: Shell, path):
    w = shell.show_unlock(path, auto_unlock=False)
    qtbot.waitExposed(w)
    w.passphrase.setText(PASSPHRASE)
    w.unlock()
    qtbot.waitUntil(lambda: shell.main_window is not None, timeout=15000)
    return shell.main_window



def _main_window(request, svc):
    """The main window over ``svc``, torn down (as a lock does) before the casebook closes."""
    from ui.main_window import MainWindow
    from ui.session import Session

    mw = MainWindow(Session(SimpleNamespace(cb=svc.cb, services=svc)))

    def close() -> None:
        mw.teardown()
        mw.close()

    request.addfinalizer(close)
    return mw

def test_clock_text():
    assert clock_text(0) == "0:00:00" and clock_text(3725) == "1:02:05" and clock_text(-5) == "0:00:00"


def test_a_visit_across_a_lock_and_a_restart(qtbot, shell, casebook_path, matter, fixed_clock, monkeypatch):
    client, mid = matter
    fixed_clock.set(TEST_TODAY, at(8, 0))
    mw = _open(qtbot, shell, casebook_path)
    assert mw.stack.currentWidget() is not mw.visit_view  # nothing running: the casebook as usual
    mw.open_matter(mid)
    view = mw.show_visit_mode()
    assert isinstance(view, VisitModeView) and mw.stack.currentWidget() is view
    assert view.setup.isVisible() and not view.clock_box.isVisible()
    assert not mw.menu_actions["refresh"].isEnabled()  # F5 is the consultation key here
    view.prison.setText("HMP Wakefield")
    view.booked_slot.setText("09:30-11:30")
    view.attendees.setText("The client")
    mw.activateWindow()
    qtbot.waitActive(mw)
    view.prison.setFocus()
    qtbot.waitUntil(view.prison.hasFocus)
    qtbot.keyClick(view.prison, Qt.Key.Key_F7)  # travel: the visit starts
    svc = shell.session.services
    (v,) = svc.visits.running()
    assert (v.prison, v.booked_slot, v.timer["phase"]) == ("HMP Wakefield", "09:30-11:30", "travel")
    assert view.clock_box.isVisible() and view.phase_label.text() == "Travel"
    fixed_clock.set(TEST_TODAY, at(8, 50))
    view.tick()
    assert view.clock.text() == "0:50:00" and view.per_phase["travel"].text() == "50 min"
    qtbot.keyClick(view.note, Qt.Key.Key_F6)  # waiting
    fixed_clock.set(TEST_TODAY, at(9, 5))
    qtbot.keyClick(view.note, Qt.Key.Key_F5)  # consultation
    assert svc.visits.get(v.id).timer["phase"] == "consultation"
    assert view.phase_buttons["consultation"].isChecked()
    fixed_clock.set(TEST_TODAY, at(9, 20, 30))
    view.tick()
    assert (view.phase_label.text(), view.clock.text()) == ("Consultation", "0:15:30")
    assert view.per_phase["waiting"].text() == "15 min" and view.total.text() == "1 h 20 min"

    # The note as typed; the lock comes before the pause that would have saved it.
    qtbot.keyClicks(view.note, "Client wants an oral hearing.")
    assert view._note_timer.isActive() and view.note_state.text() == "Saving…"
    shell.lock()
    assert shell.session is None and mw.torn_down

    # Unlock: Visit mode again, on the running visit, with every keystroke of the note.
    fixed_clock.set(TEST_TODAY, at(9, 40))
    mw = _open(qtbot, shell, casebook_path)
    view = mw.visit_view
    assert view is not None and mw.stack.currentWidget() is view
    assert view.note.toPlainText() == "Client wants an oral hearing."
    assert view.phase_label.text() == "Consultation" and view.clock.text() == "0:35:00"
    svc = shell.session.services
    note = svc.notes.get(svc.visits.get(v.id).note_id)
    assert (note.kind, note.matter_id, note.text) == ("legal-visit", mid, "Client wants an oral hearing.")
    view.leave()  # back to the casebook: the visit runs on, and the status bar says how to return
    assert mw.stack.currentWidget() is not view and "still running" in mw.statusBar().currentMessage()
    assert svc.visits.get(v.id).running
    assert mw.menu_actions["visit_mode"].shortcut().toString() == "Ctrl+3"
    mw.menu_actions["visit_mode"].trigger()
    assert mw.stack.currentWidget() is view and view.visit_id == v.id
    qtbot.keyClicks(view.note, " Discussed the POM report.")
    view._note_timer.timeout.emit()  # the pause after typing (not waited for: the timer's own signal)
    assert svc.notes.get(note.id).text.endswith("POM report.") and view.note_state.text() == "Note saved."

    # Restart: a new shell, the same file — the visit is still running and Visit mode opens on it.
    shell.shutdown()
    fixed_clock.set(TEST_TODAY, at(10, 0))
    shell2 = Shell()
    try:
        mw = _open(qtbot, shell2, casebook_path)
        view = mw.visit_view
        assert view is not None and mw.stack.currentWidget() is view and view.clock_box.isVisible()
        assert view.clock.text() == "0:55:00"
        assert view.note.toPlainText() == "Client wants an oral hearing. Discussed the POM report."
        view.mileage.setText("84")
        view.stop_attendees.setText("The client; an interpreter")
        svc = shell2.session.services
        monkeypatch.setattr(form, "confirm", lambda *_a, **_k: False)
        view.stop_button.click()  # asked first: "no" stops nothing
        assert svc.visits.get(v.id).running
        monkeypatch.setattr(form, "confirm", lambda *_a, **_k: True)
        view.stop_button.click()
        assert not svc.visits.get(v.id).running
        svc = shell2.session.services
        done = svc.visits.get(v.id)
        assert not done.running and (done.mileage, done.attendees) == ("84", "The client; an interpreter")
        times = (done.arrived_at, done.consultation_start, done.consultation_end)
        assert times == ("08:50", "09:05", "10:00")  # local time (Europe/London: GMT in November)
        minutes = {e.activity: e.minutes for e in svc.time.for_visit(v.id)}
        assert minutes == {"travel": 54, "waiting": 18, "attendance": 60}  # rounded up to 6-minute units
        assert "Visit stopped on 26 November 2026" in view.message.text()
        assert not view.stop_box.isVisible() and view.note.isReadOnly()
        assert not any(b.isEnabled() for b in view.phase_buttons.values())
        view.leave()
        assert mw.stack.currentWidget() is not view and mw.menu_actions["refresh"].isEnabled()
        hits = svc.search.query("POM report")  # the attendance note is found like every note
        assert any(h.kind == "note" and h.ref_id == note.id for h in hits)
    finally:
        shell2.shutdown()


def test_bad_input_is_refused_and_nothing_saved(qtbot, svc, fixed_clock):
    client = svc.clients.add(name="Ambrose Kettlewell")
    mid = svc.matters.add(client, "parole-review")
    view = VisitModeView(svc)
    qtbot.addWidget(view)
    view.show()
    view.open_matter(mid)
    view.booked_slot.setText("half nine")
    view.press("travel")
    assert "HH:MM" in view.setup_form.message("booked_slot")
    assert svc.visits.list() == [] and view.visit_id is None
    view.booked_slot.setText("09:30-11:30")
    fixed_clock.set(TEST_TODAY, at(9, 0))
    view.press("consultation")
    vid = view.visit_id
    assert vid is not None
    view.mileage.setText("a lot")
    assert not view.stop()
    assert view.stop_form.message("mileage") and svc.visits.get(vid).running
    assert svc.time.for_visit(vid) == []
    # A stop before the phase began (the clock went back): said on one line, the visit keeps running.
    view.mileage.clear()
    fixed_clock.set(TEST_TODAY, at(8, 30))
    assert not view.stop()
    assert "cannot end before it started" in view.message.text()
    assert svc.visits.get(vid).running and svc.time.for_visit(vid) == []
    view.teardown()  # the clock stops before the casebook closes


def test_visit_mode_needs_a_matter_or_a_running_visit(qtbot, request, svc):
    mw = _main_window(request, svc)
    assert mw.show_visit_mode() is None
    assert "Open a client's matter first" in mw.statusBar().currentMessage()


def test_visit_mode_reads_at_1366x768(qtbot, request, svc, fixed_clock, tmp_path):
    client = svc.clients.add(name="Ambrose Kettlewell", prison_number="A1234BC")
    mid = svc.matters.add(client, "parole-review")
    fixed_clock.set(TEST_TODAY, at(9, 0))
    svc.visits.start(mid, phase="consultation", prison="HMP Wakefield")
    fixed_clock.set(TEST_TODAY, at(10, 2, 7))
    mw = _main_window(request, svc)  # a running visit: Visit mode
    mw.resize(1366, 768)
    mw.show()
    QApplication.processEvents()
    view = mw.visit_view
    assert mw.stack.currentWidget() is view and view.clock.text() == "1:02:07"
    assert view.clock.height() >= view.clock.sizeHint().height()
    assert view.clock.font().pointSizeF() >= 3 * view.note_state.font().pointSizeF()  # big
    for b in (*view.phase_buttons.values(), view.stop_button, view.leave_button):
        assert b.isVisible() and b.width() >= b.sizeHint().width(), b.text()
    assert view.note.height() >= 200
    assert mw.grab().save(str(tmp_path / "visit_mode.png"))
    mw.teardown()  # as a lock does: the clock stops before the casebook closes
    assert not view._tick_timer.isActive()


def test_the_note_pad_opens_only_once_the_visit_starts(qtbot, svc, fixed_clock):
    """Nothing can be typed where a lock could lose it: before the first phase key there is no visit to
    save the note to."""
    client = svc.clients.add(name="Nell Example")
    mid = svc.matters.add(client, "parole-review")
    view = VisitModeView(svc)
    qtbot.addWidget(view)
    view.show()
    view.open_matter(mid)
    assert view.note.isReadOnly() and "F5" in view.note.placeholderText()
    fixed_clock.set(TEST_TODAY, at(9, 0))
    view.press("travel")
    assert view.visit_id is not None and not view.note.isReadOnly()
    view.teardown()
