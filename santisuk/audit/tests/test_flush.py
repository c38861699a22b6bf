"""Emptying the whole database is refused for the audit log, except on a throw-away database
whose settings allow it (tests that commit)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction

from santisuk.audit.models import ChangeEntry
from santisuk.audit.services import event_record


@pytest.mark.django_db
def test_flush_is_refused_with_a_clear_message():
    event_record(name="test.kept")
    with pytest.raises(CommandError, match="append-only and cannot be flushed"):
        call_command("flush", interactive=False)
    assert ChangeEntry.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_committed_entries_of_a_throw_away_database_can_be_flushed(committed_db):
    event_record(name="test.committed")
    call_command("flush", interactive=False)
    assert ChangeEntry.objects.count() == 0
    # The triggers are back after the flush.
    event_record(name="test.after")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ChangeEntry.objects.all().delete()
