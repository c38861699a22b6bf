"""Template helpers shared by the generic pages: how a value reads on screen, the summary of a
form's errors, which menu entry is the current page."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.db import models
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext as _

register = template.Library()

EMPTY = "—"


@register.filter
def display(value: Any) -> Any:
    """A field's value as a person reads it: a dash for nothing, Yes/No, local dates."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_filter(value, "Y-m-d H:i")
    if isinstance(value, datetime.date):
        return date_filter(value, "Y-m-d")
    if isinstance(value, models.Manager):
        return ", ".join(str(item) for item in value.all()) or EMPTY
    return value


@register.simple_tag
def error_summary(form) -> list[tuple[str, list[str]]]:
    """(label, messages) for every field in error, non-field errors first with an empty label,
    so the summary at the top of a form names each field to correct."""
    if form is None or not form.errors:
        return []
    summary: list[tuple[str, list[str]]] = []
    non_field = list(form.non_field_errors())
    if non_field:
        summary.append(("", non_field))
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else name
        summary.append((label, list(errors)))
    return summary


@register.filter
def widget_kind(bound_field) -> str:
    """The widget's input type, for the CSS of checkboxes and radio lists."""
    widget = bound_field.field.widget
    kind = getattr(widget, "input_type", None) or widget.__class__.__name__.lower()
    if kind == "checkbox" and getattr(widget, "allow_multiple_selected", False):
        return "checkboxes"  # a list of choices: labelled above it, as a list of radios is
    return kind


@register.filter
def is_current(url: str, path: str) -> bool:
    """True when ``path`` is the page at ``url`` or below it."""
    return bool(url) and path.startswith(url)


@register.filter
def any_current(items, path: str) -> bool:
    return any(is_current(item["url"], path) for item in items)


@register.filter
def item(mapping, key):
    """``mapping[key]`` in a template (a dict keyed by a variable)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def has_filters(filterset) -> bool:
    """True when one of the filter fields has a value (sorting and paging do not count)."""
    if filterset is None or not filterset.is_bound:
        return False
    data = filterset.form.data
    return any(
        value not in ("", None)
        for name in filterset.form.fields
        for value in (data.getlist(name) if hasattr(data, "getlist") else [data.get(name)])
    )
