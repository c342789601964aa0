"""One casebook = one SQLCipher 4 file.

Opening order matters: key → prove the key by reading the schema → refuse a newer schema version
*before* anything is written (WAL mode and migrations both write) → integrity checks → WAL, foreign
keys, migrations. Every failure is mapped to a user-facing :class:`CannotUnlock` subclass with a
message that carries no client data.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

from casebook.clock import Clock, default_clock
from casebook.errors import BadInput, CannotUnlock, DamagedFile, NotFound, TooNew, WrongPassphrase
from casebook.store import cipher, faults, keys
from casebook.store.migrations import SCHEMA_VERSION, migrate, schema_version
from casebook.store.sqlite import DatabaseError, dbapi, sqlite_utils

SUFFIX = ".casebook"
MIN_FILE_BYTES = 1024  # one SQLCipher page is 4096 bytes; anything shorter is not a casebook


def read_salt(path: Path) -> bytes:
    """The SQLCipher file salt: the first 16 bytes of the file, stored in the clear by design."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(keys.SALT_BYTES)
        size = path.stat().st_size
    except FileNotFoundError:
        raise NotFound(f"no casebook at {path}") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder, not a casebook file") from None
    except PermissionError:
        raise CannotUnlock(f"cannot read {path}: permission denied") from None
    if size < MIN_FILE_BYTES or len(head) < keys.SALT_BYTES:
        raise faults.too_short(path, size)
    return head


def file_id_of(path: Path) -> str:
    """A stable id for a casebook file, readable before unlock (the hex of its salt)."""
    return read_salt(Path(path)).hex()


class Casebook:
    """An open, unlocked casebook. Use :meth:`create` or :meth:`open`; always :meth:`close`."""

    #: Where timestamps come from (the process default until :class:`casebook.services.Services`
    #: sets its own clock here).
    clock: Clock | None = None

    def __init__(self, path: Path, conn, key: bytes, salt: bytes,
                 page_format: cipher.PageFormat = cipher.CURRENT):
        self.path = Path(path)
        self.conn = conn
        self._key = key
        self.salt = salt
        #: how its pages are authenticated (:mod:`casebook.store.cipher`); a connection of its own on the
        #: same file (a backup's snapshot) is keyed with the same
        self.page_format = page_format
        self.file_id = salt.hex()
        self.db = sqlite_utils.Database(conn, execute_plugins=False)
        self.lock = threading.RLock()
        self._bulk = 0
        #: whether opening re-keyed the file to its passphrase's NFC form (see :meth:`open`)
        self.renormalised = False

    # ------------------------------------------------------------------ creating and opening
    @classmethod
    def create(cls, path: str | os.PathLike, passphrase: str, *, clock: Clock | None = None) -> Casebook:
        """Create a new, empty casebook. Never overwrites an existing file."""
        path = Path(path)
        if not passphrase:
            raise BadInput("a passphrase is required to create a casebook")
        if path.exists():
            raise BadInput(f"{path} already exists; choose another name (Casebook never overwrites a file)")
        if not path.parent.is_dir():
            raise BadInput(f"folder {path.parent} does not exist")
        salt = keys.new_salt()
        key = keys.derive_key(passphrase, salt)
        return cls._create_with_key(path, key, salt, clock=clock)

    @classmethod
    def _create_with_key(cls, path: Path, key: bytes, salt: bytes, *, clock: Clock | None = None) -> Casebook:
        # Claim the name atomically (O_EXCL) with owner-only permissions; SQLite treats an empty
        # file as a new database.
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            raise BadInput(f"{path} already exists; choose another name") from None
        except OSError as exc:
            raise BadInput(f"cannot create {path}: {exc.strerror}") from None
        os.close(fd)
        try:
            conn = _connect(path)
            cipher.apply_key(conn, key, cipher.CURRENT, salt)
            _configure(conn)
            migrate(conn)
            conn.execute("BEGIN")
            conn.execute("INSERT INTO meta(key, value) VALUES ('created_at', ?), ('kdf', ?)",
                         ((clock or default_clock()).now_iso(), keys.current_params().name))
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                conn.close()
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(str(path) + suffix)
            raise
        return cls(path, conn, key, salt)

    @classmethod
    def open(cls, path: str | os.PathLike, passphrase: str | None = None, *, key: bytes | None = None,
             check: bool | str = True) -> Casebook:
        """Unlock an existing casebook with a passphrase or a remembered raw key.

        ``check``: ``True`` (unlocking) — a light check whose cost does not grow with the file (the header,
        the schema, the file's length against its page count); ``"deep"`` — every page's HMAC and every
        table and index (:func:`integrity_problems`), for backups and restores; ``False`` — none.

        A passphrase is tried in the forms :func:`keys.passphrase_forms` gives, NFC first; a file that
        opens only with the passphrase as typed (made before passphrases were normalised) is re-keyed to
        the NFC key at once (``renormalised`` is then true), so next time the first try opens it.
        A file that cannot be read is reported as what it is — damaged, on a full disk, busy — not as a
        wrong passphrase (:func:`casebook.store.faults.unreadable`)."""
        path = Path(path)
        salt = read_salt(path)
        if key is not None:
            return cls._open_key(path, key, salt, check)
        if not passphrase:
            raise WrongPassphrase("a passphrase is required to open this casebook")
        forms = keys.passphrase_forms(passphrase)
        for i, form in enumerate(forms):
            try:
                cb = cls._open_key(path, keys.derive_key(form, salt, normalise=False), salt, check)
            except WrongPassphrase:
                if i == len(forms) - 1:
                    raise
                continue
            if i:
                cb._renormalise(keys.derive_key(forms[0], salt))
            return cb
        raise WrongPassphrase()  # (not reached: there is always one form)

    def _renormalise(self, nfc_key: bytes) -> None:
        """Re-key a file opened with a passphrase that was not NFC to the key of its NFC form."""
        with self.lock:
            self.conn.execute(f"PRAGMA rekey = {keys.key_pragma_value(nfc_key)}")
            self._key = nfc_key
            self.renormalised = True
            self.audit_raw("passphrase-normalised", "casebook", None, "{}")

    @classmethod
    def _open_key(cls, path: Path, key: bytes, salt: bytes, check: bool | str) -> Casebook:
        conn, fmt = _keyed(path, key)
        try:
            version = schema_version(conn)
            if version > SCHEMA_VERSION:
                raise TooNew(
                    f"this casebook was written by a newer version of Casebook (schema {version}; this "
                    f"version reads up to {SCHEMA_VERSION}). Update Casebook to open it; the file was not "
                    "changed."
                )
            if check:
                # Unlocking never scans the whole file (16 s for a ten-year casebook): every page's HMAC
                # is checked by SQLCipher whenever the page is read, and a file cut short is caught here
                # by its size. The full check runs on demand ('casebook check'), in the app's background
                # after unlock, and on backups (``check="deep"``).
                problems = (integrity_problems(conn, deep=False) if check == "deep"
                            else light_problems(conn, path))
                if problems:
                    raise DamagedFile(
                        f"the casebook file is damaged ({'; '.join(problems[:1])}); restore it from a backup "
                        "with 'casebook restore'"
                    )
            _configure(conn)
            try:
                conn.execute("SELECT count(*) FROM meta").fetchone()
            except DatabaseError:
                if version != 0:
                    raise
            if version == 0:
                raise WrongPassphrase("not a casebook file (it has no Casebook schema)")
            migrate(conn)
        except CannotUnlock:
            conn.close()
            raise
        except DatabaseError as exc:
            conn.close()
            raise faults.unreadable(path, key, exc) from None
        except BaseException:
            conn.close()
            raise
        return cls(path, conn, key, salt, fmt)

    # ------------------------------------------------------------------ using it
    @contextlib.contextmanager
    def transaction(self):
        """All-or-nothing: a block of writes commits together or not at all (nests as savepoints).

        The outermost block takes the write lock at once (``BEGIN IMMEDIATE``: a second writer waits for
        the busy timeout instead of failing half-way through), and after it commits the write-ahead log
        is copied into the main file (a passive checkpoint), so the ``.casebook`` file alone always
        holds every committed change: copying it while the app is open, or losing the ``-wal`` after a
        crash, loses nothing committed. Measured: an interactive save goes from ~5 ms to ~17 ms; bulk
        writes (the demo, imports) run inside :meth:`bulk` and checkpoint once at the end.

        Holds :attr:`lock` throughout: the connection is shared by the GUI and background jobs, and a
        write from one thread while another's transaction was open became a savepoint inside it, to be
        committed or rolled back with the other thread's work (a note saved by a timer while a job ran
        was lost when the job failed). A second thread's block now waits for the first to end."""
        with self.lock, self._transaction() as db:
            yield db

    @contextlib.contextmanager
    def _transaction(self):
        if self.conn.in_transaction:
            with self.db.atomic():  # a savepoint inside the outer transaction
                yield self.db
            return
        # A full disk or a writer that keeps the lock past the busy timeout rolls the whole block back and
        # is raised as DiskFull / Busy (one line for the user, nothing half-saved); so is a failed COMMIT,
        # which SQLite may otherwise leave open (issue 15, faults 2 and 3).
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield self.db
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:  # an error may already have rolled it back
                with contextlib.suppress(DatabaseError):
                    self.conn.execute("ROLLBACK")
            fault = faults.translate(exc, self.path) if isinstance(exc, DatabaseError) else None
            if fault is not None:
                raise fault from None
            raise
        if not self._bulk:
            self.checkpoint_passive()

    @contextlib.contextmanager
    def bulk(self):
        """Many transactions in a row (the demo, an import): the main file is brought up to date once,
        at the end, instead of after every commit."""
        self._bulk += 1
        try:
            yield self
        finally:
            self._bulk -= 1
            if not self._bulk and not self.conn.in_transaction:
                self.checkpoint_passive()

    def checkpoint_passive(self) -> None:
        """Copy what the write-ahead log holds into the main file, without waiting for readers (a reader
        still using old pages, like the background integrity check, only delays part of it)."""
        with contextlib.suppress(DatabaseError):
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def raw_key(self) -> bytes:
        """The raw key, for "remember on this device" and for backups. Handle with care."""
        return self._key

    def verify_passphrase(self, passphrase: str) -> bool:
        """Whether ``passphrase`` is this casebook's (re-derives the key; constant-time compare)."""
        import hmac

        return bool(passphrase) and hmac.compare_digest(keys.derive_key(passphrase, self.salt), self._key)

    def change_passphrase(self, new_passphrase: str, *, current: str | None = None) -> bytes:
        """Re-encrypt the file under a key derived from ``new_passphrase`` (``PRAGMA rekey``).

        With ``current``, the current passphrase is checked first and nothing changes if it is wrong.
        """
        if current is not None and not self.verify_passphrase(current):
            raise WrongPassphrase("the current passphrase is wrong; nothing was changed")
        if not new_passphrase:
            raise BadInput("the new passphrase must not be empty")
        new_key = keys.derive_key(new_passphrase, self.salt)
        with self.lock:
            self.conn.execute(f"PRAGMA rekey = {keys.key_pragma_value(new_key)}")
            self._key = new_key
            with self.transaction():  # the key's KDF, so a file re-keyed under the test KDF says so
                self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('kdf', ?)",
                                  (keys.current_params().name,))
            self.audit_raw("passphrase-changed", "casebook", None, "{}")
        return new_key

    def audit_raw(self, action: str, entity: str, entity_id: int | None, detail_json: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO audit(at, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?)",
                ((self.clock or default_clock()).now_iso(), action, entity, entity_id, detail_json),
            )

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @property
    def insecure_test_kdf(self) -> bool:
        """Whether this file's key was derived with the cheap test-only KDF (it says so in its ``meta``
        table from creation, and from a change of passphrase): anyone with the file can guess such a
        passphrase quickly. The CLI warns and the app shows a banner."""
        try:
            return self.meta("kdf") == keys.TEST.name
        except DatabaseError:
            return False

    def checkpoint(self) -> None:
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        if self.conn is None:
            return
        with contextlib.suppress(Exception):
            self.checkpoint()
        with contextlib.suppress(Exception):
            self.conn.close()
        self.conn = None
        self._key = b""

    @property
    def closed(self) -> bool:
        return self.conn is None

    def __enter__(self) -> Casebook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _connect(path: Path):
    # cipher_memory_security wipes SQLCipher's memory allocations when freed; it is a process-wide
    # setting and must be set before the key.
    # A large statement cache: every write runs inside savepoints whose names are unique (sqlite-utils'
    # atomic()), which push prepared statements out of the default 128-entry cache, and re-preparing
    # an INSERT compiles its full-text triggers (measured: a demo casebook is written ~30% faster).
    conn = dbapi.connect(str(path), check_same_thread=False, isolation_level=None, cached_statements=1024)
    conn.execute("PRAGMA cipher_log_level = NONE")  # no SQLCipher chatter on stderr
    # Memory security (SQLCipher wiping and mlock()ing every allocation) is OFF, by decision (threat model
    # in docs/security.md): while the casebook is unlocked its key and decrypted pages are in this
    # process's memory either way, so it does not protect an unlocked casebook from someone who can read
    # the process's memory, and it cost ~10x on every write and search (kernel mlock/munlock on each
    # allocation: 385 v 1,786 notes/s). What protects data at rest is the encryption and the lock,
    # which closes the connection (SQLCipher then wipes the key and page cache) and drops the key.
    conn.execute("PRAGMA cipher_memory_security = OFF")
    return conn


def _keyed(path: Path, key: bytes) -> tuple[object, cipher.PageFormat]:
    """A connection on ``path`` keyed with ``key`` whose schema has been read (proving the key), and the
    page format it was read in: the format the first page shows, else each in turn
    (:func:`casebook.store.cipher.formats_to_try`). An error is raised as what it is
    (:func:`casebook.store.faults.unreadable`)."""
    formats = cipher.formats_to_try(path, key)
    for i, fmt in enumerate(formats):
        conn = _connect(path)
        try:
            cipher.apply_key(conn, key, fmt)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DatabaseError as exc:
            conn.close()
            if i < len(formats) - 1 and faults.primary_code(exc) == faults.SQLITE_NOTADB:
                continue  # (its pages do not authenticate in this format: the next)
            raise faults.unreadable(path, key, exc) from None
        except BaseException:
            conn.close()
            raise
        return conn, fmt
    raise AssertionError("not reached: there is always a format to try")


def _configure(conn) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")  # no plaintext temp files for sorts and indexes
    conn.execute("PRAGMA journal_mode = WAL")  # -wal/-shm are encrypted by SQLCipher too
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA busy_timeout = 5000")


def light_problems(conn, path: Path) -> list[str]:
    """What can be checked on unlock at a cost that does not grow with the file: the file must be as long
    as its page count says (a copy cut short, or a write the disk could not finish, is not). Every page is
    authenticated by SQLCipher when it is read."""
    try:
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    except DatabaseError as exc:
        return [f"unreadable: {type(exc).__name__}"]
    wal = Path(str(path) + "-wal")
    size = path.stat().st_size
    if size < pages * page_size and not (wal.exists() and wal.stat().st_size):
        return [f"the file is shorter than it should be ({size:,} of {pages * page_size:,} bytes): it was "
                "cut short"]
    return []


def integrity_problems(conn, *, deep: bool = True) -> list[str]:
    """Problems found by SQLCipher's page HMAC check and SQLite's own integrity check.

    ``deep=False`` (unlocking) checks every ordinary table and its indexes (a full-text index's own
    storage included) but not the full-text indexes' consistency with what they index: SQLite runs that
    inside ``integrity_check`` for each FTS5 table, and for the page index of documents it grows with
    every page held (1.8 s of a 3 s unlock with twenty 1,000-page dossiers). ``casebook check`` and
    backups run the deep check."""
    problems: list[str] = []
    try:
        problems += [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
        if deep:
            rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
        else:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND upper(sql) NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
            rows = [str(r[0]) for name in tables
                    for r in conn.execute(f'PRAGMA integrity_check("{name}")').fetchall()]
        problems += [r for r in rows if r != "ok"]
        problems += [f"foreign key: {r[0]} row {r[1]}"
                     for r in conn.execute("PRAGMA foreign_key_check").fetchall()]
    except DatabaseError as exc:
        problems.append(f"unreadable: {type(exc).__name__}")
    return problems
