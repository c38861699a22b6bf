from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from santisuk.accounts.models import User
from santisuk.audit.models import ChangeEntry
from santisuk.org.models import Officer, Unit
from santisuk.people.demo import demo_people
from santisuk.people.models import Person, PersonIdentifier


def _run(*args):
    out = StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


def _counts():
    return (
        Unit.objects.count(),
        Officer.objects.count(),
        User.objects.count(),
        Person.objects.count(),
        PersonIdentifier.objects.count(),
    )


def test_needs_the_gazetteer(db):
    with pytest.raises(CommandError, match="run santisuk load_reference first"):
        _run("--people", "5")


def test_demo_data_once_then_nothing_more(geo_world):
    first = _run("--people", "50", "--seed", "3")
    units = {u.code: u for u in Unit.objects.all()}
    assert {"MOI", "GCNP", "PP", "SR", "PP-01", "SR-10", "PP-01-01", "SR-10-01"} <= set(units)
    assert {"IMM", "IDD", "ESC"} <= set(units)
    assert units["PP-01-01"].path == "MOI/GCNP/PP/PP-01/PP-01-01/"
    assert list(units["PP"].jurisdiction.values_list("code", flat=True)) == ["12"]
    assert units["PP"].name_km == "ស្នងការដ្ឋាននគរបាលរាជធានីភ្នំពេញ"

    # The table of demo users, with passwords that really log in.
    assert "pp.officer" in first and "national.admin" in first
    line = next(row for row in first.splitlines() if row.strip().startswith("sr.chief"))
    _username, password, role, unit = line.split()
    assert (role, unit) == ("provincial_chief", "SR")
    chief = User.objects.get(username="sr.chief")
    assert chief.check_password(password)
    assert chief.officer.unit.code == "SR" and chief.officer.rank == "brigadier_general"
    assert User.objects.filter(username__startswith=("pp.")).count() == 4

    people = Person.objects.all()
    assert people.count() == 50
    assert people.exclude(name_km="").exists() and people.filter(birth_date__isnull=True).exists()
    assert PersonIdentifier.objects.filter(kind="national_id").exists()
    # The change log holds the people written in bulk.
    assert ChangeEntry.objects.filter(content_type="people.person", action="create").count() == 50

    before = _counts()
    second = _run("--people", "50", "--seed", "3")
    assert _counts() == before
    assert "Demo users already exist" in second and "pp.officer" not in second


def test_people_are_deterministic_for_a_seed():
    places = [10, 11, 12]
    one = demo_people(7, 200, places)
    assert one == demo_people(7, 200, places)
    assert one != demo_people(8, 200, places)
    numbers = [n for p in one for _k, n, _c in p.identifiers]
    assert len(numbers) == len(set(numbers))
    assert all(
        len(n) == 9 and n.isdigit() for p in one for k, n, _c in p.identifiers if k == "national_id"
    )
    assert any(p.nationality != "KHM" and p.identifiers[0][0] == "passport" for p in one)
