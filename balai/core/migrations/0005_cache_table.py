"""The table of the embedded default's shared cache (settings.CACHES, balai.core.cache).

Created here rather than by a separate ``createcachetable`` step so that every ``migrate`` (make run's
prepare, tests, CI, the production run) has it, whatever cache is configured: an unused table is
harmless, a missing one breaks every rate-limited page."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

CACHE_TABLE = "balai_cache"  # balai.core.cache.CACHE_TABLE (a migration keeps its own copy)


def create(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, CACHE_TABLE, dry_run=False)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_outbox"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
