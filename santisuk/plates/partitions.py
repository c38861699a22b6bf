"""Day partitions of the sightings table on PostgreSQL.

Migration 0003 turns ``plates_sighting`` into a table partitioned by range of ``captured_at``,
one partition per day of Phnom Penh time (UTC+7, no daylight saving). A partition is created
when the first sighting of its day arrives (``ensure_day_partitions``, called by the ingest and
by ``Sighting.save``). On SQLite there is one table and these functions do nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import DatabaseError, connection, transaction

TABLE = "plates_sighting"
OFFSET = datetime.timezone(datetime.timedelta(hours=7))


def partition_name(day: datetime.date) -> str:
    return f"{TABLE}_d{day:%Y%m%d}"


def local_day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(OFFSET).date()


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [TABLE]
        )
        return cursor.fetchone() is not None


def ensure_day_partitions(days: Iterable[datetime.date]) -> list[str]:
    """Create the partitions of ``days`` that do not exist yet; returns the names created."""
    if connection.vendor != "postgresql":
        return []
    wanted = {partition_name(day): day for day in set(days)}
    if not wanted:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM unnest(%s::text[]) AS name WHERE to_regclass(name) IS NULL",
            [list(wanted)],
        )
        missing = [row[0] for row in cursor.fetchall()]
        if missing and not is_partitioned():
            return []
        for name in missing:
            day = wanted[name]
            start = datetime.datetime.combine(day, datetime.time(), OFFSET)
            end = start + datetime.timedelta(days=1)
            # The bounds are dates computed here, never text from a request.
            statement = (
                f'CREATE TABLE IF NOT EXISTS "{name}" PARTITION OF "{TABLE}" '
                f"FOR VALUES FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"
            )
            try:
                with transaction.atomic():
                    cursor.execute(statement)
            except DatabaseError:
                # Another process created it at the same moment.
                cursor.execute("SELECT to_regclass(%s)", [name])
                if cursor.fetchone()[0] is None:
                    raise
    return missing
