import pytest
from django.core.exceptions import ValidationError

from santisuk.audit.models import ChangeEntry
from santisuk.org.models import Unit
from santisuk.org.selectors import covering_codes, unit_ancestors, unit_for_place
from santisuk.org.services import (
    officer_create,
    officer_transfer,
    unit_create,
    unit_move,
    unit_update,
)


def test_paths_depth_and_inherited_province(units, geo_world):
    assert units.moi.path == "MOI/"
    assert units.gcnp.path == "MOI/GCNP/"
    assert units.pp.path == "MOI/GCNP/PP/"
    assert units.pp_district.path == "MOI/GCNP/PP/PP-CKM/"
    assert (units.moi.depth, units.pp.depth, units.pp_district.depth) == (0, 2, 3)
    # The district inspectorate was created without a province: it inherits Phnom Penh.
    assert units.pp_district.province == geo_world.pp
    assert units.moi.province is None


def test_unit_code_rules(units):
    with pytest.raises(ValidationError) as err:
        unit_create(code="A/B", name_en="Bad", kind="department", parent=units.gcnp)
    assert "code" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        unit_create(code="PP", name_en="Duplicate", kind="department", parent=units.gcnp)
    assert "code" in err.value.message_dict


def test_move_rewrites_the_whole_subtree(units, geo_world):
    post = unit_create(
        code="PP-CKM-TB", name_en="Tonle Basak post", kind="commune_post", parent=units.pp_district
    )
    unit_move(unit=units.pp_district, new_parent=units.sr)
    moved = Unit.objects.get(pk=units.pp_district.pk)
    post.refresh_from_db()
    assert moved.path == "MOI/GCNP/SR/PP-CKM/"
    assert post.path == "MOI/GCNP/SR/PP-CKM/PP-CKM-TB/"
    assert (moved.depth, post.depth) == (3, 4)
    # The subtree follows its new parent into Siem Reap.
    assert moved.province == geo_world.sr and post.province == geo_world.sr
    assert Unit.objects.filter(path__startswith="MOI/GCNP/PP/").count() == 1
    event = ChangeEntry.objects.get(event="unit.moved")
    assert event.after["from"] == "PP" and event.after["to"] == "SR"


def test_move_under_own_descendant_is_refused(units):
    with pytest.raises(ValidationError) as err:
        unit_move(unit=units.pp, new_parent=units.pp_district)
    assert "parent" in err.value.message_dict
    units.pp.refresh_from_db()
    assert units.pp.path == "MOI/GCNP/PP/"


def test_renaming_a_code_rewrites_paths_below(units):
    unit_update(unit=units.pp, code="PNH")
    units.pp_district.refresh_from_db()
    assert units.pp_district.path == "MOI/GCNP/PNH/PP-CKM/"


def test_unit_update_refuses_unknown_fields(units):
    with pytest.raises(ValidationError) as err:
        unit_update(unit=units.pp, path="X/")
    assert "path" in err.value.message_dict


def test_ancestors_chain(units):
    assert [u.code for u in unit_ancestors(units.pp_district)] == ["MOI", "GCNP", "PP"]
    assert unit_ancestors(units.moi) == []


def test_unit_for_place_picks_the_most_local_active_unit(units, geo_world):
    assert covering_codes("12010101") == ["12010101", "120101", "1201", "12"]
    # The village lies in Chamkar Mon: the district inspectorate answers, not the province.
    assert unit_for_place(geo_world.pp_village) == units.pp_district
    assert unit_for_place(geo_world.pp_district) == units.pp_district
    assert unit_for_place(geo_world.pp) == units.pp
    post = unit_create(
        code="PP-CKM-TB",
        name_en="Tonle Basak post",
        kind="commune_post",
        parent=units.pp_district,
        jurisdiction=[geo_world.pp_commune],
    )
    assert unit_for_place(geo_world.pp_village) == post
    unit_update(unit=post, is_active=False)
    assert unit_for_place(geo_world.pp_village) == units.pp_district
    assert unit_for_place("99") is None


def test_officer_transfer_records_an_event(units):
    officer = officer_create(
        badge_number="pp-0001",
        family_name="Sok",
        given_name="Dara",
        rank="captain",
        unit=units.pp_district,
    )
    assert officer.badge_number == "PP-0001" and officer.family_name == "SOK"
    officer_transfer(officer=officer, unit=units.sr_district)
    officer.refresh_from_db()
    assert officer.unit == units.sr_district
    event = ChangeEntry.objects.get(event="officer.transferred")
    assert event.after == {"from": "PP-CKM", "to": "SR-KSR", "badge_number": "PP-0001"}


def test_a_user_cannot_place_an_officer_outside_their_scope(units, pp_chief):
    with pytest.raises(ValidationError) as err:
        officer_create(
            badge_number="X-1",
            family_name="KEO",
            given_name="VISAL",
            rank="sergeant",
            unit=units.sr_district,
            actor=pp_chief,
        )
    assert "unit" in err.value.message_dict
