"""Text that is not Unicode, or holds a NUL character, is refused with a clear 400, never a
server error: in a JSON body, a form or the query of an address."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_lone_surrogate_is_refused_with_a_400(api_client_for, admin_user):
    client = api_client_for(admin_user)
    body = '[{"source": "camera", "device_id": "\\udc80", "plate_text": "2AB-1234"}]'
    response = client.post(reverse("plates-sighting-batch"), body, content_type="application/json")
    assert response.status_code == 400
    assert "not valid Unicode" in response.json()["detail"]


def test_ordinary_json_still_goes_through(api_client_for, admin_user):
    client = api_client_for(admin_user)
    response = client.post(reverse("plates-sighting-batch"), [], format="json")
    assert response.status_code == 200
    assert response.json()["accepted"] == 0


@pytest.mark.parametrize("format_", ["json", "multipart"])
def test_a_nul_character_is_refused_with_a_400(api_client_for, admin_user, format_):
    client = api_client_for(admin_user)
    response = client.post(
        "/api/elections/sitreps/",
        {"election": "senate\x002024", "title": "x"},
        format=format_,
    )
    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]


def test_a_nul_character_in_the_query_is_refused_with_a_400(api_client_for, admin_user):
    client = api_client_for(admin_user)
    response = client.get("/api/geo/areas/autocomplete/", {"q": "Phnom\x00Penh"})
    assert response.status_code == 400
    assert "NUL character" in response.json()["detail"]
    assert client.get("/api/geo/areas/autocomplete/", {"q": "Phnom"}).status_code == 200


def test_a_page_asked_with_a_nul_character_says_so(client_for, pp_clerk):
    response = client_for(pp_clerk).get(reverse("cases:case_list"), {"q": "PP\x00-2024"})
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    response = client_for(pp_clerk).get(
        reverse("cases:case_list"), {"q": "PP\x00-2024"}, HTTP_ACCEPT_LANGUAGE="km"
    )
    assert response.status_code == 400
    assert "តួអក្សរ NUL" in response.content.decode()  # in the user's language
