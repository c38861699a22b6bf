"""The statistics pages and API, as their users see them."""

import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(record, make_person, geo_world):
    p = make_person()
    record("2024-02-01", ("theft", "robbery"), status="cleared_by_arrest", arrested=[p])
    record("2024-03-01", ("assault",), place=geo_world.sr_village)
    record("2023-03-01", ("theft",))


def test_annual_page_shows_tables_charts_and_definitions(data, client_for, analyst):
    response = client_for(analyst).get(reverse("stats:annual"), {"year": 2024})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Annual work review 2024 compared with 2023" in html
    assert html.count("<svg") == 3
    assert "Phnom Penh" in html and "Siem Reap" in html
    assert "Definitions" in html
    assert "https://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_annual_page_is_scoped(data, client_for, sr_chief):
    html = client_for(sr_chief).get(reverse("stats:annual"), {"year": 2024}).content.decode()
    assert "Siem Reap" in html
    assert "Phnom Penh" not in html.split("<form", 2)[-1].split("</form>")[-1]


def test_annual_page_exports(data, client_for, analyst):
    client = client_for(analyst)
    url = reverse("stats:annual")
    response = client.get(url, {"year": 2024, "export": "json"})
    assert response.json()["totals"]["reported"] == 2
    response = client.get(url, {"year": 2024, "export": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="annual-review-2024.csv"'
    assert "Definitions" in response.content.decode("utf-8-sig")
    response = client.get(url, {"year": 2024, "province": "17", "export": "xlsx"})
    assert response.content[:2] == b"PK"
    assert "annual-review-2024-17.xlsx" in response["Content-Disposition"]


def test_a_year_not_over_says_so_and_the_box_shows_the_year(data, client_for, analyst):
    from django.utils import timezone

    client, url = client_for(analyst), reverse("stats:annual")
    this_year = timezone.localdate().year
    html = client.get(url).content.decode()
    assert f'name="year" value="{this_year}"' in html
    assert f"{this_year} is not over: its figures run to {timezone.localdate()}" in html
    csv_text = client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert f"{this_year} is not over" in csv_text
    assert "is not over" not in client.get(url, {"year": 2024}).content.decode()
    assert "is not over" not in client.get(url, {"year": 2024, "export": "html"}).content.decode()


def test_annual_page_bad_year_names_the_field(data, client_for, analyst):
    response = client_for(analyst).get(reverse("stats:annual"), {"year": "99999"})
    assert response.status_code == 400
    assert "The year must be between" in response.content.decode()


def test_statistics_need_the_cases_permission(client_for, auditor):
    assert client_for(auditor).get(reverse("stats:annual")).status_code == 403


def test_api_annual_is_the_same_document(data, api_client_for, sr_chief):
    from santisuk.stats.selectors import annual_review

    response = api_client_for(sr_chief).get("/api/stats/annual/", {"year": 2024})
    assert response.status_code == 200
    body = response.json()
    expected = annual_review(year=2024, user=sr_chief)
    body.pop("as_of"), expected.pop("as_of")
    assert body == expected
    assert body["totals"]["reported"] == 1


def test_api_errors_name_the_field(geo_world, api_client_for, analyst):
    client = api_client_for(analyst)
    response = client.get("/api/stats/annual/", {"year": "x"})
    assert response.status_code == 400 and "year" in response.json()
    response = client.get("/api/stats/annual/", {"year": 2024, "province": "99"})
    assert response.status_code == 400 and "province" in response.json()


def test_api_compstat(data, api_client_for, analyst):
    response = api_client_for(analyst).get("/api/stats/compstat/", {"as_of": "2024-03-10"})
    assert response.status_code == 200
    body = response.json()
    assert [p["key"] for p in body["periods"]] == ["week", "28d", "ytd"]
    assert body["totals"]["periods"]["ytd"]["count"] == 2


def test_compstat_page(data, client_for, analyst):
    response = client_for(analyst).get(reverse("stats:compstat"), {"as_of": "2024-03-10"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Week to date" in html and "Year to date" in html
    assert "Theft" in html
    response = client_for(analyst).get(
        reverse("stats:compstat"), {"as_of": "2024-03-10", "export": "csv"}
    )
    assert "Year to date" in response.getvalue().decode("utf-8-sig")


def test_map_counts_cases_per_commune_without_tiles(record, geo_world, client_for, analyst):
    record("2024-02-01", ("theft",))  # a village of Tonle Basak
    record("2024-02-02", ("theft",), place=geo_world.pp_commune)
    record("2024-02-03", ("robbery",), place=geo_world.pp_district)  # not precise to a commune
    record("2024-02-04", ("theft",), latitude=11.56, longitude=104.92)
    client = client_for(analyst)
    params = {"date_from": "2024-01-01", "date_to": "2024-12-31", "crime_type": "theft"}
    response = client.get(reverse("stats:map"), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>120101 Tonle Basak: 3</title>" in html
    assert "Cases with a GPS point" in html
    assert "tile.openstreetmap" not in html and "leaflet" not in html.lower()
    # The case's circle is drawn over Cambodia's borders (installed with the system).
    assert 'class="map-country"' in html and "<title>Cambodia</title>" in html
    response = client.get(reverse("stats:map"), {**params, "crime_type": "", "export": "csv"})
    text = response.getvalue().decode("utf-8-sig")
    assert "120101,Tonle Basak,ទន្លេបាសាក់,3" in text
    html = client.get(reverse("stats:map"), {**params, "crime_type": ""}).content.decode()
    assert "1 cases with a place not precise to a commune" in html


def test_map_rejects_a_reversed_period(geo_world, client_for, analyst):
    response = client_for(analyst).get(
        reverse("stats:map"), {"date_from": "2024-05-01", "date_to": "2024-01-01"}
    )
    assert response.status_code == 400
    assert "before its start" in response.content.decode()


def test_menu_lists_the_statistics(client_for, analyst):
    html = client_for(analyst).get(reverse("core:home")).content.decode()
    assert reverse("stats:annual") in html
    assert datetime.date.today().year  # the page answered
