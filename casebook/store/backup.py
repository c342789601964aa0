"""Encrypted backup, verified restore and the integrity report.

A backup is a page-for-page copy made with SQLite's online backup API into a new SQLCipher file keyed
with the same raw key and salt, so it opens with the same passphrase and is never plaintext, not
even for a moment. It is written to ``<dest>.partial`` beside the destination, verified (opens,
passes the integrity checks, same row counts), and only then renamed into place; a cancelled or
failed backup leaves nothing behind. Neither operation ever overwrites an existing file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from casebook.errors import BadInput, Cancelled, CannotUnlock, DamagedFile
from casebook.store import keys
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


def _copy(src_conn, dest: Path, key: bytes, salt: bytes, progress: Progress | None,
          cancelled: Callable[[], bool] | None) -> None:
    partial = dest.with_name(dest.name + ".partial")
    _remove(partial)
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    target = _connect(partial)
    try:
        target.execute(f"PRAGMA key = {keys.key_pragma_value(key, salt)}")

        def step(_status: int, remaining: int, total: int) -> None:
            if cancelled is not None and cancelled():
                raise Cancelled()
            if progress is not None:
                progress(total - remaining, total)

        src_conn.backup(target, pages=256, progress=step)
        target.execute("PRAGMA journal_mode = DELETE")
        target.close()
        _verify(partial, key, _counts(src_conn))
        os.replace(partial, dest)  # same folder: atomic
    except BaseException:
        with contextlib.suppress(Exception):
            target.close()
        _remove(partial)
        raise


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


def _verify(path: Path, key: bytes, expected: dict[str, int] | None) -> None:
    try:
        copy = Casebook.open(path, key=key)
    except CannotUnlock as exc:
        raise DamagedFile(f"the copy failed verification ({exc.message}); nothing was written") from None
    try:
        if expected is not None and _counts(copy.conn) != expected:
            raise DamagedFile("the copy failed verification (row counts differ); nothing was written")
    finally:
        copy.close()


def backup(cb: Casebook, dest: str | os.PathLike, progress: Progress | None = None,
           cancelled: Callable[[], bool] | None = None) -> Path:
    """Write a verified, encrypted backup of ``cb`` to ``dest`` (which must not exist)."""
    dest = _check_dest(Path(dest))
    with cb.lock:
        _copy(cb.conn, dest, cb.raw_key(), cb.salt, progress, cancelled)
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
        key = keys.derive_key(passphrase, salt)
    backup_cb = Casebook.open(src, key=key, check="deep")  # proves the key and checks every page
    try:
        _copy(backup_cb.conn, dest, key, salt, progress, cancelled)
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
            "journal_mode": cb.conn.execute("PRAGMA journal_mode").fetchone()[0],
            "file_bytes": cb.path.stat().st_size,
            "counts": record_counts(cb.conn),
            "full_text_index_ok": fts_ok,
        }
