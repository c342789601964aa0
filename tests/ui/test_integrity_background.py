"""The full integrity check runs in the background after unlock and reports to the window; locking
stops it. Unlocking itself never scans the whole file (tests/core/store)."""

from __future__ import annotations

from types import SimpleNamespace

from casebook.store import Casebook
from tests.conftest import PASSPHRASE


def _window(qtbot, svc):
    from ui.main_window import MainWindow
    from ui.session import Session

    mw = MainWindow(Session(SimpleNamespace(cb=svc.cb, services=svc)))
    qtbot.addWidget(mw)
    return mw


def test_sound_file_reported_in_the_status_bar(qtbot, svc):
    from ui import integrity

    svc.clients.add(name="Ann Example")
    mw = _window(qtbot, svc)
    check = mw._integrity_check
    assert check is not None and not check.isRunning()  # not during unlock: after a delay
    with qtbot.waitSignal(check.done, timeout=20000) as got:
        check.start()  # as the timer would
    assert got.args == [[]]
    qtbot.waitUntil(lambda: "sound" in mw.statusBar().currentMessage(), timeout=5000)
    mw.teardown()
    assert mw._integrity_check is None
    integrity.wait_all()


def test_damage_found_in_the_background_is_reported(qtbot, tmp_path, monkeypatch):
    from ui import integrity

    path = tmp_path / "d.casebook"
    cb = Casebook.create(path, PASSPHRASE)
    key = cb.raw_key()
    cb.close()
    check = integrity.IntegrityCheck(path, key)
    monkeypatch.setattr("casebook.store.casebook.integrity_problems",
                        lambda conn, deep=True: ["page 4: HMAC check failed"])
    with qtbot.waitSignal(check.done, timeout=20000) as got:
        check.start()
    assert got.args == [["page 4: HMAC check failed"]]
    check.wait(5000)


def test_lock_stops_a_running_check(qtbot, svc):
    mw = _window(qtbot, svc)
    check = mw._integrity_check
    check.start()
    mw.teardown()  # cancels (interrupts the PRAGMA) and waits for its connection to close
    assert not check.isRunning()
