"""The backup runs in the background and the app stays usable (issue 15): its progress dialog is not
modal and the app's connection answers while the copy runs."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from casebook.store import backup as backup_mod


def test_backup_progress_is_not_modal_and_the_casebook_answers_meanwhile(qtbot, svc, tmp_path, monkeypatch):
    from ui.dialogs.backup import start_backup

    cid = svc.clients.add(name="Alan Abbott")
    svc.notes.create_many([(cid, {"date": "2026-01-01", "text": "parole " * 50}) for _ in range(200)])
    monkeypatch.setattr(backup_mod, "PAGES_PER_STEP", 1)
    copying = threading.Event()
    release = threading.Event()
    real_copy = backup_mod._copy

    def slow_copy(src, dest, key, salt, fmt, progress, cancelled):
        def step(done, total):
            copying.set()
            release.wait(5)
            if progress is not None:
                progress(done, total)
        return real_copy(src, dest, key, salt, fmt, step, cancelled)

    monkeypatch.setattr(backup_mod, "_copy", slow_copy)
    dest = tmp_path / "bg.casebook"
    job = start_backup(None, svc.cb, dest)
    assert job.dialog.windowModality() == Qt.WindowModality.NonModal
    assert copying.wait(10)
    # mid-copy, the app reads and writes through its own connection without waiting for the backup
    assert svc.clients.get(cid).name == "Alan Abbott"
    svc.notes.add(cid, "saved while the backup runs")
    release.set()
    with qtbot.waitSignal(job.succeeded, timeout=30000):
        pass
    assert dest.exists()
