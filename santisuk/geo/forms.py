"""The place picker every form uses: ``AreaField`` with ``AreaAutocompleteWidget``.

The visible text box accepts a code typed directly (Khmer digits too), so the picker works with
no JavaScript at all. With HTMX, typing a name asks ``geo:area_autocomplete`` for matching
places; choosing one fills a hidden input with its code and shows its label in the box.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from santisuk.geo.choices import Level
from santisuk.geo.models import Area
from santisuk.geo.normalise import is_code_query, normalise_code
from santisuk.geo.selectors import CHAIN, area_label


def _code_suffix(name: str) -> str:
    return f"{name}_code"


def _shown_suffix(name: str) -> str:
    return f"{name}_shown"


class AreaAutocompleteWidget(forms.Widget):
    """A text box (a code, or a name to search with HTMX) plus hidden inputs holding the code
    that was chosen and the label shown for it."""

    template_name = "geo/widgets/area_autocomplete.html"

    def __init__(self, attrs=None, levels: Iterable[str] = ()):
        super().__init__(attrs)
        self.levels = tuple(levels)

    def format_value(self, value):
        if value in (None, ""):
            return ""
        if isinstance(value, Area):
            return value.code
        return str(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        typed = context["widget"]["value"]
        code = normalise_code(typed)
        area = None
        if is_code_query(code):
            area = (
                Area.objects.filter(code=code, valid_to__isnull=True).select_related(*CHAIN).first()
            )
        label = f"{area.code} {area_label(area)}" if area else ""
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        # Sent with every keystroke so the endpoint can answer for this very widget.
        control = {"field": name, "widget_id": widget_id, "level": ",".join(self.levels)}
        context["widget"].update(
            {
                "id": widget_id,
                "text": label or typed,
                "code": area.code if area else "",
                "shown": label,
                "code_name": _code_suffix(name),
                "shown_name": _shown_suffix(name),
                "url": reverse("geo:area_autocomplete"),
                "hx_vals": json.dumps(control),
            }
        )
        return context

    def value_from_datadict(self, data, files, name):
        text = (data.get(name) or "").strip()
        chosen = (data.get(_code_suffix(name)) or "").strip()
        shown = (data.get(_shown_suffix(name)) or "").strip()
        if is_code_query(normalise_code(text)):
            return text  # a code typed directly wins over an earlier choice
        if chosen and text and text == shown:
            return chosen  # the box still shows the place that was chosen
        return text

    def value_omitted_from_data(self, data, files, name):
        return name not in data and _code_suffix(name) not in data


class AreaField(forms.ModelChoiceField):
    """A current gazetteer unit, given by its code (or chosen from the autocomplete).

    ``levels`` restricts the choice to some levels, e.g. ``levels=["commune", "village"]``.
    """

    widget = AreaAutocompleteWidget
    default_error_messages = {
        "invalid_choice": _("No current place has the code %(value)s."),
        "not_a_code": _("Type the place's code or choose the place from the list."),
        "wrong_level": _("%(value)s is a %(level)s; choose one of: %(levels)s."),
    }

    def __init__(self, *, levels: Iterable[str] | None = None, queryset=None, **kwargs):
        self.levels = tuple(levels or ())
        unknown = [level for level in self.levels if level not in Level.values]
        if unknown:
            raise ValueError(f"AreaField: unknown level(s) {unknown}")
        if queryset is None:
            queryset = Area.objects.filter(valid_to__isnull=True)
        if self.levels:
            queryset = queryset.filter(level__in=self.levels)
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset=queryset, to_field_name="code", **kwargs)
        if isinstance(self.widget, AreaAutocompleteWidget):
            self.widget.levels = self.levels
        if not self.help_text:
            self.help_text = _("Type the code, or part of the name in Khmer or Latin letters.")

    def prepare_value(self, value):
        # A model form's initial value for a foreign key is the primary key, not the code.
        if isinstance(value, int) and not isinstance(value, bool):
            area = Area.objects.filter(pk=value).only("code").first()
            return area.code if area else ""
        return super().prepare_value(value)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Area):
            value = value.code
        elif isinstance(value, int) and not isinstance(value, bool):
            value = self.prepare_value(value)
        code = normalise_code(value)
        if not is_code_query(code):
            raise ValidationError(self.error_messages["not_a_code"], code="not_a_code")
        try:
            return self.queryset.get(code=code)
        except self.queryset.model.DoesNotExist:
            pass
        elsewhere = Area.objects.filter(code=code, valid_to__isnull=True).first()
        if elsewhere is not None and self.levels:
            raise ValidationError(
                self.error_messages["wrong_level"],
                code="wrong_level",
                params={
                    "value": code,
                    "level": elsewhere.get_level_display(),
                    "levels": ", ".join(str(Level(level).label) for level in self.levels),
                },
            )
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": code}
        )

    def validate(self, value):
        return forms.Field.validate(self, value)
