"""The generic store of a declared kind of record (:class:`casebook.domain.spec.RecordSpec`).

Reads go through ``sqlite-utils``' ``Database.query`` and deletes through its table API; inserts and
updates are one prepared statement each, built from the spec's columns (they are the hot writes: see
:meth:`RecordStore.insert`). Every write
validates through the spec, stamps ``created_at`` / ``updated_at`` from the services' clock, and
records the change in the audit log — create with the values saved, update with each changed field's
``[old, new]``, delete with the spec's summary — in the same transaction, so a change and its audit
entry land together or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from casebook.domain.spec import RecordSpec, _same
from casebook.domain.validate import fits_id
from casebook.errors import NotFound, ValidationError

#: The longest name (a client's, a contact's, a witness's…) and the longest text of any field, in
#: characters (issue 15): a 1 MB note made every search that touched it take minutes. A longer text
#: belongs in a document (kept inside the casebook, searched page by page).
MAX_NAME_CHARS = 200
MAX_TEXT_CHARS = 200_000
NAME_FIELDS = frozenset({"name"})

#: Rows per multi-row INSERT of :meth:`RecordStore.insert_many`, and the values one statement may bind
#: (SQLite's lowest default limit, so any build accepts it; larger statements measured no faster).
ROWS_PER_STATEMENT = 500
MAX_PARAMETERS = 999


def length_errors(fields: Mapping[str, Any]) -> dict[str, str]:
    """A message for each field of ``fields`` longer than it may be (checked before anything is parsed)."""
    errors: dict[str, str] = {}
    for name, raw in fields.items():
        if not isinstance(raw, str):
            continue
        limit = MAX_NAME_CHARS if name in NAME_FIELDS else MAX_TEXT_CHARS
        if len(raw) > limit:
            hint = "" if name in NAME_FIELDS else "; put longer text in a document"
            errors[name] = f"is too long ({len(raw):,} characters; at most {limit:,}{hint})"
    return errors


def _row_reader(spec: RecordSpec, columns: tuple[str, ...]):
    """A function from a row of ``columns`` to the spec's record, as :meth:`RecordSpec.from_row` reads
    it: only the record's fields, each through its codec (a text or integer column as it is)."""
    record_fields = spec._record_fields  # (the record's fields, as from_row reads them)
    plain: list[tuple[int, str]] = []
    decoded: list[tuple[int, str, Any]] = []
    for i, name in enumerate(columns):
        if name not in record_fields:
            continue
        f = spec._by_name.get(name)
        decode = f.codec.from_db if f is not None else None
        if decode is None or decode is _same:
            plain.append((i, name))
        else:
            decoded.append((i, name, decode))
    make = spec.record

    def read(row: Sequence[Any]) -> Any:
        kwargs = {name: row[i] for i, name in plain}
        for i, name, decode in decoded:
            kwargs[name] = decode(row[i])
        return make(**kwargs)

    return read


class RecordStore:
    """Add, read, change and delete the records of one spec. The services of each kind subclass it and
    keep their own signatures (``add(client_id, …)``) over :meth:`create` and :meth:`modify`."""

    def __init__(self, spec: RecordSpec, cb, audit) -> None:
        self.spec = spec
        self.cb = cb
        self.audit = audit

    @property
    def clock(self):
        return self.audit.clock

    @property
    def table(self):
        """The ``sqlite_utils`` table."""
        return self.cb.db[self.spec.table]

    # ------------------------------------------------------------------ reading
    def select(self, where: str | None = None, args: Sequence[Any] | Mapping[str, Any] = (),
             order_by: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Stored rows (column → value) matching ``where`` (SQL with ``?`` or ``:name`` parameters), in
        ``order_by`` (default: the spec's). A plain ``SELECT`` on the connection: ``Table.rows_where``
        would first look the table up in ``sqlite_master`` on every call, and ``Table.get`` its primary
        key, which together tripled the time to open a client; ``Database.query`` wraps every read in a
        savepoint, which SQLite refuses while a write statement is running on the connection ("cannot
        open savepoint - SQL statements in progress": the GUI reading while a background job writes)."""
        sql = f"SELECT * FROM {self.spec.table}"
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {order_by or self.spec.order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        cursor = self.cb.conn.execute(sql, args if isinstance(args, Mapping) else list(args))
        keys = [d[0] for d in cursor.description]
        return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]

    def row(self, id_: int) -> dict[str, Any]:
        found = self.select("id = ?", (id_,), order_by="id") if fits_id(id_) else None
        if not found:
            raise NotFound(f"no {self.spec.entity} with id {id_}")
        return found[0]

    def get(self, id_: int) -> Any:
        return self.spec.from_row(self.row(id_))

    def where(self, where: str | None = None, args: Sequence[Any] | Mapping[str, Any] = (),
              order_by: str | None = None, limit: int | None = None) -> list[Any]:
        """Records (the spec's dataclass) matching ``where``; see :meth:`select`. The same records as
        ``spec.from_row`` of each row, read straight from the cursor with each column's decoder looked
        up once per query, not once per value (a client's 5,000 events read in a third of the time)."""
        sql = f"SELECT * FROM {self.spec.table}"
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {order_by or self.spec.order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        cur = self.cb.conn.execute(sql, args if isinstance(args, Mapping) else list(args))
        read = _row_reader(self.spec, tuple(d[0] for d in cur.description))
        return [read(r) for r in cur]

    def ids(self, where: str | None = None, args: Sequence[Any] | Mapping[str, Any] = (),
            order_by: str | None = None) -> list[int]:
        """The ids of the records :meth:`where` would return, in the same order, without reading the
        records (a list model of ids fetches only the rows it shows: see :meth:`get_many`)."""
        sql = f"SELECT id FROM {self.spec.table}"
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {order_by or self.spec.order_by}"
        return [r[0] for r in self.cb.conn.execute(sql, args if isinstance(args, Mapping) else list(args))]

    def get_many(self, ids: Sequence[int]) -> dict[int, Any]:
        """The records with these ids, by id, in one query per 500 ids (not one per id); an id that names
        nothing is left out."""
        wanted = list(dict.fromkeys(i for i in ids if fits_id(i)))
        out: dict[int, Any] = {}
        for lo in range(0, len(wanted), ROWS_PER_STATEMENT):
            chunk = wanted[lo:lo + ROWS_PER_STATEMENT]
            for rec in self.where(f"id IN ({','.join('?' * len(chunk))})", chunk, order_by="id"):
                out[rec.id] = rec
        return out

    def exists(self, id_: int) -> bool:
        if not fits_id(id_):  # (an id typed as 99999999999999999999999 names nothing)
            return False
        sql = f"SELECT 1 FROM {self.spec.table} WHERE id = ?"
        return self.cb.conn.execute(sql, (id_,)).fetchone() is not None

    # ------------------------------------------------------------------ validating
    def validate(self, fields: Mapping[str, Any], *, new: bool, id_: int | None = None, before: Any = None,
                 parent_id: int | None = None) -> dict[str, Any]:
        """The parsed values of ``fields``, or :class:`ValidationError` with every field's message."""
        too_long = length_errors(fields)
        if too_long:
            raise ValidationError(too_long)
        values, errors = self.spec.validate(fields, new=new, today=self.clock.today(), before=before)
        conn = self.cb.conn
        t = self.spec.table
        for name in self.spec.unique:
            v = values.get(name)
            if v and name not in errors:
                stored = self.spec.field(name).codec.to_db(v)
                row = conn.execute(f"SELECT id FROM {t} WHERE {name} = ?", (stored,)).fetchone()
                if row and row[0] != id_:
                    errors[name] = f"is already used by {self.spec.entity} {row[0]}"
        if self.spec.same_parent:
            parent = parent_id if parent_id is not None else getattr(before, self.spec.parent, None)
            for name in self.spec.same_parent:
                v = values.get(name)
                if v is None or name in errors:
                    continue
                row = conn.execute(f"SELECT {self.spec.parent} FROM {t} WHERE id = ?", (v,)).fetchone()
                if row is None or row[0] != parent or v == id_:
                    errors[name] = (f"must be another {self.spec.entity} of the same "
                                    f"{self.spec.parent_spec.entity if self.spec.parent_spec else 'record'}")
        if errors:
            raise ValidationError(errors)
        return values

    def check_parent(self, parent_id: int) -> None:
        ps = self.spec.parent_spec
        if ps is not None and not RecordStore(ps, self.cb, self.audit).exists(parent_id):
            raise NotFound(f"no {ps.entity} with id {parent_id}")

    # ------------------------------------------------------------------ writing
    def insert(self, values: Mapping[str, Any]) -> int:
        """Save already-validated ``values`` as a new record; returns its id."""
        stamp = self.clock.now_iso()
        record = self.spec.to_row(values)
        row = {**record, "created_at": stamp, "updated_at": stamp}
        # The hot write (a demo casebook makes tens of thousands): one prepared INSERT … RETURNING inside
        # our transaction. sqlite-utils' insert() adds a table lookup and a nested savepoint per row,
        # which here costs several times the insert itself.
        sql = (f"INSERT INTO {self.spec.table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))}) "
               "RETURNING id")
        with self.cb.transaction():
            new_id = int(self.cb.conn.execute(sql, list(row.values())).fetchone()[0])
            self.audit.record("create", self.spec.entity, new_id, record)
        return new_id

    def insert_many(self, rows: Sequence[Mapping[str, Any]]) -> list[int]:
        """Save many already-validated records in one transaction (an import, the demo, the scale bench),
        with the audit entries (one per row, as :meth:`insert` writes) in one statement. Returns the new
        ids, in order.

        The rows go in as multi-row ``INSERT … VALUES (…), (…), …`` statements (up to
        :data:`ROWS_PER_STATEMENT` rows and :data:`MAX_PARAMETERS` values each: ~120 events), not one
        statement per row (issue 15). A statement on a table whose triggers write the full-text index
        opens a statement savepoint, and FTS5 writes out the terms it holds in memory at every
        savepoint: one statement per row made one tiny index segment per row, plus the merging of them,
        ~130 µs a row — most of a batch's time, with or without the cipher. Measured, 5,000 events: on a
        new casebook the SQL went from ~800 to ~150 ms; on the ten-year one (load 2, one matter, as the
        scale bench), 3,900–4,600 → 6,200–6,900 rows/s encrypted and 4,900–5,400 → 6,900–7,400 plain
        (CPU ~0.9 → ~0.6 s), and statements of ~120 or ~4,000 rows cost the same.

        The ids are given explicitly — the largest id (or an AUTOINCREMENT table's sequence) + 1, + 2, …,
        which is what SQLite would choose — under the write lock that ``BEGIN IMMEDIATE`` takes, so
        nothing else can insert meanwhile and ids follow the order of ``rows``."""
        if not rows:
            return []
        stamp = self.clock.now_iso()
        records = [self.spec.to_row(values) for values in rows]
        table = self.spec.table
        conn = self.cb.conn
        with self.cb.transaction():
            top = int(conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0)
            if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
                seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
                top = max(top, int(seq[0])) if seq else top  # an AUTOINCREMENT table never reuses an id
            first = top + 1
            ids = list(range(first, first + len(records)))
            # Runs of rows with the same columns (absent ones keep their defaults), in order.
            start = 0
            while start < len(records):
                cols = tuple(records[start])
                per = max(1, min(ROWS_PER_STATEMENT, MAX_PARAMETERS // (len(cols) + 3)))
                end = start + 1
                while end < len(records) and end - start < per and tuple(records[end]) == cols:
                    end += 1
                names = ", ".join(("id", *cols, "created_at", "updated_at"))
                one = f"({', '.join('?' * (len(cols) + 3))})"
                args: list[Any] = []
                for i in range(start, end):
                    args += (ids[i], *records[i].values(), stamp, stamp)
                conn.execute(f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * (end - start))}", args)
                start = end
            self.audit.record_many("create", self.spec.entity, list(zip(ids, records, strict=True)))
        return ids

    def create_many(self, items: Sequence[tuple[int | None, Mapping[str, Any]]]) -> list[int]:
        """Validate and save many new records ``(parent_id, fields)`` at once (see :meth:`insert_many`);
        nothing is saved if any is invalid (the error names the item: ``"3: date"``)."""
        values_list: list[dict[str, Any]] = []
        checked: set[int | None] = set()
        errors: dict[str, str] = {}
        for i, (parent_id, fields) in enumerate(items):
            if self.spec.parent is not None and parent_id not in checked:
                self.check_parent(parent_id)
                checked.add(parent_id)
            try:
                values = self.validate(fields, new=True, parent_id=parent_id)
            except ValidationError as exc:
                errors.update({f"{i}: {k}": v for k, v in exc.errors.items()})
                continue
            if self.spec.parent is not None:
                values = {self.spec.parent: parent_id, **values}
            values_list.append(values)
        if errors:
            raise ValidationError(errors)
        return self.insert_many(values_list)

    def create(self, fields: Mapping[str, Any], parent_id: int | None = None) -> int:
        """Validate and save a new record (of the parent ``parent_id``, which must exist)."""
        if self.spec.parent is not None:
            self.check_parent(parent_id)
        values = self.validate(fields, new=True, parent_id=parent_id)
        if self.spec.parent is not None:
            values = {self.spec.parent: parent_id, **values}
        return self.insert(values)

    def apply(self, id_: int, before: Any, values: Mapping[str, Any]) -> dict[str, list]:
        """Save already-validated ``values`` over ``before``: the fields that changed, ``[old, new]``."""
        diff = self.spec.changes(before, values)
        if not diff:
            return {}
        record = {k: new for k, (_, new) in diff.items()}
        record["updated_at"] = self.clock.now_iso()
        sets = ", ".join(f"{c} = ?" for c in record)  # column names from the spec, never from input
        with self.cb.transaction():
            self.cb.conn.execute(f"UPDATE {self.spec.table} SET {sets} WHERE id = ?", [*record.values(), id_])
            self.audit.record("update", self.spec.entity, id_, diff)
        return diff

    def modify(self, id_: int, fields: Mapping[str, Any]) -> dict[str, list]:
        """Validate ``fields`` and save the changes (nothing is saved if any field is invalid)."""
        before = self.get(id_)
        return self.apply(id_, before, self.validate(fields, new=False, id_=id_, before=before))

    def delete(self, id_: int) -> None:
        before = self.get(id_)
        with self.cb.transaction():
            self.table.delete(id_)
            self.audit.record("delete", self.spec.entity, id_, self.spec.summary(before))


def as_id(raw: Any) -> int | None:
    """A record id typed by a person (``"12"``, `` 12 ``) as an int; ``None`` when it is not one."""
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        return None


def belongs_to_client(cb, table: str, record_id: int, client_id: int) -> bool:
    """Whether record ``record_id`` of ``table`` (a declared table with a ``client_id``) is the client's:
    a link between two records must never cross from one client to another."""
    row = cb.conn.execute(f"SELECT client_id FROM {table} WHERE id = ?", (record_id,)).fetchone()
    return row is not None and row[0] == client_id
