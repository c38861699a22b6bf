import datetime

import pytest
from django.core.exceptions import ValidationError

from santisuk.geo.models import Area

pytestmark = pytest.mark.django_db


def test_a_unit_is_validated_before_it_is_saved(geo_world):
    area = Area(
        code="12A",
        level="district",
        parent=geo_world.pp_commune,
        name_en="Wrong",
        name_km="ខុស",
        valid_from=datetime.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        area.full_clean()
    assert error.value.message_dict["code"] == [
        "An NCDD code is made of digits only.",
        "A District / municipality / khan code has 4 digits.",
    ]
    assert error.value.message_dict["parent"] == [
        "The parent of a District / municipality / khan must be a Capital / province."
    ]


def test_saving_keeps_the_search_name_and_the_province(geo_world):
    area = Area.objects.create(
        code="12010102",
        level="village",
        parent=geo_world.pp_commune,
        name_en="Phum  Pir",
        name_km="ភូមិ ២",
        valid_from=datetime.date(2025, 1, 1),
    )
    assert area.search_name == "phumpir"
    assert area.province == geo_world.pp


def test_the_admin_searches_the_gazetteer(client_for, admin_user, geo_world):
    response = client_for(admin_user).get("/admin/geo/area/", {"q": "Sla Kram"})
    assert response.status_code == 200
    assert "171001" in response.content.decode()
