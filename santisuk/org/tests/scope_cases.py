"""Units and officers in the generic scope test (santisuk/core/tests/test_scope.py)."""

from django.urls import reverse

from santisuk.core.testing import ScopeCase


def _commune_post(units, personas):
    from santisuk.org.services import unit_create

    return unit_create(
        code="PP-CKM-TB",
        name_en="Tonle Basak Commune Police Post",
        kind="commune_post",
        parent=units.pp_district,
    )


def _officer(units, personas):
    from santisuk.org.services import officer_create

    return officer_create(
        badge_number="PP-SCOPE-1",
        family_name="SOK",
        given_name="VEASNA",
        rank="captain",
        unit=units.pp_district,
    )


CASES = [
    ScopeCase(
        name="org.unit",
        make=_commune_post,
        # The marker differs from the search term, which the filter form echoes back.
        marker=lambda unit: unit.name_en,
        ui_list=reverse("org:unit_list"),
        ui_detail=lambda unit: reverse("org:unit_detail", args=[unit.pk]),
        api_list="/api/org/units/",
        api_detail=lambda unit: f"/api/org/units/{unit.pk}/",
        search=lambda unit: {"q": unit.code},
    ),
    ScopeCase(
        name="org.officer",
        make=_officer,
        marker=lambda officer: officer.given_name,
        ui_list=reverse("org:officer_list"),
        ui_detail=lambda officer: reverse("org:officer_detail", args=[officer.pk]),
        api_list="/api/org/officers/",
        api_detail=lambda officer: f"/api/org/officers/{officer.pk}/",
        search=lambda officer: {"q": officer.badge_number},
    ),
]
