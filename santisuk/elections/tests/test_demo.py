from io import StringIO

from django.core.management import call_command

from santisuk.elections.choices import Status
from santisuk.elections.models import Incident, PollingStation
from santisuk.elections.services import elections_reference_load


def _run():
    out = StringIO()
    call_command("demo_data", "--people", "0", "--seed", "2", stdout=out)
    return out.getvalue()


def test_demo_data_fills_the_latest_election_once(geo_world):
    elections_reference_load()
    first = _run()
    incidents = Incident.objects.filter(election__slug="councils-2024")
    assert "Elections: 2 polling stations and 20 incidents for councils-2024 created." in first
    assert set(PollingStation.objects.values_list("code", flat=True)) == {"12-001", "17-001"}
    assert incidents.count() == 20
    statuses = set(incidents.values_list("status", flat=True))
    assert {Status.RESOLVED, Status.ASSIGNED, Status.IN_PROGRESS, Status.FALSE} <= statuses
    assert incidents.filter(status=Status.RESOLVED).exclude(disposition="").count() >= 4
    assert incidents.exclude(assigned_unit=None).filter(status=Status.ASSIGNED).exists()
    assert len(set(incidents.values_list("stage", flat=True))) >= 6
    assert incidents.values("severity").distinct().count() >= 3

    second = _run()
    assert "already has incidents" in second
    assert incidents.count() == 20 and PollingStation.objects.count() == 2


def test_without_the_election_nothing_is_added(geo_world):
    out = _run()
    assert "no election councils-2024" in out
    assert not Incident.objects.exists()
