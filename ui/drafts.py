"""Unsaved drafts survive a lock: kept in memory while the casebook is locked, reopened after unlock.

When the casebook locks (Ctrl+L, the idle lock, the computer locking, opening another file) the
shell calls :func:`keep_drafts` *before* it closes the dialogs. Every edit dialog still open
(every :class:`~ui.widgets.form.FormDialog`: client, matter, event, note, sentence, key dates,
adjustment, override, snooze …) gives its field values and how it was opened; the main window gives
the place the user was on (This week, or a client, its tab, the matter and the matter's tab). All of
it stays in this process's memory — never in the settings, a temporary file or the log — and the
lock still drops every model and closes the database.

After the *same* casebook is unlocked again, :func:`restore_into` (called by the main window) goes
back to that place and reopens each dialog with the values as typed, saying so at its top; saving
works as before and the view refreshes. A wrong passphrase changes nothing here. Closing the lock
screen (quitting) while drafts are kept asks first (:func:`may_discard`); unlocking another
casebook keeps them for this one until the program quits.
"""

from __future__ import annotations

import inspect
import logging
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

RESTORED_TEXT = "Kept while the casebook was locked: not saved yet."

# The dialogs on screen, oldest first (FormDialog registers itself when shown, leaves when closed).
_open: list[weakref.ref] = []


def dialog_shown(dialog) -> None:
    if not any(r() is dialog for r in _open):
        _open.append(weakref.ref(dialog))


def dialog_closed(dialog) -> None:
    _open[:] = [r for r in _open if r() is not None and r() is not dialog]


def open_dialogs() -> list:
    return [d for d in (r() for r in _open) if d is not None and d.isVisible()]


@dataclass
class Draft:
    """One unsaved dialog: its class, how it was opened (the services and parent left out) and its
    field values. Client data, so memory only."""

    cls: type
    args: dict[str, Any]
    values: dict[str, Any]
    title: str = ""


@dataclass
class Kept:
    path: str
    place: dict[str, Any] = field(default_factory=dict)
    drafts: list[Draft] = field(default_factory=list)


_kept: Kept | None = None


def _key(path) -> str:
    return str(Path(path).resolve())


def pending(path=None) -> bool:
    """Are drafts kept (for ``path``, or for any casebook)?"""
    if _kept is None or not _kept.drafts:
        return False
    return path is None or _kept.path == _key(path)


def discard() -> None:
    global _kept
    _kept = None


def capture(dialog) -> Draft | None:
    """The draft of one open FormDialog, or None if it cannot be reopened."""
    ctor = getattr(dialog, "_ctor_args", None)
    if ctor is None:
        return None
    args = {k: v for k, v in ctor.items() if k not in ("services", "parent", "self")}
    try:
        values = dialog.draft_values()
    except Exception as exc:  # noqa: BLE001 - locking must always complete
        log.warning("a draft could not be kept: %s", type(exc).__name__)
        return None
    return Draft(type(dialog), args, values, dialog.windowTitle())


def keep_drafts(main_window) -> int:
    """Called by the shell as the casebook locks, before any dialog closes. Returns how many."""
    global _kept
    session = getattr(main_window, "session", None)
    if main_window is None or session is None:
        return 0
    drafts = [d for d in (capture(dlg) for dlg in open_dialogs()) if d is not None]
    # Drafts restored after the last unlock but not reopened yet (locked again meanwhile) stay kept.
    drafts += getattr(main_window, "queued_drafts", [])
    main_window.queued_drafts = []
    _open.clear()
    key = _key(session.path)
    if not drafts:
        if _kept is not None and _kept.path == key:
            _kept = None
        return 0
    place = {}
    try:
        place = main_window.place()
    except Exception as exc:  # noqa: BLE001
        log.warning("the current screen could not be kept: %s", type(exc).__name__)
    _kept = Kept(key, place, drafts)
    return len(drafts)


def kept_drafts() -> list[Draft]:
    return list(_kept.drafts) if _kept is not None else []


def restore_into(main_window) -> bool:
    """Called by a newly built main window: if drafts are kept for its casebook, go back to the place
    and reopen them (once the window is showing). True if there was something to restore."""
    global _kept
    session = main_window.session
    if _kept is None or _kept.path != _key(session.path):
        return False
    kept, _kept = _kept, None
    try:
        main_window.go_to(kept.place)
    except Exception as exc:  # noqa: BLE001 - the drafts matter more than the place
        log.warning("the screen could not be restored: %s", type(exc).__name__)
    main_window.queued_drafts = list(kept.drafts)
    QTimer.singleShot(0, lambda: _reopen_queued(main_window))
    return True


def _reopen_queued(main_window) -> None:
    """One after the other; a lock meanwhile keeps the rest (see :func:`keep_drafts`)."""
    while getattr(main_window, "queued_drafts", None) and not main_window.torn_down:
        reopen(main_window, main_window.queued_drafts.pop(0))


def build(main_window, draft: Draft):
    """The dialog of ``draft`` over this session's services, with the values as they were typed."""
    params = inspect.signature(draft.cls.__init__).parameters
    kwargs = dict(draft.args)
    if "services" in params:
        kwargs["services"] = main_window.services
    if "parent" in params:
        kwargs["parent"] = main_window
    dialog = draft.cls(**kwargs)
    dialog.restore_draft(draft.values)
    dialog.show_restored_note(RESTORED_TEXT)
    return dialog


def reopen(main_window, draft: Draft) -> bool:
    """Reopen one draft; True if the user saved it."""
    from casebook.errors import CasebookError
    from ui.widgets import form

    try:
        dialog = build(main_window, draft)
    except CasebookError as exc:  # e.g. the record was deleted from the command line meanwhile
        main_window.statusBar().showMessage(
            f"An unsaved “{draft.title}” could not be reopened: {exc.message}", 15000)
        return False
    saved = form.run_dialog(dialog)
    if saved and not main_window.torn_down:
        main_window.refresh()
        main_window.statusBar().showMessage("Saved.", 5000)
    return bool(saved)


def may_discard(parent: QWidget | None) -> bool:
    """Quitting from the lock screen: True if there is nothing kept, or the user agrees to lose it."""
    if not pending():
        return True
    n = len(_kept.drafts)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Quit Casebook")
    box.setText(f"{'An unsaved form was' if n == 1 else f'{n} unsaved forms were'} kept when the casebook "
                "locked. Quit and lose " + ("it?" if n == 1 else "them?"))
    box.setInformativeText("Unlock the casebook to finish and save " + ("it." if n == 1 else "them."))
    lose = box.addButton("Quit and lose " + ("it" if n == 1 else "them"),
                         QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton("Don't quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    _ask(box)
    if box.clickedButton() is lose:
        discard()
        return True
    return False


def _ask(box: QMessageBox) -> None:
    """Show the question (tests replace this)."""
    box.exec()


__all__ = [
    "RESTORED_TEXT",
    "Draft",
    "discard",
    "keep_drafts",
    "kept_drafts",
    "may_discard",
    "pending",
    "restore_into",
]
