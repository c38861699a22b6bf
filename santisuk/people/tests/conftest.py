import datetime

import pytest

from santisuk.people.services import person_create


@pytest.fixture
def people(geo_world):
    """A few people of the index, Khmer and foreign, with documents."""
    chandara = person_create(
        family_name="Sok",
        given_name="Chandara",
        name_km="សុខ ចាន់ដារ៉ា",
        sex="M",
        birth_date=datetime.date(1985, 3, 14),
        birth_place=geo_world.pp_commune,
        identifiers=[{"kind": "national_id", "number": "010 234-567"}],
    )
    sopheak = person_create(
        family_name="CHAN",
        given_name="SOPHEAK",
        name_km="ចាន់ សុភ័ក្រ",
        sex="F",
        birth_year=1992,
        birth_place=geo_world.sr_village,
        identifiers=[{"kind": "national_id", "number": "020111222"}],
    )
    sophea = person_create(
        family_name="KEO",
        given_name="SOPHEA",
        name_km="កែវ សុភា",
        sex="F",
        birth_year=1992,
    )
    nguyen = person_create(
        family_name="Nguyễn",
        given_name="Văn An",
        sex="M",
        birth_year=1979,
        nationality="VNM",
        identifiers=[{"kind": "passport", "number": "c1234567", "country": "vnm"}],
    )
    return {"chandara": chandara, "sopheak": sopheak, "sophea": sophea, "nguyen": nguyen}
