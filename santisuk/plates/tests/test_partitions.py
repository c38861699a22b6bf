"""Sightings are partitioned by day on PostgreSQL and kept in one table on SQLite."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.db import connection

from santisuk.plates.models import Sighting
from santisuk.plates.partitions import is_partitioned

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
