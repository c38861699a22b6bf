"""``santisuk import plates`` and ``santisuk import venues``."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from santisuk.audit.models import ChangeEntry
from santisuk.plates.models import Plate, PlateAssignment, Vehicle, Venue

pytestmark = pytest.mark.django_db

PLATE_HEADER = (
    "plate_number,unit_code,vehicle_type,make,model,colour,chassis_number,engine_cc,"
    "officer_badge,status,issued_on\n"
)


@pytest.fixture
def officer(units):
    from santisuk.org.services import officer_create

    return officer_create(
        badge_number="PP-2002",
        family_name="CHAN",
        given_name="RITH",
        rank="lieutenant",
        unit=units.pp_district,
    )


def _file(tmp_path, body, name="plates.csv", header=PLATE_HEADER):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def test_plates_import_creates_plates_vehicles_and_history(officer, tmp_path, capsys):
    path = _file(
        tmp_path,
        "ប៉ូលិស 2-4321,PP-CKM,car,Toyota,Camry,white,JT111,2400,PP-2002,active,2024-01-15\n"
        "POLICE 3-0007,SR-KSR,pickup,Ford,Ranger,grey,FR222,3200,,,15/02/2023\n",
    )
    call_command("import", "plates", str(path))
    assert "2 created" in capsys.readouterr().out

    plate = Plate.objects.get(normalised="P011CE24321")
    assert plate.vehicle.chassis_number == "JT111" and plate.vehicle.engine_cc == 2400
    assert plate.officer == officer and plate.status == "active"
    assert PlateAssignment.objects.filter(plate=plate, ended_at__isnull=True).count() == 1
    assert ChangeEntry.objects.filter(event="plate.registered").count() == 2

    call_command("import", "plates", str(path))
    assert "2 unchanged" in capsys.readouterr().out
    assert Plate.objects.count() == 2 and Vehicle.objects.count() == 2


def test_a_new_holder_opens_a_new_assignment(officer, units, tmp_path, capsys):
    call_command("import", "plates", str(_file(tmp_path, "P 1-1,PP-CKM,car,,,,CH1,1500,,,\n")))
    call_command(
        "import",
        "plates",
        str(_file(tmp_path, "P 1-1,PP-CKM,car,,,,CH1,1500,PP-2002,,\n", "b.csv")),
    )
    plate = Plate.objects.get()
    periods = list(plate.assignments.order_by("started_at").values_list("officer", "ended_at"))
    assert periods[0][0] is None and periods[0][1] is not None
    assert periods[1] == (officer.pk, None)


def test_bad_rows_write_nothing_and_go_to_the_rejects_file(units, tmp_path, capsys):
    path = _file(
        tmp_path,
        "P 1-1,PP-CKM,car,,,,CH1,1500,,,\n"
        "P 1-2,NOPE,car,,,,CH2,1500,,,\n"
        "P-1 1,PP-CKM,car,,,,CH3,1500,,,\n"
        "P 1-3,PP-CKM,tank,,,,CH4,99999,,flying,2024-13-01\n",
    )
    rejects = tmp_path / "rejects.csv"
    with pytest.raises(CommandError, match="Nothing written"):
        call_command("import", "plates", str(path), "--rejects", str(rejects))
    err = capsys.readouterr().err
    assert "line 3, unit_code" in err
    assert "line 4" in err and "already on line 2" in err  # same plate once normalised
    assert "line 5, vehicle_type" in err and "line 5, engine_cc" in err
    assert "line 5, status" in err and "line 5, issued_on" in err
    assert Plate.objects.count() == 0
    assert rejects.read_text(encoding="utf-8-sig").count("\n") == 4  # header + 3 rows

    call_command("import", "plates", str(path), "--skip-invalid")
    assert Plate.objects.count() == 1


def test_venues_import(geo_world, tmp_path, capsys):
    header = "name,venue_type,location_code,latitude,longitude,radius_m\n"
    path = _file(
        tmp_path,
        "Golden Lucky Casino,casino,120101,11.55,104.93,150\n"
        "Star KTV,KTV / karaoke,171001,13.36,103.86,\n",
        "venues.csv",
        header,
    )
    call_command("import", "venues", str(path))
    assert Venue.objects.count() == 2
    assert Venue.objects.get(name="Star KTV").radius_m == 100
    call_command("import", "venues", str(path))
    assert "2 unchanged" in capsys.readouterr().out

    bad = _file(tmp_path, "X,zoo,999999,95,104,10\n", "bad.csv", header)
    with pytest.raises(CommandError):
        call_command("import", "venues", str(bad))
    err = capsys.readouterr().err
    assert "venue_type" in err and "location_code" in err and "latitude" in err
