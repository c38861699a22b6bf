"""``santisuk load_reference``: load or refresh every app's reference data, gazetteer first."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from santisuk.geo.reference import REFERENCE_LOADERS, result_lines, run_loader
from santisuk.geo.sources import SourceError


class Command(BaseCommand):
    help = gettext_lazy(
        "Load the reference data (the national gazetteer, then each app's reference tables). "
        "Safe to run again: only what differs is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet",
            action="store_true",
            help=gettext_lazy("No progress bar and no detail lines; only the summary."),
        )

    def handle(self, *args, quiet: bool = False, verbosity: int = 1, **options):
        progress = not quiet and verbosity > 0 and sys.stderr.isatty()
        for path in list(REFERENCE_LOADERS):
            try:
                result = run_loader(path, progress=progress)
            except ImportError as exc:
                raise CommandError(
                    _("Reference loader %(path)s cannot be imported: %(error)s")
                    % {"path": path, "error": exc}
                ) from None
            except SourceError as exc:
                raise CommandError(str(exc)) from None
            if verbosity > 0:
                for line in result_lines(result, details=not quiet):
                    self.stdout.write(line)
