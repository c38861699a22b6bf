import datetime

import pytest
import time_machine
from django.urls import reverse

from santisuk.elections.models import (
    Incident,
    IntakeReport,
    Notice,
    Partner,
    Party,
    SituationReport,
    TrustedReporter,
)
from santisuk.elections.services import incident_create, incident_share

pytestmark = pytest.mark.django_db


@pytest.fixture
def polling_day(election):
    with time_machine.travel(datetime.datetime(2024, 2, 25, 4, 0, tzinfo=datetime.UTC)):
        yield


def test_sms_gateway_needs_the_secret(client, election, settings):
    settings.ELECTIONS_SMS_SECRET = "s3cret"
    url = reverse("elections:sms_gateway")
    response = client.post(url, {"from": "012000000", "text": "hi"})
    assert response.status_code == 403
    response = client.post(url, {"text": "hi"}, HTTP_X_GATEWAY_SECRET="s3cret")
    assert response.status_code == 400
    assert "from" in response.json()["errors"]
    assert IntakeReport.objects.count() == 0


def test_sms_gateway_stores_a_located_report(client, station, units, settings, polling_day):
    settings.ELECTIONS_SMS_SECRET = "s3cret"
    TrustedReporter.objects.create(phone="012000001", name="Observer", kind="observer")
    response = client.post(
        reverse("elections:sms_gateway"),
        {"from": "+85512000001", "text": "VB PP01 money handed out", "id": "m1"},
        HTTP_X_GATEWAY_SECRET="s3cret",
    )
    assert response.status_code == 201
    report = IntakeReport.objects.get()
    assert report.election_kind == "vote_buying" and report.polling_station == station
    assert response.json()["verified"] is True


def test_call_taker_to_resolution_in_the_ui(client_for, pp_chief, station, units, polling_day):
    client = client_for(pp_chief)
    response = client.post(
        reverse("elections:intake_call"),
        {
            "election": station.election.pk,
            "reporter_name": "Caller",
            "reporter_phone": "097 111 222",
            "text": "Group threatening voters in the queue",
            "election_kind": "intimidation",
            "severity": "4",
            "polling_station": station.pk,
            "area": "",
        },
    )
    report = IntakeReport.objects.get()
    assert response.status_code == 302
    assert report.reporter_phone == "097111222" and report.channel == "call"
    response = client.post(reverse("elections:intakereport_open", args=[report.pk]))
    incident = Incident.objects.get()
    assert response.url == reverse("elections:incident_detail", args=[incident.pk])
    assert incident.stage == "polling" and incident.area == station.commune
    action = lambda name: reverse("elections:incident_action", args=[incident.pk, name])  # noqa: E731
    client.post(action("triage"), {"severity": "4", "election_kind": "intimidation"})
    client.post(action("verify"), {"outcome": "verified"})
    client.post(action("assign"), {"unit": units.pp_district.pk})
    client.post(action("acknowledge"))
    client.post(action("start"))
    client.post(action("resolve"), {"disposition": "founded", "note": "Group dispersed"})
    incident.refresh_from_db()
    assert incident.status == "resolved" and incident.disposition == "founded"
    page = client.get(reverse("elections:incident_detail", args=[incident.pk]))
    assert "Group threatening voters" in page.content.decode()


def test_wrong_step_shows_a_message(client_for, pp_chief, election, geo_world):
    incident = incident_create(
        election=election, title="x", area=geo_world.pp_commune, actor=pp_chief
    )
    client = client_for(pp_chief)
    response = client.post(
        reverse("elections:incident_action", args=[incident.pk, "resolve"]),
        {"disposition": "founded"},
        follow=True,
    )
    assert "cannot become" in response.content.decode()


def test_public_tip_is_throttled(client, election, settings, geo_world, polling_day):
    settings.THROTTLES = {**settings.THROTTLES, "elections.tip": (2, 3600)}
    url = reverse("elections:tip")
    assert client.get(url).status_code == 200
    for _ in range(2):
        assert client.post(url, {"text": "Posters burnt", "area": "120101"}).status_code == 200
    response = client.post(url, {"text": "Posters burnt", "area": "120101"})
    assert response.status_code == 429
    assert IntakeReport.objects.filter(channel="web").count() == 2
    assert not IntakeReport.objects.filter(verified_source=True).exists()


def test_edit_lock_in_the_ui(client_for, pp_chief, pp_unit_chief, election, geo_world):
    incident = incident_create(
        election=election, title="Rumour", area=geo_world.pp_commune, actor=pp_chief
    )
    first, second = client_for(pp_chief), client_for(pp_unit_chief)
    assert first.get(reverse("elections:incident_edit", args=[incident.pk])).status_code == 200
    response = second.get(reverse("elections:incident_edit", args=[incident.pk]), follow=True)
    assert "is editing this incident" in response.content.decode()


def test_party_fields_only_for_named_roles(client_for, pp_chief, pp_officer, election, geo_world):
    cpp = Party.objects.get(election=election, code="CPP")
    incident = incident_create(
        election=election,
        title="Rally blocked",
        area=geo_world.pp_commune,
        actor=pp_chief,
        complainant_party=cpp,
    )
    url = reverse("elections:incident_detail", args=[incident.pk])
    assert "Cambodian People" in client_for(pp_chief).get(url).content.decode()
    officer_page = client_for(pp_officer).get(url)
    assert officer_page.status_code == 200
    assert "Cambodian People" not in officer_page.content.decode()
    assert client_for(pp_officer).get(reverse("elections:equal_treatment")).status_code == 403
    assert client_for(pp_chief).get(reverse("elections:equal_treatment")).status_code == 200


def test_partner_sees_only_shared_incidents(client_for, roles, election, geo_world, pp_chief):
    from santisuk.accounts.services import user_create

    nec = Partner.objects.create(name="NEC election security secretariat")
    member = user_create(username="nec.liaison", password="Kampot-pepper-2024", role="officer")
    nec.members.add(member)
    shared = incident_create(
        election=election, title="Shared one", area=geo_world.pp_commune, actor=pp_chief
    )
    hidden = incident_create(
        election=election, title="Internal one", area=geo_world.pp_commune, actor=pp_chief
    )
    incident_share(incident=shared, partner=nec, actor=pp_chief)
    client = client_for(member)
    listing = client.get(reverse("elections:incident_list")).content.decode()
    assert "Shared one" in listing and "Internal one" not in listing
    assert client.get(reverse("elections:incident_detail", args=[hidden.pk])).status_code == 404
    response = client.post(
        reverse("elections:intake_referral"),
        {"election": election.pk, "text": "Complaint forwarded by the NEC", "area": "120101"},
    )
    assert response.status_code == 302
    assert IntakeReport.objects.get().partner == nec


def test_notice_needs_a_second_approver_and_keeps_versions(
    client_for, client, pp_chief, sr_chief, election
):
    drafter = client_for(pp_chief)
    response = drafter.post(
        reverse("elections:notice_add"),
        {
            "election": election.pk,
            "kind": "rebuttal",
            "title_en": "No curfew tonight",
            "title_km": "គ្មានបម្រាមគោចរ",
            "body_en": "The curfew rumour is false.",
            "body_km": "ពាក្យចចាមអារ៉ាមមិនពិត",
        },
    )
    notice = Notice.objects.get()
    assert response.status_code == 302
    approve = reverse("elections:notice_action", args=[notice.pk, "approve"])
    publish = reverse("elections:notice_action", args=[notice.pk, "publish"])
    page = drafter.post(approve, follow=True).content.decode()
    assert "someone other than its drafter" in page
    approver = client_for(sr_chief)
    approver.post(approve)
    approver.post(publish)
    notice.refresh_from_db()
    assert notice.status == "published"
    public = client.get(reverse("elections:public_notices")).content.decode()
    assert "No curfew tonight" in public and "គ្មានបម្រាមគោចរ" in public
    feed = client.get(reverse("elections:notice_feed"))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "No curfew tonight" in feed.content.decode()
    # A new version: edit → draft again, the published text stays public until republished.
    drafter.post(
        reverse("elections:notice_edit", args=[notice.pk]),
        {
            "election": election.pk,
            "kind": "rebuttal",
            "title_en": "No curfew this week",
            "title_km": "គ្មានបម្រាមគោចរ",
            "body_en": "Still false.",
            "body_km": "មិនពិត",
        },
    )
    notice.refresh_from_db()
    assert notice.status == "draft" and notice.version == 2
    assert "No curfew tonight" in client.get(reverse("elections:public_notices")).content.decode()
    approver.post(approve)
    approver.post(publish)
    assert notice.versions.count() == 2
    public = client.get(reverse("elections:public_notices")).content.decode()
    assert "No curfew this week" in public and "No curfew tonight" not in public


def test_situation_report_printable_and_csv(client_for, pp_chief, election, geo_world, polling_day):
    incident_create(
        election=election,
        title="Shots fired near school",
        area=geo_world.pp_commune,
        actor=pp_chief,
        severity=5,
        crime_kind="public_disorder",
    )
    client = client_for(pp_chief)
    response = client.post(
        reverse("elections:sitrep_generate"), {"election": election.pk, "narrative": "Calm."}
    )
    report = SituationReport.objects.get()
    assert report.number == 1 and report.figures["total"] == 1
    page = client.get(response.url).content.decode()
    assert "Shots fired near school" in page and "Calm." in page
    csv = b"".join(client.get(response.url + "?export=csv").streaming_content).decode()
    assert "public_disorder" in csv
    client.post(reverse("elections:sitrep_generate"), {"election": election.pk})
    assert SituationReport.objects.order_by("-number").first().number == 2


def test_dashboard_shows_overdue_and_map(client_for, pp_chief, election, geo_world, units):
    from santisuk.elections.services import incident_assign

    start = datetime.datetime(2024, 2, 25, 2, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        incident = incident_create(
            election=election,
            title="Ballot box seized",
            area=geo_world.pp_commune,
            actor=pp_chief,
            severity=5,
            status="verified",
            latitude=11.55,
            longitude=104.92,
        )
        incident_assign(incident=incident, unit=units.pp_district, actor=pp_chief)
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        page = client_for(pp_chief).get(reverse("elections:dashboard")).content.decode()
    assert "Ballot box seized" in page
    assert "<circle" in page


def test_api_lifecycle(api_client_for, pp_chief, station, units, polling_day):
    api = api_client_for(pp_chief)
    response = api.post(
        "/api/elections/intake/",
        {
            "election": "senate-2024",
            "channel": "call",
            "text": "Clash",
            "polling_station": station.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    response = api.post(
        "/api/elections/incidents/open/",
        {"report": response.json()["id"], "severity": 3},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["stage"] == "polling"
    bad = api.post(f"/api/elections/incidents/{pk}/resolve/", {"disposition": "x"}, format="json")
    assert bad.status_code == 400 and "disposition" in bad.json()
    for step, body in [
        ("triage", {"severity": 3}),
        ("verify", {"outcome": "verified"}),
        ("assign", {"unit": "PP-CKM"}),
        ("acknowledge", {}),
        ("start", {}),
        ("resolve", {"disposition": "no_action"}),
    ]:
        response = api.post(f"/api/elections/incidents/{pk}/{step}/", body, format="json")
        assert response.status_code == 200, (step, response.json())
    assert response.json()["status"] == "resolved"
    assert "complainant_party" in response.json()


@pytest.mark.parametrize(
    "name",
    [
        "election_list",
        "stage_list",
        "pollingstation_list",
        "party_list",
        "trustedreporter_list",
        "intakereport_list",
        "incident_list",
        "notice_list",
        "situationreport_list",
        "dashboard",
        "notifications",
        "intake_call",
        "intake_post",
        "sitrep_generate",
        "notice_add",
    ],
)
def test_pages_open_for_a_provincial_chief(client_for, pp_chief, election, name):
    response = client_for(pp_chief).get(reverse(f"elections:{name}"))
    assert response.status_code == 200


def test_lists_export_csv(client_for, pp_chief, election, geo_world):
    incident_create(
        election=election, title="Exported clash", area=geo_world.pp_commune, actor=pp_chief
    )
    response = client_for(pp_chief).get(reverse("elections:incident_list") + "?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "Exported clash" in body and "party" not in body.lower()


def test_reference_pages_are_for_administrators(client_for, pp_chief, admin_user, election):
    url = reverse("elections:pollingstation_import")
    assert client_for(pp_chief).get(url).status_code == 403
    assert client_for(admin_user).get(url).status_code == 200
    assert client_for(admin_user).get(reverse("elections:trustedreporter_add")).status_code == 200


def test_public_sees_only_published_aggregates(client_for, client, pp_chief, election, geo_world):
    from santisuk.elections.services import sitrep_generate

    incident_create(
        election=election,
        title="Secret detail of a clash",
        area=geo_world.pp_commune,
        actor=pp_chief,
        election_kind="clash",
    )
    report = sitrep_generate(election=election, actor=pp_chief, period_start=None)
    url = reverse("elections:public_figures")
    assert "clash" not in client.get(url).content.decode()
    client_for(pp_chief).post(reverse("elections:sitrep_publish", args=[report.pk]))
    page = client.get(url).content.decode()
    assert "clash" in page and "Secret detail" not in page


def test_geojson_of_incidents_in_scope(client_for, pp_chief, sr_chief, election, station):
    incident_create(
        election=election,
        title="Placed at the station",
        area=station.commune,
        actor=pp_chief,
        polling_station=station,
    )
    url = reverse("elections:incident_geojson")
    data = client_for(pp_chief).get(url).json()
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"]["coordinates"] == [104.92, 11.55]
    assert feature["properties"]["polling_station"] == "PP01"
    assert client_for(sr_chief).get(url).json()["features"] == []
    assert client_for(pp_chief).get(url + "?severity=x").status_code == 400
