import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from santisuk.cases.choices import CaseStatus, WorkflowState
from santisuk.cases.imports import CaseImporter
from santisuk.cases.models import Arrest, Case, CaseParty
from santisuk.people.models import Person
from santisuk.people.services import person_create

pytestmark = pytest.mark.django_db

CASES_HEADER = (
    "reference,crime_type,reported_on,occurred_on,location_code,unit_code,status,cleared_on,"
    "exceptional_reason,summary\n"
)
PERSONS_HEADER = (
    "case_reference,role,family_name,given_name,name_km,sex,date_of_birth,nationality,"
    "id_card_number,arrested_on\n"
)

GOOD_CASES = CASES_HEADER + (
    "PP-1,theft,2024-03-01,2024-02-28,12010101,,cleared_by_arrest,2024-03-05,,Motorbike stolen\n"
    "PP-2,robbery;assault,2024-04-02,,1201,PP,open,,,Robbery at a market\n"
    "SR-1,fraud,2024-05-03,,17,,cleared_exceptionally,2024-06-01,offender_dead,\n"
)
GOOD_PERSONS = PERSONS_HEADER + (
    "PP-1,suspect,SOK,DARA,,M,1990-05-01,,010203040,2024-03-04\n"
    "PP-1,victim,CHAN,SREY,,F,1985,,,\n"
    "PP-2,suspect,SOK,DARA,,M,1990-05-01,,010203040,\n"
    "SR-1,complainant,LY,NA,,,,THA,,\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path, crime_types, units):
    return write(tmp_path, "CASES.csv", GOOD_CASES), write(tmp_path, "PERSONS.csv", GOOD_PERSONS)


def test_import_creates_approved_cases_with_people_and_arrests(files, units, geo_world):
    cases, persons = files
    result = CaseImporter().run(cases, persons=persons)
    assert result.committed, result.errors
    assert result.created == 3
    pp1 = Case.objects.get(reference="PP-1")
    assert pp1.workflow_state == WorkflowState.APPROVED
    assert pp1.owner_unit == units.pp_district  # most local unit covering the village
    assert pp1.province == geo_world.pp
    assert pp1.status == CaseStatus.CLEARED_BY_ARREST
    assert pp1.cleared_on == datetime.date(2024, 3, 5)
    assert pp1.arrests.get().person.family_name == "SOK"
    pp2 = Case.objects.get(reference="PP-2")
    assert pp2.owner_unit == units.pp
    assert sorted(pp2.offences.values_list("crime_type__code", flat=True)) == [
        "assault",
        "robbery",
    ]
    # The same ID card on two cases is one person.
    assert Person.objects.filter(family_name="SOK").count() == 1
    sr1 = Case.objects.get(reference="SR-1")
    assert sr1.owner_unit == units.sr and sr1.province == geo_world.sr
    assert sr1.parties.get().person.nationality == "THA"


def test_import_twice_changes_nothing(files):
    cases, persons = files
    CaseImporter().run(cases, persons=persons)
    counts = (Case.objects.count(), Person.objects.count(), CaseParty.objects.count())
    again = CaseImporter().run(cases, persons=persons)
    assert again.committed
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert counts == (Case.objects.count(), Person.objects.count(), CaseParty.objects.count())
    assert Arrest.objects.count() == 1


def test_person_with_known_id_card_is_linked(files):
    known = person_create(
        family_name="SOK",
        given_name="DARA",
        identifiers=[{"kind": "national_id", "number": "010203040"}],
    )
    cases, persons = files
    CaseImporter().run(cases, persons=persons)
    assert Arrest.objects.get().person == known
    assert Person.objects.filter(family_name="SOK").count() == 1


def test_as_draft(files):
    cases, persons = files
    CaseImporter().run(cases, persons=persons, as_draft=True)
    assert set(Case.objects.values_list("workflow_state", flat=True)) == {"draft"}


def test_every_check_names_file_line_column_and_nothing_is_written(tmp_path, crime_types, units):
    cases = write(
        tmp_path,
        "CASES.csv",
        CASES_HEADER
        + "A-1,theft,2024-03-01,,12010101,,open,,,\n"
        + "A-2,shoplifting,2024-03-01,,12010101,,open,,,\n"
        + "A-3,theft,2024-03-01,,99999999,,open,,,\n"
        + "A-4,theft,2024-02-30,,12010101,,open,,,\n"
        + "A-5,theft,2024-03-01,,12010101,,cleared_by_arrest,,,\n",
    )
    persons = write(
        tmp_path,
        "PERSONS.csv",
        PERSONS_HEADER + "NOPE-9,suspect,KEO,VUTHY,,M,,,,2024-03-02\n",
    )
    result = CaseImporter().run(cases, persons=persons)
    assert not result.committed
    assert Case.objects.count() == 0
    found = {(e.file, e.line, e.column) for e in result.errors}
    assert ("CASES.csv", 3, "crime_type") in found
    assert ("CASES.csv", 4, "location_code") in found
    assert ("CASES.csv", 5, "reported_on") in found
    assert ("CASES.csv", 6, "status") in found
    assert ("PERSONS.csv", 2, "case_reference") in found


def test_a_gps_point_is_imported_when_the_file_has_one(tmp_path, crime_types, units):
    header = CASES_HEADER.rstrip("\n") + ",latitude,longitude\n"
    good = write(
        tmp_path,
        "CASES.csv",
        header
        + "G-1,theft,2024-03-01,,12010101,,open,,,,11.5564,104.9282\n"
        + "G-2,theft,2024-03-01,,12010101,,open,,,,,\n",
    )
    result = CaseImporter().run(good)
    assert result.committed, result.errors
    point = Case.objects.values_list("latitude", "longitude").get(reference="G-1")
    assert tuple(map(str, point)) == ("11.556400", "104.928200")
    assert Case.objects.values_list("latitude", flat=True).get(reference="G-2") is None

    bad = write(
        tmp_path,
        "BAD.csv",
        header
        + "B-1,theft,2024-03-01,,12010101,,open,,,,11.55,\n"
        + "B-2,theft,2024-03-01,,12010101,,open,,,,95,104.9\n"
        + "B-3,theft,2024-03-01,,12010101,,open,,,,11.5,east\n",
    )
    result = CaseImporter().run(bad)
    assert not result.committed
    found = {(e.line, e.column): e.reason for e in result.errors}
    assert found[(2, "longitude")] == "Give both latitude and longitude, or neither."
    assert found[(3, "latitude")] == "Between -90 and 90."
    assert found[(4, "longitude")] == "Not a number."
    assert not Case.objects.filter(reference__startswith="B-").exists()


def test_skip_invalid_writes_good_rows_and_rejects_with_reasons(tmp_path, crime_types, units):
    cases = write(
        tmp_path,
        "CASES.csv",
        CASES_HEADER
        + "A-1,theft,2024-03-01,,12010101,,open,,,\n"
        + "A-2,theft,2024-03-01,,12010101,,open,,,\n",
    )
    persons = write(tmp_path, "PERSONS.csv", PERSONS_HEADER + "A-2,witness,KEO,,,X,,,,\n")
    rejects = tmp_path / "bad.csv"
    result = CaseImporter().run(cases, persons=persons, skip_invalid=True, rejects=rejects)
    assert result.committed
    assert list(Case.objects.values_list("reference", flat=True)) == ["A-1"]
    text = rejects.read_text(encoding="utf-8-sig")
    assert "A-2" in text and "PERSONS.csv, line 2, sex" in text
    assert "KEO" in (tmp_path / "bad-persons.csv").read_text(encoding="utf-8-sig")


def test_command_line(files, capsys):
    cases, persons = files
    out = io.StringIO()
    call_command("import", "cases", str(cases), "--persons", str(persons), stdout=out)
    assert "3 created" in out.getvalue()
    bad = cases.parent / "BAD.csv"
    bad.write_text(CASES_HEADER + "X-1,theft,yesterday,,12,,open,,,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "cases", str(bad), stderr=err)
    assert "BAD.csv, line 2, reported_on" in err.getvalue()
