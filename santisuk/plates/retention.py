"""How long sightings are kept.

- A sighting linked to no alert is removed ``PLATES_SIGHTING_RETENTION_DAYS`` (default 30) days
  after it was taken.
- A sighting that is evidence of an alert is kept while the alert is open, and removed
  ``PLATES_ALERT_RETENTION_DAYS`` (default 365) days after the alert was closed.
- A sighting under legal hold is never removed.

Each run writes one audit event per rule with the keys of the sightings it removed; a second run
finds nothing more to remove.

On PostgreSQL a day partition in which every sighting is past its retention (none under legal
hold, none still needed by an alert) is dropped whole, which costs the same for a million rows as
for one, instead of being deleted row by row; the audit event of each dropped partition counts
its rows per rule. Partitions with some sightings to keep are purged row by row, as on SQLite.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from santisuk.audit.services import event_record
from santisuk.plates.choices import AlertStatus
from santisuk.plates.models import Alert, AlertEvidence, Sighting
from santisuk.plates.partitions import OFFSET, TABLE, is_partitioned

CHUNK = 5000


def sighting_days() -> int:
    return int(getattr(settings, "PLATES_SIGHTING_RETENTION_DAYS", 30))


def alert_days() -> int:
    return int(getattr(settings, "PLATES_ALERT_RETENTION_DAYS", 365))


UNLINKED, EXPIRED = "unlinked_after_days", "alert_closed_after_days"


@dataclass
class PurgeResult:
    removed: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False
    # Day partitions dropped whole: {"partition", "day", "removed": {rule: count}}.
    partitions: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"dry_run": self.dry_run, "removed": self.removed, "partitions": self.partitions}


def _candidates(now: datetime.datetime) -> dict[str, object]:
    linked = AlertEvidence.objects.filter(sighting_id=OuterRef("pk"))
    primary = Alert.objects.filter(sighting_id=OuterRef("pk"))
    unlinked = (
        Sighting.objects.filter(
            legal_hold=False, captured_at__lt=now - datetime.timedelta(days=sighting_days())
        )
        .exclude(Exists(linked))
        .exclude(Exists(primary))
    )
    closed_before = now - datetime.timedelta(days=alert_days())
    # Linked sightings go when every alert they support was closed long enough ago.
    still_needed = AlertEvidence.objects.filter(sighting_id=OuterRef("pk")).exclude(
        alert__status=AlertStatus.CLOSED, alert__closed_at__lt=closed_before
    )
    still_primary = Alert.objects.filter(sighting_id=OuterRef("pk")).exclude(
        status=AlertStatus.CLOSED, closed_at__lt=closed_before
    )
    expired = (
        Sighting.objects.filter(legal_hold=False)
        .filter(Exists(linked) | Exists(primary))
        .exclude(Exists(still_needed))
        .exclude(Exists(still_primary))
    )
    return {UNLINKED: unlinked, EXPIRED: expired}


def _kept(now: datetime.datetime) -> Q:
    """Sightings that must stay whatever their age: under legal hold, or evidence of an alert
    still open or closed too recently."""
    closed_before = now - datetime.timedelta(days=alert_days())
    still_needed = AlertEvidence.objects.filter(sighting_id=OuterRef("pk")).exclude(
        alert__status=AlertStatus.CLOSED, alert__closed_at__lt=closed_before
    )
    still_primary = Alert.objects.filter(sighting_id=OuterRef("pk")).exclude(
        status=AlertStatus.CLOSED, closed_at__lt=closed_before
    )
    return Q(legal_hold=True) | Q(Exists(still_needed)) | Q(Exists(still_primary))


def _day_partitions() -> list[tuple[str, datetime.datetime, datetime.datetime]]:
    """(name, start, end) of every day partition of the sightings table, oldest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname",
            [TABLE],
        )
        names = [row[0] for row in cursor.fetchall()]
    partitions = []
    for name in names:
        try:
            day = datetime.datetime.strptime(name.removeprefix(f"{TABLE}_d"), "%Y%m%d").date()
        except ValueError:
            continue  # not one of ours
        start = datetime.datetime.combine(day, datetime.time(), OFFSET)
        partitions.append((name, start, start + datetime.timedelta(days=1)))
    return partitions


def _purgeable_partitions(now: datetime.datetime) -> list[dict]:
    """The day partitions every sighting of which may go: the whole day is older than the
    retention of unlinked sightings, and no sighting in it is to be kept."""
    cutoff = now - datetime.timedelta(days=sighting_days())
    linked = Q(Exists(AlertEvidence.objects.filter(sighting_id=OuterRef("pk")))) | Q(
        Exists(Alert.objects.filter(sighting_id=OuterRef("pk")))
    )
    kept = _kept(now)
    found = []
    for name, start, end in _day_partitions():
        if end > cutoff:
            break
        rows = Sighting.objects.filter(captured_at__gte=start, captured_at__lt=end)
        if rows.filter(kept).exists():
            continue
        counts = rows.aggregate(total=Count("pk"), linked=Count("pk", filter=linked))
        found.append(
            {
                "partition": name,
                "day": start.date().isoformat(),
                "start": start,
                "end": end,
                "removed": {
                    UNLINKED: counts["total"] - counts["linked"],
                    EXPIRED: counts["linked"],
                },
            }
        )
    return found


def _drop_partition(part: dict, now: datetime.datetime) -> bool:
    """Drop one day partition, its sightings' evidence links and write the audit event; False
    if, looked at again under a lock, it now holds a sighting to keep."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Dropping a partition locks the whole table anyway: take that lock first, so that
            # nothing changes between the check below and the drop.
            cursor.execute(f'LOCK TABLE "{TABLE}" IN ACCESS EXCLUSIVE MODE')
        rows = Sighting.objects.filter(captured_at__gte=part["start"], captured_at__lt=part["end"])
        if rows.filter(_kept(now)).exists():
            return False
        AlertEvidence.objects.filter(sighting_id__in=rows.values("pk")).delete()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TABLE "{part["partition"]}"')
        event_record(
            name="sightings.partition_dropped",
            data={
                "partition": part["partition"],
                "day": part["day"],
                "removed": part["removed"],
                "days": {UNLINKED: sighting_days(), EXPIRED: alert_days()},
            },
        )
    return True


def sightings_purge(*, dry_run: bool = False, now: datetime.datetime | None = None) -> PurgeResult:
    now = now or timezone.now()
    result = PurgeResult(dry_run=dry_run)
    days = {UNLINKED: sighting_days(), EXPIRED: alert_days()}
    whole = _purgeable_partitions(now) if is_partitioned() else []
    dropped: list[dict] = []
    for part in whole:
        if dry_run or _drop_partition(part, now):
            dropped.append(part)
    result.partitions = [
        {"partition": p["partition"], "day": p["day"], "removed": p["removed"]} for p in dropped
    ]
    # In a dry run the partitions are still there: their rows are counted once, above.
    spans = Q()
    for part in dropped if dry_run else ():
        spans |= Q(captured_at__gte=part["start"], captured_at__lt=part["end"])
    for rule, queryset in _candidates(now).items():
        from_partitions = sum(p["removed"][rule] for p in dropped)
        if spans:
            queryset = queryset.exclude(spans)
        if dry_run:
            result.removed[rule] = from_partitions + queryset.count()
            continue
        total = 0
        while True:
            with transaction.atomic():
                rows = [
                    (pk, f"{device}|{seen.isoformat()}|{plate}")
                    for pk, device, seen, plate in queryset.values_list(
                        "pk", "device_id", "captured_at", "plate_normalised"
                    )[:CHUNK]
                ]
                if not rows:
                    break
                Sighting.objects.filter(pk__in=[pk for pk, _key in rows]).delete()
                AlertEvidence.objects.filter(sighting_id__in=[pk for pk, _key in rows]).delete()
                event_record(
                    name="sightings.purged",
                    data={
                        "rule": rule,
                        "days": days[rule],
                        "count": len(rows),
                        "keys": [key for _pk, key in rows],
                    },
                )
                total += len(rows)
        result.removed[rule] = from_partitions + total
    return result
