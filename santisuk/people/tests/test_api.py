from santisuk.audit.models import AccessEntry, ChangeEntry
from santisuk.people.models import Person, PersonMerge

REASON = "Case 2024/117 witness check"
PERSONS = "/api/people/persons/"
MERGES = "/api/people/merges/"


def test_list_is_a_search_that_needs_a_reason(people, pp_officer, api_client_for):
    client = api_client_for(pp_officer)
    response = client.get(PERSONS, {"name": "sok"})
    assert response.status_code == 400 and "reason" in response.json()
    response = client.get(PERSONS, {"reason": REASON})
    assert response.status_code == 400 and "non_field_errors" in response.json()
    response = client.get(PERSONS, {"birth_year": "nineteen", "reason": REASON})
    assert response.status_code == 400 and "birth_year" in response.json()

    response = client.get(PERSONS, {"identifier": "010-234-567", "reason": REASON})
    body = response.json()
    assert response.status_code == 200 and body["count"] == 1
    assert body["results"][0]["name_km"] == "សុខ ចាន់ដារ៉ា"
    assert body["results"][0]["identifiers"][0]["number"] == "010234567"
    entry = AccessEntry.objects.order_by("-id").first()
    assert (entry.action, entry.reason, entry.result_count) == ("person.search", REASON, 1)


def test_retrieve_is_logged(people, pp_officer, api_client_for):
    client = api_client_for(pp_officer)
    person = people["nguyen"]
    response = client.get(f"{PERSONS}{person.pk}/", {"reason": "Visa check"})
    assert response.status_code == 200 and response.json()["nationality"] == "VNM"
    entry = AccessEntry.objects.order_by("-id").first()
    assert (entry.action, entry.object_id, entry.reason) == (
        "person.view",
        str(person.pk),
        "Visa check",
    )


def test_create_update_and_add_a_document(geo_world, pp_officer, api_client_for):
    client = api_client_for(pp_officer)
    response = client.post(
        PERSONS,
        {
            "family_name": "Lim",
            "given_name": "Bopha",
            "name_km": "លីម បុប្ផា",
            "sex": "F",
            "birth_date": "1999-12-31",
            "birth_place": geo_world.sr_commune.code,
            "nationality": "khm",
            "identifiers": [{"kind": "national_id", "number": "123 456 789"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["family_name"] == "LIM" and body["birth_year"] == 1999
    assert body["birth_place"] == geo_world.sr_commune.code

    duplicate = client.post(
        PERSONS,
        {"family_name": "LIM", "identifiers": [{"kind": "national_id", "number": "123456789"}]},
        format="json",
    )
    assert duplicate.status_code == 400
    assert "already recorded" in str(duplicate.json())
    assert Person.objects.filter(family_name="LIM").count() == 1

    response = client.patch(f"{PERSONS}{body['id']}/", {"birth_year": 1998}, format="json")
    assert response.status_code == 400 and "birth_year" in response.json()
    response = client.patch(f"{PERSONS}{body['id']}/", {"given_name": "sophea"}, format="json")
    assert response.status_code == 200 and response.json()["given_name"] == "SOPHEA"
    response = client.post(
        f"{PERSONS}{body['id']}/identifiers/",
        {"kind": "passport", "number": "n 7654321", "country": "KHM"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["number"] == "N7654321"
    # People are never deleted through the API (merged instead).
    assert client.delete(f"{PERSONS}{body['id']}/").status_code in (403, 405)
    assert Person.objects.filter(pk=body["id"]).exists()


def test_merge_workflow(people, pp_clerk, pp_chief, api_client_for):
    clerk, chief = api_client_for(pp_clerk), api_client_for(pp_chief)
    source, target = people["sophea"], people["sopheak"]
    response = clerk.post(
        MERGES,
        {"source": source.pk, "target": target.pk, "reason": "Same person, two spellings"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    merge_id = response.json()["id"]
    assert response.json()["proposed_by"] == "pp.clerk"
    # The clerk may not decide at all; the chief may, unless they proposed it themselves.
    assert clerk.post(f"{MERGES}{merge_id}/approve/").status_code == 403
    own = chief.post(
        MERGES,
        {"source": people["nguyen"].pk, "target": target.pk, "reason": "Looks the same"},
        format="json",
    )
    refused = chief.post(f"{MERGES}{own.json()['id']}/approve/")
    assert refused.status_code == 400 and "another person" in str(refused.json())

    response = chief.post(f"{MERGES}{merge_id}/approve/")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    source.refresh_from_db()
    assert source.merged_into == target
    response = chief.post(f"{MERGES}{merge_id}/reverse/")
    assert response.status_code == 200 and response.json()["status"] == "reversed"
    source.refresh_from_db()
    assert source.is_active
    assert ChangeEntry.objects.filter(event="person.merge_reversed").count() == 1
    listing = chief.get(MERGES, {"status": "reversed"}).json()
    assert [m["id"] for m in listing["results"]] == [merge_id]
    assert PersonMerge.objects.count() == 2


def test_merge_filter_rejects_numbers_out_of_range(pp_chief, api_client_for):
    client = api_client_for(pp_chief)
    response = client.get(MERGES, {"person": "99999999999999999999"})
    assert response.status_code == 400 and "person" in response.json()
    assert client.get(MERGES, {"person": "12"}).json()["count"] == 0
