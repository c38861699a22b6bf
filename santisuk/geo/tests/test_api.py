"""The gazetteer API: read-only, looked up by code, searchable in either script."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_needs_authentication(client, geo_world):
    assert client.get("/api/geo/areas/").status_code in (401, 403)


def test_list_filter_and_lookup_by_code(api_client_for, pp_officer, geo_world):
    api = api_client_for(pp_officer)
    data = api.get("/api/geo/areas/", {"level": "province"}).json()
    assert [a["code"] for a in data["results"]] == ["12", "17"]
    data = api.get("/api/geo/areas/", {"parent": "17"}).json()
    assert [a["code"] for a in data["results"]] == ["1710"]
    data = api.get("/api/geo/areas/", {"code": "១៧១០"}).json()
    assert [a["code"] for a in data["results"]] == ["1710", "171001", "17100101"]
    data = api.get("/api/geo/areas/", {"q": "ចំការ"}).json()
    assert [a["code"] for a in data["results"]] == ["1201"]
    area = api.get("/api/geo/areas/120101/").json()
    assert area["parent"] == "1201" and area["province"] == "12"
    assert area["label"] == "Sangkat Tonle Basak, Khan Chamkar Mon, Phnom Penh Capital"
    assert api.get("/api/geo/areas/99/").status_code == 404
    assert api.get("/api/geo/areas/Phnom/").status_code == 404


def test_former_rows_are_not_served(api_client_for, reader, geo_world):
    import datetime

    geo_world.sr_village.valid_to = datetime.date(2025, 6, 30)
    geo_world.sr_village.save()
    api = api_client_for(reader)
    assert api.get("/api/geo/areas/17100101/").status_code == 404
    assert api.get("/api/geo/areas/autocomplete/", {"q": "17100101"}).json() == []


def test_the_api_is_read_only(api_client_for, admin_user, geo_world):
    api = api_client_for(admin_user)
    assert api.post("/api/geo/areas/", {"code": "18"}).status_code == 405
    assert api.delete("/api/geo/areas/12/").status_code == 405


def test_autocomplete(api_client_for, reader, geo_world):
    api = api_client_for(reader)
    data = api.get("/api/geo/areas/autocomplete/", {"q": "SIEM"}).json()
    assert data[0] == {
        "code": "17",
        "level": "province",
        "name_en": "Siem Reap",
        "name_km": "សៀមរាប",
        "label": "Siem Reap Province",
    }
    assert [item["code"] for item in data] == ["17", "1710"]
    data = api.get("/api/geo/areas/autocomplete/", {"q": "siem", "level": "district"}).json()
    assert [item["code"] for item in data] == ["1710"]
    data = api.get("/api/geo/areas/autocomplete/", {"q": "phum", "within": "12"}).json()
    assert [item["code"] for item in data] == ["12010101"]
    assert api.get("/api/geo/areas/autocomplete/").json() == []
    data = api.get("/api/geo/areas/autocomplete/", {"q": "1", "limit": "x"}).json()
    assert len(data) == 8
