"""The gazetteer's FilterSet, serving the list page and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from santisuk.geo.choices import Kind, Level
from santisuk.geo.models import Area
from santisuk.geo.normalise import normalise_code
from santisuk.geo.selectors import area_match


def _provinces(request=None):
    return Area.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).order_by("code")


class AreaFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Code or name"),
        method="search",
        help_text=_("A code or its beginning (Khmer digits accepted), or a name in either script."),
    )
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices)
    kind = django_filters.ChoiceFilter(
        label=_("Type"), choices=[choice for choice in Kind.choices if choice[0]]
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Capital / province"), queryset=_provinces, to_field_name="code"
    )
    parent = django_filters.CharFilter(
        label=_("Parent code"), method="filter_parent", help_text=_("Units directly below it.")
    )
    code = django_filters.CharFilter(label=_("Code starts with"), method="filter_code_prefix")

    class Meta:
        model = Area
        fields = ["q", "level", "kind", "province", "parent", "code"]

    def search(self, queryset, name, value):
        return area_match(queryset, value)

    def filter_parent(self, queryset, name, value):
        code = normalise_code(value)
        if not code:
            return queryset
        return queryset.filter(parent__code=code, parent__valid_to__isnull=True)

    def filter_code_prefix(self, queryset, name, value):
        code = normalise_code(value)
        return queryset.filter(code__startswith=code) if code else queryset
