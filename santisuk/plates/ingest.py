"""Ingest of sightings from cameras: a file (NDJSON or CSV) or an API batch, streamed row by row.

Each row gets a deterministic key (device, capture time, normalised plate), so a camera that
resends loses nothing and doubles nothing. Rows are written in batches, each batch in one
transaction; a batch is acknowledged (counted, logged) only once committed, and its sightings
of police plates are checked against the misuse rules right after the commit. A row that fails
validation goes to the quarantine table with the reason. A process killed mid-file leaves whole
batches behind; running the same file again adds only what is missing.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import re
import sys
import time
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from santisuk.audit.services import event_record
from santisuk.plates.choices import SightingSource
from santisuk.plates.geometry import VenueIndex, VenuePoint
from santisuk.plates.models import Plate, QuarantinedSighting, Sighting, Venue
from santisuk.plates.models.sightings import sighting_key
from santisuk.plates.normalise import normalise_plate
from santisuk.plates.partitions import ensure_day_partitions, local_day

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
LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)
SOURCES = frozenset(SightingSource.values)
SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_REJECTIONS_REPORTED = 1000
# A camera clock a little ahead is tolerated; a reading from the future is not a reading.
CLOCK_SKEW = datetime.timedelta(minutes=10)


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


def parse_row(data: Any) -> dict[str, Any]:
    """The clean values of one row, or ``RowInvalid`` naming the field and the rule."""
    if not isinstance(data, dict):
        raise RowInvalid(
            _("A row must be an object with the fields %(fields)s.") % {"fields": ", ".join(FIELDS)}
        )
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise RowInvalid(_("Unknown field: %(fields)s.") % {"fields": ", ".join(unknown)})

    def text(name: str, limit: int) -> str:
        value = data.get(name)
        value = "" if value is None else str(value).strip()
        if "\x00" in value:
            raise RowInvalid(_("%(field)s: contains a NUL character.") % {"field": name})
        if len(value) > limit:
            raise RowInvalid(
                _("%(field)s: at most %(limit)d characters.") % {"field": name, "limit": limit}
            )
        return value

    source = text("source", 10).lower() or SightingSource.CAMERA
    if source not in SOURCES:
        raise RowInvalid(
            _("source: must be one of %(values)s.") % {"values": ", ".join(SightingSource.values)}
        )
    device_id = text("device_id", 64)
    if source == SightingSource.CAMERA and not device_id:
        raise RowInvalid(_("device_id: required for a camera sighting."))
    raw_time = text("captured_at", 40)
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
    captured_at = captured_at.astimezone(datetime.UTC)
    if captured_at > datetime.datetime.now(datetime.UTC) + CLOCK_SKEW:
        raise RowInvalid(_("captured_at: in the future."))
    plate_text = text("plate_text", 40)
    normalised = normalise_plate(plate_text)
    if not normalised:
        raise RowInvalid(_("plate_text: no letter or digit in it."))
    lat, lon = _coordinate(data, "latitude", 90), _coordinate(data, "longitude", 180)
    if (lat is None) != (lon is None):
        raise RowInvalid(_("latitude and longitude: give both or neither."))
    image = text("image_sha256", 64).lower()
    if image and not SHA256.match(image):
        raise RowInvalid(_("image_sha256: 64 hexadecimal characters."))
    return {
        "source": source,
        "device_id": device_id,
        "captured_at": captured_at,
        "plate_text": plate_text,
        "plate_normalised": normalised[:40],
        "latitude": lat,
        "longitude": lon,
        "venue_name": text("venue_name", 150),
        "image_sha256": image,
    }


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


# --- reading files as streams --------------------------------------------------------------------


def file_rows(path: Path, fmt: str = "") -> Iterator[tuple[int, str, Any]]:
    """(line number, raw text, parsed object or an exception) for each row of the file."""
    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "ndjson")
    with open(
        path, encoding="utf-8-sig", newline="" if fmt == "csv" else None, errors="replace"
    ) as handle:
        if fmt == "csv":
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                return
            names = [h.strip().lower() for h in header]
            line = 1
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
        else:
            for line, raw in enumerate(handle, 1):
                raw = raw.strip()
                if not raw:
                    continue
                try:
                    yield line, raw, json.loads(raw)
                except json.JSONDecodeError as exc:
                    yield line, raw, RowInvalid(_("Not JSON: %(error)s") % {"error": exc.msg})


# --- the ingest ---------------------------------------------------------------------------


class Ingestor:
    def __init__(self, *, source_name: str = "", batch_size: int = 2000, check_rules: bool = True):
        self.source_name = source_name[:200]
        self.batch_size = batch_size
        self.check_rules = check_rules
        if connection.vendor == "sqlite":
            # The key index grows with the table; a larger page cache for this connection keeps
            # the duplicate check and the inserts off the disk.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -131072")
        self.plates = dict(Plate.objects.values_list("normalised", "pk"))
        self.venues = VenueIndex(
            VenuePoint(v.pk, v.name, v.latitude, v.longitude, v.radius_m, v.location_id)
            for v in Venue.objects.filter(is_active=True)
        )

    def run(
        self, rows: Iterable[tuple[int | None, str, Any]], *, progress: bool = False
    ) -> IngestResult:
        from tqdm import tqdm

        from santisuk.plates.rules import pending_sightings_check

        result = IngestResult()
        if self.check_rules:
            # Sightings committed by a run that died before checking them.
            pending_sightings_check()
        batch: list[tuple[Sighting, str, int | None]] = []
        bad: list[tuple[int | None, str, str]] = []
        for line, raw, data in tqdm(rows, disable=not progress, unit=" rows", file=sys.stderr):
            try:
                if isinstance(data, Exception):
                    raise data
                values = parse_row(data)
            except RowInvalid as exc:
                bad.append((line, raw, str(exc)))
            else:
                batch.append((self._sighting(values), raw, line))
            if len(batch) + len(bad) >= self.batch_size:
                self._flush(batch, bad, result)
                batch, bad = [], []
        if batch or bad:
            self._flush(batch, bad, result)
        return result

    def _sighting(self, values: dict[str, Any]) -> dict[str, Any]:
        """The row's column values (a plain dict: model instances cost more than the insert)."""
        stamp = values["captured_at"].isoformat(timespec="microseconds")
        values["key"] = sighting_key(values["device_id"], stamp, values["plate_normalised"])
        values["plate_id"] = self.plates.get(values["plate_normalised"])
        venue = None
        if values["latitude"] is not None:
            venue = self.venues.at(values["latitude"], values["longitude"])
        if venue is None and values["venue_name"]:
            venue = self.venues.named(values["venue_name"])
        if venue is not None:
            values["venue_id"], values["area_id"] = venue.pk, venue.area_id
        # Only sightings of police plates go through the rules.
        values["rules_checked"] = values["plate_id"] is None
        return values

    def _flush(self, batch, bad, result: IngestResult) -> None:
        ensure_day_partitions(local_day(row["captured_at"]) for row, _raw, _line in batch)
        for attempt in range(3):
            try:
                new, duplicates = self._write(batch, bad)
                break
            except IntegrityError:
                # Another writer committed some of the same keys meanwhile: look again.
                if attempt == 2:
                    raise
        committed = time.monotonic()
        result.accepted += len(new)
        result.duplicates += duplicates
        result.rejected += len(bad)
        room = MAX_REJECTIONS_REPORTED - len(result.rejections)
        for line, _raw, reason in bad[: max(room, 0)]:
            result.rejections.append({"line": line, "reason": reason})
        police = [row["key"] for row in new if row["plate_id"] is not None]
        if self.check_rules and police:
            from santisuk.plates.rules import sightings_check

            ids = Sighting.objects.filter(key__in=police).values_list("pk", flat=True)
            raised = sightings_check(ids)
            # The alerts are committed when sightings_check returns.
            latency = time.monotonic() - committed
            result.alerts += len(raised)
            result.alert_latencies.extend([latency] * len(raised))

    @transaction.atomic
    def _write(self, batch, bad) -> tuple[list[dict[str, Any]], int]:
        keys = {row["key"] for row, _raw, _line in batch}
        existing: set[str] = set()
        if batch:
            # The key fixes the capture time: bounding it lets PostgreSQL look in the batch's
            # day partitions only.
            times = [row["captured_at"] for row, _raw, _line in batch]
            existing = set(
                Sighting.objects.filter(
                    key__in=keys, captured_at__gte=min(times), captured_at__lte=max(times)
                ).values_list("key", flat=True)
            )
        new, seen, duplicates = [], set(existing), 0
        for row, _raw, _line in batch:
            if row["key"] in seen:
                duplicates += 1
                continue
            seen.add(row["key"])
            new.append(row)
        _insert(new)
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
        if new or bad:
            event_record(
                name="sightings.ingested",
                data={
                    "source": self.source_name,
                    "accepted": len(new),
                    "duplicates": duplicates,
                    "rejected": len(bad),
                    "police_plates": sum(1 for row in new if row["plate_id"] is not None),
                },
            )
        return new, duplicates


def _columns() -> list[tuple[str, Any]]:
    """(column, default) of every sighting column but the id."""
    columns = []
    for model_field in Sighting._meta.concrete_fields:
        if model_field.primary_key:
            continue
        default = model_field.get_default()
        if isinstance(default, str) and model_field.null:
            default = None
        columns.append((model_field.attname, default))
    return columns


def _insert(rows: list[dict[str, Any]]) -> None:
    """All the rows in one go: COPY on PostgreSQL, one parameterised INSERT run with
    executemany on SQLite. The values are already clean, so Django's per-value preparation of
    bulk_create is skipped."""
    if not rows:
        return
    columns = _columns()
    adapt = connection.ops.adapt_datetimefield_value
    now = adapt(timezone.now())
    table = connection.ops.quote_name(Sighting._meta.db_table)
    names = ", ".join(connection.ops.quote_name(name) for name, _default in columns)
    marks = ", ".join(["%s"] * len(columns))
    params = []
    for row in rows:
        row["captured_at"] = adapt(row["captured_at"])
        row["created_at"] = now
        params.append(tuple(row.get(name, default) for name, default in columns))
    if connection.vendor == "postgresql":
        # COPY is PostgreSQL's bulk path; it runs inside the batch's transaction.
        connection.ensure_connection()
        with (
            connection.connection.cursor() as raw,
            raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for values in params:
                copy.write_row(values)
        return
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", params)  # noqa: S608


def ingest_file(
    path: Path, *, fmt: str = "", progress: bool = False, **kwargs: Any
) -> IngestResult:
    return Ingestor(source_name=str(path.name), **kwargs).run(
        file_rows(path, fmt), progress=progress
    )


def ingest_batch(rows: list[Any], *, source_name: str = "api") -> IngestResult:
    return Ingestor(source_name=source_name).run(
        (i, json.dumps(row, ensure_ascii=False, default=str), row) for i, row in enumerate(rows, 1)
    )
