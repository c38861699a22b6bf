import datetime

import pytest

from santisuk.cases.demo import demo_cases
from santisuk.cases.models import Arrest, Case

pytestmark = pytest.mark.django_db


def test_demo_cases_are_approved_spread_over_years_and_added_once(crime_types, units):
    created = demo_cases(seed=3, count=60, today=datetime.date(2026, 11, 23))
    assert created == 60
    assert set(Case.objects.values_list("workflow_state", flat=True)) == {"approved"}
    years = {d.year for d in Case.objects.values_list("reported_on", flat=True)}
    assert {2024, 2025, 2026} <= years
    assert Arrest.objects.exists()
    assert Case.objects.filter(status="cleared_by_arrest").count() > 10
    assert demo_cases(seed=3, count=60) == 0


def test_demo_officers_get_recent_cases_of_their_unit_to_investigate(
    crime_types, pp_officer, pp_unit_chief, client_for
):
    from django.urls import reverse

    from santisuk.cases.demo import demo_investigators

    today = datetime.date(2026, 11, 23)
    demo_cases(seed=3, count=100, today=today, units=[pp_officer.unit])
    routed = Case.objects.filter(reference__in=[f"DEMO-{n:05d}" for n in (20, 40, 60, 80, 100)])
    assert {c.owner_unit for c in routed} == {pp_officer.unit}  # one case in twenty
    assert all((today - c.reported_on).days < 45 for c in routed)
    assert all(c.place.code.startswith("1201") for c in routed)
    own = Case.objects.filter(owner_unit=pp_officer.unit)
    named = demo_investigators(officers=[pp_officer])
    assert named == own.filter(status="open").count() > 0
    assert demo_investigators(officers=[pp_officer]) == 0
    page = client_for(pp_officer).get(reverse("cases:worklist")).content.decode()
    for case in own.filter(status="open"):
        assert case.reference in page
