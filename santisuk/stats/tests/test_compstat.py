"""CompStat: the periods and the Poisson test that marks changes unlikely to be chance."""

import datetime

import pytest

from santisuk.stats.selectors import compstat, compstat_periods, poisson_test

pytestmark = pytest.mark.django_db


def test_periods_compare_with_the_same_weekdays_a_year_before():
    week, days28, ytd = compstat_periods(datetime.date(2024, 3, 14))  # a Thursday
    assert (week.start, week.end) == (datetime.date(2024, 3, 11), datetime.date(2024, 3, 14))
    assert week.prev_start.weekday() == 0 and week.prev_end.weekday() == 3
    assert (days28.end - days28.start).days == 27
    assert (ytd.prev_start, ytd.prev_end) == (datetime.date(2023, 1, 1), datetime.date(2023, 3, 14))
    leap = compstat_periods(datetime.date(2024, 2, 29))[2]
    assert leap.prev_end == datetime.date(2023, 2, 28)


def test_poisson_test():
    assert poisson_test(40, 10, 28, 28) < 0.001
    assert poisson_test(11, 10, 28, 28) > 0.5
    assert poisson_test(0, 0, 7, 7) is None
    # Equal daily rates over periods of different length are no change.
    assert poisson_test(20, 10, 60, 30) > 0.9


def test_a_clear_change_is_marked_and_noise_is_not(record, geo_world):
    as_of = datetime.date(2024, 6, 30)
    for day in range(14):  # Phnom Penh: 14 cases this year to date against 2
        record(datetime.date(2024, 3, 1) + datetime.timedelta(days=day), ("theft",))
    for day in range(2):
        record(datetime.date(2023, 3, 1) + datetime.timedelta(days=day), ("theft",))
    for day in range(5):  # Siem Reap: 5 against 4
        record(datetime.date(2024, 4, 1 + day), ("assault",), place=geo_world.sr_village)
    for day in range(4):
        record(datetime.date(2023, 4, 1 + day), ("assault",), place=geo_world.sr_village)
    data = compstat(as_of=as_of)
    rows = {r["province_code"]: r["periods"]["ytd"] for r in data["by_province"]}
    assert (rows["12"]["count"], rows["12"]["count_prev"]) == (14, 2)
    assert rows["12"]["significant"] is True
    assert rows["12"]["p_value"] < 0.05
    assert (rows["17"]["count"], rows["17"]["count_prev"]) == (5, 4)
    assert rows["17"]["significant"] is False
    assert rows["17"]["p_value"] == 1.0
    types = {r["crime_type"]: r["periods"]["ytd"] for r in data["by_crime_type"]}
    assert types["theft"]["change"] == 12 and types["theft"]["change_pct"] == 600.0
    assert data["totals"]["periods"]["ytd"]["count"] == 19
    # Nothing in the last 28 days: no test, no mark.
    assert data["totals"]["periods"]["28d"]["p_value"] is None
    assert data["totals"]["periods"]["28d"]["significant"] is False


def test_compstat_is_scoped(record, geo_world, sr_chief):
    record("2024-06-01", ("theft",))
    record("2024-06-02", ("theft",), place=geo_world.sr_village)
    data = compstat(as_of=datetime.date(2024, 6, 30), user=sr_chief)
    assert [r["province_code"] for r in data["by_province"]] == ["17"]
    assert data["totals"]["periods"]["ytd"]["count"] == 1
