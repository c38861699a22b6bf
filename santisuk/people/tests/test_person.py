import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from santisuk.people.models import Person, PersonIdentifier
from santisuk.people.normalise import identifier_number, khmer_key, latin_key
from santisuk.people.services import person_create, person_identifier_add, person_update


def test_normalised_columns_are_kept_by_save(people):
    chandara = people["chandara"]
    assert chandara.family_name == "SOK" and chandara.given_name == "CHANDARA"
    assert chandara.search_name == " sok chandara "
    assert chandara.search_name_km == "សុខចាន់ដារ៉ា"
    assert chandara.birth_year == 1985
    nguyen = people["nguyen"]
    assert nguyen.search_name == " nguyen van an "
    assert nguyen.identifiers.get().number == "C1234567"
    assert nguyen.identifiers.get().country == "VNM"
    assert chandara.identifiers.get().number == "010234567"


def test_khmer_key_ignores_spaces_and_zero_width_characters():
    assert khmer_key("សុខ\u200b ចាន់ដារ៉ា") == khmer_key("សុខចាន់ដារ៉ា")
    assert khmer_key(" ") == ""


@given(st.text(alphabet=st.sampled_from("0123456789ABCNabcn -./\u00a0\u2011")))
def test_identifier_numbers_normalise_to_capitals_and_digits(text):
    number = identifier_number(text)
    assert identifier_number(number) == number
    assert number == "".join(ch for ch in text.upper() if ch.isalnum())


@given(st.text())
def test_normalisers_are_idempotent(text):
    assert khmer_key(khmer_key(text)) == khmer_key(text)
    key = latin_key(text)
    assert latin_key(key) == key
    assert key == "" or (key.startswith(" ") and key.endswith(" "))


def test_year_must_match_the_date(geo_world):
    with pytest.raises(ValidationError) as err:
        person_create(family_name="SOK", birth_year=1990, birth_date=datetime.date(1991, 1, 1))
    assert "birth_year" in err.value.message_dict


def test_the_database_refuses_a_year_that_does_not_match_the_date(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(
            family_name="SOK", birth_year=1990, birth_date=datetime.date(1991, 1, 1)
        )


def test_year_only_birth_is_allowed(db):
    person = person_create(family_name="MEAS", given_name="DARA", birth_year=1970)
    assert person.birth_date is None and person.birth_display == "1970"


def test_a_name_is_required(db):
    with pytest.raises(ValidationError) as err:
        person_create(sex="M")
    assert "family_name" in err.value.message_dict


@pytest.mark.parametrize("value", ["kh", "KHMR", "12A", "K1M"])
def test_nationality_is_three_capital_letters(db, value):
    with pytest.raises(ValidationError) as err:
        person_create(family_name="SOK", nationality=value)
    assert "nationality" in err.value.message_dict


def test_lowercase_nationality_is_normalised(db):
    assert person_create(family_name="SMITH", nationality="gbr").nationality == "GBR"


def test_identifier_numbers_are_unique_per_kind_and_country(people):
    with pytest.raises(ValidationError) as err:
        person_create(
            family_name="HENG",
            identifiers=[{"kind": "national_id", "number": "010-234-567"}],
        )
    assert "identifiers[0].__all__" in err.value.message_dict
    assert not Person.objects.filter(family_name="HENG").exists()
    # The same number issued by another country is another document.
    person_identifier_add(
        person=people["sophea"], kind="passport", number="C1234567", country="KHM"
    )
    assert PersonIdentifier.objects.filter(number="C1234567").count() == 2


def test_cambodian_national_id_has_nine_digits(people):
    with pytest.raises(ValidationError) as err:
        person_identifier_add(person=people["sophea"], kind="national_id", number="12345")
    assert "number" in err.value.message_dict


def test_update_refuses_unknown_fields_and_keeps_normal_forms(people):
    person = person_update(person=people["sophea"], given_name="sophy", name_km="កែវ  សុភី")
    assert person.given_name == "SOPHY" and person.search_name_km == "កែវសុភី"
    with pytest.raises(ValidationError):
        person_update(person=person, is_active=False)
