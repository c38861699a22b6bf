import pytest
from django.core.exceptions import ValidationError

from santisuk.audit.models import ChangeEntry
from santisuk.people import services
from santisuk.people.models import Person, PersonIdentifier
from santisuk.people.services import (
    person_create,
    person_merge_approve,
    person_merge_propose,
    person_merge_reject,
    person_merge_reverse,
)

REASON = "Same ID card photo and parents' names"


@pytest.fixture
def duplicate(people):
    """A second record of SOK CHANDARA, entered with a passport at another post."""
    return person_create(
        family_name="SOK",
        given_name="CHANDARA",
        birth_year=1985,
        identifiers=[{"kind": "passport", "number": "N0123456"}],
    )


def test_merge_is_a_two_person_action_and_reversible(people, duplicate, pp_clerk, pp_chief):
    kept = people["chandara"]
    merge = person_merge_propose(source=duplicate, target=kept, reason=REASON, actor=pp_clerk)
    assert merge.status == "proposed"
    assert ChangeEntry.objects.filter(event="person.merge_proposed").count() == 1

    with pytest.raises(ValidationError, match="another person"):
        person_merge_approve(merge=merge, actor=pp_clerk)
    duplicate.refresh_from_db()
    assert duplicate.is_active and duplicate.merged_into is None

    merge = person_merge_approve(merge=merge, actor=pp_chief)
    duplicate.refresh_from_db()
    assert merge.status == "approved" and merge.approved_by == pp_chief
    assert duplicate.merged_into == kept and not duplicate.is_active
    assert sorted(kept.identifiers.values_list("number", flat=True)) == ["010234567", "N0123456"]
    assert not duplicate.identifiers.exists()
    assert [i["number"] for i in merge.snapshot["identifiers"]] == ["N0123456"]
    event = ChangeEntry.objects.get(event="person.merged")
    assert event.after["source"] == duplicate.pk and event.after["target"] == kept.pk

    merge = person_merge_reverse(merge=merge, actor=pp_chief)
    duplicate.refresh_from_db()
    assert merge.status == "reversed" and merge.reversed_by == pp_chief
    assert duplicate.is_active and duplicate.merged_into is None
    assert list(duplicate.identifiers.values_list("number", flat=True)) == ["N0123456"]
    assert list(kept.identifiers.values_list("number", flat=True)) == ["010234567"]
    assert ChangeEntry.objects.filter(event="person.merge_reversed").count() == 1
    with pytest.raises(ValidationError):
        person_merge_reverse(merge=merge, actor=pp_chief)


def test_rules_of_proposal(people, duplicate, pp_clerk, pp_chief):
    with pytest.raises(ValidationError) as err:
        person_merge_propose(source=duplicate, target=duplicate, reason=REASON, actor=pp_clerk)
    assert "target" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        person_merge_propose(
            source=duplicate, target=people["chandara"], reason="x", actor=pp_clerk
        )
    assert "reason" in err.value.message_dict
    person_merge_propose(source=duplicate, target=people["chandara"], reason=REASON, actor=pp_clerk)
    with pytest.raises(ValidationError):
        person_merge_propose(
            source=duplicate, target=people["chandara"], reason=REASON, actor=pp_chief
        )


def test_rejection_changes_nothing(people, duplicate, pp_clerk, pp_chief):
    merge = person_merge_propose(
        source=duplicate, target=people["chandara"], reason=REASON, actor=pp_clerk
    )
    with pytest.raises(ValidationError):
        person_merge_reject(merge=merge, actor=pp_clerk)
    merge = person_merge_reject(merge=merge, actor=pp_chief)
    duplicate.refresh_from_db()
    assert merge.status == "rejected" and duplicate.is_active
    with pytest.raises(ValidationError):
        person_merge_approve(merge=merge, actor=pp_chief)


def test_a_merged_record_cannot_be_merged_again(people, duplicate, pp_clerk, pp_chief):
    merge = person_merge_propose(
        source=duplicate, target=people["chandara"], reason=REASON, actor=pp_clerk
    )
    person_merge_approve(merge=merge, actor=pp_chief)
    with pytest.raises(ValidationError) as err:
        person_merge_propose(
            source=people["sophea"], target=duplicate, reason=REASON, actor=pp_clerk
        )
    assert "target" in err.value.message_dict


def record_links(source, target, snapshot):
    snapshot["test_links"] = {"moved": [source.pk]}
    Person.objects.filter(pk=source.pk).update(name_km="moved")


def restore_links(source, target, snapshot):
    assert snapshot["test_links"] == {"moved": [source.pk]}
    Person.objects.filter(pk=source.pk).update(name_km="restored")


def test_other_modules_move_their_links_through_hooks(
    people, duplicate, pp_clerk, pp_chief, monkeypatch
):
    monkeypatch.setattr(services, "MERGE_HOOKS", [f"{__name__}.record_links"])
    monkeypatch.setattr(services, "MERGE_REVERSE_HOOKS", [f"{__name__}.restore_links"])
    merge = person_merge_propose(
        source=duplicate, target=people["chandara"], reason=REASON, actor=pp_clerk
    )
    merge = person_merge_approve(merge=merge, actor=pp_chief)
    assert merge.snapshot["test_links"] == {"moved": [duplicate.pk]}
    assert Person.objects.get(pk=duplicate.pk).name_km == "moved"
    person_merge_reverse(merge=merge, actor=pp_chief)
    assert Person.objects.get(pk=duplicate.pk).name_km == "restored"


def test_identifiers_come_back_even_after_a_later_merge(people, duplicate, pp_clerk, pp_chief):
    first = person_merge_propose(
        source=duplicate, target=people["chandara"], reason=REASON, actor=pp_clerk
    )
    first = person_merge_approve(merge=first, actor=pp_chief)
    second = person_merge_propose(
        source=people["chandara"], target=people["sopheak"], reason=REASON, actor=pp_clerk
    )
    person_merge_approve(merge=second, actor=pp_chief)
    # The first merge's kept record has been merged since: the later merge is reversed first.
    with pytest.raises(ValidationError):
        person_merge_reverse(merge=first, actor=pp_chief)
    second.refresh_from_db()
    person_merge_reverse(merge=second, actor=pp_chief)
    person_merge_reverse(merge=first, actor=pp_chief)
    assert PersonIdentifier.objects.get(number="N0123456").person_id == duplicate.pk
