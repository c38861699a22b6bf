"""From a citizen's tip to the cancelled plate, the tax notice and the audit trail."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from santisuk.audit.models import AccessEntry, ChangeEntry
from santisuk.plates.models import Alert, Sighting, TaxAssessment
from santisuk.plates.tests.conftest import CASINO_POINT, at_night

pytestmark = pytest.mark.django_db


def _tip(client, **extra):
    data = {
        "plate_text": "ប៉ូលិស ២-១២៣៤",
        "captured_at": at_night(1, hour=23).strftime("%Y-%m-%dT%H:%M"),
        "place_text": "in front of the casino",
        "latitude": CASINO_POINT[0],
        "longitude": CASINO_POINT[1],
        "note": "Black Camry, police plate, parked all night",
        **extra,
    }
    return client.post(reverse("plates:tip"), data, REMOTE_ADDR="203.0.113.9")


def test_tip_to_cancellation_with_tax_and_notice(
    fleet, pp_chief, pp_unit_chief, client_for, django_capture_on_commit_callbacks
):
    public = Client()
    photo = SimpleUploadedFile("car.jpg", b"\xff\xd8\xff" + b"0" * 100, "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        page = _tip(public, photo=photo)
    assert page.status_code == 200
    tip = Sighting.objects.get(source="tip")
    assert tip.receipt in page.content.decode()
    assert tip.photo
    status = public.get(reverse("plates:tip_status"), {"receipt": tip.receipt})
    assert "Under review" in status.content.decode()

    alert = Alert.objects.get()
    assert alert.rule.code == "night_venue" and alert.assigned_to == pp_chief

    chief = client_for(pp_chief)
    detail = chief.get(reverse("plates:alert_detail", args=[alert.pk]))
    assert detail.status_code == 200 and "Golden Lucky Casino" in detail.content.decode()
    assert "<svg" in detail.content.decode()
    action = lambda name: reverse("plates:alert_action", args=[alert.pk, name])  # noqa: E731
    chief.post(action("note"), {"text": "Called the unit commander."})
    chief.post(action("explanation"), {"explanation": "The driver says he was off duty."})
    chief.post(action("decide"), {"outcome": "cancel", "note": "Third time this month."})
    alert.refresh_from_db()
    assert alert.status == "cancellation_pending"

    # the proposer cannot approve their own cancellation
    chief.post(action("approve"))
    alert.refresh_from_db()
    assert alert.status == "cancellation_pending"

    client_for(pp_unit_chief).post(action("approve"))
    alert.refresh_from_db()
    fleet.plate.refresh_from_db()
    fleet.vehicle.refresh_from_db()
    assert alert.status == "closed" and alert.outcome == "cancel"
    assert fleet.plate.status == "cancelled"
    assert fleet.vehicle.classification == "civilian"
    assessment = TaxAssessment.objects.get()
    assert assessment.amount_khr == 1_200_000  # car, 2,001–3,000 cc

    notice = chief.get(reverse("plates:notice", args=[assessment.pk])).content.decode()
    assert "Notice of cancellation" in notice and "សេចក្តីជូនដំណឹង" in notice
    assert "1,200,000" in notice and "១,២០០,០០០" in notice

    events = set(
        ChangeEntry.objects.filter(event__startswith="plate").values_list("event", flat=True)
    )
    assert {
        "plate.alert_raised",
        "plate.alert_note_added",
        "plate.alert_explanation_recorded",
        "plate.cancellation_proposed",
        "plate.status_changed",
        "plate.cancelled",
    } <= events
    assert ChangeEntry.objects.filter(event="sighting.tip_reported").exists()
    assert ChangeEntry.objects.filter(event="vehicle.reclassified_civilian").exists()


def test_tips_are_throttled_per_address(fleet):
    public = Client()
    for hour in range(5):
        when = at_night(1, hour=hour).strftime("%Y-%m-%dT%H:%M")
        assert _tip(public, plate_text="2AB-1", captured_at=when).status_code == 200
    assert _tip(public, plate_text="2AB-2").status_code == 429
    assert Sighting.objects.count() == 5


def test_tip_with_a_bad_time_names_the_field(db):
    page = _tip(Client(), captured_at="tomorrow-ish")
    assert page.status_code == 400
    assert "Enter a valid date/time" in page.content.decode()


def test_patrol_report_on_the_phone_form(fleet, pp_officer, client_for):
    officer = client_for(pp_officer)
    assert officer.get(reverse("plates:patrol_report")).status_code == 200
    page = officer.post(
        reverse("plates:patrol_report"),
        {
            "plate_text": "police 21234",
            "captured_at": at_night(1, hour=10).strftime("%Y-%m-%dT%H:%M"),
            "venue": fleet.casino.pk,
        },
        follow=True,
    )
    assert "is a police plate of PP-CKM" in page.content.decode()
    assert Sighting.objects.get().reported_by == pp_officer


def test_sighting_search_needs_reason_and_reference_and_is_logged(fleet, pp_chief, client_for):
    client = client_for(pp_chief)
    url = reverse("plates:sighting_search")
    page = client.get(url, {"plate": "POLICE 2-1234", "reason": "checking"})
    assert "alert number or the case reference" in page.content.decode()
    assert not AccessEntry.objects.filter(action="plates.sighting_search").exists()

    page = client.get(
        url,
        {"plate": "POLICE 2-1234", "reason": "Follow-up of a tip", "alert_number": "PA-0-NONE"},
    )
    assert "No alert with this number" in page.content.decode()

    Sighting.objects.create(
        source="camera",
        device_id="C",
        captured_at=at_night(2),
        plate_text="POLICE 2-1234",
        plate_normalised=fleet.plate.normalised,
        plate=fleet.plate,
        rules_checked=True,
        latitude=Decimal("11.556400"),
        longitude=Decimal("104.928200"),
    )
    from santisuk.plates.models import MisuseRule
    from santisuk.plates.rules import _raise

    alert = _raise(MisuseRule.objects.get(code="off_road_plate"), Sighting.objects.get(), "test")
    page = client.get(
        url,
        {
            "plate": "police 2 1234",
            "reason": "Evidence for the alert",
            "alert_number": alert.number,
        },
    )
    assert "1 sighting" in page.content.decode()
    assert "11.55640, 104.92820" in page.content.decode()
    entry = AccessEntry.objects.get(action="plates.sighting_search")
    # In Khmer too: a decimal comma would run the two numbers together.
    query = {"plate": "POLICE 2-1234", "reason": "Evidence again", "alert_number": alert.number}
    page = client.get(url, query, HTTP_ACCEPT_LANGUAGE="km")
    assert 'lang="km"' in page.content.decode()
    assert "11.55640, 104.92820" in page.content.decode()
    assert entry.query["plate"] == "police 2 1234" and entry.result_count == 1
    assert entry.reason == "Evidence for the alert"


def test_rules_and_tariffs_are_for_administrators(fleet, pp_chief, admin_user, client_for):
    from santisuk.plates.models import MisuseRule

    rule = MisuseRule.objects.get(code="repeated_visits")
    edit = reverse("plates:misuserule_edit", args=[rule.pk])
    assert client_for(pp_chief).get(edit).status_code == 403  # chiefs read the rules only
    admin = client_for(admin_user)
    assert admin.get(reverse("plates:misuserule_list")).status_code == 200
    page = admin.post(
        reverse("plates:misuserule_edit", args=[rule.pk]),
        {"severity": 4, "is_enabled": "", "threshold": 5, "window_days": 30},
    )
    assert page.status_code == 302
    rule.refresh_from_db()
    assert (rule.severity, rule.is_enabled, rule.threshold) == (4, False, 5)


def test_dashboard_shows_the_offline_map(fleet, analyst, client_for):
    page = client_for(analyst).get(reverse("plates:dashboard"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "http://" not in body.replace("http://www.w3.org/2000/svg", "")
    assert 'class="map-country"' in body
