"""How long sightings are kept.

- A sighting linked to no alert is removed ``PLATES_SIGHTING_RETENTION_DAYS`` (default 30) days
  after it was taken.
- A sighting that is evidence of an alert is kept while the alert is open, and removed
  ``PLATES_ALERT_RETENTION_DAYS`` (default 365) days after the alert was closed.
- A sighting under legal hold is never removed.

Each run writes one audit event per rule with the keys of the sightings it removed; a second run
finds nothing more to remove.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from santisuk.audit.services import event_record
from santisuk.plates.choices import AlertStatus
from santisuk.plates.models import Alert, AlertEvidence, Sighting

CHUNK = 5000


def sighting_days() -> int:
    return int(getattr(settings, "PLATES_SIGHTING_RETENTION_DAYS", 30))


def alert_days() -> int:
    return int(getattr(settings, "PLATES_ALERT_RETENTION_DAYS", 365))


@dataclass
class PurgeResult:
    removed: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def as_dict(self) -> dict:
        return {"dry_run": self.dry_run, "removed": self.removed}


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
    return {"unlinked_after_days": unlinked, "alert_closed_after_days": expired}


def sightings_purge(*, dry_run: bool = False, now: datetime.datetime | None = None) -> PurgeResult:
    now = now or timezone.now()
    result = PurgeResult(dry_run=dry_run)
    days = {"unlinked_after_days": sighting_days(), "alert_closed_after_days": alert_days()}
    for rule, queryset in _candidates(now).items():
        if dry_run:
            result.removed[rule] = queryset.count()
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
        result.removed[rule] = total
    return result
