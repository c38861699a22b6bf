"""Ingest of sightings from cameras: a file (NDJSON or CSV) or an API batch, streamed row by row.

A sighting's deterministic key is natural: the device, the capture time and the normalised plate
(a unique constraint of the table), so a camera that resends loses nothing and doubles nothing.
Rows are written in batches, each batch in one transaction with one set-wise statement that
skips the rows already there (``ON CONFLICT DO NOTHING``; on PostgreSQL the batch is first
copied into a temporary table with COPY); the duplicates are the rows it skipped. A batch is
acknowledged (counted, logged) only once committed; its sightings of police plates are checked
against the misuse rules in the same transaction, so their alerts commit with them. A row that
fails validation goes to the quarantine table with the reason. A process killed mid-file leaves
whole batches behind; running the same file again adds only what is missing.

The per-row work is plain Python on tuples (no model instances, no ``full_clean``): every field
is still checked, with the same rules and messages, but a million rows cost seconds, not minutes.
"""

from __future__ import annotations

import contextvars
import csv
import datetime
import hashlib
import json
import multiprocessing
import queue
import re
import sys
import threading
import time
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from santisuk.audit.services import event_record
from santisuk.plates.choices import SightingSource
from santisuk.plates.geometry import VenueIndex, VenuePoint
from santisuk.plates.models import Plate, QuarantinedSighting, Sighting, Venue
from santisuk.plates.normalise import ASCII_FOLD, normalise_plate
from santisuk.plates.partitions import OFFSET, ensure_day_partitions

FIELDS = (
    "source",
    "device_id",
    "captured_at",
    "plate_text",
    "latitude",
    "longitude",
    "venue_name",
    "image_sha256",
)
FIELD_SET = frozenset(FIELDS)
LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)
UTC = datetime.UTC
SOURCES = frozenset(SightingSource.values)
CAMERA = str(SightingSource.CAMERA)
SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_REJECTIONS_REPORTED = 1000
# A camera clock a little ahead is tolerated; a reading from the future is not a reading.
CLOCK_SKEW = datetime.timedelta(minutes=10)

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
CONSTANT_COLUMNS = (
    ("place_text", "''"),
    ("photo", "''"),
    ("note", "''"),
    ("reported_by_id", "NULL"),
    ("receipt", "''"),
    ("tip_status", "''"),
    ("submitter_hash", "''"),
    ("contact", "''"),
    ("legal_hold", "FALSE"),
)
NATURAL_KEY = "captured_at, device_id, plate_normalised"


class RowInvalid(ValueError):
    pass


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


def _text(data: dict, name: str, limit: int) -> str:
    value = data.get(name)
    if value is None:
        return ""
    value = (value if value.__class__ is str else str(value)).strip()
    if "\x00" in value:
        raise RowInvalid(_("%(field)s: contains a NUL character.") % {"field": name})
    if len(value) > limit:
        raise RowInvalid(
            _("%(field)s: at most %(limit)d characters.") % {"field": name, "limit": limit}
        )
    return value


def _coordinate(data: dict, name: str, limit: int) -> float | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise RowInvalid(_("%(field)s: not a number.") % {"field": name}) from None
    if not -limit <= number <= limit or number != number:
        raise RowInvalid(
            _("%(field)s: between -%(limit)d and %(limit)d.") % {"field": name, "limit": limit}
        )
    return number


def _captured_at(data: dict, latest: datetime.datetime) -> datetime.datetime:
    raw_time = _text(data, "captured_at", 40)
    if not raw_time:
        raise RowInvalid(_("captured_at: required."))
    try:
        captured_at = datetime.datetime.fromisoformat(raw_time)
    except ValueError:
        try:
            captured_at = parse_datetime(raw_time)
        except ValueError:
            captured_at = None
    if captured_at is None:
        raise RowInvalid(
            _("captured_at: not a date and time (ISO 8601, e.g. 2026-11-23T21:05:00+07:00).")
        )
    if captured_at.tzinfo is None:  # cameras set to local time
        captured_at = captured_at.replace(tzinfo=LOCAL)
    captured_at = captured_at.astimezone(UTC)
    if captured_at > latest:
        raise RowInvalid(_("captured_at: in the future."))
    return captured_at


def parse_row(data: Any, latest: datetime.datetime | None = None) -> dict[str, Any]:
    """The clean values of one row, or ``RowInvalid`` naming the field and the rule.

    ``latest`` is the latest capture time accepted (now plus the clock skew allowed)."""
    if data.__class__ is not dict:
        raise RowInvalid(
            _("A row must be an object with the fields %(fields)s.") % {"fields": ", ".join(FIELDS)}
        )
    if not FIELD_SET.issuperset(data):
        unknown = sorted(set(data) - FIELD_SET)
        raise RowInvalid(_("Unknown field: %(fields)s.") % {"fields": ", ".join(unknown)})
    source = _text(data, "source", 10).lower() or CAMERA
    if source not in SOURCES:
        raise RowInvalid(
            _("source: must be one of %(values)s.") % {"values": ", ".join(SightingSource.values)}
        )
    device_id = _text(data, "device_id", 64)
    if not device_id and source == CAMERA:
        raise RowInvalid(_("device_id: required for a camera sighting."))
    if latest is None:
        latest = datetime.datetime.now(UTC) + CLOCK_SKEW
    captured_at = _captured_at(data, latest)
    plate_text = _text(data, "plate_text", 40)
    normalised = normalise_plate(plate_text)
    if not normalised:
        raise RowInvalid(_("plate_text: no letter or digit in it."))
    lat, lon = _coordinate(data, "latitude", 90), _coordinate(data, "longitude", 180)
    if (lat is None) != (lon is None):
        raise RowInvalid(_("latitude and longitude: give both or neither."))
    image = _text(data, "image_sha256", 64)
    if image:
        image = image.lower()
        if len(image) != 64 or not SHA256.match(image):
            raise RowInvalid(_("image_sha256: 64 hexadecimal characters."))
    return {
        "source": source,
        "device_id": device_id,
        "captured_at": captured_at,
        "plate_text": plate_text,
        "plate_normalised": normalised[:40],
        "latitude": lat,
        "longitude": lon,
        "venue_name": _text(data, "venue_name", 150),
        "image_sha256": image,
    }


def _plain_text(value: Any, limit: int) -> str | None:
    if value is None:
        return ""
    if value.__class__ is not str:
        return None
    value = value.strip()
    if len(value) > limit or "\x00" in value:
        return None
    return value


def _plain_number(value: Any, limit: int) -> bool:
    return (value.__class__ is float or value.__class__ is int) and -limit <= value <= limit


def _plain(data: Any, latest: datetime.datetime) -> tuple | None:
    """The clean values of a row as a camera usually sends it (a JSON object of strings and
    numbers), in the order of ``parse_row``'s, checked by the same rules, or None for anything
    else: that goes through ``parse_row``, which accepts or rejects it with the reason. This
    path exists for speed only; it accepts nothing ``parse_row`` would reject and returns the
    same values."""
    if data.__class__ is not dict or not FIELD_SET.issuperset(data):
        return None
    get = data.get
    source = get("source")
    if source is not None and source != CAMERA:
        return None
    device_id = _plain_text(get("device_id"), 64)
    raw_time = _plain_text(get("captured_at"), 40)
    plate_text = _plain_text(get("plate_text"), 40)
    venue_name = _plain_text(get("venue_name"), 150)
    image = _plain_text(get("image_sha256"), 64)
    if not device_id or not raw_time or not plate_text or venue_name is None or image is None:
        return None
    try:
        captured_at = datetime.datetime.fromisoformat(raw_time)
    except ValueError:
        return None
    if captured_at.tzinfo is None:
        return None
    captured_at = captured_at.astimezone(UTC)
    if captured_at > latest:
        return None
    normalised = plate_text.translate(ASCII_FOLD) if plate_text.isascii() else ""
    if not normalised:
        return None
    lat, lon = get("latitude"), get("longitude")
    if lat is None and lon is None:
        pass
    elif not (_plain_number(lat, 90) and _plain_number(lon, 180)):
        return None
    else:
        lat, lon = float(lat), float(lon)
    if image:
        image = image.lower()
        if len(image) != 64 or not SHA256.match(image):
            return None
    return (
        CAMERA,
        device_id,
        captured_at,
        plate_text,
        normalised[:40],
        lat,
        lon,
        venue_name,
        image,
    )


# --- reading files as streams --------------------------------------------------------------------


def file_rows(path: Path, fmt: str = "") -> Iterator[tuple[int, str, Any]]:
    """(line number, raw text, parsed object or an exception) for each row of the file."""
    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "ndjson")
    if fmt != "csv":
        yield from _ndjson_rows(path)
        return
    with open(path, encoding="utf-8-sig", newline="", errors="replace") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        names = [h.strip().lower() for h in header]
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            raw = ",".join(record)
            if len(record) != len(names):
                yield (
                    line,
                    raw,
                    RowInvalid(
                        _("The line has %(got)d values for %(want)d columns.")
                        % {"got": len(record), "want": len(names)}
                    ),
                )
                continue
            yield line, raw, dict(zip(names, record, strict=True))


def _ndjson_rows(path: Path) -> Iterator[tuple[int, str, Any]]:
    loads = json.loads
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        for line, raw in enumerate(handle, 1):
            raw = raw.strip()
            if not raw:
                continue
            try:
                yield line, raw, loads(raw)
            except json.JSONDecodeError as exc:
                yield line, raw, RowInvalid(_("Not JSON: %(error)s") % {"error": exc.msg})


# --- the ingest ---------------------------------------------------------------------------


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
        batch_size: int = 10_000,
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
    ) -> Iterator[tuple[list[tuple], list[tuple[int | None, str, str]], set]]:
        """The rows cut into batches of clean rows (tuples in the order of COLUMNS), rejected
        rows (line, raw text, reason) and the local days the clean rows fall on. Plain Python:
        no database."""
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
                yield batch, bad, self.days
                batch, bad, self.days = [], [], set()
                self.latest = datetime.datetime.now(UTC) + CLOCK_SKEW
        if batch or bad:
            yield batch, bad, self.days

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
        if not self.postgres:
            # The key index grows with the table; a larger page cache for this connection
            # keeps the inserts off the disk. Checkpoints (copying the write-ahead log into the
            # database file, with its own flush) every 64 MB of log instead of every 4 MB: a
            # batch's commit no longer pays one each time.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -131072")
                cursor.execute("PRAGMA wal_autocheckpoint = 16384")
        if self.postgres and self.lanes > 1 and not connection.in_atomic_block:
            lanes = _Lanes(self, result, self.lanes)
            try:
                for batch, bad, days in batches:
                    lanes.put(batch, bad, days)
            finally:
                lanes.close()
            return result
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


def _insert_columns() -> tuple[str, str]:
    """The column list of the INSERT and the constant values of the columns the ingest does not
    fill, created_at last (bound per batch)."""
    quote = connection.ops.quote_name
    names = [*COLUMNS, *(name for name, _value in CONSTANT_COLUMNS), "created_at"]
    constants = ", ".join(value for _name, value in CONSTANT_COLUMNS)
    return ", ".join(quote(name) for name in names), constants


def _insert_sqlite(batch: list[tuple]) -> tuple[int, list[int], None]:
    """One INSERT run with executemany that skips the rows whose natural key is already there;
    the connection's change count says how many went in."""
    table = connection.ops.quote_name(Sighting._meta.db_table)
    names, constants = _insert_columns()
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    marks = ", ".join(["?"] * len(COLUMNS))
    connection.ensure_connection()
    raw = connection.connection
    before = raw.total_changes
    raw.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks}, {constants}, '{now}') "  # noqa: S608
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


STAGE = "plates_sighting_stage"


def _insert_postgresql(
    batch: list[tuple], turn: _Turn | None = None
) -> tuple[int, list[int], tuple | None]:
    """COPY the batch into a temporary table, then one INSERT … SELECT … ON CONFLICT DO NOTHING
    into the partitioned table; RETURNING says which rows went in."""
    table = connection.ops.quote_name(Sighting._meta.db_table)
    names, constants = _insert_columns()
    columns = ", ".join(COLUMNS)
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        # Emptied at every commit; created once per connection.
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGE} ("
            "source text, device_id text, captured_at timestamptz, plate_text text, "
            "plate_normalised text, plate_id bigint, latitude double precision, "
            "longitude double precision, venue_id bigint, venue_name text, area_id bigint, "
            "image_sha256 text, rules_checked boolean) ON COMMIT DELETE ROWS"
        )
        with cursor.copy(f"COPY {STAGE} ({columns}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row(row)
        if turn is not None:
            # After the batch before: a key in both waits for that batch, never the reverse.
            turn.wait_insert()
        cursor.execute(
            f"WITH new AS (INSERT INTO {table} ({names}) "  # noqa: S608
            f"SELECT {columns}, {constants}, %s FROM {STAGE} "
            f"ON CONFLICT ({NATURAL_KEY}) DO NOTHING RETURNING id, plate_id, captured_at) "
            "SELECT count(*), array_agg(id) FILTER (WHERE plate_id IS NOT NULL), "
            "min(captured_at) FILTER (WHERE plate_id IS NOT NULL), "
            "max(captured_at) FILTER (WHERE plate_id IS NOT NULL) FROM new",
            [timezone.now()],
        )
        accepted, police, earliest, latest = cursor.fetchone()
    return accepted, police or [], (earliest, latest) if police else None


def ingest_file(
    path: Path, *, fmt: str = "", progress: bool = False, **kwargs: Any
) -> IngestResult:
    return Ingestor(source_name=str(path.name), **kwargs).run_file(path, fmt, progress=progress)


def ingest_batch(rows: list[Any], *, source_name: str = "api") -> IngestResult:
    # The raw text of a row is made only if it is quarantined.
    return Ingestor(source_name=source_name).run((i, None, row) for i, row in enumerate(rows, 1))
