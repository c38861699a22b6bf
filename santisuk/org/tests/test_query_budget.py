"""List pages and API lists read a bounded number of queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from santisuk.org.services import officer_create, unit_create


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _posts(units, geo_world, numbers):
    for i in numbers:
        post = unit_create(
            code=f"PP-CKM-{i:02d}",
            name_en=f"Post {i}",
            kind="commune_post",
            parent=units.pp_district,
            jurisdiction=[geo_world.pp_commune],
        )
        officer_create(
            badge_number=f"B{i:04d}",
            family_name="SOK",
            given_name="DARA",
            rank="sergeant",
            unit=post,
        )


@pytest.mark.parametrize(
    "url",
    [
        reverse("org:unit_list"),
        reverse("org:officer_list"),
        "/api/org/units/",
        "/api/org/officers/",
    ],
)
def test_list_queries_do_not_grow_with_rows(units, geo_world, analyst, client_for, url):
    client = client_for(analyst)
    _posts(units, geo_world, range(3))
    few = _queries(client, url)
    _posts(units, geo_world, range(3, 15))
    assert _queries(client, url) == few
