"""Rule rows for BBNKB, SWDKLLJ classes, penalty treasuries and per-year NJKB (REFERENCE §3.3–§3.5,
§4.5), as literal data frozen with this migration.

- BBNKB: 12.5 % on the first transfer before 5 January 2025, 12 % from then, 0 % on later
  transfers from then; opsen BBNKB 66 %; the 2025 base relief for BBNKB (DERIVED 12.5/19.92).
- SWDKLLJ: every PMK 16/2017 class as a classification row (position order, cc thresholds as
  data), and the tow-truck and heavy-equipment tariffs.
- The progressive cc threshold (250 cc) as its own dated row.
- Which treasury each penalty line goes to.
- The pre-2025 penalty's 24-month cap marked UNCONFIRMED (no source in REFERENCE §3.8).

``balai.vehicles.rules.rules_seed_into`` replays ``load`` with the current models for tests that
flush the tables; it loads only into empty tables.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

OLD_FROM, OLD_TO, NEW_FROM = date(2010, 1, 1), date(2025, 1, 4), date(2025, 1, 5)
SWDKLLJ_FROM = date(2017, 6, 1)

PERDA_2010_BBNKB = "Perda Provinsi Jawa Timur No. 9 Tahun 2010 tentang Pajak Daerah (BBNKB)"
PERDA_2023_BBNKB = "Perda Provinsi Jawa Timur No. 8 Tahun 2023 (BBNKB, berlaku 5 Januari 2025)"
HKPD_BBNKB_II = "UU 1/2022 (HKPD): BBNKB hanya atas penyerahan pertama"
OPSEN_BBNKB = "UU 1/2022 (HKPD) jo. perda pajak daerah kabupaten/kota se-Jawa Timur: opsen BBNKB 66 %"
KEPGUB_1 = "Kepgub Jatim No. 100.3.3.1/722/KTPS/013/2024 (keringanan dasar pengenaan, 5 Jan–30 Jun 2025)"
KEPGUB_2 = "Kepgub Jatim No. 100.3.3.1/400/013/2025 (keringanan dasar pengenaan, 1 Jul–31 Des 2025)"
PMK_SWDKLLJ = "PMK 16/PMK.010/2017 (SWDKLLJ), UU 34/1964, PP 18/1965"
PERDA_2010 = "Perda Provinsi Jawa Timur No. 9 Tahun 2010 tentang Pajak Daerah"
PERDA_2023 = "Perda Provinsi Jawa Timur No. 8 Tahun 2023 Pasal 7–8 (PKB, berlaku 5 Januari 2025)"
SPLIT = "UU 1/2022 (HKPD): pembayaran dipisah di sumber (split payment) ke RKUD provinsi dan kabupaten/kota"
BOBOT = "Permendagri 82/2022 tentang penghitungan dasar pengenaan PKB dan BBNKB (bobot)"

# (transfer, rate %, from, to, regulation, unconfirmed, note)
BBNKB_RATES = [
    ("first", "12.5", OLD_FROM, OLD_TO, PERDA_2010_BBNKB, True,
     "12,5 % menurut Bapenda Jatim sebagaimana dikutip pers (REFERENCE §3.4); teks perda belum dibaca."),
    ("first", "12", NEW_FROM, None, PERDA_2023_BBNKB, True,
     "Nomor pasal belum dikonfirmasi; nilai sesuai batas HKPD dan sumber Bapenda Jatim (REFERENCE §3.3)."),
    ("later", "0", NEW_FROM, None, HKPD_BBNKB_II, False,
     "Tidak ada BBNKB atas penyerahan kedua dan seterusnya sejak HKPD (Bapenda Jatim: 0 %). "
     "Tarif BBNKB II sebelum 2025 tidak ada di REFERENCE: tidak ada baris (tidak dimodelkan)."),
]
# (tax, rate %, from, to, regulation, unconfirmed, note)
OPSEN_RATES = [("bbnkb", "66", NEW_FROM, None, OPSEN_BBNKB, False, "Hanya untuk BBNKB terutang mulai 5 Januari 2025.")]
# (tax, order, numerator, denominator, from, to, regulation, unconfirmed, note): 12.5 / (12 × 1.66) = 625/996
BASE_RELIEFS = [
    ("bbnkb", None, 625, 996, NEW_FROM, date(2025, 6, 30), KEPGUB_1, True,
     "DERIVED: 12,5/19,92 (≈ 0,6275) dengan asumsi sasaran tarif lama 12,5 %; perlakuan BBNKB dalam Kepgub "
     "belum terkonfirmasi (REFERENCE §3.3)."),
    ("bbnkb", None, 625, 996, date(2025, 7, 1), date(2025, 12, 31), KEPGUB_2, True,
     "DERIVED: 12,5/19,92 (≈ 0,6275) dengan asumsi sasaran tarif lama 12,5 %; perlakuan BBNKB dalam Kepgub "
     "belum terkonfirmasi (REFERENCE §3.3)."),
]
# (class, label, contribution, card fee, unconfirmed, note)
SWDKLLJ_TARIFFS = [
    ("tow_truck", "Truk derek dan sejenisnya", 20_000, 3_000, True,
     "Iuran Rp 20.000 menurut PMK 16/2017; biaya kartu Rp 3.000 DERIVED (REFERENCE §3.5)."),
    ("heavy_equipment", "Alat berat (traktor, buldoser, forklift)", 20_000, 3_000, True,
     "Iuran Rp 20.000 DERIVED (23.000 − 3.000 tercetak di laman layanan Bapenda, REFERENCE §3.5)."),
]
# (position, categories, uses, cc up to, class): the first matching row wins.
SWDKLLJ_CLASSES = [
    (10, "", "ambulance,fire_engine,hearse", None, "exempt"),
    (20, "motorcycle", "", 50, "exempt"),
    (30, "motorcycle", "", 250, "motor_le250"),
    (40, "motorcycle", "", None, "motor_gt250"),
    (50, "tricycle", "", None, "motor_le250"),
    (60, "tow_truck", "", None, "tow_truck"),
    (70, "heavy_equipment", "", None, "heavy_equipment"),
    (80, "sedan,jeep,minibus", "public_transport", 1600, "public_car_le1600"),
    (90, "sedan,jeep,minibus", "public_transport", None, "public_bus"),
    (100, "sedan,jeep,minibus", "", None, "car"),
    (110, "pickup,blind_van,light_truck", "", 2400, "car"),
    (120, "microbus,bus", "public_transport", None, "public_bus"),
    (130, "microbus,bus", "", None, "bus"),
    (140, "", "", None, "truck"),
]
# (cc threshold, from, to, regulation, unconfirmed, note)
PROGRESSIVE = [
    (250, OLD_FROM, OLD_TO, PERDA_2010, False, "Roda 2/3 di atas 250 cc (Perda 9/2010: 'di atas 250 cc')."),
    (250, NEW_FROM, None, PERDA_2023, True,
     "CONFLICT (kata): ringkasan DDTC tidak memuat 'di atas'; diterapkan > 250 cc seperti Perda 9/2010 "
     "(REFERENCE §3.3)."),
]
# (line, treasury, from, to, regulation, unconfirmed, note)
PENALTY_BENEFICIARIES = [
    ("pkb_penalty", "province", OLD_FROM, None, SPLIT, False, "REFERENCE §4.5: sanksi ke rekening provinsi."),
    ("opsen_pkb_penalty", "regency", NEW_FROM, None, SPLIT, True,
     "Dua bacaan: (a) sanksi atas opsen mengikuti opsen ke RKUD kabupaten/kota (opsen mengikuti pajak "
     "pokoknya, REFERENCE §3.8); (b) REFERENCE §4.5 menempatkan 'sanksi' di rekening provinsi. "
     "Default (a) sampai dikonfirmasi Bapenda."),
]
# (category, bobot, from, regulation, unconfirmed, note)
BOBOTS = [
    ("tow_truck", "1.400", OLD_FROM, BOBOT, True, "Dibaca sebagai 'truk dan sejenisnya' (REFERENCE §3.2)."),
]
PRE_2025_CAP_NOTE = ("Rumus untuk Jatim belum terkonfirmasi (alternatif: 2 %/bulan). Batas 24 bulan tidak "
                     "bersumber di REFERENCE §3.8: diasumsikan, dapat diubah atau dikosongkan di sini.")


def load(apps, schema_editor):
    def model(name):
        return apps.get_model("vehicles", name)

    bbnkb = model("BbnkbRate")
    if bbnkb.objects.exists():
        return
    bbnkb.objects.bulk_create([bbnkb(transfer=k, rate_percent=Decimal(r), valid_from=f, valid_to=t, regulation=g,
                                     unconfirmed=u, note=n) for k, r, f, t, g, u, n in BBNKB_RATES])
    opsen = model("OpsenRate")
    opsen.objects.bulk_create([opsen(tax=x, rate_percent=Decimal(r), valid_from=f, valid_to=t, regulation=g,
                                     unconfirmed=u, note=n) for x, r, f, t, g, u, n in OPSEN_RATES])
    relief = model("BaseRelief")
    relief.objects.bulk_create([relief(tax=x, ownership_order=o, factor_numerator=a, factor_denominator=b,
                                       valid_from=f, valid_to=t, regulation=g, unconfirmed=u, note=n)
                                for x, o, a, b, f, t, g, u, n in BASE_RELIEFS])
    swd = model("SwdklljTariff")
    swd.objects.bulk_create([swd(class_code=c, label=label, contribution=a, card_fee=k, valid_from=SWDKLLJ_FROM,
                                 regulation=PMK_SWDKLLJ, unconfirmed=u, note=n)
                             for c, label, a, k, u, n in SWDKLLJ_TARIFFS])
    classes = model("SwdklljClassRule")
    classes.objects.bulk_create([classes(position=p, categories=c, uses=us, cc_up_to=cc, class_code=k,
                                         valid_from=SWDKLLJ_FROM, regulation=PMK_SWDKLLJ)
                                 for p, c, us, cc, k in SWDKLLJ_CLASSES])
    progressive = model("ProgressiveRule")
    progressive.objects.bulk_create([progressive(cc_threshold=cc, valid_from=f, valid_to=t, regulation=g,
                                                 unconfirmed=u, note=n) for cc, f, t, g, u, n in PROGRESSIVE])
    beneficiary = model("PenaltyBeneficiary")
    beneficiary.objects.bulk_create([beneficiary(line_code=c, treasury=w, valid_from=f, valid_to=t, regulation=g,
                                                 unconfirmed=u, note=n)
                                     for c, w, f, t, g, u, n in PENALTY_BENEFICIARIES])
    bobot = model("Bobot")
    bobot.objects.bulk_create([bobot(category=c, factor=Decimal(v), valid_from=f, regulation=g, unconfirmed=u,
                                     note=n) for c, v, f, g, u, n in BOBOTS])
    model("PenaltyRule").objects.filter(valid_from=OLD_FROM, valid_to=OLD_TO, max_months=24).update(
        max_months_unconfirmed=True, note=PRE_2025_CAP_NOTE)


class Migration(migrations.Migration):
    dependencies = [("vehicles", "0005_bbnkb_and_rule_tables")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
