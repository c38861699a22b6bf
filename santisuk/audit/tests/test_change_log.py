"""The automatic change log: every write of a domain record leaves exactly one entry with the
actor, the request and the values before and after."""

import datetime
import sys

import pytest
from django.db import connections, transaction

from santisuk import cli
from santisuk.accounts.models import User
from santisuk.audit import context
from santisuk.audit.models import ChangeEntry
from santisuk.audit.serialize import REDACTED
from santisuk.geo.models import Area
from santisuk.org.models import Unit

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return list(
        ChangeEntry.objects.filter(
            content_type=obj._meta.label_lower, object_id=str(obj.pk)
        ).order_by("id")
    )


def make_area(code="12", name="Phnom Penh"):
    return Area.objects.create(
        code=code,
        level="province",
        name_en=name,
        name_km="ភ្នំពេញ",
        valid_from=datetime.date(2025, 1, 1),
    )


def test_create_update_delete_are_logged_with_actor_and_values(auditor, acting_as):
    with acting_as(auditor, request_id="req-create-1"):
        unit = Unit.objects.create(code="KP", name_en="Kampot", kind="ministry", path="KP/")
        unit.name_en = "Kampot Commissariat"
        unit.save()
        unit_id = unit.pk
        unit.delete()

    created, updated, deleted = ChangeEntry.objects.filter(
        content_type="org.unit", object_id=str(unit_id)
    ).order_by("id")

    assert created.action == "create"
    assert created.actor_id == auditor.pk
    assert created.actor_label == "national.auditor"
    assert created.unit_id == auditor.unit_id
    assert created.request_id == "req-create-1"
    assert created.source == "web"
    assert created.before is None
    assert created.after["code"] == "KP"
    assert created.after["name_en"] == "Kampot"
    assert created.object_repr == "KP Kampot"

    assert updated.action == "update"
    assert updated.before == {"name_en": "Kampot"}
    assert updated.after == {"name_en": "Kampot Commissariat"}

    assert deleted.action == "delete"
    assert deleted.before["name_en"] == "Kampot Commissariat"
    assert deleted.after is None


def test_each_write_leaves_exactly_one_entry_and_no_op_saves_none():
    area = make_area()
    assert [e.action for e in entries_for(area)] == ["create"]
    area.save()  # nothing changed: not a change
    area.save(update_fields=["name_en"])
    assert [e.action for e in entries_for(area)] == ["create"]
    area.name_en = "Phnom Penh Capital"
    area.save()
    assert [e.action for e in entries_for(area)] == ["create", "update"]


def test_foreign_keys_are_ids_and_dates_iso():
    province = make_area()
    district = Area.objects.create(
        code="1201",
        level="district",
        parent=province,
        province=province,
        name_en="Chamkar Mon",
        name_km="ចំការមន",
        valid_from=datetime.date(2025, 1, 1),
    )
    (entry,) = entries_for(district)
    assert entry.after["parent"] == province.pk
    assert entry.after["province"] == province.pk
    assert entry.after["valid_from"] == "2025-01-01"
    assert entry.after["created_at"].endswith("+00:00")


def test_write_by_a_management_command_is_attributed_to_the_command():
    # The santisuk command enters this context around every management command it runs.
    with context.command_context(["load_reference"]):
        area = make_area("17", "Siem Reap")
    (entry,) = entries_for(area)
    assert entry.actor_id is None
    assert entry.actor_label == "command:load_reference"
    assert entry.source == "command"


def test_write_through_the_santisuk_command_line_is_attributed_to_the_command(monkeypatch):
    code = (
        "from santisuk.org.models import Unit; "
        "Unit.objects.create(code='PV', name_en='Prey Veng', kind='ministry', path='PV/')"
    )
    monkeypatch.setattr(sys, "argv", ["santisuk", "shell", "-c", code])
    # A command closes the connections when it ends; the test still needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    cli.main()
    (entry,) = entries_for(Unit.objects.get(code="PV"))
    assert (entry.action, entry.actor_label, entry.source) == ("create", "command:shell", "command")


def test_passwords_are_never_written_to_the_log(auditor):
    created = entries_for(auditor)[0]
    assert created.action == "create"
    assert created.after["password"] == REDACTED
    assert auditor.password not in str(ChangeEntry.objects.values_list("before", "after"))

    auditor.set_password("another-long-passphrase")
    auditor.save()
    update = entries_for(auditor)[-1]
    # The change is visible (the field is listed) but neither hash is.
    assert update.before == {"password": REDACTED}
    assert update.after == {"password": REDACTED}


def test_many_to_many_links_are_logged_as_updates_of_the_owner():
    unit = Unit.objects.create(code="KD", name_en="Kandal", kind="ministry", path="KD/")
    area = make_area()
    unit.jurisdiction.add(area)
    unit.jurisdiction.add(area)  # already linked: nothing changes
    area.units.remove(unit)  # from the other side
    updates = [e for e in entries_for(unit) if e.action == "update"]
    assert [(e.before, e.after) for e in updates] == [
        ({"jurisdiction": []}, {"jurisdiction": [area.pk]}),
        ({"jurisdiction": [area.pk]}, {"jurisdiction": []}),
    ]


def test_entry_is_in_the_same_transaction_as_the_change():
    before = ChangeEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_area()
        raise RuntimeError("the change is abandoned")
    assert ChangeEntry.objects.count() == before
    assert not Area.objects.exists()


def test_deleting_a_user_leaves_their_entries_untouched(auditor, acting_as):
    with acting_as(auditor):
        area = make_area("18", "Preah Sihanouk")
    auditor_pk = auditor.pk
    User.objects.filter(pk=auditor_pk).delete()
    (entry,) = entries_for(area)
    assert entry.actor_id == auditor_pk
    assert entry.actor_label == "national.auditor"
