from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from santisuk.elections.services import incidents_escalate


class Command(BaseCommand):
    help = _("Election security tasks: `elections escalate` (run every few minutes).")

    def add_arguments(self, parser):
        parser.add_argument("task", help="escalate")

    def handle(self, *args, task, **options):
        if task != "escalate":
            raise CommandError(_("Unknown task %(task)s; known: escalate.") % {"task": task})
        escalated = incidents_escalate()
        for incident in escalated:
            self.stdout.write(
                _("%(number)s escalated to %(unit)s")
                % {"number": incident.number, "unit": incident.assigned_unit.code}
            )
        self.stdout.write(_("%(count)d incident(s) escalated.") % {"count": len(escalated)})
