"""Trigram indexes for "contains" searches on PostgreSQL (the ``pg_trgm`` extension that ships
with it). A search for a word inside a name or a reference cannot use an ordinary index, so at a
million records it reads the whole table; a trigram index answers it directly. SQLite, the small
deployments' database, keeps its plain scans: the migrations change nothing there.
"""

from __future__ import annotations

from django.db import migrations


def trigram_indexes(table: str, indexes: dict[str, str]) -> migrations.RunPython:
    """A migration operation creating (and, backwards, dropping) GIN trigram indexes on
    ``table``: ``{index name: indexed expression}``, the expression as the ORM's lookups write it
    (``UPPER(column)`` for ``icontains``, the column for ``contains``)."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, expression in indexes.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                f"USING gin ({expression} gin_trgm_ops)"
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for name in indexes:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(create, drop)
