import csv
import io

from django.urls import reverse

from santisuk.audit.models import AccessEntry
from santisuk.people.models import Person, PersonMerge

REASON = "Case 2024/117 witness check"


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_search_page_asks_for_a_reason_and_logs_the_search(people, pp_officer, client_for):
    client = client_for(pp_officer)
    url = reverse("people:person_list")
    before = AccessEntry.objects.count()
    page = client.get(url)
    assert page.status_code == 200 and "SOK" not in page.content.decode()
    page = client.get(url, {"name": "sok"})
    assert page.status_code == 200
    assert "This field is required" in page.content.decode()
    assert AccessEntry.objects.count() == before

    page = client.get(url, {"name": "សុខ", "reason": REASON})
    html = page.content.decode()
    assert "CHANDARA" in html and "SOPHEA" not in html
    entry = AccessEntry.objects.order_by("-id").first()
    assert (entry.action, entry.reason, entry.result_count) == ("person.search", REASON, 1)
    assert entry.query == {"name": "សុខ"}


def test_export_of_search_results_is_logged(people, pp_officer, client_for):
    client = client_for(pp_officer)
    response = client.get(
        reverse("people:person_list"), {"birth_year": "1992", "reason": REASON, "export": "csv"}
    )
    rows = _csv(response)
    assert rows[0][:3] == ["Record", "Family name", "Given name"]
    assert sorted(r[1] for r in rows[1:]) == ["CHAN", "KEO"]
    entry = AccessEntry.objects.order_by("-id").first()
    assert entry.query == {"birth_year": 1992, "export": "csv"}
    assert entry.result_count == 2
    xlsx = client.get(
        reverse("people:person_list"), {"birth_year": "1992", "reason": REASON, "export": "xlsx"}
    )
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_detail_is_logged_with_the_search_reason(people, pp_officer, client_for):
    client = client_for(pp_officer)
    client.get(reverse("people:person_list"), {"name": "chandara", "reason": REASON})
    person = people["chandara"]
    page = client.get(reverse("people:person_detail", args=[person.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "010234567" in html and "សុខ ចាន់ដារ៉ា" in html
    entry = AccessEntry.objects.order_by("-id").first()
    assert (entry.action, entry.object_id, entry.reason) == ("person.view", str(person.pk), REASON)
    assert client.get(reverse("people:person_detail", args=[999999])).status_code == 404


def test_users_without_the_permission_are_refused(people, auditor, client_for):
    client = client_for(auditor)
    assert client.get(reverse("people:person_list")).status_code == 403
    detail = client.get(reverse("people:person_detail", args=[people["chandara"].pk]))
    assert detail.status_code == 403


def test_add_and_edit_a_person(geo_world, pp_officer, client_for):
    client = client_for(pp_officer)
    response = client.post(
        reverse("people:person_add"),
        {
            "family_name": "meas",
            "given_name": "vibol",
            "name_km": "មាស វិបុល",
            "sex": "M",
            "birth_year": "1990",
            "birth_place": geo_world.pp_village.code,
            "nationality": "KHM",
            "identifier_kind": "national_id",
            "identifier_number": "011 222 333",
            "identifier_country": "KHM",
        },
    )
    person = Person.objects.get(family_name="MEAS")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    assert person.identifiers.get().number == "011222333"

    # The same card number again: the form names the field and the rule, nothing is saved.
    response = client.post(
        reverse("people:person_add"),
        {
            "family_name": "MEAS",
            "given_name": "DARA",
            "sex": "M",
            "nationality": "KHM",
            "identifier_kind": "national_id",
            "identifier_number": "011222333",
            "identifier_country": "KHM",
        },
    )
    assert response.status_code == 200
    assert "already recorded" in response.content.decode()
    assert Person.objects.filter(family_name="MEAS").count() == 1

    response = client.post(
        reverse("people:person_edit", args=[person.pk]),
        {
            "family_name": "MEAS",
            "given_name": "VIBOL",
            "sex": "M",
            "birth_date": "1990-05-01",
            "birth_year": "1991",
            "nationality": "KHM",
        },
    )
    assert response.status_code == 200
    assert "year of birth must be the year" in response.content.decode()


def test_merge_pages(people, pp_clerk, pp_chief, client_for):
    clerk, chief = client_for(pp_clerk), client_for(pp_chief)
    source, target = people["sophea"], people["sopheak"]
    response = clerk.post(
        reverse("people:merge_propose", args=[source.pk]),
        {"target": target.record_number, "reason": "Same person, two spellings"},
    )
    assert response.status_code == 302
    merge = PersonMerge.objects.get()
    own_list = clerk.get(reverse("people:merge_list")).content.decode()
    assert "Another person must decide" in own_list
    # The clerk's role may propose but not decide.
    assert clerk.post(reverse("people:merge_approve", args=[merge.pk])).status_code == 403

    chief_list = chief.get(reverse("people:merge_list")).content.decode()
    assert reverse("people:merge_approve", args=[merge.pk]) in chief_list
    chief.post(reverse("people:merge_approve", args=[merge.pk]))
    source.refresh_from_db()
    assert source.merged_into == target
    detail = chief.get(reverse("people:person_detail", args=[source.pk])).content.decode()
    assert "This record was merged into" in detail

    chief.post(reverse("people:merge_reverse", args=[merge.pk]))
    source.refresh_from_db()
    assert source.is_active and source.merged_into is None


def test_proposing_a_merge_into_itself_is_refused_on_the_form(people, pp_clerk, client_for):
    client = client_for(pp_clerk)
    person = people["sophea"]
    response = client.post(
        reverse("people:merge_propose", args=[person.pk]),
        {"target": str(person.pk), "reason": "Same person"},
    )
    assert response.status_code == 200
    assert "cannot be merged into itself" in response.content.decode()
    assert not PersonMerge.objects.exists()


def test_search_page_queries_do_not_grow_with_results(geo_world, pp_officer, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from santisuk.people.services import person_create

    client = client_for(pp_officer)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("people:person_list"), {"name": "sok", "reason": REASON})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    def add(numbers):
        for i in numbers:
            person_create(
                family_name="SOK",
                given_name="DARA",
                birth_place=geo_world.pp_commune,
                identifiers=[{"kind": "national_id", "number": f"{i:09d}"}],
            )

    add(range(2))
    few = queries()
    add(range(2, 12))
    assert queries() == few
