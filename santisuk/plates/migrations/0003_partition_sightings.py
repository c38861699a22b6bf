"""PostgreSQL only: the sightings table becomes partitioned by day of ``captured_at``.

Sightings are the high-volume table of the system (every camera, every day); day partitions keep
inserts and the retention purge cheap. The primary key and the unique key include
``captured_at`` (PostgreSQL requires the partition column in them); the key fixes the capture
time anyway. Indexes keep the names Django gave them. Existing rows are copied over.
On SQLite nothing changes: one table.
"""

from django.db import migrations

TABLE = "plates_sighting"


def partition(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    from santisuk.plates.partitions import ensure_day_partitions, local_day

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [TABLE]
        )
        if cursor.fetchone():
            return
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE schemaname = current_schema() AND tablename = %s",
            [TABLE],
        )
        keep = {"plates_sighting_pkey", "plates_sighting_key_uniq"}
        indexes = [(name, sql) for name, sql in cursor.fetchall() if name not in keep]
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {TABLE}_unpartitioned")
        cursor.execute(
            f"CREATE TABLE {TABLE} (LIKE {TABLE}_unpartitioned INCLUDING DEFAULTS) "
            "PARTITION BY RANGE (captured_at)"
        )
        cursor.execute(f"CREATE SEQUENCE {TABLE}_part_id_seq OWNED BY {TABLE}.id")
        cursor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_part_id_seq')"
        )
        cursor.execute(f"SELECT DISTINCT captured_at FROM {TABLE}_unpartitioned")
        ensure_day_partitions(local_day(row[0]) for row in cursor.fetchall())
        cursor.execute(f"INSERT INTO {TABLE} SELECT * FROM {TABLE}_unpartitioned")
        cursor.execute(
            f"SELECT setval('{TABLE}_part_id_seq', "
            f"COALESCE((SELECT MAX(id) FROM {TABLE}), 0) + 1, false)"
        )
        cursor.execute(f"DROP TABLE {TABLE}_unpartitioned")
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT plates_sighting_pkey PRIMARY KEY (id, captured_at)"
        )
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT plates_sighting_key_uniq "
            "UNIQUE (key, captured_at)"
        )
        for _name, sql in indexes:
            cursor.execute(sql)


class Migration(migrations.Migration):
    # The table is rebuilt in one transaction with the copy.
    dependencies = [("plates", "0002_seed")]

    operations = [migrations.RunPython(partition, migrations.RunPython.noop)]
