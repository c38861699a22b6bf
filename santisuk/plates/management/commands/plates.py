"""``santisuk plates alerts [--format json]`` and ``santisuk plates purge [--dry-run]``."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from santisuk.plates.models import Alert
from santisuk.plates.retention import sightings_purge
from santisuk.plates.rules import pending_sightings_check


class Command(BaseCommand):
    help = "Police plates: list alerts, check pending sightings, purge old sightings"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        alerts = sub.add_parser("alerts", help="list misuse alerts")
        alerts.add_argument("--format", choices=["text", "json"], default="text")
        alerts.add_argument("--status", help="only alerts with this status (open, closed …)")
        alerts.add_argument(
            "--check-pending",
            action="store_true",
            help="first check sightings committed but not yet checked",
        )
        purge = sub.add_parser("purge", help="remove sightings past their retention period")
        purge.add_argument("--dry-run", action="store_true", help="count, remove nothing")

    def handle(self, *args, **options):
        if options["action"] == "purge":
            result = sightings_purge(dry_run=options["dry_run"])
            self.stdout.write(json.dumps(result.as_dict()))
            return
        if options["check_pending"]:
            pending_sightings_check()
        alerts = Alert.objects.select_related("rule", "plate", "venue", "unit").order_by("pk")
        if options["status"]:
            from santisuk.plates.choices import AlertStatus

            if options["status"] not in AlertStatus.values:
                raise CommandError(
                    f"Unknown status “{options['status']}” "
                    f"(known: {', '.join(AlertStatus.values)})."
                )
            alerts = alerts.filter(status=options["status"])
        rows = []
        for alert in alerts.iterator(chunk_size=1000):
            row = {
                "number": alert.number,
                "rule": alert.rule.code,
                "severity": alert.severity,
                "plate": alert.plate.number,
                "unit": alert.unit.code,
                "venue": alert.venue.name if alert.venue else None,
                "seen_at": timezone.localtime(alert.seen_at).isoformat(),
                "status": alert.status,
                "outcome": alert.outcome or None,
            }
            if options["format"] == "json":
                rows.append(row)
            else:
                self.stdout.write(
                    f"{row['number']}  {row['rule']:<20} {row['plate']:<16} "
                    f"{row['venue'] or '-':<24} {row['status']}"
                )
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
