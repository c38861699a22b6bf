"""``santisuk plates alerts`` and ``santisuk plates purge``."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from santisuk.audit.models import ChangeEntry
from santisuk.plates.models import Alert, MisuseRule, Sighting
from santisuk.plates.rules import _raise

pytestmark = pytest.mark.django_db


def _sighting(fleet, key, days_ago, plate=True, **kwargs):
    return Sighting.objects.create(
        source="camera",
        device_id=key,
        rules_checked=True,
        captured_at=timezone.now() - datetime.timedelta(days=days_ago),
        plate_text="x",
        plate_normalised=fleet.plate.normalised if plate else "X",
        plate=fleet.plate if plate else None,
        **kwargs,
    )


def test_alerts_as_json(fleet, capsys):
    alert = _raise(MisuseRule.objects.get(code="off_road_plate"), _sighting(fleet, "a", 1), "t")
    call_command("plates", "alerts", "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {
            "number": alert.number,
            "rule": "off_road_plate",
            "severity": 4,
            "plate": "ប៉ូលិស 2-1234",
            "unit": "PP-CKM",
            "venue": None,
            "seen_at": rows[0]["seen_at"],
            "status": "open",
            "outcome": None,
        }
    ]


def test_purge_follows_the_retention_rules_and_a_second_run_removes_nothing(fleet, capsys):
    old = _sighting(fleet, "old", 40, plate=False)
    _sighting(fleet, "recent", 3, plate=False)
    _sighting(fleet, "held", 40, plate=False, legal_hold=True)
    evidence = _sighting(fleet, "evidence", 40)
    alert = _raise(MisuseRule.objects.get(code="off_road_plate"), evidence, "t")
    closed_evidence = _sighting(fleet, "closed", 800)
    closed = _raise(MisuseRule.objects.get(code="cloned_plate"), closed_evidence, "t")
    Alert.objects.filter(pk=closed.pk).update(
        status="closed", closed_at=timezone.now() - datetime.timedelta(days=400)
    )

    call_command("plates", "purge", "--dry-run")
    assert json.loads(capsys.readouterr().out)["removed"] == {
        "unlinked_after_days": 1,
        "alert_closed_after_days": 1,
    }
    assert Sighting.objects.count() == 5

    call_command("plates", "purge")
    capsys.readouterr()
    left = set(Sighting.objects.values_list("device_id", flat=True))
    assert left == {"recent", "held", "evidence"}
    assert alert.evidence.count() == 1
    events = ChangeEntry.objects.filter(event="sightings.purged")
    # On PostgreSQL the 800-day-old sighting, alone in its day partition, goes with it.
    dropped = ChangeEntry.objects.filter(event="sightings.partition_dropped")
    rules = {e.after["rule"] for e in events} | {
        rule for e in dropped for rule, count in e.after["removed"].items() if count
    }
    assert rules == {"unlinked_after_days", "alert_closed_after_days"}
    removed = events.get(after__rule="unlinked_after_days").after["keys"]
    assert removed == [f"old|{old.captured_at.isoformat()}|X"]

    call_command("plates", "purge")
    assert json.loads(capsys.readouterr().out)["removed"] == {
        "unlinked_after_days": 0,
        "alert_closed_after_days": 0,
    }
