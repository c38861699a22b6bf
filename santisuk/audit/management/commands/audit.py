"""``santisuk audit verify``: walk both hash chains and name the first altered, removed or
reordered entry."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from santisuk.audit import chain
from santisuk.audit.models import AccessEntry, ChangeEntry

LOGS = (("change log", ChangeEntry), ("access log", AccessEntry))


class Command(BaseCommand):
    help = "Audit log tools. 'verify' checks that the change and access logs are intact."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND")
        subcommands.add_parser(
            "verify",
            help="Walk both hash chains; exit 1 naming the first altered, removed or "
            "reordered entry.",
        )

    def handle(self, *args, subcommand: str | None = None, **options):
        if subcommand == "verify":
            return self.verify(options["verbosity"])
        # A missing subcommand is a user error like any other: one line, exit status 1.
        raise CommandError(_("name a subcommand: verify (see 'santisuk audit --help')"))

    def verify(self, verbosity: int) -> None:
        summary, problems = [], []
        for label, model in LOGS:
            report = chain.verify(model)
            if report.intact:
                summary.append(
                    _("%(log)s: %(count)s entries intact") % {"log": label, "count": report.count}
                )
                if verbosity >= 2:
                    self.stdout.write(
                        _("%(log)s head hash: %(hash)s") % {"log": label, "hash": report.head}
                    )
            else:
                problems.append(f"{label} ({model._meta.db_table}): {report.problem}")
        if problems:
            raise CommandError(
                _("audit log tampered: %(problems)s") % {"problems": "; ".join(problems)}
            )
        self.stdout.write("; ".join(summary))
