"""Backup: choose where (a native save dialog), then copy in a worker behind a cancellable progress bar.

The core writes a verified, encrypted copy that opens with the same passphrase, never overwrites a
file, and leaves nothing behind when cancelled or failed (:func:`casebook.session.backup`).

The copy reads through a connection of its own (a snapshot), so the app stays usable while it runs
(issue 15): the progress dialog is not modal, and work saved meanwhile goes into the next backup.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from platformdirs import user_documents_dir
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from casebook import session
from casebook.clock import default_clock
from casebook.session import SUFFIX
from ui import settings as settings_mod
from ui.workers import Job, run_with_progress


def suggested_name(cb, today: _dt.date | None = None) -> str:
    today = today or default_clock().today()
    return f"{Path(cb.path).stem} backup {today.isoformat()}{SUFFIX}"


def default_folder() -> Path:
    remembered = settings_mod.settings().get(settings_mod.BACKUP_FOLDER)
    for candidate in (remembered, user_documents_dir(), str(Path.home())):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path.home()


def choose_destination(parent: QWidget | None, cb) -> Path | None:
    folder = default_folder()
    path, _ = QFileDialog.getSaveFileName(parent, "Back up the casebook to", str(folder / suggested_name(cb)),
                                          "Casebooks (*.casebook)")
    if not path:
        return None
    if not path.endswith(SUFFIX):
        path += SUFFIX
    return Path(path)


def start_backup(parent: QWidget | None, cb, dest: str | Path) -> Job:
    """Start the backup of ``cb`` to ``dest``; connect to the returned job's signals for the outcome."""
    dest = Path(dest)
    settings_mod.settings().set(settings_mod.BACKUP_FOLDER, str(dest.parent))
    job = run_with_progress(
        lambda progress, cancelled: session.backup(cb, dest, progress=progress, cancelled=cancelled),
        title="Backing up", label=f"Writing an encrypted backup to {dest.name}… (you can keep working)",
        parent=parent, name="backup")
    job.dialog.setWindowModality(Qt.WindowModality.NonModal)
    return job
