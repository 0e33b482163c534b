"""Step 2 of 2: promotion proposals and retirement files are the domain records of cases."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("asn", "0007_files_without_case"),
        ("cases", "0008_default_catalogue_english"),
    ]

    operations = [
        migrations.RemoveField(model_name="promotionproposal", name="checklist"),
        migrations.RemoveField(model_name="promotionproposal", name="completed_at"),
        migrations.RemoveField(model_name="promotionproposal", name="state"),
        migrations.RemoveField(model_name="retirementfile", name="checklist"),
        migrations.RemoveField(model_name="retirementfile", name="completed_at"),
        migrations.RemoveField(model_name="retirementfile", name="state"),
        migrations.AddField(
            model_name="promotionproposal",
            name="application",
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="asn_promotion",
                                       to="cases.application", verbose_name="permohonan"),
        ),
        migrations.AddField(
            model_name="retirementfile",
            name="application",
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="asn_retirement",
                                       to="cases.application", verbose_name="permohonan"),
        ),
    ]
