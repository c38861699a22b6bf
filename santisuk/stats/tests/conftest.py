"""Small hand-made case records for the statistics tests.

Cases are written with the ORM as the records unit's import would leave them (approved, with the
province of their place), so each test states exactly the records it counts."""

import datetime

import pytest

CRIME_TYPES = {
    "theft": ("Theft", "ចោរកម្ម", "0502"),
    "robbery": ("Robbery", "ប្លន់", "0401"),
    "assault": ("Assault", "ហិង្សា", "0201"),
    "fraud": ("Fraud", "ឆបោក", "07"),
    "fire": ("Fire", "អគ្គិភ័យ", ""),
}


@pytest.fixture
def crime_type(db):
    from santisuk.cases.models import CrimeType

    def get(code):
        name_en, name_km, iccs = CRIME_TYPES[code]
        obj, _ = CrimeType.objects.get_or_create(
            code=code, defaults={"name_en": name_en, "name_km": name_km, "iccs_code": iccs}
        )
        return obj

    return get


@pytest.fixture
def make_person(db):
    from santisuk.people.services import person_create

    counter = iter(range(1, 10_000))

    def make(family_name="SOK", given_name=None):
        return person_create(family_name=family_name, given_name=given_name or f"P{next(counter)}")

    return make


@pytest.fixture
def record(units, geo_world, crime_type):
    """``record(reported_on, crime_types=("theft",), place=..., status=..., arrested=[...])``."""
    from santisuk.cases.models import Arrest, Case, Offence

    counter = iter(range(1, 100_000))

    def make(
        reported_on,
        crime_types=("theft",),
        place=None,
        unit=None,
        status="open",
        workflow_state="approved",
        arrested=(),
        latitude=None,
        longitude=None,
    ):
        place = place or geo_world.pp_village
        if unit is None:
            unit = units.pp_district if place.province_id == geo_world.pp.pk else units.sr_district
        if isinstance(reported_on, str):
            reported_on = datetime.date.fromisoformat(reported_on)
        case = Case.objects.create(
            reference=f"T-{next(counter):05d}",
            owner_unit=unit,
            reported_on=reported_on,
            place=place,
            province_id=place.province_id,
            status=status,
            exceptional_reason="other" if status == "cleared_exceptionally" else "",
            workflow_state=workflow_state,
            latitude=latitude,
            longitude=longitude,
        )
        for code in crime_types:
            Offence.objects.create(case=case, crime_type=crime_type(code))
        for person in arrested:
            Arrest.objects.create(case=case, person=person, arrested_on=reported_on)
        return case

    return make
