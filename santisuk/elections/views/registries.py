"""Declarative registries of the module's records (rule 2)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from santisuk.core.views import Registry
from santisuk.elections import filtersets, forms, tables
from santisuk.elections.imports import PollingStationImporter
from santisuk.elections.models import (
    Election,
    Incident,
    IntakeReport,
    Notice,
    Party,
    PollingStation,
    SituationReport,
    Stage,
    TrustedReporter,
)


def _local(dt):
    from django.utils import timezone

    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


class ElectionRegistry(Registry):
    model = Election
    filterset_class = filtersets.ElectionFilterSet
    table_class = tables.ElectionTable
    form_class = forms.ElectionForm
    export_columns = [
        (_("Slug"), lambda e: e.slug),
        (_("Kind"), lambda e: e.get_kind_display()),
        (_("Name"), lambda e: e.name_en),
        (_("Polling date"), lambda e: e.polling_date),
    ]


class StageRegistry(Registry):
    model = Stage
    filterset_class = filtersets.StageFilterSet
    table_class = tables.StageTable
    form_class = forms.StageRecordForm
    select_related = ("election",)
    export_columns = [
        (_("Election"), lambda s: s.election.slug),
        (_("Stage"), lambda s: s.code),
        (_("Start date"), lambda s: s.start_date),
        (_("End date"), lambda s: s.end_date or ""),
    ]


class PollingStationRegistry(Registry):
    model = PollingStation
    filterset_class = filtersets.PollingStationFilterSet
    table_class = tables.PollingStationTable
    form_class = forms.PollingStationForm
    importer_class = PollingStationImporter
    select_related = ("election", "commune")
    export_columns = [
        (_("Election"), lambda s: s.election.slug),
        (_("Code"), lambda s: s.code),
        (_("Name (Latin)"), lambda s: s.name_en),
        (_("Name (Khmer)"), lambda s: s.name_km),
        (_("Commune"), lambda s: s.commune.code),
        (_("Latitude"), lambda s: s.latitude or ""),
        (_("Longitude"), lambda s: s.longitude or ""),
    ]


class PartyRegistry(Registry):
    model = Party
    filterset_class = filtersets.PartyFilterSet
    table_class = tables.PartyTable
    form_class = forms.PartyForm
    select_related = ("election",)
    export_columns = [
        (_("Election"), lambda p: p.election.slug),
        (_("Code"), lambda p: p.code),
        (_("Name (Latin)"), lambda p: p.name_en),
        (_("Name (Khmer)"), lambda p: p.name_km),
    ]


class TrustedReporterRegistry(Registry):
    model = TrustedReporter
    filterset_class = filtersets.TrustedReporterFilterSet
    table_class = tables.TrustedReporterTable
    form_class = forms.TrustedReporterForm
    select_related = ("polling_station", "unit")
    export_columns = [
        (_("Phone"), lambda r: r.phone),
        (_("Name"), lambda r: r.name),
        (_("Kind"), lambda r: r.get_kind_display()),
        (_("Organisation"), lambda r: r.organisation),
        (_("Polling station"), lambda r: r.polling_station.code if r.polling_station else ""),
        (_("Post"), lambda r: r.unit.code if r.unit else ""),
        (_("Active"), lambda r: r.is_active),
    ]


class IntakeReportRegistry(Registry):
    model = IntakeReport
    filterset_class = filtersets.IntakeReportFilterSet
    table_class = tables.IntakeReportTable
    detail_template = "elections/intakereport_detail.html"
    select_related = ("polling_station", "incident", "area")
    export_columns = [
        (_("Received at"), lambda r: _local(r.received_at)),
        (_("Channel"), lambda r: r.get_channel_display()),
        (_("Phone"), lambda r: r.reporter_phone),
        (_("Verified source"), lambda r: r.verified_source),
        (_("Report"), lambda r: r.text),
        (_("Place"), lambda r: r.area.code if r.area else ""),
        (_("Polling station"), lambda r: r.polling_station.code if r.polling_station else ""),
        (_("Incident"), lambda r: r.incident.number if r.incident else ""),
    ]


class IncidentRegistry(Registry):
    model = Incident
    filterset_class = filtersets.IncidentFilterSet
    table_class = tables.IncidentTable
    detail_template = "elections/incident_detail.html"
    select_related = ("area", "assigned_unit", "election", "polling_station")
    # Party affiliations are left out of exports: they are shown only to named roles.
    export_columns = [
        (_("Number"), lambda i: i.number),
        (_("Occurred at"), lambda i: _local(i.occurred_at)),
        (_("Title"), lambda i: i.title),
        (_("Crime"), lambda i: i.get_crime_kind_display()),
        (_("Election-specific kind"), lambda i: i.get_election_kind_display()),
        (_("Severity"), lambda i: i.severity),
        (_("Stage"), lambda i: i.stage),
        (_("Status"), lambda i: i.get_status_display()),
        (_("Disposition"), lambda i: i.get_disposition_display()),
        (_("Place"), lambda i: i.area.code),
        (_("Polling station"), lambda i: i.polling_station.code if i.polling_station else ""),
        (_("Assigned to"), lambda i: i.assigned_unit.code if i.assigned_unit else ""),
        (_("Acknowledged at"), lambda i: _local(i.acknowledged_at)),
        (_("Resolved at"), lambda i: _local(i.resolved_at)),
    ]


class NoticeRegistry(Registry):
    model = Notice
    filterset_class = filtersets.NoticeFilterSet
    table_class = tables.NoticeTable
    detail_template = "elections/notice_detail.html"
    export_columns = [
        (_("Title (English)"), lambda n: n.title_en),
        (_("Title (Khmer)"), lambda n: n.title_km),
        (_("Status"), lambda n: n.get_status_display()),
        (_("Version"), lambda n: n.version),
    ]


class SituationReportRegistry(Registry):
    model = SituationReport
    url_prefix = "situationreport"
    filterset_class = filtersets.SituationReportFilterSet
    table_class = tables.SituationReportTable
    detail_template = "elections/situationreport_detail.html"
    select_related = ("election", "province")
    export_columns = [
        (_("Number"), lambda r: r.number),
        (_("Election"), lambda r: r.election.slug),
        (_("Province"), lambda r: r.province.name_en if r.province else _("National")),
        (_("From"), lambda r: _local(r.period_start)),
        (_("To"), lambda r: _local(r.period_end)),
        (_("Incidents"), lambda r: r.figures.get("total", 0)),
        (_("Open"), lambda r: r.figures.get("open", 0)),
        (_("Overdue"), lambda r: r.figures.get("overdue", 0)),
    ]
