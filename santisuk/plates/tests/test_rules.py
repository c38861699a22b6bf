"""Each misuse rule raises its alert, and an administrator can tune or switch it off."""

import datetime

import pytest

from santisuk.plates.choices import PlateStatus, SightingSource
from santisuk.plates.models import Alert, MisuseRule
from santisuk.plates.services import plate_update, sighting_record, travel_order_create
from santisuk.plates.tests.conftest import CASINO_POINT, SR_KTV_POINT, at_night

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen(fleet, django_capture_on_commit_callbacks):
    """Report a patrol sighting; the rules run when its transaction commits."""

    def report(when, point=None, plate_text="POLICE 2-1234"):
        lat, lon = point or (None, None)
        with django_capture_on_commit_callbacks(execute=True):
            return sighting_record(
                source=SightingSource.PATROL,
                plate_text=plate_text,
                captured_at=when,
                latitude=lat,
                longitude=lon,
            )

    return report


def _rules():
    return sorted(Alert.objects.values_list("rule__code", flat=True))


def test_restricted_venue_by_day_and_by_night(seen, fleet, pp_chief):
    seen(at_night(5, hour=13), CASINO_POINT)
    seen(at_night(6, hour=23), CASINO_POINT)
    assert _rules() == ["night_venue", "restricted_venue"]
    assert set(Alert.objects.values_list("assigned_to", flat=True)) == {pp_chief.pk}


def test_switched_off_rule_raises_nothing_and_severity_is_tunable(seen, fleet):
    MisuseRule.objects.filter(code="night_venue").update(is_enabled=False)
    MisuseRule.objects.filter(code="restricted_venue").update(severity=4)
    seen(at_night(6, hour=23), CASINO_POINT)
    alert = Alert.objects.get()
    assert alert.rule.code == "restricted_venue" and alert.severity == 4


def test_repeated_visits_raise_one_alert_with_every_visit_as_evidence(seen, fleet):
    MisuseRule.objects.filter(code__in=["night_venue", "restricted_venue"]).update(is_enabled=False)
    for days in (20, 10, 5, 2):
        seen(at_night(days, hour=20), CASINO_POINT)
    alert = Alert.objects.get(rule__code="repeated_visits")
    assert alert.evidence.count() == 4
    assert Alert.objects.count() == 1


def test_out_of_province_without_travel_order(seen, fleet, geo_world):
    seen(at_night(3, hour=12), SR_KTV_POINT)  # Phnom Penh plate at a Siem Reap KTV
    assert "out_of_jurisdiction" in _rules()

    travel_order_create(
        plate=fleet.plate,
        province=geo_world.sr,
        valid_from=at_night(2).date(),
        valid_to=at_night(0).date(),
        reference="TO-2026-17",
    )
    seen(at_night(1, hour=12), SR_KTV_POINT)
    assert _rules().count("out_of_jurisdiction") == 1


def test_suspended_plate_seen_on_the_road(seen, fleet):
    plate_update(plate=fleet.plate, status=PlateStatus.SUSPENDED)
    seen(at_night(1, hour=9), (11.60, 104.88))
    assert _rules() == ["off_road_plate"]


def test_cloned_plate_two_places_too_far_apart(seen, fleet):
    when = at_night(1, hour=9)
    seen(when, (11.60, 104.88))
    # Siem Reap is ~230 km away: 30 minutes later is impossible for one car.
    seen(when + datetime.timedelta(minutes=30), (13.30, 103.90))
    assert "cloned_plate" in _rules()


def test_civilian_plates_raise_nothing(seen, fleet):
    seen(at_night(1, hour=23), CASINO_POINT, plate_text="2AB-7788")
    assert Alert.objects.count() == 0
