"""One FilterSet per model, serving both the UI list pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from santisuk.elections.choices import (
    Channel,
    CrimeKind,
    ElectionIncidentKind,
    StageCode,
    Status,
)
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
from santisuk.geo.choices import Level
from santisuk.geo.models import Area


def _provinces(request=None):
    return Area.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).order_by("code")


class IncidentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Number or words"), method="search")
    election = django_filters.ModelChoiceFilter(
        label=_("Election"), queryset=Election.objects.all()
    )
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=Status.choices)
    severity = django_filters.NumberFilter(label=_("Severity at least"), lookup_expr="gte")
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=StageCode.choices)
    crime_kind = django_filters.ChoiceFilter(label=_("Crime"), choices=CrimeKind.choices[1:])
    election_kind = django_filters.ChoiceFilter(
        label=_("Election-specific kind"), choices=ElectionIncidentKind.choices[1:]
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=_provinces, field_name="area__province"
    )

    class Meta:
        model = Incident
        fields = ["q", "election", "status", "severity", "stage", "crime_kind", "election_kind"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value) | Q(title__icontains=value) | Q(description__icontains=value)
        )


class IntakeReportFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words or phone"), method="search")
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    unattached = django_filters.BooleanFilter(
        label=_("Not yet attached to an incident"), field_name="incident", lookup_expr="isnull"
    )
    verified_source = django_filters.BooleanFilter(label=_("From a verified source"))

    class Meta:
        model = IntakeReport
        fields = ["q", "channel", "unattached", "verified_source"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(text__icontains=value) | Q(reporter_phone__icontains=value))


class _CodeNameFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Code or name"), method="search")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name_en__icontains=value))


class PollingStationFilterSet(_CodeNameFilterSet):
    election = django_filters.ModelChoiceFilter(queryset=Election.objects.all())

    class Meta:
        model = PollingStation
        fields = ["q", "election"]


class PartyFilterSet(_CodeNameFilterSet):
    election = django_filters.ModelChoiceFilter(queryset=Election.objects.all())

    class Meta:
        model = Party
        fields = ["q", "election"]


class ElectionFilterSet(django_filters.FilterSet):
    class Meta:
        model = Election
        fields = ["kind"]


class StageFilterSet(django_filters.FilterSet):
    class Meta:
        model = Stage
        fields = ["election", "code"]


class TrustedReporterFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or phone"), method="search")

    class Meta:
        model = TrustedReporter
        fields = ["q", "kind", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(phone__icontains=value))


class NoticeFilterSet(django_filters.FilterSet):
    class Meta:
        model = Notice
        fields = ["status", "kind", "election"]


class SituationReportFilterSet(django_filters.FilterSet):
    class Meta:
        model = SituationReport
        fields = ["election", "province"]
