"""Plates, vehicles and alerts in the generic scope test (santisuk/core/tests/test_scope.py):
each is owned by its holding unit."""

from django.urls import reverse

from santisuk.core.testing import ScopeCase


def _vehicle(units, personas):
    from santisuk.plates.models import Vehicle

    return Vehicle.objects.create(
        vehicle_type="pickup",
        make="Ford",
        model="Ranger",
        chassis_number="SCOPE-CHASSIS-1",
        engine_cc=3200,
        holding_unit=units.pp_district,
    )


def _plate(units, personas):
    from santisuk.plates.services import plate_register

    return plate_register(number="POLICE 9-4242", unit=units.pp_district)


def _alert(units, personas):
    import datetime

    from django.utils import timezone

    from santisuk.plates.models import Alert, MisuseRule, Sighting
    from santisuk.plates.services import plate_register

    plate = plate_register(number="POLICE 9-7373", unit=units.pp_district)
    seen = timezone.now() - datetime.timedelta(hours=3)
    sighting = Sighting.objects.create(
        source="camera",
        device_id="CAM-S",
        captured_at=seen,
        plate_text=plate.number,
        plate_normalised=plate.normalised,
        plate=plate,
        rules_checked=True,
    )
    return Alert.objects.create(
        number="PA-SCOPE-000001",
        rule=MisuseRule.objects.get(code="off_road_plate"),
        severity=4,
        plate=plate,
        unit=plate.unit,
        sighting=sighting,
        seen_at=seen,
        summary="Scope case marker alert",
    )


def _travel_order(units, personas):
    import datetime

    from santisuk.geo.models import Area
    from santisuk.plates.services import plate_register, travel_order_create

    plate = plate_register(number="POLICE 9-8181", unit=units.pp_district)
    return travel_order_create(
        plate=plate,
        province=Area.objects.get(code="17"),
        valid_from=datetime.date(2026, 11, 1),
        valid_to=datetime.date(2026, 11, 30),
        reference="TO-SCOPE-MARKER",
    )


CASES = [
    ScopeCase(
        name="plates.vehicle",
        make=_vehicle,
        marker=lambda v: v.chassis_number,
        ui_list=reverse("plates:vehicle_list"),
        ui_detail=lambda v: reverse("plates:vehicle_detail", args=[v.pk]),
        api_list="/api/plates/vehicles/",
        api_detail=lambda v: f"/api/plates/vehicles/{v.pk}/",
        search=lambda v: {"q": "SCOPE-CHASSIS"},
    ),
    ScopeCase(
        name="plates.plate",
        make=_plate,
        marker=lambda p: p.number,
        ui_list=reverse("plates:plate_list"),
        ui_detail=lambda p: reverse("plates:plate_detail", args=[p.pk]),
        api_list="/api/plates/plates/",
        api_detail=lambda p: f"/api/plates/plates/{p.pk}/",
        search=lambda p: {"q": "9 4242"},
    ),
    ScopeCase(
        name="plates.alert",
        make=_alert,
        marker=lambda a: a.number,
        ui_list=reverse("plates:alert_list"),
        ui_detail=lambda a: reverse("plates:alert_detail", args=[a.pk]),
        api_list="/api/plates/alerts/",
        api_detail=lambda a: f"/api/plates/alerts/{a.pk}/",
        search=lambda a: {"q": "POLICE 9-7373"},
    ),
    ScopeCase(
        name="plates.travelorder",
        make=_travel_order,
        marker=lambda t: t.reference,
        ui_list=reverse("plates:travelorder_list"),
        ui_detail=lambda t: reverse("plates:travelorder_detail", args=[t.pk]),
        api_list="/api/plates/travelorders/",
        api_detail=lambda t: f"/api/plates/travelorders/{t.pk}/",
    ),
]
