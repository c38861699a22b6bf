import pytest
from django.core.exceptions import ValidationError

from santisuk.audit.models import AccessEntry
from santisuk.people.selectors import person_get, person_search

REASON = "Case 2024/117 witness check"


def _names(results):
    return [f"{p.family_name} {p.given_name}" for p in results]


def test_search_by_latin_name_any_case_and_order(people, pp_officer):
    assert _names(person_search(user=pp_officer, name="sok chandara", reason=REASON)) == [
        "SOK CHANDARA"
    ]
    assert _names(person_search(user=pp_officer, name="Chandara SOK", reason=REASON)) == [
        "SOK CHANDARA"
    ]
    # A word matches the start of a name's word (best match), or a close spelling (after it).
    assert _names(person_search(user=pp_officer, name="chand", reason=REASON)) == [
        "SOK CHANDARA",
        "CHAN SOPHEAK",
    ]


def test_close_romanisations_rank_exact_first(people, pp_officer):
    # SOPHEA starts SOPHEAK, and SOPHEAK is a close spelling of SOPHEA: both come back, the
    # exact spelling first.
    assert _names(person_search(user=pp_officer, name="sopheak", reason=REASON)) == [
        "CHAN SOPHEAK",
        "KEO SOPHEA",
    ]
    assert set(_names(person_search(user=pp_officer, name="SOPHEA", reason=REASON))) == {
        "CHAN SOPHEAK",
        "KEO SOPHEA",
    }
    assert person_search(user=pp_officer, name="vibol", reason=REASON) == []


def test_accents_are_ignored(people, pp_officer):
    assert _names(person_search(user=pp_officer, name="nguyen", reason=REASON)) == ["NGUYỄN VĂN AN"]


def test_search_by_khmer_name_with_or_without_spaces(people, pp_officer):
    for query in ("សុខ ចាន់ដារ៉ា", "សុខចាន់ដារ៉ា", "ចាន់ដារ៉ា", "សុខ\u200bចាន់ដារ៉ា"):
        assert _names(person_search(user=pp_officer, name=query, reason=REASON)) == [
            "SOK CHANDARA"
        ], query
    assert set(_names(person_search(user=pp_officer, name="ចាន់", reason=REASON))) == {
        "SOK CHANDARA",
        "CHAN SOPHEAK",
    }


def test_search_by_identifier_ignores_spaces_and_dashes(people, pp_officer):
    assert _names(person_search(user=pp_officer, identifier="010-234 567", reason=REASON)) == [
        "SOK CHANDARA"
    ]
    assert _names(person_search(user=pp_officer, identifier="C1234567", reason=REASON)) == [
        "NGUYỄN VĂN AN"
    ]
    assert person_search(user=pp_officer, identifier="999999999", reason=REASON) == []


def test_search_by_birth_year_and_combined(people, pp_officer):
    assert set(_names(person_search(user=pp_officer, birth_year=1992, reason=REASON))) == {
        "CHAN SOPHEAK",
        "KEO SOPHEA",
    }
    assert _names(
        person_search(user=pp_officer, name="sophea", birth_year=1992, reason=REASON)
    ) == ["KEO SOPHEA", "CHAN SOPHEAK"]
    assert person_search(user=pp_officer, name="sophea", birth_year=1990, reason=REASON) == []


def test_every_search_is_logged_with_reason_query_and_count(people, pp_officer):
    before = AccessEntry.objects.count()
    person_search(user=pp_officer, name="sopheak", birth_year=1992, reason=REASON)
    person_search(user=pp_officer, name="chandara", birth_year=1985, reason=REASON)
    assert AccessEntry.objects.count() == before + 2
    entry = AccessEntry.objects.order_by("-id").first()
    assert entry.action == "person.search"
    assert entry.reason == REASON
    assert entry.result_count == 1
    assert entry.query == {"name": "chandara", "birth_year": 1985}
    assert entry.actor_id == pp_officer.pk


def test_a_reason_and_a_criterion_are_required(people, pp_officer):
    before = AccessEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        person_search(user=pp_officer, name="sok", reason="")
    assert "reason" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        person_search(user=pp_officer, name="sok", reason="abc")
    assert "reason" in err.value.message_dict
    with pytest.raises(ValidationError):
        person_search(user=pp_officer, reason=REASON)
    assert AccessEntry.objects.count() == before


def test_merged_people_are_not_found_and_users_without_permission_find_nothing(
    people, pp_officer, auditor
):
    people["sophea"].is_active = False
    people["sophea"].save()
    assert _names(person_search(user=pp_officer, name="sophea", reason=REASON)) == ["CHAN SOPHEAK"]
    # The auditor's role does not include the person index.
    assert person_search(user=auditor, name="sophea", reason=REASON) == []


def test_reading_a_record_is_logged(people, pp_officer):
    person = person_get(user=pp_officer, pk=people["chandara"].pk, reason="Arrest report")
    entry = AccessEntry.objects.order_by("-id").first()
    assert person == people["chandara"]
    assert (entry.action, entry.reason, entry.object_id) == (
        "person.view",
        "Arrest report",
        str(person.pk),
    )
