"""The statistics, computed in the database from the case records.

Every figure starts from ``Case.objects.restrict(user, "view")``: a viewer's review covers only
the cases they may see; a command-line run without a user covers the whole country. Both years
of a comparison are counted in one pass with conditional aggregates.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case as Expr
from django.db.models import Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from santisuk.cases.models import Arrest, Case, CrimeType
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


def counted_arrests(user: Any = None) -> QuerySet:
    """Arrests in the cases statistics count, scoped like their cases."""
    if user is None:
        arrests = Arrest.objects.all()
    else:
        arrests = Arrest.objects.restrict(user, "view", hide_restricted=False)
    return arrests.filter(counted_q("case__"))


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


def _year_filters(year: int, field: str = "reported_on") -> tuple[Q, Q]:
    current = _between(field, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))
    previous = _between(field, datetime.date(year - 1, 1, 1), datetime.date(year, 1, 1))
    return current, previous


def _case_counts(current: Q, previous: Q, distinct: bool = False) -> dict[str, Count]:
    cracked = Q(status=CLEARED_BY_ARREST)
    return {
        "reported": Count("pk", filter=current, distinct=distinct),
        "reported_prev": Count("pk", filter=previous, distinct=distinct),
        "cracked_down": Count("pk", filter=current & cracked, distinct=distinct),
        "cracked_down_prev": Count("pk", filter=previous & cracked, distinct=distinct),
    }


def _suspects(arrests: QuerySet, year: int) -> dict[tuple[str, Any], dict[str, int]]:
    """Distinct people of ``arrests``, for the year and the year before: nationally, by
    province and by crime type.

    One join of arrests, cases and offences, kept as a common table expression and counted three
    ways in the database: three ``COUNT(DISTINCT)`` queries would each join the tables again, and
    the join is what costs (see bench/annual_review.py)."""
    in_year = When(case__reported_on__gte=datetime.date(year, 1, 1), then=Value(1))
    # order_by(): the arrests' default ordering would sort the whole join for nothing.
    rows = arrests.order_by().values_list(
        "person_id",
        "case__province_id",
        "case__offences__crime_type_id",
        Expr(in_year, default=Value(0), output_field=IntegerField()),
    )
    try:
        inner, params = rows.query.sql_with_params()
    except EmptyResultSet:  # the viewer may see no case at all
        return {}
    sql = f"""
        WITH r (person, province, crime_type, current) AS ({inner})
        SELECT 'total', NULL, current, COUNT(*)
        FROM (SELECT DISTINCT person, current FROM r) t GROUP BY current
        UNION ALL
        SELECT 'province', province, current, COUNT(*)
        FROM (SELECT DISTINCT person, province, current FROM r) p GROUP BY province, current
        UNION ALL
        SELECT 'crime_type', crime_type, current, COUNT(*)
        FROM (SELECT DISTINCT person, crime_type, current FROM r WHERE crime_type IS NOT NULL) c
        GROUP BY crime_type, current
    """  # noqa: S608 - the inner query is the ORM's, its values are parameters
    result: dict[tuple[str, Any], dict[str, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, key, current, count in cursor.fetchall():
            metric = "suspects_arrested" if current else "suspects_arrested_prev"
            result[(kind, key)][metric] = count
    return result


def annual_review(
    *,
    year: int,
    province: Area | None = None,
    user: Any = None,
    as_of: datetime.datetime | None = None,
) -> dict[str, Any]:
    """The Minister's annual work review: ``year`` against the year before, in the JSON form that
    other systems read (see docs/user-guide.md)."""
    current, previous = _year_filters(year)
    both_years = _between(
        "reported_on", datetime.date(year - 1, 1, 1), datetime.date(year + 1, 1, 1)
    )
    cases = counted_cases(user).filter(both_years)
    # Arrests are filtered on their case's columns directly: a join, not a sub-query of cases.
    arrests = counted_arrests(user).filter(
        _between("case__reported_on", datetime.date(year - 1, 1, 1), datetime.date(year + 1, 1, 1))
    )
    if province is not None:
        cases = cases.filter(province=province)
        arrests = arrests.filter(case__province=province)
    # By province: each case has one province, so plain counts, no join.
    by_province: dict[Any, dict[str, int]] = defaultdict(dict)
    for row in cases.values("province").annotate(**_case_counts(current, previous)):
        by_province[row.pop("province")].update(row)
    totals: dict[str, int] = defaultdict(int)
    for counts in by_province.values():
        for key in ("reported", "reported_prev", "cracked_down", "cracked_down_prev"):
            totals[key] += counts.get(key, 0)

    # By crime type: a case counts once under each of its crime types (a crime type appears at
    # most once per case, a constraint of the offences table, so no DISTINCT is needed).
    by_type: dict[Any, dict[str, int]] = defaultdict(dict)
    for row in cases.values("offences__crime_type").annotate(**_case_counts(current, previous)):
        key = row.pop("offences__crime_type")
        if key is not None:
            by_type[key].update(row)

    # Suspects: distinct people, nationally, by province and by crime type, in one pass.
    suspects = _suspects(arrests, year)
    totals.update(suspects.pop(("total", None), {}))
    for (kind, key), counts in suspects.items():
        (by_province if kind == "province" else by_type)[key].update(counts)

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
