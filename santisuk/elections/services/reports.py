"""Situation reports and the figures of the operating picture, generated from the data."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from santisuk.audit.services import event_record
from santisuk.elections.choices import OPEN_STATUSES, Status
from santisuk.elections.models import Incident, SituationReport

SIGNIFICANT_SEVERITY = 4


def _counts(qs, field: str) -> dict[str, int]:
    return {
        str(row[field] or "-"): row["n"]
        for row in qs.values(field).annotate(n=Count("pk")).order_by(field)
    }


def overdue_q(now: datetime.datetime) -> Q:
    return Q(status__in=OPEN_STATUSES) & (
        Q(acknowledged_at__isnull=True, ack_due_at__lte=now) | Q(resolve_due_at__lte=now)
    )


def figures(*, election, province=None, start=None, end=None, now=None) -> dict[str, Any]:
    now = now or timezone.now()
    qs = Incident.objects.filter(election=election)
    if province is not None:
        qs = qs.filter(area__province=province)
    period = qs
    if start is not None:
        period = period.filter(occurred_at__gte=start)
    if end is not None:
        period = period.filter(occurred_at__lte=end)
    significant = period.filter(severity__gte=SIGNIFICANT_SEVERITY).order_by(
        "-severity", "occurred_at"
    )
    return {
        "total": period.count(),
        "by_crime": _counts(period, "crime_kind"),
        "by_election_kind": _counts(period, "election_kind"),
        "by_severity": _counts(period, "severity"),
        "by_stage": _counts(period, "stage"),
        "by_status": _counts(period, "status"),
        "open": qs.filter(status__in=OPEN_STATUSES).count(),
        "overdue": qs.filter(overdue_q(now)).count(),
        "significant": [
            {
                "number": i.number,
                "title": i.title,
                "severity": i.severity,
                "status": i.status,
                "occurred_at": timezone.localtime(i.occurred_at).isoformat(),
            }
            for i in significant[:50]
        ],
    }


def sitrep_generate(
    *,
    election,
    actor: Any,
    province=None,
    period_start: datetime.datetime | None = None,
    period_end: datetime.datetime | None = None,
    narrative: str = "",
) -> SituationReport:
    """Number the next report of the election and fill it from the incidents of the period
    (by default the day so far, or the last hour on polling day)."""
    end = period_end or timezone.now()
    if period_start is None:
        polling = timezone.localdate(end) == election.polling_date
        period_start = (
            end - datetime.timedelta(hours=1) if polling else end - datetime.timedelta(days=1)
        )
    # Counted before the write transaction: on SQLite a write transaction holds the database's
    # one write lock, which intake must not wait for while the counts are made.
    counted = figures(election=election, province=province, start=period_start, end=end, now=end)
    with transaction.atomic():
        number = (
            SituationReport.objects.select_for_update()
            .filter(election=election)
            .aggregate(n=Max("number"))["n"]
            or 0
        ) + 1
        report = SituationReport(
            election=election,
            number=number,
            province=province,
            period_start=period_start,
            period_end=end,
            figures=counted,
            narrative=narrative,
            created_by=actor,
        )
        report.full_clean()
        report.save()
        event_record(name="election_sitrep.generated", obj=report, data={"number": number})
    return report


@transaction.atomic
def sitrep_publish(*, report: SituationReport, actor: Any) -> SituationReport:
    """Put the report's counts on the public figures page (the public sees aggregates only)."""
    report.published_at = timezone.now()
    report.full_clean()
    report.save()
    event_record(name="election_sitrep.published", obj=report, data={"number": report.number})
    return report


PUBLIC_SECTIONS = ("total", "by_election_kind", "by_crime", "by_stage", "by_severity")


def public_figures(report: SituationReport) -> dict[str, Any]:
    return {key: report.figures.get(key) for key in PUBLIC_SECTIONS}


@transaction.atomic
def sitrep_update(*, report: SituationReport, actor: Any, narrative: str) -> SituationReport:
    report.narrative = narrative
    report.full_clean()
    report.save()
    return report


def dashboard(*, queryset, now=None) -> dict[str, Any]:
    """Open incidents by severity, overdue ones, mean time to acknowledge and to resolve."""
    now = now or timezone.now()
    open_qs = queryset.filter(status__in=OPEN_STATUSES)
    ack = [
        (i.acknowledged_at - i.assigned_at).total_seconds()
        for i in queryset.filter(acknowledged_at__isnull=False, assigned_at__isnull=False).only(
            "acknowledged_at", "assigned_at"
        )
    ]
    res = [
        (i.resolved_at - i.created_at).total_seconds()
        for i in queryset.filter(status=Status.RESOLVED, resolved_at__isnull=False).only(
            "resolved_at", "created_at"
        )
    ]
    return {
        "open_by_severity": _counts(open_qs, "severity"),
        "open": open_qs.count(),
        "overdue": list(open_qs.filter(overdue_q(now)).order_by("ack_due_at")[:100]),
        "mean_ack_minutes": round(sum(ack) / len(ack) / 60, 1) if ack else None,
        "mean_resolve_minutes": round(sum(res) / len(res) / 60, 1) if res else None,
    }


def equal_treatment(*, queryset) -> list[dict[str, Any]]:
    """Response times and outcomes by the party of the complainant or victim."""
    rows: dict[str, dict[str, Any]] = {}
    for incident in queryset.select_related("complainant_party", "victim_party"):
        parties = {p for p in (incident.complainant_party, incident.victim_party) if p}
        for party in parties:
            row = rows.setdefault(
                party.code,
                {
                    "party": party.name_en,
                    "incidents": 0,
                    "resolved": 0,
                    "ack": [],
                    "resolve": [],
                    "dispositions": {},
                },
            )
            row["incidents"] += 1
            if incident.acknowledged_at and incident.assigned_at:
                row["ack"].append((incident.acknowledged_at - incident.assigned_at).total_seconds())
            if incident.status == Status.RESOLVED and incident.resolved_at:
                row["resolved"] += 1
                row["resolve"].append((incident.resolved_at - incident.created_at).total_seconds())
                row["dispositions"][incident.disposition] = (
                    row["dispositions"].get(incident.disposition, 0) + 1
                )
    result = []
    for code in sorted(rows):
        row = rows[code]
        result.append(
            {
                "code": code,
                "party": row["party"],
                "incidents": row["incidents"],
                "resolved": row["resolved"],
                "mean_ack_minutes": round(sum(row["ack"]) / len(row["ack"]) / 60, 1)
                if row["ack"]
                else None,
                "mean_resolve_minutes": round(sum(row["resolve"]) / len(row["resolve"]) / 60, 1)
                if row["resolve"]
                else None,
                "dispositions": row["dispositions"],
            }
        )
    return result
