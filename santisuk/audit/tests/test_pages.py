"""The auditor's pages and API: filters, exports, before/after, and nobody else gets in."""

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from santisuk.audit.models import AccessEntry, ChangeEntry
from santisuk.audit.services import access_record, event_record
from santisuk.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(pp_officer, acting_as):
    """The officer creates and renames a unit; a command creates another."""
    with acting_as(pp_officer, request_id="req-officer-1"):
        unit = Unit.objects.create(code="KD", name_en="Kandal", kind="ministry", path="KD/")
        unit.name_en = "Kandal Commissariat"
        unit.save()
        access_record(action="person.search", query={"name": "SOK"}, result_count=2)
    from santisuk.audit import context

    with context.command_context(["load_reference"]):
        Unit.objects.create(code="TK", name_en="Takeo", kind="ministry", path="TK/")
    return unit


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_auditor_filters_the_change_log_by_actor_object_and_action(auditor, history, client_for):
    client = client_for(auditor)
    url = reverse("audit:change_list")
    response = client.get(
        url,
        {
            "actor": "pp.officer",
            "object_type": "org.unit",
            "object_id": history.pk,
            "action": "update",
        },
    )
    assert response.status_code == 200
    rows = list(response.context["table"].rows)
    assert [row.record.action for row in rows] == ["update"]
    assert rows[0].record.after == {"name_en": "Kandal Commissariat"}
    assert "Kandal Commissariat" in response.text

    response = client.get(url, {"actor": "command:load_reference"})
    assert [r.record.object_repr for r in response.context["table"].rows] == ["TK Takeo"]


def test_the_change_log_filtered_by_event_lists_only_those_events(auditor, history, client_for):
    event_record(name="person.merged", obj=history, data={"kept": 1})
    event_record(name="plate.cancelled", obj=history, data={})
    response = client_for(auditor).get(reverse("audit:change_list"), {"event": "person."})
    assert [r.record.event for r in response.context["table"].rows] == ["person.merged"]


def test_date_filters_use_local_dates(auditor, history, client_for):
    client = client_for(auditor)
    url = reverse("audit:change_list")
    assert len(client.get(url, {"date_from": "2000-01-01"}).context["table"].rows) > 0
    assert len(client.get(url, {"date_to": "2000-01-01"}).context["table"].rows) == 0
    response = client.get(url, {"date_from": "not a date"})
    assert response.status_code == 200
    assert response.context["filterset"].errors["date_from"]


def test_csv_export_of_the_filtered_change_log_is_itself_logged(auditor, history, client_for):
    client = client_for(auditor)
    response = client.get(
        reverse("audit:change_list"),
        {"object_type": "org.unit", "actor": "pp.officer", "export": "csv"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert [(r["Action"], r["Object"]) for r in rows] == [
        ("update", "KD Kandal Commissariat"),
        ("create", "KD Kandal"),
    ]
    assert rows[0]["After"] == '{"name_en": "Kandal Commissariat"}'
    assert rows[0]["Request id"] == "req-officer-1"

    export = AccessEntry.objects.filter(action="audit.change_log.export").get()
    assert export.actor_id == auditor.pk
    assert export.result_count == 2
    assert export.query["object_type"] == "org.unit"
    assert export.request_id == response["X-Request-ID"]
    assert export.ip_address == "127.0.0.1"
    assert export.source == "web"


def test_xlsx_export_of_the_access_log(auditor, history, client_for):
    client = client_for(auditor)
    response = client.get(reverse("audit:access_list"), {"action": "person.", "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.values)
    assert "Reason given" in header
    assert [row[header.index("Action")] for row in rows] == ["person.search"]
    assert AccessEntry.objects.filter(action="audit.access_log.export").count() == 1


def test_change_detail_shows_before_and_after(auditor, history, client_for):
    entry = ChangeEntry.objects.get(
        content_type="org.unit", object_id=str(history.pk), action="update"
    )
    response = client_for(auditor).get(reverse("audit:change_detail", args=[entry.pk]))
    assert response.status_code == 200
    assert response.context["object"].value_rows() == [
        ("name (Latin)", "Kandal", "Kandal Commissariat")
    ]
    page = response.text
    # One row of the values table: the field, the value before, the value after.
    assert re.search(
        r"<th scope=\"row\">Name \(Latin\)</th>\s*<td[^>]*>Kandal</td>\s*"
        r"<td[^>]*>Kandal Commissariat</td>",
        page,
    )
    assert entry.hash in page


def test_access_detail_shows_the_query(auditor, history, client_for):
    entry = AccessEntry.objects.get(action="person.search")
    response = client_for(auditor).get(reverse("audit:access_detail", args=[entry.pk]))
    assert response.status_code == 200
    assert "SOK" in response.text
    assert "pp.officer" in response.text


@pytest.mark.parametrize(
    "name, args",
    [
        ("audit:change_list", []),
        ("audit:access_list", []),
        ("audit:change_detail", [1]),
        ("audit:access_detail", [1]),
    ],
)
def test_a_user_without_the_auditor_permission_is_refused(
    pp_officer, history, client_for, name, args
):
    response = client_for(pp_officer).get(reverse(name, args=args), {"export": "csv"})
    assert response.status_code == 403
    assert not AccessEntry.objects.filter(action__startswith="audit.").exists()


def test_administrator_sees_both_logs(admin_user, history, client_for):
    client = client_for(admin_user)
    assert client.get(reverse("audit:change_list")).status_code == 200
    assert client.get(reverse("audit:access_list")).status_code == 200


def test_anonymous_visitor_is_sent_to_login(client, history):
    response = client.get(reverse("audit:change_list"))
    assert response.status_code == 302


def test_api_lists_and_filters_both_logs(auditor, history, client_for):
    client = client_for(auditor)
    response = client.get("/api/audit/changes/", {"object_type": "org.unit", "action": "create"})
    assert response.status_code == 200
    results = {r["object_repr"]: r["actor_label"] for r in response.json()["results"]}
    assert results["KD Kandal"] == "pp.officer"
    assert results["TK Takeo"] == "command:load_reference"
    assert len(results) == Unit.objects.count()

    response = client.get("/api/audit/access/", {"actor": "pp.officer"})
    (result,) = response.json()["results"]
    assert result["action"] == "person.search"
    assert result["query"] == {"name": "SOK"}

    response = client.get(f"/api/audit/access/{result['id']}/")
    assert response.json()["hash"] == AccessEntry.objects.get(pk=result["id"]).hash


def test_api_is_read_only_and_closed_to_others(auditor, pp_officer, history, client_for):
    client = client_for(auditor)
    entry = ChangeEntry.objects.order_by("id").first()
    assert client.post("/api/audit/changes/", {}, content_type="application/json").status_code in (
        403,
        405,
    )
    assert client.delete(f"/api/audit/changes/{entry.pk}/").status_code in (403, 405)
    assert ChangeEntry.objects.filter(pk=entry.pk).exists()

    client = client_for(pp_officer)
    assert client.get("/api/audit/changes/").status_code == 403
    assert client.get(f"/api/audit/access/{entry.pk}/").status_code == 403


@pytest.mark.parametrize(
    "params, field",
    [
        ({"actor_id": "99999999999999999999999"}, "actor_id"),
        ({"actor_id": "someone"}, "actor_id"),
        ({"ip_address": "not-an-address"}, "ip_address"),
        ({"date_from": "2024-13-01"}, "date_from"),
    ],
)
def test_bad_filter_input_names_the_field(auditor, history, client_for, params, field):
    response = client_for(auditor).get("/api/audit/access/", params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("params", [{"date_from": "0001-01-01"}, {"date_to": "9999-12-31"}])
def test_dates_at_the_edges_of_the_calendar_are_no_bounds(auditor, history, client_for, params):
    response = client_for(auditor).get("/api/audit/changes/", params)
    assert response.status_code == 200
    assert response.json()["count"] == ChangeEntry.objects.count()
