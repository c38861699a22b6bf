import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from santisuk.elections.models import Election, Party, Stage
from santisuk.elections.services import elections_reference_load, stage_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "code"),
    [
        ("2023-10-18", "registration"),
        ("2023-11-14", "registration"),
        ("2023-11-15", "preparation"),
        ("2024-01-25", "preparation"),
        ("2024-01-26", "candidate_lists"),
        ("2024-02-09", "candidate_lists"),
        ("2024-02-10", "campaign"),
        ("2024-02-23", "campaign"),
        ("2024-02-24", "silence"),
        ("2024-02-25", "polling"),
        ("2024-02-26", "results"),
        ("2024-03-05", "results"),
        ("2024-03-06", "post_election"),
        ("2025-01-01", "post_election"),
    ],
)
def test_senate_2024_stage_of_a_date(senate, capsys, day, code):
    call_command("election_stage", "senate-2024", day)
    assert capsys.readouterr().out.strip() == code


def test_date_before_first_stage_is_an_error(senate):
    with pytest.raises(CommandError, match="before the first stage"):
        call_command("election_stage", "senate-2024", "2023-10-17")


def test_unknown_slug_and_bad_date_are_errors(senate):
    with pytest.raises(CommandError, match="No election has the slug"):
        call_command("election_stage", "senate-2030", "2024-02-25")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("election_stage", "senate-2024", "25/02/2024")


def test_reference_load_is_idempotent_and_complete(db):
    elections_reference_load()
    counts = (Election.objects.count(), Stage.objects.count(), Party.objects.count())
    lines = elections_reference_load()
    assert counts == (2, 16, 8)
    assert (Election.objects.count(), Stage.objects.count(), Party.objects.count()) == counts
    assert all(line.endswith(": 0 records written") for line in lines)
    councils = Election.objects.get(slug="councils-2024")
    assert councils.polling_date == datetime.date(2024, 5, 26)
    assert stage_for(councils, datetime.date(2024, 5, 26)).code == "polling"
    assert set(Party.objects.filter(election=councils).values_list("code", flat=True)) == {
        "CPP",
        "KWP",
        "NPP",
        "FUNCINPEC",
    }


def test_load_reference_runs_the_elections_loader(db, monkeypatch):
    from santisuk.geo import reference

    assert "santisuk.elections.services.elections_reference_load" in reference.REFERENCE_LOADERS


def test_polling_stations_import_is_idempotent_and_names_bad_rows(election, geo_world, tmp_path):
    from santisuk.elections.imports import PollingStationImporter
    from santisuk.elections.models import PollingStation

    good = tmp_path / "stations.csv"
    good.write_text(
        "election,code,name_en,name_km,commune,latitude,longitude\n"
        "senate-2024,PP01,Tonle Basak school,,120101,11.55,104.92\n"
        "senate-2024,SR01,Sla Kram pagoda,,171001,,\n",
        encoding="utf-8",
    )
    result = PollingStationImporter().run(good)
    assert (result.created, result.committed) == (2, True)
    assert PollingStationImporter().run(good).unchanged == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "election,code,name_en,name_km,commune,latitude,longitude\n"
        "senate-2024,PP02,Somewhere,,1201,,\n",
        encoding="utf-8",
    )
    result = PollingStationImporter().run(bad)
    assert not result.committed
    assert result.errors[0].line == 2 and result.errors[0].column == "commune"
    assert PollingStation.objects.count() == 2
