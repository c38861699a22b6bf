"""Starting values an administrator then edits: venue types, the misuse rules with their default
severity and parameters, and a tariff. The tariff figures are placeholders of the right order
of magnitude for the annual road tax in riel; the finance office replaces them with the
official table (Plates → Tax tariffs)."""

from __future__ import annotations

import datetime

VENUE_TYPES = [
    # code, English, Khmer
    ("casino", "Casino", "កាស៊ីណូ"),
    ("ktv", "KTV / karaoke", "ខារ៉ាអូខេ"),
    ("nightclub", "Nightclub", "ក្លឹបរាត្រី"),
    ("bar", "Bar", "បារ"),
    ("massage", "Massage parlour", "ហាងម៉ាស្សា"),
]

RULES = [
    # code, severity (1 low … 4 critical), parameters
    ("restricted_venue", 2, {}),
    (
        "night_venue",
        3,
        {"night_start": datetime.time(22, 0), "night_end": datetime.time(5, 0)},
    ),
    ("repeated_visits", 3, {"threshold": 3, "window_days": 30}),
    ("out_of_jurisdiction", 2, {}),
    ("off_road_plate", 4, {}),
    ("cloned_plate", 4, {"max_speed_kmh": 150}),
]

TARIFFS = [
    # vehicle type, engine cc from, up to, KHR a year
    ("car", 0, 1500, 200_000),
    ("car", 1501, 2000, 400_000),
    ("car", 2001, 3000, 1_200_000),
    ("car", 3001, None, 2_800_000),
    ("suv", 0, 2000, 600_000),
    ("suv", 2001, 3000, 1_600_000),
    ("suv", 3001, None, 3_200_000),
    ("pickup", 0, 2500, 500_000),
    ("pickup", 2501, None, 1_000_000),
    ("van", 0, None, 800_000),
    ("truck", 0, None, 1_500_000),
    ("motorcycle", 0, 125, 20_000),
    ("motorcycle", 126, None, 60_000),
]


def seed(apps, schema_editor=None) -> None:
    VenueType = apps.get_model("plates", "VenueType")
    MisuseRule = apps.get_model("plates", "MisuseRule")
    Tariff = apps.get_model("plates", "Tariff")
    for code, name_en, name_km in VENUE_TYPES:
        VenueType.objects.get_or_create(
            code=code, defaults={"name_en": name_en, "name_km": name_km}
        )
    for code, severity, params in RULES:
        MisuseRule.objects.get_or_create(code=code, defaults={"severity": severity, **params})
    for vehicle_type, low, high, amount in TARIFFS:
        Tariff.objects.get_or_create(
            vehicle_type=vehicle_type,
            engine_cc_min=low,
            defaults={"engine_cc_max": high, "amount_khr": amount},
        )
