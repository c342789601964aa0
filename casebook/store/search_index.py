"""The full-text index's triggers, made from the record declarations' :class:`~casebook.domain.spec.Search`.

One FTS5 table (``search_index``, created by schema version 1) indexes every searched kind of record,
inside the encrypted file. Its rowid is ``ref_id * SLOTS + number`` (the kind's number), so keeping
it in step with a table is a rowid lookup, never a scan; :data:`SLOTS` leaves room for 64 kinds.
Each searched table has three triggers (after insert, update, delete) generated here from its spec:
nothing about a kind is written by hand in SQL.

A migration that adds a searched kind, or changes what a kind indexes, calls :func:`install` with
the kind's name: it (re)creates the triggers and (re)fills the kind's rows from the table.
"""

from __future__ import annotations

from collections.abc import Iterable

from casebook.domain.records import SEARCH_KINDS
from casebook.domain.spec import RecordSpec

SLOTS = 64
_COLUMNS = "rowid, kind, ref_id, client_id, matter_id, title, body"


def _client(spec: RecordSpec, row: str) -> str:
    if spec.client == "id":
        return f"{row}.id"
    if spec.client == "matter_id":  # a matter's record: its client is the matter's
        return f"(SELECT client_id FROM matters WHERE id = {row}.matter_id)"
    if spec.client:
        return f"{row}.{spec.client}"
    return "NULL"


def _matter(spec: RecordSpec, row: str) -> str:
    return f"{row}.{spec.matter}" if spec.matter else "NULL"


def _values(spec: RecordSpec, row: str) -> str:
    s = spec.search
    assert s is not None
    cols = [f"{row}.{c}" for c in s.body]
    body = cols[0] if len(cols) == 1 else "concat_ws(' ', " + ", ".join(cols) + ")"
    return (f"{row}.id * {SLOTS} + {s.number}, '{s.kind}', {row}.id, "
            f"{_client(spec, row)}, {_matter(spec, row)}, "
            f"{row}.{s.title}, {body}")


def trigger_sql(spec: RecordSpec) -> list[str]:
    """CREATE TRIGGER statements keeping ``search_index`` in step with ``spec``'s table."""
    s, t = spec.search, spec.table
    assert s is not None, f"{spec.entity} is not searched"
    delete = f"DELETE FROM search_index WHERE rowid = old.id * {SLOTS} + {s.number};"
    insert = f"INSERT INTO search_index({_COLUMNS}) VALUES ({_values(spec, 'new')});"
    return [
        f"CREATE TRIGGER {t}_ai AFTER INSERT ON {t} BEGIN\n  {insert}\nEND;",
        f"CREATE TRIGGER {t}_au AFTER UPDATE ON {t} BEGIN\n  {delete}\n  {insert}\nEND;",
        f"CREATE TRIGGER {t}_ad AFTER DELETE ON {t} BEGIN\n  {delete}\nEND;",
    ]


def fill_sql(spec: RecordSpec) -> str:
    """Index every row of ``spec``'s table (after :func:`trigger_sql`'s triggers are in place)."""
    return f"INSERT INTO search_index({_COLUMNS}) SELECT {_values(spec, 'r')} FROM {spec.table} AS r"


def install(conn, kinds: Iterable[str]) -> None:
    """(Re)create the triggers of the search ``kinds`` and (re)index their rows. Run inside a migration."""
    for kind in kinds:
        spec = SEARCH_KINDS[kind]
        for suffix in ("ai", "au", "ad"):
            conn.execute(f"DROP TRIGGER IF EXISTS {spec.table}_{suffix}")
        for sql in trigger_sql(spec):
            conn.execute(sql)
        conn.execute("DELETE FROM search_index WHERE kind = ?", (kind,))
        conn.execute(fill_sql(spec))

