"""Ingest of sightings from cameras: a file (NDJSON or CSV) or an API batch, streamed row by row.

A sighting's deterministic key is natural: the device, the capture time and the normalised plate
(a unique constraint of the table), so a camera that resends loses nothing and doubles nothing.
Rows are written in batches, each batch in one transaction with one set-wise statement that
skips the rows already there (``ON CONFLICT DO NOTHING``; on PostgreSQL a batch is copied
straight into the table, and only a batch holding a key already there goes through a temporary
table); the duplicates are the rows it skipped. A batch is
acknowledged (counted, logged) only once committed; its sightings of police plates are checked
against the misuse rules in the same transaction, so their alerts commit with them. A row that
fails validation goes to the quarantine table with the reason. A process killed mid-file leaves
whole batches behind; running the same file again adds only what is missing.

The per-row work is plain Python on tuples (no model instances, no ``full_clean``): every field
is still checked, with the same rules and messages, but a million rows cost seconds, not minutes.

``rows`` checks one row, ``files`` reads files as streams, ``writes`` writes a batch; this module
runs them (a reader process for files, the batches, the rules, the counts).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import multiprocessing
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from santisuk.audit.services import event_record
from santisuk.plates.geometry import VenueIndex, VenuePoint
from santisuk.plates.ingest.files import file_rows
from santisuk.plates.ingest.rows import (
    CLOCK_SKEW,
    FIELDS,
    UTC,
    RowInvalid,
    _plain,
    parse_row,
)
from santisuk.plates.ingest.writes import (
    CopyBatch,
    _insert_postgresql,
    _insert_sqlite,
    _Lanes,
    _Turn,
)
from santisuk.plates.models import Plate, QuarantinedSighting, Venue
from santisuk.plates.partitions import OFFSET, ensure_day_partitions

__all__ = [
    "FIELDS",
    "IngestResult",
    "Ingestor",
    "RowInvalid",
    "file_rows",
    "ingest_batch",
    "ingest_file",
    "parse_row",
    "venue_index",
]

MAX_REJECTIONS_REPORTED = 1000
# Rows per batch (one transaction, one commit, one run of the rules). The rules cost about
# the same for a batch of any size, so larger batches cost less per row; an alert still
# commits well within a second of its sighting's batch.
BATCH_SIZE = 30_000


@dataclass
class IngestResult:
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    alerts: int = 0
    rejections: list[dict[str, Any]] = field(default_factory=list)
    # Seconds from a batch's commit to each alert it raised (for the benchmark).
    alert_latencies: list[float] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"accepted": self.accepted, "duplicates": self.duplicates, "rejected": self.rejected}


def venue_index() -> VenueIndex:
    return VenueIndex(
        VenuePoint(v.pk, v.name, v.latitude, v.longitude, v.radius_m, v.location_id)
        for v in Venue.objects.filter(is_active=True)
    )


class Ingestor:
    def __init__(
        self,
        *,
        source_name: str = "",
        batch_size: int = BATCH_SIZE,
        check_rules: bool = True,
        lanes: int = 2,
    ):
        self.source_name = source_name[:200]
        self.lanes = lanes
        self.batch_size = batch_size
        self.check_rules = check_rules
        self.postgres = connection.vendor == "postgresql"
        self.plates = dict(Plate.objects.values_list("normalised", "pk"))
        self.venues = venue_index()

    def batches(
        self, rows: Iterable[tuple[int | None, str | None, Any]]
    ) -> Iterator[tuple[list[tuple] | CopyBatch, list[tuple[int | None, str, str]], set]]:
        """The rows cut into batches of clean rows (tuples in the order of COLUMNS; on
        PostgreSQL, the same as COPY text), rejected rows (line, raw text, reason) and the local
        days the clean rows fall on. Plain Python: no database."""
        batch: list[tuple] = []
        bad: list[tuple[int | None, str, str]] = []
        clean = self._clean
        size = self.batch_size
        self.latest = datetime.datetime.now(UTC) + CLOCK_SKEW
        self.days: set[datetime.date] = set()
        for line, raw, data in rows:
            try:
                if isinstance(data, Exception):
                    raise data
                batch.append(clean(data))
            except RowInvalid as exc:
                if raw is None:
                    raw = json.dumps(data, ensure_ascii=False, default=str)
                bad.append((line, raw, str(exc)))
            if len(batch) + len(bad) >= size:
                yield self._prepared(batch), bad, self.days
                batch, bad, self.days = [], [], set()
                self.latest = datetime.datetime.now(UTC) + CLOCK_SKEW
        if batch or bad:
            yield self._prepared(batch), bad, self.days

    def _prepared(self, batch: list[tuple]) -> list[tuple] | CopyBatch:
        """What the writer sends to the database, made here (in the reader process, for a
        file) so that the writer has no work per row."""
        if self.postgres and batch:
            return CopyBatch.of(batch, datetime.datetime.now(UTC))
        return batch

    def run(
        self, rows: Iterable[tuple[int | None, str | None, Any]], *, progress: bool = False
    ) -> IngestResult:
        from tqdm import tqdm

        rows = tqdm(rows, disable=not progress, unit=" rows", file=sys.stderr)
        return self._consume(self.batches(rows))

    def run_file(self, path: Path, fmt: str = "", *, progress: bool = False) -> IngestResult:
        """Ingest a file. Reading and validating rows is Python work, writing them is mostly
        the database's: a forked reader process prepares the next batch while this process
        writes one, so the two run on two cores. The reader never touches the database."""
        if "fork" not in multiprocessing.get_all_start_methods():
            return self.run(file_rows(path, fmt), progress=progress)
        from tqdm import tqdm

        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        reader = context.Process(target=self._read, args=(path, fmt, receiver, sender), daemon=True)
        reader.start()
        sender.close()
        bar = tqdm(disable=not progress, unit=" rows", file=sys.stderr)

        def received() -> Iterator[tuple[list[tuple], list, set]]:
            while True:
                try:
                    item = receiver.recv()
                except EOFError:
                    raise RuntimeError(_("The file reader stopped unexpectedly.")) from None
                if item is None:
                    return
                if isinstance(item, BaseException):
                    raise item
                bar.update(len(item[0]) + len(item[1]))
                yield item

        try:
            return self._consume(received())
        finally:
            bar.close()
            receiver.close()
            reader.join(timeout=5)
            if reader.is_alive():
                reader.kill()

    def _read(self, path: Path, fmt: str, receiver, sender) -> None:
        """In the reader process: batches of the file to the writer. A pipe holds little, so
        the reader is at most a batch ahead: memory stays flat however long the file."""
        # Only the writer reads: if it dies (even by SIGKILL), the next send fails and the
        # reader ends instead of waiting on a pipe nobody reads.
        receiver.close()
        try:
            for item in self.batches(file_rows(path, fmt)):
                sender.send(item)
            sender.send(None)
        except BrokenPipeError:
            pass  # the writer is gone
        except Exception as exc:
            sender.send(RuntimeError(f"{type(exc).__name__}: {exc}"))
        finally:
            sender.close()

    def _consume(self, batches: Iterable[tuple[list[tuple], list, set]]) -> IngestResult:
        from santisuk.plates.rules import pending_sightings_check

        result = IngestResult()
        if self.check_rules:
            # Sightings committed by a run that died before checking them.
            pending_sightings_check()
        if self.postgres and self.lanes > 1 and not connection.in_atomic_block:
            lanes = _Lanes(self, result, self.lanes)
            try:
                for batch, bad, days in batches:
                    lanes.put(batch, bad, days)
            finally:
                lanes.close()
            return result
        with contextlib.nullcontext() if self.postgres else _sqlite_tuned():
            for batch, bad, days in batches:
                self._flush(batch, bad, days, result)
        return result

    def _clean(self, data: Any) -> tuple:
        """The row's column values (see COLUMNS) as a tuple: a model instance, or even a dict,
        per row costs more than the insert."""
        values = _plain(data, self.latest)
        if values is None:
            # Anything unusual goes through the full validation, which names what is wrong.
            values = tuple(parse_row(data, self.latest).values())
        source, device_id, captured_at, plate_text, normalised, lat, lon, venue_name, image = values
        plate_id = self.plates.get(normalised)
        venue = None
        if lat is not None:
            venue = self.venues.at(lat, lon)
        if venue is None and venue_name:
            venue = self.venues.named(venue_name)
        if self.postgres:
            self.days.add(captured_at.astimezone(OFFSET).date())
            # Text in COPY's format, cheaper to pass between processes than a datetime.
            stamp = str(captured_at)
        else:
            # As Django writes a datetime to SQLite: naive UTC text (the unique key compares
            # that text).
            stamp = str(captured_at.replace(tzinfo=None))
        return (
            source,
            device_id,
            stamp,
            plate_text,
            normalised,
            plate_id,
            lat,
            lon,
            venue.pk if venue is not None else None,
            venue_name,
            venue.area_id if venue is not None else None,
            image,
            # Only sightings of police plates go through the rules.
            plate_id is None,
        )

    def _flush(
        self,
        batch: list[tuple],
        bad: list,
        days: set,
        result: IngestResult,
        turn: _Turn | None = None,
    ) -> None:
        try:
            if self.postgres:
                ensure_day_partitions(days)
            raised: list = []
            # The batch, its quarantined rows, and the alerts its police-plate sightings raise
            # commit together: an alert is there the moment its sighting is, and a batch costs
            # one commit (one disk flush) instead of two.
            with transaction.atomic():
                accepted, police, between = self._write(batch, bad, turn)
                written = time.monotonic()
                if self.check_rules and police:
                    from santisuk.plates.rules import sightings_check

                    raised = sightings_check(police, between=between)
            if raised:
                # How long the rules held the batch (and its alerts) back from being seen.
                latency = time.monotonic() - written
                result.alerts += len(raised)
                result.alert_latencies.extend([latency] * len(raised))
            result.accepted += accepted
            result.duplicates += len(batch) - accepted
            result.rejected += len(bad)
            room = MAX_REJECTIONS_REPORTED - len(result.rejections)
            for line, _raw, reason in bad[: max(room, 0)]:
                result.rejections.append({"line": line, "reason": reason})
        finally:
            if turn is not None:
                turn.done()

    def _write(
        self, batch: list[tuple], bad: list, turn: _Turn | None = None
    ) -> tuple[int, list[int], tuple | None]:
        """Write the batch (new rows only) and its quarantined rows in one transaction; the ids
        of the new sightings of police plates (to check against the rules)."""
        accepted, police, between = 0, [], None
        if batch and self.postgres:
            accepted, police, between = _insert_postgresql(batch, turn)
        elif batch:
            accepted, police, between = _insert_sqlite(batch)
        if turn is not None:
            # With two connections, batches insert and commit in the file's order, and the
            # rules of a batch see every earlier batch, as when they are written one by one.
            # The quarantine and the audit log (one chain, one lock) come after that turn.
            turn.inserted()
            turn.wait_commit()
        if bad:
            QuarantinedSighting.objects.bulk_create(
                [
                    QuarantinedSighting(
                        row_hash=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
                        source_name=self.source_name,
                        line=line,
                        raw=raw,
                        reason=reason,
                    )
                    for line, raw, reason in bad
                ],
                ignore_conflicts=True,
            )
        if accepted or bad:
            event_record(
                name="sightings.ingested",
                data={
                    "source": self.source_name,
                    "accepted": accepted,
                    "duplicates": len(batch) - accepted,
                    "rejected": len(bad),
                    "police_plates": len(police),
                },
            )
        return accepted, police, between


@contextlib.contextmanager
def _sqlite_tuned() -> Iterator[None]:
    """The key index grows with the table; a larger page cache for this connection keeps the
    inserts off the disk. Checkpoints (copying the write-ahead log into the database file, with
    its own flush) every 64 MB of log instead of every 4 MB: a batch's commit no longer pays one
    each time. Both as they were afterwards (a web process keeps its connection)."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA wal_autocheckpoint")
        autocheckpoint = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA cache_size = -131072")
        cursor.execute("PRAGMA wal_autocheckpoint = 16384")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {cache_size}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {autocheckpoint}")


def ingest_file(
    path: Path, *, fmt: str = "", progress: bool = False, **kwargs: Any
) -> IngestResult:
    return Ingestor(source_name=str(path.name), **kwargs).run_file(path, fmt, progress=progress)


def ingest_batch(rows: list[Any], *, source_name: str = "api") -> IngestResult:
    # The raw text of a row is made only if it is quarantined.
    return Ingestor(source_name=source_name).run((i, None, row) for i, row in enumerate(rows, 1))
