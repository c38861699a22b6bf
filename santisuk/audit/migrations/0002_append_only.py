"""The audit tables are append-only: the database itself refuses UPDATE and DELETE (and, on
PostgreSQL, TRUNCATE), whatever code or tool connects to it."""

from django.db import migrations

TABLES = ("audit_changeentry", "audit_accessentry")

SQLITE_CREATE = [
    "CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END",
    "CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS {table}_no_update",
    "DROP TRIGGER IF EXISTS {table}_no_delete",
]

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""
POSTGRES_CREATE = [
    "CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()",
    "CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
    "DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
]


def _statements(templates: list[str], table: str) -> list[str]:
    return [t.format(table=table) for t in templates]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # No parameters: the "%" in the message format are plpgsql's, not placeholders.
        schema_editor.execute(POSTGRES_FUNCTION, None)
        for table in TABLES:
            for statement in _statements(POSTGRES_CREATE, table):
                schema_editor.execute(statement)
    elif vendor == "sqlite":
        for table in TABLES:
            for statement in _statements(SQLITE_CREATE, table):
                schema_editor.execute(statement)
    else:
        raise RuntimeError(f"append-only audit tables are not implemented for {vendor}")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    sql = POSTGRES_DROP if vendor == "postgresql" else SQLITE_DROP
    for table in TABLES:
        for statement in _statements(sql, table):
            schema_editor.execute(statement)
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS audit_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
