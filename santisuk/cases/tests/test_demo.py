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
