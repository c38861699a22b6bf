"""How fast the annual work review is on a national volume of cases.

Generates N cases over three years (about 1.4 people per case, arrests in the cases cleared by
arrest, some repeat offenders), on the real national gazetteer with one commissariat per
province. A sample of them (``--import-sample``, default 2,000) goes through the real import
path, ``santisuk import cases CASES.csv --persons PERSONS.csv`` (the cases module's importer, one
case per service call with its change-log entries), and its rate is measured. The rest is written
with ``bulk_create`` in batches (no change log), because the row-by-row importer would take hours
at a million cases; that rate is printed too, separately.

Then times ``stats.selectors.annual_review`` for the whole country (all provinces, every crime
type), and, in the same run and database, one hand-written SQL query computing the same totals;
checks that both give the same totals; prints JSON with medians of ``--repeat`` runs.

    .venv/bin/python bench/annual_review.py --cases 20000
    DATABASE_URL=postgres://... .venv/bin/python bench/annual_review.py --cases 200000
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import django_setup, machine, median_seconds

STATUSES = [  # (status, weight): most cases are cracked down, as in the published reviews
    ("cleared_by_arrest", 55),
    ("open", 30),
    ("cleared_exceptionally", 5),
    ("unfounded", 5),
    ("closed", 5),
]
CRIME_WEIGHTS = {
    "theft": 30,
    "drug_use": 15,
    "drug_trafficking": 8,
    "assault": 10,
    "robbery": 6,
    "burglary": 5,
    "vehicle_theft": 5,
    "fraud": 5,
    "domestic_violence": 4,
    "social_violence": 4,
    "gambling": 3,
    "weapons": 2,
    "homicide": 1,
    "rape": 1,
    "other": 1,
}


def reference_data():
    from santisuk.cases.services import crime_types_load
    from santisuk.geo.models import Area
    from santisuk.geo.services import gazetteer_load
    from santisuk.org.models import Unit
    from santisuk.org.services import unit_create

    if not Area.objects.exists():
        gazetteer_load()
    crime_types_load()
    provinces = list(Area.objects.filter(level="province", valid_to__isnull=True).order_by("code"))
    if not Unit.objects.filter(code="MOI").exists():
        moi = unit_create(code="MOI", name_en="Ministry of Interior", kind="ministry")
        for area in provinces:
            unit_create(
                code=f"P{area.code}",
                name_en=f"{area.name_en} Police Commissariat",
                kind="provincial_commissariat",
                parent=moi,
                province=area,
                jurisdiction=[area],
            )
    units = {u.province_id: u for u in Unit.objects.filter(code__startswith="P")}
    villages: dict[int, list] = {}
    for area in Area.objects.filter(level="village", valid_to__isnull=True).only(
        "id", "code", "province_id"
    ):
        villages.setdefault(area.province_id, []).append(area)
    provinces = [p for p in provinces if villages.get(p.pk)]
    return provinces, units, villages


class Generator:
    """Deterministic cases; one call to ``case`` gives one case with its people."""

    def __init__(self, seed: int, years: tuple[int, int, int], provinces, villages):
        self.rng = random.Random(seed)
        self.years = years
        self.provinces = provinces
        # Phnom Penh and the big provinces record more cases.
        self.weights = [
            6 if p.code == "12" else 2 if p.code in ("17", "18", "02") else 1 for p in provinces
        ]
        self.villages = villages
        self.codes = list(CRIME_WEIGHTS)
        self.code_weights = list(CRIME_WEIGHTS.values())
        self.statuses = [s for s, _ in STATUSES]
        self.status_weights = [w for _, w in STATUSES]

    def day(self) -> datetime.date:
        year = self.rng.choice(self.years)
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))

    def case(self, index: int) -> dict:
        rng = self.rng
        province = rng.choices(self.provinces, self.weights)[0]
        village = rng.choice(self.villages[province.pk])
        types = {rng.choices(self.codes, self.code_weights)[0]}
        if rng.random() < 0.15:
            types.add(rng.choices(self.codes, self.code_weights)[0])
        status = rng.choices(self.statuses, self.status_weights)[0]
        reported = self.day()
        people = 1 + (rng.random() < 0.4)  # about 1.4 people per case
        parties = []
        for n in range(people):
            suspect = n == 0 or rng.random() < 0.5
            arrested = suspect and status == "cleared_by_arrest" and (n == 0 or rng.random() < 0.7)
            parties.append(
                {
                    "role": "suspect" if suspect else "victim",
                    "arrested": arrested,
                    # One suspect in ten was arrested before: a repeat offender.
                    "repeat": arrested and rng.random() < 0.1,
                    "sex": rng.choice("MF"),
                    "birth_year": rng.randrange(1950, 2006),
                }
            )
        return {
            "reference": f"B{index:08d}",
            "province": province,
            "village": village,
            "types": sorted(types),
            "status": status,
            "reported_on": reported,
            "cleared_on": reported + datetime.timedelta(days=rng.randrange(30))
            if status in ("cleared_by_arrest", "cleared_exceptionally")
            else None,
            "approved": rng.random() < 0.95,
            "parties": parties,
        }


def import_sample(gen: Generator, count: int, units) -> dict:
    """Write CASES.csv and PERSONS.csv and run the real importer on them."""
    from django.core.management import call_command

    folder = Path(tempfile.mkdtemp(prefix="santisuk-cases-"))
    cases_path, persons_path = folder / "CASES.csv", folder / "PERSONS.csv"
    today = datetime.date.today()
    with cases_path.open("w", newline="") as cf, persons_path.open("w", newline="") as pf:
        cw, pw = csv.writer(cf), csv.writer(pf)
        cw.writerow(
            [
                "reference",
                "crime_type",
                "reported_on",
                "occurred_on",
                "location_code",
                "unit_code",
                "status",
                "cleared_on",
                "exceptional_reason",
                "summary",
            ]
        )
        pw.writerow(
            [
                "case_reference",
                "role",
                "family_name",
                "given_name",
                "name_km",
                "sex",
                "date_of_birth",
                "nationality",
                "id_card_number",
                "arrested_on",
            ]
        )
        for index in range(count):
            c = gen.case(index)
            cleared = min(c["cleared_on"], today) if c["cleared_on"] else None
            cw.writerow(
                [
                    f"I{index:08d}",
                    ";".join(c["types"]),
                    c["reported_on"].isoformat(),
                    "",
                    c["village"].code,
                    units[c["province"].pk].code,
                    c["status"],
                    cleared.isoformat() if cleared else "",
                    "other" if c["status"] == "cleared_exceptionally" else "",
                    "",
                ]
            )
            for n, p in enumerate(c["parties"]):
                pw.writerow(
                    [
                        f"I{index:08d}",
                        p["role"],
                        "SOK",
                        f"IMP{index}N{n}",
                        "",
                        p["sex"],
                        str(p["birth_year"]),
                        "",
                        "",
                        (cleared or c["reported_on"]).isoformat() if p["arrested"] else "",
                    ]
                )
    start = time.perf_counter()
    summary = io.StringIO()  # the command's summary line would spoil the JSON on stdout
    call_command("import", "cases", str(cases_path), "--persons", str(persons_path), stdout=summary)
    seconds = time.perf_counter() - start
    from santisuk.cases.models import Case

    imported = Case.objects.filter(reference__startswith="I").count()
    return {
        "path": "santisuk import cases CASES.csv --persons PERSONS.csv",
        "cases": imported,
        "seconds": round(seconds, 2),
        "cases_per_s": round(imported / seconds, 1),
    }


def bulk_load(gen: Generator, count: int, units, batch: int = 5000, progress=None) -> dict:
    from django.db import transaction

    from santisuk.cases.models import Arrest, Case, CaseParty, CrimeType, Offence
    from santisuk.people.models import Person

    types = {t.code: t.pk for t in CrimeType.objects.all()}
    arrested_people: list[int] = []
    start = time.perf_counter()
    done = 0
    while done < count:
        size = min(batch, count - done)
        generated = [gen.case(done + i) for i in range(size)]
        with transaction.atomic():
            cases = [
                Case(
                    reference=c["reference"],
                    owner_unit=units[c["province"].pk],
                    reported_on=c["reported_on"],
                    place_id=c["village"].pk,
                    province_id=c["province"].pk,
                    status=c["status"],
                    exceptional_reason="other" if c["status"] == "cleared_exceptionally" else "",
                    cleared_on=c["cleared_on"],
                    workflow_state="approved" if c["approved"] else "submitted",
                )
                for c in generated
            ]
            Case.objects.bulk_create(cases)
            Offence.objects.bulk_create(
                [
                    Offence(case=case, crime_type_id=types[code])
                    for case, c in zip(cases, generated, strict=True)
                    for code in c["types"]
                ]
            )
            new_people = []
            links = []  # (case, party, person or index into new_people)
            for case, c in zip(cases, generated, strict=True):
                for n, p in enumerate(c["parties"]):
                    if p["repeat"] and arrested_people:
                        links.append((case, p, gen.rng.choice(arrested_people)))
                        continue
                    person = Person(
                        family_name="SOK",
                        given_name=f"{c['reference']}N{n}",
                        sex=p["sex"],
                        birth_year=p["birth_year"],
                        nationality="KHM",
                    )
                    person.normalise()
                    new_people.append(person)
                    links.append((case, p, person))
            Person.objects.bulk_create(new_people)
            parties, arrests = [], []
            for case, p, person in links:
                person_id = person if isinstance(person, int) else person.pk
                parties.append(CaseParty(case=case, person_id=person_id, role=p["role"]))
                if p["arrested"]:
                    arrests.append(
                        Arrest(
                            case=case,
                            person_id=person_id,
                            arrested_on=case.cleared_on or case.reported_on,
                        )
                    )
                    arrested_people.append(person_id)
            CaseParty.objects.bulk_create(parties, ignore_conflicts=True)
            Arrest.objects.bulk_create(arrests, ignore_conflicts=True)
        done += size
        if progress:
            progress(done)
    seconds = time.perf_counter() - start
    return {
        "path": "bulk_create",
        "cases": count,
        "seconds": round(seconds, 1),
        "cases_per_s": round(count / seconds),
    }


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--import-sample", type=int, default=2000)
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
            sample = min(args.import_sample, args.cases)
            imported = import_sample(gen, sample, units) if sample else None
            log(f"import: {imported}\n")
            step = max(args.cases // 10, 1)

            def progress(done):
                if done % step < 5000:
                    log(f"bulk: {done:,} cases\n")

            bulk = bulk_load(gen, args.cases - sample, units, progress=progress)
            log(f"bulk: {bulk}\n")
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
                "import_sample": imported,
                "bulk_load": bulk,
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
