"""A change of role, unit or scope applies on the user's very next request."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from santisuk.accounts.models import Role
from santisuk.accounts.services import user_create, user_update_assignment

pytestmark = pytest.mark.django_db


def test_role_change_gains_and_loses_permissions_on_the_next_request(
    pp_officer, admin_user, client_for
):
    officer = client_for(pp_officer)
    admin = client_for(admin_user)
    users = reverse("accounts:user_list")
    assert officer.get(users).status_code == 403

    form = admin.get(reverse("accounts:user_assign", args=[pp_officer.pk]))
    assert form.status_code == 200
    chief = Role.objects.get(code="unit_chief")
    response = admin.post(
        reverse("accounts:user_assign", args=[pp_officer.pk]),
        {"role": chief.pk, "unit": pp_officer.unit_id, "scope": ""},
    )
    assert response.status_code == 302
    assert officer.get(users).status_code == 200  # same session, next request

    user_update_assignment(user=pp_officer, role="officer", actor=admin_user)
    assert officer.get(users).status_code == 403


def test_unit_change_moves_the_scope_on_the_next_request(pp_officer, units, admin_user, client_for):
    officer = client_for(pp_officer)
    pp_page = reverse("org:unit_detail", args=[units.pp_district.pk])
    sr_page = reverse("org:unit_detail", args=[units.sr_district.pk])
    assert officer.get(pp_page).status_code == 200
    assert officer.get(sr_page).status_code == 404

    user_update_assignment(user=pp_officer, unit=units.sr_district, actor=admin_user)
    assert officer.get(pp_page).status_code == 404
    assert officer.get(sr_page).status_code == 200


def test_scope_override(pp_officer, units, admin_user, client_for):
    officer = client_for(pp_officer)
    page = reverse("org:unit_detail", args=[units.pp.pk])
    assert officer.get(page).status_code == 404
    user_update_assignment(user=pp_officer, scope="province", actor=admin_user)
    assert officer.get(page).status_code == 200
    user_update_assignment(user=pp_officer, scope="", actor=admin_user)
    assert officer.get(page).status_code == 404


def test_cached_permissions_are_forgotten(pp_officer, admin_user):
    assert not pp_officer.has_perm("accounts.view_user")
    user_update_assignment(user=pp_officer, role="unit_chief", actor=admin_user)
    assert pp_officer.has_perm("accounts.view_user")


def test_assignment_rules(pp_officer, pp_unit_chief, admin_user, units):
    with pytest.raises(PermissionDenied):
        user_update_assignment(user=pp_officer, role="administrator", actor=pp_unit_chief)
    with pytest.raises(ValidationError) as error:
        user_update_assignment(user=pp_officer, scope="galaxy", actor=admin_user)
    assert "scope" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        user_update_assignment(user=pp_officer, role="emperor", actor=admin_user)
    assert "role" in error.value.message_dict


def test_assignment_page_refuses_outsiders(pp_officer, pp_unit_chief, client_for):
    url = reverse("accounts:user_assign", args=[pp_officer.pk])
    assert client_for(pp_unit_chief).get(url).status_code == 403


def test_user_create_validates_the_password(roles, units):
    with pytest.raises(ValidationError) as error:
        user_create(username="weak", password="password", role="officer", unit=units.pp)
    assert "password" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        user_create(username="short", password="Kp-24", role="officer", unit=units.pp)
    assert "password" in error.value.message_dict
    user = user_create(username="good", password="Kampot-pepper-2024", role="administrator")
    assert user.check_password("Kampot-pepper-2024")
    assert user.is_staff  # administrators use the Django admin for reference tables
