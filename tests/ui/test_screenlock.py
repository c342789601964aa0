"""Locking when the computer locks or sleeps: the D-Bus signals on a private message bus (a real
dbus-daemon), the Windows message decoding, the shell's response and the Preferences switch."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from PySide6.QtDBus import QDBusConnection

from tests.conftest import PASSPHRASE
from ui import settings as settings_mod
from ui.app import Shell
from ui.screenlock import (
    PBT_APMSUSPEND,
    WM_POWERBROADCAST,
    WM_WTSSESSION_CHANGE,
    WTS_SESSION_LOCK,
    ScreenLockWatcher,
    windows_lock_reason,
)


@pytest.fixture
def private_bus():
    exe = shutil.which("dbus-daemon")
    if exe is None:
        pytest.skip("dbus-daemon is not installed (apt-get install dbus)")
    proc = subprocess.Popen([exe, "--session", "--print-address", "--nofork", "--nopidfile"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    address = proc.stdout.readline().strip()
    name = f"casebook-test-{proc.pid}"
    bus = QDBusConnection.connectToBus(address, name)
    assert bus.isConnected()
    yield bus, address
    QDBusConnection.disconnectFromBus(name)
    proc.kill()
    proc.wait(5)


def _send(address: str, path: str, member: str, *args: str) -> None:
    env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS=address)
    subprocess.run(["dbus-send", "--session", "--type=signal", path, member, *args], env=env, check=True)


def test_dbus_screen_saver_sleep_and_session_lock_are_heard(qtbot, private_bus):
    bus, address = private_bus
    w = ScreenLockWatcher(session_bus=bus, system_bus=bus)
    assert w.available() and w.unavailable_reason() == ""
    heard: list[str] = []
    w.screen_locked.connect(heard.append)
    # unlocking
    _send(address, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver.ActiveChanged", "boolean:false")
    _send(address, "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver.ActiveChanged",
          "boolean:true")
    qtbot.waitUntil(lambda: len(heard) == 1, timeout=3000)
    _send(address, "/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep",
          "boolean:false")
    _send(address, "/org/freedesktop/login1", "org.freedesktop.login1.Manager.PrepareForSleep",
          "boolean:true")
    _send(address, "/org/freedesktop/login1/session/_32", "org.freedesktop.login1.Session.Lock")
    qtbot.waitUntil(lambda: len(heard) == 3, timeout=3000)
    assert heard == ["the screen was locked", "the computer went to sleep", "the computer was locked"]


def test_without_a_message_bus_it_says_why():
    nowhere = QDBusConnection("casebook-no-such-connection")
    w = ScreenLockWatcher(session_bus=nowhere, system_bus=nowhere)
    assert not w.available()
    assert "idle time" in w.unavailable_reason()


def test_windows_messages():
    assert windows_lock_reason(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK) == "the computer was locked"
    assert windows_lock_reason(WM_WTSSESSION_CHANGE, 0x8) is None  # WTS_SESSION_UNLOCK
    assert windows_lock_reason(WM_POWERBROADCAST, PBT_APMSUSPEND) == "the computer went to sleep"
    assert windows_lock_reason(WM_POWERBROADCAST, 0x12) is None  # PBT_APMRESUMEAUTOMATIC
    assert windows_lock_reason(0x0010, WTS_SESSION_LOCK) is None  # WM_CLOSE


@pytest.fixture
def shell(qtbot):
    s = Shell()
    yield s
    s.shutdown()


def _open(qtbot, shell, path):
    w = shell.show_unlock(path, auto_unlock=False)
    w.passphrase.setText(PASSPHRASE)
    w.unlock()
    qtbot.waitUntil(lambda: shell.main_window is not None, timeout=10000)
    return shell.main_window


def test_the_shell_locks_when_the_computer_locks_unless_turned_off(qtbot, shell, casebook_path, ui_settings):
    _open(qtbot, shell, casebook_path)
    cb = shell.session.cb
    shell.screen_lock.screen_locked.emit("the screen was locked")
    assert shell.session is None and cb.closed
    assert shell.unlock_window.message.text() == "Locked because the screen was locked."
    ui_settings.set(settings_mod.LOCK_ON_SCREEN_LOCK, False)
    _open(qtbot, shell, casebook_path)
    shell.screen_lock.screen_locked.emit("the computer went to sleep")
    assert shell.session is not None


def test_preferences_switch_and_its_unavailable_reason(qtbot, shell, casebook_path, ui_settings):
    from ui.main_window import PreferencesDialog

    mw = _open(qtbot, shell, casebook_path)
    mw.screen_lock_watcher.sources = ["org.freedesktop.ScreenSaver ActiveChanged"]
    d = PreferencesDialog(mw)
    qtbot.addWidget(d)
    assert d.screen_lock.isEnabled() and d.screen_lock.isChecked() and d.screen_lock_reason.isHidden()
    d.screen_lock.setChecked(False)
    d.accept()
    assert ui_settings.get(settings_mod.LOCK_ON_SCREEN_LOCK) is False
    nowhere = QDBusConnection("casebook-no-such-connection")
    mw.screen_lock_watcher = ScreenLockWatcher(session_bus=nowhere, system_bus=nowhere)
    d2 = PreferencesDialog(mw)
    qtbot.addWidget(d2)
    assert not d2.screen_lock.isEnabled()
    assert "idle time" in d2.screen_lock_reason.text()
    d2.accept()  # a disabled switch does not change the setting
    assert ui_settings.get(settings_mod.LOCK_ON_SCREEN_LOCK) is False
