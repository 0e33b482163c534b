"""PostgreSQL: the ledger and the collections refuse UPDATE and DELETE (invariant 2) at the
database, not only in ``AppendOnly.save``. Other databases rely on the model layer."""

from django.db import migrations

TABLES = ("partners_ledgerentry", "partners_ledgertransfer", "partners_collection")

FUNCTION = """
CREATE OR REPLACE FUNCTION partners_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '%% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for table in TABLES:
        schema_editor.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                              f"FOR EACH ROW EXECUTE FUNCTION partners_append_only()")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS partners_append_only()")


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
