"""Desktop app bootstrap: ``run(file, demo, smoke) -> exit code`` (the ``gui`` command of ``ui.entry``).

Sets up the application object and the error hook, then hands over to the :class:`~ui.shell.Shell`
(unlock window ↔ main window) or, with ``smoke``, to the smoke tour (:mod:`ui.smoke`). The demo
casebook is made by :mod:`ui.demo`.

The app follows the operating system's light or dark palette and high-DPI scaling (Qt 6 defaults);
no colours are hard-coded beyond semantic ones derived from the palette (``ui.widgets.semantic``).

Unexpected errors reach :func:`excepthook`, which logs only the exception's type and where it was
raised (never its message or values, which may hold client data) and shows one calm message.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.demo import DEMO_CLIENTS, DEMO_SEED, ensure_demo
from ui.shell import Shell
from ui.smoke import run_smoke, smoke_screens

log = logging.getLogger("casebook.ui")


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
_last_shown: float | None = None  # time.monotonic() when the last box was shown
ERROR_BOX_QUIET_SECONDS = 30


def excepthook(exc_type, exc, tb) -> None:
    """Log the type and location only (no message: it may contain client data); tell the user calmly."""
    global _showing_error
    frames = traceback.extract_tb(tb)[-6:]
    where = "; ".join(f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames)
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
    now = time.monotonic()
    if _last_shown is not None and now - _last_shown < ERROR_BOX_QUIET_SECONDS:  # one box, not a storm
        window = app.activeWindow()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 10000)
        return
    _showing_error = True
    try:
        QMessageBox.warning(app.activeWindow(), "Casebook", text)
    finally:
        _showing_error = False
        _last_shown = time.monotonic()


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
        shell.show_unlock(None, auto_unlock=False)
        shell.open_demo()
    else:
        shell.show_unlock(Path(file) if file else None)
    return int(app.exec())


__all__ = ["DEMO_CLIENTS", "DEMO_SEED", "Shell", "configure_application", "ensure_demo", "excepthook",
           "make_application", "run", "smoke_screens"]
