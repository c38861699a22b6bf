import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from santisuk.cases.choices import WorkflowState
from santisuk.cases.models import Case
from santisuk.cases.services import arrest_record, case_party_add

pytestmark = pytest.mark.django_db


def _export(client, **params):
    response = client.get(reverse("cases:case_list"), {**params, "export": "csv"})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.fixture
def rape_case(make_case, make_person, pp_officer):
    case = make_case(
        reference="PP-R-1",
        offences=[{"crime_type": "rape"}],
        investigators=[pp_officer],
        workflow_state=WorkflowState.APPROVED,
    )
    case_party_add(case=case, person=make_person("VICTIM", "HIDDEN"), role="victim")
    return case


def test_restricted_case_only_for_named_investigators_and_chiefs(
    rape_case, client_for, pp_officer, pp_chief, pp_unit_chief, roles, units
):
    from santisuk.accounts.services import user_create

    colleague = user_create(
        username="pp.colleague",
        password="x-Strong-Pass-123",
        role="officer",
        unit=units.pp_district,
    )
    url = reverse("cases:case_detail", args=[rape_case.pk])
    assert client_for(pp_officer).get(url).status_code == 200
    assert client_for(pp_chief).get(url).status_code == 200
    assert client_for(pp_unit_chief).get(url).status_code == 200
    other = client_for(colleague)
    assert other.get(url).status_code == 404
    assert "PP-R-1" not in other.get(reverse("cases:case_list")).content.decode()
    assert "PP-R-1" not in _export(other)


def test_victims_never_named_in_exports(make_case, make_person, rape_case, client_for, pp_chief):
    case = make_case(reference="PP-T-1")
    case_party_add(case=case, person=make_person("VICTIMNAME", "OPEN"), role="victim")
    case_party_add(case=case, person=make_person("SUSPECTNAME", "OPEN"), role="suspect")
    text = _export(client_for(pp_chief))
    assert "PP-T-1" in text and "PP-R-1" in text
    assert "SUSPECTNAME" in text
    assert "VICTIMNAME" not in text and "HIDDEN" not in text


def test_create_submit_return_approve_through_the_pages(
    crime_types, client_for, pp_officer, pp_unit_chief, units
):
    from santisuk.cases.models import CrimeType

    officer = client_for(pp_officer)
    theft = CrimeType.objects.get(code="theft")
    response = officer.post(
        reverse("cases:case_add"),
        {
            "owner_unit": units.pp_district.pk,
            "reported_on": "2025-03-01",
            "place": "12010101",
            "crime_types": [theft.pk],
            "narrative": "Phone snatched",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    officer.post(reverse("cases:case_submit", args=[case.pk]))
    case.refresh_from_db()
    assert case.workflow_state == "submitted"
    # An officer has no approve button and the action is refused.
    officer.post(reverse("cases:case_approve", args=[case.pk]))
    case.refresh_from_db()
    assert case.workflow_state == "submitted"
    chief = client_for(pp_unit_chief)
    page = chief.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Approve" in page
    chief.post(reverse("cases:case_return", args=[case.pk]), {"comments": "Add the time"})
    case.refresh_from_db()
    assert case.workflow_state == "returned"
    officer.post(reverse("cases:case_submit", args=[case.pk]))
    chief.post(reverse("cases:case_approve", args=[case.pk]))
    case.refresh_from_db()
    assert case.workflow_state == "approved"
    # An approved case is no longer edited directly.
    assert officer.get(reverse("cases:case_edit", args=[case.pk])).status_code == 404


def test_new_case_form_starts_from_the_users_unit_and_labels_its_lists(
    crime_types, client_for, pp_officer, units
):
    import re

    pp_officer.first_name, pp_officer.last_name = "Narith", "Nov"
    pp_officer.save()
    html = client_for(pp_officer).get(reverse("cases:case_add")).content.decode()
    selected = re.search(r'<option value="(\d+)" selected>', html)
    assert selected and int(selected.group(1)) == units.pp_district.pk
    # The list of offences is named above its boxes, not after them.
    offences = html.index('id="id_crime_types"')
    assert "Offences" in html[offences - 300 : offences]
    assert "Narith Nov (pp.officer)" in html  # investigators by name


def test_form_names_bad_place(crime_types, client_for, pp_officer, units):
    from santisuk.cases.models import CrimeType

    response = client_for(pp_officer).post(
        reverse("cases:case_add"),
        {
            "owner_unit": units.pp_district.pk,
            "reported_on": "2025-03-01",
            "place": "99999999",
            "crime_types": [CrimeType.objects.get(code="theft").pk],
        },
    )
    assert response.status_code == 200
    assert "99999999" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize("keys", [1000, 1])
def test_search_by_reference_or_narrative(make_case, client_for, pp_chief, keys, monkeypatch):
    # Few matches are read as keys first, many are filtered in place: the same cases either way.
    monkeypatch.setattr("santisuk.cases.filtersets.SEARCH_KEYS", keys)
    make_case(reference="PP-Q-100")
    make_case(reference="PP-Q-200", narrative="Motorbike taken outside the market at PP-Q-100.")
    make_case(reference="PP-Q-300")
    client = client_for(pp_chief)
    page = client.get(reverse("cases:case_list"), {"q": "q-100"}).content.decode()
    assert "PP-Q-100" in page and "PP-Q-200" in page and "PP-Q-300" not in page
    page = client.get(reverse("cases:case_list"), {"q": "pp-q-3"}).content.decode()
    assert "PP-Q-300" in page and "PP-Q-100" not in page


def test_search_by_person_and_place(make_case, make_person, client_for, pp_chief, geo_world):
    case = make_case(reference="PP-S-1")
    case_party_add(case=case, person=make_person("PHAL", "SOKHA"), role="suspect")
    make_case(reference="PP-S-2", place=geo_world.pp_commune)
    client = client_for(pp_chief)
    page = client.get(reverse("cases:case_list"), {"person": "sokha phal"}).content.decode()
    assert "PP-S-1" in page and "PP-S-2" not in page
    # A word must start a word of the name; every word must match.
    for miss in ("okha", "sokha chan"):
        page = client.get(reverse("cases:case_list"), {"person": miss}).content.decode()
        assert "PP-S-1" not in page
    witness = make_person(
        "CHEA",
        "DAVY",
        name_km="ជា ដាវី",
        identifiers=[{"kind": "national_id", "number": "010203040"}],
    )
    case_party_add(case=case, person=witness, role="witness")
    for query in ("0102-03040", "ជាដាវី", "ដាវី"):
        page = client.get(reverse("cases:case_list"), {"person": query}).content.decode()
        assert "PP-S-1" in page and "PP-S-2" not in page, query
    page = client.get(reverse("cases:case_list"), {"person": "010203041"}).content.decode()
    assert "PP-S-1" not in page
    page = client.get(reverse("cases:case_list"), {"place": "12010101"}).content.decode()
    assert "PP-S-1" in page and "PP-S-2" not in page


def test_worklist_and_repeat_offenders(make_case, make_person, client_for, pp_officer):
    person = make_person("REPEAT", "ONE")
    for n, day in enumerate((datetime.date(2025, 3, 2), datetime.date(2025, 5, 2))):
        case = make_case(reference=f"PP-W-{n}", investigators=[pp_officer])
        arrest_record(case=case, person=person, arrested_on=day)
    make_case(reference="PP-DRAFT-1", actor=pp_officer)
    client = client_for(pp_officer)
    page = client.get(reverse("cases:worklist")).content.decode()
    assert "PP-W-0" in page
    days = (timezone.localdate() - datetime.date(2025, 3, 1)).days
    assert f"{days} days" in page  # since the case was reported
    drafts = page.index("My drafts, not yet submitted")
    assert page.index("PP-DRAFT-1") > drafts
    page = client.get(
        reverse("cases:repeat_offenders"),
        {"arrests": 2, "since": "2025-01-01", "until": "2025-12-31"},
    ).content.decode()
    assert "REPEAT" in page
    page = client.get(
        reverse("cases:repeat_offenders"),
        {"arrests": 3, "since": "2025-01-01", "until": "2025-12-31"},
    ).content.decode()
    assert "REPEAT" not in page


def test_import_page_previews_then_imports(crime_types, client_for, pp_clerk, units):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(pp_clerk)
    body = (
        b"reference,crime_type,reported_on,occurred_on,location_code,unit_code,status,"
        b"cleared_on,exceptional_reason,summary\n"
        b"UI-1,theft,2024-03-01,,12010101,,open,,,\n"
    )
    url = reverse("cases:case_import")
    preview = client.post(url, {"file": SimpleUploadedFile("c.csv", body)})
    assert preview.status_code == 200
    assert not Case.objects.exists()
    token = preview.context["token"]
    client.post(url, {"step": "commit", "token": token})
    assert Case.objects.get().reference == "UI-1"


def test_import_page_takes_the_persons_file_and_the_draft_option(
    client_for, pp_clerk, units, crime_types
):
    """The same import as ``santisuk import cases C.csv --persons P.csv --as-draft``: a preview
    naming each bad row's file, then the cases written as drafts with their people."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from santisuk.cases.tests.test_import import CASES_HEADER, PERSONS_HEADER

    client = client_for(pp_clerk)
    url = reverse("cases:case_import")
    page = client.get(url)
    assert b'name="persons"' in page.content and b'name="as_draft"' in page.content

    def check(persons: str):
        files = {
            "file": SimpleUploadedFile("cases.csv", cases.encode()),
            "persons": SimpleUploadedFile("people.csv", persons.encode()),
        }
        return client.post(url, {**files, "as_draft": "on"})

    cases = CASES_HEADER + "UI-1,theft,2024-03-01,,12010101,,cleared_by_arrest,,,\n"
    bad = PERSONS_HEADER + "UI-1,suspect,SOK,DARA,,X,1990,,,2024-03-02\n"
    preview = check(bad)
    assert preview.status_code == 200
    assert ("people.csv", 2, "sex") in {
        (e.file, e.line, e.column) for e in preview.context["shown_errors"]
    }
    assert b"people.csv" in preview.content and not Case.objects.exists()
    # The rejected rows of both files, each with its reason, in one download.
    download = client.get(url, {"rejects": preview.context["token"]})
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        assert sorted(archive.namelist()) == ["cases-rejects-persons.csv", "cases-rejects.csv"]
        assert "M, F" in archive.read("cases-rejects-persons.csv").decode("utf-8-sig")
        assert "UI-1" in archive.read("cases-rejects.csv").decode("utf-8-sig")
    good = PERSONS_HEADER + "UI-1,suspect,SOK,DARA,,M,1990,,,2024-03-02\n"
    preview = check(good)
    assert preview.context["result"].created == 1 and not preview.context["shown_errors"]
    client.post(url, {"step": "commit", "token": preview.context["token"]})
    case = Case.objects.get(reference="UI-1")
    assert case.workflow_state == "draft" and case.status == "cleared_by_arrest"
    assert case.arrests.get().person.given_name == "DARA"


def test_api_lists_and_creates(crime_types, api_client_for, pp_officer, units):
    client = api_client_for(pp_officer)
    response = client.post(
        "/api/cases/cases/",
        {
            "owner_unit": units.pp_district.pk,
            "reported_on": "2025-03-01",
            "place": "12010101",
            "offences": [{"crime_type": "theft", "attempted": False}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["reference"].startswith("PP-CKM/2025/")
    bad = client.post(
        "/api/cases/cases/",
        {
            "owner_unit": units.pp_district.pk,
            "reported_on": "2025-03-01",
            "place": "12",
            "offences": [],
        },
        format="json",
    )
    assert bad.status_code == 400
    assert "offences" in bad.json() or "offences" in str(bad.json())
    types = client.get("/api/cases/crime-types/", {"q": "theft"}).json()
    assert any(t["code"] == "theft" for t in types["results"])


def test_a_persons_page_lists_their_cases_as_far_as_the_user_sees_them(
    make_case, make_person, client_for, pp_officer, sr_officer, units, geo_world
):
    person = make_person("TWICE", "ARRESTED")
    seen = make_case(reference="PP-PER-1")
    case_party_add(case=seen, person=person, role="suspect")
    arrest_record(case=seen, person=person, arrested_on=datetime.date(2025, 3, 2))
    hidden = make_case(reference="PP-PER-2", offences=[{"crime_type": "rape"}])
    case_party_add(case=hidden, person=person, role="suspect")
    other = make_case(
        reference="SR-PER-1", owner_unit=units.sr_district, place=geo_world.sr_village
    )
    case_party_add(case=other, person=person, role="witness")
    url = reverse("people:person_detail", args=[person.pk])
    page = client_for(pp_officer).get(url, {"reason": "checking a suspect"}).content.decode()
    section = page[page.index("<h2>Cases") :]
    assert "PP-PER-1" in section and "1 role, 1 arrest" in section
    assert "Suspect" in section and "2 Mar 2025" in section
    assert "PP-PER-2" not in page  # restricted: the officer is not named on it
    assert "SR-PER-1" not in page  # another province
    page = client_for(sr_officer).get(url, {"reason": "checking a witness"}).content.decode()
    assert "SR-PER-1" in page and "PP-PER-1" not in page
