"""One FilterSet per log, serving the auditor's pages and the API."""

from __future__ import annotations

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from santisuk.audit.choices import AccessOutcome, ChangeAction, Source
from santisuk.audit.models import AccessEntry, ChangeEntry


def object_types() -> list[tuple[str, str]]:
    """Every model whose writes the change log records, by its name for people."""
    from santisuk.audit.signals import audited_models

    return sorted(
        (
            (m._meta.label_lower, f"{m._meta.verbose_name} ({m._meta.label_lower})")
            for m in audited_models()
        ),
        key=lambda choice: str(choice[1]),
    )


def _local_midnight(day: datetime.date) -> datetime.datetime:
    # Dates are the auditor's dates (Asia/Phnom_Penh), not UTC dates.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class EntryFilterSet(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        label=_("Actor"),
        field_name="actor_label",
        lookup_expr="icontains",
        help_text=_("User name, or command:<name> for a command."),
    )
    actor_id = django_filters.NumberFilter(label=_("Actor (user id)"), field_name="actor_id")
    object_type = django_filters.ChoiceFilter(
        label=_("Object type"), field_name="content_type", choices=object_types
    )
    object_id = django_filters.CharFilter(label=_("Object id"), field_name="object_id")
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Source.choices)
    request_id = django_filters.CharFilter(label=_("Request id"), field_name="request_id")
    date_from = django_filters.DateFilter(label=_("From (date)"), method="filter_from")
    date_to = django_filters.DateFilter(label=_("To (date, inclusive)"), method="filter_to")

    def filter_from(self, queryset, name, value):
        return queryset.filter(timestamp__gte=_local_midnight(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(timestamp__lt=_local_midnight(value + datetime.timedelta(days=1)))


class ChangeEntryFilterSet(EntryFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=ChangeAction.choices)
    event = django_filters.CharFilter(
        label=_("Event"), lookup_expr="startswith", help_text=_('For example "person.merge".')
    )

    class Meta:
        model = ChangeEntry
        fields = [
            "actor",
            "actor_id",
            "object_type",
            "object_id",
            "action",
            "event",
            "source",
            "request_id",
            "date_from",
            "date_to",
        ]


class AccessEntryFilterSet(EntryFilterSet):
    action = django_filters.CharFilter(
        label=_("Action"), lookup_expr="startswith", help_text=_('For example "person.search".')
    )
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=AccessOutcome.choices)
    ip_address = django_filters.CharFilter(label=_("Address"), field_name="ip_address")

    class Meta:
        model = AccessEntry
        fields = [
            "actor",
            "actor_id",
            "object_type",
            "object_id",
            "action",
            "outcome",
            "ip_address",
            "source",
            "request_id",
            "date_from",
            "date_to",
        ]
