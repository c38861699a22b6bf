import datetime

import pytest


@pytest.fixture
def crime_types(db):
    from santisuk.cases.services import crime_types_load

    crime_types_load()


@pytest.fixture
def make_case(crime_types, units, geo_world):
    from santisuk.cases.services import case_create

    def make(**kwargs):
        kwargs.setdefault("owner_unit", units.pp_district)
        kwargs.setdefault("reported_on", datetime.date(2025, 3, 1))
        kwargs.setdefault("place", geo_world.pp_village)
        kwargs.setdefault("offences", [{"crime_type": "theft"}])
        return case_create(**kwargs)

    return make


@pytest.fixture
def make_person(db):
    from santisuk.people.services import person_create

    def make(family_name="SOK", given_name="DARA", **kwargs):
        return person_create(family_name=family_name, given_name=given_name, **kwargs)

    return make
