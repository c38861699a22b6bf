import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from santisuk.audit.models import ChangeEntry
from santisuk.elections.models import IntakeReport, Notification, TrustedReporter
from santisuk.elections.services import (
    incident_acknowledge,
    incident_assign,
    incident_create,
    incident_from_report,
    incident_lock,
    incident_open_case,
    incident_resolve,
    incident_start,
    incident_triage,
    incident_update,
    incident_verify,
    incidents_escalate,
    intake_attach,
    intake_create,
    sms_receive,
)

pytestmark = pytest.mark.django_db


def test_sms_from_registered_number_is_located_and_classified(election, station, units):
    TrustedReporter.objects.create(
        phone="012345678", name="Tonle Basak post", kind="police_post", unit=units.pp_district
    )
    with time_machine.travel(datetime.datetime(2024, 2, 25, 3, 0, tzinfo=datetime.UTC)):
        report, created = sms_receive(
            sender="+85512345678", text="psd PP01 crowd blocking the gate", external_id="gw-1"
        )
    assert created
    assert report.verified_source
    assert report.polling_station == station
    assert report.area == station.commune
    assert report.election_kind == "polling_disruption"
    assert report.owner_unit == units.pp_district  # the unit covering the commune
    again, created = sms_receive(sender="+85512345678", text="psd PP01 again", external_id="gw-1")
    assert not created and again.pk == report.pk
    assert IntakeReport.objects.count() == 1


def test_sms_from_unknown_number_is_unverified(election, station, command_unit):
    with time_machine.travel(datetime.datetime(2024, 2, 25, 3, 0, tzinfo=datetime.UTC)):
        report, _ = sms_receive(sender="099999999", text="PSD PP01 fight")
    assert not report.verified_source
    assert report.polling_station is None and report.election_kind == ""
    assert report.owner_unit == command_unit


def test_lifecycle_with_stage_tagging_and_events(election, station, units, pp_chief, polling_noon):
    with time_machine.travel(polling_noon, tick=False):
        report = intake_create(
            election=election,
            channel="call",
            text="Supporters clash near the station",
            polling_station=station,
        )
        second = intake_create(
            election=election,
            channel="post",
            text="Same clash, seen by the post",
            polling_station=station,
        )
        incident = incident_from_report(report=report, actor=pp_chief, severity=4)
        intake_attach(report=second, incident=incident, actor=pp_chief)
        assert incident.stage == "polling"
        assert incident.reports.count() == 2
        incident_triage(
            incident=incident,
            actor=pp_chief,
            severity=4,
            crime_kind="public_disorder",
            election_kind="clash",
        )
        with pytest.raises(ValidationError, match="cannot become"):
            incident_resolve(incident=incident, actor=pp_chief, disposition="founded")
        incident_verify(incident=incident, actor=pp_chief, outcome="verified")
        incident_assign(incident=incident, unit=units.pp_district, actor=pp_chief)
    # Polling day: severity 4 must be acknowledged within 30/3 = 10 minutes.
    assert incident.ack_due_at == polling_noon + datetime.timedelta(minutes=10)
    assert incident.assigned_level == "district"
    incident_acknowledge(incident=incident, actor=pp_chief)
    incident_start(incident=incident, actor=pp_chief)
    incident_resolve(incident=incident, actor=pp_chief, disposition="referred", note="NEC")
    incident.refresh_from_db()
    assert incident.status == "resolved" and incident.disposition == "referred"
    events = set(
        ChangeEntry.objects.filter(object_id=str(incident.pk)).values_list("event", flat=True)
    )
    assert {
        "election_incident.created",
        "election_incident.triaged",
        "election_incident.assigned",
        "election_incident.acknowledged",
        "election_incident.resolved",
    } <= events


def test_campaign_deadlines_are_longer(election, geo_world, units, pp_chief):
    start = datetime.datetime(2024, 2, 15, 3, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        incident = incident_create(
            election=election,
            title="Posters torn",
            area=geo_world.pp_commune,
            actor=pp_chief,
            severity=4,
        )
        assert incident.stage == "campaign"
        incident.status = "verified"
        incident_assign(incident=incident, unit=units.pp_district, actor=pp_chief)
    assert incident.ack_due_at == start + datetime.timedelta(minutes=30)


def test_unacknowledged_incident_escalates_and_notifies(
    election, geo_world, units, pp_officer, pp_chief, polling_noon
):
    with time_machine.travel(polling_noon, tick=False):
        incident = incident_create(
            election=election,
            title="Threats at the gate",
            area=geo_world.pp_commune,
            actor=pp_chief,
            severity=5,
            status="verified",
        )
        incident_assign(incident=incident, unit=units.pp_district, actor=pp_chief)
    # 5 minutes in (deadline 15/3 = 5 minutes): not yet late at 4 minutes.
    with time_machine.travel(polling_noon + datetime.timedelta(minutes=4), tick=False):
        assert incidents_escalate() == []
    with time_machine.travel(polling_noon + datetime.timedelta(minutes=6), tick=False):
        escalated = incidents_escalate()
    assert [i.pk for i in escalated] == [incident.pk]
    incident.refresh_from_db()
    assert incident.assigned_unit == units.pp
    assert incident.assigned_level == "provincial"
    assert incident.escalations == 1
    assert Notification.objects.filter(recipient=pp_chief, incident=incident).exists()
    # The officer of the district was notified of the first assignment.
    assert Notification.objects.filter(recipient=pp_officer, incident=incident).count() == 1


def test_escalate_command(election, geo_world, units, pp_chief, polling_noon, capsys):
    from django.core.management import call_command

    with time_machine.travel(polling_noon, tick=False):
        incident = incident_create(
            election=election,
            title="Fight",
            area=geo_world.pp_commune,
            actor=pp_chief,
            severity=3,
            status="verified",
        )
        incident_assign(incident=incident, unit=units.pp_district, actor=pp_chief)
    with time_machine.travel(polling_noon + datetime.timedelta(hours=1), tick=False):
        call_command("elections", "escalate")
    out = capsys.readouterr().out
    assert f"{incident.number} escalated to PP" in out


def test_complaint_about_police_goes_outside_its_chain(
    election, geo_world, units, command_unit, pp_chief
):
    incident = incident_create(
        election=election,
        title="Police officer campaigning in uniform",
        area=geo_world.pp_commune,
        actor=pp_chief,
        election_kind="neutrality",
        about_security_forces=True,
        concerned_unit=units.pp_district,
        status="verified",
    )
    assert incident.owner_unit == command_unit
    with pytest.raises(ValidationError, match="outside the chain"):
        incident_assign(incident=incident, unit=units.pp, actor=pp_chief)
    incident_assign(incident=incident, unit=units.sr, actor=pp_chief)
    assert incident.assigned_unit == units.sr


def test_edit_lock_keeps_a_second_editor_out(election, geo_world, pp_chief, pp_officer):
    incident = incident_create(
        election=election, title="Rumour", area=geo_world.pp_commune, actor=pp_chief
    )
    start = datetime.datetime(2024, 2, 20, 3, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        incident_lock(incident=incident, actor=pp_chief)
        with pytest.raises(ValidationError, match="is editing this incident"):
            incident_lock(incident=incident, actor=pp_officer)
        with pytest.raises(ValidationError, match="lock has expired"):
            incident_update(incident=incident, actor=pp_officer, title="Mine")
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        incident_lock(incident=incident, actor=pp_officer)  # the first lock expired
        incident_update(
            incident=incident, actor=pp_officer, title="Rumour of a plot", stage="campaign"
        )
    incident.refresh_from_db()
    assert incident.title == "Rumour of a plot"
    assert incident.stage == "campaign" and incident.stage_corrected
    assert incident.lock_owner is None


def test_open_case_creates_a_prefilled_draft_case(election, geo_world, units, pp_chief):
    from santisuk.cases.models import Case
    from santisuk.cases.services.reference import crime_types_load

    crime_types_load()
    incident = incident_create(
        election=election,
        title="Ballot bag stolen",
        area=geo_world.pp_commune,
        actor=pp_chief,
        crime_kind="",
    )
    with pytest.raises(ValidationError, match="Classify the crime"):
        incident_open_case(incident=incident, actor=pp_chief)
    incident.crime_kind = "theft"
    incident.save()
    case = incident_open_case(incident=incident, actor=pp_chief)
    incident.refresh_from_db()
    assert incident.case_id == case.pk
    case = Case.objects.get(pk=case.pk)
    assert case.place == geo_world.pp_commune
    assert incident.number in case.narrative
    assert list(case.offences.values_list("crime_type__code", flat=True)) == ["theft"]
    with pytest.raises(ValidationError, match="already open"):
        incident_open_case(incident=incident, actor=pp_chief)


def test_sitrep_command_and_unknown_task(election, geo_world, pp_chief, polling_noon, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with time_machine.travel(polling_noon, tick=False):
        incident_create(election=election, title="Fight", area=geo_world.pp_commune, actor=pp_chief)
        call_command("elections", "sitrep", "--election", "senate-2024", "--province", "12")
    assert "Situation report 1: 1 incident(s), 1 open" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No province"):
        call_command("elections", "sitrep", "--election", "senate-2024", "--province", "99")
    with pytest.raises(CommandError, match="Unknown task"):
        call_command("elections", "tidy")


captured = []


def capture_backend(*, recipient, message, incident=None):
    captured.append((recipient.username, message))


def test_notification_backends_are_pluggable(
    election, geo_world, units, pp_officer, pp_chief, settings, django_capture_on_commit_callbacks
):
    settings.ELECTIONS_NOTIFY_BACKENDS = [f"{__name__}.capture_backend"]
    captured.clear()
    incident = incident_create(
        election=election,
        title="Threat",
        area=geo_world.pp_commune,
        actor=pp_chief,
        status="verified",
    )
    with django_capture_on_commit_callbacks(execute=True):
        incident_assign(incident=incident, unit=units.pp_district, actor=pp_chief)
    assert [name for name, _ in captured] == ["pp.officer"]
    assert incident.number in captured[0][1]


def test_marking_an_incident_as_a_complaint_about_police_reroutes_it(
    election, geo_world, units, command_unit, pp_chief
):
    incident = incident_create(
        election=election,
        title="Officer tore posters",
        area=geo_world.pp_commune,
        actor=pp_chief,
        status="verified",
    )
    incident_assign(incident=incident, unit=units.pp_district, actor=pp_chief)
    assert incident.owner_unit == units.pp_district
    incident_lock(incident=incident, actor=pp_chief)
    incident_update(
        incident=incident,
        actor=pp_chief,
        about_security_forces=True,
        concerned_unit=units.pp_district,
        election_kind="neutrality",
    )
    incident.refresh_from_db()
    assert incident.owner_unit == command_unit
    assert incident.assigned_unit == command_unit


def test_a_corrected_time_retags_the_stage(election, geo_world, pp_chief, polling_noon):
    with time_machine.travel(polling_noon, tick=False):
        incident = incident_create(
            election=election, title="Late report", area=geo_world.pp_commune, actor=pp_chief
        )
        assert incident.stage == "polling"
        incident_lock(incident=incident, actor=pp_chief)
        incident_update(
            incident=incident,
            actor=pp_chief,
            occurred_at=datetime.datetime(2024, 2, 20, 3, 0, tzinfo=datetime.UTC),
        )
    assert incident.stage == "campaign" and not incident.stage_corrected
