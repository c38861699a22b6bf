"""The case page's later actions: fire and crash particulars, what followed an arrest, and the
investigators named on a case — through the pages, as a records officer uses them."""

import datetime
import html

import pytest
from django.urls import reverse

from santisuk.audit.models import ChangeEntry
from santisuk.cases.choices import CaseStatus, WorkflowState
from santisuk.cases.models import Arrest, Case, FireDetails, TrafficCrashDetails
from santisuk.cases.services import (
    arrest_outcome_set,
    arrest_record,
    case_investigator_assign,
    case_submit,
    fire_details_set,
    investigator_candidates,
)

pytestmark = pytest.mark.django_db


def _page(client, case) -> str:
    response = client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _post(client, verb, case, data):
    return client.post(reverse(f"cases:case_{verb}", args=[case.pk]), data)


def _text(response) -> str:
    return html.unescape(response.content.decode())


FIRE = {
    "cause": "electrical",
    "losses": "Two shophouses",
    "loss_value": "12000",
    "saved_value": "3000",
    "currency": "USD",
    "people_rescued": "4",
    "deaths": "0",
    "injuries": "1",
}

CRASH = {
    "severity": "serious",
    "deaths_30_days": "0",
    "serious_injuries": "2",
    "minor_injuries": "1",
    "motorcyclists": "2",
    "car_occupants": "1",
    "truck_occupants": "0",
    "cyclists": "0",
    "pedestrians": "0",
    "helmet_use": "none",
    "seatbelt_use": "all",
    "cause": "speeding",
}


# --- fire and traffic crash particulars -------------------------------------------------------


def test_officer_records_fire_details_on_a_draft_fire_case(make_case, client_for, pp_officer):
    case = make_case(offences=[{"crime_type": "fire"}])
    client = client_for(pp_officer)
    assert "Record the fire details" in _page(client, case)
    response = _post(client, "fire", case, FIRE)
    assert response.status_code == 302
    fire = FireDetails.objects.get(case=case)
    assert (fire.cause, fire.people_rescued, fire.injuries) == ("electrical", 4, 1)
    page = _page(client, case)
    assert "Electrical fault" in page and "Edit the fire details" in page
    # A draft is edited freely: no correction in its history.
    assert not case.notes.filter(kind="correction").exists()


def test_no_fire_or_crash_screen_on_a_case_without_such_offence(make_case, client_for, pp_officer):
    case = make_case(offences=[{"crime_type": "theft"}])
    client = client_for(pp_officer)
    page = _page(client, case)
    assert "fire details" not in page and "crash details" not in page
    response = _post(client, "fire", case, FIRE)
    assert response.status_code == 200
    assert "fire or arson offence" in _text(response)
    assert not FireDetails.objects.exists()


def test_fire_details_on_an_approved_case_are_a_correction_with_a_reason(
    make_case, client_for, pp_officer
):
    case = make_case(offences=[{"crime_type": "fire"}], workflow_state=WorkflowState.APPROVED)
    fire_details_set(case=case, **{**FIRE, "people_rescued": 1})
    client = client_for(pp_officer)
    assert "Reason for the correction" in _page(client, case)
    response = _post(client, "fire", case, FIRE)
    assert response.status_code == 200
    text = _text(response)
    assert "Reason for the correction: This field is required." in text
    # The form comes back open with what the user typed.
    assert 'value="Two shophouses"' in text or "Two shophouses</textarea>" in text
    assert FireDetails.objects.get(case=case).people_rescued == 1

    response = _post(client, "fire", case, {**FIRE, "reason": "Fire brigade report received"})
    assert response.status_code == 302
    assert FireDetails.objects.get(case=case).people_rescued == 4
    note = case.notes.get(kind="correction")
    assert note.text == "Fire brigade report received"
    assert note.data["changes"]["fire"]["people_rescued"] == ["1", "4"]
    assert ChangeEntry.objects.filter(event="case.corrected").count() == 1
    assert "Fire brigade report received" in _page(client, case)

    # The same values again change nothing and say so.
    response = _post(client, "fire", case, {**FIRE, "reason": "Fire brigade report received"})
    assert "Nothing changes" in _text(response)


def test_submitted_case_waits_for_its_review(make_case, client_for, pp_officer):
    case = make_case(offences=[{"crime_type": "traffic_crash"}])
    case_submit(case=case, actor=pp_officer)
    client = client_for(pp_officer)
    assert "crash details" not in _page(client, case)
    response = _post(client, "crash", case, CRASH)
    assert "awaits its review" in _text(response)
    assert not TrafficCrashDetails.objects.exists()


def test_crash_details_error_names_the_field_and_the_rule(make_case, client_for, pp_officer):
    case = make_case(offences=[{"crime_type": "traffic_crash"}])
    client = client_for(pp_officer)
    assert "Record the crash details" in _page(client, case)
    response = _post(client, "crash", case, {**CRASH, "severity": "fatal"})
    assert response.status_code == 200
    assert "Deaths within 30 days: A fatal crash has at least one death" in _text(response)
    response = _post(client, "crash", case, {**CRASH, "serious_injuries": "-3"})
    assert response.status_code == 200
    assert "Serious injuries: Ensure this value is greater than or equal to 0." in _text(response)
    assert not TrafficCrashDetails.objects.exists()
    response = _post(client, "crash", case, {**CRASH, "severity": "fatal", "deaths_30_days": "1"})
    assert response.status_code == 302
    assert TrafficCrashDetails.objects.get(case=case).severity == "fatal"
    assert "Fatal" in _page(client, case)


def test_analyst_sees_no_edit_and_cannot_post(make_case, client_for, analyst):
    case = make_case(offences=[{"crime_type": "fire"}])
    client = client_for(analyst)
    assert "Record the fire details" not in _page(client, case)
    _post(client, "fire", case, FIRE)
    assert not FireDetails.objects.exists()


# --- what followed an arrest -----------------------------------------------------------------


@pytest.fixture
def arrested(make_case, make_person):
    def make(**kwargs):
        case = make_case(**kwargs)
        arrest = arrest_record(
            case=case, person=make_person("CHEA", "VIBOL"), arrested_on=datetime.date(2025, 3, 2)
        )
        return case, arrest

    return make


def test_officer_records_that_the_suspect_was_sent_to_court(arrested, client_for, pp_officer):
    case, arrest = arrested()
    client = client_for(pp_officer)
    assert "Record what followed an arrest" in _page(client, case)
    response = _post(
        client,
        "outcome",
        case,
        {
            "arrest": arrest.pk,
            "outcome": "sent_to_court",
            "outcome_on": "2025-03-04",
            "note": "Phnom Penh Municipal Court, file 112",
        },
    )
    assert response.status_code == 302
    arrest.refresh_from_db()
    assert (arrest.outcome, arrest.outcome_on) == ("sent_to_court", datetime.date(2025, 3, 4))
    page = _page(client, case)
    assert "Sent to court (4 Mar 2025)" in page
    assert "Phnom Penh Municipal Court, file 112" in page
    assert ChangeEntry.objects.filter(event="case.arrest_outcome_set").exists()


def test_released_suspect_still_clears_the_case(arrested, pp_officer):
    case, arrest = arrested()
    arrest_outcome_set(
        arrest=arrest,
        outcome="released",
        outcome_on=datetime.date(2025, 3, 3),
        note="Released on bail",
        actor=pp_officer,
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLEARED_BY_ARREST
    assert case.cleared_on == datetime.date(2025, 3, 2)


def test_outcome_errors_name_the_field(arrested, client_for, pp_officer):
    case, arrest = arrested()
    client = client_for(pp_officer)
    base = {"arrest": arrest.pk, "outcome": "released", "note": "Released on bail"}
    response = _post(client, "outcome", case, base)
    assert response.status_code == 200
    assert "On: Give the day on which this followed." in _text(response)
    response = _post(client, "outcome", case, {**base, "outcome_on": "2025-03-01"})
    assert "On: What followed the arrest is on or after the arrest date (2025-03-02)." in _text(
        response
    )
    response = _post(client, "outcome", case, {**base, "outcome_on": "2025-13-45"})
    assert response.status_code == 200
    assert "On: Enter a valid date." in _text(response)
    response = _post(client, "outcome", case, {**base, "outcome_on": "2025-03-03", "note": ""})
    assert "Note: This field is required." in _text(response)
    response = _post(client, "outcome", case, {**base, "outcome_on": "2025-03-03", "arrest": 999})
    assert "Arrest: Select a valid choice." in _text(response)
    arrest.refresh_from_db()
    assert arrest.outcome == ""


def test_outcome_on_an_approved_case_is_a_correction(arrested, client_for, pp_officer):
    case, arrest = arrested(workflow_state=WorkflowState.APPROVED)
    client = client_for(pp_officer)
    data = {
        "arrest": arrest.pk,
        "outcome": "transferred",
        "outcome_on": "2025-03-05",
        "note": "Handed to Kandal provincial police",
    }
    response = _post(client, "outcome", case, data)
    assert "Reason for the correction: This field is required." in _text(response)
    response = _post(client, "outcome", case, {**data, "reason": "Transfer order received"})
    assert response.status_code == 302
    arrest.refresh_from_db()
    assert arrest.outcome == "transferred"
    note = case.notes.get(kind="correction")
    assert note.text.startswith("Transfer order received")
    assert note.data["changes"]["outcome"] == ["", "transferred"]
    assert note.data["note"] == "Handed to Kandal provincial police"
    case.refresh_from_db()
    assert case.status == CaseStatus.CLEARED_BY_ARREST


def test_analyst_is_not_offered_the_outcome_action(arrested, client_for, analyst):
    case, arrest = arrested()
    client = client_for(analyst)
    assert "Record what followed an arrest" not in _page(client, case)
    _post(
        client,
        "outcome",
        case,
        {"arrest": arrest.pk, "outcome": "released", "outcome_on": "2025-03-03", "note": "x" * 9},
    )
    assert Arrest.objects.get(pk=arrest.pk).outcome == ""


def test_outcome_of_another_province_case_is_out_of_reach(arrested, client_for, sr_officer):
    case, arrest = arrested()
    response = _post(
        client_for(sr_officer),
        "outcome",
        case,
        {"arrest": arrest.pk, "outcome": "released", "outcome_on": "2025-03-03", "note": "x" * 9},
    )
    assert response.status_code == 404
    assert Arrest.objects.get(pk=arrest.pk).outcome == ""


# --- investigators ---------------------------------------------------------------------------


@pytest.fixture
def colleague(roles, units):
    from santisuk.accounts.services import user_create

    return user_create(
        username="pp.colleague",
        password="x-Strong-Pass-123",
        role="officer",
        unit=units.pp_district,
        first_name="Sophea",
        last_name="Kong",
    )


@pytest.fixture
def restricted_case(make_case, pp_officer):
    return make_case(reference="PP-R-9", offences=[{"crime_type": "rape"}], investigators=[])


def test_chief_assigns_and_removes_an_investigator_of_a_restricted_case(
    restricted_case, client_for, pp_unit_chief, colleague
):
    case = restricted_case
    url = reverse("cases:case_detail", args=[case.pk])
    seen_by_colleague = client_for(colleague)
    assert seen_by_colleague.get(url).status_code == 404

    chief = client_for(pp_unit_chief)
    page = _page(chief, case)
    assert "Assign an investigator" in page and "Sophea Kong (pp.colleague)" in page
    response = _post(
        chief, "assign", case, {"investigator": colleague.pk, "note": "Speaks with the victim"}
    )
    assert response.status_code == 302
    assert seen_by_colleague.get(url).status_code == 200
    assert "PP-R-9" in seen_by_colleague.get(reverse("cases:worklist")).content.decode()
    page = _page(chief, case)
    assert "Investigator assigned: Sophea Kong. Speaks with the victim" in page
    assert ChangeEntry.objects.filter(event="case.investigator_assigned").exists()

    response = _post(
        chief, "unassign", case, {"investigator": colleague.pk, "note": "Moved to traffic duty"}
    )
    assert response.status_code == 302
    assert seen_by_colleague.get(url).status_code == 404
    assert "Investigator removed: Sophea Kong. Moved to traffic duty" in _page(chief, case)
    assert ChangeEntry.objects.filter(event="case.investigator_removed").exists()
    # The change log keeps the links themselves, before and after, as for every write.
    links = [
        (e.before["investigators"], e.after["investigators"])
        for e in ChangeEntry.objects.filter(
            object_id=str(case.pk), after__has_key="investigators"
        ).order_by("pk")
    ]
    assert links[-2:] == [([], [colleague.pk]), ([colleague.pk], [])]


def test_ordinary_officer_cannot_assign(make_case, client_for, pp_officer, colleague):
    case = make_case(investigators=[pp_officer])
    client = client_for(pp_officer)
    assert "Assign an investigator" not in _page(client, case)
    response = _post(client, "assign", case, {"investigator": colleague.pk, "note": "Help me out"})
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert "You may not change the investigators of this case." in _text(follow)
    assert list(case.investigators.all()) == [pp_officer]
    response = _post(client, "unassign", case, {"investigator": pp_officer.pk, "note": "Leaving"})
    assert list(case.investigators.all()) == [pp_officer]


def test_chief_of_another_province_cannot_reach_the_case(
    make_case, client_for, sr_chief, colleague
):
    case = make_case()
    response = _post(
        client_for(sr_chief), "assign", case, {"investigator": colleague.pk, "note": "Help out"}
    )
    assert response.status_code == 404
    assert not case.investigators.exists()


def test_only_people_within_the_case_scope_can_be_chosen(
    make_case, client_for, pp_clerk, sr_officer, colleague, analyst
):
    case = make_case()
    client = client_for(pp_clerk)
    page = _page(client, case)
    assert "pp.colleague" in page
    assert "sr.officer" not in page and "national.analyst" not in page
    response = _post(client, "assign", case, {"investigator": sr_officer.pk, "note": "Needed"})
    assert response.status_code == 200
    assert "Investigator: Select a valid choice." in _text(response)
    assert not case.investigators.exists()
    response = _post(client, "assign", case, {"investigator": colleague.pk, "note": "ok"})
    assert "Note: Give a reason of at least 5 characters." in _text(response)
    assert not case.investigators.exists()


def test_every_candidate_can_open_the_restricted_case_once_named(
    restricted_case, client_for, pp_chief, pp_officer, pp_unit_chief, pp_clerk, colleague, units
):
    from santisuk.accounts.services import user_create

    # An officer of the province's headquarters sees only its own unit's records: naming them
    # on a district case would open nothing, so they are not offered.
    hq_officer = user_create(
        username="pp.hq", password="x-Strong-Pass-123", role="officer", unit=units.pp
    )
    candidates = set(investigator_candidates(case=restricted_case, actor=pp_chief))
    assert {pp_officer, colleague, pp_unit_chief, pp_clerk} <= candidates
    assert hq_officer not in candidates
    for user in candidates:
        case_investigator_assign(
            case=restricted_case, investigator=user, note="Joint team", actor=pp_chief
        )
        response = client_for(user).get(reverse("cases:case_detail", args=[restricted_case.pk]))
        assert response.status_code == 200, user.username


def test_assigning_twice_or_removing_a_stranger_is_refused(
    make_case, pp_unit_chief, colleague, pp_officer
):
    from django.core.exceptions import ValidationError

    from santisuk.cases.services import case_investigator_unassign

    case = make_case(investigators=[colleague])
    with pytest.raises(ValidationError) as err:
        case_investigator_assign(
            case=case, investigator=colleague, note="Again please", actor=pp_unit_chief
        )
    assert "investigator" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        case_investigator_unassign(
            case=case, investigator=pp_officer, note="Not on it", actor=pp_unit_chief
        )
    assert "not an investigator" in err.value.message_dict["investigator"][0]
    assert Case.objects.get(pk=case.pk).investigators.count() == 1


def test_earlier_actions_also_come_back_with_their_errors(make_case, client_for, pp_officer):
    case = make_case(workflow_state=WorkflowState.APPROVED)
    client = client_for(pp_officer)
    response = _post(client, "status", case, {"status": "closed"})
    assert response.status_code == 200
    assert "Give a reason of at least 5 characters." in _text(response)
    response = _post(client, "party", case, {"person": "4242", "role": "witness"})
    assert response.status_code == 200
    assert "No person with record number 4242." in _text(response)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN and not case.parties.exists()


def test_editing_a_draft_does_not_change_its_investigators(
    make_case, client_for, pp_officer, colleague
):
    case = make_case(investigators=[pp_officer])
    client = client_for(pp_officer)
    page = client.get(reverse("cases:case_edit", args=[case.pk])).content.decode()
    assert 'name="investigators"' not in page
    theft = case.offences.get().crime_type
    response = client.post(
        reverse("cases:case_edit", args=[case.pk]),
        {
            "reported_on": "2025-03-01",
            "place": "12010101",
            "crime_types": [theft.pk],
            "narrative": "Phone snatched near the market",
            "investigators": [colleague.pk],
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.narrative == "Phone snatched near the market"
    assert list(case.investigators.all()) == [pp_officer]
