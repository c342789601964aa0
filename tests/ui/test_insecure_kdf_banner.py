"""Issue 15, fault 9: a casebook keyed with the test-only KDF shows a warning in the main window."""

from __future__ import annotations

from types import SimpleNamespace


def _window(qtbot, svc):
    from ui.main_window import MainWindow
    from ui.session import Session

    mw = MainWindow(Session(SimpleNamespace(cb=svc.cb, services=svc)))
    qtbot.addWidget(mw)
    return mw


def test_a_test_kdf_casebook_shows_the_warning(qtbot, svc):
    mw = _window(qtbot, svc)
    label = mw.insecure_kdf_label
    assert label is not None and "insecure test-only key derivation" in label.text()
    assert label.accessibleName().startswith("Warning")


def test_a_real_casebook_shows_none(qtbot, svc):
    svc.cb.conn.execute("UPDATE meta SET value = 'argon2id-v1' WHERE key = 'kdf'")
    mw = _window(qtbot, svc)
    assert mw.insecure_kdf_label is None
