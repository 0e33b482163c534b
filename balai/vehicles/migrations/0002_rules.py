"""The tax rules of REFERENCE §3 as first loaded (balai/vehicles/rules_seed.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from balai.vehicles.rules import rules_seed_into

    rules_seed_into(apps)


class Migration(migrations.Migration):
    dependencies = [("vehicles", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
