"""How fast camera sightings go through the ingest, against a plain bulk load of the same rows.

Generates ``--size`` camera sightings (``--police`` of them, default 1%, on registered police
plates; ``--at-venue`` of those, default 20%, inside a restricted venue's radius) as an NDJSON
file, then in the same run and database:

1. baseline: the same file read and loaded into a bare table with no index (COPY on PostgreSQL,
   executemany in one transaction on SQLite);
2. ingest: ``santisuk.plates.ingest`` in a child process (a forked reader process parses and
   validates, normalises plates, matches venues; the child writes each batch skipping known
   keys, quarantines bad rows and checks the batch's police-plate sightings against the misuse
   rules before the batch's commit, so alerts commit with their sightings), reporting its rows
   per second, its peak memory (the child's and its reader's maximum resident sets, added up)
   and, for each alert, the time from its batch's sightings being written to the commit that
   makes them and the alert visible (p50/p95);
3. re-ingest of the same file: rows added must be 0.

    .venv/bin/python bench/sightings_ingest.py --size 20000           # smoke
    .venv/bin/python bench/sightings_ingest.py --size 1000000
    DATABASE_URL=postgres://... .venv/bin/python bench/sightings_ingest.py --size 1000000
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

PLATES = 2000
VENUES = 200
# Phnom Penh's extent, where the generated cameras stand.
BOX = (11.45, 104.80, 11.65, 105.00)


def _world(rng: random.Random):
    """A province with a commissariat, police plates and restricted venues."""
    from santisuk.geo.models import Area
    from santisuk.org.services import unit_create
    from santisuk.plates.models import Plate, Venue, VenueType
    from santisuk.plates.normalise import normalise_plate

    today = datetime.date(2025, 1, 1)
    province = Area(code="12", level="province", name_en="Phnom Penh", valid_from=today)
    province.save()
    province.province = province
    province.save()
    commune = Area(
        code="120101",
        level="commune",
        name_en="Tonle Basak",
        parent=province,
        province=province,
        valid_from=today,
    )
    commune.save()
    unit = unit_create(
        code="PP",
        name_en="Phnom Penh Police Commissariat",
        kind="provincial_commissariat",
        province=province,
        jurisdiction=[province],
    )
    numbers = [f"POLICE {i % 9 + 1}-{i:04d}" for i in range(PLATES)]
    Plate.objects.bulk_create(
        Plate(number=n, normalised=normalise_plate(n), unit=unit) for n in numbers
    )
    casino = VenueType.objects.get(code="casino")
    venues = []
    for i in range(VENUES):
        lat, lon = rng.uniform(BOX[0], BOX[2]), rng.uniform(BOX[1], BOX[3])
        venues.append(
            Venue(
                name=f"Venue {i}",
                venue_type=casino,
                location=commune,
                latitude=lat,
                longitude=lon,
                radius_m=60,
            )
        )
    Venue.objects.bulk_create(venues)
    return numbers, [(v.latitude, v.longitude) for v in venues]


def _generate(path: Path, size: int, police: float, at_venue: float, numbers, venues, seed):
    rng = random.Random(seed)
    # Every row in the past (the ingest refuses readings from the future), one every 2 s.
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    start = now - datetime.timedelta(seconds=2 * size + 3600)
    with path.open("w", encoding="utf-8") as out:
        for i in range(size):
            seen = start + datetime.timedelta(seconds=i * 2)
            row = {
                "source": "camera",
                "device_id": f"CAM-{i % 500:03d}",
                "captured_at": seen.isoformat(),
                "image_sha256": f"{rng.getrandbits(256):064x}",
            }
            if rng.random() < police:
                row["plate_text"] = rng.choice(numbers)
                if rng.random() < at_venue:
                    lat, lon = rng.choice(venues)
                else:
                    lat, lon = rng.uniform(BOX[0], BOX[2]), rng.uniform(BOX[1], BOX[3])
            else:
                row["plate_text"] = f"2{chr(65 + i % 26)}-{i % 10000:04d}-{i // 10000}"
                lat, lon = rng.uniform(BOX[0], BOX[2]), rng.uniform(BOX[1], BOX[3])
            row["latitude"], row["longitude"] = round(lat, 6), round(lon, 6)
            out.write(json.dumps(row) + "\n")


def _baseline(path: Path) -> float:
    """Read the same file and load it into a bare table with no index."""
    from django.db import connection, transaction

    columns = ("device_id", "captured_at", "plate_text", "latitude", "longitude", "image_sha256")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_sighting")
        cursor.execute(
            "CREATE TABLE bench_bare_sighting (device_id varchar(64), captured_at varchar(40), "
            "plate_text varchar(40), latitude double precision, longitude double precision, "
            "image_sha256 varchar(64))"
        )

    def rows():
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                data = json.loads(line)
                yield tuple(data.get(c) for c in columns)

    begin = time.perf_counter()
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        copy_sql = f"COPY bench_bare_sighting ({', '.join(columns)}) FROM STDIN"
        with (
            transaction.atomic(),
            connection.connection.cursor() as raw,
            raw.copy(copy_sql) as copy,
        ):
            for row in rows():
                copy.write_row(row)
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            batch = []
            sql = f"INSERT INTO bench_bare_sighting VALUES ({', '.join(['%s'] * len(columns))})"
            for row in rows():
                batch.append(row)
                if len(batch) == 10_000:
                    cursor.executemany(sql, batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
    return time.perf_counter() - begin


def _child(path: Path, batch_size: int) -> None:
    """Runs in a child process so that its peak memory is the ingest's own."""
    from _setup import django_setup

    django_setup()
    from santisuk.plates.ingest import ingest_file

    begin = time.perf_counter()
    result = ingest_file(path, batch_size=batch_size)
    seconds = time.perf_counter() - begin
    latencies = sorted(result.alert_latencies)

    def pct(p):
        return (
            round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 4)
            if latencies
            else None
        )

    print(
        json.dumps(
            {
                **result.counts(),
                "alerts": result.alerts,
                "seconds": round(seconds, 3),
                "alert_latency_p50_s": pct(0.50),
                "alert_latency_p95_s": pct(0.95),
                # The writer and its reader process (the only child, joined by now).
                "peak_rss_mb": round(
                    (
                        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                        + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
                    )
                    / 1024,
                    1,
                ),
            }
        )
    )


def _run_child(path: Path, batch_size: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path), "--batch-size", str(batch_size)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--police", type=float, default=0.01)
    parser.add_argument("--at-venue", type=float, default=0.2)
    parser.add_argument("--batch-size", type=int, default=30_000, help="the command's default")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(Path(args.child), args.batch_size)
        return

    # One database for the parent and the children: a file, or the DATABASE_URL given.
    var = Path(tempfile.mkdtemp(prefix="santisuk-bench-"))
    os.environ["SANTISUK_VAR_DIR"] = str(var)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var / 'bench.sqlite3'}")
    from _setup import django_setup, machine

    django_setup()
    from santisuk.plates.models import Sighting

    rng = random.Random(args.seed)
    numbers, venues = _world(rng)
    path = var / "camera.ndjson"
    _generate(path, args.size, args.police, args.at_venue, numbers, venues, args.seed)

    baseline_s = _baseline(path)
    first = _run_child(path, args.batch_size)
    rows_after_first = Sighting.objects.count()
    again = _run_child(path, args.batch_size)
    rows_after_again = Sighting.objects.count()

    ingest_rate = args.size / first["seconds"]
    baseline_rate = args.size / baseline_s
    print(
        json.dumps(
            {
                "benchmark": "sightings_ingest",
                "machine": machine(),
                "size": args.size,
                "police_fraction": args.police,
                "baseline": {
                    "method": "COPY"
                    if os.environ["DATABASE_URL"].startswith("postgres")
                    else "executemany",
                    "seconds": round(baseline_s, 3),
                    "rows_per_s": round(baseline_rate),
                },
                "ingest": {**first, "rows_per_s": round(ingest_rate)},
                "ratio_to_baseline": round(ingest_rate / baseline_rate, 3),
                "reingest": {**again, "rows_added": rows_after_again - rows_after_first},
                "targets": {
                    "ratio_at_least_0.30": ingest_rate / baseline_rate >= 0.30,
                    "alert_p95_under_1s": (first["alert_latency_p95_s"] or 0) < 1.0,
                    "peak_memory_under_500mb": max(first["peak_rss_mb"], again["peak_rss_mb"])
                    < 500,
                    "reingest_adds_0": rows_after_again == rows_after_first,
                },
            },
            indent=2,
        )
    )
    # The generated file and the SQLite database take hundreds of megabytes at full size.
    from django.db import connection

    connection.close()
    shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
