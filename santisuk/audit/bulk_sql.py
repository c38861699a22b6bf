"""Writing many rows of one model fast, for the audit chain and for national bulk loads.

``bulk_create`` prepares every value of every row through the ORM, which costs more than the
database's own work at hundreds of thousands of rows. Here the primary keys are taken in one
query, the values go to the database as they are (only dates, times, decimals and JSON are
converted), through one prepared INSERT executed for the whole batch (SQLite) or ``COPY``
(PostgreSQL). No signals are sent: callers log the rows (``changes_record_values``).
"""

from __future__ import annotations

import io
import json
from array import array
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import orjson
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils import timezone


def _last(fn: Any) -> Any:
    """``fn`` remembering its last result: a batch's time stamps are one value."""
    memo: list[Any] = [object(), None]

    def convert(value: Any) -> Any:
        if value is not memo[0]:
            memo[0], memo[1] = value, fn(value)
        return memo[1]

    return convert


def json_text(value: Any) -> str:
    """The JSON text of a JSON field's value: what the field's own preparation gives, with
    orjson where it can (several times faster than ``json.dumps``)."""
    try:
        return orjson.dumps(value).decode()
    except orjson.JSONEncodeError:  # an integer beyond 64 bits, say
        return json.dumps(value)


def _converters(fields: Sequence[models.Field], skip: Collection[str] = ()) -> dict[int, Any]:
    """Position → function turning the Python value into what the driver takes (none for the
    fields named in ``skip``, whose values are already the driver's)."""
    ops = connection.ops
    convert: dict[int, Any] = {}
    for i, field in enumerate(fields):
        if field.attname in skip:
            continue
        if isinstance(field, models.JSONField):
            if field.encoder is None:
                convert[i] = json_text
            else:
                convert[i] = lambda v, f=field: f.get_db_prep_save(v, connection)
        elif connection.vendor == "postgresql":
            continue  # psycopg adapts dates, times and decimals itself, in COPY too
        elif isinstance(field, models.DateTimeField):
            convert[i] = _last(ops.adapt_datetimefield_value)
        elif isinstance(field, models.DateField):
            convert[i] = ops.adapt_datefield_value
        elif isinstance(field, models.DecimalField):
            convert[i] = lambda v, f=field: ops.adapt_decimalfield_value(
                v, f.max_digits, f.decimal_places
            )
    return convert


def convert_rows(
    fields: Sequence[models.Field], rows: Iterable[list[Any]], skip: Collection[str] = ()
) -> None:
    """Turn the Python values of ``rows`` into what the driver takes, in place, but for the
    fields named in ``skip``: the work on a row that needs no database, which ``insert_rows``
    otherwise does."""
    convert = _converters(fields, skip)
    if convert:
        for values in rows:
            for i, fn in convert.items():
                if values[i] is not None:
                    values[i] = fn(values[i])


@dataclass(frozen=True, slots=True)
class CopyText:
    """Rows already written in PostgreSQL's COPY text format (``copy_text``), for
    ``insert_rows``, with their number."""

    data: bytes
    count: int

    def __len__(self) -> int:
        return self.count


def copy_text(rows: Sequence[list[Any]]) -> Sequence[list[Any]] | CopyText:
    """On PostgreSQL, driver values (``convert_rows``) as the COPY text ``insert_rows`` sends,
    made by the driver's own formatter (a ``Copy`` writing to memory, as psycopg documents
    for copy data made ahead): made in a reader process, the writing process only sends them,
    and the server, which takes the rows of one connection on one core, does not wait while
    that process formats them. Elsewhere the rows as they are."""
    raw = connection.connection
    if connection.vendor != "postgresql" or raw is None:
        return rows
    from psycopg import Copy
    from psycopg.copy import FileWriter

    out = io.BytesIO()
    # No statement is run: the cursor lends the connection's adapters, as for a real COPY.
    with raw.cursor() as cursor, Copy(cursor, binary=False, writer=FileWriter(out)) as copy:
        for values in rows:
            copy.write_row(values)
    return CopyText(out.getvalue(), len(rows))


def insert_rows(
    model: type[models.Model],
    fields: Sequence[models.Field],
    rows: Sequence[list[Any]] | CopyText,
    *,
    converted: bool = False,
) -> int:
    """Insert ``rows`` (lists of Python values in the order of ``fields``, or of driver values
    when ``converted`` by ``convert_rows``) into the model's table in the current transaction.
    Returns the number of rows."""
    if not converted:
        convert_rows(fields, rows)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Names from the model's own metadata, quoted; the values go through COPY.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                if isinstance(rows, CopyText):
                    copy.write(rows.data)
                else:
                    for values in rows:
                        copy.write_row(values)
            return len(rows)
        marks = ", ".join(["%s"] * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
        return len(rows)


def listed(values: Collection[str]) -> RawSQL:
    """Texts as a sub-query of one parameter, for ``field__in=listed(values)``: a bulk load
    looks up a million references or card numbers by thousands at a time, and the ORM prepares
    each value of a plain list one by one (4 s of Python for a million)."""
    text = orjson.dumps(list(values)).decode()
    if connection.vendor == "postgresql":
        return RawSQL("SELECT jsonb_array_elements_text(%s::jsonb)", [text])
    return RawSQL("SELECT value FROM json_each(%s)", [text])


def allocate_ids(model: type[models.Model], count: int) -> Sequence[int]:
    """``count`` new primary keys of an auto-numbered table, in one query, inside the current
    (writing) transaction: no other writer takes them before it ends."""
    if count == 0:
        return []
    meta = model._meta
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence named first: named in the statement, it is looked up for each key.
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, meta.pk.column])
            sequence = cursor.fetchone()[0]
            cursor.execute(
                "SELECT MIN(k), MAX(k), CASE WHEN COUNT(*) <> MAX(k) - MIN(k) + 1 "
                "THEN array_agg(k) END FROM (SELECT nextval(%s::regclass) AS k, i "
                "FROM generate_series(1, %s) AS i) AS taken GROUP BY k - i ORDER BY 1",
                [sequence, count],
            )
            # Taken one by one (another session may take some in between), sent back as runs
            # of consecutive keys (``k - i`` is constant within one): a million keys in 0.3 s,
            # not 3 s of rows to read. A run with a gap (never seen) comes back listed.
            runs = cursor.fetchall()
            if len(runs) == 1 and runs[0][2] is None:
                return range(runs[0][0], runs[0][1] + 1)
            keys = array("q")  # 8 bytes a key, not a Python object each
            for low, high, each in runs:
                keys.extend(sorted(each) if each is not None else range(low, high + 1))
            return keys
        # SQLite: a writer holds the database; never reuse the number of a deleted row.
        pk, table = (
            connection.ops.quote_name(meta.pk.column),
            connection.ops.quote_name(meta.db_table),
        )
        cursor.execute(
            f"SELECT MAX(n) FROM (SELECT MAX({pk}) AS n FROM {table} "  # noqa: S608
            "UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
            [meta.db_table],
        )
        last = cursor.fetchone()[0] or 0
    return range(last + 1, last + 1 + count)


def _stamped(field: models.Field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


class NewRows:
    """New rows of one auto-numbered model as plain lists in column order, for loads of
    hundreds of thousands of rows where a model instance per row costs more than the write.

    ``add`` takes the values of ``names`` (attnames, in that order); every other column gets its
    field's default, as a new instance would; ``write`` gives the rows their primary keys
    (``row[0]``) and ``auto_now`` times and inserts them. A value may be a row of another
    ``NewRows`` written before this one: it stands for that row's key."""

    def __init__(self, model: type[models.Model], names: Sequence[str]):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.attnames = attnames = [f.attname for f in self.fields]
        if attnames[0] != model._meta.pk.attname:
            raise ValueError(f"NewRows: {model.__name__}'s first column is not its key")
        self.positions = [attnames.index(name) for name in names]
        template = [None if f.primary_key else f.get_default() for f in self.fields]
        # A row is picked, column by column, from the values given followed by the defaults of
        # the other columns: one call in C instead of a loop in Python per row.
        others = [i for i in range(len(template)) if i not in self.positions]
        self._defaults = tuple(template[i] for i in others)
        self._pick = itemgetter(
            *(
                self.positions.index(i) if i in self.positions else len(names) + others.index(i)
                for i in range(len(template))
            )
        )
        self.stamps = [i for i, f in enumerate(self.fields) if _stamped(f)]
        self.rows: list[list[Any]] = []
        self._snap: Any = None

    def add(self, *values: Any) -> list[Any]:
        if len(values) != len(self.positions):
            raise ValueError(f"NewRows.add: {len(self.positions)} values expected for {self.model}")
        row = list(self._pick(values + self._defaults))
        self.rows.append(row)
        return row

    def write(self) -> list[list[Any]]:
        """Insert the rows added since the last write; returns them."""
        rows = self.take(allocate_ids(self.model, len(self.rows)))
        if rows:
            # insert_rows converts values in place: hand it copies, the caller keeps Python values.
            insert_rows(self.model, self.fields, [row.copy() for row in rows])
        return rows

    def take(self, ids: Iterable[int]) -> list[list[Any]]:
        """The rows added since the last call, numbered from ``ids`` (keys taken earlier, such as
        an iterator over ``allocate_ids``) with their times set, not written: for a process that
        prepares rows which another one inserts."""
        rows, self.rows = self.rows, []
        now = timezone.now()
        numbered = 0
        for row, pk in zip(rows, ids):  # noqa: B905 - ids may go on: only as many as rows
            numbered += 1
            row[0] = pk
            for i in self.stamps:
                row[i] = now
            for i in self.positions:
                if type(row[i]) is list:
                    row[i] = row[i][0]
        if numbered != len(rows):
            raise RuntimeError(f"NewRows: too few keys taken for {self.model.__name__}")
        return rows

    def values(self, row: list[Any]) -> dict[str, Any]:
        """The row as the change log stores an object's values."""
        if self._snap is None:
            from santisuk.audit.serialize import snapshotter

            self._snap = snapshotter(self.model, self.attnames)
        return self._snap(row)
