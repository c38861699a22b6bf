import datetime

import pytest


@pytest.fixture
def senate(db):
    from santisuk.elections.models import Election
    from santisuk.elections.services import elections_reference_load

    elections_reference_load()
    return Election.objects.get(slug="senate-2024")


@pytest.fixture
def command_unit(units):
    from santisuk.org.services import unit_create

    return unit_create(
        code="PSC", name_en="Permanent Security Command", kind="election_command", parent=units.moi
    )


@pytest.fixture
def election(senate, command_unit):
    senate.command_unit = command_unit
    senate.save()
    return senate


@pytest.fixture
def station(election, geo_world):
    from santisuk.elections.models import PollingStation

    return PollingStation.objects.create(
        election=election,
        code="PP01",
        name_en="Tonle Basak polling station",
        commune=geo_world.pp_commune,
        latitude=11.55,
        longitude=104.92,
    )


@pytest.fixture
def polling_noon():
    # 2024-02-25 12:00 in Phnom Penh (UTC+7)
    return datetime.datetime(2024, 2, 25, 5, 0, tzinfo=datetime.UTC)
