"""The ingest outside a test transaction, as the command runs it: a reader process and, on
PostgreSQL, two connections writing batches in turn."""

import json

import pytest
from django.core.management import call_command

from santisuk.plates.models import Alert, Sighting
from santisuk.plates.tests.conftest import at_night
from santisuk.plates.tests.test_ingest import _rows, _write_ndjson


@pytest.mark.django_db(transaction=True)
def test_a_committed_file_in_small_batches_counts_and_alerts_as_in_one(
    committed_db, fleet, pp_chief, tmp_path, capsys
):
    # Batches of two rows, a row sent again three batches later, the police plate seen at the
    # casino at night on two nights.
    rows = _rows(fleet)
    again = dict(rows[0], captured_at=at_night(1).isoformat())
    civilians = [
        dict(rows[1], plate_text=f"2AB-{n:04d}", captured_at=at_night(1).isoformat())
        for n in range(5)
    ]
    path = _write_ndjson(
        tmp_path / "cam.ndjson", [rows[0], *civilians[:3], rows[0], again, *civilians[3:], rows[2]]
    )
    call_command("ingest", "sightings", str(path), "--batch-size", "2")
    counts = json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    assert counts == {"accepted": 7, "duplicates": 1, "rejected": 1}
    assert Sighting.objects.count() == 7
    alerts = Alert.objects.order_by("seen_at")
    assert [a.rule.code for a in alerts] == ["night_venue", "night_venue"]
    assert {a.assigned_to for a in alerts} == {pp_chief}
    assert len({a.number for a in alerts}) == 2
