"""``flush`` that respects the append-only audit log.

Django's flush empties every table, and the audit triggers refuse that for the audit tables, so
the stock command fails with a vague message. This one says why. Throw-away databases (tests
that commit, such as ``transactional_db`` and ``live_server``) may be flushed when the setting
``AUDIT_ALLOW_FLUSH`` is on: the triggers are lifted for the flush and put back after it.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

_TRIGGERS = "santisuk.audit.migrations.0002_append_only"


class _Executor:
    """The part of a schema editor the trigger migration uses, without the SQLite schema
    editor's restrictions (it may not run inside a transaction)."""

    def __init__(self, connection):
        self.connection = connection

    def execute(self, sql, params=None):
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)


class Command(FlushCommand):
    help = (
        FlushCommand.help + " The audit log is append-only: it is flushed only when the "
        "AUDIT_ALLOW_FLUSH setting is on (throw-away databases)."
    )

    def handle(self, **options):
        connection = connections[options["database"]]
        tables = set(connection.introspection.table_names())
        if not {"audit_changeentry", "audit_accessentry"} <= tables:
            return super().handle(**options)
        if not getattr(settings, "AUDIT_ALLOW_FLUSH", False):
            raise CommandError(
                "the audit log is append-only and cannot be flushed; "
                "AUDIT_ALLOW_FLUSH is for throw-away databases only"
            )
        triggers = import_module(_TRIGGERS)
        triggers.drop_triggers(None, _Executor(connection))
        try:
            return super().handle(**options)
        finally:
            triggers.create_triggers(None, _Executor(connection))
