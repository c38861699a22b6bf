"""Demo police plates for ``santisuk demo_data``: casinos and KTVs in Phnom Penh and Siem Reap,
about thirty plates with their vehicles held by units of those provinces, and a batch of camera
sightings fed through the real ingest, so the misuse rules raise real alerts (night visits to a
restricted venue, repeated visits, a plate out of its province, a lost plate on the road).
Deterministic for a seed and a day; a second run adds nothing."""

from __future__ import annotations

import datetime
import io
import random
import zoneinfo
from typing import Any

from django.conf import settings
from django.utils import timezone

from santisuk.geo.models import Area
from santisuk.org.models import Unit
from santisuk.plates.imports import PlateImporter, VenueImporter
from santisuk.plates.ingest import ingest_batch
from santisuk.plates.models import Alert, Plate, Venue

PLATES = 30
# name, venue type, province, latitude, longitude, radius (m)
VENUES = [
    ("Golden Lotus Casino", "casino", "12", 11.5449, 104.9350, 120),
    ("Mekong Star KTV", "ktv", "12", 11.5701, 104.9221, 60),
    ("Angkor Royal Casino", "casino", "17", 13.3540, 103.8590, 120),
    ("Pub Street Night KTV", "ktv", "17", 13.3551, 103.8552, 60),
]
CENTRES = {"12": (11.5564, 104.9282), "17": (13.3633, 103.8564)}
VEHICLES = [
    ("pickup", "Toyota", "Hilux", 2400),
    ("pickup", "Ford", "Ranger", 2200),
    ("suv", "Toyota", "Land Cruiser", 4500),
    ("suv", "Lexus", "LX 570", 5700),
    ("car", "Toyota", "Camry", 2500),
    ("motorcycle", "Honda", "Dream", 110),
]
COLOURS = ["white", "black", "silver", "blue"]
LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _communes() -> dict[str, Area]:
    found = {}
    for province in CENTRES:
        commune = (
            Area.objects.filter(level="commune", valid_to__isnull=True, code__startswith=province)
            .order_by("code")
            .first()
        )
        if commune is not None:
            found[province] = commune
    return found


def _units(province: str) -> list[Unit]:
    return list(
        Unit.objects.filter(is_active=True, province__code=province, depth__lte=4).order_by("path")
    )


def _venues(communes: dict[str, Area]) -> None:
    lines = ["name,venue_type,location_code,latitude,longitude,radius_m"]
    for name, kind, province, lat, lon, radius in VENUES:
        if province in communes:
            lines.append(f"{name},{kind},{communes[province].code},{lat},{lon},{radius}")
    VenueImporter().run(io.StringIO("\n".join(lines) + "\n"))


def _plates(rng: random.Random, units: dict[str, list[Unit]]) -> list[tuple[str, str, str]]:
    """Import the plates with their vehicles; returns (number, province, status) per plate."""
    lines = [
        "plate_number,unit_code,vehicle_type,make,model,colour,chassis_number,engine_cc,"
        "status,issued_on"
    ]
    numbers = rng.sample(range(1000, 10000), PLATES)
    provinces = sorted(units)
    plates = []
    for index, number in enumerate(numbers):
        province = provinces[index % len(provinces)]
        unit = rng.choice(units[province])
        vehicle_type, make, model, cc = rng.choice(VEHICLES)
        chassis = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17))
        # Two plates were reported lost: seen on the road, they raise an alert.
        status = "lost" if index in (7, 19) else "active"
        issued = datetime.date(2018, 1, 1) + datetime.timedelta(days=rng.randint(0, 2500))
        plate = f"ប៉ូលិស {2 if province == '12' else 17}-{number}"
        lines.append(
            f"{plate},{unit.code},{vehicle_type},{make},{model},{rng.choice(COLOURS)},"
            f"{chassis},{cc},{status},{issued.isoformat()}"
        )
        plates.append((plate, province, status))
    PlateImporter().run(io.StringIO("\n".join(lines) + "\n"))
    return plates


def _sightings(rng: random.Random, plates: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    today = timezone.localdate()
    venues = {province: [v for v in VENUES if v[2] == province] for province in CENTRES}
    rows = []

    def seen(plate: str, day: int, hour: int, lat: float, lon: float, device: str) -> None:
        moment = datetime.datetime.combine(
            today - datetime.timedelta(days=day),
            datetime.time(hour, rng.randint(0, 59), rng.randint(0, 59)),
            tzinfo=LOCAL,
        )
        rows.append(
            {
                "source": "camera",
                "device_id": device,
                "captured_at": moment.isoformat(),
                "plate_text": plate,
                "latitude": round(lat + rng.uniform(-0.0002, 0.0002), 6),
                "longitude": round(lon + rng.uniform(-0.0002, 0.0002), 6),
            }
        )

    for index, (plate, province, _status) in enumerate(plates):
        lat, lon = CENTRES[province]
        # Every plate passes a street camera by day, away from any venue.
        seen(
            plate,
            rng.randint(1, 25),
            rng.randint(8, 16),
            lat + 0.04,
            lon - 0.04,
            f"CAM-{province}-ST",
        )
        if index % 4 == 0 and venues[province]:
            # At a casino or KTV late at night: the night-venue rule.
            name, _k, _p, vlat, vlon, _r = rng.choice(venues[province])
            seen(
                plate,
                rng.randint(1, 25),
                rng.choice((22, 23, 0, 1)),
                vlat,
                vlon,
                f"CAM-{name[:12]}",
            )
        if index % 10 == 1 and venues[province]:
            # Three evenings at the same place within the month: the repeated-visits rule.
            name, _k, _p, vlat, vlon, _r = venues[province][0]
            for day in (20, 12, 4):
                seen(plate, day, 19, vlat, vlon, f"CAM-{name[:12]}")
        other = "17" if province == "12" else "12"
        if index % 9 == 2 and venues[other]:
            # A plate in the other province, parked at a casino by day: out of its province.
            name, _k, _p, vlat, vlon, _r = venues[other][-1]
            seen(plate, rng.randint(1, 25), 14, vlat, vlon, f"CAM-{name[:12]}")
    return rows


def demo_plates(*, seed: int = 1, stdout: Any = None) -> int:
    """Create the demo venues, plates and sightings; returns how many plates were created."""

    def say(message: str) -> None:
        if stdout is not None:
            stdout.write(message)

    if Plate.objects.exists():
        say("Plates: the plate registry is not empty; no demo plates added.")
        return 0
    communes = _communes()
    units = {p: _units(p) for p in communes}
    units = {p: found for p, found in units.items() if found}
    if not units:
        say("Plates: no Phnom Penh or Siem Reap commune or unit; no demo plates added.")
        return 0
    rng = random.Random(f"santisuk-demo-plates:{seed}")
    _venues(communes)
    plates = _plates(rng, units)
    created = Plate.objects.count()
    result = ingest_batch(_sightings(rng, plates), source_name="demo")
    say(
        f"Plates: {Venue.objects.count()} venues, {created} plates, "
        f"{result.accepted} camera sightings, {Alert.objects.count()} alerts raised."
    )
    return created
