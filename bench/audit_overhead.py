"""What the automatic, hash-chained change log costs a write.

Creates N people one by one through the ORM, each save writing its change-log entry (the path
every service takes), and compares with the same N rows written one by one by plain SQL INSERTs
with no log, in the same run and the same database. Prints JSON.

    .venv/bin/python bench/audit_overhead.py --rows 2000
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import django_setup, machine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    django_setup()

    from django.db import connection, transaction

    from santisuk.audit.models import ChangeEntry
    from santisuk.people.models import Person

    def person(i: int) -> Person:
        return Person(
            family_name="SOK",
            given_name=f"DARA{i}",
            name_km="សុខ ដារា",
            sex="M",
            birth_year=1980 + i % 30,
            nationality="KHM",
        )

    # Baseline: the same table, plain INSERTs, one transaction per row as a form submit would.
    template = person(0)
    template.save()  # fills the normalised columns the model computes
    columns = [f.column for f in Person._meta.concrete_fields if f.column != "id"]
    values = [
        getattr(template, f.attname) for f in Person._meta.concrete_fields if f.column != "id"
    ]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        Person._meta.db_table, ", ".join(columns), ", ".join(["%s"] * len(columns))
    )

    def plain_batch(n: int) -> float:
        start = time.perf_counter()
        for _ in range(n):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, values)
        return time.perf_counter() - start

    def audited_batch(n: int) -> float:
        start = time.perf_counter()
        for i in range(n):
            with transaction.atomic():
                person(i).save()
        return time.perf_counter() - start

    # Alternate the two in rounds so that warm-up and a busy neighbour hit both alike.
    batch = max(1, args.rows // args.rounds)
    before = ChangeEntry.objects.count()
    plain, audited = [], []
    for _ in range(args.rounds):
        plain.append(plain_batch(batch))
        audited.append(audited_batch(batch))
    entries = ChangeEntry.objects.count() - before
    ratios = [a / p for a, p in zip(audited, plain, strict=True)]
    print(
        json.dumps(
            {
                "benchmark": "audit_overhead",
                "date": date.today().isoformat(),
                "machine": machine(),
                "rows_each": batch * args.rounds,
                "rounds": args.rounds,
                "audited_writes_per_s_median": round(batch / statistics.median(audited)),
                "plain_inserts_per_s_median": round(batch / statistics.median(plain)),
                "cost_ratio_median": round(statistics.median(ratios), 2),
                "change_entries_written": entries,
            }
        )
    )


if __name__ == "__main__":
    main()
