"""access_record, event_record and changes_record_bulk, and the hash chain they extend."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from santisuk.audit import chain
from santisuk.audit.bulk_sql import allocate_ids
from santisuk.audit.models import AccessEntry, ChangeEntry
from santisuk.audit.services import access_record, changes_record_bulk, event_record
from santisuk.geo.models import Area
from santisuk.org.models import Unit

pytestmark = pytest.mark.django_db


def test_access_record_takes_the_actor_from_the_request_context(auditor, acting_as):
    with acting_as(auditor, request_id="req-search-42"):
        entry = access_record(
            action="person.search",
            query={"name": "SOK CHANDARA", "birth_year": 1990},
            reason="case 2024/118",
            result_count=3,
        )
    entry = AccessEntry.objects.get(pk=entry.pk)
    assert entry.actor_id == auditor.pk
    assert entry.actor_label == "national.auditor"
    assert entry.unit_id == auditor.unit_id is not None
    assert entry.request_id == "req-search-42"
    assert entry.ip_address == "10.0.0.7"
    assert entry.query == {"name": "SOK CHANDARA", "birth_year": 1990}
    assert entry.reason == "case 2024/118"
    assert entry.result_count == 3
    assert entry.outcome == "allowed"


def test_access_record_with_an_explicit_actor_and_object(auditor, pp_officer, unit, acting_as):
    with acting_as(auditor):
        entry = access_record(action="unit.view", actor=pp_officer, obj=unit, outcome="denied")
    assert entry.actor_label == "pp.officer"
    assert entry.content_type == "org.unit"
    assert entry.object_id == str(unit.pk)
    assert entry.object_repr == str(unit)
    assert entry.outcome == "denied"


def test_access_record_refuses_an_unknown_outcome():
    with pytest.raises(ValidationError) as error:
        access_record(action="login.failed", outcome="maybe")
    assert "outcome" in error.value.message_dict


def test_event_record_is_a_change_entry_with_a_name(unit):
    entry = event_record(name="unit.jurisdiction_reviewed", obj=unit, data={"areas": 3})
    entry = ChangeEntry.objects.get(pk=entry.pk)
    assert entry.action == "event"
    assert entry.event == "unit.jurisdiction_reviewed"
    assert entry.content_type == "org.unit"
    assert entry.after == {"areas": 3}


def test_entries_are_numbered_and_chained_without_gaps(unit):
    first = event_record(name="test.first")
    second = event_record(name="test.second")
    assert second.id == first.id + 1
    assert second.prev_hash == first.hash
    assert ChangeEntry.objects.order_by("id").first().prev_hash == chain.GENESIS
    assert chain.verify(ChangeEntry).intact


def test_changes_record_bulk_logs_one_entry_per_object_in_few_queries(
    django_assert_max_num_queries,
):
    areas = Area.objects.bulk_create(
        Area(
            code=f"{n:02d}",
            level="province",
            name_en=f"Province {n}",
            name_km="ខេត្ត",
            search_name=f"province {n}",
            valid_from=datetime.date(2025, 1, 1),
        )
        for n in range(10, 60)
    )
    before = ChangeEntry.objects.count()
    with django_assert_max_num_queries(6):
        written = changes_record_bulk(model=Area, objects=areas, action="create")
    assert written == 50
    entries = list(ChangeEntry.objects.filter(content_type="geo.area").order_by("id"))
    assert len(entries) == 50 == ChangeEntry.objects.count() - before
    assert {e.object_id for e in entries} == {str(a.pk) for a in areas}
    assert entries[0].after["code"] == "10"
    assert chain.verify(ChangeEntry).intact


def test_changes_record_bulk_for_a_delete_keeps_the_values(unit):
    changes_record_bulk(model=Unit, objects=[unit], action="delete")
    entry = ChangeEntry.objects.order_by("-id").first()
    assert entry.action == "delete"
    assert entry.before["code"] == "PP"
    assert entry.after is None


def test_changes_record_bulk_refuses_an_unknown_action(unit):
    with pytest.raises(ValueError, match="action"):
        changes_record_bulk(model=Unit, objects=[unit], action="merge")


def test_keys_taken_in_bulk_are_new_and_given_once(unit):
    first = list(allocate_ids(Unit, 1500))
    assert len(set(first)) == 1500
    assert min(first) > Unit.objects.order_by("-pk").first().pk
    if connection.vendor == "postgresql":  # the sequence: taken keys are never given again
        second = list(allocate_ids(Unit, 10))
        assert min(second) > max(first)
        assert Unit.objects.create(code="KEYS1", name_en="Keys", kind=unit.kind).pk > max(second)
