import pytest

from santisuk.cases.models import CrimeType
from santisuk.cases.services import crime_types_load
from santisuk.geo.reference import REFERENCE_LOADERS

pytestmark = pytest.mark.django_db

CODES = [
    "homicide",
    "attempted_homicide",
    "assault",
    "domestic_violence",
    "social_violence",
    "kidnapping",
    "human_trafficking",
    "rape",
    "sexual_assault",
    "sexual_exploitation",
    "robbery",
    "burglary",
    "theft",
    "vehicle_theft",
    "fraud",
    "drug_trafficking",
    "drug_use",
    "gambling",
    "public_disorder",
    "weapons",
    "gang_activity",
    "arson",
    "traffic_crash",
    "fire",
    "other",
]


def test_crime_types_load_creates_the_25_codes_and_keeps_edits():
    crime_types_load()
    assert sorted(CrimeType.objects.values_list("code", flat=True)) == sorted(CODES)
    theft = CrimeType.objects.get(code="theft")
    assert theft.iccs_code == "0502"
    theft.name_en = "Theft (edited)"
    theft.save()
    crime_types_load()
    assert CrimeType.objects.count() == 25
    assert CrimeType.objects.get(code="theft").name_en == "Theft (edited)"
    assert CrimeType.objects.get(code="rape").is_restricted


def test_loader_is_registered():
    assert "santisuk.cases.services.crime_types_load" in REFERENCE_LOADERS
