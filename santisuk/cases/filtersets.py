"""One FilterSet per model, serving both the UI list pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from santisuk.cases.choices import CaseStatus, WorkflowState
from santisuk.cases.models import Case, CaseParty, CrimeType
from santisuk.core.forms import DateInput
from santisuk.geo.choices import Level
from santisuk.geo.models import Area
from santisuk.org.models import Unit
from santisuk.people.selectors import persons_matching

# The most matches of a reference or narrative search read as keys first (``search``).
SEARCH_KEYS = 1000


def _provinces(request=None):
    return Area.objects.filter(level=Level.PROVINCE, valid_to__isnull=True).order_by("code")


def _visible_units(request=None):
    user = getattr(request, "user", None)
    if user is None:
        return Unit.objects.none()
    return Unit.objects.restrict(user, "view").order_by("path")


class CaseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Reference or narrative"), method="search")
    person = django_filters.CharFilter(
        label=_("Person (name or ID card number)"), method="by_person"
    )
    place = django_filters.CharFilter(label=_("Place (gazetteer code or name)"), method="by_place")
    crime_type = django_filters.ModelChoiceFilter(
        label=_("Crime type"),
        queryset=CrimeType.objects.all(),
        field_name="offences__crime_type",
        distinct=True,
    )
    reported_from = django_filters.DateFilter(
        label=_("Reported from"),
        field_name="reported_on",
        lookup_expr="gte",
        widget=DateInput(),
    )
    reported_to = django_filters.DateFilter(
        label=_("Reported until"),
        field_name="reported_on",
        lookup_expr="lte",
        widget=DateInput(),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices)
    workflow_state = django_filters.ChoiceFilter(label=_("Workflow"), choices=WorkflowState.choices)
    province = django_filters.ModelChoiceFilter(label=_("Province"), queryset=_provinces)
    owner_unit = django_filters.ModelChoiceFilter(label=_("Unit"), queryset=_visible_units)

    class Meta:
        model = Case
        fields = [
            "q",
            "person",
            "place",
            "crime_type",
            "reported_from",
            "reported_to",
            "status",
            "workflow_state",
            "province",
            "owner_unit",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        matching = queryset.filter(Q(reference__icontains=value) | Q(narrative__icontains=value))
        # A few matches among a million cases: the planner cannot tell how few and walks the
        # list's date order looking for them (seconds); their keys read first (an index on
        # PostgreSQL) leave it only them to sort. Many matches: the walk finds a page at once.
        ids = list(matching.order_by().values_list("pk", flat=True)[: SEARCH_KEYS + 1])
        return queryset.filter(pk__in=ids) if len(ids) <= SEARCH_KEYS else matching

    def by_person(self, queryset, name, value):
        """Cases with a person of this ID card number or name (``persons_matching``): the people
        are found first, then their cases by the roles' index, not by joining every case with
        every role and person."""
        value = " ".join(value.split())
        if not value:
            return queryset
        people = persons_matching(value).values("pk")
        return queryset.filter(pk__in=CaseParty.objects.filter(person__in=people).values("case_id"))

    def by_place(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(place__code__startswith=value)
        return queryset.filter(
            Q(place__name_en__icontains=value) | Q(place__name_km__icontains=value)
        )


class CrimeTypeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Code or name"), method="search")
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = CrimeType
        fields = ["q", "is_active", "is_violent", "is_sexual"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(name_en__icontains=value) | Q(name_km__icontains=value)
        )
