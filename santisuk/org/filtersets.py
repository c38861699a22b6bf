"""One FilterSet per model, serving both the UI list pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from santisuk.geo.choices import Level
from santisuk.geo.models import Area
from santisuk.org.choices import Rank, UnitKind
from santisuk.org.models import Officer, Unit


def _provinces(request=None):
    return Area.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).order_by("code")


def _visible_units(request=None):
    # The parent and unit pickers offer only the units the user can see.
    user = getattr(request, "user", None)
    if user is None:
        return Unit.objects.none()
    return Unit.objects.restrict(user, "view").order_by("path")


class UnitFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or code"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=UnitKind.choices)
    province = django_filters.ModelChoiceFilter(label=_("Province"), queryset=_provinces)
    parent = django_filters.ModelChoiceFilter(label=_("Parent unit"), queryset=_visible_units)
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Unit
        fields = ["q", "kind", "province", "parent", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(name_en__icontains=value) | Q(name_km__icontains=value)
        )


class OfficerFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or badge number"), method="search")
    rank = django_filters.ChoiceFilter(label=_("Rank"), choices=Rank.choices)
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=_visible_units)
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=_provinces, field_name="unit__province"
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Officer
        fields = ["q", "rank", "unit", "province", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = (
            Q(badge_number__icontains=value)
            | Q(name_km__icontains=value)
            | Q(unit__code__iexact=value)
        )
        for token in value.split():
            condition |= Q(family_name__icontains=token) | Q(given_name__icontains=token)
        return queryset.filter(condition)
