from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from santisuk.elections.models import Election
from santisuk.elections.services import current_election, incidents_escalate, sitrep_generate
from santisuk.geo.models import Area

TASKS = ("escalate", "sitrep")


class Command(BaseCommand):
    help = _(
        "Election security tasks, run from cron: `elections escalate` (every few minutes) and "
        "`elections sitrep [--election SLUG] [--province CODE]` (daily; hourly on polling day)."
    )

    def add_arguments(self, parser):
        parser.add_argument("task", help=", ".join(TASKS))
        parser.add_argument("--election", help=_("election slug (default: the current one)"))
        parser.add_argument("--province", help=_("province code (default: national)"))

    def handle(self, *args, task, election=None, province=None, **options):
        if task not in TASKS:
            raise CommandError(
                _("Unknown task %(task)s; known: %(known)s.")
                % {"task": task, "known": ", ".join(TASKS)}
            )
        if task == "escalate":
            escalated = incidents_escalate()
            for incident in escalated:
                self.stdout.write(
                    _("%(number)s escalated to %(unit)s")
                    % {"number": incident.number, "unit": incident.assigned_unit.code}
                )
            self.stdout.write(_("%(count)d incident(s) escalated.") % {"count": len(escalated)})
            return
        chosen = Election.objects.filter(slug=election).first() if election else current_election()
        if chosen is None:
            raise CommandError(_("No election %(slug)s.") % {"slug": election or ""})
        area = None
        if province:
            area = Area.objects.filter(code=province, level="province").first()
            if area is None:
                raise CommandError(_("No province has the code %(code)s.") % {"code": province})
        report = sitrep_generate(election=chosen, province=area, actor=None)
        self.stdout.write(
            _(
                "Situation report %(number)d: %(total)d incident(s), %(open)d open, "
                "%(overdue)d overdue."
            )
            % {
                "number": report.number,
                "total": report.figures["total"],
                "open": report.figures["open"],
                "overdue": report.figures["overdue"],
            }
        )
