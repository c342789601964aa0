"""Shared by the fault tests (issue 15, "Faults and bad input")."""

from __future__ import annotations


def one_line(result) -> str:
    """The single stderr line of a command that failed cleanly (no traceback, one line)."""
    err = result.stderr.strip()
    assert "Traceback" not in err, err
    assert len(err.splitlines()) == 1, err
    return err


def count(cb_path, table: str) -> int:
    from casebook.store import Casebook
    from tests.conftest import PASSPHRASE

    with Casebook.open(cb_path, PASSPHRASE) as cb:
        return cb.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
