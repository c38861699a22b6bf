import django_filters
from django.utils.translation import gettext_lazy as _

from santisuk.people.choices import MergeStatus
from santisuk.people.models import PersonMerge


class PersonMergeFilterSet(django_filters.FilterSet):
    """People themselves are found with the logged search (selectors.person_search), not with
    a FilterSet: the index is never listed without a reason."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=MergeStatus.choices)
    person = django_filters.NumberFilter(
        label=_("Person"), method="involving", min_value=1, max_value=2**63 - 1
    )

    class Meta:
        model = PersonMerge
        fields = ["status", "person"]

    def involving(self, queryset, name, value):
        return queryset.filter(source_id=value) | queryset.filter(target_id=value)
