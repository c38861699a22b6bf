"""The national lists loaded for real: counts, defects, idempotence, and look-ups on them."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from santisuk.audit.models import ChangeEntry
from santisuk.geo.choices import Kind, Level
from santisuk.geo.models import Area
from santisuk.geo.selectors import area_by_code, area_search
from santisuk.geo.services import gazetteer_load

pytestmark = pytest.mark.django_db


def current(level):
    return Area.objects.filter(level=level, valid_to__isnull=True).count()


def near(value, expected):
    return abs(value - expected) <= expected * 0.05


def test_the_national_lists_give_the_expected_counts(national_gazetteer):
    assert current(Level.PROVINCE) == 25
    assert near(current(Level.DISTRICT), 210)
    assert near(current(Level.COMMUNE), 1660)
    assert near(current(Level.VILLAGE), 14500)
    assert "provinces: created 25, updated 0, unchanged 0" in national_gazetteer


def test_units_have_zero_padded_codes_names_parents_and_types(national_gazetteer):
    banteay = Area.objects.get(code="01")
    assert (banteay.name_en, banteay.name_km, banteay.kind) == (
        "Banteay Meanchey",
        "បន្ទាយមានជ័យ",
        Kind.PROVINCE,
    )
    assert banteay.province == banteay and banteay.parent is None
    village = Area.objects.select_related("parent__parent__parent").get(code="01020101")
    assert village.name_en == "Ou Thum" and village.kind == Kind.VILLAGE
    assert [village.parent.code, village.parent.parent.code, village.parent.parent.parent.code] == [
        "010201",
        "0102",
        "01",
    ]
    assert village.province.code == "01"
    assert str(village.valid_from) == "2025-01-01"
    # The capital is divided into khans and sangkats; elsewhere the source gives no type.
    assert Area.objects.get(code="12").kind == Kind.CAPITAL
    assert Area.objects.get(code="1201").kind == Kind.KHAN
    assert Area.objects.get(code="120101").kind == Kind.SANGKAT
    assert Area.objects.get(code="0102").kind == ""
    assert not Area.objects.exclude(level=Level.PROVINCE).filter(parent__isnull=True).exists()


def test_the_source_defects_are_reported_and_worked_around(national_gazetteer):
    out = national_gazetteer
    assert "25 village code(s) are used more than once" in out
    # The first row of a duplicated code is kept, the others are listed.
    assert Area.objects.get(code="02140401").name_en == "Mukh Rea Pir"
    assert "02140401 Kaoh Thum / កោះធំ (listed under 021405)" in out
    # Villages reference commune 120913, which the list lacks: a placeholder stands in.
    placeholder = Area.objects.get(code="120913")
    assert (placeholder.name_en, placeholder.kind, placeholder.parent.code) == (
        "120913",
        "",
        "1209",
    )
    assert placeholder.children.count() > 0
    assert "commune 120913, referenced by" in out
    assert "not an NCDD code; not loaded" in out and "0506140-" in out
    assert not Area.objects.filter(code__contains="-").exists()
    assert "do not start with the code of the unit they are listed under" in out
    assert Area.objects.get(code="14110701").parent.code == "141110"
    # Stray double spaces and invisible characters are gone from names.
    assert Area.objects.get(code="01020316").name_en == "Ta Bun"
    assert not Area.objects.filter(name_km__contains="\u200b").exists()


def test_a_second_run_changes_nothing(national_gazetteer):
    entries = ChangeEntry.objects.count()
    updated_at = Area.objects.order_by("-updated_at").values_list("updated_at", flat=True)[0]
    out = StringIO()
    call_command("load_reference", "--quiet", stdout=out)
    text = out.getvalue()
    assert "villages: created 0, updated 0, unchanged" in text
    assert "created 0, updated 0" in text and "created 1" not in text
    # --quiet keeps the summary of each defect but not the row-by-row detail.
    assert "used more than once" in text and "Kaoh Thum" not in text
    assert ChangeEntry.objects.count() == entries
    assert (
        Area.objects.order_by("-updated_at").values_list("updated_at", flat=True)[0] == updated_at
    )


def test_a_changed_name_is_restored_and_a_corrected_type_is_kept(national_gazetteer):
    Area.objects.filter(code="0102").update(name_en="Mongkol Borei", kind=Kind.SROK)
    entries = ChangeEntry.objects.count()
    report = gazetteer_load()
    assert (report.created, report.updated) == (0, 1)
    district = Area.objects.get(code="0102")
    assert district.name_en == "Mangkul Bourei"  # the national list decides the name
    assert district.kind == Kind.SROK  # a type the list cannot give stays as corrected
    assert ChangeEntry.objects.count() == entries + 1
    assert ChangeEntry.objects.order_by("-id").first().action == "update"


def test_the_load_is_logged_once_per_unit(national_gazetteer):
    logged = ChangeEntry.objects.filter(content_type="geo.area", action="create").count()
    assert logged == Area.objects.count()


def test_search_by_latin_name_ignores_case_and_spaces(national_gazetteer):
    results = area_search("SIEM REAP")
    assert results[0].code == "17"
    assert results[0].label == "Siemreap Province"
    assert [a.code for a in area_search("kampot", level="province")] == ["07"]
    village = area_search("ou thum", level="village", within="0102")[0]
    assert village.label == (
        "Village Ou Thum, Commune Banteay Neang, District Mangkul Bourei, Banteay Meanchey Province"
    )


def test_search_by_khmer_name(national_gazetteer):
    results = area_search("ភ្នំពេញ")
    # "រាជធានីភ្នំពេញ": the name after its type word counts as a prefix match.
    assert results[0].code == "12"
    assert all("ភ្នំពេញ" in a.name_km for a in results)
    assert area_search("បន្ទាយនាង", level="commune")[0].code == "010201"


def test_search_by_khmer_digits_and_code_prefix(national_gazetteer):
    assert area_search("១២")[0].code == "12"  # the exact code first
    prefix = area_search("12 01", limit=50)
    assert prefix[0].code == "1201"
    assert all(a.code.startswith("1201") for a in prefix)
    assert len(prefix) == Area.objects.filter(code__startswith="1201").count()
    assert area_by_code("១២០១០១").name_en == "Tonle Basak"
    assert area_by_code("១២០១").code == "1201"
    assert area_by_code("nowhere") is None


def test_name_prefix_comes_before_name_contains(national_gazetteer):
    ranks = [a.rank for a in area_search("kampong", limit=200)]
    assert ranks == sorted(ranks)
    assert area_search("kampong")[0].search_name.startswith("kampong")


def test_api_autocomplete_on_the_national_list(national_gazetteer, gazetteer_user, client):
    client.force_login(gazetteer_user)
    response = client.get("/api/geo/areas/autocomplete/", {"q": "ស្រែ", "level": "commune"})
    assert response.status_code == 200
    data = response.json()
    assert data and all(item["level"] == "commune" for item in data)
    assert set(data[0]) == {"code", "level", "name_en", "name_km", "label"}
    response = client.get("/api/geo/areas/១៧/")
    assert response.status_code == 200 and response.json()["name_km"] == "សៀមរាប"


def test_the_gazetteer_page_shows_the_national_counts(national_gazetteer, gazetteer_user, client):
    client.force_login(gazetteer_user)
    response = client.get(reverse("geo:area_list"))
    assert response.status_code == 200
    counts = {level: count for level, _, count in response.context["level_counts"]}
    assert counts[Level.PROVINCE] == 25
    assert near(counts[Level.VILLAGE], 14500)
    html = response.content.decode()
    assert f"{counts[Level.VILLAGE]:,}" in html
