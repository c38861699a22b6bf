"""The database refuses to change or remove audit entries, whatever the route."""

import pytest
from django.db import DatabaseError, connection, transaction

from santisuk.audit.models import AccessEntry, ChangeEntry
from santisuk.audit.services import access_record, event_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries():
    return event_record(name="test.entry", data={"n": 1}), access_record(action="test.read")


def refused(statement, *params):
    # A savepoint keeps the test's transaction usable after the refusal on PostgreSQL.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        statement(*params)


@pytest.mark.parametrize("model", [ChangeEntry, AccessEntry])
def test_orm_update_and_delete_are_refused(model, entries):
    entry = model.objects.get()
    refused(lambda: model.objects.filter(pk=entry.pk).update(object_repr="forged"))
    refused(lambda: model.objects.filter(pk=entry.pk).delete())
    refused(entry.delete)
    entry.object_repr = "forged"
    refused(lambda: entry.save(update_fields=["object_repr"]))
    assert model.objects.get().object_repr == ""


@pytest.mark.parametrize("table", ["audit_changeentry", "audit_accessentry"])
def test_raw_sql_update_and_delete_are_refused(table, entries):
    def execute(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)

    refused(execute, f"UPDATE {table} SET object_repr = 'forged'")
    refused(execute, f"DELETE FROM {table}")
    if connection.vendor == "postgresql":
        refused(execute, f"TRUNCATE {table}")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), max(object_repr) FROM {table}")
        assert cursor.fetchone() == (1, "")


def test_inserting_new_entries_still_works(entries):
    event_record(name="test.another")
    assert ChangeEntry.objects.count() == 2
