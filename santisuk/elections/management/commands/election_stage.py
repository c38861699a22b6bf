import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from santisuk.elections.models import Election
from santisuk.elections.services import first_stage_date, stage_for


class Command(BaseCommand):
    help = _("Print the stage code of an election on a date: election_stage SLUG YYYY-MM-DD")

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("date")

    def handle(self, *args, slug, date, **options):
        election = Election.objects.filter(slug=slug).first()
        if election is None:
            raise CommandError(_("No election has the slug %(slug)s.") % {"slug": slug})
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError:
            raise CommandError(
                _("DATE must be a date as YYYY-MM-DD, not %(value)s.") % {"value": date}
            ) from None
        stage = stage_for(election, day)
        if stage is None:
            first = first_stage_date(election)
            if first is None:
                raise CommandError(_("Election %(slug)s has no stages.") % {"slug": slug})
            if day < first:
                raise CommandError(
                    _("%(date)s is before the first stage of %(slug)s (%(first)s).")
                    % {"date": day, "slug": slug, "first": first}
                )
            raise CommandError(
                _("No stage of %(slug)s covers %(date)s.") % {"slug": slug, "date": day}
            )
        self.stdout.write(stage.code)
