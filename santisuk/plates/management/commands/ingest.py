"""``santisuk ingest sightings FILE``: camera sightings from an NDJSON or CSV file.

Prints one JSON line: {"accepted": N, "duplicates": N, "rejected": N}; the reasons of rejected
rows go to stderr (and every rejected row to the quarantine table).
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from santisuk.plates.ingest import BATCH_SIZE, ingest_file


class Command(BaseCommand):
    help = "Ingest sightings: santisuk ingest sightings FILE [--format ndjson|csv]"

    def add_arguments(self, parser):
        parser.add_argument("kind", help="what the file holds: sightings")
        parser.add_argument("file", help="NDJSON (one object per line) or CSV with a header")
        parser.add_argument(
            "--format",
            choices=["ndjson", "csv"],
            default="",
            help="default: from the file's extension (.csv, else NDJSON)",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, **options):
        if options["kind"] != "sightings":
            raise CommandError(f"Unknown kind of ingest “{options['kind']}” (known: sightings).")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        result = ingest_file(
            path,
            fmt=options["format"],
            progress=sys.stderr.isatty(),
            batch_size=options["batch_size"],
        )
        for rejection in result.rejections:
            self.stderr.write(f"line {rejection['line']}: {rejection['reason']}")
        self.stdout.write(json.dumps(result.counts()))
