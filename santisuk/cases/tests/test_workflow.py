import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from santisuk.audit.models import ChangeEntry
from santisuk.cases.choices import CaseStatus, WorkflowState
from santisuk.cases.models import Case
from santisuk.cases.services import (
    arrest_record,
    arrest_remove,
    case_approve,
    case_correct,
    case_party_add,
    case_return,
    case_status_set,
    case_submit,
    case_supplement,
    case_transfer,
    case_update,
)

pytestmark = pytest.mark.django_db


def test_new_case_gets_reference_province_and_draft_state(make_case, geo_world):
    case = make_case()
    assert case.reference == "PP-CKM/2025/00001"
    assert case.province == geo_world.pp
    assert case.workflow_state == WorkflowState.DRAFT
    assert make_case().reference == "PP-CKM/2025/00002"


def test_draft_submitted_returned_resubmitted_approved(make_case, pp_officer, pp_unit_chief):
    case = make_case(actor=pp_officer)
    case = case_submit(case=case, actor=pp_officer)
    with pytest.raises(ValidationError):
        case_update(case=case, narrative="changed while under review", actor=pp_officer)
    case = case_return(case=case, comments="Add the victim's statement", actor=pp_unit_chief)
    assert case.workflow_state == WorkflowState.RETURNED
    assert case.notes.get(kind="returned").text == "Add the victim's statement"
    case = case_update(case=case, narrative="Statement added", actor=pp_officer)
    case = case_submit(case=case, actor=pp_officer)
    case = case_approve(case=case, actor=pp_unit_chief)
    assert case.workflow_state == WorkflowState.APPROVED
    assert case.approved_by == pp_unit_chief
    assert ChangeEntry.objects.filter(event="case.approved").count() == 1


def test_clerk_approves_officer_cannot(make_case, pp_officer, pp_clerk):
    case = case_submit(case=make_case(), actor=pp_officer)
    with pytest.raises(PermissionDenied):
        case_approve(case=case, actor=pp_officer)
    assert case_approve(case=case, actor=pp_clerk).workflow_state == WorkflowState.APPROVED


def test_chief_of_another_province_cannot_approve(make_case, pp_officer, sr_chief):
    case = case_submit(case=make_case(), actor=pp_officer)
    with pytest.raises(PermissionDenied):
        case_approve(case=case, actor=sr_chief)


def test_approved_case_changes_only_by_correction_with_reason(
    make_case, pp_officer, pp_unit_chief, geo_world
):
    case = make_case(workflow_state=WorkflowState.APPROVED)
    with pytest.raises(ValidationError):
        case_update(case=case, narrative="quiet edit", actor=pp_officer)
    with pytest.raises(ValidationError) as err:
        case_correct(case=case, reason="", place=geo_world.pp_commune, actor=pp_officer)
    assert "reason" in err.value.message_dict
    case = case_correct(
        case=case,
        reason="Wrong village on the report form",
        offences=[{"crime_type": "burglary"}],
        actor=pp_officer,
    )
    assert [o.crime_type.code for o in case.offences.all()] == ["burglary"]
    note = case.notes.get(kind="correction")
    assert note.data["changes"]["offences"] == [["theft"], ["burglary"]]
    assert ChangeEntry.objects.filter(event="case.corrected").exists()
    case_supplement(case=case, text="The stolen motorbike was found.", actor=pp_officer)
    assert case.notes.filter(kind="supplement").count() == 1


def test_status_follows_arrests_and_keeps_clearance_date(make_case, make_person, pp_officer):
    case = make_case(workflow_state=WorkflowState.APPROVED)
    suspect = make_person()
    arrest = arrest_record(
        case=case, person=suspect, arrested_on=datetime.date(2025, 3, 5), actor=pp_officer
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLEARED_BY_ARREST
    assert case.cleared_on == datetime.date(2025, 3, 5)
    assert case.parties.get(person=suspect).role == "suspect"
    arrest_record(
        case=case, person=make_person("KIM", "SAN"), arrested_on=datetime.date(2025, 4, 1)
    )
    case.refresh_from_db()
    assert case.cleared_on == datetime.date(2025, 3, 5)
    with pytest.raises(ValidationError):
        case_status_set(case=case, status="closed", reason="no more leads", actor=pp_officer)
    arrest_remove(arrest=arrest, reason="Recorded on the wrong case", actor=pp_officer)
    case.arrests.all().delete()
    case.refresh_from_db()
    from santisuk.cases.services import case_refresh

    case = case_refresh(case)
    assert case.status == CaseStatus.OPEN
    assert case.cleared_on is None


def test_exceptional_clearance_needs_reason(make_case, pp_officer):
    case = make_case()
    with pytest.raises(ValidationError):
        case_status_set(case=case, status="cleared_exceptionally", actor=pp_officer)
    case = case_status_set(
        case=case,
        status="cleared_exceptionally",
        exceptional_reason="offender_dead",
        cleared_on=datetime.date(2025, 3, 10),
        actor=pp_officer,
    )
    assert case.status == CaseStatus.CLEARED_EXCEPTIONALLY
    with pytest.raises(ValidationError):
        case_status_set(case=case, status="cleared_by_arrest", actor=pp_officer)


def test_transfer_moves_ownership_and_is_audited(make_case, pp_chief, units, sr_chief):
    case = make_case()
    with pytest.raises(PermissionDenied):
        case_transfer(
            case=case, to_unit=units.sr_district, reason="Suspect lives there", actor=sr_chief
        )
    case = case_transfer(
        case=case, to_unit=units.sr_district, reason="Suspect lives there", actor=pp_chief
    )
    assert case.owner_unit == units.sr_district
    assert not Case.objects.restrict(pp_chief).filter(pk=case.pk).exists()
    assert Case.objects.restrict(sr_chief).filter(pk=case.pk).exists()
    entry = ChangeEntry.objects.get(event="case.transferred")
    assert entry.after["to_unit"] == "SR-KSR"


def test_juvenile_makes_case_restricted(make_case, make_person):
    case = make_case(reported_on=datetime.date(2025, 3, 1))
    child = make_person("CHAN", "NIKA", birth_date=datetime.date(2012, 1, 1), birth_year=2012)
    case_party_add(case=case, person=child, role="victim")
    case.refresh_from_db()
    assert case.is_restricted
