"""``santisuk report annual --year YEAR [--province CODE] [--format F] [--output FILE]``.

Without a user the review is national: the command is run by the records unit on the server."""

from __future__ import annotations

import os
import sys

from django.core.management.base import BaseCommand, CommandError

from santisuk.stats import exports
from santisuk.stats.forms import FIRST_YEAR, _today
from santisuk.stats.selectors import annual_review, province_get
from santisuk.stats.views import scope_label


class Command(BaseCommand):
    help = "Statistical reports: santisuk report annual --year YEAR [--province CODE]"

    def add_arguments(self, parser):
        reports = parser.add_subparsers(dest="report", title="reports", required=True)
        annual = reports.add_parser(
            "annual", help="The annual work review: the year against the year before."
        )
        # Checked in handle(), not by argparse, so that a bad value is one line and exit 1.
        annual.add_argument("--year", help="the year reviewed, e.g. 2023")
        annual.add_argument("--province", default="", help="two-digit province code, e.g. 17")
        annual.add_argument("--format", default="json", help="json (default), csv, xlsx or html")
        annual.add_argument(
            "--output", default="", help="file to write; standard output if not given"
        )

    def handle(self, *args, **options):
        year_text = options.get("year")
        if not year_text:
            raise CommandError("Give the year with --year, e.g. --year 2023.")
        try:
            year = int(year_text)
        except ValueError:
            raise CommandError(f"--year must be a year such as 2023, not “{year_text}”.") from None
        last = _today().year
        if not FIRST_YEAR <= year <= last:
            raise CommandError(f"--year must be between {FIRST_YEAR} and {last}.")
        fmt = options["format"].lower()
        if fmt not in exports.FORMATS:
            raise CommandError(
                f"--format must be one of {', '.join(exports.FORMATS)}, not “{options['format']}”."
            )
        province = None
        if options["province"]:
            province = province_get(options["province"].strip())
            if province is None:
                raise CommandError(f"Unknown province code “{options['province']}”.")
        output = options["output"]
        if fmt == "xlsx" and not output and sys.stdout.isatty():
            raise CommandError("An XLSX workbook is not printed on a terminal: give --output FILE.")
        review = annual_review(year=year, province=province)
        content = exports.render(review, fmt, scope_label(None, province))
        if output:
            try:
                with open(output, "wb") as handle:
                    handle.write(content)
            except OSError as exc:
                raise CommandError(f"Cannot write {output}: {exc.strerror}.") from None
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.flush()
            try:
                sys.stdout.buffer.write(content)
                if fmt != "xlsx":
                    sys.stdout.buffer.write(b"\n")
                sys.stdout.flush()
            except BrokenPipeError:
                # The reader (e.g. head) stopped early: not an error. As the Python docs advise,
                # point stdout at devnull so the flush at exit does not fail again.
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
