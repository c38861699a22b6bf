"""The statistics, computed in the database from the case records.

Every figure starts from ``Case.objects.restrict(user, "view")``: a viewer's review covers only
the cases they may see; a command-line run without a user covers the whole country. Both years
of a comparison are counted in one pass with conditional aggregates.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Case as Expr
from django.db.models import Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from santisuk.cases.models import Arrest, Case, CrimeType, Offence
from santisuk.geo.models import Area

METRICS = ("reported", "cracked_down", "suspects_arrested")
METRIC_KEYS = [
    key
    for metric in METRICS
    for key in (metric, f"{metric}_prev", f"{metric}_change", f"{metric}_change_pct")
] + ["clearance_rate"]

APPROVED = "approved"
UNFOUNDED = "unfounded"
CLEARED_BY_ARREST = "cleared_by_arrest"


def counted_q(prefix: str = "") -> Q:
    """Approved and not unfounded: the cases statistics count (``prefix`` reaches the case)."""
    return Q(**{f"{prefix}workflow_state": APPROVED}) & ~Q(**{f"{prefix}status": UNFOUNDED})


def counted_cases(user: Any = None) -> QuerySet:
    """The cases statistics count, within the viewer's scope (national without a user)."""
    if user is None:
        cases = Case.objects.all()
    else:
        # Counts reveal nobody, so restricted cases count within the viewer's unit scope.
        cases = Case.objects.restrict(user, "view", hide_restricted=False)
    return cases.filter(counted_q())


def province_get(code: str) -> Area | None:
    return Area.objects.filter(level="province", code=code, valid_to__isnull=True).first()


def change_pct(current: int, previous: int) -> float | None:
    """Percentage change to one decimal, rounded half up; None when there is nothing to compare."""
    if not previous:
        return None
    value = Decimal(current - previous) * 100 / Decimal(previous)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def clearance_rate(cracked_down: int, reported: int) -> float | None:
    if not reported:
        return None
    value = Decimal(cracked_down) / Decimal(reported)
    return float(value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))


def metrics_row(counts: dict[str, int]) -> dict[str, Any]:
    """The thirteen figures of a row from the six counts (each metric, this year and the last)."""
    row: dict[str, Any] = {}
    for metric in METRICS:
        current = counts.get(metric, 0)
        previous = counts.get(f"{metric}_prev", 0)
        row[metric] = current
        row[f"{metric}_prev"] = previous
        row[f"{metric}_change"] = current - previous
        row[f"{metric}_change_pct"] = change_pct(current, previous)
    row["clearance_rate"] = clearance_rate(row["cracked_down"], row["reported"])
    return row


def _between(field: str, start: datetime.date, end: datetime.date) -> Q:
    """``start <= field < end``: a range the date index serves, unlike extracting the year."""
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _review_counts(cases: QuerySet, year: int) -> dict[tuple[str, Any], dict[str, int]]:
    """Every count of the review: cases and cracked-down cases by province and by crime type,
    distinct people arrested nationally, by province and by crime type, each for the year and
    the year before, as ``{(kind, id): {metric: count}}``.

    ``cases`` (already scoped and filtered by the ORM) becomes a common table expression that the
    database reads once per statement; every figure is aggregated from it. Separate queries would
    each scan the cases again, and that scan is what costs (see bench/annual_review.py). Both
    databases materialise the expressions, since each is read several times: at 1,000,000 cases
    that is faster on PostgreSQL than inlining them (NOT MATERIALIZED)."""
    flag = {"default": Value(0), "output_field": IntegerField()}
    rows = cases.order_by().values_list(
        "pk",
        "province_id",
        Expr(When(status=CLEARED_BY_ARREST, then=Value(1)), **flag),
        Expr(When(reported_on__gte=datetime.date(year, 1, 1), then=Value(1)), **flag),
    )
    try:
        inner, params = rows.query.sql_with_params()
    except EmptyResultSet:  # the viewer may see no case at all
        return {}
    quote = connection.ops.quote_name
    arrest = quote(Arrest._meta.db_table)
    offence = quote(Offence._meta.db_table)
    common = f"""
        WITH c (id, province, cracked, cur) AS ({inner}),
        a (person, case_id, province, cur) AS (
            SELECT x.person_id, x.case_id, c.province, c.cur
            FROM {arrest} x JOIN c ON c.id = x.case_id
        )
    """  # noqa: S608 - table names from the models, the inner query is the ORM's
    # Two halves of about the same work (measured at 1,000,000 cases on PostgreSQL).
    halves = (
        f"""
        SELECT 'crime_type_suspects', o.crime_type_id, a.cur, COUNT(DISTINCT a.person), 0
        FROM a JOIN {offence} o ON o.case_id = a.case_id GROUP BY o.crime_type_id, a.cur
        UNION ALL
        SELECT 'total_suspects', NULL, cur, COUNT(DISTINCT person), 0 FROM a GROUP BY cur
        """,  # noqa: S608 - the table's name from its model
        f"""
        SELECT 'province', province, cur, COUNT(*), SUM(cracked) FROM c GROUP BY province, cur
        UNION ALL
        SELECT 'crime_type', o.crime_type_id, c.cur, COUNT(*), SUM(c.cracked)
        FROM {offence} o JOIN c ON c.id = o.case_id GROUP BY o.crime_type_id, c.cur
        UNION ALL
        SELECT 'province_suspects', province, cur, COUNT(DISTINCT person), 0
        FROM a GROUP BY province, cur
        """,  # noqa: S608 - the table's name from its model
    )
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        found = _side_by_side(common + halves[0], common + halves[1], params)
    else:
        found = _fetch(common + " UNION ALL ".join(halves), params)
    result: dict[tuple[str, Any], dict[str, int]] = defaultdict(dict)
    for kind, key, cur, count, cracked in found:
        suffix = "" if cur else "_prev"
        if kind.endswith("_suspects"):
            result[(kind.removesuffix("_suspects"), key)][f"suspects_arrested{suffix}"] = count
        else:
            # A crime type appears at most once per case (a constraint of the offences
            # table), so plain counts are counts of cases.
            result[(kind, key)][f"reported{suffix}"] = count
            result[(kind, key)][f"cracked_down{suffix}"] = int(cracked or 0)
    return result


def _fetch(sql: str, params: Any) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# Compiling these statements to machine code (PostgreSQL's JIT, on for any costly plan) costs
# them more than it saves: 0.66 s of 4.0 s at 1,000,000 cases, seen with EXPLAIN ANALYZE.
NO_JIT = "SET LOCAL jit = off"


def _side_by_side(first: str, second: str, params: Any) -> list[tuple]:
    """On PostgreSQL, the two statements on two connections at once, each server process on its own
    core, reading the same snapshot of the data (``pg_export_snapshot``, as ``pg_dump --jobs``
    does): the figures are those of one statement, in 0.6 of its time (bench/annual_review.py).
    This connection's transaction holds the snapshot until the other has read it."""

    def elsewhere(snapshot: str) -> list[tuple]:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
                cursor.execute(NO_JIT)
                cursor.execute(second, params)
                return cursor.fetchall()
        finally:
            connection.close()  # this thread's own connection

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute(NO_JIT)
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        with ThreadPoolExecutor(max_workers=1) as pool:
            other = pool.submit(elsewhere, snapshot)
            cursor.execute(first, params)
            return cursor.fetchall() + other.result()


def annual_review(
    *,
    year: int,
    province: Area | None = None,
    user: Any = None,
    as_of: datetime.datetime | None = None,
) -> dict[str, Any]:
    """The Minister's annual work review: ``year`` against the year before, in the JSON form that
    other systems read (see docs/user-guide.md)."""
    both_years = _between(
        "reported_on", datetime.date(year - 1, 1, 1), datetime.date(year + 1, 1, 1)
    )
    cases = counted_cases(user).filter(both_years)
    if province is not None:
        cases = cases.filter(province=province)
    by_province: dict[Any, dict[str, int]] = defaultdict(dict)
    by_type: dict[Any, dict[str, int]] = defaultdict(dict)
    totals: dict[str, int] = defaultdict(int)
    for (kind, key), counts in _review_counts(cases, year).items():
        if kind == "province":
            by_province[key].update(counts)
            # Each case has one province: the national case counts are the sum of the rows
            # (not the people: one arrested in two provinces counts once, below).
            for metric, count in counts.items():
                if not metric.startswith("suspects_arrested"):
                    totals[metric] += count
        elif kind == "crime_type":
            by_type[key].update(counts)
        else:  # a person arrested in two provinces counts once nationally
            totals.update(counts)

    areas = Area.objects.in_bulk([key for key in by_province if key is not None])
    province_rows = []
    for key, counts in by_province.items():
        area = areas.get(key)
        province_rows.append(
            {
                "province_code": area.code if area else None,
                "province_name_en": area.name_en if area else "",
                "province_name_km": area.name_km if area else "",
                **metrics_row(counts),
            }
        )
    if province is not None and not province_rows:
        province_rows.append(
            {
                "province_code": province.code,
                "province_name_en": province.name_en,
                "province_name_km": province.name_km,
                **metrics_row({}),
            }
        )
    province_rows.sort(key=lambda row: row["province_code"] or "~")

    types = CrimeType.objects.in_bulk(list(by_type))
    type_rows = [
        {
            "crime_type": types[key].code,
            "name_en": types[key].name_en,
            "name_km": types[key].name_km,
            **metrics_row(counts),
        }
        for key, counts in by_type.items()
    ]
    type_rows.sort(key=lambda row: (-row["reported"], -row["reported_prev"], row["crime_type"]))

    return {
        "year": year,
        "compared_with": year - 1,
        "as_of": timezone.localtime(as_of or timezone.now()).isoformat(timespec="seconds"),
        "totals": metrics_row(totals),
        "by_province": province_rows,
        "by_crime_type": type_rows,
    }


# CompStat ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: datetime.date
    end: datetime.date  # inclusive
    prev_start: datetime.date
    prev_end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def prev_days(self) -> int:
        return (self.prev_end - self.prev_start).days + 1


def _year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def compstat_periods(as_of: datetime.date) -> list[Period]:
    from django.utils.translation import gettext as _

    # 52 weeks back keeps weekdays aligned, which matters for week-long and 28-day windows.
    year_ago = datetime.timedelta(weeks=52)
    week_start = as_of - datetime.timedelta(days=as_of.weekday())
    start_28 = as_of - datetime.timedelta(days=27)
    year_start = as_of.replace(month=1, day=1)
    return [
        Period(
            "week", _("Week to date"), week_start, as_of, week_start - year_ago, as_of - year_ago
        ),
        Period("28d", _("Last 28 days"), start_28, as_of, start_28 - year_ago, as_of - year_ago),
        Period(
            "ytd",
            _("Year to date"),
            year_start,
            as_of,
            year_start.replace(year=year_start.year - 1),
            _year_before(as_of),
        ),
    ]


def poisson_test(current: int, previous: int, days: int, prev_days: int) -> float | None:
    """Two-sided p-value that both counts come from the same daily rate.

    Given their sum, the current count is binomial with p = days / (days + prev_days) under that
    hypothesis (the conditional test for two Poisson counts)."""
    from scipy.stats import binomtest

    total = current + previous
    if total == 0:
        return None
    return float(binomtest(current, total, days / (days + prev_days)).pvalue)


def compstat_cell(current: int, previous: int, period: Period) -> dict[str, Any]:
    p_value = poisson_test(current, previous, period.days, period.prev_days)
    return {
        "count": current,
        "count_prev": previous,
        "change": current - previous,
        "change_pct": change_pct(current, previous),
        "p_value": None if p_value is None else round(p_value, 4),
        "significant": p_value is not None and p_value < 0.05,
    }


def compstat(
    *, as_of: datetime.date, province: Area | None = None, user: Any = None
) -> dict[str, Any]:
    periods = compstat_periods(as_of)
    earliest = min(p.prev_start for p in periods)
    cases = counted_cases(user).filter(reported_on__gte=earliest, reported_on__lte=as_of)
    if province is not None:
        cases = cases.filter(province=province)
    filters = {}
    for period in periods:
        filters[period.key] = Q(reported_on__gte=period.start, reported_on__lte=period.end)
        filters[f"{period.key}_prev"] = Q(
            reported_on__gte=period.prev_start, reported_on__lte=period.prev_end
        )

    def counts(distinct: bool) -> dict[str, Count]:
        return {key: Count("pk", filter=q, distinct=distinct) for key, q in filters.items()}

    def cells(row: dict[str, int]) -> dict[str, Any]:
        return {
            p.key: compstat_cell(row.get(p.key, 0), row.get(f"{p.key}_prev", 0), p) for p in periods
        }

    totals = cases.aggregate(**counts(False))
    province_counts = list(cases.values("province").annotate(**counts(False)))
    areas = Area.objects.in_bulk([row["province"] for row in province_counts if row["province"]])
    type_counts = list(
        cases.filter(offences__isnull=False).values("offences__crime_type").annotate(**counts(True))
    )
    types = CrimeType.objects.in_bulk([row["offences__crime_type"] for row in type_counts])
    by_province = [
        {
            "province_code": areas[row["province"]].code if row["province"] else None,
            "province_name_en": areas[row["province"]].name_en if row["province"] else "",
            "province_name_km": areas[row["province"]].name_km if row["province"] else "",
            "periods": cells(row),
        }
        for row in province_counts
    ]
    by_province.sort(key=lambda row: row["province_code"] or "~")
    by_type = [
        {
            "crime_type": types[row["offences__crime_type"]].code,
            "name_en": types[row["offences__crime_type"]].name_en,
            "name_km": types[row["offences__crime_type"]].name_km,
            "periods": cells(row),
        }
        for row in type_counts
    ]
    by_type.sort(key=lambda row: (-row["periods"]["ytd"]["count"], row["crime_type"]))
    return {
        "as_of": as_of.isoformat(),
        "periods": [
            {
                "key": p.key,
                "label": p.label,
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "prev_start": p.prev_start.isoformat(),
                "prev_end": p.prev_end.isoformat(),
            }
            for p in periods
        ],
        "totals": {"periods": cells(totals)},
        "by_province": by_province,
        "by_crime_type": by_type,
    }


# Map --------------------------------------------------------------------------------------------


def cases_by_place(
    *,
    date_from: datetime.date,
    date_to: datetime.date,
    crime_type: CrimeType | None = None,
    province: Area | None = None,
    user: Any = None,
) -> QuerySet:
    """Counted cases of the period, optionally of one crime type, with their place."""
    cases = counted_cases(user).filter(reported_on__gte=date_from, reported_on__lte=date_to)
    if crime_type is not None:
        cases = cases.filter(pk__in=Case.objects.filter(offences__crime_type=crime_type))
    if province is not None:
        cases = cases.filter(province=province)
    return cases
