"""Dates as people in Cambodia write and read them: the day before the month."""

import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from santisuk.core.forms import DateInput


@pytest.mark.parametrize("language", ["en", "km"])
def test_a_typed_date_is_day_month_year_or_iso(language):
    with translation.override(language):
        field = forms.DateField()
        assert field.clean("20/11/2026") == datetime.date(2026, 11, 20)
        assert field.clean("2026-11-20") == datetime.date(2026, 11, 20)
        with pytest.raises(forms.ValidationError):
            field.clean("11/20/2026")  # no 20th month: never read month first


def test_dates_are_shown_day_first_in_english():
    day = datetime.date(2026, 11, 20)
    with translation.override("en"):
        text = Template("{{ d }}|{{ d|date:'SHORT_DATE_FORMAT' }}").render(Context({"d": day}))
    assert text == "20 Nov 2026|20/11/2026"


def test_the_date_picker_sends_iso_whatever_the_language():
    with translation.override("km"):
        html = DateInput().render("day", datetime.date(2026, 11, 20))
    assert 'type="date"' in html and 'value="2026-11-20"' in html
