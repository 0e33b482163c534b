"""SIM classes, SIM PNBP (PP 76/2020) and passport fees (PP 45/2024) as literal data (REFERENCE §5).
After loading, the rows are data: edited in the admin, never by changing this file."""

from datetime import date

from django.db import migrations

PP_76 = "PP 76/2020 (PNBP Polri), lampiran: penerbitan SIM"
PP_45 = "PP 45/2024 (PNBP Ditjen Imigrasi), berlaku 17 Desember 2024"
ARCHIVE = "Tanggal mulai sebagai batas arsip (tanggal berlaku PP 76/2020 tidak dicatat di REFERENCE)."

# code, name, description, online renewal (SINAR: SIM A and C), new fee, renewal fee
CLASSES = [
    ("A", "SIM A", "Mobil penumpang dan barang perseorangan s.d. 3.500 kg", True, 120000, 80000),
    ("A_UMUM", "SIM A Umum", "Mobil penumpang dan barang umum s.d. 3.500 kg", False, 120000, 80000),
    ("BI", "SIM B I", "Mobil perseorangan lebih dari 3.500 kg", False, 120000, 80000),
    ("BI_UMUM", "SIM B I Umum", "Mobil umum lebih dari 3.500 kg", False, 120000, 80000),
    ("BII", "SIM B II", "Alat berat, penarik, kereta gandengan perseorangan", False, 120000, 80000),
    ("BII_UMUM", "SIM B II Umum", "Kereta gandengan atau tempelan umum", False, 120000, 80000),
    ("C", "SIM C", "Sepeda motor s.d. 250 cc", True, 100000, 75000),
    ("CI", "SIM C I", "Sepeda motor 250–500 cc", False, 100000, 75000),
    ("CII", "SIM C II", "Sepeda motor di atas 500 cc", False, 100000, 75000),
    ("D", "SIM D", "Kendaraan khusus penyandang disabilitas (roda dua)", False, 50000, 30000),
    ("DI", "SIM D I", "Kendaraan khusus penyandang disabilitas (roda empat)", False, 50000, 30000),
    ("INTL", "SIM Internasional", "Mengemudi di luar negeri (berlaku 3 tahun)", False, 250000, 225000),
]

PASSPORT = [
    ("biasa_5", 350000), ("biasa_10", 650000), ("elektronik_5", 650000), ("elektronik_10", 950000),
    ("percepatan", 1000000), ("hilang", 1000000), ("rusak", 500000),
]


def load(apps, schema_editor):
    licence_class = apps.get_model("mobility", "LicenceClass")
    sim_fee = apps.get_model("mobility", "SimFee")
    passport_fee = apps.get_model("mobility", "PassportFee")
    for order, (code, name, description, online, new, renewal) in enumerate(CLASSES):
        row = licence_class.objects.create(code=code, name=name, description=description, online_renewal=online,
                                           order=order)
        for kind, amount in (("new", new), ("renewal", renewal)):
            sim_fee.objects.create(licence_class=row, kind=kind, amount=amount, valid_from=date(2021, 1, 1),
                                   regulation=PP_76, note=ARCHIVE)
    for item, amount in PASSPORT:
        note = ("Paspor yang hilang karena bencana (force majeure): Rp 0." if item in ("hilang", "rusak") else "")
        passport_fee.objects.create(item=item, amount=amount, valid_from=date(2024, 12, 17), regulation=PP_45,
                                    note=note)


def unload(apps, schema_editor):
    for name in ("SimFee", "PassportFee", "LicenceClass"):
        apps.get_model("mobility", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("mobility", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
