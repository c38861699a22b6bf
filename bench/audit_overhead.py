"""What the automatic, hash-chained change log costs a write.

Creates N people one by one through the ORM, each save writing its change-log entry (the path
every service takes), and compares with the same N rows written one by one by plain SQL INSERTs
with no log, in the same run and the same database. Prints JSON.

    .venv/bin/python bench/audit_overhead.py --rows 2000
"""

from __future__ import annotations

import argparse
import json
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
    start = time.perf_counter()
    for _ in range(args.rows):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, values)
    plain = time.perf_counter() - start

    before = ChangeEntry.objects.count()
    start = time.perf_counter()
    for i in range(args.rows):
        with transaction.atomic():
            person(i).save()
    audited = time.perf_counter() - start
    entries = ChangeEntry.objects.count() - before

    print(
        json.dumps(
            {
                "benchmark": "audit_overhead",
                "date": date.today().isoformat(),
                "machine": machine(),
                "rows": args.rows,
                "audited_writes_per_s": round(args.rows / audited),
                "plain_inserts_per_s": round(args.rows / plain),
                "cost_ratio": round(audited / plain, 2),
                "change_entries_written": entries,
            }
        )
    )


if __name__ == "__main__":
    main()
