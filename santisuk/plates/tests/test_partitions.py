"""Sightings are partitioned by day on PostgreSQL and kept in one table on SQLite."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from santisuk.audit.models import ChangeEntry
from santisuk.plates.models import MisuseRule, Sighting
from santisuk.plates.partitions import OFFSET, is_partitioned
from santisuk.plates.rules import _raise

pytestmark = pytest.mark.django_db


def _partitions() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, (SELECT COUNT(*) FROM plates_sighting s "
            "WHERE s.tableoid = c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = 'plates_sighting'::regclass"
        )
        return dict(cursor.fetchall())


def test_sightings_of_two_days_land_in_two_day_partitions(db, tmp_path, capsys):
    path = tmp_path / "cam.ndjson"
    rows = [
        # 23:30 and 00:30 Phnom Penh time: two different days there.
        {"device_id": "CAM-1", "captured_at": "2026-10-01T23:30:00+07:00", "plate_text": "2A-1"},
        {"device_id": "CAM-1", "captured_at": "2026-10-02T00:30:00+07:00", "plate_text": "2A-2"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    call_command("ingest", "sightings", str(path))
    assert json.loads(capsys.readouterr().out)["accepted"] == 2
    assert Sighting.objects.count() == 2

    if connection.vendor == "postgresql":
        assert is_partitioned()
        counts = _partitions()
        assert counts["plates_sighting_d20261001"] == 1
        assert counts["plates_sighting_d20261002"] == 1
        # a single save (a patrol report) creates its day's partition too
        Sighting.objects.create(
            source="patrol",
            captured_at=datetime.datetime(2026, 10, 5, 3, tzinfo=datetime.UTC),
            plate_text="x",
            plate_normalised="X",
        )
        assert _partitions()["plates_sighting_d20261005"] == 1
    else:
        assert not is_partitioned()
        assert connection.introspection.table_names().count("plates_sighting") == 1


def _seen(fleet, device, day, hour, **kwargs):
    return Sighting.objects.create(
        source="camera",
        device_id=device,
        rules_checked=True,
        captured_at=datetime.datetime.combine(day, datetime.time(hour), OFFSET),
        plate_text="x",
        plate_normalised=fleet.plate.normalised,
        plate=fleet.plate,
        **kwargs,
    )


def test_purge_drops_whole_day_partitions_and_keeps_what_must_stay(fleet, capsys):
    today = timezone.localdate()
    old = today - datetime.timedelta(days=60)
    held_day = old + datetime.timedelta(days=1)
    alert_day = old + datetime.timedelta(days=2)
    # A day with nothing to keep, a day with a sighting under legal hold, a day with the
    # evidence of an open alert, and a recent day.
    for hour in (1, 9, 23):
        _seen(fleet, f"OLD-{hour}", old, hour)
    _seen(fleet, "HELD", held_day, 3, legal_hold=True)
    _seen(fleet, "GONE", held_day, 4)
    evidence = _seen(fleet, "EVIDENCE", alert_day, 5)
    _raise(MisuseRule.objects.get(code="off_road_plate"), evidence, "t")
    _seen(fleet, "GONE-TOO", alert_day, 6)
    _seen(fleet, "RECENT", today - datetime.timedelta(days=2), 7)
    names = {day: f"plates_sighting_d{day:%Y%m%d}" for day in (old, held_day, alert_day)}

    call_command("plates", "purge", "--dry-run")
    dry = json.loads(capsys.readouterr().out)
    assert dry["removed"] == {"unlinked_after_days": 5, "alert_closed_after_days": 0}
    assert Sighting.objects.count() == 8

    call_command("plates", "purge")
    done = json.loads(capsys.readouterr().out)
    assert done == {**dry, "dry_run": False}
    left = set(Sighting.objects.values_list("device_id", flat=True))
    assert left == {"HELD", "EVIDENCE", "RECENT"}
    dropped = ChangeEntry.objects.filter(event="sightings.partition_dropped")
    if is_partitioned():
        # The day with nothing to keep went as a whole, its rows counted in the audit; the
        # other two were purged row by row and are still there.
        assert done["partitions"] == [
            {
                "partition": names[old],
                "day": old.isoformat(),
                "removed": {"unlinked_after_days": 3, "alert_closed_after_days": 0},
            }
        ]
        assert names[old] not in _partitions()
        assert {names[held_day], names[alert_day]} <= set(_partitions())
        assert dropped.get().after["removed"] == {
            "unlinked_after_days": 3,
            "alert_closed_after_days": 0,
        }
        rowwise = ChangeEntry.objects.get(
            event="sightings.purged", after__rule="unlinked_after_days"
        )
        assert rowwise.after["count"] == 2
    else:
        assert done["partitions"] == [] and not dropped.exists()

    call_command("plates", "purge")
    again = json.loads(capsys.readouterr().out)
    assert again["removed"] == {"unlinked_after_days": 0, "alert_closed_after_days": 0}
    assert again["partitions"] == []
    assert Sighting.objects.count() == 3
