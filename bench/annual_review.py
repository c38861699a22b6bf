"""How fast the annual work review is on a national volume of cases.

Generates N cases over three years (about 1.4 people per case, arrests in the cases cleared by
arrest, some repeat offenders), on the real national gazetteer with one commissariat per
province, writes them to CASES.csv and PERSONS.csv and imports them ALL with the real command,
``santisuk import cases CASES.csv --persons PERSONS.csv`` (every check, change-log entries for
every row), and measures its rate. For comparison, ``--compare-bulk N`` cases are also written by
a bare ``bulk_create`` (no checks, no change log) in a transaction rolled back afterwards.

Then times ``stats.selectors.annual_review`` for the whole country (all provinces, every crime
type), and, in the same run and database, one hand-written SQL query computing the same totals;
checks that both give the same totals; prints JSON with medians of ``--repeat`` runs.

    .venv/bin/python bench/annual_review.py --cases 20000
    DATABASE_URL=postgres://... .venv/bin/python bench/annual_review.py --cases 200000
"""

from __future__ import annotations

import argparse
import datetime
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _annual_data import Generator, bulk_compare, import_files, reference_data, write_files
from _setup import django_setup, machine, median_seconds

HAND_SQL = """
SELECT
  SUM(CASE WHEN c.reported_on >= %(y1)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN c.reported_on < %(y1)s THEN 1 ELSE 0 END),
  SUM(CASE WHEN c.reported_on >= %(y1)s AND c.status = 'cleared_by_arrest' THEN 1 ELSE 0 END),
  SUM(CASE WHEN c.reported_on < %(y1)s AND c.status = 'cleared_by_arrest' THEN 1 ELSE 0 END),
  (SELECT COUNT(DISTINCT a.person_id) FROM cases_arrest a JOIN cases_case k ON k.id = a.case_id
    WHERE k.workflow_state = 'approved' AND k.status <> 'unfounded'
      AND k.reported_on >= %(y1)s AND k.reported_on < %(y2)s),
  (SELECT COUNT(DISTINCT a.person_id) FROM cases_arrest a JOIN cases_case k ON k.id = a.case_id
    WHERE k.workflow_state = 'approved' AND k.status <> 'unfounded'
      AND k.reported_on >= %(y0)s AND k.reported_on < %(y1)s)
FROM cases_case c
WHERE c.workflow_state = 'approved' AND c.status <> 'unfounded'
  AND c.reported_on >= %(y0)s AND c.reported_on < %(y2)s
"""


HAND_REVIEW_SQL = """
WITH c AS (
  SELECT id, province_id,
         CASE WHEN status = 'cleared_by_arrest' THEN 1 ELSE 0 END AS cracked,
         CASE WHEN reported_on >= %(y1)s THEN 1 ELSE 0 END AS cur
  FROM cases_case
  WHERE workflow_state = 'approved' AND status <> 'unfounded'
    AND reported_on >= %(y0)s AND reported_on < %(y2)s
),
a AS (
  SELECT a.person_id, a.case_id, c.province_id, c.cur
  FROM cases_arrest a JOIN c ON c.id = a.case_id
)
SELECT 'province', province_id, cur, COUNT(*), SUM(cracked) FROM c GROUP BY province_id, cur
UNION ALL
SELECT 'crime_type', o.crime_type_id, c.cur, COUNT(*), SUM(c.cracked)
FROM cases_offence o JOIN c ON c.id = o.case_id GROUP BY o.crime_type_id, c.cur
UNION ALL
SELECT 'suspects', NULL, cur, COUNT(DISTINCT person_id), NULL FROM a GROUP BY cur
UNION ALL
SELECT 'province_suspects', province_id, cur, COUNT(DISTINCT person_id), NULL
FROM a GROUP BY province_id, cur
UNION ALL
SELECT 'crime_type_suspects', o.crime_type_id, a.cur, COUNT(DISTINCT a.person_id), NULL
FROM a JOIN cases_offence o ON o.case_id = a.case_id GROUP BY o.crime_type_id, a.cur
"""


def hand_review(year: int) -> dict:
    """The whole review (totals, by province, by crime type) by one hand-written statement, as
    {(kind, id): {metric: count}}; the totals of cases are the sum of the province rows."""
    from collections import defaultdict

    from django.db import connection

    params = {
        "y0": datetime.date(year - 1, 1, 1),
        "y1": datetime.date(year, 1, 1),
        "y2": datetime.date(year + 1, 1, 1),
    }
    out: dict = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(HAND_REVIEW_SQL, params)
        for kind, key, cur, count, cracked in cursor.fetchall():
            suffix = "" if cur else "_prev"
            if kind.endswith("suspects"):
                group = kind.removesuffix("_suspects") if kind != "suspects" else "total"
                out[(group, key)][f"suspects_arrested{suffix}"] = int(count)
            else:
                out[(kind, key)][f"reported{suffix}"] = int(count)
                out[(kind, key)][f"cracked_down{suffix}"] = int(cracked)
    return out


def same_as_review(review: dict, hand: dict) -> bool:
    from santisuk.cases.models import CrimeType
    from santisuk.geo.models import Area

    provinces = dict(Area.objects.filter(level="province").values_list("code", "pk"))
    types = dict(CrimeType.objects.values_list("code", "pk"))
    keys = [k for k in review["totals"] if not k.endswith(("_change", "_pct", "rate"))]
    for row in review["by_province"]:
        want = hand.get(("province", provinces[row["province_code"]]), {})
        if any(row[k] != want.get(k, 0) for k in keys):
            return False
    for row in review["by_crime_type"]:
        want = hand.get(("crime_type", types[row["crime_type"]]), {})
        if any(row[k] != want.get(k, 0) for k in keys):
            return False
    total = hand.get(("total", None), {})
    return all(review["totals"][k] == total.get(k, 0) for k in keys if k.startswith("suspects"))


def hand_totals(year: int) -> dict:
    from django.db import connection

    params = {
        "y0": datetime.date(year - 1, 1, 1),
        "y1": datetime.date(year, 1, 1),
        "y2": datetime.date(year + 1, 1, 1),
    }
    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL, params)
        row = cursor.fetchone()
    keys = [
        "reported",
        "reported_prev",
        "cracked_down",
        "cracked_down_prev",
        "suspects_arrested",
        "suspects_arrested_prev",
    ]
    return {k: int(v or 0) for k, v in zip(keys, row, strict=True)}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument(
        "--compare-bulk",
        type=int,
        default=20000,
        help="cases written by bare bulk_create for comparison (rolled back); 0: none",
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time again on the cases of an earlier run (same SANTISUK_VAR_DIR or DATABASE_URL)",
    )
    args = parser.parse_args()
    django_setup()

    from django.db import connection

    from santisuk.audit.context import command_context
    from santisuk.cases.models import Case
    from santisuk.stats.selectors import annual_review

    log = sys.stderr.write
    year = datetime.date.today().year - 1
    years = (year - 2, year - 1, year)
    imported = bulk = None
    if args.reuse and Case.objects.count() >= args.cases:
        log(f"reusing the {Case.objects.count():,} cases already in the database\n")
    else:
        with command_context(["bench_annual_review"]):
            start = time.perf_counter()
            provinces, units, villages = reference_data()
            log(f"reference data: {time.perf_counter() - start:.1f}s\n")
            gen = Generator(args.seed, years, provinces, villages)
            folder = Path(tempfile.mkdtemp(prefix="santisuk-cases-"))
            start = time.perf_counter()
            paths = write_files(gen, args.cases, folder, units)
            log(f"files written in {time.perf_counter() - start:.1f}s: {folder}\n")
            imported = import_files(paths, args.cases)
            log(f"import: {imported}\n")
            if args.compare_bulk:
                bulk = bulk_compare(gen, args.compare_bulk, units)
                log(f"bulk_create comparison: {bulk}\n")
            shutil.rmtree(folder)
    with connection.cursor() as cursor:
        # Fresh planner statistics, as after a nightly maintenance run.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    review = annual_review(year=year)
    hand = hand_totals(year)
    same = all(review["totals"][k] == v for k, v in hand.items())
    same_rows = same_as_review(review, hand_review(year))
    # Alternating rounds: on a shared machine, load that comes and goes hits all alike.
    review_times, hand_times, full_times = [], [], []
    for _ in range(args.repeat):
        review_times.append(median_seconds(lambda: annual_review(year=year), 1))
        hand_times.append(median_seconds(lambda: hand_totals(year), 1))
        full_times.append(median_seconds(lambda: hand_review(year), 1))
    review_s, hand_s = statistics.median(review_times), statistics.median(hand_times)
    full_s = statistics.median(full_times)
    print(
        json.dumps(
            {
                "benchmark": "annual_review",
                "date": datetime.date.today().isoformat(),
                "machine": machine(),
                "cases": Case.objects.count(),
                "people_per_case": round(
                    Case.parties.rel.related_model.objects.count() / Case.objects.count(), 2
                ),
                "arrests": Case.arrests.rel.related_model.objects.count(),
                "year": year,
                "import": imported,
                "import_peak_rss_mb": round(peak_rss_mb()),
                "bulk_create_comparison": bulk,
                "review_median_s": round(review_s, 3),
                "hand_sql_totals_median_s": round(hand_s, 3),
                "ratio": round(review_s / hand_s, 2),
                "hand_sql_full_review_median_s": round(full_s, 3),
                "ratio_to_full_hand_review": round(review_s / full_s, 2),
                "repeat": args.repeat,
                "same_totals": same,
                "same_rows_as_hand_review": same_rows,
                "totals": hand,
                "provinces_in_review": len(review["by_province"]),
                "crime_types_in_review": len(review["by_crime_type"]),
            },
            indent=2,
        )
    )
    if not (same and same_rows):
        sys.exit("The review's figures differ from the hand-written queries'.")


if __name__ == "__main__":
    main()
