"""Promotion proposals and retirement files move onto the case engine: each is now the domain
record of one case (one-to-one), which carries the state, the requirements and the decision letter.
Step 1 of 2; the schema is 0008, a migration of its own (PostgreSQL refuses to alter a table with
deferred constraint checks pending from deletes in the same transaction).

Rows written before (their state and checklist lived here, with no case) are removed: they were
demo and test data of the unreleased workspace; the daily task opens the retirement files again
as cases, and a promotion is proposed again from the unit's page."""

from django.db import migrations


def drop_caseless(apps, schema_editor):
    apps.get_model("asn", "PromotionProposal").objects.all().delete()
    apps.get_model("asn", "RetirementFile").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("asn", "0006_courses_english"),
        ("cases", "0008_default_catalogue_english"),
    ]

    operations = [migrations.RunPython(drop_caseless, migrations.RunPython.noop)]
