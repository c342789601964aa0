"""The desktop shell: unlock, create, remember, navigator, search, locking, idle, workers, smoke run."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from casebook.session import OpenCasebook
from casebook.store import Casebook, keyring_store
from tests.conftest import PASSPHRASE, REPO, cli_env
from ui import settings as settings_mod
from ui.app import Shell, excepthook
from ui.demo import demo_builder
from ui.session import ClipboardGuard, IdleWatcher, Session, clipboard_guard, copy_text
from ui.unlock import DEMO_PASSPHRASE, UnlockWindow, demo_path
from ui.workers import Job

# ---------------------------------------------------------------------------- helpers


def _unlock(qtbot, window: UnlockWindow, passphrase: str | None, *, timeout: int = 10000):
    if passphrase is not None:
        window.passphrase.setText(passphrase)
    with qtbot.waitSignal(window.unlocked, timeout=timeout) as blocker:
        window.unlock_button.click()
    return blocker.args[0]


def _message_boxes() -> list:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


@pytest.fixture
def unlock_window(qtbot, casebook_path):
    w = UnlockWindow(casebook_path, auto_unlock=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def shell(qtbot):
    s = Shell()
    yield s
    s.shutdown()


def _open_in_shell(qtbot, shell: Shell, path, passphrase=PASSPHRASE):
    w = shell.show_unlock(path, auto_unlock=False)
    qtbot.waitExposed(w)
    w.passphrase.setText(passphrase)
    w.unlock()
    qtbot.waitUntil(lambda: shell.main_window is not None, timeout=10000)
    return shell.main_window


@pytest.fixture
def demo_file(casebook_template):
    """A small demo casebook at the app's demo location (created through the app's own builder, once per
    test process; each test gets its own copy)."""
    return casebook_template.copy("app-demo12", lambda path: demo_builder(path, clients=12)(), demo_path())


# ---------------------------------------------------------------------------- unlock


def test_unlock_with_the_right_passphrase_off_the_gui_thread(qtbot, unlock_window, casebook_path,
                                                             ui_settings):
    unlock_window.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(unlock_window.unlocked, timeout=10000) as blocker:
        unlock_window.unlock_button.click()
        # the key derivation runs in a worker: the window shows it is busy and takes no more input
        assert unlock_window.is_busy()
        assert unlock_window.busy.isVisible()
        assert not unlock_window.passphrase.isEnabled()
    cb = blocker.args[0]
    try:
        assert isinstance(cb, OpenCasebook) and isinstance(cb.cb, Casebook) and not cb.closed
        assert cb.path == casebook_path
        assert ui_settings.recent_files() == [str(casebook_path.resolve())]
        assert ui_settings.get(settings_mod.LAST_FILE) == str(casebook_path.resolve())
        assert unlock_window.passphrase.text() == ""  # not kept in the widget
    finally:
        cb.close()


def test_wrong_passphrase_is_one_calm_inline_line(qtbot, unlock_window):
    got = []
    unlock_window.unlocked.connect(got.append)
    unlock_window.passphrase.setText("not the passphrase")
    unlock_window.unlock_button.click()
    qtbot.waitUntil(lambda: not unlock_window.is_busy(), timeout=10000)
    assert got == []
    assert unlock_window.message.isVisible()
    assert unlock_window.message.text() == "Wrong passphrase or not a casebook file."
    assert _message_boxes() == []
    assert unlock_window.passphrase.isEnabled() and unlock_window.passphrase.hasFocus()
    # typing again clears the message
    qtbot.keyClicks(unlock_window.passphrase, "x")
    assert not unlock_window.message.isVisible()


def test_a_file_that_is_not_a_casebook_is_refused_the_same_way(qtbot, tmp_path):
    junk = tmp_path / "notes.casebook"
    junk.write_bytes(b"\x00" * 8192)
    w = UnlockWindow(junk, auto_unlock=False)
    qtbot.addWidget(w)
    w.passphrase.setText(PASSPHRASE)
    w.unlock()
    qtbot.waitUntil(lambda: not w.is_busy(), timeout=10000)
    assert w.message.text() == "Wrong passphrase or not a casebook file."


def test_empty_passphrase_asks_for_one_without_trying(qtbot, unlock_window):
    unlock_window.passphrase.clear()
    unlock_window.unlock()
    assert not unlock_window.is_busy()
    assert "Enter the passphrase" in unlock_window.message.text()


def test_create_with_mismatched_passphrases_creates_nothing(qtbot, tmp_path):
    w = UnlockWindow(None, auto_unlock=False)
    qtbot.addWidget(w)
    w.show_create()
    target = tmp_path / "new.casebook"
    w.new_path.setText(str(target))
    w.new_pass.setText("four random words here")
    w.new_pass2.setText("four random words there")
    w.create_confirm.click()
    assert not w.is_busy()
    assert "do not match" in w.create_message.text()
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_create_page_by_keyboard_enter_moves_on_and_escape_goes_back(qtbot, tmp_path):
    """Enter after typing the new passphrase did nothing (the page is not a dialog, so its default
    button does not answer Enter there), and Esc did not leave the page."""
    w = UnlockWindow(None, auto_unlock=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    w.show_create()
    qtbot.waitUntil(w.new_pass.hasFocus)
    qtbot.keyClicks(w.new_pass, "violet tractor sings loudly")
    qtbot.keyClick(w.new_pass, Qt.Key.Key_Return)
    assert w.new_pass2.hasFocus() and not w.is_busy()
    qtbot.keyClick(w.new_pass2, Qt.Key.Key_Escape)
    assert w.pages.currentIndex() == 0  # back on "Open a casebook"
    assert list(tmp_path.iterdir()) == []


def test_create_shows_live_strength_and_refuses_a_weak_passphrase(qtbot, tmp_path):
    w = UnlockWindow(None, auto_unlock=False)
    qtbot.addWidget(w)
    w.show_create()
    qtbot.keyClicks(w.new_pass, "abc")
    assert w.strength.score == 0 and "Too short" in w.strength.hint.text()
    w.new_pass.setText("correct horse battery staple")
    assert w.strength.score == 4 and w.strength.hint.text() == "Strong."
    w.new_pass.setText("short")
    w.new_pass2.setText("short")
    w.new_path.setText(str(tmp_path / "weak.casebook"))
    w.create()
    assert "stronger passphrase" in w.create_message.text()
    assert not (tmp_path / "weak.casebook").exists()


def test_create_never_overwrites_and_then_creates_a_new_file(qtbot, tmp_path, casebook_path):
    before = casebook_path.read_bytes()
    w = UnlockWindow(None, auto_unlock=False)
    qtbot.addWidget(w)
    w.show_create()
    w.new_path.setText(str(casebook_path))
    w.new_pass.setText(PASSPHRASE)
    w.new_pass2.setText(PASSPHRASE)
    w.create()
    assert "already exists" in w.create_message.text()
    assert casebook_path.read_bytes() == before

    target = tmp_path / "fresh"  # the suffix is added
    w.new_path.setText(str(target))
    w.new_pass.setText(PASSPHRASE)
    w.new_pass2.setText(PASSPHRASE)
    with qtbot.waitSignal(w.unlocked, timeout=10000) as blocker:
        w.create_confirm.click()
    cb = blocker.args[0]
    cb.close()
    assert cb.path == tmp_path / "fresh.casebook"
    Casebook.open(tmp_path / "fresh.casebook", PASSPHRASE).close()


def test_remember_on_this_device_stores_the_key_and_then_unlocks_without_asking(
        qtbot, unlock_window, casebook_path, memory_keyring):
    assert unlock_window.remember.isEnabled()
    unlock_window.remember.setChecked(True)
    cb = _unlock(qtbot, unlock_window, PASSPHRASE)
    file_id, key = cb.file_id, cb.cb.raw_key()
    cb.close()
    assert keyring_store.recall_key(file_id) == key
    stored = " ".join(str(v) for v in memory_keyring.__dict__.values())
    assert PASSPHRASE not in stored  # the key, never the passphrase

    again = UnlockWindow(casebook_path)  # the app starting with this file: no passphrase asked
    qtbot.addWidget(again)
    assert again.remember.isChecked()
    with qtbot.waitSignal(again.unlocked, timeout=10000) as blocker:
        again.show()
    blocker.args[0].close()


def test_after_a_lock_a_remembered_key_waits_for_enter(qtbot, casebook_path):
    cb = Casebook.open(casebook_path, PASSPHRASE)
    keyring_store.remember_key(cb.file_id, cb.raw_key())
    cb.close()
    w = UnlockWindow(casebook_path, auto_unlock=False)
    qtbot.addWidget(w)
    got = []
    w.unlocked.connect(got.append)
    w.show()
    qtbot.wait(100)
    assert got == [] and not w.is_busy()
    assert "Remembered" in w.passphrase.placeholderText()
    with qtbot.waitSignal(w.unlocked, timeout=10000) as blocker:
        qtbot.keyClick(w.passphrase, Qt.Key.Key_Return)
    blocker.args[0].close()


def test_unticking_remember_forgets_the_key(qtbot, casebook_path):
    cb = Casebook.open(casebook_path, PASSPHRASE)
    keyring_store.remember_key(cb.file_id, cb.raw_key())
    file_id = cb.file_id
    cb.close()
    w = UnlockWindow(casebook_path, auto_unlock=False)
    qtbot.addWidget(w)
    w.remember.setChecked(False)
    _unlock(qtbot, w, PASSPHRASE).close()
    assert keyring_store.recall_key(file_id) is None


def test_a_stale_remembered_key_is_forgotten_and_the_passphrase_asked_for(qtbot, casebook_path):
    cb = Casebook.open(casebook_path, PASSPHRASE)
    keyring_store.remember_key(cb.file_id, b"\x01" * 32)
    file_id = cb.file_id
    cb.close()
    w = UnlockWindow(casebook_path, auto_unlock=False)
    qtbot.addWidget(w)
    w.unlock()
    qtbot.waitUntil(lambda: not w.is_busy(), timeout=10000)
    assert "no longer opens this file" in w.message.text()
    assert keyring_store.recall_key(file_id) is None


def test_remember_is_disabled_with_the_reason_when_no_keyring_exists(qtbot, casebook_path):
    keyring.set_keyring(fail.Keyring())
    reason = keyring_store.availability().reason
    w = UnlockWindow(casebook_path, auto_unlock=False)
    qtbot.addWidget(w)
    w.show()
    assert not w.remember.isEnabled() and not w.remember.isChecked()
    assert w.remember.toolTip() == reason
    assert w.remember_reason.isVisible() and w.remember_reason.text() == reason
    assert not w.new_remember.isEnabled()
    # passphrase-only still works
    _unlock(qtbot, w, PASSPHRASE).close()


def test_recent_files_are_offered_newest_first(qtbot, tmp_path, ui_settings):
    a, b = tmp_path / "a.casebook", tmp_path / "b.casebook"
    ui_settings.add_recent(a)
    ui_settings.add_recent(b)
    w = UnlockWindow(None, auto_unlock=False)
    qtbot.addWidget(w)
    assert [w.file_combo.itemData(i) for i in range(w.file_combo.count())] == [str(b), str(a)]
    assert w.selected_path() == b  # the last file opened is preselected


def test_the_demo_passphrase_is_shown_for_the_demo_file(qtbot, demo_file):
    w = UnlockWindow(demo_file, auto_unlock=False)
    qtbot.addWidget(w)
    w.show()
    assert w.demo_hint.isVisible() and DEMO_PASSPHRASE in w.demo_hint.text()
    _unlock(qtbot, w, None).close()


def test_demo_generation_can_be_cancelled_and_leaves_nothing(qtbot):
    path = demo_path()
    job = Job(demo_builder(path), name="demo")
    job.cancel()
    with qtbot.waitSignal(job.was_cancelled, timeout=10000):
        job.start()
    assert not path.exists()
    assert not list(path.parent.glob("*.casebook*"))


# ---------------------------------------------------------------------------- main window


def test_main_window_shows_the_file_and_the_encryption(qtbot, shell, casebook_path):
    mw = _open_in_shell(qtbot, shell, casebook_path)
    assert mw.file_label.text() == casebook_path.name
    assert mw.lock_label.text() == "Encrypted (SQLCipher 4)"
    assert mw.stack.currentWidget() is mw.dashboard  # "This week" is the home page
    assert mw.menu_actions["lock"].shortcut() == QKeySequence("Ctrl+L")
    assert mw.menu_actions["find"].shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    menus = [a.text().replace("&", "") for a in mw.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Help"]
    file_menu = [a.text().replace("&", "") for a in mw.menuBar().actions()[0].menu().actions() if a.text()]
    for wanted in ("New casebook…", "Open casebook…", "Back up…", "Change passphrase…", "Lock", "Quit"):
        assert wanted in file_menu


def test_navigator_filters_as_you_type(qtbot, shell, demo_file):
    mw = _open_in_shell(qtbot, shell, demo_file, DEMO_PASSPHRASE)
    nav = mw.navigator
    total = nav.model.rowCount()
    assert total == 12 and nav.count_label.text() == "12 clients"
    first_name = nav.model.index(0, 0).data()
    surname = first_name.split()[-1]
    qtbot.keyClicks(nav.filter, surname)
    qtbot.waitUntil(lambda: nav.model.filter_text == surname, timeout=3000)
    assert 1 <= nav.model.rowCount() < total
    assert nav.count_label.text().endswith("matching client" + ("" if nav.model.rowCount() == 1 else "s"))
    # Down moves into the list and selects the first match, which opens it in the central area
    qtbot.keyClick(nav.filter, Qt.Key.Key_Down)
    assert nav.current_client() == nav.model.id_at(0)
    assert mw.stack.currentWidget() is mw.client_view
    qtbot.keyClick(nav.filter, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: nav.model.rowCount() == total, timeout=3000)


def test_global_search_opens_the_client(qtbot, shell, demo_file):
    mw = _open_in_shell(qtbot, shell, demo_file, DEMO_PASSPHRASE)
    cid = mw.navigator.model.id_at(5)
    name = mw.navigator.model.index(5, 0).data()
    mw.menu_actions["find"].trigger()
    panel = mw.search_panel
    assert panel.isVisible()
    qtbot.keyClicks(panel.query, name)
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=3000)
    hits = [panel.model.hit(r) for r in range(panel.model.rowCount())]
    row = next(r for r, h in enumerate(hits) if h.kind == "client" and h.client_id == cid)
    panel._move(row - panel.results.currentIndex().row())
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert not panel.isVisible()
    assert mw.navigator.current_client() == cid
    assert mw.stack.currentWidget() is mw.client_view


def test_opening_a_matter_from_the_dashboard_selects_its_client_and_focuses_it(qtbot, shell, demo_file):
    mw = _open_in_shell(qtbot, shell, demo_file, DEMO_PASSPHRASE)
    cid = mw.navigator.model.id_at(3)
    matter = shell.session.services.matters.for_client(cid)[0]
    focused = []
    mw.client_view.focus_matter = focused.append
    mw.dashboard.open_matter.emit(matter.id)
    assert mw.navigator.current_client() == cid
    assert mw.stack.currentWidget() is mw.client_view
    assert focused == [matter.id]
    del mw.client_view.focus_matter  # and the real client view takes it without complaint
    mw.show_home()
    mw.dashboard.open_matter.emit(matter.id)
    assert mw.stack.currentWidget() is mw.client_view and mw.statusBar().currentMessage() == ""


def test_overdue_reminder_is_a_dismissible_banner(qtbot, shell, casebook_path):
    mw = _open_in_shell(qtbot, shell, casebook_path)
    assert mw.banner is None  # an empty casebook has nothing overdue
    mw._overdue_summary = lambda services, today=None: "2 deadlines are overdue. See “This week”."
    cid = shell.session.services.clients.add(name="Alan Abbott")
    mw.select_client(cid)
    assert mw.stack.currentWidget() is mw.client_view
    text = mw.show_overdue_reminder()
    assert mw.banner is not None and mw.banner.isVisible()
    assert mw.banner.label.text() == text
    qtbot.mouseClick(mw.banner.findChildren(QPushButton)[0], Qt.MouseButton.LeftButton)  # "Show this week"
    assert mw.stack.currentWidget() is mw.dashboard and not mw.banner.isVisible()


def test_overdue_reminder_keeps_its_count_true_as_deadlines_change(qtbot, shell, casebook_path):
    """The reminder said "2 deadlines are overdue" above a "This week" counting more once a referral was
    entered: it is recounted after each change, and goes when nothing is overdue."""
    from ui.views.this_week import overdue_summary

    mw = _open_in_shell(qtbot, shell, casebook_path)
    services = shell.session.services
    cid = services.clients.add(name="Alan Abbott")
    mid = services.matters.add(cid, "parole-review")
    services.chronology.add(mid, "2026-10-20", "paper-decision-negative")
    before = mw.show_overdue_reminder()
    assert before and before.startswith("2 deadlines are overdue")
    mw.select_client(cid)
    other = services.matters.add(cid, "parole-review")
    services.chronology.add(other, "2026-09-01", "referral")  # what the Chronology tab saves
    mw.client_view.changed.emit()
    now = overdue_summary(services)
    assert now != before and mw.banner.label.text() == now and mw.banner.isVisible()
    for d in services.deadlines.list():
        if d.status != "done":
            services.deadlines.mark_done(d.id)
    mw.show_home()
    assert not mw.banner.isVisible()  # nothing overdue any more


def test_ctrl_n_uses_the_client_views_new_client_when_it_has_one(qtbot, shell, casebook_path):
    mw = _open_in_shell(qtbot, shell, casebook_path)
    new_id = shell.session.services.clients.add(name="Zak Yates")

    def view_new_client():  # what the client view does: its dialog saved a client
        calls.append(1)
        return new_id

    calls = []
    mw.client_view.new_client = view_new_client
    assert mw.menu_actions["new_client"].shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    mw.menu_actions["new_client"].trigger()
    assert calls == [1]
    assert mw.navigator.current_client() == new_id  # the navigator shows and selects it


def test_ctrl_n_without_the_client_view_opens_the_client_dialog(qtbot, shell, casebook_path, monkeypatch):
    mw = _open_in_shell(qtbot, shell, casebook_path)
    mw.client_view.new_client = None  # a client view without its own "new client"
    from ui.widgets import form

    def fill_and_accept(dialog):
        dialog.name.setText("Alan Abbott")
        dialog.accept()
        return dialog.result() == 1

    monkeypatch.setattr(form, "run_dialog", fill_and_accept)
    mw.menu_actions["new_client"].trigger()
    assert mw.navigator.model.rowCount() == 1
    assert mw.navigator.model.index(0, 0).data() == "Alan Abbott"
    assert mw.navigator.current_client() == mw.navigator.model.id_at(0)


# ---------------------------------------------------------------------------- locking


def test_ctrl_l_locks_closes_the_casebook_and_drops_the_models(qtbot, shell, casebook_path):
    mw = _open_in_shell(qtbot, shell, casebook_path)
    shell.session.services.clients.add(name="Alan Abbott")
    mw.navigator.refresh()
    cb = shell.session.cb
    model, search_model = mw.navigator.model, mw.search_panel.model
    assert model.rowCount() == 1
    mw.activateWindow()
    qtbot.waitActive(mw)
    qtbot.keyClick(mw, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shell.session is None, timeout=5000)
    assert cb.closed
    assert model.rowCount() == 0 and model._services is None
    assert search_model.rowCount() == 0 and search_model._services is None
    assert mw.torn_down and mw.client_view is None and mw.dashboard is None
    assert shell.main_window is None
    w = shell.unlock_window
    assert w is not None and w.isVisible()
    assert w.selected_path() == casebook_path.resolve()  # the same file, ready to unlock again
    assert "Locked" in w.message.text()


def test_lock_clears_the_clipboard_only_if_it_still_holds_our_copy(qtbot, shell, casebook_path):
    clip = QGuiApplication.clipboard()
    _open_in_shell(qtbot, shell, casebook_path)
    copy_text("A1234BC")
    assert clip.text() == "A1234BC"
    shell.lock()
    assert clip.text() == ""

    _open_in_shell(qtbot, shell, casebook_path)
    copy_text("A1234BC")
    clip.blockSignals(True)  # another application takes the clipboard (not seen as ours)
    clip.setText("someone else's text")
    clip.blockSignals(False)
    shell.lock()
    assert clip.text() == "someone else's text"


def test_clipboard_guard_remembers_a_hash_not_the_text(qapp):
    guard = ClipboardGuard()
    guard.copy("Alan Abbott, HMP Wakefield")
    assert guard.holds_ours()
    assert all("Alan" not in fp for fp in guard._ours)
    assert guard.clear_if_ours() is True
    assert not guard.holds_ours()
    assert clipboard_guard() is clipboard_guard()


def test_idle_lock_after_the_timeout(qtbot, shell, casebook_path):
    _open_in_shell(qtbot, shell, casebook_path)
    cb = shell.session.cb
    shell.idle.set_interval_ms(300)
    qtbot.waitUntil(lambda: shell.session is None, timeout=5000)
    assert cb.closed
    assert "without use" in shell.unlock_window.message.text()


def test_input_anywhere_restarts_the_idle_timer(qtbot):
    watcher = IdleWatcher(minutes=5)
    watcher.set_interval_ms(400)
    watcher.start()
    fired = []
    watcher.idle.connect(lambda: fired.append(1))
    from PySide6.QtWidgets import QLineEdit

    w = QLineEdit()
    qtbot.addWidget(w)
    w.show()
    try:
        for _ in range(6):
            qtbot.wait(150)
            qtbot.keyClick(w, Qt.Key.Key_A)
        assert fired == []  # 900 ms of typing with a 400 ms timeout
        qtbot.waitUntil(lambda: fired == [1], timeout=3000)
    finally:
        watcher.stop()


def test_idle_minutes_come_from_settings(qtbot, ui_settings):
    ui_settings.set(settings_mod.IDLE_LOCK_MINUTES, 2)
    assert IdleWatcher().interval_ms == 120_000
    ui_settings.set(settings_mod.IDLE_LOCK_MINUTES, 0)
    w = IdleWatcher()
    w.start()
    try:
        assert w.remaining_ms() == -1  # never
    finally:
        w.stop()


def test_session_close_waits_for_running_jobs_then_closes(qtbot, casebook_path):
    cb = Casebook.open(casebook_path, PASSPHRASE)
    session = Session(cb)
    seen = []

    def slow(progress, cancelled):
        while not cancelled():
            time.sleep(0.01)
        seen.append(cb.closed)

    job = Job(slow, name="slow")
    job.start()
    session.close()
    assert job.isFinished()
    assert seen == [False]  # the job saw the file open; it was closed only after the job stopped
    assert cb.closed and session.services is None


# ---------------------------------------------------------------------------- background jobs


def test_backup_runs_in_a_worker_with_progress(qtbot, cb, tmp_path, svc):
    svc.clients.add(name="Alan Abbott")
    from ui.dialogs.backup import start_backup

    dest = tmp_path / "copy.casebook"
    steps = []
    job = start_backup(None, cb, dest)
    job.progressed.connect(lambda d, t: steps.append((d, t)))
    with qtbot.waitSignal(job.succeeded, timeout=20000) as blocker:
        pass
    assert blocker.args[0] == dest and dest.exists()
    copy = Casebook.open(dest, PASSPHRASE)
    try:
        assert copy.conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 1
    finally:
        copy.close()


def test_backup_cancel_from_the_progress_dialog_writes_nothing(qtbot, cb, tmp_path):
    from ui.dialogs.backup import start_backup

    dest = tmp_path / "copy.casebook"
    with cb.lock:  # the worker waits for the connection, so Cancel is pressed before any page is copied
        job = start_backup(None, cb, dest)
        job.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
        assert job.is_cancelled()
        assert job.dialog.labelText() == "Cancelling…"
    with qtbot.waitSignal(job.was_cancelled, timeout=20000):
        pass
    assert not dest.exists()
    assert list(tmp_path.glob("copy.casebook*")) == []


def test_a_failing_job_reports_a_message_without_the_exception_text(qtbot, caplog):
    def boom(progress, cancelled):
        raise RuntimeError("Alan Abbott A1234BC")

    job = Job(boom, name="boom")
    with caplog.at_level(logging.ERROR), qtbot.waitSignal(job.failed, timeout=5000) as blocker:
        job.start()
    assert "Something went wrong" in blocker.args[0]
    assert "Alan" not in blocker.args[0] and "Alan" not in caplog.text
    assert "RuntimeError" in caplog.text


def test_excepthook_logs_no_client_data(caplog):
    try:
        raise ValueError("Alan Abbott A1234BC lives at …")
    except ValueError as exc:
        with caplog.at_level(logging.ERROR):
            excepthook(type(exc), exc, exc.__traceback__)
    assert "ValueError" in caplog.text and "test_shell.py" in caplog.text
    assert "Alan" not in caplog.text and "A1234BC" not in caplog.text


# ---------------------------------------------------------------------------- change passphrase


def test_change_passphrase_needs_the_current_one_and_rekeys(qtbot, casebook_path):
    from ui.dialogs.passphrase import ChangePassphraseDialog

    cb = Casebook.open(casebook_path, PASSPHRASE)
    keyring_store.remember_key(cb.file_id, cb.raw_key())
    d = ChangePassphraseDialog(cb)
    qtbot.addWidget(d)
    new = "an entirely new long passphrase"
    d.current.setText("wrong")
    d.new.setText(new)
    d.repeat.setText(new)
    d.submit()
    qtbot.waitUntil(lambda: d._job is None, timeout=10000)
    assert d.message.text() == "The current passphrase is not right."
    d.current.setText(PASSPHRASE)
    with qtbot.waitSignal(d.accepted, timeout=10000):
        d.submit()
    assert keyring_store.recall_key(cb.file_id) == cb.raw_key()
    cb.close()
    Casebook.open(casebook_path, new).close()


# ---------------------------------------------------------------------------- settings


def test_settings_fall_back_to_defaults_and_signal_only_real_changes(qtbot, ui_settings):
    assert ui_settings.get(settings_mod.IDLE_LOCK_MINUTES) == 5
    changes = []
    ui_settings.changed.connect(changes.append)
    ui_settings.set(settings_mod.IDLE_LOCK_MINUTES, 5)
    assert changes == []
    ui_settings.set(settings_mod.IDLE_LOCK_MINUTES, 10)
    assert changes == ["security/idle_lock_minutes"]
    fresh = settings_mod.Settings(ui_settings.file_name())  # read back from the INI file
    assert fresh.get(settings_mod.IDLE_LOCK_MINUTES) == 10


def test_recent_files_keep_paths_only_and_are_capped(ui_settings, tmp_path):
    for i in range(12):
        ui_settings.add_recent(tmp_path / f"f{i}.casebook")
    recent = settings_mod.Settings(ui_settings.file_name()).recent_files()
    assert len(recent) == settings_mod.MAX_RECENT
    assert recent[0].endswith("f11.casebook")
    keys = settings_mod.Settings(ui_settings.file_name())._qs.allKeys()
    assert set(keys) <= set(settings_mod.REGISTRY)


def test_settings_never_hold_client_data_after_a_session(qtbot, shell, demo_file, ui_settings):
    mw = _open_in_shell(qtbot, shell, demo_file, DEMO_PASSPHRASE)
    names = [mw.navigator.model.index(r, 0).data() for r in range(mw.navigator.model.rowCount())]
    mw.navigator.list.setCurrentIndex(mw.navigator.model.index(2, 0))
    shell.lock()
    text = Path(ui_settings.file_name()).read_text(encoding="utf-8", errors="replace")
    assert names and not any(n in text for n in names)


# ---------------------------------------------------------------------------- smoke run


def _gui(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "ui", "gui", *args], capture_output=True, text=True,
                          env=cli_env(QT_QPA_PLATFORM="offscreen"), timeout=timeout, cwd=REPO,
                          stdin=subprocess.DEVNULL)


def test_smoke_run_visits_every_screen_and_exits_0():
    r = _gui("--smoke")
    assert r.returncode == 0, r.stderr
    assert "smoke test passed" in r.stderr
    for screen in ("unlock", "this-week", "client-overview", "client-chronology", "search", "locked"):
        assert screen in r.stderr
    assert demo_path().exists()  # the demo was created where the app keeps it
    config = Path(os.environ["XDG_CONFIG_HOME"])
    assert not [p for p in config.rglob("*") if p.is_file()]  # and the user's settings were left alone
    assert "This plugin does not support" not in r.stderr


def test_smoke_run_fails_with_one_line_when_something_is_wrong():
    demo_path().mkdir(parents=True)  # a folder where the demo file should be
    r = _gui("--smoke")
    assert r.returncode == 1
    # Qt itself may log a platform line on a loaded machine; Casebook's own report is one line.
    ours = [ln for ln in r.stderr.splitlines() if ln.startswith("casebook:")]
    assert len(ours) == 1 and ours[0].startswith("casebook: smoke test failed: unlock:"), r.stderr
    assert "Traceback" not in r.stderr


def test_lock_closes_dialogs_left_open_over_the_main_window(qtbot, shell, casebook_path):
    from ui.dialogs.passphrase import ChangePassphraseDialog

    mw = _open_in_shell(qtbot, shell, casebook_path)
    dialog = ChangePassphraseDialog(shell.session.cb, mw)
    dialog.open()  # window-modal, as when the user walked away with it open
    assert dialog.isVisible()
    shell.idle_lock()
    assert not dialog.isVisible()
    assert shell.session is None and shell.unlock_window.isVisible()


def test_closing_the_unlock_window_means_quit_but_replacing_it_does_not(qtbot, casebook_path):
    a = UnlockWindow(casebook_path, auto_unlock=False)
    qtbot.addWidget(a)
    a.show()
    with qtbot.assertNotEmitted(a.closed_by_user):
        a.dismiss()
    b = UnlockWindow(casebook_path, auto_unlock=False)
    qtbot.addWidget(b)
    b.show()
    with qtbot.waitSignal(b.closed_by_user, timeout=1000):
        b.close()


def test_navigator_over_a_thousand_clients_reads_only_visible_rows(qtbot, demo_big):
    from ui.navigator import Navigator

    nav = Navigator(demo_big)
    qtbot.addWidget(nav)
    nav.resize(300, 600)
    nav.show()
    qtbot.waitExposed(nav)
    nav.grab()
    assert nav.count_label.text() == "1000 clients"
    assert 0 < len(nav.model.fetched_ids) <= 2 * nav.model.BATCH
    nav.select_client(nav.model.id_at(900))
    nav.grab()
    assert nav.model.id_at(900) in nav.model.fetched_ids
    assert nav.model.id_at(500) not in nav.model.fetched_ids


def test_the_window_title_never_names_a_client(qtbot, shell, demo_file):
    mw = _open_in_shell(qtbot, shell, demo_file, DEMO_PASSPHRASE)
    mw.navigator.list.setCurrentIndex(mw.navigator.model.index(0, 0))
    name = mw.navigator.model.index(0, 0).data()
    assert mw.stack.currentWidget() is mw.client_view
    assert name not in mw.windowTitle() and "demo.casebook" in mw.windowTitle()


def test_edit_copy_reaches_a_focused_table_and_is_taken_back_on_lock(qtbot, shell, demo_file):
    mw = _open_in_shell(qtbot, shell, demo_file, DEMO_PASSPHRASE)
    from PySide6.QtWidgets import QTableView

    mw.show_home()
    tables = [t for t in mw.dashboard.findChildren(QTableView) if t.model() and t.model().rowCount()]
    if not tables:
        pytest.skip("the dashboard has no rows today")
    table = tables[0]
    table.setCurrentIndex(table.model().index(0, 0))
    table.setFocus()
    mw.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table, timeout=2000)
    QGuiApplication.clipboard().clear()
    mw.menu_actions["copy"].trigger()
    copied = QGuiApplication.clipboard().text()
    assert copied and copied == str(table.model().index(0, 0).data())
    shell.lock()
    assert QGuiApplication.clipboard().text() == ""


def test_a_rename_in_the_client_view_moves_the_row_without_reloading_the_view(qtbot, shell, casebook_path):
    mw = _open_in_shell(qtbot, shell, casebook_path)
    services = shell.session.services
    a = services.clients.add(name="Alan Abbott")
    services.clients.add(name="Barry Briggs")
    mw.navigator.refresh()
    mw.select_client(a)
    loads = []
    original = mw.client_view.set_client
    mw.client_view.set_client = lambda cid: (loads.append(cid), original(cid))
    services.clients.update(a, name="Zach Abbott")
    mw.client_view.changed.emit()
    assert [mw.navigator.model.index(r, 0).data() for r in range(2)] == ["Barry Briggs", "Zach Abbott"]
    assert mw.navigator.current_client() == a
    assert loads == []


def test_a_client_deleted_in_the_client_view_leaves_the_navigator(qtbot, shell, casebook_path):
    mw = _open_in_shell(qtbot, shell, casebook_path)
    services = shell.session.services
    a = services.clients.add(name="Alan Abbott")
    mw.navigator.refresh()
    mw.select_client(a)
    services.clients.delete(a)
    mw.client_view.set_client(None)
    mw.client_view.changed.emit()
    assert mw.navigator.model.rowCount() == 0
    assert mw.stack.currentWidget() is mw.dashboard


def test_icons_follow_a_switch_between_light_and_dark(qtbot, shell, casebook_path):
    from PySide6.QtGui import QColor, QPalette

    mw = _open_in_shell(qtbot, shell, casebook_path)
    app = QApplication.instance()
    before = app.palette()

    def padlock_colour():
        img = mw._padlock.pixmap().toImage()
        return {img.pixelColor(x, y).name() for x in range(img.width()) for y in range(img.height())
                if img.pixelColor(x, y).alpha() == 255}

    try:
        dark = QPalette(before)
        dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
        dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
        app.setPalette(dark)
        QApplication.processEvents()
        assert padlock_colour() == {"#f0f0f0"}
    finally:
        app.setPalette(before)
        QApplication.processEvents()
    assert padlock_colour() == {before.color(QPalette.ColorRole.WindowText).name()}


def test_closing_the_unlock_window_while_unlocking_leaves_the_file_closed(qtbot, casebook_path):
    w = UnlockWindow(casebook_path, auto_unlock=False)
    qtbot.addWidget(w)
    w.show()
    got = []
    w.unlocked.connect(got.append)
    w.passphrase.setText(PASSPHRASE)
    w.unlock()
    job = w._job
    w.close()
    qtbot.waitUntil(lambda: job.outcome is not None and job.isFinished(), timeout=10000)
    qtbot.wait(50)
    assert got == []
    assert job.result.closed  # the casebook the worker opened was closed again


def test_a_casebook_dropped_on_the_unlock_window_is_selected(qtbot, casebook_path, tmp_path):
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDropEvent

    w = UnlockWindow(None, auto_unlock=False)
    qtbot.addWidget(w)
    w.show()
    md = QMimeData()
    md.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.txt")), QUrl.fromLocalFile(str(casebook_path))])
    drop = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, md, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    w.dropEvent(drop)
    assert w.selected_path() == casebook_path.resolve()


def test_preferences_change_the_idle_lock_of_the_running_shell(qtbot, shell, casebook_path, ui_settings):
    from ui.main_window import PreferencesDialog

    mw = _open_in_shell(qtbot, shell, casebook_path)
    assert shell.idle.interval_ms == 5 * 60_000  # the default
    d = PreferencesDialog(mw)
    qtbot.addWidget(d)
    assert d.idle.value() == 5
    d.idle.setValue(12)
    d.accept()
    assert ui_settings.get(settings_mod.IDLE_LOCK_MINUTES) == 12
    assert shell.idle.interval_ms == 12 * 60_000
    assert shell.idle.remaining_ms() > 5 * 60_000  # restarted with the new interval


def test_a_slow_job_shows_its_progress_dialog_and_a_quick_one_does_not(qtbot):
    from ui.workers import run_with_progress

    def slow(progress, cancelled):
        for i in range(100):
            if cancelled():
                from casebook.store.backup import Cancelled

                raise Cancelled()
            progress(i, 100)
            time.sleep(0.02)
        return "done"

    job = run_with_progress(slow, title="Working", label="Working…")
    dialog = job.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    assert dialog.windowTitle() == "Working"
    dialog.findChild(QPushButton).click()
    with qtbot.waitSignal(job.was_cancelled, timeout=5000):
        pass

    from PySide6.QtCore import QEvent, QObject

    class ShowSpy(QObject):
        shown = False

        def eventFilter(self, obj, event):  # noqa: N802
            if event.type() == QEvent.Type.Show:
                self.shown = True
            return False

    quick = run_with_progress(lambda progress, cancelled: 42, title="Quick", label="Quick…")
    spy = ShowSpy()
    quick.dialog.installEventFilter(spy)
    seen = []
    quick.succeeded.connect(seen.append)
    qtbot.waitUntil(lambda: seen == [42], timeout=3000)
    qtbot.wait(600)
    assert not spy.shown


def test_enter_on_a_client_moves_the_keyboard_into_the_client_view(qtbot, shell, demo_file):
    mw = _open_in_shell(qtbot, shell, demo_file, DEMO_PASSPHRASE)
    mw.activateWindow()
    nav = mw.navigator
    nav.focus_filter()
    qtbot.keyClick(nav.filter, Qt.Key.Key_Down)
    assert nav.list.hasFocus()
    qtbot.keyClick(nav.list, Qt.Key.Key_Return)
    focus = QApplication.focusWidget()
    assert focus is not None and mw.client_view.isAncestorOf(focus)


def test_open_recent_locks_this_casebook_and_opens_the_other(qtbot, shell, casebook_path, tmp_path):
    other = tmp_path / "other.casebook"
    book = Casebook.create(other, PASSPHRASE)
    keyring_store.remember_key(book.file_id, book.raw_key())  # remembered: opens without asking
    book.close()
    mw = _open_in_shell(qtbot, shell, other)
    shell.lock()
    mw = _open_in_shell(qtbot, shell, casebook_path)
    first = shell.session.cb
    mw._fill_recent_menu()
    entries = mw.recent_menu.actions()
    assert [a.statusTip() for a in entries] == [str(other.resolve())]  # not the open file itself
    entries[0].trigger()
    assert first.closed
    qtbot.waitUntil(lambda: shell.session is not None and shell.main_window is not None, timeout=10000)
    assert shell.session.path == other.resolve()


def test_backup_folder_is_remembered_as_a_path_only(qtbot, cb, tmp_path, ui_settings):
    from ui.dialogs.backup import default_folder, start_backup

    folder = tmp_path / "backups"
    folder.mkdir()
    job = start_backup(None, cb, folder / "b.casebook")
    with qtbot.waitSignal(job.ended, timeout=20000):
        pass
    assert ui_settings.get(settings_mod.BACKUP_FOLDER) == str(folder)
    assert default_folder() == folder


def test_a_main_window_that_cannot_be_built_closes_the_casebook_calmly(qtbot, shell, casebook_path,
                                                                      monkeypatch):
    import ui.main_window

    def broken(*_a, **_k):
        raise RuntimeError("Alan Abbott")

    monkeypatch.setattr(ui.main_window, "MainWindow", broken)
    w = shell.show_unlock(casebook_path, auto_unlock=False)
    opened = []
    w.unlocked.connect(opened.append)
    w.passphrase.setText(PASSPHRASE)
    w.unlock()
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    assert opened[0].closed and shell.session is None and shell.main_window is None
    assert "could not be shown" in w.message.text() and "Alan" not in w.message.text()


def test_idle_lock_counts_time_asleep_by_the_wall_clock(qtbot):
    watcher = IdleWatcher(minutes=5)
    watcher.start()
    fired = []
    watcher.idle.connect(lambda: fired.append(1))
    try:
        now = time.time()
        watcher.check_wall_clock(now + 60)  # a minute later: nothing
        assert fired == []
        assert watcher.remaining_ms() > 4 * 60_000  # the monotonic timer did not see the sleep
        watcher.check_wall_clock(now + 3600)  # the laptop slept for an hour
        assert fired == [1]
        watcher.check_wall_clock(now + 7200)
        assert fired == [1]  # once
    finally:
        watcher.stop()


def test_a_new_casebook_says_how_to_add_the_first_client(qtbot, shell, casebook_path, dialogs):
    """A new casebook opened on an empty white client list and "0 clients", with nothing saying what
    to do first; now the list's place says it, with a New client… button."""
    mw = _open_in_shell(qtbot, shell, casebook_path)
    nav = mw.navigator
    assert nav.empty.isVisible() and not nav.list.isVisible()
    assert "No clients yet" in nav.empty_label.text()

    def fill(dlg):
        dlg.name.setText("Alan Abbott")

    dialogs.fillers.append(fill)
    qtbot.mouseClick(nav.new_client_button, Qt.MouseButton.LeftButton)
    assert shell.session.services.clients.count() == 1
    assert nav.list.isVisible() and not nav.empty.isVisible()
    assert mw.stack.currentWidget() is mw.client_view
    nav.filter.setText("nobody of that name")
    nav.apply_filter()
    assert not nav.empty.isVisible()  # a filter that matches nothing is not "no clients yet"


def _next_tab_stop(w):
    n = w.nextInFocusChain()
    while n is not w and not (n.isVisible() and n.isEnabled() and n.focusPolicy() & Qt.FocusPolicy.TabFocus):
        n = n.nextInFocusChain()
    return n


def test_tab_goes_from_a_clients_tab_bar_into_the_tab_not_up_to_the_reminder(qtbot, shell, demo_file):
    """With the overdue reminder showing, Tab from a client's tab bar jumped up to the reminder's buttons
    at the top of the window before going on into the tab; the reminder now comes after the client list,
    where it is drawn."""
    mw = _open_in_shell(qtbot, shell, demo_file, DEMO_PASSPHRASE)
    assert mw.show_overdue_reminder()
    [show] = mw.banner.findChildren(QPushButton)
    mw.select_client(mw.navigator.model.id_at(0))   # away from This week, where it offers "Show this week"
    qtbot.waitUntil(lambda: mw.client_view.tabs.currentWidget().isVisible())
    assert _next_tab_stop(mw.navigator.list) is show
    after_bar = _next_tab_stop(mw.client_view.tabs.tabBar())
    assert mw.client_view.tabs.currentWidget().isAncestorOf(after_bar), after_bar


def test_keyboard_shortcuts_help_says_how_to_add_open_and_delete(qtbot, shell, casebook_path):
    """Help → Keyboard shortcuts listed only the menu's shortcuts: nothing said that Insert adds to a
    list, Enter opens a row, Delete deletes, Ctrl+Shift+N adds an event or Ctrl+I imports a document."""
    mw = _open_in_shell(qtbot, shell, casebook_path)
    text = mw.shortcuts_html()
    for keys in ("Insert", "Enter", "Delete", "Ctrl+Shift+N", "Ctrl+I", "Esc"):
        assert f"<b>{keys}" in text or f"/ {keys}</b>" in text, keys
    assert "Add… button" in text  # a laptop without an Insert key
    # F5 (Refresh), the navigator's Ctrl+\\ and this very list's own key were not listed
    for key in ("refresh", "show_navigator", "shortcuts"):
        shown = mw.menu_actions[key].shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert shown and f"<b>{shown}</b>" in text, key


def test_opening_a_deadline_from_this_week_shows_it_on_its_matters_deadlines_tab(qtbot, shell, demo_file):
    """Enter on an overdue deadline in This week opened its matter on the Chronology tab: the deadline
    to mark done or re-date was nowhere in sight. It now opens on the Deadlines tab, that deadline
    selected."""
    mw = _open_in_shell(qtbot, shell, demo_file, DEMO_PASSPHRASE)
    mw.show_home()
    dash = mw.dashboard
    dash.select_row(0)
    chosen = dash.selected()
    assert chosen is not None
    dash.open_selected()
    view = mw.client_view.matters.view
    assert mw.stack.currentWidget() is mw.client_view and view.matter_id == chosen.matter_id
    assert view.tabs.currentWidget() is view.deadlines
    assert view.deadlines.selected_id() == chosen.id


def test_the_reminder_offers_this_week_only_away_from_it(qtbot, shell, casebook_path):
    """The overdue reminder offered "Show this week" on This week itself."""
    mw = _open_in_shell(qtbot, shell, casebook_path)
    mw._overdue_summary = lambda services, today=None: "2 deadlines are overdue. See “This week”."
    cid = shell.session.services.clients.add(name="Alan Abbott")
    mw.show_home()
    assert mw.show_overdue_reminder()
    show = mw.banner.action_button
    assert not show.isVisible() and mw.banner.close_button.isVisible()
    mw.select_client(cid)
    assert show.isVisible()
    mw.show_home()
    assert not show.isVisible()
