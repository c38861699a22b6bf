"""Cases in the generic scope test (santisuk/core/tests/test_scope.py)."""

import datetime

from django.urls import reverse

from santisuk.core.testing import ScopeCase


def _case(units, personas):
    from santisuk.cases.services import case_create, crime_types_load

    crime_types_load()
    return case_create(
        reference="PP-SCOPE-CASE-1",
        owner_unit=units.pp_district,
        reported_on=datetime.date(2025, 2, 1),
        place=units.pp_district.jurisdiction.first(),
        offences=[{"crime_type": "theft"}],
        workflow_state="approved",
    )


CASES = [
    ScopeCase(
        name="cases.case",
        make=_case,
        marker=lambda case: case.reference,
        ui_list=reverse("cases:case_list"),
        ui_detail=lambda case: reverse("cases:case_detail", args=[case.pk]),
        api_list="/api/cases/cases/",
        api_detail=lambda case: f"/api/cases/cases/{case.pk}/",
        search=lambda case: {"q": "SCOPE-CASE"},
    ),
]
