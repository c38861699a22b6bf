"""Running an import from a management command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from santisuk.core.imports.importer import Importer, ImportResult


def add_arguments(parser: Any) -> None:
    """The options every import command takes."""
    parser.add_argument("file", help="CSV file, UTF-8, first line naming the columns")
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="write the good rows and leave out the bad ones (default: write nothing if any "
        "row is bad)",
    )
    parser.add_argument("--rejects", help="write the bad rows with a reason column to this file")
    parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")


def summary(result: ImportResult) -> str:
    counts = _(
        "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(rejected)d rejected"
    ) % {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": result.rejected,
    }
    if result.committed:
        return counts
    if result.fatal:
        return _("Nothing written: the file cannot be imported.")
    if result.dry_run:
        return _("Dry run, nothing written: %(counts)s.") % {"counts": counts}
    return ngettext(
        "Nothing written: %(count)d row has errors (--skip-invalid imports the others).",
        "Nothing written: %(count)d rows have errors (--skip-invalid imports the others).",
        result.rejected,
    ) % {"count": result.rejected}


def option_dest(flag: str) -> str:
    return flag.lstrip("-").replace("-", "_")


def run_command(
    command: Any, importer: Importer, options: dict[str, Any], extra: dict[str, Any] | None = None
) -> ImportResult:
    """Run an import for a management command: errors on stderr, the counts on stdout, and a
    ``CommandError`` (exit status 1) when the file was refused. ``extra`` holds the values of
    the importer's own ``cli_options``."""
    from django.core.management.base import CommandError

    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(_("No such file: %(path)s") % {"path": path})
    result = importer.run(
        path,
        skip_invalid=options.get("skip_invalid", False),
        rejects=options.get("rejects"),
        dry_run=options.get("dry_run", False),
        **(extra or {}),
    )
    for error in result.errors:
        value = f" “{error.value}”" if error.value else ""
        command.stderr.write(f"{error}{value}")
    if result.error_count > len(result.errors):
        command.stderr.write(
            _("… and %(count)d more errors.") % {"count": result.error_count - len(result.errors)}
        )
    message = summary(result)
    if result.fatal or (result.rejected and not result.committed and not result.dry_run):
        raise CommandError(message)
    command.stdout.write(message)
    return result
