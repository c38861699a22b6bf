"""The place picker every form uses."""

import pytest
from django import forms

from santisuk.geo.forms import AreaField

pytestmark = pytest.mark.django_db


class PlaceForm(forms.Form):
    place = AreaField()
    village = AreaField(levels=["village"], required=False)


def test_a_typed_code_is_accepted_without_javascript(geo_world):
    form = PlaceForm(data={"place": "1201"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["place"] == geo_world.pp_district


def test_khmer_digits_and_spaces_are_accepted(geo_world):
    form = PlaceForm(data={"place": "១២០១ ០១"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["place"] == geo_world.pp_commune


def test_the_chosen_code_is_used_while_the_box_shows_its_label(geo_world):
    label = "17 Siem Reap Province"
    form = PlaceForm(data={"place": label, "place_code": "17", "place_shown": label})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["place"] == geo_world.sr


def test_editing_the_box_after_a_choice_does_not_keep_the_old_choice(geo_world):
    form = PlaceForm(
        data={"place": "Phnom Penh", "place_code": "17", "place_shown": "17 Siem Reap Province"}
    )
    assert not form.is_valid()
    assert form.errors["place"] == ["Type the place's code or choose the place from the list."]
    form = PlaceForm(data={"place": "12", "place_code": "17", "place_shown": "17 Siem Reap"})
    assert form.is_valid() and form.cleaned_data["place"] == geo_world.pp


def test_unknown_codes_and_wrong_levels_are_named(geo_world):
    form = PlaceForm(data={"place": "99"})
    assert form.errors["place"] == ["No current place has the code 99."]
    form = PlaceForm(data={"place": "12", "village": "120101"})
    assert form.errors["village"] == ["120101 is a Commune / sangkat; choose one of: Village."]
    assert PlaceForm(data={}).errors["place"] == ["This field is required."]


def test_the_widget_renders_the_label_a_hidden_code_and_htmx(geo_world):
    form = PlaceForm(initial={"place": geo_world.sr_commune.pk, "village": "17100101"})
    html = str(form["place"])
    assert 'name="place_code" value="171001"' in html
    assert 'value="171001 Sangkat Sla Kram, Krong Siem Reap, Siem Reap Province"' in html
    assert 'hx-get="/geo/autocomplete/"' in html and 'hx-target="#id_place_options"' in html
    village = str(form["village"])
    assert "&quot;level&quot;: &quot;village&quot;" in village
    assert 'name="village_code" value="17100101"' in village


def test_an_unchanged_initial_value_is_not_a_change(geo_world):
    form = PlaceForm(
        initial={"place": geo_world.pp.pk},
        data={"place": "12"},
    )
    assert form.is_valid()
    assert "place" not in form.changed_data


def test_unknown_levels_are_refused():
    with pytest.raises(ValueError, match="unknown level"):
        AreaField(levels=["planet"])
