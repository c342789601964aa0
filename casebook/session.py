"""One front door to a casebook file: open, create, the demo, change the passphrase, backup, restore.

The CLI and the desktop app both come through here, so the policy is written once:

* **Opening.** A passphrase if one is given; else a raw key if one is given; else the key remembered on
  this device (the OS keyring). A remembered key that no longer opens the file (the passphrase was
  changed elsewhere) is forgotten and the user is asked for the passphrase.
* **Remember on this device** keeps the raw key, never the passphrase (:mod:`casebook.store.keyring_store`);
  where no keyring exists it quietly does nothing and :func:`keyring_availability` says why.
* **Creating** never overwrites a file and refuses a passphrase weaker than :data:`MIN_STRENGTH`
  (:func:`casebook.store.keys.passphrase_strength`); so does **changing the passphrase**, which also
  re-remembers the key when the old one was remembered.
* **The demo** is built beside its final name and renamed into place only when complete, so a
  cancelled or failed demo leaves nothing behind.
* **Backup and restore** are verified copies (:mod:`casebook.store.backup`); both can be cancelled
  (:class:`casebook.errors.Cancelled`) and never overwrite a file.

Opening and creating return an :class:`OpenCasebook` (the open file and its
:class:`~casebook.services.Services`); the functions that work on an open casebook take that, its
services or the casebook itself. Every failure raises a :class:`casebook.errors.CasebookError` with a
message for the user (no client data in it).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Self

from casebook.clock import Clock
from casebook.errors import BadInput, Cancelled, CannotUnlock, WeakPassphrase, WrongPassphrase
from casebook.services import Services
from casebook.store import keyring_store
from casebook.store import keys as _keys
from casebook.store.casebook import SUFFIX, Casebook, file_id_of

MIN_STRENGTH = 2  #: the weakest passphrase strength (0–4) a new casebook or a new passphrase may have
DEMO_PASSPHRASE = "demo-passphrase"  #: the demo's passphrase is public: everyone in it is invented
STALE_KEY_MESSAGE = ("the key remembered on this device no longer opens this file (was the passphrase "
                     "changed?). Enter the passphrase")

Progress = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
Availability = keyring_store.Availability

__all__ = [
    "DEMO_PASSPHRASE", "MIN_STRENGTH", "SUFFIX", "Availability", "Cancelled", "IntegrityRun", "OpenCasebook",
    "WeakPassphrase",
    "backup", "change_passphrase", "check", "check_new_file", "check_new_passphrase", "create", "create_demo",
    "data_dir", "default_path", "demo_path", "file_id", "forget", "keyring_availability", "open",
    "open_services", "prepare",
    "passphrase_strength", "remembered_key", "restore", "with_suffix",
]


# ---------------------------------------------------------------------------- the background check
class IntegrityRun:
    """The full integrity check of an open casebook on a connection of its own, for a worker thread:
    :meth:`run` returns the problems found (empty when the file is sound); :meth:`cancel`, from any
    thread, interrupts it. The connection is closed when ``run`` returns."""

    def __init__(self, path: str | os.PathLike, key: bytes) -> None:
        import threading

        self._path = Path(path)
        self._key = key
        self._conn = None
        self._stop = threading.Event()
        self._lock = threading.Lock()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()

    def cancel(self) -> None:
        self._stop.set()
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    self._conn.interrupt()  # safe from another thread

    def run(self) -> list[str]:
        from casebook.store.casebook import integrity_problems

        if self._stop.is_set():
            return []
        cb = Casebook.open(self._path, key=self._key, check=False)
        self._key = b""
        try:
            with self._lock:
                self._conn = cb.conn
            if self._stop.is_set():
                return []
            return integrity_problems(cb.conn, deep=True)
        finally:
            with self._lock:
                self._conn = None
            cb.close()


# ---------------------------------------------------------------------------- the open casebook
class OpenCasebook:
    """An unlocked casebook file and its services. Always :meth:`close` it (or use ``with``)."""

    def __init__(self, cb: Casebook, services: Services | None = None, *, remembered: bool = False) -> None:
        self.cb = cb
        self.services = services if services is not None else Services(cb)
        self.remembered = remembered  #: whether its key is remembered on this device

    @property
    def path(self) -> Path:
        return self.cb.path

    @property
    def file_id(self) -> str:
        return self.cb.file_id

    @property
    def closed(self) -> bool:
        return self.cb.closed

    def remember_on_device(self, remember: bool) -> bool:
        """Keep (``True``) or forget (``False``) this file's key in the OS keyring.

        Returns whether the key is remembered afterwards (``False`` where no keyring exists).
        """
        if remember:
            self.remembered = keyring_store.remember_key(self.cb.file_id, self.cb.raw_key())
        else:
            keyring_store.forget_key(self.cb.file_id)
            self.remembered = False
        return self.remembered

    def close(self) -> None:
        if not self.cb.closed:
            with self.cb.lock:
                self.cb.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:  # never the key
        return f"OpenCasebook({self.cb.path.name!r}, closed={self.closed})"


def _casebook(source) -> Casebook:
    """The :class:`Casebook` of an :class:`OpenCasebook`, a :class:`Services` or a :class:`Casebook`."""
    return source.cb if isinstance(source, (OpenCasebook, Services)) else source


# ---------------------------------------------------------------------------- places and names
def data_dir() -> Path:
    """Casebook's folder in the user's data directory (the default casebook and the demo live here)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("Casebook", appauthor=False))


def default_path() -> Path:
    """The casebook used when no file is named."""
    return data_dir() / f"casebook{SUFFIX}"


def demo_path() -> Path:
    return data_dir() / f"demo{SUFFIX}"


def with_suffix(path: str | os.PathLike) -> Path:
    """``path`` with the ``.casebook`` suffix added if it does not have it."""
    p = Path(path).expanduser()
    return p if p.suffix == SUFFIX else p.with_name(p.name + SUFFIX)


def file_id(path: str | os.PathLike) -> str:
    """The file's id, readable before unlock; raises :class:`~casebook.errors.NotFound` if it is missing."""
    return file_id_of(Path(path))


# ---------------------------------------------------------------------------- keys and passphrases
def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """A rough 0–4 score and an English hint (see :func:`casebook.store.keys.passphrase_strength`)."""
    return _keys.passphrase_strength(passphrase)


def check_new_passphrase(passphrase: str) -> None:
    """Raise :class:`WeakPassphrase` if ``passphrase`` is too weak for a casebook."""
    score, hint = _keys.passphrase_strength(passphrase or "")
    if score < MIN_STRENGTH:
        raise WeakPassphrase(hint)


def keyring_availability() -> Availability:
    """Whether "remember on this device" works here, and why not where it does not."""
    return keyring_store.availability()


def remembered_key(path: str | os.PathLike) -> bytes | None:
    """The key remembered on this device for the file at ``path``; ``None`` if none (or no such file)."""
    try:
        return keyring_store.recall_key(file_id_of(Path(path)))
    except Exception:  # noqa: BLE001 - a missing or unreadable file simply has no remembered key
        return None


def forget(path: str | os.PathLike) -> None:
    """Forget the key remembered for ``path`` (nothing happens if none is)."""
    with contextlib.suppress(Exception):
        keyring_store.forget_key(file_id_of(Path(path)))


# ---------------------------------------------------------------------------- opening
def prepare(clock: Clock | None = None) -> None:
    """Load, once per process, what opening any casebook needs and no casebook holds: the shipped
    deadline rules and this year's England & Wales bank holidays (from the table
    :mod:`casebook.deadlines.calendar` reads; the ``holidays`` package itself is not loaded). Safe on
    any thread; the app calls it while its unlock window waits for the passphrase, so opening a file
    does not wait for it (issue 15)."""
    from casebook.clock import default_clock
    from casebook.deadlines.calendar import WorkingCalendar
    from casebook.deadlines.rules import default_rules

    default_rules()
    WorkingCalendar().bank_holiday_name((clock or default_clock()).today())


def open(path: str | os.PathLike, passphrase: str | None = None, *, key: bytes | None = None,
         use_remembered: bool = True, remember: bool | None = None,
         clock: Clock | None = None) -> OpenCasebook:
    """Unlock the casebook at ``path``.

    With ``passphrase``: that. Else with ``key``. Else (``use_remembered``) the key remembered on this
    device; a remembered key that no longer opens the file is forgotten (:data:`STALE_KEY_MESSAGE`).
    Nothing to open it with raises :class:`~casebook.errors.WrongPassphrase`. ``remember`` ``True`` /
    ``False`` remembers / forgets the key once open; ``None`` leaves the keyring as it is.
    """
    path = Path(path)
    stale_check = False
    if not passphrase and key is None and use_remembered:
        file_id_of(path)  # a missing file is reported as such, not as a missing passphrase
        key = remembered_key(path)
        stale_check = key is not None
    if not passphrase and key is None:
        raise WrongPassphrase("a passphrase is required to open this casebook")
    try:
        cb = Casebook.open(path, passphrase or None, key=None if passphrase else key)
    except WrongPassphrase:
        if stale_check:
            forget(path)
            raise WrongPassphrase(STALE_KEY_MESSAGE) from None
        raise
    opened = OpenCasebook(cb, Services(cb, clock))
    if cb.renormalised and remember is None and keyring_store.recall_key(cb.file_id) is not None:
        keyring_store.remember_key(cb.file_id, cb.raw_key())  # re-keyed to the NFC passphrase's key
    if remember is None:
        opened.remembered = keyring_store.recall_key(cb.file_id) is not None
    else:
        opened.remember_on_device(remember)
    return opened


def open_services(path: str | os.PathLike, passphrase: str | None = None, **kwargs) -> Services:
    """:func:`open`, returning just the services (``services.close()`` closes the file)."""
    return open(path, passphrase, **kwargs).services


# ---------------------------------------------------------------------------- creating
def check_new_file(path: str | os.PathLike) -> Path:
    """Raise :class:`~casebook.errors.BadInput` if a casebook may not be created at ``path``."""
    path = Path(path)
    if path.exists():
        raise BadInput(f"{path} already exists; Casebook never overwrites a file")
    return path


def create(path: str | os.PathLike, passphrase: str, *, remember: bool = False, parents: bool = False,
           clock: Clock | None = None) -> OpenCasebook:
    """Create a new, empty casebook at ``path`` and return it open.

    Refuses an existing file and a passphrase weaker than :data:`MIN_STRENGTH`; with ``parents`` the
    folder is created if missing. ``remember`` keeps the key on this device (see
    :attr:`OpenCasebook.remembered` for whether it could).
    """
    path = check_new_file(path)
    check_new_passphrase(passphrase)
    if parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    cb = Casebook.create(path, passphrase, clock=clock)
    opened = OpenCasebook(cb, Services(cb, clock))
    if remember:
        opened.remember_on_device(True)
    return opened


def _remove_file(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(str(path) + suffix)


def _put_in_place(partial: Path, path: Path) -> None:
    """Move the finished ``partial`` to ``path`` without ever replacing a file that appeared meanwhile."""
    try:
        os.link(partial, path)
    except FileExistsError:
        raise BadInput(f"{path} already exists; Casebook never overwrites a file") from None
    except OSError:  # a file system without hard links: check, then rename
        check_new_file(path)
        os.replace(partial, path)
    else:
        os.remove(partial)


def create_demo(path: str | os.PathLike | None = None, passphrase: str = DEMO_PASSPHRASE, *,
                clients: int = 25,
                seed: int = 1, as_of: _dt.date | None = None, progress: Progress | None = None,
                cancelled: CancelCheck | None = None, parents: bool = True,
                clock: Clock | None = None) -> Path:
    """Create a demo casebook of invented clients at ``path`` (default :func:`demo_path`); return the path.

    Built under a ``.partial`` name and renamed into place when complete, so a cancelled
    (:class:`~casebook.errors.Cancelled`) or failed demo leaves nothing. ``progress(done, total)`` is
    called per client; ``cancelled()`` is checked between clients. The demo's passphrase may be weak:
    it is published and the data is invented.
    """
    from casebook import demo

    path = check_new_file(Path(path) if path is not None else demo_path())
    if not 1 <= clients <= 20000:
        raise BadInput("a demo has from 1 to 20000 clients")
    if not passphrase:
        raise BadInput("a passphrase is required to create a casebook")
    if parents:
        path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.stem + ".partial" + path.suffix)
    _remove_file(partial)
    try:
        book = Casebook.create(partial, passphrase, clock=clock)
        try:
            demo.generate(Services(book, clock), clients=clients, seed=seed, as_of=as_of, progress=progress,
                          cancelled=cancelled)
        finally:
            book.close()
        _put_in_place(partial, path)
    except BaseException:
        _remove_file(partial)
        raise
    return path


# ---------------------------------------------------------------------------- changing the passphrase
def change_passphrase(opened: OpenCasebook | Services | Casebook, new: str, *,
                      current: str | None = None) -> bytes:
    """Re-encrypt the open casebook under ``new``; returns the new raw key.

    With ``current`` the current passphrase is checked first (nothing changes if it is wrong:
    :class:`~casebook.errors.WrongPassphrase`). A key remembered on this device is replaced by the new
    one; a file whose key was not remembered stays that way.
    """
    check_new_passphrase(new)
    cb = _casebook(opened)
    was_remembered = keyring_store.recall_key(cb.file_id) is not None
    key = cb.change_passphrase(new, current=current)
    if was_remembered:
        remembered = keyring_store.remember_key(cb.file_id, key)
        if isinstance(opened, OpenCasebook):
            opened.remembered = remembered
    return key


# ---------------------------------------------------------------------------- backup and restore
def backup(opened: OpenCasebook | Services | Casebook, dest: str | os.PathLike, *,
           progress: Progress | None = None, cancelled: CancelCheck | None = None) -> Path:
    """Write a verified, encrypted backup (same passphrase) to ``dest``, which must not exist."""
    from casebook.store import backup as backup_mod

    return backup_mod.backup(_casebook(opened), Path(dest).expanduser(), progress=progress,
                             cancelled=cancelled)


def restore(src: str | os.PathLike, dest: str | os.PathLike, passphrase: str | None = None, *,
            key: bytes | None = None, use_remembered: bool = True, progress: Progress | None = None,
            cancelled: CancelCheck | None = None) -> Path:
    """Verify the backup ``src`` and restore it as a new casebook ``dest`` (which must not exist).

    Unlocked like :func:`open`: the passphrase, else ``key``, else the key remembered on this device for
    the casebook it is a backup of (a backup keeps its file's id).
    """
    from casebook.store import backup as backup_mod

    src, dest = Path(src).expanduser(), Path(dest).expanduser()
    if not passphrase and key is None and use_remembered:
        file_id_of(src)  # a missing backup is reported as such
        key = remembered_key(src)
    if not passphrase and key is None:
        raise CannotUnlock("a passphrase is required to restore this backup")
    return backup_mod.restore(src, dest, passphrase or None, key=None if passphrase else key,
                              progress=progress, cancelled=cancelled)


def check(opened: OpenCasebook | Services | Casebook) -> dict:
    """The integrity report of an open casebook (no client data in it). With the casebook's services,
    the stored deadlines (derived data, schema 10) are also compared with a fresh computation from the
    chronology; any that are out of step are marked for rebuilding at the next view and reported under
    ``stored_deadlines`` — derived data put right, not damage, so it does not make the report fail."""
    from casebook.store import backup as backup_mod

    report = backup_mod.check(_casebook(opened))
    services = opened.services if isinstance(opened, OpenCasebook) else (
        opened if isinstance(opened, Services) else None)
    if services is not None and report["ok"]:
        differences = services.deadlines.verify_stored()
        if differences:
            services.deadlines.invalidate_stored()
        report["stored_deadlines"] = "; ".join(differences) if differences else "ok"
    return report
