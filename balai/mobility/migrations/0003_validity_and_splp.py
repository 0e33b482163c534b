"""A SIM class's validity as data (REFERENCE §5.1: 5 years, the international SIM 3) and the SPLP
items of the passport fee table (REFERENCE §5.2). The values are loaded by 0004."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("mobility", "0002_rules")]

    operations = [
        migrations.AddField(
            model_name="licenceclass",
            name="validity_years",
            field=models.PositiveSmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(1)],
                                                   verbose_name="masa berlaku (tahun)"),
        ),
        migrations.AddField(
            model_name="licenceclass",
            name="validity_regulation",
            field=models.CharField(default="", max_length=300, verbose_name="dasar hukum masa berlaku"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="passportfee",
            name="item",
            field=models.CharField(choices=[
                ("biasa_5", "Paspor biasa non-elektronik, 5 tahun"),
                ("biasa_10", "Paspor biasa non-elektronik, 10 tahun"),
                ("elektronik_5", "Paspor elektronik, 5 tahun"),
                ("elektronik_10", "Paspor elektronik, 10 tahun"),
                ("splp_wni", "SPLP (Surat Perjalanan Laksana Paspor) untuk WNI"),
                ("splp_wna", "SPLP (Surat Perjalanan Laksana Paspor) untuk orang asing"),
                ("percepatan", "Layanan percepatan (selesai di hari yang sama), tambahan"),
                ("hilang", "Tambahan karena paspor hilang"),
                ("rusak", "Tambahan karena paspor rusak"),
            ], max_length=16, verbose_name="jenis"),
        ),
    ]
