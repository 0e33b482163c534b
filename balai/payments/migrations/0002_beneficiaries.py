from django.db import migrations


def forwards(apps, schema_editor):
    from balai.payments.beneficiaries import beneficiaries_ensure

    beneficiaries_ensure(apps.get_model("payments", "Beneficiary"))


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
