"""The smoke tour: open the demo casebook, render every screen once, lock, exit (``casebook gui --smoke``).

The client view's tabs come from :data:`ui.views.registry.CLIENT_TABS`, so a new tab is toured as soon
as it is registered. The screenshot tests run the same tour with a ``render`` that saves each screen.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QWidget

from casebook.domain.parole import PAROLE_MATTER_TYPES
from ui.demo import demo_path, ensure_demo
from ui.shell import Shell
from ui.views.registry import CLIENT_TABS

INDETERMINATE = frozenset({"IPP", "DPP", "LIFE"})


def _wait(predicate, timeout_ms: int = 60000) -> bool:
    """Spin the event loop until ``predicate()`` or the timeout."""
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_ms / 1000
    while not predicate():
        if time.monotonic() > deadline:
            return False
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    return True


def smoke_screens(shell: Shell, render=None) -> list[str]:
    """Visit every screen once on the demo casebook; ``render(name, widget)`` is called for each.

    Returns the names of the screens visited. Raises ``RuntimeError`` naming the screen that failed.
    """
    render = render or (lambda _name, widget: widget.grab())
    visited: list[str] = []

    def shot(name: str, widget: QWidget) -> None:
        QApplication.processEvents()
        img = render(name, widget)
        if img is not None and hasattr(img, "isNull") and img.isNull():
            raise RuntimeError(f"{name}: rendered nothing")
        visited.append(name)

    job = ensure_demo(None, with_dialog=False)
    if job is not None and not _wait(lambda: job.outcome is not None):
        raise RuntimeError("demo: creating the demo casebook timed out")
    if job is not None and job.outcome != "ok":
        raise RuntimeError(f"demo: {job.message or 'cancelled'}")
    unlock = shell.show_unlock(demo_path(), auto_unlock=False)
    unlock.resize(560, 470)
    shot("unlock", unlock)
    unlock.unlock()
    _wait(lambda: shell.main_window is not None or not unlock.is_busy())
    if shell.main_window is None:
        msg = unlock.message.text().rstrip(".")
        raise RuntimeError(f"unlock: the demo did not open ({msg or 'timed out'})")
    mw = shell.main_window
    mw.resize(1280, 800)
    shot("this-week", mw)
    ids = mw.navigator.model.ids()
    if not ids:
        raise RuntimeError("main window: the demo has no clients")
    # The client with the most to show (open matters) makes the most useful check.
    nav = mw.navigator.model
    best = max(ids[:20], key=lambda i: int(nav.index(nav.row_of(i), 3).data() or 0))
    mw.select_client(best)
    shot("client", mw)
    cv = mw.client_view
    for tab in CLIENT_TABS:  # every registered tab, in order
        try:
            cv.show_tab(tab.key)
        except KeyError:
            raise RuntimeError(f"client view: no {tab.plain_title} tab") from None
        shot(f"client-{tab.key}", mw)
    # A document in the page viewer, if the demo has one: its client's Documents tab, then the viewer
    # at a page in the middle, with a word found on it.
    if _tour_documents(mw, shot):
        mw.select_client(best)
    # A matter's deadlines and its parole-review timeline.
    cv.show_tab("matters")
    matter_view = cv.matters.view
    if matter_view.matter_id is None:
        raise RuntimeError("matters: the demo client's matter did not open")
    matter_view.tabs.setCurrentWidget(matter_view.deadlines)
    shot("matter-deadlines", mw)
    # Its letters: the templates, what the representations would leave empty, what was generated.
    matter_view.tabs.setCurrentWidget(matter_view.letters)
    letters = matter_view.letters
    letters.select_template("representations")
    letters.refresh_empty_fields()
    if not letters.templates.rowCount():
        raise RuntimeError("letters: no letter templates are listed")
    shot("matter-letters", mw)
    # A parole matter's directions and oral hearing (the demo lists a hearing for two of them).
    listed = next((m for m in mw.services.matters.list(status="open")
                   if m.type in PAROLE_MATTER_TYPES and mw.services.hearings.current(m.id)), None)
    if listed is not None:
        mw.open_matter(listed.id)
        matter_view.tabs.setCurrentWidget(matter_view.parole)
        shot("matter-directions", mw)
    # A matter's time, legal aid and fee meter, Visit mode on it (not started: nothing is written to the
    # demo) and the month's claims (issue 14).
    with_legal_aid = next((m for m in mw.services.matters.list(status="open")
                           if mw.services.legal_aid.for_matter(m.id)), None)
    if with_legal_aid is not None:
        mw.open_matter(with_legal_aid.id)
        matter_view.tabs.setCurrentWidget(matter_view.time)
        shot("matter-time", mw)
        if mw.show_visit_mode() is None:
            raise RuntimeError("visit mode: it did not open on the matter shown")
        shot("visit-mode", mw)
        mw.visit_view.leave()
    mw.show_claims()
    shot("claims", mw)
    mw.claims_view.leave_requested.emit()
    # The release-date check of a client on an indeterminate sentence (review and licence milestones)
    # and of one on a determinate sentence (our dates beside the prison's).
    for name, wanted in (("release-dates-ipp", INDETERMINATE), ("release-dates", None)):
        for cid in ids:
            types = {s.sentence_type for s in mw.services.clients.sentences(cid)}
            if types and (types <= wanted if wanted else not types & INDETERMINATE):
                break
        else:
            continue
        mw.select_client(cid)
        cv.show_tab("overview")
        QApplication.processEvents()
        cv.overview.scroll_to_release_dates()
        shot(name, mw)
    mw.open_search()
    mw.search_panel.query.setText("dossier")
    mw.search_panel.run_query()
    shot("search", mw.search_panel)
    mw.search_panel.hide()
    mw.show_home()
    shot("this-week-again", mw)
    shell.lock()
    if shell.session is not None or shell.unlock_window is None:
        raise RuntimeError("lock: the casebook did not lock")
    shot("locked", shell.unlock_window)
    return visited


def _tour_documents(mw, shot) -> bool:
    """Show the first demo client with documents on its Documents tab and its first document in the
    viewer (then close it). False if the demo has no documents."""
    from ui import viewer

    services = mw.services
    for cid in mw.navigator.model.ids():
        docs = services.documents.for_client(cid)
        if docs:
            break
    else:
        return False
    doc = max(docs, key=lambda d: d.pages)
    mw.select_client(cid)
    tab = mw.client_view.show_tab("documents")
    tab.select(doc.id)
    shot("client-documents-filled", mw)
    v = viewer.open_document(services, doc.id, max(1, min(doc.pages, 3)), parent=mw)
    try:
        v.resize(min(1366, mw.width()), min(768, mw.height()))
        _wait(lambda: v.canvas.image() is not None or not v.can_render, 10000)
        if v.can_render:
            v.find("risk")
            _wait(lambda: v.canvas.image() is not None, 10000)
        if v.can_render and v.canvas.image() is None:
            raise RuntimeError("viewer: the page was not rendered")
        shot("viewer", v)
    finally:
        v.close()
    # The global search finds the page too ("Dossier p.4 — Previous Parole Board decision").
    mw.open_search()
    mw.search_panel.query.setText("panel noted")
    mw.search_panel.run_query()
    shot("search-pages", mw.search_panel)
    mw.search_panel.hide()
    return True


def _quiet_offscreen_messages() -> None:
    """The offscreen platform reports every window-manager call it cannot honour; nobody needs that."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode, _context, message: str) -> None:
        if message.startswith("This plugin does not support"):
            return
        sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def run_smoke(app: QApplication) -> int:
    """The tour with a throwaway settings file; one line on stderr; exit code 0 or 1."""
    from ui import settings as settings_mod

    if app.platformName() == "offscreen":
        _quiet_offscreen_messages()
    with tempfile.TemporaryDirectory(prefix="casebook-smoke-") as tmp:
        # A throwaway settings file: a smoke run leaves the user's recent files and windows alone.
        settings_mod.use_settings(settings_mod.Settings(Path(tmp) / "settings.ini"))
        shell = Shell()
        try:
            visited = smoke_screens(shell)
        except Exception as exc:  # noqa: BLE001 - one line, no traceback
            from casebook.errors import CasebookError

            msg = exc.message if isinstance(exc, CasebookError) else str(exc) or type(exc).__name__
            print(f"casebook: smoke test failed: {msg}", file=sys.stderr)
            shell.shutdown()
            return 1
        finally:
            settings_mod.use_settings(None)
        shell.shutdown()
    print(f"casebook: smoke test passed ({len(visited)} screens: {', '.join(visited)})", file=sys.stderr)
    return 0


__all__ = ["run_smoke", "smoke_screens"]
