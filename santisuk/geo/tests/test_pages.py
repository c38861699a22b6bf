"""The gazetteer pages and the place picker's endpoint, as the personas see them."""

import pytest
from django.urls import reverse

from santisuk.geo.choices import Level

pytestmark = pytest.mark.django_db


def test_the_gazetteer_page_needs_a_login(client, geo_world):
    response = client.get(reverse("geo:area_list"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_officer_sees_the_counts_per_level_and_searches(client_for, pp_officer, geo_world):
    client = client_for(pp_officer)
    response = client.get(reverse("geo:area_list"))
    assert response.status_code == 200
    counts = {level: count for level, _, count in response.context["level_counts"]}
    assert counts == {Level.PROVINCE: 2, Level.DISTRICT: 2, Level.COMMUNE: 2, Level.VILLAGE: 2}
    html = response.content.decode()
    assert "Villages" in html or "Village" in html
    response = client.get(reverse("geo:area_list"), {"q": "siem reap"})
    codes = [row.record.code for row in response.context["table"].rows]
    assert codes[0] == "17" and "12" not in codes
    response = client.get(reverse("geo:area_list"), {"q": "១២", "level": "district"})
    assert [row.record.code for row in response.context["table"].rows] == ["1201"]


def test_former_units_are_not_listed(client_for, reader, geo_world):
    import datetime

    geo_world.sr_village.valid_to = datetime.date(2025, 6, 30)
    geo_world.sr_village.save()
    response = client_for(reader).get(reverse("geo:area_list"), {"level": "village"})
    assert [row.record.code for row in response.context["table"].rows] == ["12010101"]


def test_the_list_exports_csv_and_xlsx(client_for, reader, geo_world):
    client = client_for(reader)
    response = client.get(reverse("geo:area_list"), {"export": "csv", "q": "ស្លក្រាម"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("NCDD code,Level,Type")
    assert any(line.startswith("171001,") and "ស្លក្រាម" in line for line in lines)
    response = client.get(reverse("geo:area_list"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_detail_page_shows_the_parent_chain_and_the_units_below(client_for, reader, geo_world):
    response = client_for(reader).get(reverse("geo:area_detail", args=[geo_world.pp_commune.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["label"] == "Sangkat Tonle Basak, Khan Chamkar Mon, Phnom Penh Capital"
    assert [a.code for a in response.context["ancestors"]] == ["12", "1201"]
    assert [a.code for a in response.context["children"]] == ["12010101"]
    assert reverse("geo:area_detail", args=[geo_world.pp_village.pk]) in html


def test_the_detail_page_in_khmer(client_for, reader, geo_world):
    client = client_for(reader)
    client.cookies["django_language"] = "km"
    response = client.get(reverse("geo:area_detail", args=[geo_world.pp_village.pk]))
    assert response.context["label"] == "ភូមិ ១, សង្កាត់ទន្លេបាសាក់, ខណ្ឌចំការមន, រាជធានីភ្នំពេញ"


def test_the_autocomplete_needs_a_login(client, geo_world):
    response = client.get(reverse("geo:area_autocomplete"), {"q": "siem"})
    assert response.status_code == 302


def test_the_autocomplete_returns_options(client_for, reader, geo_world):
    client = client_for(reader)
    response = client.get(reverse("geo:area_autocomplete"), {"q": "sla", "level": "commune"})
    html = response.content.decode()
    assert 'data-code="171001"' in html and "17100101" not in html
    assert "Sangkat Sla Kram, Krong Siem Reap, Siem Reap Province" in html
    # Typed into a picker: the options choose for that picker and the earlier choice is cleared.
    response = client.get(
        reverse("geo:area_autocomplete"),
        {"field": "place", "widget_id": "id_place", "place": "ទន្លេ"},
    )
    html = response.content.decode()
    assert 'data-code="120101"' in html
    assert "pick=120101" in html and 'hx-target="#id_place_picker"' in html
    assert 'id="id_place_chosen" hx-swap-oob="true"' in html
    response = client.get(reverse("geo:area_autocomplete"), {"q": "zzzz"})
    assert "No place matches." in response.content.decode()


def test_picking_an_option_returns_the_picker_with_the_code(client_for, reader, geo_world):
    response = client_for(reader).get(
        reverse("geo:area_autocomplete"),
        {"field": "place", "widget_id": "id_place", "pick": "1710"},
    )
    html = response.content.decode()
    assert 'name="place_code" value="1710"' in html
    assert 'value="1710 Krong Siem Reap, Siem Reap Province"' in html
    assert 'id="id_place_picker"' in html
