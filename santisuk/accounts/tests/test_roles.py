"""The seven roles, their default permissions, and administrators' edits surviving a sync."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from santisuk.accounts.models import Role
from santisuk.accounts.roles import ROLES
from santisuk.accounts.services import roles_sync

pytestmark = pytest.mark.django_db


def perm(key):
    app, codename = key.split(".")
    return Permission.objects.get(content_type__app_label=app, codename=codename)


def test_the_seven_roles(roles):
    assert Role.objects.count() == 7
    flags = {
        r.code: (r.default_scope, r.mfa_required, r.can_unlock_accounts) for r in Role.objects.all()
    }
    assert flags == {
        "officer": ("own_unit", False, False),
        "unit_chief": ("subtree", False, True),
        "provincial_chief": ("province", True, True),
        "records_clerk": ("subtree", False, False),
        "national_analyst": ("national", False, False),
        "auditor": ("national", False, False),
        "administrator": ("national", True, True),
    }
    assert set(ROLES) == set(flags)


def test_default_permissions(pp_officer, analyst, auditor, admin_user):
    assert pp_officer.has_perm("geo.view_area")
    assert pp_officer.has_perm("org.view_unit")
    assert not pp_officer.has_perm("org.add_unit")
    assert not pp_officer.has_perm("accounts.view_user")
    assert analyst.has_perm("org.view_officer")
    assert not any(
        p.split(".")[1].startswith(("add_", "change_", "delete_"))
        for p in analyst.get_all_permissions()
    )
    assert auditor.has_perm("audit.view_changeentry")
    assert auditor.has_perm("audit.view_accessentry")
    assert not pp_officer.has_perm("audit.view_changeentry")
    assert admin_user.has_perm("accounts.change_role")
    assert admin_user.has_perm("org.add_unit")


def test_sync_is_idempotent_and_keeps_administrators_edits(roles):
    officer = Role.objects.get(code="officer")
    before = set(officer.group.permissions.values_list("pk", flat=True))
    roles_sync()
    assert set(officer.group.permissions.values_list("pk", flat=True)) == before
    assert Role.objects.count() == 7

    added = perm("org.add_unit")
    removed = perm("geo.view_area")
    officer.group.permissions.add(added)
    officer.group.permissions.remove(removed)
    roles_sync()
    perms = set(officer.group.permissions.all())
    assert added in perms  # an administrator's addition stays
    assert removed not in perms  # a default they removed is not given back

    roles_sync(reset=True)
    perms = set(officer.group.permissions.all())
    assert added in perms and removed in perms


def test_defaults_of_a_new_module_are_granted_by_the_next_sync(roles):
    from django.contrib.contenttypes.models import ContentType

    # As if the safety module (listed in the roles, not yet built) had just been migrated.
    ct = ContentType.objects.create(app_label="safety", model="scorecard")
    new = Permission.objects.create(
        content_type=ct, codename="view_scorecard", name="Can view scorecard"
    )
    officer = Role.objects.get(code="officer")
    assert new not in officer.group.permissions.all()
    roles_sync()
    assert new in officer.group.permissions.all()
    assert new not in Role.objects.get(code="auditor").group.permissions.all()


def test_roles_page_edits_permissions(admin_user, pp_officer, client_for):
    admin = client_for(admin_user)
    assert admin.get(reverse("accounts:role_list")).status_code == 200
    officer_role = pp_officer.role
    url = reverse("accounts:role_edit", args=[officer_role.pk])
    page = admin.get(url)
    assert page.status_code == 200
    keep = [perm("geo.view_area").pk, perm("accounts.view_user").pk]
    assert admin.post(url, {"permissions": keep}).status_code == 302
    officer = client_for(pp_officer)
    assert officer.get(reverse("accounts:user_list")).status_code == 200
    assert not type(pp_officer).objects.get(pk=pp_officer.pk).has_perm("org.view_unit")

    assert client_for(pp_officer).get(url).status_code == 403


def test_admin_role_form_edits_group_permissions(admin_user, pp_officer, client_for):
    admin = client_for(admin_user)
    role = pp_officer.role
    url = reverse("admin:accounts_role_change", args=[role.pk])
    assert admin.get(url).status_code == 200
    response = admin.post(
        url,
        {
            "default_scope": "own_unit",
            "permissions": [perm("geo.view_area").pk],
        },
    )
    assert response.status_code == 302
    assert list(role.group.permissions.all()) == [perm("geo.view_area")]
