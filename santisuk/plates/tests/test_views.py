"""Registry pages and the API of the plates module."""

import pytest
from django.urls import reverse

from santisuk.plates.models import Plate, PlateAssignment
from santisuk.plates.tests.conftest import CASINO_POINT, at_night

pytestmark = pytest.mark.django_db

LISTS = [
    "plates:plate_list",
    "plates:vehicle_list",
    "plates:venue_list",
    "plates:venuetype_list",
    "plates:misuserule_list",
    "plates:tariff_list",
    "plates:travelorder_list",
    "plates:alert_list",
    "plates:taxassessment_list",
    "plates:plate_add",
    "plates:vehicle_add",
    "plates:venue_add",
    "plates:travelorder_add",
    "plates:plate_import",
    "plates:venue_import",
    "plates:sighting_search",
    "plates:patrol_report",
    "plates:dashboard",
]


@pytest.mark.parametrize("name", LISTS)
def test_pages_open_for_an_administrator(fleet, admin_user, client_for, name):
    assert client_for(admin_user).get(reverse(name)).status_code == 200


def test_plate_detail_and_export(fleet, pp_chief, client_for):
    client = client_for(pp_chief)
    page = client.get(reverse("plates:plate_detail", args=[fleet.plate.pk]))
    assert "History of assignments" in page.content.decode()
    export = client.get(reverse("plates:plate_list"), {"export": "csv"})
    assert "P011CE21234" in b"".join(export.streaming_content).decode("utf-8-sig")


def test_plate_form_keeps_the_history(fleet, units, pp_chief, client_for):
    client = client_for(pp_chief)
    page = client.post(
        reverse("plates:plate_edit", args=[fleet.plate.pk]),
        {
            "number": fleet.plate.number,
            "unit": units.pp.pk,
            "vehicle": fleet.vehicle.pk,
            "officer": "",
            "status": "active",
            "issued_on": "2024-01-15",
        },
    )
    assert page.status_code == 302
    assert PlateAssignment.objects.filter(plate=fleet.plate).count() == 2
    duplicate = client.post(
        reverse("plates:plate_add"),
        {"number": "police-2 1234", "unit": units.pp.pk, "status": "active"},
    )
    assert duplicate.status_code == 200 and "is already registered" in duplicate.content.decode()
    assert Plate.objects.count() == 2


def test_camera_batch_endpoint(fleet, pp_officer, api_client_for):
    rows = [
        {
            "device_id": "CAM-9",
            "captured_at": at_night(1).isoformat(),
            "plate_text": "POLICE 2-1234",
            "latitude": CASINO_POINT[0],
            "longitude": CASINO_POINT[1],
        },
        {"device_id": "CAM-9", "captured_at": "not a time", "plate_text": "X"},
    ]
    client = api_client_for(pp_officer)
    first = client.post("/api/plates/sightings/batch/", rows, format="json")
    assert first.status_code == 200
    assert {k: first.json()[k] for k in ("accepted", "duplicates", "rejected")} == {
        "accepted": 1,
        "duplicates": 0,
        "rejected": 1,
    }
    assert "captured_at" in first.json()["rejections"][0]["reason"]
    again = client.post("/api/plates/sightings/batch/", rows, format="json").json()
    assert (again["accepted"], again["duplicates"]) == (0, 1)
    bad = client.post("/api/plates/sightings/batch/", {"rows": 1}, format="json")
    assert bad.status_code == 400 and "rows" in bad.json()
    alerts = client.get("/api/plates/alerts/").json()
    assert alerts["count"] == 1


def test_analysts_cannot_send_camera_batches(analyst, api_client_for):
    response = api_client_for(analyst).post("/api/plates/sightings/batch/", [], format="json")
    assert response.status_code == 403


def test_vehicle_photo_upload(fleet, pp_chief, client_for, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = client_for(pp_chief)
    url = reverse("plates:vehicle_photo", args=[fleet.vehicle.pk])
    client.post(
        url,
        {
            "image": SimpleUploadedFile("front.jpg", b"\xff\xd8\xff0000", "image/jpeg"),
            "caption": "Front",
        },
    )
    page = client.get(reverse("plates:vehicle_detail", args=[fleet.vehicle.pk])).content.decode()
    assert "Front" in page
    bad = client.post(
        url, {"image": SimpleUploadedFile("x.exe", b"MZ", "application/x")}, follow=True
    )
    assert "Send a photo" in bad.content.decode()
    assert fleet.vehicle.photos.count() == 1
