"""Camera ingest: counts, idempotence, quarantine, matching, and alerts right after commit."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from santisuk.plates.models import Alert, QuarantinedSighting, Sighting
from santisuk.plates.tests.conftest import CASINO_POINT, at_night

pytestmark = pytest.mark.django_db


def _rows(fleet):
    seen = at_night(2)
    return [
        # the police plate, written another way, at the casino at night
        {
            "source": "camera",
            "device_id": "CAM-PP-7",
            "captured_at": seen.isoformat(),
            "plate_text": "POLICE 2 1234",
            "latitude": CASINO_POINT[0],
            "longitude": CASINO_POINT[1] + 0.0005,
            "venue_name": "",
            "image_sha256": "a" * 64,
        },
        # a civilian car
        {
            "source": "camera",
            "device_id": "CAM-PP-7",
            "captured_at": seen.isoformat(),
            "plate_text": "2AB-7788",
            "latitude": 11.6,
            "longitude": 104.9,
        },
        # bad rows
        {
            "source": "camera",
            "device_id": "CAM-PP-7",
            "captured_at": "yesterday",
            "plate_text": "2AB-1111",
        },
        {
            "source": "camera",
            "device_id": "",
            "captured_at": seen.isoformat(),
            "plate_text": "2AB-2222",
        },
    ]


def _write_ndjson(path, rows, extra=""):
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n" + extra, encoding="utf-8")
    return path


def _ingest(path, capsys):
    call_command("ingest", "sightings", str(path))
    out, err = capsys.readouterr()
    return json.loads(out.strip().splitlines()[-1]), err


def test_ingest_counts_quarantines_and_raises_the_alert(fleet, pp_chief, tmp_path, capsys):
    path = _write_ndjson(tmp_path / "cam.ndjson", _rows(fleet), extra="{not json\n")

    counts, err = _ingest(path, capsys)

    assert counts == {"accepted": 2, "duplicates": 0, "rejected": 3}
    assert "captured_at" in err and "device_id" in err and "Not JSON" in err
    assert QuarantinedSighting.objects.count() == 3
    police = Sighting.objects.get(plate=fleet.plate)
    assert police.venue == fleet.casino
    alert = Alert.objects.get()
    assert alert.rule.code == "night_venue"
    assert alert.assigned_to == pp_chief
    assert alert.unit == fleet.plate.unit


def test_the_same_file_twice_adds_nothing(fleet, tmp_path, capsys):
    path = _write_ndjson(tmp_path / "cam.ndjson", _rows(fleet))
    _ingest(path, capsys)

    counts, _err = _ingest(path, capsys)

    assert counts == {"accepted": 0, "duplicates": 2, "rejected": 2}
    assert Sighting.objects.count() == 2
    assert QuarantinedSighting.objects.count() == 2
    assert Alert.objects.count() == 1


def test_csv_files_and_venue_by_name(fleet, tmp_path, capsys):
    seen = at_night(3, hour=14)
    path = tmp_path / "cam.csv"
    path.write_text(
        "source,device_id,captured_at,plate_text,latitude,longitude,venue_name,image_sha256\n"
        f"camera,CAM-1,{seen.isoformat()},ប៉ូលិស ២-១២៣៤,,,golden lucky casino,\n",
        encoding="utf-8",
    )
    counts, _ = _ingest(path, capsys)
    assert counts["accepted"] == 1
    sighting = Sighting.objects.get()
    assert sighting.venue == fleet.casino
    # in the afternoon: the venue rule, not the night one
    assert list(Alert.objects.values_list("rule__code", flat=True)) == ["restricted_venue"]


def test_missing_file_is_a_one_line_error(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("ingest", "sightings", str(tmp_path / "nope.ndjson"))


def test_text_is_stored_as_sent_and_a_partly_resent_file_adds_only_the_new_rows(
    fleet, tmp_path, capsys
):
    # Characters with a meaning in the database's bulk format (tab, backslash, line break)
    # arrive as they were sent; a file resent with new rows after the old ones adds the new.
    seen = at_night(2)
    odd = {
        "device_id": "CAM\\7\tB",
        "captured_at": seen.isoformat(),
        "plate_text": "2AB\\7788",
        "venue_name": 'Bar \\N "Lucky"\nRiverside',
    }
    first = _write_ndjson(tmp_path / "a.ndjson", [odd])
    assert _ingest(first, capsys)[0] == {"accepted": 1, "duplicates": 0, "rejected": 0}
    new = dict(odd, plate_text="POLICE 2 1234")
    both = _write_ndjson(tmp_path / "b.ndjson", [odd, new])

    assert _ingest(both, capsys)[0] == {"accepted": 1, "duplicates": 1, "rejected": 0}
    stored = Sighting.objects.get(plate__isnull=True)
    assert (stored.device_id, stored.plate_text, stored.venue_name) == (
        "CAM\\7\tB",
        "2AB\\7788",
        'Bar \\N "Lucky"\nRiverside',
    )
    assert Sighting.objects.get(plate=fleet.plate).device_id == "CAM\\7\tB"
