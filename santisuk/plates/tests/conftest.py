import datetime
from dataclasses import dataclass

import pytest


@dataclass
class Fleet:
    casino: object
    ktv_sr: object
    vehicle: object
    plate: object
    officer: object
    other_plate: object


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Photos sent in tests go to a throw-away folder, not the installation's media.
    settings.MEDIA_ROOT = tmp_path / "media"


CASINO_POINT = (11.5500, 104.9300)
SR_KTV_POINT = (13.3600, 103.8600)


@pytest.fixture
def fleet(units, geo_world):
    from santisuk.org.services import officer_create
    from santisuk.plates.models import Vehicle, Venue, VenueType
    from santisuk.plates.services import plate_register

    casino = Venue.objects.create(
        name="Golden Lucky Casino",
        venue_type=VenueType.objects.get(code="casino"),
        location=geo_world.pp_commune,
        latitude=CASINO_POINT[0],
        longitude=CASINO_POINT[1],
        radius_m=150,
    )
    ktv = Venue.objects.create(
        name="Angkor Star KTV",
        venue_type=VenueType.objects.get(code="ktv"),
        location=geo_world.sr_commune,
        latitude=SR_KTV_POINT[0],
        longitude=SR_KTV_POINT[1],
        radius_m=100,
    )
    officer = officer_create(
        badge_number="PP-1001",
        family_name="SOK",
        given_name="DARA",
        rank="captain",
        unit=units.pp_district,
    )
    vehicle = Vehicle.objects.create(
        vehicle_type="car",
        make="Toyota",
        model="Camry",
        colour="black",
        chassis_number="JTNB11HK103456789",
        engine_cc=2400,
        holding_unit=units.pp_district,
    )
    plate = plate_register(
        number="ប៉ូលិស 2-1234",
        unit=units.pp_district,
        vehicle=vehicle,
        officer=officer,
        issued_on=datetime.date(2024, 1, 15),
    )
    other = plate_register(number="POLICE 3-5555", unit=units.sr_district)
    return Fleet(casino, ktv, vehicle, plate, officer, other)


def at_night(days_ago: int = 1, hour: int = 23) -> datetime.datetime:
    """A time ``days_ago`` days back at ``hour`` o'clock Phnom Penh time."""
    import zoneinfo

    tz = zoneinfo.ZoneInfo("Asia/Phnom_Penh")
    day = datetime.datetime.now(tz).date() - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=tz)
