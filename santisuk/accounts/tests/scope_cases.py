"""User accounts in the generic scope test (santisuk/core/tests/test_scope.py): a Siem Reap chief
does not see the accounts of Phnom Penh's units."""

from django.urls import reverse

from santisuk.core.testing import ScopeCase


def _user(units, personas):
    from santisuk.accounts.services import user_create

    return user_create(
        username="pp.scope.user",
        password="Kampot-pepper-2024",
        role="officer",
        unit=units.pp_district,
        first_name="Sreymom",
        last_name="CHEA",
    )


CASES = [
    ScopeCase(
        name="accounts.user",
        make=_user,
        marker=lambda user: user.first_name,
        ui_list=reverse("accounts:user_list"),
        ui_detail=lambda user: reverse("accounts:user_detail", args=[user.pk]),
        api_list="/api/accounts/users/",
        api_detail=lambda user: f"/api/accounts/users/{user.pk}/",
        search=lambda user: {"q": user.username},
    ),
]
