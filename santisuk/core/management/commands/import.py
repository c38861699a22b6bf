"""``santisuk import <kind> FILE``: the bulk import of any module that registers an importer.

Each app lists its importers in ``santisuk/<app>/imports.py`` (an ``Importer`` subclass with a
``name``); they are found at start-up, so a new module needs no change here.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import autodiscover_modules

from santisuk.core import imports


class Command(BaseCommand):
    help = "Import a CSV file: santisuk import <kind> FILE [--dry-run] [--skip-invalid]"

    def add_arguments(self, parser):
        autodiscover_modules("imports")
        parser.add_argument(
            "kind", help="what the file holds: " + ", ".join(sorted(imports.registry))
        )
        imports.add_arguments(parser)
        added = set()
        for importer_class in imports.registry.values():
            for flag, kwargs in importer_class.cli_options:
                if flag not in added:
                    added.add(flag)
                    parser.add_argument(flag, **kwargs)

    def handle(self, *args, **options):
        importer_class = imports.registry.get(options["kind"])
        if importer_class is None:
            known = ", ".join(sorted(imports.registry)) or "none"
            raise CommandError(f"Unknown kind of import “{options['kind']}” (known: {known}).")
        own = {imports.option_dest(flag) for flag, _kwargs in importer_class.cli_options}
        for other in imports.registry.values():
            for flag, _kwargs in other.cli_options:
                dest = imports.option_dest(flag)
                if dest not in own and options.get(dest) not in (None, False):
                    raise CommandError(
                        f"{flag} is an option of “santisuk import {other.name}” only."
                    )
        extra = {dest: options.get(dest) for dest in own}
        imports.run_command(self, importer_class(), options, extra)
