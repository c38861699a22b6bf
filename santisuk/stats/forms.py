"""Pickers of the statistics pages and API: year, day, period, province, crime type."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from santisuk.cases.models import CrimeType
from santisuk.core.forms import DateInput
from santisuk.geo.models import Area

FIRST_YEAR = 1979


def _today() -> datetime.date:
    return timezone.localdate()


class ProvinceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Area.objects.filter(level="province", valid_to__isnull=True).order_by("code"),
            to_field_name="code",
            required=False,
            label=_("Province"),
            empty_label=_("All provinces in my scope"),
            error_messages={"invalid_choice": _("Unknown province code.")},
            **kwargs,
        )

    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name_en} · {obj.name_km}"


class AnnualForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False)
    province = ProvinceField()

    def __init__(self, data=None, **kwargs):
        if data is not None and not data.get("year"):
            data = data.copy()
            data["year"] = str(_today().year)  # the box shows the year the review is of
        super().__init__(data, **kwargs)

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is None:
            return _today().year
        last = _today().year
        if not FIRST_YEAR <= year <= last:
            raise forms.ValidationError(
                _("The year must be between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": last}
            )
        return year


class CompStatForm(forms.Form):
    as_of = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=DateInput(),
    )
    province = ProvinceField()

    def clean_as_of(self):
        day = self.cleaned_data.get("as_of") or _today()
        if day.year < FIRST_YEAR + 1:
            raise forms.ValidationError(_("The date is too early."))
        return day


class MapForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    crime_type = forms.ModelChoiceField(
        queryset=CrimeType.objects.order_by("code"),
        to_field_name="code",
        required=False,
        label=_("Crime type"),
        empty_label=_("All crime types"),
        error_messages={"invalid_choice": _("Unknown crime type.")},
    )
    province = ProvinceField()

    def clean(self):
        data = super().clean()
        today = _today()
        data["date_to"] = data.get("date_to") or today
        data["date_from"] = data.get("date_from") or data["date_to"].replace(month=1, day=1)
        if data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data
