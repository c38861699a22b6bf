"""Writing a batch of clean rows: one statement that skips the natural keys already in the
table (SQLite: executemany; PostgreSQL: COPY into a temporary table, then INSERT … SELECT), and
on PostgreSQL two connections taking turns."""

from __future__ import annotations

import contextvars
import datetime
import queue
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import psycopg
from django.db import connection
from django.utils import timezone

from santisuk.plates.models import Sighting

if TYPE_CHECKING:
    from santisuk.plates.ingest import Ingestor, IngestResult

# The columns the ingest writes, in the order of a row tuple; the other columns of the table
# (patrol and tip fields) get their empty values in the INSERT itself.
COLUMNS = (
    "source",
    "device_id",
    "captured_at",
    "plate_text",
    "plate_normalised",
    "plate_id",
    "latitude",
    "longitude",
    "venue_id",
    "venue_name",
    "area_id",
    "image_sha256",
    "rules_checked",
)
CAPTURED, DEVICE, NORMALISED, PLATE = 2, 1, 4, 5
NATURAL_KEY = "captured_at, device_id, plate_normalised"
# The other columns of the table (patrol and tip fields) are left to their database defaults.
INSERTED = (*COLUMNS, "created_at")


def _names(columns=INSERTED) -> str:
    return ", ".join(connection.ops.quote_name(name) for name in columns)


def _insert_sqlite(batch: list[tuple]) -> tuple[int, list[int], None]:
    """One INSERT run with executemany that skips the rows whose natural key is already there;
    the connection's change count says how many went in."""
    table = connection.ops.quote_name(Sighting._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    marks = ", ".join(["?"] * len(COLUMNS))
    connection.ensure_connection()
    raw = connection.connection
    before = raw.total_changes
    raw.executemany(
        f"INSERT INTO {table} ({_names()}) VALUES ({marks}, '{now}') "  # noqa: S608
        f"ON CONFLICT ({NATURAL_KEY}) DO NOTHING",
        batch,
    )
    accepted = raw.total_changes - before
    police = [row for row in batch if row[PLATE] is not None]
    ids: list[int] = []
    if police and accepted:
        # The new police-plate rows: those of the batch's keys not checked yet (a duplicate
        # of a row already in the table was checked when it came).
        keys = [(row[CAPTURED], row[DEVICE], row[NORMALISED]) for row in police]
        for start in range(0, len(keys), 300):
            chunk = keys[start : start + 300]
            values = ", ".join(["(?, ?, ?)"] * len(chunk))
            ids += [
                pk
                for (pk,) in raw.execute(
                    f"SELECT id FROM {table} WHERE NOT rules_checked "  # noqa: S608
                    f"AND ({NATURAL_KEY}) IN (VALUES {values})",
                    [value for key in chunk for value in key],
                )
            ]
    return accepted, ids, None


# COPY's text format: a tab between values, \N for none, and these characters escaped (the
# normalised plate has letters and digits only).
_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def _escaped(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.translate(_ESCAPE)
    return text


@dataclass
class CopyBatch:
    """A batch of clean rows (PostgreSQL) as COPY text, made by the reader process: the writer
    hands it to the server as it is, with no work per row."""

    data: bytes
    rows: int
    # The capture times of the rows of police plates (the rules check those).
    police: list[str]

    def __len__(self) -> int:
        return self.rows

    @classmethod
    def of(cls, batch: list[tuple], received: datetime.datetime) -> CopyBatch:
        stamp, lines, police = str(received), [], []
        for row in batch:
            source, device, captured, text, normalised, plate, lat, lon = row[:8]
            venue, venue_name, area, image, checked = row[8:]
            if plate is None:
                plate = NULL
            else:
                police.append(captured)
            lines.append(
                f"{source}\t{_escaped(device)}\t{captured}\t{_escaped(text)}\t{normalised}\t"
                f"{plate}\t{NULL if lat is None else lat}\t{NULL if lon is None else lon}\t"
                f"{NULL if venue is None else venue}\t{_escaped(venue_name)}\t"
                f"{NULL if area is None else area}\t{image}\t{'t' if checked else 'f'}\t{stamp}\n"
            )
        return cls("".join(lines).encode(), len(batch), police)


STAGE = "plates_sighting_stage"


def _insert_postgresql(
    batch: CopyBatch, turn: _Turn | None = None
) -> tuple[int, list[int], tuple | None]:
    """COPY the batch straight into the partitioned table. A batch holding a key already there
    (a camera resending) makes the COPY fail on the unique key; it is then rolled back to a
    savepoint, copied into a temporary table and inserted with ON CONFLICT DO NOTHING, whose
    RETURNING says which rows went in."""
    table = connection.ops.quote_name(Sighting._meta.db_table)
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        if turn is not None:
            # After the batch before: a key in both waits for that batch, never the reverse.
            turn.wait_insert()
        cursor.execute("SAVEPOINT sighting_copy")
        try:
            with cursor.copy(f"COPY {table} ({_names()}) FROM STDIN") as copy:
                copy.write(batch.data)
        except psycopg.errors.UniqueViolation:
            cursor.execute("ROLLBACK TO SAVEPOINT sighting_copy")
            return _insert_postgresql_staged(cursor, table, batch)
        cursor.execute("RELEASE SAVEPOINT sighting_copy")
        if not batch.police:
            return batch.rows, [], None
        parse = datetime.datetime.fromisoformat
        between = (parse(min(batch.police)), parse(max(batch.police)))
        # The batch's police-plate rows: few, found through the index of unchecked rows.
        cursor.execute(
            f"SELECT id FROM {table} WHERE NOT rules_checked "  # noqa: S608
            "AND captured_at BETWEEN %s AND %s",
            between,
        )
        return batch.rows, [pk for (pk,) in cursor.fetchall()], between


def _insert_postgresql_staged(cursor, table: str, batch: CopyBatch) -> tuple:
    names = _names()
    # Emptied at every commit; created once per connection.
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGE} ("
        "source text, device_id text, captured_at timestamptz, plate_text text, "
        "plate_normalised text, plate_id bigint, latitude double precision, "
        "longitude double precision, venue_id bigint, venue_name text, area_id bigint, "
        "image_sha256 text, rules_checked boolean, created_at timestamptz) "
        "ON COMMIT DELETE ROWS"
    )
    with cursor.copy(f"COPY {STAGE} ({names}) FROM STDIN") as copy:
        copy.write(batch.data)
    cursor.execute(
        f"WITH new AS (INSERT INTO {table} ({names}) "  # noqa: S608
        f"SELECT {names} FROM {STAGE} "
        f"ON CONFLICT ({NATURAL_KEY}) DO NOTHING RETURNING id, plate_id, captured_at) "
        "SELECT count(*), array_agg(id) FILTER (WHERE plate_id IS NOT NULL), "
        "min(captured_at) FILTER (WHERE plate_id IS NOT NULL), "
        "max(captured_at) FILTER (WHERE plate_id IS NOT NULL) FROM new",
    )
    accepted, police, earliest, latest = cursor.fetchone()
    return accepted, police or [], (earliest, latest) if police else None


class _Turn:
    """A batch's place in the order of the inserts and of the commits: it inserts after the
    batch before it has inserted, and checks its rules and commits after that batch has
    committed. Waiting only ever on an earlier batch, no two batches wait on each other."""

    def __init__(self, before: _Turn | None, lanes: _Lanes):
        self.before, self.lanes = before, lanes
        self.insert_done, self.commit_done = threading.Event(), threading.Event()

    def _wait(self, event: threading.Event | None) -> None:
        if event is not None:
            event.wait()
        if self.lanes.error is not None:
            raise RuntimeError("an earlier batch failed")  # roll this one back too

    def wait_insert(self) -> None:
        self._wait(self.before.insert_done if self.before else None)

    def inserted(self) -> None:
        self.insert_done.set()

    def wait_commit(self) -> None:
        self._wait(self.before.commit_done if self.before else None)

    def done(self) -> None:
        self.insert_done.set()
        self.commit_done.set()


class _Lanes:
    """PostgreSQL: batches written by two threads with a connection each, in turn. While one
    batch waits for its rules and its commit, the next one is copied and inserted: the server
    works on both at once and the writer's Python is not idle while it waits. Each thread holds
    one batch and has one waiting, so memory stays flat."""

    def __init__(self, ingestor: Ingestor, result: IngestResult, count: int):
        self.ingestor, self.result = ingestor, result
        self.error: BaseException | None = None
        self.previous: _Turn | None = None
        self.queues: list[queue.Queue] = [queue.Queue(maxsize=1) for _ in range(count)]
        self.next = 0
        self.threads = []
        for lane in self.queues:
            # The audit context (who runs the command) goes with the work.
            context = contextvars.copy_context()
            thread = threading.Thread(target=context.run, args=(self._run, lane), daemon=True)
            thread.start()
            self.threads.append(thread)

    def put(self, batch: list[tuple], bad: list, days: set) -> None:
        if self.error is not None:
            raise self.error
        turn = _Turn(self.previous, self)
        self.previous = turn
        self.queues[self.next].put((batch, bad, days, turn))
        self.next = (self.next + 1) % len(self.queues)

    def _run(self, lane: queue.Queue) -> None:
        try:
            while (item := lane.get()) is not None:
                batch, bad, days, turn = item
                if self.error is not None:
                    turn.done()
                    continue
                try:
                    self.ingestor._flush(batch, bad, days, self.result, turn)
                except BaseException as exc:  # handed to the reading thread
                    if self.error is None:
                        self.error = exc
        finally:
            connection.close()

    def close(self) -> None:
        for lane in self.queues:
            lane.put(None)
        for thread in self.threads:
            thread.join()
        if self.error is not None:
            raise self.error
