"""The demo casebook, from the desktop: made once in the user's data folder, off the GUI thread, behind a
cancellable progress bar. What a demo is (invented clients, its public passphrase, built beside its
final name so a cancelled one leaves nothing) is the core's: :func:`casebook.session.create_demo`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from casebook import session

DEMO_CLIENTS = 40
DEMO_SEED = 1
DEMO_PASSPHRASE = session.DEMO_PASSPHRASE


def demo_path() -> Path:
    return session.demo_path()


def demo_builder(path: Path | None = None, clients: int | None = None):
    """The work of making the demo at ``path`` (default :func:`demo_path`), for a :class:`ui.workers.Job`:
    ``build(progress=None, cancelled=None) -> path``."""
    target = path or demo_path()

    def build(progress=None, cancelled=None) -> Path:
        return session.create_demo(target, clients=clients or DEMO_CLIENTS, seed=DEMO_SEED, progress=progress,
                                   cancelled=cancelled)

    return build


def ensure_demo(parent: QWidget | None = None, *, on_ready=None, on_failed=None, with_dialog: bool = True):
    """Create the demo casebook if it is missing (in a worker, behind a cancellable progress bar).

    ``on_ready(path)`` is called when the file exists; ``on_failed(message)`` if it could not be made
    (``None`` message when cancelled). Returns the job, or ``None`` if the file already existed.
    """
    path = demo_path()
    if path.exists():
        if on_ready:
            on_ready(path)
        return None
    from ui import workers

    fn = demo_builder(path)
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


__all__ = ["DEMO_CLIENTS", "DEMO_PASSPHRASE", "DEMO_SEED", "demo_builder", "demo_path", "ensure_demo"]
