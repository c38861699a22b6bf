"""One FilterSet per model, serving both the UI list pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from santisuk.accounts.choices import RoleCode
from santisuk.accounts.models import User


def _visible_units(request=None):
    from santisuk.org.models import Unit

    user = getattr(request, "user", None)
    if user is None:
        return Unit.objects.none()
    return Unit.objects.restrict(user, "view").order_by("path")


class UserFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("User name or name"), method="search")
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=RoleCode.choices, field_name="role__code"
    )
    unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=_visible_units)
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "role", "unit", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(username__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(name_km__icontains=value)
        )
