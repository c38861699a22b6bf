"""One FilterSet per model, serving both the UI list pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from santisuk.org.models import Unit
from santisuk.plates.choices import AlertStatus, Outcome, PlateStatus, RuleCode, VehicleType
from santisuk.plates.models import Alert, Plate, TaxAssessment, Vehicle, Venue
from santisuk.plates.normalise import normalise_plate


def _visible_units(request=None):
    user = getattr(request, "user", None)
    if user is None:
        return Unit.objects.none()
    return Unit.objects.restrict(user, "view").order_by("path")


class PlateFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Plate number"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PlateStatus.choices)
    unit = django_filters.ModelChoiceFilter(label=_("Holding unit"), queryset=_visible_units)

    class Meta:
        model = Plate
        fields = ["q", "status", "unit"]

    def search(self, queryset, name, value):
        # Any way of writing the plate finds it: the search goes through the normalised form.
        normalised = normalise_plate(value)
        return queryset.filter(normalised__contains=normalised) if normalised else queryset


class VehicleFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Make, model or chassis"), method="search")
    vehicle_type = django_filters.ChoiceFilter(label=_("Type"), choices=VehicleType.choices)
    holding_unit = django_filters.ModelChoiceFilter(
        label=_("Holding unit"), queryset=_visible_units
    )

    class Meta:
        model = Vehicle
        fields = ["q", "vehicle_type", "classification", "holding_unit"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(chassis_number__icontains=value)
            | Q(make__icontains=value)
            | Q(model__icontains=value)
            | Q(engine_number__icontains=value)
        )


class VenueFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), field_name="name", lookup_expr="icontains")

    class Meta:
        model = Venue
        fields = ["q", "venue_type", "is_active"]


class AlertFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Alert or plate number"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AlertStatus.choices)
    rule = django_filters.ChoiceFilter(
        label=_("Rule"), field_name="rule__code", choices=RuleCode.choices
    )
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=Outcome.choices)
    unit = django_filters.ModelChoiceFilter(label=_("Holding unit"), queryset=_visible_units)

    class Meta:
        model = Alert
        fields = ["q", "status", "rule", "outcome", "severity", "unit"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        normalised = normalise_plate(value)
        match = Q(number__iexact=value)
        if normalised:
            match |= Q(plate__normalised__contains=normalised)
        return queryset.filter(match)


class TaxAssessmentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Notice number"), field_name="number")

    class Meta:
        model = TaxAssessment
        fields = ["q"]
