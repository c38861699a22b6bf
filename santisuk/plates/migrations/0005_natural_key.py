"""The natural key of a sighting (capture time, device, normalised plate) replaces the SHA-256
key column: the same uniqueness, since the hash was computed from exactly these three values,
without a random-order index. On PostgreSQL every statement here works on the partitioned table
and reaches each day partition; existing rows keep their place."""

import datetime
import hashlib

from django.conf import settings
from django.db import migrations, models


def keys_back(apps, schema_editor):
    """Going back: the SHA-256 key of every sighting, as the previous code computed it."""
    Sighting = apps.get_model("plates", "Sighting")
    rows = Sighting.objects.filter(key="").values_list(
        "pk", "device_id", "captured_at", "plate_normalised"
    )
    for pk, device, seen, plate in rows.iterator(chunk_size=2000):
        stamp = seen.astimezone(datetime.UTC).isoformat(timespec="microseconds")
        raw = f"{device.strip()}\x1f{stamp}\x1f{plate}"
        key = hashlib.sha256(raw.encode("utf-8")).hexdigest()
        Sighting.objects.filter(pk=pk, captured_at=seen).update(key=key)


class Migration(migrations.Migration):

    dependencies = [
        ('geo', '0001_initial'),
        ('plates', '0004_sighting_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # A default, so that going back can add the column to existing rows before their keys
        # are computed again.
        migrations.AlterField(
            model_name='sighting',
            name='key',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='key'),
        ),
        migrations.RemoveConstraint(
            model_name='sighting',
            name='plates_sighting_key_uniq',
        ),
        migrations.RunPython(migrations.RunPython.noop, keys_back),
        migrations.RemoveIndex(
            model_name='sighting',
            name='plates_sight_plate_time',
        ),
        migrations.RemoveField(
            model_name='sighting',
            name='key',
        ),
        migrations.AlterField(
            model_name='sighting',
            name='plate_normalised',
            field=models.CharField(max_length=40, verbose_name='normalised plate'),
        ),
        migrations.AddIndex(
            model_name='sighting',
            index=models.Index(fields=['plate_normalised'], name='plates_sight_plate_text'),
        ),
        migrations.AddIndex(
            model_name='sighting',
            index=models.Index(condition=models.Q(('plate__isnull', False)), fields=['plate', 'captured_at'], name='plates_sight_plate_time'),
        ),
        migrations.AddIndex(
            model_name='sighting',
            index=models.Index(condition=models.Q(('rules_checked', False)), fields=['captured_at'], name='plates_sight_unchecked'),
        ),
        migrations.AddConstraint(
            model_name='sighting',
            constraint=models.UniqueConstraint(fields=('captured_at', 'device_id', 'plate_normalised'), name='plates_sighting_natural_key'),
        ),
    ]
