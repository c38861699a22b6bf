"""The annual work review follows its definitions on small hand-made records."""

import datetime

import pytest
from django.db import transaction

from santisuk.stats.selectors import METRIC_KEYS, annual_review, change_pct, clearance_rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_data(record, make_person, geo_world):
    """2024 against 2023 in Phnom Penh (12) and Siem Reap (17)."""
    p1, p2, p3, p4 = (make_person() for _ in range(4))
    record("2024-02-01", ("theft", "robbery"), status="cleared_by_arrest", arrested=[p1, p2])
    record("2024-05-10", ("theft",), status="cleared_by_arrest", arrested=[p1])  # p1 again
    record("2024-12-31", ("assault",), place=geo_world.sr_village)
    record("2024-03-03", ("theft",), status="unfounded", arrested=[p3])  # not a crime
    record(
        "2024-04-04", ("theft",), status="cleared_by_arrest", workflow_state="draft", arrested=[p4]
    )
    record("2024-04-05", ("theft",), workflow_state="submitted")
    record("2023-01-01", ("theft",), status="cleared_by_arrest", arrested=[p1])
    record("2023-12-31", ("theft",))
    record("2022-12-31", ("theft",))  # two years before: not compared
    record("2025-01-01", ("theft",))  # the year after
    return p1


def _by(rows, key):
    return {row[key]: row for row in rows}


def test_totals_count_each_case_once_and_each_person_once(year_data):
    totals = annual_review(year=2024)["totals"]
    assert totals == {
        "reported": 3,
        "reported_prev": 2,
        "reported_change": 1,
        "reported_change_pct": 50.0,
        "cracked_down": 2,
        "cracked_down_prev": 1,
        "cracked_down_change": 1,
        "cracked_down_change_pct": 100.0,
        "suspects_arrested": 2,  # p1 arrested in two cases counts once; p3, p4 not counted
        "suspects_arrested_prev": 1,
        "suspects_arrested_change": 1,
        "suspects_arrested_change_pct": 100.0,
        "clearance_rate": 0.667,
    }


def test_by_province_uses_the_province_of_the_place(year_data):
    rows = _by(annual_review(year=2024)["by_province"], "province_code")
    assert list(rows) == ["12", "17"]
    pp, sr = rows["12"], rows["17"]
    assert pp["province_name_en"] == "Phnom Penh"
    assert pp["province_name_km"] == "រាជធានីភ្នំពេញ"
    assert (pp["reported"], pp["reported_prev"], pp["reported_change_pct"]) == (2, 2, 0.0)
    assert (pp["suspects_arrested"], pp["clearance_rate"]) == (2, 1.0)
    assert (sr["reported"], sr["reported_prev"], sr["reported_change"]) == (1, 0, 1)
    assert sr["reported_change_pct"] is None  # nothing the year before
    assert sr["cracked_down_change_pct"] is None
    assert sr["clearance_rate"] == 0.0


def test_a_case_placed_in_another_province_counts_there(record, units, geo_world):
    record("2024-06-01", ("theft",), place=geo_world.sr_village, unit=units.pp_district)
    rows = annual_review(year=2024)["by_province"]
    assert [(r["province_code"], r["reported"]) for r in rows] == [("17", 1)]


def test_a_case_with_two_offences_counts_once_under_each_crime_type(year_data):
    review = annual_review(year=2024)
    rows = _by(review["by_crime_type"], "crime_type")
    assert rows["theft"]["reported"] == 2
    assert rows["theft"]["reported_prev"] == 2
    assert rows["robbery"]["reported"] == 1
    assert rows["robbery"]["reported_change_pct"] is None
    assert rows["robbery"]["suspects_arrested"] == 2
    assert rows["assault"]["reported"] == 1
    assert rows["theft"]["name_km"] == "ចោរកម្ម"
    # The crime-type rows add up to more than the total because one case has two offences.
    assert sum(r["reported"] for r in review["by_crime_type"]) == review["totals"]["reported"] + 1
    assert review["by_crime_type"][0]["crime_type"] == "theft"  # most first


def test_the_json_form_has_exactly_the_published_keys(year_data):
    review = annual_review(year=2024)
    assert list(review) == [
        "year",
        "compared_with",
        "as_of",
        "totals",
        "by_province",
        "by_crime_type",
    ]
    assert (review["year"], review["compared_with"]) == (2024, 2023)
    datetime.datetime.fromisoformat(review["as_of"])
    assert list(review["totals"]) == METRIC_KEYS
    assert len(METRIC_KEYS) == 13
    for row in review["by_province"]:
        assert list(row) == ["province_code", "province_name_en", "province_name_km", *METRIC_KEYS]
    for row in review["by_crime_type"]:
        assert list(row) == ["crime_type", "name_en", "name_km", *METRIC_KEYS]


def test_percentages_and_rates_round_half_up():
    assert change_pct(401, 400) == 0.3  # 0.25 % rounds up, not to even
    assert change_pct(2, 3) == -33.3
    assert change_pct(5, 0) is None
    assert change_pct(0, 0) is None
    assert change_pct(0, 7) == -100.0
    assert clearance_rate(1, 80) == 0.013  # 0.0125
    assert clearance_rate(2, 3) == 0.667
    assert clearance_rate(1, 3) == 0.333
    assert clearance_rate(0, 0) is None


def test_nothing_reported_gives_zeros_and_nulls(db):
    totals = annual_review(year=2024)["totals"]
    assert totals["reported"] == 0
    assert totals["reported_change_pct"] is None
    assert totals["clearance_rate"] is None


def test_province_filter(year_data, geo_world):
    review = annual_review(year=2024, province=geo_world.sr)
    assert review["totals"]["reported"] == 1
    assert [r["province_code"] for r in review["by_province"]] == ["17"]
    assert [r["crime_type"] for r in review["by_crime_type"]] == ["assault"]
    empty = annual_review(year=2020, province=geo_world.sr)
    assert [r["province_code"] for r in empty["by_province"]] == ["17"]


def test_the_review_is_scoped_to_the_viewer(year_data, sr_chief, pp_chief, analyst):
    sr = annual_review(year=2024, user=sr_chief)
    assert sr["totals"]["reported"] == 1
    assert [r["province_code"] for r in sr["by_province"]] == ["17"]
    pp = annual_review(year=2024, user=pp_chief)
    assert pp["totals"]["reported"] == 2
    assert [r["province_code"] for r in pp["by_province"]] == ["12"]
    assert annual_review(year=2024, user=analyst)["totals"]["reported"] == 3


def test_restricted_cases_count_in_figures(record, pp_officer):
    case = record("2024-06-01", ("theft",), unit=pp_officer.unit)
    case.is_restricted = True
    case.save()
    assert annual_review(year=2024, user=pp_officer)["totals"]["reported"] == 1


def test_a_user_without_the_cases_permission_gets_nothing(year_data, auditor):
    assert annual_review(year=2024, user=auditor)["totals"]["reported"] == 0


def test_a_fire_counts_as_reported_under_its_own_type(record):
    """docs/decisions/0002: the review follows its definition; incidents are not left out."""
    record("2024-06-01", ("theft",), status="cleared_by_arrest")
    record("2024-06-02", ("fire",))
    review = annual_review(year=2024)
    assert (review["totals"]["reported"], review["totals"]["clearance_rate"]) == (2, 0.5)
    rows = _by(review["by_crime_type"], "crime_type")
    assert (rows["fire"]["reported"], rows["fire"]["cracked_down"]) == (1, 0)
    assert rows["theft"]["reported"] == 1


@pytest.mark.django_db(transaction=True)
def test_committed_records_give_the_same_review_in_one_statement_or_two(committed_db, year_data):
    # Outside a transaction PostgreSQL computes the review as two statements on two connections
    # sharing one snapshot; inside one (and on SQLite) as one statement. Same figures.
    outside = annual_review(year=2024)
    with transaction.atomic():
        inside = annual_review(year=2024)
    assert outside["totals"]["reported"] == 3
    assert outside["totals"]["suspects_arrested"] == 2
    assert _by(outside["by_crime_type"], "crime_type")["theft"]["suspects_arrested"] == 2
    for key in ("totals", "by_province", "by_crime_type"):
        assert outside[key] == inside[key]
