from django.db import migrations


def seed(apps, schema_editor):
    from santisuk.plates.seed import seed as run

    run(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("plates", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
