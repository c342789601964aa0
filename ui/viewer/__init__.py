"""The document viewers that are open, and what happens to them when the casebook locks.

:func:`open_document` opens a document at a page, or brings its viewer forward and turns to that page if
one is already open (one window per document). A viewer holds decrypted pages in memory, so when the
casebook locks the main window calls :func:`close_all_for_lock`, which remembers — in this process's
memory only, like :mod:`ui.drafts` — which documents were open at which page, and closes them; after
the *same* casebook is unlocked again :func:`restore` reopens them there. Another casebook unlocked
meanwhile never sees them.

:data:`signals` carries ``cited(target, target_id)`` from any viewer, so the record tabs showing that
record's citations refresh.
"""

from __future__ import annotations

import logging
import weakref
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from casebook.errors import CasebookError

log = logging.getLogger(__name__)


class _Signals(QObject):
    cited = Signal(str, int)


signals = _Signals()

_open: list[weakref.ref] = []
_kept: tuple[str, list[tuple[int, int]]] | None = None
#: The page each document was last closed at (this unlocked session only): it reopens there.
_last_page: dict[int, int] = {}


def _key(path) -> str:
    return str(Path(path).resolve())


def open_viewers() -> list:
    out = []
    for r in list(_open):
        v = r()
        if v is None or getattr(v, "_closing", False):
            _open.remove(r)
            continue
        out.append(v)
    return out


def viewer_of(document_id: int, services=None):
    for v in open_viewers():
        if v.document_id == document_id and (services is None or v.services is services):
            return v
    return None


def open_document(services, document_id: int, page: int | None = None, parent: QWidget | None = None,
                  cite_context: tuple[str, int] | None = None):
    """Show ``document_id`` at ``page`` (its viewer if open, else a new one). ``cite_context``: the record
    the user came from (target, id), offered first when they cite a page. Raises CasebookError (e.g.
    NotFound) if the document cannot be opened."""
    from ui.viewer.window import DocumentViewer

    v = viewer_of(document_id, services)
    if v is None:
        v = DocumentViewer(services, document_id, page or _last_page.get(document_id, 1), parent=_top(parent))
        _open.append(weakref.ref(v))
        v.cited.connect(signals.cited)
        v.closed.connect(_remember)
    elif page:
        v.go_to_page(page)
    if cite_context is not None:
        v.cite_context = cite_context
    v.show()
    v.raise_()
    v.activateWindow()
    return v


def _remember(document_id: int, page: int) -> None:
    _last_page[document_id] = page


def _top(parent: QWidget | None) -> QWidget | None:
    """Viewers belong to the main window (so they stay above it and go with it), not to a tab."""
    return parent.window() if parent is not None else None


def close_all() -> list[tuple[int, int]]:
    """Close every viewer; returns (document id, page) of each, oldest first."""
    places = []
    for v in open_viewers():
        places.append((v.document_id, v.page))
        try:
            v.close()
        except Exception as exc:  # noqa: BLE001 - locking must always complete
            log.warning("a viewer did not close cleanly: %s", type(exc).__name__)
            v.release()
    _open.clear()
    return places


def close_document(document_id: int) -> None:
    """The document has been deleted: close its viewer."""
    for v in open_viewers():
        if v.document_id == document_id:
            v.close()


def close_all_for_lock(path) -> int:
    """The casebook at ``path`` is locking: remember the open viewers' places (memory only) and close them."""
    global _kept
    places = close_all()
    _last_page.clear()  # ids belong to this casebook; the places kept below reopen after unlock
    if path is None:
        return 0
    if places:
        _kept = (_key(path), places)
    elif _kept is not None and _kept[0] == _key(path):
        _kept = None
    return len(places)


def kept() -> list[tuple[int, int]]:
    return list(_kept[1]) if _kept is not None else []


def discard() -> None:
    global _kept
    _kept = None
    _last_page.clear()


def restore(main_window) -> bool:
    """After unlock: reopen the viewers kept for this casebook, each at its page (once the window shows)."""
    global _kept
    session = getattr(main_window, "session", None)
    if _kept is None or session is None or _kept[0] != _key(session.path):
        return False
    places = _kept[1]
    _kept = None

    def reopen() -> None:
        if getattr(main_window, "torn_down", False):
            return
        for doc_id, page in places:
            try:
                open_document(main_window.services, doc_id, page, parent=main_window)
            except CasebookError as exc:  # deleted from the command line meanwhile
                main_window.statusBar().showMessage(f"A document could not be reopened: {exc.message}", 10000)

    QTimer.singleShot(0, reopen)
    return True


__all__ = [
    "close_all",
    "close_all_for_lock",
    "close_document",
    "discard",
    "kept",
    "open_document",
    "open_viewers",
    "restore",
    "signals",
    "viewer_of",
]
