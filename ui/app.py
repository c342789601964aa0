"""Desktop app bootstrap: ``run(file, demo, smoke) -> exit code`` (called by ``casebook gui``).

:class:`Shell` is the controller that moves between the two top-level windows: the unlock window
and, once a casebook is open, the main window. Locking (Ctrl+L, idle time, opening another file)
tears the main window's models and views down, closes the casebook, clears the clipboard if it still
holds what Casebook copied, and shows the unlock window with the same file preselected.

The app follows the operating system's light or dark palette and high-DPI scaling (Qt 6 defaults);
no colours are hard-coded beyond semantic ones derived from the palette (``ui.widgets.semantic``).

Unexpected errors reach :func:`excepthook`, which logs only the exception's type and where it was
raised (never its message or values, which may hold client data) and shows one calm message.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QTabWidget, QWidget

log = logging.getLogger("casebook.ui")

DEMO_CLIENTS = 40
DEMO_SEED = 1


# ---------------------------------------------------------------------------- application object
def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    configure_application(app)
    return app


def configure_application(app: QApplication) -> None:
    app.setApplicationName("Casebook")
    app.setOrganizationName("Casebook")
    app.setApplicationDisplayName("Casebook")
    from casebook import __version__

    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)  # the Shell decides when to quit (a lock closes a window)
    from ui.widgets import app_icon

    app.setWindowIcon(app_icon())


# ---------------------------------------------------------------------------- errors
_showing_error = False
_last_shown = 0.0
ERROR_BOX_QUIET_SECONDS = 30


def excepthook(exc_type, exc, tb) -> None:
    """Log the type and location only (no message: it may contain client data); tell the user calmly."""
    global _showing_error
    where = "; ".join(f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb)[-6:])
    log.error("unexpected %s at %s", getattr(exc_type, "__name__", "error"), where or "unknown place")
    from casebook.errors import CasebookError

    if isinstance(exc, CasebookError):
        text = exc.message[:1].upper() + exc.message[1:]
    else:
        text = ("Something went wrong. Your casebook is safe: everything saved is in the encrypted file. "
                "If this keeps happening, lock the casebook (Ctrl+L) and open it again.")
    app = QApplication.instance()
    if app is None or _showing_error or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        return
    global _last_shown
    now = _dt.datetime.now().timestamp()
    if now - _last_shown < ERROR_BOX_QUIET_SECONDS:  # one box, not a storm of them
        window = app.activeWindow()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 10000)
        return
    _showing_error = True
    try:
        QMessageBox.warning(app.activeWindow(), "Casebook", text)
    finally:
        _showing_error = False
        _last_shown = _dt.datetime.now().timestamp()


# ---------------------------------------------------------------------------- demo file
def ensure_demo(parent: QWidget | None = None, *, on_ready=None, on_failed=None, with_dialog: bool = True):
    """Create the demo casebook if it is missing (in a worker, behind a cancellable progress bar).

    ``on_ready(path)`` is called when the file exists; ``on_failed(message)`` if it could not be made
    (``None`` message when cancelled). Returns the job, or ``None`` if the file already existed.
    """
    from ui.unlock import demo_path

    path = demo_path()
    if path.exists():
        if on_ready:
            on_ready(path)
        return None
    from ui import workers

    fn = _demo_builder(path)
    if with_dialog:
        job = workers.run_with_progress(fn, title="Preparing the demo",
                                        label="Creating a demo casebook of invented clients…", parent=parent,
                                        name="demo")
    else:
        job = workers.Job(fn, name="demo")
        job.start()
    if on_ready:
        job.succeeded.connect(lambda _r: on_ready(path))
    if on_failed:
        job.failed.connect(on_failed)
        job.was_cancelled.connect(lambda: on_failed(None))
    return job


def _demo_builder(path: Path):
    def build(progress=None, cancelled=None):
        from casebook import demo
        from casebook.services import Services
        from casebook.store import Casebook
        from ui.unlock import DEMO_PASSPHRASE

        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.stem + ".partial" + path.suffix)
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(str(partial) + suffix)
        try:
            book = Casebook.create(partial, DEMO_PASSPHRASE)
            try:
                demo.generate(Services(book), clients=DEMO_CLIENTS, seed=DEMO_SEED, progress=progress,
                              cancelled=cancelled)
            finally:
                book.close()
            os.replace(partial, path)
        except BaseException:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(str(partial) + suffix)
            raise
        return path

    return build


# ---------------------------------------------------------------------------- the shell
class Shell(QObject):
    """Moves between the unlock window and the main window; owns the session and the idle watcher."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from ui.session import IdleWatcher, clipboard_guard

        self.unlock_window = None
        self.main_window = None
        self.session = None
        self.reminder: str | None = None
        clipboard_guard()
        self.idle = IdleWatcher(parent=self)
        self.idle.idle.connect(self.idle_lock)
        from ui.screenlock import ScreenLockWatcher

        self.screen_lock = ScreenLockWatcher(self)
        self.screen_lock.screen_locked.connect(self.screen_locked)
        from ui import settings as settings_mod

        settings_mod.settings().changed.connect(self._setting_changed)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        # macOS: a .casebook double-clicked in the Finder arrives as a FileOpen event.
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.FileOpen and event.file().endswith(".casebook"):
            if self.session is None:
                if self.unlock_window is None:
                    self.show_unlock(event.file(), auto_unlock=False)
                else:
                    self.unlock_window.open_file(event.file())
            return True
        return False

    def _setting_changed(self, key: str) -> None:
        from ui import settings as settings_mod

        if key == settings_mod.IDLE_LOCK_MINUTES.key:
            self.idle.set_minutes(settings_mod.settings().get(settings_mod.IDLE_LOCK_MINUTES))

    # ------------------------------------------------------------------ unlock window
    def show_unlock(self, path=None, *, auto_unlock: bool = True, message: str = "", mode: str = "open"):
        from ui.unlock import UnlockWindow

        if self.unlock_window is not None:
            self.unlock_window.dismiss()
            self.unlock_window.deleteLater()
        w = UnlockWindow(path, auto_unlock=auto_unlock, message=message)
        w.unlocked.connect(self._on_unlocked)
        w.demo_requested.connect(self.open_demo)
        w.closed_by_user.connect(self.quit)
        self.unlock_window = w
        if mode == "new":
            w.show_create()
        w.show()
        w.raise_()
        w.activateWindow()
        if mode == "browse":
            QTimer.singleShot(0, w.browse)
        return w

    def open_demo(self) -> None:
        parent = self.unlock_window

        def ready(path):
            if self.unlock_window is not None:
                self.unlock_window.open_file(path)
            else:
                self.show_unlock(path)

        def failed(message):
            if message and self.unlock_window is not None:
                self.unlock_window.message.show_message(message)

        self._demo_job = ensure_demo(parent, on_ready=ready, on_failed=failed)

    # ------------------------------------------------------------------ main window
    def _on_unlocked(self, cb) -> None:
        from ui.main_window import MainWindow
        from ui.session import Session

        self.session = Session(cb)
        try:
            self.main_window = MainWindow(self.session)
        except Exception as exc:  # noqa: BLE001 - never leave an open casebook without a window
            log.error("main window could not be built: %s", type(exc).__name__)
            self.session.close()
            self.session = None
            if self.unlock_window is not None:
                self.unlock_window.message.show_message(
                    "The casebook opened, but its window could not be shown, so it was closed again. "
                    "Nothing was changed.")
            return
        self.main_window.lock_requested.connect(self.lock)
        self.main_window.switch_requested.connect(self.switch)
        self.main_window.open_path_requested.connect(self.open_other)
        self.main_window.quit_requested.connect(self.quit)
        self.main_window.screen_lock_watcher = self.screen_lock
        self.main_window.show()
        self.screen_lock.watch_window(self.main_window)
        if self.unlock_window is not None:
            self.unlock_window.dismiss()
            self.unlock_window.deleteLater()
            self.unlock_window = None
        self.idle.start()
        self.reminder = self.main_window.show_overdue_reminder()

    def _close_transient_windows(self) -> None:
        """Dialogs, message boxes and menus opened over the main window go before the casebook closes."""
        from PySide6.QtWidgets import QDialog, QMenu

        for w in QApplication.topLevelWidgets():
            if w is self.unlock_window or w is self.main_window or not w.isVisible():
                continue
            if isinstance(w, QDialog):
                w.reject()
                if w.isVisible():
                    w.hide()
            elif isinstance(w, QMenu):
                w.close()

    def _close_session(self) -> Path | None:
        self.idle.stop()
        path = None
        if self.main_window is not None:
            from ui.drafts import keep_drafts

            keep_drafts(self.main_window)  # unsaved dialogs and the screen, in memory, before they close
            self._close_transient_windows()
        if self.main_window is not None:
            self.main_window.teardown()
            self.main_window.close()
            self.main_window.deleteLater()
            self.main_window = None
        if self.session is not None:
            path = self.session.path
            self.session.close()
            self.session = None
        return path

    def lock(self, message: str = "Locked. Enter the passphrase to open the casebook again.") -> None:
        if self.session is None:
            return
        path = self._close_session()
        self.show_unlock(path, auto_unlock=False, message=message)

    def idle_lock(self) -> None:
        from ui import settings as settings_mod

        minutes = settings_mod.settings().get(settings_mod.IDLE_LOCK_MINUTES)
        self.lock(f"Locked after {minutes} minute{'' if minutes == 1 else 's'} without use.")

    def screen_locked(self, reason: str) -> None:
        """The computer locked or is going to sleep: lock too, unless the user turned that off."""
        from ui import settings as settings_mod

        if self.session is not None and settings_mod.settings().get(settings_mod.LOCK_ON_SCREEN_LOCK):
            self.lock(f"Locked because {reason}.")

    def switch(self, mode: str) -> None:
        path = self._close_session()
        self.show_unlock(path, auto_unlock=False, mode="new" if mode == "new" else "browse")

    def open_other(self, path: str) -> None:
        """Lock this casebook and open ``path`` (unlocking at once if its key is remembered)."""
        self._close_session()
        w = self.show_unlock(None, auto_unlock=False)
        w.open_file(path)

    def quit(self) -> None:
        self.shutdown()
        QApplication.instance().quit()

    def shutdown(self) -> None:
        """Close everything without quitting the application object (tests, smoke, aboutToQuit)."""
        from ui import workers

        self._close_session()
        if self.unlock_window is not None:
            self.unlock_window.dismiss()
            self.unlock_window.deleteLater()
            self.unlock_window = None
        self.idle.stop()
        self.screen_lock.stop()
        workers.wait_for_all()


# ---------------------------------------------------------------------------- run
def run(file: str | os.PathLike | None = None, demo: bool = False, smoke: bool = False) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if smoke and QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = make_application()
    if smoke:
        return run_smoke(app)
    sys.excepthook = excepthook
    shell = Shell()
    app.installEventFilter(shell)
    app.aboutToQuit.connect(shell.shutdown)
    if demo:
        w = shell.show_unlock(None, auto_unlock=False)
        shell.open_demo()
        _ = w
    else:
        shell.show_unlock(Path(file) if file else None)
    return int(app.exec())


def _wait(predicate, timeout_ms: int = 60000) -> bool:
    """Spin the event loop until ``predicate()`` or the timeout."""
    loop = QEventLoop()
    deadline = _dt.datetime.now() + _dt.timedelta(milliseconds=timeout_ms)
    while not predicate():
        if _dt.datetime.now() > deadline:
            return False
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    return True


def smoke_screens(shell: Shell, render=None) -> list[str]:
    """Visit every screen once on the demo casebook; ``render(name, widget)`` is called for each.

    Returns the names of the screens visited. Raises ``RuntimeError`` naming the screen that failed.
    """
    from ui.unlock import demo_path

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
    best = max(ids[:20], key=lambda i: int(mw.navigator.model.index(mw.navigator.model.row_of(i), 3).data() or 0))
    mw.select_client(best)
    shot("client", mw)
    tabs = mw.client_view.findChildren(QTabWidget)
    if not tabs:
        raise RuntimeError("client view: no tabs")
    main_tabs = tabs[0]
    for wanted in ("Overview", "Chronology", "Matters", "Notes"):
        for i in range(main_tabs.count()):
            if main_tabs.tabText(i).replace("&", "").startswith(wanted):
                main_tabs.setCurrentIndex(i)
                shot(f"client-{wanted.lower()}", mw)
                break
        else:
            raise RuntimeError(f"client view: no {wanted} tab")
    # A matter's deadlines and its parole-review timeline.
    cv = mw.client_view
    main_tabs.setCurrentWidget(cv.matters)
    matter_view = cv.matters.view
    if matter_view.matter_id is None:
        raise RuntimeError("matters: the demo client's matter did not open")
    matter_view.tabs.setCurrentWidget(matter_view.deadlines)
    shot("matter-deadlines", mw)
    # The release-date check of a client on an indeterminate sentence (review and licence milestones)
    # and of one on a determinate sentence (our dates beside the prison's).
    for name, wanted in (("release-dates-ipp", {"IPP", "DPP", "LIFE"}), ("release-dates", None)):
        for cid in ids:
            types = {s.sentence_type for s in mw.services.clients.sentences(cid)}
            if types and (types <= wanted if wanted else not types & {"IPP", "DPP", "LIFE"}):
                break
        else:
            continue
        mw.select_client(cid)
        main_tabs.setCurrentWidget(cv.overview)
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


def _quiet_offscreen_messages() -> None:
    """The offscreen platform reports every window-manager call it cannot honour; nobody needs that."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode, _context, message: str) -> None:
        if message.startswith("This plugin does not support"):
            return
        sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def run_smoke(app: QApplication) -> int:
    import tempfile

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
