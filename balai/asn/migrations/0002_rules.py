"""The ASN rules of REFERENCE §12 as dated rows (values here, literal; citations in rules_seed.py)."""

from datetime import date

from django.db import migrations

BUP = "PP 11/2017 Pasal 239 jo. PP 17/2020; Surat Kepala BKN K.26-30/V.119-2/99 (3 Oktober 2017)"
PENSION_TMT = "PP 11/2017 jo. PP 17/2020: TMT pensiun hari pertama bulan berikutnya (pasal belum dipastikan)"
PROMOTION = "PP 99/2000 jo. PP 12/2002 (kenaikan pangkat reguler)"
RATING = "PP 99/2000 jo. PP 12/2002; predikat SKP PermenPANRB 6/2022"
PERIODS_OLD = "PP 99/2000 jo. PP 12/2002: periode 1 April dan 1 Oktober"
PERIODS = "Peraturan BKN 4/2023 Pasal 2 (berlaku 1 Januari 2024)"
JP = "PP 17/2020 Pasal 203 ayat (4); Peraturan LAN 10/2018"
PP_11 = date(2017, 3, 30)
START_DATE_NOTE = "Tanggal mulai berlaku tidak tercatat di REFERENCE (belum terkonfirmasi); nilainya tercatat."

ROWS = [
    ("retirement_age", "administrative", 58, PP_11, None, BUP, False, "Administrator, pengawas, pelaksana."),
    ("retirement_age", "functional:skilled", 58, PP_11, None, BUP, False, "Jabatan fungsional keterampilan."),
    ("retirement_age", "functional:ahli_pertama", 58, PP_11, None, BUP, False, ""),
    ("retirement_age", "functional:ahli_muda", 58, PP_11, None, BUP, False, ""),
    ("retirement_age", "functional:ahli_madya", 60, PP_11, None, BUP, False, ""),
    ("retirement_age", "functional:ahli_utama", 65, PP_11, None, BUP, False, ""),
    ("retirement_age", "senior_executive", 60, PP_11, None, BUP, False, "Jabatan pimpinan tinggi (JPT)."),
    ("pension_tmt", "", "first_of_next_month", PP_11, None, PENSION_TMT, True,
     "Hari pertama bulan berikutnya setelah bulan BUP tercapai; pasalnya belum dipastikan."),
    ("promotion_years", "", 4, date(2000, 1, 1), None, PROMOTION, False, START_DATE_NOTE),
    ("promotion_rating", "", "baik", date(2000, 1, 1), None, RATING, False,
     "Predikat SKP dua tahun terakhir paling rendah Baik. " + START_DATE_NOTE),
    ("promotion_months", "", [4, 10], date(2000, 1, 1), date(2023, 12, 31), PERIODS_OLD, False, START_DATE_NOTE),
    ("promotion_months", "", [2, 4, 6, 8, 10, 12], date(2024, 1, 1), None, PERIODS, False,
     "Tidak untuk kenaikan pangkat anumerta dan pengabdian."),
    ("training_jp", "", 20, date(2020, 1, 1), None, JP, False, START_DATE_NOTE),
]


def create(apps, schema_editor):
    AsnRule = apps.get_model("asn", "AsnRule")
    for key, qualifier, value, valid_from, valid_to, regulation, unconfirmed, note in ROWS:
        AsnRule.objects.get_or_create(key=key, qualifier=qualifier, valid_from=valid_from, defaults={
            "value": value, "valid_to": valid_to, "regulation": regulation, "unconfirmed": unconfirmed,
            "note": note})


def remove(apps, schema_editor):
    apps.get_model("asn", "AsnRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("asn", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
