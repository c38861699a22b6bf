import csv
import io

import pytest
from django.urls import reverse

from santisuk.audit.models import ChangeEntry
from santisuk.org.models import Officer, Unit
from santisuk.org.services import officer_create


@pytest.fixture
def pp_officer_record(units, pp_officer):
    return officer_create(
        badge_number="PP-100234",
        family_name="SOK",
        given_name="VEASNA",
        name_km="សុខ វាសនា",
        rank="lieutenant",
        unit=units.pp_district,
        user=pp_officer,
    )


def _csv_text(response):
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_siem_reap_officer_cannot_see_a_phnom_penh_officer(
    pp_officer_record, sr_officer, pp_officer, client_for, api_client_for
):
    detail = reverse("org:officer_detail", args=[pp_officer_record.pk])
    listing = reverse("org:officer_list")
    outsider = client_for(sr_officer)
    assert outsider.get(detail).status_code == 404
    assert "VEASNA" not in outsider.get(listing).content.decode()
    assert "VEASNA" not in _csv_text(outsider.get(listing, {"export": "csv"}))
    api = api_client_for(sr_officer)
    assert api.get(f"/api/org/officers/{pp_officer_record.pk}/").status_code == 404
    assert "VEASNA" not in api.get("/api/org/officers/").content.decode()

    insider = client_for(pp_officer)
    assert insider.get(detail).status_code == 200
    assert "VEASNA" in insider.get(listing).content.decode()
    rows = list(csv.reader(io.StringIO(_csv_text(insider.get(listing, {"export": "csv"})))))
    assert rows[0][0] == "Badge number" and rows[1][0] == "PP-100234"
    assert api_client_for(pp_officer).get("/api/org/officers/").json()["count"] == 1


def test_unit_list_filters_and_xlsx_export(units, analyst, geo_world, client_for):
    client = client_for(analyst)

    def codes(params):
        page = client.get(reverse("org:unit_list"), params)
        assert page.status_code == 200
        return {u.code for u in page.context["object_list"]}

    assert codes({"province": geo_world.sr.pk}) == {"SR", "SR-KSR"}
    assert codes({"kind": "district_inspectorate", "q": "chamkar"}) == {"PP-CKM"}
    assert codes({"q": "pp-ckm"}) == {"PP-CKM"}
    assert codes({"parent": units.gcnp.pk}) == {"PP", "SR"}
    xlsx = client.get(reverse("org:unit_list"), {"export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('.xlsx"')


def test_unit_detail_shows_chain_children_officers_and_jurisdiction(
    units, pp_officer_record, pp_chief, client_for
):
    page = client_for(pp_chief).get(reverse("org:unit_detail", args=[units.pp.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "GCNP" in html and "MOI" in html  # the chain of command
    # A provincial chief's scope ends at the province: the ministry is named, not linked.
    assert reverse("org:unit_detail", args=[units.moi.pk]) not in html
    assert reverse("org:unit_detail", args=[units.pp_district.pk]) in html
    assert "Phnom Penh" in html  # jurisdiction
    district = client_for(pp_chief).get(reverse("org:unit_detail", args=[units.pp_district.pk]))
    assert "PP-100234" in district.content.decode()


def test_add_unit_with_the_place_picker_and_move_it(units, geo_world, admin_user, client_for):
    client = client_for(admin_user)
    response = client.post(
        reverse("org:unit_add"),
        {
            "code": "PP-CKM-TB",
            "name_en": "Tonle Basak Commune Police Post",
            "name_km": "ប៉ុស្តិ៍នគរបាលរដ្ឋបាលទន្លេបាសាក់",
            "kind": "commune_post",
            "parent": units.pp_district.pk,
            "jurisdiction_codes": "",
            "add_place": geo_world.pp_commune.code,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    unit = Unit.objects.get(code="PP-CKM-TB")
    assert unit.path == "MOI/GCNP/PP/PP-CKM/PP-CKM-TB/"
    assert unit.province == geo_world.pp
    assert list(unit.jurisdiction.values_list("code", flat=True)) == ["120101"]

    response = client.post(
        reverse("org:unit_edit", args=[unit.pk]),
        {
            "code": "PP-CKM-TB",
            "name_en": "Tonle Basak Commune Police Post",
            "kind": "commune_post",
            "parent": units.pp.pk,
            "jurisdiction_codes": "120101 999999",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "999999" in response.content.decode()
    response = client.post(
        reverse("org:unit_edit", args=[unit.pk]),
        {
            "code": "PP-CKM-TB",
            "name_en": "Tonle Basak Commune Police Post",
            "kind": "commune_post",
            "parent": units.pp.pk,
            "jurisdiction_codes": "120101 1201",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.path == "MOI/GCNP/PP/PP-CKM-TB/"
    assert sorted(unit.jurisdiction.values_list("code", flat=True)) == ["1201", "120101"]


def test_unit_cannot_be_put_under_its_own_subunit(units, admin_user, client_for):
    response = client_for(admin_user).post(
        reverse("org:unit_edit", args=[units.pp.pk]),
        {
            "code": "PP",
            "name_en": "PP",
            "kind": "provincial_commissariat",
            "parent": units.pp_district.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "cannot be placed under itself" in response.content.decode()


def test_officer_transfer_through_the_edit_page(units, pp_officer_record, admin_user, client_for):
    response = client_for(admin_user).post(
        reverse("org:officer_edit", args=[pp_officer_record.pk]),
        {
            "badge_number": "PP-100234",
            "rank": "captain",
            "family_name": "SOK",
            "given_name": "VEASNA",
            "unit": units.sr_district.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    officer = Officer.objects.get(pk=pp_officer_record.pk)
    assert officer.unit == units.sr_district and officer.rank == "captain"
    assert ChangeEntry.objects.filter(event="officer.transferred").count() == 1


def test_officer_form_offers_only_units_in_scope(units, pp_unit_chief, client_for):
    page = client_for(pp_unit_chief).get(reverse("org:officer_add"))
    choices = {u.code for u in page.context["form"].fields["unit"].queryset}
    assert choices == {"PP-CKM"}


def test_api_create_and_move_units(units, geo_world, admin_user, pp_chief, api_client_for):
    api = api_client_for(admin_user)
    response = api.post(
        "/api/org/units/",
        {
            "code": "PP-CKM-TB",
            "name_en": "Tonle Basak post",
            "kind": "commune_post",
            "parent": units.pp_district.pk,
            "jurisdiction": ["120101"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["path"] == "MOI/GCNP/PP/PP-CKM/PP-CKM-TB/" and body["province"] == "12"
    response = api.patch(f"/api/org/units/{body['id']}/", {"parent": units.pp.pk}, format="json")
    assert response.status_code == 200 and response.json()["path"] == "MOI/GCNP/PP/PP-CKM-TB/"
    bad = api.post(
        "/api/org/units/",
        {"code": "A/B", "name_en": "x", "kind": "nonsense", "jurisdiction": ["77"]},
        format="json",
    )
    assert bad.status_code == 400 and {"code", "kind", "jurisdiction"} <= set(bad.json())
    # A Phnom Penh chief cannot attach a unit to Siem Reap: the parent is out of scope.
    refused = api_client_for(pp_chief).post(
        "/api/org/officers/",
        {
            "badge_number": "X1",
            "rank": "sergeant",
            "family_name": "KEO",
            "given_name": "VISAL",
            "unit": units.sr_district.pk,
        },
        format="json",
    )
    assert refused.status_code == 400 and "unit" in refused.json()
