"""The import writes in batches: what it writes must be what the services write, row for row,
with every record in the change log."""

import datetime
import io

import pytest
from django.core.management import call_command

from santisuk.audit.models import ChangeEntry
from santisuk.cases.bulk.checks import CaseChecks
from santisuk.cases.imports import CaseImporter
from santisuk.cases.models import Case, CaseParty
from santisuk.cases.services import arrest_record, case_create, case_party_add
from santisuk.cases.tests.test_import import CASES_HEADER, PERSONS_HEADER, write
from santisuk.people.models import Person
from santisuk.people.services import person_create

pytestmark = pytest.mark.django_db

CASE_FIELDS = (
    "owner_unit_id",
    "reported_on",
    "occurred_on",
    "place_id",
    "province_id",
    "narrative",
    "status",
    "exceptional_reason",
    "cleared_on",
    "workflow_state",
    "is_restricted",
    "marked_restricted",
)

CASES = CASES_HEADER + (
    "I-1,theft,2024-03-01,2024-02-28,12010101,,cleared_by_arrest,,,Motorbike stolen\n"
    "I-2,rape,2024-04-02,,1201,PP,open,,,\n"
    "I-3,assault,2024-05-03,,17,,open,,,Juvenile victim\n"
    "I-4,fraud,2024-05-03,,17,,cleared_exceptionally,2024-06-01,offender_dead,\n"
)
PERSONS = PERSONS_HEADER + (
    "I-1,suspect,SOK,DARA,,M,1990-05-01,,010203040,2024-03-04\n"
    "I-1,victim,CHAN,SREY,,F,1985,,,\n"
    "I-3,victim,KEO,NA,,F,2010-01-01,,,\n"
)


def by_services(geo_world, units, crime_types):
    """The same four cases recorded one by one through the services."""
    one = case_create(
        reference="S-1",
        owner_unit=units.pp_district,
        reported_on=datetime.date(2024, 3, 1),
        occurred_on=datetime.date(2024, 2, 28),
        place=geo_world.pp_village,
        offences=[{"crime_type": "theft"}],
        narrative="Motorbike stolen",
        workflow_state="approved",
    )
    dara = person_create(
        family_name="Sok",
        given_name="Dara",
        sex="M",
        birth_date=datetime.date(1990, 5, 1),
        birth_year=1990,
        identifiers=[{"kind": "national_id", "number": "010203041"}],
    )
    case_party_add(case=one, person=dara, role="suspect")
    arrest_record(case=one, person=dara, arrested_on=datetime.date(2024, 3, 4))
    srey = person_create(family_name="Chan", given_name="Srey", sex="F", birth_year=1985)
    case_party_add(case=one, person=srey, role="victim")
    case_create(
        reference="S-2",
        owner_unit=units.pp,
        reported_on=datetime.date(2024, 4, 2),
        place=geo_world.pp.__class__.objects.get(code="1201"),
        offences=[{"crime_type": "rape"}],
        workflow_state="approved",
    )
    three = case_create(
        reference="S-3",
        owner_unit=units.sr,
        reported_on=datetime.date(2024, 5, 3),
        place=geo_world.sr,
        offences=[{"crime_type": "assault"}],
        narrative="Juvenile victim",
        workflow_state="approved",
    )
    na = person_create(
        family_name="Keo", given_name="Na", sex="F", birth_date=datetime.date(2010, 1, 1)
    )
    case_party_add(case=three, person=na, role="victim")
    case_create(
        reference="S-4",
        owner_unit=units.sr,
        reported_on=datetime.date(2024, 5, 3),
        place=geo_world.sr,
        offences=[{"crime_type": "fraud"}],
        status="cleared_exceptionally",
        exceptional_reason="offender_dead",
        cleared_on=datetime.date(2024, 6, 1),
        workflow_state="approved",
    )


def test_import_writes_what_the_services_write(tmp_path, geo_world, units, crime_types):
    by_services(geo_world, units, crime_types)
    result = CaseImporter().run(
        write(tmp_path, "CASES.csv", CASES), persons=write(tmp_path, "PERSONS.csv", PERSONS)
    )
    assert result.committed, result.errors
    for n in range(1, 5):
        imported = Case.objects.values(*CASE_FIELDS).get(reference=f"I-{n}")
        recorded = Case.objects.values(*CASE_FIELDS).get(reference=f"S-{n}")
        assert imported == recorded, n

        def parts(ref):
            case = Case.objects.get(reference=ref)
            return (
                sorted(case.offences.values_list("crime_type__code", "attempted")),
                sorted(
                    case.parties.values_list(
                        "role", "is_juvenile", "person__family_name", "person__search_name"
                    )
                ),
                sorted(case.arrests.values_list("arrested_on", "arresting_unit_id")),
            )

        assert parts(f"I-{n}") == parts(f"S-{n}")
    # The restricted crime type and the juvenile restrict the case, as the services do.
    assert Case.objects.get(reference="I-2").is_restricted
    assert Case.objects.get(reference="I-3").is_restricted
    # The arrested suspect's clearance: the first arrest's date when the file gives none.
    assert Case.objects.get(reference="I-1").cleared_on == datetime.date(2024, 3, 4)
    assert Case.objects.get(reference="I-1").approved_at is not None


def out_of_order(persons: str) -> str:
    """The same persons file with its rows in reverse order: the people of a case no longer
    follow the cases file, so the import writes the cases first, then the people."""
    header, *rows = persons.splitlines(keepends=True)
    return header + "".join(reversed(rows))


@pytest.mark.parametrize("order", ["as the cases", "out of order"])
def test_every_imported_record_is_in_the_change_log_whole_and_the_chain_holds(
    tmp_path, geo_world, units, crime_types, order
):
    """One entry per new case holding the case with its offences, people and arrests as stored,
    one per new person with their ID card: an auditor reads an imported record whole."""
    persons = PERSONS if order == "as the cases" else out_of_order(PERSONS)
    CaseImporter().run(
        write(tmp_path, "CASES.csv", CASES), persons=write(tmp_path, "PERSONS.csv", persons)
    )
    for case in Case.objects.all():
        entry = ChangeEntry.objects.get(
            content_type="cases.case", object_id=str(case.pk), action="create"
        )
        assert entry.object_repr == case.reference
        assert entry.after["reported_on"] == case.reported_on.isoformat()
        assert entry.after["status"] == case.status
        assert [o["crime_type"] for o in entry.after["offences"]] == list(
            case.offences.values_list("crime_type_id", flat=True)
        )
        people = {(p["person"], p["role"]) for p in entry.after.get("people", [])}
        assert people == set(case.parties.values_list("person_id", "role"))
        arrests = [(a["person"], a["arrested_on"]) for a in entry.after.get("arrests", [])]
        assert arrests == [
            (person, day.isoformat())
            for person, day in case.arrests.values_list("person_id", "arrested_on")
        ]
    dara = Person.objects.get(given_name="DARA")
    entry = ChangeEntry.objects.get(content_type="people.person", object_id=str(dara.pk))
    assert entry.object_repr == str(dara)
    assert entry.after["search_name"] == dara.search_name
    assert entry.after["identifiers"][0]["number"] == "010203040"
    assert ChangeEntry.objects.filter(content_type="people.person").count() == 3
    event = ChangeEntry.objects.get(event="cases.imported")
    assert event.after["cases"] == 4 and event.after["persons_file"] == "PERSONS.csv"
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "intact" in out.getvalue().lower()


def test_both_ways_of_writing_log_the_same_record(tmp_path, geo_world, units, crime_types):
    """People in the cases' order are written with their cases and logged from memory; people
    out of order are written after all the cases and their cases read back to be logged. An
    auditor sees the same entry either way."""
    CaseImporter().run(write(tmp_path, "C1.csv", CASES), persons=write(tmp_path, "P1.csv", PERSONS))
    CaseImporter().run(
        write(tmp_path, "C2.csv", CASES.replace("I-", "J-")),
        persons=write(tmp_path, "P2.csv", out_of_order(PERSONS.replace("I-", "J-"))),
    )
    names = dict(Person.objects.values_list("pk", "given_name"))

    def entry(ref):
        case = Case.objects.get(reference=ref)
        after = ChangeEntry.objects.get(
            content_type="cases.case", object_id=str(case.pk), action="create"
        ).after
        for key in ("id", "reference", "created_at", "updated_at", "approved_at"):
            after.pop(key)
        for part in (*after.get("people", ()), *after.get("arrests", ())):
            part["person"] = names[part["person"]]
        return after

    for n in range(1, 5):
        assert entry(f"I-{n}") == entry(f"J-{n}"), n
    assert entry("I-3")["is_restricted"] and entry("I-1")["arrests"]


def test_people_on_a_recorded_case_are_added_once(tmp_path, geo_world, units, crime_types):
    cases = write(tmp_path, "CASES.csv", CASES)
    CaseImporter().run(cases, persons=write(tmp_path, "PERSONS.csv", PERSONS))
    more = write(
        tmp_path,
        "MORE.csv",
        PERSONS + "I-3,witness,LIM,BORA,,M,1980,,,\n",
    )
    result = CaseImporter().run(cases, persons=more)
    assert result.committed, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    assert Case.objects.get(reference="I-3").parties.count() == 2
    # A person added to a recorded case: their role has its own change-log entry.
    witness = CaseParty.objects.get(case__reference="I-3", role="witness")
    entry = ChangeEntry.objects.get(content_type="cases.caseparty", object_id=str(witness.pk))
    assert entry.object_repr == str(witness) and entry.after["person"] == witness.person_id
    again = CaseImporter().run(cases, persons=more)
    assert (again.updated, again.unchanged) == (0, 4)


def test_a_known_card_across_batches_is_one_person(tmp_path, geo_world, units, crime_types):
    from santisuk.cases.bulk import write as bulk

    known = person_create(
        family_name="SOK",
        given_name="DARA",
        identifiers=[{"kind": "national_id", "number": "010203040"}],
    )
    rows = "".join(f"B-{n},theft,2024-03-01,,12010101,,open,,,\n" for n in range(5))
    people = "".join(f"B-{n},suspect,SOK,DARA,,M,,,010 203 040,\n" for n in range(5))
    people += "".join(f"B-{n},victim,NEW,CARD,,F,,,999888777,\n" for n in range(5))
    old = bulk.PERSON_BATCH
    bulk.PERSON_BATCH = 2  # several batches, so links to people created earlier are tested
    try:
        result = CaseImporter().run(
            write(tmp_path, "C.csv", CASES_HEADER + rows),
            persons=write(tmp_path, "P.csv", PERSONS_HEADER + people),
        )
    finally:
        bulk.PERSON_BATCH = old
    assert result.committed, result.errors
    assert CaseParty.objects.filter(role="suspect", person=known).count() == 5
    assert Person.objects.filter(family_name="NEW").count() == 1


def test_cards_across_batches_with_people_in_the_cases_order(
    tmp_path, geo_world, units, crime_types, monkeypatch
):
    """With the people in the cases' order, the rows are made in a reader process from keys
    taken first: a card seen in an earlier batch is the person made there, a card already in
    the index is that person, and every key is the one the row was logged with."""
    from santisuk.cases.bulk import write as bulk

    known = person_create(
        family_name="SOK",
        given_name="DARA",
        identifiers=[{"kind": "national_id", "number": "010203040"}],
    )
    rows = "".join(f"B-{n},theft,2024-03-01,,12010101,,open,,,\n" for n in range(5))
    people = "".join(
        f"B-{n},suspect,SOK,DARA,,M,,,010 203 040,\nB-{n},victim,NEW,CARD,,F,,,999888777,\n"
        for n in range(5)
    )
    monkeypatch.setattr(bulk, "CASE_BATCH", 2)
    result = CaseImporter().run(
        write(tmp_path, "C.csv", CASES_HEADER + rows),
        persons=write(tmp_path, "P.csv", PERSONS_HEADER + people),
    )
    assert result.committed, result.errors
    assert CaseParty.objects.filter(role="suspect", person=known).count() == 5
    new = Person.objects.get(family_name="NEW")
    assert CaseParty.objects.filter(role="victim", person=new).count() == 5
    entry = ChangeEntry.objects.get(content_type="people.person", object_id=str(new.pk))
    assert entry.after["identifiers"][0]["number"] == "999888777"
    for case in Case.objects.filter(reference__startswith="B-"):
        after = ChangeEntry.objects.get(content_type="cases.case", object_id=str(case.pk)).after
        assert after["reference"] == case.reference
        assert {p["person"] for p in after["people"]} == {known.pk, new.pk}


def test_an_arrest_long_before_the_report_is_refused(tmp_path, geo_world, units, crime_types):
    result = CaseImporter().run(
        write(
            tmp_path,
            "C.csv",
            CASES_HEADER + "A-1,theft,2024-03-01,,12010101,,cleared_by_arrest,,,\n",
        ),
        persons=write(
            tmp_path, "P.csv", PERSONS_HEADER + "A-1,suspect,SOK,DARA,,M,,,,2022-01-01\n"
        ),
    )
    assert not result.committed
    assert ("P.csv", 2, "arrested_on") in {(e.file, e.line, e.column) for e in result.errors}
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    "order",
    ["as the cases", "grouped, another order", "out of order"],
)
def test_refused_cases_leave_the_others_with_their_own_people(
    tmp_path, geo_world, units, crime_types, order
):
    """With --skip-invalid a refused case in the middle of the files takes its people with it;
    the cases around it keep exactly their own people, whichever order the persons file has."""
    cases = CASES_HEADER + (
        "K-1,theft,2024-03-01,,12010101,,cleared_by_arrest,,,\n"
        "K-2,theft,2024-03-02,,99999999,,open,,,\n"
        "K-3,assault,2024-03-03,,12010101,,open,,,\n"
    )
    rows = {
        "K-1": ["K-1,suspect,SOK,ONE,,M,1990,,,2024-03-02\n", "K-1,victim,CHAN,ONE,,F,,,,\n"],
        "K-2": ["K-2,victim,KEO,TWO,,F,,,,\n"],
        "K-3": ["K-3,victim,LIM,THREE,,F,,,,\n", "K-3,witness,MEAS,THREE,,M,,,,\n"],
    }
    if order == "as the cases":
        people = rows["K-1"] + rows["K-2"] + rows["K-3"]
    elif order == "grouped, another order":
        people = rows["K-3"] + rows["K-1"] + rows["K-2"]
    else:
        people = [rows["K-3"][0], rows["K-1"][0], rows["K-2"][0], rows["K-3"][1], rows["K-1"][1]]
    result = CaseImporter().run(
        write(tmp_path, "C.csv", cases),
        persons=write(tmp_path, "P.csv", PERSONS_HEADER + "".join(people)),
        skip_invalid=True,
    )
    assert result.committed and (result.created, result.rejected) == (2, 1)
    assert not Case.objects.filter(reference="K-2").exists()
    assert not Person.objects.filter(given_name="TWO").exists()

    def people_of(ref):
        return sorted(
            Case.objects.get(reference=ref).parties.values_list("role", "person__family_name")
        )

    assert people_of("K-1") == [("suspect", "SOK"), ("victim", "CHAN")]
    assert people_of("K-3") == [("victim", "LIM"), ("witness", "MEAS")]
    assert Case.objects.get(reference="K-1").arrests.get().person.family_name == "SOK"


def test_a_clerk_imports_the_same_files_again_with_a_restricted_case(
    tmp_path, geo_world, units, crime_types, pp_clerk
):
    """A juvenile victim restricts a case, which its records clerk then may not open; importing
    the same files again still says "unchanged", and a different case under that reference is
    refused without a word of what the restricted case holds."""
    cases = CASES_HEADER + (
        "R-1,theft,2024-03-01,,12010101,,open,,,\nR-2,assault,2024-04-02,,12010101,,open,,,\n"
    )
    people = PERSONS_HEADER + "R-2,victim,KEO,NA,,F,2012-01-01,,,\n"
    files = write(tmp_path, "C.csv", cases), write(tmp_path, "P.csv", people)
    first = CaseImporter(actor=pp_clerk).run(files[0], persons=files[1])
    assert first.committed and first.created == 2, first.errors
    assert Case.objects.get(reference="R-2").is_restricted
    assert not Case.objects.restrict(pp_clerk, "view").filter(reference="R-2").exists()
    again = CaseImporter(actor=pp_clerk).run(files[0], persons=files[1])
    assert again.committed and (again.created, again.unchanged, again.rejected) == (0, 2, 0)
    assert Case.objects.get(reference="R-2").parties.count() == 1
    other = write(tmp_path, "D.csv", cases.replace("2024-04-02", "2024-04-03"))
    refused = CaseImporter(actor=pp_clerk).run(other, persons=files[1])
    assert [e.reason for e in refused.errors] == [
        "A different, restricted case with this reference is already recorded."
    ]


def test_clean_files_are_checked_as_they_are_written(
    tmp_path, geo_world, units, crime_types, monkeypatch
):
    """Files as a records system exports them (each case's people after it, nothing recorded
    yet) are read once to be checked and written: pass 1 does not run, the import is the same."""

    def pass_1(*args):
        raise AssertionError("the files were read twice")

    monkeypatch.setattr(CaseChecks, "check_persons", pass_1)
    monkeypatch.setattr(CaseChecks, "check_cases", pass_1)
    result = CaseImporter().run(
        write(tmp_path, "C.csv", CASES), persons=write(tmp_path, "P.csv", PERSONS)
    )
    assert result.committed and (result.created, result.rejected) == (4, 0)
    assert [row.values["reference"] for row in result.samples["create"]] == [
        "I-1",
        "I-2",
        "I-3",
        "I-4",
    ]
    assert Case.objects.get(reference="I-1").arrests.get().person.given_name == "DARA"
    assert Case.objects.get(reference="I-3").is_restricted  # the juvenile victim
    assert ChangeEntry.objects.filter(content_type="cases.case").count() == 4


@pytest.mark.parametrize(
    "case, people, error",
    [
        ("I-9,shoplifting,2024-06-01,,17,,open,,,\n", "", ("C.csv", 6, "crime_type")),
        (
            "I-9,theft,2024-06-01,,17,,open,,,\n",
            "I-9,victim,MOK,VEASNA,,X,,,,\n",
            ("P.csv", 5, "sex"),
        ),
        (
            "I-9,theft,2024-06-01,,17,,cleared_by_arrest,,,\n",
            "I-9,suspect,MOK,VEASNA,,M,,,,2022-01-01\n",
            ("P.csv", 5, "arrested_on"),
        ),
    ],
    ids=["a case", "a person", "an arrest long before the report"],
)
def test_a_bad_row_at_the_end_of_clean_looking_files_writes_nothing(
    tmp_path, geo_world, units, crime_types, monkeypatch, case, people, error
):
    """The last case of files that look clean is bad, and batches before it were written: all
    of it is taken back and the bad row reported as ever; with --skip-invalid the others are
    imported."""
    monkeypatch.setattr("santisuk.cases.bulk.write.CASE_BATCH", 2)
    files = write(tmp_path, "C.csv", CASES + case), write(tmp_path, "P.csv", PERSONS + people)
    logged = ChangeEntry.objects.count()
    result = CaseImporter().run(files[0], persons=files[1])
    assert not result.committed
    assert [(e.file, e.line, e.column) for e in result.errors] == [error]
    assert (Case.objects.count(), Person.objects.count()) == (0, 0)
    assert ChangeEntry.objects.count() == logged
    kept = CaseImporter().run(files[0], persons=files[1], skip_invalid=True)
    assert kept.committed and (kept.created, kept.rejected) == (4, 1)
    assert not Case.objects.filter(reference="I-9").exists()
    assert not Person.objects.filter(family_name="MOK").exists()
