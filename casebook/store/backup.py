"""Encrypted backup, verified restore and the integrity report.

A backup is a copy of the casebook's encrypted pages in a new file with the same salt, so it opens with
the same passphrase and is never plaintext, not even for a moment. Issue 15:

- **It finishes while others write.** The copy reads through a connection of its own that holds one
  read transaction — a snapshot of the write-ahead log — for the whole copy, so a write by the app
  or by another process (every 0.2 s) neither restarts it (the backup API restarts when the source
  changes under it: before, it never finished) nor waits for it; the app's own connection stays free,
  so the app stays usable while the copy runs in the background.
- **Fast: the encrypted pages are copied as they are** (:func:`_copy_raw`) whenever the main file is
  provably the snapshot: right after the snapshot begins, a passive checkpoint (by another connection)
  reports every frame of the write-ahead log copied into the main file. The snapshot's read lock then
  keeps every later frame out of the main file until it ends — a checkpoint never copies a frame newer
  than the oldest reader's snapshot, and never touches the main file while a reader that ignores the log
  holds its lock (SQLite's WAL locking protocol) — so the main file's first ``page_count`` pages *are*
  the snapshot, byte for byte, for as long as the copy runs. Otherwise (another connection wrote in
  between, or a reader with an older snapshot held the checkpoint back) the copy goes page by page
  through SQLite's online backup API, which decrypts every page and encrypts it again (:func:`_copy_api`;
  the same result, 3-4x the time). Measured on the ten-year casebook (467 MB): see docs/security.md.
- **Verified before it is kept.** A raw copy is verified by checking the HMAC of *every* page of
  the copy as written (:func:`_chunk_bad_page`, in two threads, each step as soon as it is copied): each
  page authenticates under the key, so the copy
  opens with the key and no page is damaged, and it holds exactly the bytes of a consistent snapshot
  (above); then it is opened with SQLCipher (its schema is read, its page count is the snapshot's) and
  every table's row count is compared with the snapshot's. That is one HMAC per page instead of the
  decrypting, b-tree-walking ``quick_check`` of every table, which re-read every page through the
  cipher after the copy had written it: the structure of the b-trees is not re-checked here, because the
  copy is byte-identical to what the casebook itself reads (the deep check — ``casebook check``, and in
  the background after unlock — is the check of structure). A page-by-page copy, whose pages are
  written anew, keeps the full verification (every table's ``quick_check``).
- **Atomic, never overwriting.** It is written to a hidden temporary file beside the destination
  (``.<name>.<pid>.<random>.partial``), verified, and only then linked into place with ``os.link``,
  which fails if a file of that name appeared during the copy (``os.replace`` would overwrite it);
  where hard links are not supported, ``os.rename`` after a last check.
- **Nothing left behind.** A cancelled or failed copy removes its temporary file; one left by a killed
  process is swept by the next backup into that folder (its process is gone, or it is a day old).
"""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from casebook.errors import BadInput, Cancelled, CannotUnlock, DamagedFile
from casebook.store import cipher, faults, keys
from casebook.store.casebook import Casebook, _connect, integrity_problems, read_salt
from casebook.store.migrations import SCHEMA_VERSION, schema_version
from casebook.store.sqlite import DatabaseError

Progress = Callable[[int, int], None]  # (pages done, pages total)


def _check_dest(dest: Path) -> Path:
    dest = Path(dest)
    if dest.exists():
        raise BadInput(f"{dest} already exists; choose another name (Casebook never overwrites a file)")
    if not dest.parent.is_dir():
        raise BadInput(f"folder {dest.parent} does not exist")
    return dest


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(str(path) + suffix)


PARTIAL = ".partial"
STALE_SECONDS = 24 * 3600
PAGES_PER_STEP = 2048  # 8 MB a step: progress a few times a second, little per-step overhead
VERIFY_THREADS = max(1, min(2, os.cpu_count() or 1))  #: threads checking a raw copy's page HMACs
RAW_TRIES = 3  #: snapshots tried for a raw copy before the page-by-page one (see _raw_source)


def _temp_name(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.{os.getpid()}.{secrets.token_hex(4)}{PARTIAL}")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def sweep_stale(folder: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files of backups into ``folder`` whose process is gone (killed part-way) or
    that are more than a day older than ``now`` (the file system's time: a file's modification time);
    returns what was removed. Best effort: never raises."""
    removed: list[Path] = []
    try:
        candidates = list(Path(folder).glob(f".*{PARTIAL}"))
    except OSError:
        return removed
    for p in candidates:
        parts = p.name[: -len(PARTIAL)].rsplit(".", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            continue
        try:
            old = now is not None and now - p.stat().st_mtime > STALE_SECONDS
        except OSError:
            continue
        if old or not _alive(int(parts[1])):
            _remove(p)
            removed.append(p)
    return removed


def _place(partial: Path, dest: Path) -> None:
    """Move the verified ``partial`` to ``dest`` atomically, failing if ``dest`` exists by now."""
    try:
        os.link(partial, dest)  # atomic, and refuses an existing name (a file that appeared meanwhile)
    except FileExistsError:
        raise BadInput(f"{dest} appeared while the backup was being written; nothing was overwritten "
                       "(choose another name)") from None
    except OSError:  # no hard links here (some network and FAT drives): check, then rename
        if dest.exists():
            raise BadInput(f"{dest} appeared while the backup was being written; nothing was "
                           "overwritten (choose another name)") from None
        os.rename(partial, dest)
        return
    os.remove(partial)


def _snapshot(path: Path, key: bytes, fmt: cipher.PageFormat):
    """A read-only connection of its own on ``path``, inside a read transaction (a snapshot)."""
    conn = _connect(path)
    try:
        cipher.apply_key(conn, key, fmt)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("BEGIN")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        with contextlib.suppress(Exception):
            conn.close()
        raise
    return conn


def _copy(src_conn, dest: Path, key: bytes, salt: bytes, fmt: cipher.PageFormat, progress: Progress | None,
          cancelled: Callable[[], bool] | None) -> None:
    """Copy the snapshot ``src_conn`` reads (its read transaction; one is begun if it has none) to
    ``dest``, verified: the encrypted pages as they are when the main file is provably the snapshot
    (:func:`_raw_source`), else page by page through the backup API."""
    own = not src_conn.in_transaction
    if own:
        src_conn.execute("BEGIN")
        src_conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    try:
        partial = _temp_name(dest)
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        with contextlib.suppress(OSError):
            sweep_stale(dest.parent, now=partial.stat().st_mtime)
        try:
            source = _raw_source(src_conn, key, fmt)
            if source is not None:
                _copy_raw(src_conn, source, partial, key, salt, fmt, progress, cancelled)
            else:
                _copy_api(src_conn, partial, key, salt, fmt, progress, cancelled)
            _place(partial, dest)
        except BaseException:
            _remove(partial)
            raise
    finally:
        if own:
            with contextlib.suppress(Exception):
                src_conn.execute("COMMIT")


def _raw_source(src_conn, key: bytes, fmt: cipher.PageFormat) -> Path | None:
    """The main file of ``src_conn`` if its first ``page_count`` pages are exactly the snapshot
    ``src_conn`` reads, and stay so while its read transaction lasts; else ``None``.

    Proof (SQLite's WAL locking protocol): a passive checkpoint run *after* the snapshot began reports
    every frame of the log copied into the main file (``log == checkpointed``). A checkpoint never copies
    a frame newer than a live reader's snapshot (nor any frame while a reader that ignores the log holds
    its lock), so every frame up to the snapshot is in the main file and none after it is, nor can be
    until the snapshot ends. If another connection wrote in the instant between, the snapshot is taken
    again (it is still a moment of this backup) and checked again, up to :data:`RAW_TRIES` times. Also
    required: the pages are 4096 bytes in the page format ``fmt`` the snapshot reads them in, checked on
    page 1, which the snapshot has already read and authenticated."""
    if not hasattr(os, "pread"):  # (positional reads: every platform Casebook is built for has them)
        return None
    try:
        row = next((r for r in src_conn.execute("PRAGMA database_list") if r[1] == "main"), None)
        if not row or not row[2]:
            return None
        path = Path(row[2])
        if int(src_conn.execute("PRAGMA page_size").fetchone()[0]) != cipher.PAGE_SIZE:
            return None
        probe = _connect(path)
        try:
            cipher.apply_key(probe, key, fmt)
            probe.execute("SELECT count(*) FROM sqlite_master").fetchall()  # opens the log
            if str(probe.execute("PRAGMA journal_mode").fetchall()[0][0]).lower() != "wal":
                return None
            for attempt in range(RAW_TRIES):
                if attempt:  # a new snapshot, just before the checkpoint that proves it
                    src_conn.execute("COMMIT")
                    src_conn.execute("BEGIN")
                    src_conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
                busy, log, done = probe.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()[0]
                if busy == 0 and 0 <= log == done:
                    break
            else:
                return None
        finally:
            probe.close()
        with open(path, "rb") as fh:
            first = fh.read(cipher.PAGE_SIZE)
        if not cipher.page_authentic(first, 1, cipher.hmac_key(key, first[: cipher.SALT_BYTES]), fmt):
            return None
        return path
    except (DatabaseError, OSError, ValueError, TypeError):
        return None


def _copy_raw(src_conn, source: Path, partial: Path, key: bytes, salt: bytes, fmt: cipher.PageFormat,
              progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
    """Copy the first ``page_count`` pages of ``source`` (the snapshot, see :func:`_raw_source`) to
    ``partial`` as they are (in the kernel where it can: ``copy_file_range``), and verify the copy.

    Verification runs alongside the copy: as each step of pages lands in ``partial``, it is read back
    and every page's HMAC checked, in :data:`VERIFY_THREADS` threads (hashlib lets go of the GIL
    while it hashes); meanwhile this thread counts the snapshot's rows and opens the copy with the key
    (:func:`_open_check`). Progress counts the pages copied, then the pages verified (twice the page
    count in all)."""
    pages = int(src_conn.execute("PRAGMA page_count").fetchone()[0])
    total = 2 * pages
    size = cipher.PAGE_SIZE
    if cancelled is not None and cancelled():
        raise Cancelled()
    base = hmac.new(cipher.hmac_key(key, salt), digestmod=fmt.digest)
    stop = threading.Event()
    pool = ThreadPoolExecutor(max_workers=VERIFY_THREADS, thread_name_prefix="backup-verify")
    fin = fout = -1
    try:
        fin = os.open(source, os.O_RDONLY)
        fout = os.open(partial, os.O_RDWR)
        checks = []
        in_kernel = hasattr(os, "copy_file_range")
        done = 0
        while done < pages:
            n = min(PAGES_PER_STEP, pages - done)
            if in_kernel:
                try:
                    _copy_range(fin, fout, done * size, n * size)
                except OSError:  # not between these file systems: through memory from here on
                    in_kernel = False
            if not in_kernel:
                _copy_through_memory(fin, fout, done * size, n * size)
            checks.append((done + n, pool.submit(_chunk_bad_page, fout, done, done + n, base, fmt, stop)))
            done += n
            if cancelled is not None and cancelled():
                raise Cancelled()
            if progress is not None:
                progress(done, total)
        os.fsync(fout)
        if os.fstat(fout).st_size != pages * size or os.pread(fout, cipher.SALT_BYTES, 0) != salt:
            raise DamagedFile("the copy failed verification (its length or salt); nothing was written")
        _open_check(partial, key, fmt, pages, _counts(src_conn))  # SQLite lets go of the GIL as it reads
        for checked, future in checks:
            bad = future.result()
            if bad:
                raise DamagedFile(f"the copy failed verification (page {bad} does not authenticate); "
                                  "nothing was written")
            if cancelled is not None and cancelled():
                raise Cancelled()
            if progress is not None:
                progress(pages + checked, total)
    finally:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
        for fd in (fin, fout):
            if fd >= 0:
                os.close(fd)


def _copy_range(fin: int, fout: int, offset: int, length: int) -> None:
    """``length`` bytes at ``offset`` of ``fin`` to the same offset of ``fout``, inside the kernel."""
    left = length
    while left:
        n = os.copy_file_range(fin, fout, left, offset, offset)
        if n <= 0:
            raise DamagedFile("the casebook file is shorter than its page count; nothing was written")
        left -= n
        offset += n


def _copy_through_memory(fin: int, fout: int, offset: int, length: int) -> None:
    data = os.pread(fin, length, offset)
    if len(data) != length:
        raise DamagedFile("the casebook file is shorter than its page count; nothing was written")
    view = memoryview(data)
    written = 0
    while written < length:
        written += os.pwrite(fout, view[written:], offset + written)


def _chunk_bad_page(fd: int, lo: int, hi: int, base, fmt: cipher.PageFormat, stop: threading.Event) -> int:
    """The first page of pages ``lo + 1`` … ``hi`` of the file ``fd`` whose HMAC (in the page format
    ``fmt``, see :mod:`casebook.store.cipher`; ``base`` is an HMAC keyed for the file) does not match,
    or 0."""
    size = cipher.PAGE_SIZE
    end, tag_end = fmt.tag_start, fmt.tag_end  # the ciphertext and its IV; then the HMAC
    if stop.is_set():
        return 0
    buf = memoryview(os.pread(fd, (hi - lo) * size, lo * size))
    if len(buf) != (hi - lo) * size:
        return lo + len(buf) // size + 1
    for i in range(hi - lo):
        pgno = lo + i + 1
        off = i * size
        mac = base.copy()
        mac.update(buf[off + (cipher.SALT_BYTES if pgno == 1 else 0): off + end])
        mac.update(pgno.to_bytes(4, "little"))
        if not hmac.compare_digest(mac.digest(), buf[off + end: off + tag_end]):
            return pgno
    return 0


def _open_check(path: Path, key: bytes, fmt: cipher.PageFormat, pages: int, expected: dict[str, int]) -> None:
    """The copy opens with the key (read-only), with ``pages`` pages and the ``expected`` row counts."""
    try:
        conn = _connect(path)
    except DatabaseError:
        raise DamagedFile("the copy failed verification (it cannot be opened); nothing was written") from None
    try:
        cipher.apply_key(conn, key, fmt)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if int(conn.execute("PRAGMA page_count").fetchone()[0]) != pages:
            raise DamagedFile("the copy failed verification (page count); nothing was written")
        if _counts(conn) != expected:
            raise DamagedFile("the copy failed verification (row counts differ); nothing was written")
    except DatabaseError as exc:
        raise DamagedFile(f"the copy failed verification (it cannot be read with the key: "
                          f"{type(exc).__name__}); nothing was written") from None
    finally:
        conn.close()


def _copy_api(src_conn, partial: Path, key: bytes, salt: bytes, fmt: cipher.PageFormat,
              progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
    """Copy ``src_conn``'s snapshot to ``partial`` page by page through SQLite's backup API (each page
    decrypted and encrypted again), then verify it with every table's ``quick_check`` and row count."""
    target = None
    try:
        target = _connect(partial)
        cipher.apply_key(target, key, fmt, salt)
        # A new, private file verified before it is used: no journal and no syncs while copying; one
        # fsync of the whole file before it is linked into place.
        target.execute("PRAGMA journal_mode = OFF")
        target.execute("PRAGMA synchronous = OFF")

        def step(_status: int, remaining: int, total: int) -> None:
            if cancelled is not None and cancelled():
                raise Cancelled()
            if progress is not None:
                progress(total - remaining, total)

        if cancelled is not None and cancelled():
            raise Cancelled()
        src_conn.backup(target, pages=PAGES_PER_STEP, progress=step)
        expected = _counts(src_conn)
        target.execute("PRAGMA journal_mode = DELETE")
        target.close()
        target = None
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        _verify(partial, key, expected)
    finally:
        if target is not None:
            with contextlib.suppress(Exception):
                target.close()


def data_tables(conn) -> list[str]:
    """Every table of the schema that holds the casebook's data, in the order they were created: not
    SQLite's own, and not the full-text index (rebuilt from the tables; its own check covers it)."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rowid").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    return [name for name, _ in rows
            if not name.startswith("sqlite_")
            and not any(name == v or name.startswith(v + "_") for v in virtual)]


def _counts(conn, tables: list[str] | None = None) -> dict[str, int]:
    """Rows per table: every data table (``tables=None``), for verifying a copy."""
    return {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])
            for t in tables or data_tables(conn)}


def record_counts(conn) -> dict[str, int]:
    """Rows per kind of record (:data:`casebook.domain.records.RECORDS`) and in the audit log: the
    integrity report's counts."""
    from casebook.domain.records import RECORDS

    return _counts(conn, [s.table for s in RECORDS] + ["audit"])


def _quick_problems(conn) -> list[str]:
    """``quick_check`` of every ordinary table (the full-text indexes' storage included), which reads
    every page in use — and SQLCipher authenticates each page it reads. Not ``PRAGMA quick_check`` of the
    whole file: that also re-tokenises every full-text index to compare it with its content (2.0 s v
    0.3 s for a 47 MB casebook; 'casebook check' still does it)."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND upper(sql) NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
    return [str(r[0]) for name in tables
            for r in conn.execute(f'PRAGMA quick_check("{name}")').fetchall() if str(r[0]) != "ok"]


def _verify(path: Path, key: bytes, expected: dict[str, int] | None) -> None:
    try:
        copy = Casebook.open(path, key=key)
    except CannotUnlock as exc:
        raise DamagedFile(f"the copy failed verification ({exc.message}); nothing was written") from None
    try:
        if _quick_problems(copy.conn):
            raise DamagedFile("the copy failed verification (quick check); nothing was written")
        if expected is not None and _counts(copy.conn) != expected:
            raise DamagedFile("the copy failed verification (row counts differ); nothing was written")
    finally:
        copy.close()


def backup(cb: Casebook, dest: str | os.PathLike, progress: Progress | None = None,
           cancelled: Callable[[], bool] | None = None) -> Path:
    """Write a verified, encrypted backup of ``cb`` to ``dest`` (which must not exist)."""
    dest = _check_dest(Path(dest))
    with cb.lock:  # the snapshot starts between the app's own writes, never inside one
        src = _snapshot(cb.path, cb.raw_key(), cb.page_format)
    try:
        _copy(src, dest, cb.raw_key(), cb.salt, cb.page_format, progress, cancelled)
    finally:
        with contextlib.suppress(Exception):
            src.close()
    with cb.lock:
        dest_name = dest.name.replace('"', "")
        cb.audit_raw("backup", "casebook", None, f'{{"to": "{dest_name}"}}')
    return dest


def restore(src: str | os.PathLike, dest: str | os.PathLike, passphrase: str | None = None, *,
            key: bytes | None = None, progress: Progress | None = None,
            cancelled: Callable[[], bool] | None = None) -> Path:
    """Verify the backup ``src`` (right passphrase, intact) and restore it as a new file ``dest``."""
    dest = _check_dest(Path(dest))
    src = Path(src)
    salt = read_salt(src)
    if key is None:
        if not passphrase:
            raise CannotUnlock("a passphrase is required to restore this backup")
        # NFC first; a backup of a file keyed before passphrases were normalised opens with the form
        # whose key its pages authenticate under (the restored copy is re-keyed when next opened).
        forms = keys.passphrase_forms(passphrase)
        key = keys.derive_key(passphrase, salt)
        if len(forms) > 1 and not faults.key_fits(src, key):
            key = next((k for k in (keys.derive_key(f, salt, normalise=False) for f in forms[1:])
                        if faults.key_fits(src, k)), key)
    backup_cb = Casebook.open(src, key=key, check="deep")  # proves the key and checks every page
    try:
        _copy(backup_cb.conn, dest, key, salt, backup_cb.page_format, progress, cancelled)
    finally:
        backup_cb.close()
    restored = Casebook.open(dest, key=key)
    try:
        src_name = src.name.replace('"', "")
        restored.audit_raw("restore", "casebook", None, f'{{"from": "{src_name}"}}')
    finally:
        restored.close()
    return dest


def check(cb: Casebook) -> dict:
    """An integrity report of an open casebook (no client data in it)."""
    with cb.lock:
        problems = integrity_problems(cb.conn)
        fts_ok = True
        # The record search and (schema 5) the page index of documents, checked against what they index.
        for table, what in (("search_index", "full-text index"), ("page_index", "page index of documents")):
            if not cb.conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
                continue
            try:
                cb.conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
            except DatabaseError:
                fts_ok = False
                problems.append(f"{what} is inconsistent")
        return {
            "ok": not problems,
            "problems": problems,
            "schema_version": schema_version(cb.conn),
            "schema_version_supported": SCHEMA_VERSION,
            "cipher_version": cb.conn.execute("PRAGMA cipher_version").fetchone()[0],
            "kdf": cb.meta("kdf"),
            "page_authentication": cb.page_format.name,
            "journal_mode": cb.conn.execute("PRAGMA journal_mode").fetchone()[0],
            "file_bytes": cb.path.stat().st_size,
            "counts": record_counts(cb.conn),
            "full_text_index_ok": fts_ok,
        }
