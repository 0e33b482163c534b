"""Literal data (REFERENCE §5): each SIM class's validity with its regulation — 5 years from the
date of issue (Perpol 5/2021 Art. 4), the international SIM 3 years (§5.1 states it in the same
sentence without an article, so the row names the regulation only) — and the SPLP fees of PP
45/2024 (§5.2: Rp 100,000 for a citizen, Rp 150,000 for a foreigner; not marked unconfirmed there).
After loading, the rows are data: edited in the admin, never by changing this file."""

from datetime import date

from django.db import migrations

PERPOL_5 = "Perpol 5/2021 Pasal 4"
PERPOL_5_INTL = "Perpol 5/2021"
PP_45 = "PP 45/2024 (PNBP Ditjen Imigrasi), berlaku 17 Desember 2024"
# class code → years from the date of issue, regulation
VALIDITY = {"INTL": (3, PERPOL_5_INTL)}
SPLP = [("splp_wni", 100000), ("splp_wna", 150000)]


def load(apps, schema_editor):
    licence_class = apps.get_model("mobility", "LicenceClass")
    passport_fee = apps.get_model("mobility", "PassportFee")
    for row in licence_class.objects.filter(validity_regulation=""):
        row.validity_years, row.validity_regulation = VALIDITY.get(row.code, (5, PERPOL_5))
        row.save(update_fields=["validity_years", "validity_regulation"])
    for item, amount in SPLP:
        if not passport_fee.objects.filter(item=item).exists():
            passport_fee.objects.create(item=item, amount=amount, valid_from=date(2024, 12, 17), regulation=PP_45)


def unload(apps, schema_editor):
    apps.get_model("mobility", "PassportFee").objects.filter(item__in=[item for item, _ in SPLP]).delete()
    apps.get_model("mobility", "LicenceClass").objects.update(validity_years=5, validity_regulation="")


class Migration(migrations.Migration):
    dependencies = [("mobility", "0003_validity_and_splp")]
    operations = [migrations.RunPython(load, unload)]
