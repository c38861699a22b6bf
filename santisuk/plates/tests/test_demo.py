from io import StringIO

from django.core.management import call_command

from santisuk.plates.models import Alert, Plate, Sighting, Vehicle, Venue


def _run():
    out = StringIO()
    call_command("demo_data", "--people", "0", "--seed", "2", stdout=out)
    return out.getvalue()


def _counts():
    return (
        Venue.objects.count(),
        Plate.objects.count(),
        Vehicle.objects.count(),
        Sighting.objects.count(),
        Alert.objects.count(),
    )


def test_demo_data_registers_plates_and_raises_alerts_once(geo_world):
    first = _run()
    assert "Plates: 4 venues, 30 plates" in first
    assert Plate.objects.count() == 30
    assert not Plate.objects.filter(vehicle=None).exists()
    provinces = set(Plate.objects.values_list("unit__province__code", flat=True))
    assert provinces == {"12", "17"}
    rules = set(Alert.objects.values_list("rule__code", flat=True))
    assert {"night_venue", "repeated_visits", "out_of_jurisdiction", "off_road_plate"} <= rules

    before = _counts()
    second = _run()
    assert "no demo plates added" in second
    assert _counts() == before
