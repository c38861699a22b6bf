"""One FilterSet per log, serving the auditor's pages and the API."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from santisuk.audit.choices import AccessOutcome, ChangeAction, Source
from santisuk.audit.models import AccessEntry, ChangeEntry
from santisuk.core.forms import DateInput


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
    # Dates are the auditor's dates (Asia/Phnom_Penh), not UTC dates. Converted here so that a
    # date at the edge of the calendar overflows here, not in the database adapter.
    local = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return local.astimezone(datetime.UTC)


class IdFilter(django_filters.NumberFilter):
    """A record number: a whole number the database can hold, else a clear form error."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class IPAddressFilter(django_filters.CharFilter):
    field_class = forms.GenericIPAddressField


class EntryFilterSet(django_filters.FilterSet):
    actor = django_filters.CharFilter(
        label=_("Actor"),
        field_name="actor_label",
        lookup_expr="icontains",
        help_text=_("User name, or command:<name> for a command."),
    )
    actor_id = IdFilter(label=_("Actor (user id)"), field_name="actor_id")
    object_type = django_filters.ChoiceFilter(
        label=_("Object type"), field_name="content_type", choices=object_types
    )
    object_id = django_filters.CharFilter(label=_("Object id"), field_name="object_id")
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Source.choices)
    request_id = django_filters.CharFilter(label=_("Request id"), field_name="request_id")
    date_from = django_filters.DateFilter(
        label=_("From (date)"), method="filter_from", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("To (date, inclusive)"), method="filter_to", widget=DateInput()
    )

    def filter_from(self, queryset, name, value):
        try:
            return queryset.filter(timestamp__gte=_local_midnight(value))
        except OverflowError:  # before the first representable instant: everything
            return queryset

    def filter_to(self, queryset, name, value):
        try:
            end = _local_midnight(value + datetime.timedelta(days=1))
        except OverflowError:  # the last day of the calendar: no upper bound
            return queryset
        return queryset.filter(timestamp__lt=end)


class ChangeEntryFilterSet(EntryFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=ChangeAction.choices)
    event = django_filters.CharFilter(
        label=_("Event"), method="filter_event", help_text=_('For example "person.merge".')
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

    def filter_event(self, queryset, name, value):
        # Said in the terms of the event index's condition, so that the index can serve it.
        return queryset.exclude(event="").filter(event__startswith=value)


class AccessEntryFilterSet(EntryFilterSet):
    action = django_filters.CharFilter(
        label=_("Action"), lookup_expr="startswith", help_text=_('For example "person.search".')
    )
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=AccessOutcome.choices)
    ip_address = IPAddressFilter(label=_("Address"), field_name="ip_address")

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
