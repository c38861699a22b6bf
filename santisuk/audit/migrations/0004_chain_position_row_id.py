import importlib

from django.db import migrations

import santisuk.audit.models.entries

leaner = importlib.import_module("santisuk.audit.migrations.0003_leaner_indexes")


class Migration(migrations.Migration):
    """On SQLite the entry's number becomes the table's row id (the tables are copied, and
    their append-only triggers created again); on PostgreSQL nothing changes."""

    dependencies = [("audit", "0003_leaner_indexes")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, leaner.recreate_sqlite_triggers),
        migrations.AlterField(
            model_name="accessentry",
            name="id",
            field=santisuk.audit.models.entries.ChainPosition(
                editable=False, primary_key=True, serialize=False, verbose_name="number"
            ),
        ),
        migrations.AlterField(
            model_name="changeentry",
            name="id",
            field=santisuk.audit.models.entries.ChainPosition(
                editable=False, primary_key=True, serialize=False, verbose_name="number"
            ),
        ),
        migrations.RunPython(leaner.recreate_sqlite_triggers, migrations.RunPython.noop),
    ]
