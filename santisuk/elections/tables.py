import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

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


class IncidentTable(tables.Table):
    number = tables.Column(linkify=("elections:incident_detail", {"pk": tables.A("pk")}))
    area = tables.Column(accessor="area__name_en", verbose_name=_("Place"))
    assigned_unit = tables.Column(accessor="assigned_unit__code", verbose_name=_("Assigned to"))

    class Meta:
        model = Incident
        fields = (
            "number",
            "occurred_at",
            "title",
            "severity",
            "stage",
            "status",
            "crime_kind",
            "election_kind",
            "area",
            "assigned_unit",
        )


class IntakeReportTable(tables.Table):
    received_at = tables.Column(linkify=("elections:intakereport_detail", {"pk": tables.A("pk")}))
    incident = tables.Column(accessor="incident__number", verbose_name=_("Incident"))

    class Meta:
        model = IntakeReport
        fields = (
            "received_at",
            "channel",
            "reporter_phone",
            "verified_source",
            "text",
            "election_kind",
            "polling_station",
            "incident",
        )


class ElectionTable(tables.Table):
    slug = tables.Column(linkify=("elections:election_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = Election
        fields = ("slug", "kind", "name_en", "polling_date")


class StageTable(tables.Table):
    code = tables.Column(linkify=("elections:stage_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = Stage
        fields = ("election", "code", "start_date", "end_date")


class PollingStationTable(tables.Table):
    code = tables.Column(linkify=("elections:pollingstation_detail", {"pk": tables.A("pk")}))
    commune = tables.Column(accessor="commune__name_en", verbose_name=_("Commune"))

    class Meta:
        model = PollingStation
        fields = ("election", "code", "name_en", "name_km", "commune")


class PartyTable(tables.Table):
    code = tables.Column(linkify=("elections:party_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = Party
        fields = ("election", "code", "name_en", "name_km")


class TrustedReporterTable(tables.Table):
    name = tables.Column(linkify=("elections:trustedreporter_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = TrustedReporter
        fields = ("name", "phone", "kind", "organisation", "polling_station", "unit", "is_active")


class NoticeTable(tables.Table):
    title_en = tables.Column(linkify=("elections:notice_detail", {"pk": tables.A("pk")}))

    class Meta:
        model = Notice
        fields = ("title_en", "title_km", "kind", "status", "version", "updated_at")


class SituationReportTable(tables.Table):
    number = tables.Column(linkify=("elections:situationreport_detail", {"pk": tables.A("pk")}))
    province = tables.Column(accessor="province__name_en", default=_("National"))

    class Meta:
        model = SituationReport
        fields = ("number", "election", "province", "period_start", "period_end")
