"""The tax rules of REFERENCE §3 as first loaded: literal data, frozen with this migration.

The migration carries its own values: editing ``rules_seed.py`` or any other live
module never changes what a fresh database holds. Later changes to the rules come as new data
migrations (0006 …) with literal data of their own, or as rows officers edit in the admin.
``balai.vehicles.rules.rules_seed_into`` replays the data migrations' ``load`` for tests that
flush the tables, so tests see exactly what a fresh database holds.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

PKB_RATES = [
    (1, '1.5', date(2010, 1, 1), date(2025, 1, 4), 'Perda Provinsi Jawa Timur No. 9 Tahun 2010 tentang Pajak Daerah', False, ''),
    (2, '2.0', date(2010, 1, 1), date(2025, 1, 4), 'Perda Provinsi Jawa Timur No. 9 Tahun 2010 tentang Pajak Daerah', False, ''),
    (3, '2.5', date(2010, 1, 1), date(2025, 1, 4), 'Perda Provinsi Jawa Timur No. 9 Tahun 2010 tentang Pajak Daerah', False, ''),
    (4, '3.0', date(2010, 1, 1), date(2025, 1, 4), 'Perda Provinsi Jawa Timur No. 9 Tahun 2010 tentang Pajak Daerah', False, ''),
    (5, '3.5', date(2010, 1, 1), date(2025, 1, 4), 'Perda Provinsi Jawa Timur No. 9 Tahun 2010 tentang Pajak Daerah', False, ''),
    (1, '1.2', date(2025, 1, 5), None, 'Perda Provinsi Jawa Timur No. 8 Tahun 2023 Pasal 7–8 (PKB, berlaku 5 Januari 2025)', True, 'Nomor pasal belum dikonfirmasi; nilai sesuai semua sumber.'),
    (2, '1.7', date(2025, 1, 5), None, 'Perda Provinsi Jawa Timur No. 8 Tahun 2023 Pasal 7–8 (PKB, berlaku 5 Januari 2025)', True, "Nomor pasal belum dikonfirmasi; progresif hanya roda 4 pribadi dan roda 2/3 > 250 cc (kata 'di atas' CONFLICT)."),
    (3, '2.2', date(2025, 1, 5), None, 'Perda Provinsi Jawa Timur No. 8 Tahun 2023 Pasal 7–8 (PKB, berlaku 5 Januari 2025)', True, 'Nomor pasal belum dikonfirmasi.'),
    (4, '2.7', date(2025, 1, 5), None, 'Perda Provinsi Jawa Timur No. 8 Tahun 2023 Pasal 7–8 (PKB, berlaku 5 Januari 2025)', True, 'Nomor pasal belum dikonfirmasi.'),
    (5, '3.2', date(2025, 1, 5), None, 'Perda Provinsi Jawa Timur No. 8 Tahun 2023 Pasal 7–8 (PKB, berlaku 5 Januari 2025)', True, 'Nomor pasal belum dikonfirmasi.'),
]

OPSEN_RATES = [
    ('66', date(2025, 1, 5), None, 'UU 1/2022 (HKPD) jo. perda pajak daerah kabupaten/kota se-Jawa Timur: opsen PKB 66 %', False, 'Hanya untuk masa pajak mulai 2025.'),
]

BASE_RELIEFS = [
    (1, 125, 166, date(2025, 1, 5), date(2025, 6, 30), 'Kepgub Jatim No. 100.3.3.1/722/KTPS/013/2024 (keringanan dasar pengenaan, 5 Jan–30 Jun 2025)', True, 'DERIVED: faktor tidak tertulis di sumber; 1,5/1,992 (§3.10).'),
    (2, 1000, 1411, date(2025, 1, 5), date(2025, 6, 30), 'Kepgub Jatim No. 100.3.3.1/722/KTPS/013/2024 (keringanan dasar pengenaan, 5 Jan–30 Jun 2025)', True, "DERIVED: faktor tidak tertulis di sumber; asumsi 'tidak naik per tingkat progresif'."),
    (3, 625, 913, date(2025, 1, 5), date(2025, 6, 30), 'Kepgub Jatim No. 100.3.3.1/722/KTPS/013/2024 (keringanan dasar pengenaan, 5 Jan–30 Jun 2025)', True, "DERIVED: faktor tidak tertulis di sumber; asumsi 'tidak naik per tingkat progresif'."),
    (4, 500, 747, date(2025, 1, 5), date(2025, 6, 30), 'Kepgub Jatim No. 100.3.3.1/722/KTPS/013/2024 (keringanan dasar pengenaan, 5 Jan–30 Jun 2025)', True, "DERIVED: faktor tidak tertulis di sumber; asumsi 'tidak naik per tingkat progresif'."),
    (5, 875, 1328, date(2025, 1, 5), date(2025, 6, 30), 'Kepgub Jatim No. 100.3.3.1/722/KTPS/013/2024 (keringanan dasar pengenaan, 5 Jan–30 Jun 2025)', True, "DERIVED: faktor tidak tertulis di sumber; asumsi 'tidak naik per tingkat progresif'."),
    (1, 125, 166, date(2025, 7, 1), date(2025, 12, 31), 'Kepgub Jatim No. 100.3.3.1/400/013/2025 (keringanan dasar pengenaan, 1 Jul–31 Des 2025)', True, 'DERIVED: faktor tidak tertulis di sumber; 1,5/1,992 (§3.10).'),
    (2, 1000, 1411, date(2025, 7, 1), date(2025, 12, 31), 'Kepgub Jatim No. 100.3.3.1/400/013/2025 (keringanan dasar pengenaan, 1 Jul–31 Des 2025)', True, "DERIVED: faktor tidak tertulis di sumber; asumsi 'tidak naik per tingkat progresif'."),
    (3, 625, 913, date(2025, 7, 1), date(2025, 12, 31), 'Kepgub Jatim No. 100.3.3.1/400/013/2025 (keringanan dasar pengenaan, 1 Jul–31 Des 2025)', True, "DERIVED: faktor tidak tertulis di sumber; asumsi 'tidak naik per tingkat progresif'."),
    (4, 500, 747, date(2025, 7, 1), date(2025, 12, 31), 'Kepgub Jatim No. 100.3.3.1/400/013/2025 (keringanan dasar pengenaan, 1 Jul–31 Des 2025)', True, "DERIVED: faktor tidak tertulis di sumber; asumsi 'tidak naik per tingkat progresif'."),
    (5, 875, 1328, date(2025, 7, 1), date(2025, 12, 31), 'Kepgub Jatim No. 100.3.3.1/400/013/2025 (keringanan dasar pengenaan, 1 Jul–31 Des 2025)', True, "DERIVED: faktor tidak tertulis di sumber; asumsi 'tidak naik per tingkat progresif'."),
]

BOBOTS = [
    ('motorcycle', '1.000', date(2010, 1, 1), 'Permendagri 82/2022 tentang penghitungan dasar pengenaan PKB dan BBNKB (bobot)', 'Bobot sama sejak daftar sebelumnya; tanggal mulai sebagai batas arsip.'),
    ('tricycle', '1.000', date(2010, 1, 1), 'Permendagri 82/2022 tentang penghitungan dasar pengenaan PKB dan BBNKB (bobot)', 'Bobot sama sejak daftar sebelumnya; tanggal mulai sebagai batas arsip.'),
    ('sedan', '1.025', date(2010, 1, 1), 'Permendagri 82/2022 tentang penghitungan dasar pengenaan PKB dan BBNKB (bobot)', 'Bobot sama sejak daftar sebelumnya; tanggal mulai sebagai batas arsip.'),
    ('jeep', '1.050', date(2010, 1, 1), 'Permendagri 82/2022 tentang penghitungan dasar pengenaan PKB dan BBNKB (bobot)', 'Bobot sama sejak daftar sebelumnya; tanggal mulai sebagai batas arsip.'),
    ('minibus', '1.050', date(2010, 1, 1), 'Permendagri 82/2022 tentang penghitungan dasar pengenaan PKB dan BBNKB (bobot)', 'Bobot sama sejak daftar sebelumnya; tanggal mulai sebagai batas arsip.'),
    ('blind_van', '1.085', date(2010, 1, 1), 'Permendagri 82/2022 tentang penghitungan dasar pengenaan PKB dan BBNKB (bobot)', 'Bobot sama sejak daftar sebelumnya; tanggal mulai sebagai batas arsip.'),
    ('pickup', '1.085', date(2010, 1, 1), 'Permendagri 82/2022 tentang penghitungan dasar pengenaan PKB dan BBNKB (bobot)', 'Bobot sama sejak daftar sebelumnya; tanggal mulai sebagai batas arsip.'),
    ('microbus', '1.085', date(2010, 1, 1), 'Permendagri 82/2022 tentang penghitungan dasar pengenaan PKB dan BBNKB (bobot)', 'Bobot sama sejak daftar sebelumnya; tanggal mulai sebagai batas arsip.'),
    ('bus', '1.100', date(2010, 1, 1), 'Permendagri 82/2022 tentang penghitungan dasar pengenaan PKB dan BBNKB (bobot)', 'Bobot sama sejak daftar sebelumnya; tanggal mulai sebagai batas arsip.'),
    ('light_truck', '1.300', date(2010, 1, 1), 'Permendagri 82/2022 tentang penghitungan dasar pengenaan PKB dan BBNKB (bobot)', 'Bobot sama sejak daftar sebelumnya; tanggal mulai sebagai batas arsip.'),
    ('truck', '1.400', date(2010, 1, 1), 'Permendagri 82/2022 tentang penghitungan dasar pengenaan PKB dan BBNKB (bobot)', 'Bobot sama sejak daftar sebelumnya; tanggal mulai sebagai batas arsip.'),
]

SWDKLLJ_TARIFFS = [
    ('motor_le250', 'Sepeda motor > 50–250 cc; kendaraan roda tiga bermotor', 32000, 3000, date(2017, 6, 1), 'PMK 16/PMK.010/2017 (SWDKLLJ), UU 34/1964, PP 18/1965', False, ''),
    ('motor_gt250', 'Sepeda motor > 250 cc', 80000, 3000, date(2017, 6, 1), 'PMK 16/PMK.010/2017 (SWDKLLJ), UU 34/1964, PP 18/1965', False, ''),
    ('car', 'Sedan, jip, mobil penumpang bukan umum, pikap/mobil barang ≤ 2.400 cc', 140000, 3000, date(2017, 6, 1), 'PMK 16/PMK.010/2017 (SWDKLLJ), UU 34/1964, PP 18/1965', False, ''),
    ('public_car_le1600', 'Mobil penumpang umum ≤ 1.600 cc', 70000, 3000, date(2017, 6, 1), 'PMK 16/PMK.010/2017 (SWDKLLJ), UU 34/1964, PP 18/1965', False, ''),
    ('bus', 'Bus dan mikrobus bukan umum', 150000, 3000, date(2017, 6, 1), 'PMK 16/PMK.010/2017 (SWDKLLJ), UU 34/1964, PP 18/1965', False, ''),
    ('public_bus', 'Bus/mikrobus umum; mobil penumpang umum > 1.600 cc', 87000, 3000, date(2017, 6, 1), 'PMK 16/PMK.010/2017 (SWDKLLJ), UU 34/1964, PP 18/1965', False, ''),
    ('truck', 'Truk, tangki, gandengan, mobil barang > 2.400 cc', 160000, 3000, date(2017, 6, 1), 'PMK 16/PMK.010/2017 (SWDKLLJ), UU 34/1964, PP 18/1965', False, ''),
]

SWDKLLJ_LATE = [
    (1, 90, '25', 100000, date(2017, 6, 1), 'PMK 16/PMK.010/2017 Pasal 7 (denda SWDKLLJ)', False, ''),
    (91, 180, '50', 100000, date(2017, 6, 1), 'PMK 16/PMK.010/2017 Pasal 7 (denda SWDKLLJ)', False, ''),
    (181, 270, '75', 100000, date(2017, 6, 1), 'PMK 16/PMK.010/2017 Pasal 7 (denda SWDKLLJ)', True, 'Batas hari 181–270 diasumsikan (analogi).'),
    (271, None, '100', 100000, date(2017, 6, 1), 'PMK 16/PMK.010/2017 Pasal 7 (denda SWDKLLJ)', True, 'Batas hari > 270 diasumsikan (analogi).'),
]

PENALTIES = [
    (1, 48, 24, date(2010, 1, 1), date(2025, 1, 4), 'Rumus kalkulator Samsat sebelum 2025: 25 % × PKB × bulan/12', True, 'Rumus untuk Jatim belum terkonfirmasi (alternatif: 2 %/bulan); batas 24 bulan diasumsikan.'),
    (1, 100, 24, date(2025, 1, 5), None, 'UU 1/2022 (HKPD): sanksi bunga 1 % per bulan, paling lama 24 bulan', True, 'Pasal belum dikonfirmasi; bulan tidak penuh dihitung penuh; berlaku untuk PKB dan opsen.'),
]

PNBP_FEES = [
    ('stnk', '2-3', 100000, date(2021, 1, 1), 'PP 76/2020 (PNBP Polri)', 'Tanggal mulai sebagai batas arsip.'),
    ('tnkb', '2-3', 60000, date(2021, 1, 1), 'PP 76/2020 (PNBP Polri)', 'Tanggal mulai sebagai batas arsip.'),
    ('stnk', '4+', 200000, date(2021, 1, 1), 'PP 76/2020 (PNBP Polri)', 'Tanggal mulai sebagai batas arsip.'),
    ('tnkb', '4+', 100000, date(2021, 1, 1), 'PP 76/2020 (PNBP Polri)', 'Tanggal mulai sebagai batas arsip.'),
]

PROGRAMMES = [
    ('Pemutihan sanksi PKB 2019', date(2019, 9, 23), date(2019, 12, 14), 'Kebijakan Gubernur Jawa Timur 2019', {'waive_pkb_penalty': True}, True, 'Nomor keputusan tidak tercatat.'),
    ('Diskon Ramadhan 2021', date(2021, 4, 20), date(2021, 6, 24), 'Kebijakan Gubernur Jawa Timur 2021', {'waive_pkb_penalty': True, 'discount_percent_two_three_wheel': '15', 'discount_percent_four_wheel': '5'}, True, 'Nomor keputusan tidak tercatat; pembebasan PKB kendaraan listrik tidak dimodelkan.'),
    ('Diskon September–Oktober 2021', date(2021, 9, 1), date(2021, 10, 31), 'Kebijakan Gubernur Jawa Timur 2021', {'waive_pkb_penalty': True, 'discount_percent_two_three_wheel': '20', 'discount_percent_four_wheel': '10'}, True, 'Tanggal tepat dan nomor keputusan belum terkonfirmasi.'),
    ('Pemutihan Juli–Agustus 2025', date(2025, 7, 14), date(2025, 8, 31), 'Kepgub Jatim No. 100.3.3.1/435/013/2025', {'waive_pkb_penalty': True, 'waive_progressive': True}, False, 'Pembebasan pokok+sanksi tunggakan ≤ 2024 untuk roda 2 keluarga P3KE, roda 3 dan ojol memerlukan verifikasi data pihak ketiga: diproses petugas, tidak otomatis.'),
    ('Pemutihan HUT ke-80 Jatim 2025', date(2025, 10, 1), date(2025, 11, 30), 'Kepgub Jatim No. 100.3.3.1/712/013/2025', {'waive_pkb_penalty': True, 'waive_progressive': True, 'swdkllj_arrears_one_year': True}, False, 'Keringanan tunggakan roda 2 P3KE/DTSEN, ojol dan roda 3 (100 %/50 %) memerlukan verifikasi pihak ketiga: diproses petugas, tidak otomatis.'),
]

NJKB_PRICES = [
    ('Honda', 'Vario 125', 2022, 'motorcycle', 15000000, date(2022, 1, 1), 'Permendagri 82/2022 + Pergub Jatim (daftar NJKB); nilai contoh untuk demo', True, 'Nilai contoh, bukan daftar resmi.'),
    ('Honda', 'Beat', 2021, 'motorcycle', 12500000, date(2022, 1, 1), 'Permendagri 82/2022 + Pergub Jatim (daftar NJKB); nilai contoh untuk demo', True, 'Nilai contoh, bukan daftar resmi.'),
    ('Yamaha', 'NMAX 155', 2023, 'motorcycle', 24000000, date(2022, 1, 1), 'Permendagri 82/2022 + Pergub Jatim (daftar NJKB); nilai contoh untuk demo', True, 'Nilai contoh, bukan daftar resmi.'),
    ('Toyota', 'Avanza 1.3 G', 2021, 'minibus', 200000000, date(2022, 1, 1), 'Permendagri 82/2022 + Pergub Jatim (daftar NJKB); nilai contoh untuk demo', True, 'Nilai contoh, bukan daftar resmi.'),
    ('Honda', 'Brio Satya', 2022, 'minibus', 140000000, date(2022, 1, 1), 'Permendagri 82/2022 + Pergub Jatim (daftar NJKB); nilai contoh untuk demo', True, 'Nilai contoh, bukan daftar resmi.'),
]


def load(apps, schema_editor):
    def model(name):
        return apps.get_model("vehicles", name)

    pkb = model("PkbRate")
    if pkb.objects.exists():
        return
    pkb.objects.bulk_create([pkb(ownership_order=o, rate_percent=Decimal(r), valid_from=f, valid_to=t, regulation=g,
                                 unconfirmed=u, note=n) for o, r, f, t, g, u, n in PKB_RATES])
    opsen = model("OpsenRate")
    opsen.objects.bulk_create([opsen(rate_percent=Decimal(r), valid_from=f, valid_to=t, regulation=g, unconfirmed=u,
                                     note=n) for r, f, t, g, u, n in OPSEN_RATES])
    relief = model("BaseRelief")
    relief.objects.bulk_create([relief(ownership_order=o, factor_numerator=a, factor_denominator=b, valid_from=f,
                                       valid_to=t, regulation=g, unconfirmed=u, note=n)
                                for o, a, b, f, t, g, u, n in BASE_RELIEFS])
    bobot = model("Bobot")
    bobot.objects.bulk_create([bobot(category=c, factor=Decimal(v), valid_from=f, regulation=g, note=n)
                               for c, v, f, g, n in BOBOTS])
    swd = model("SwdklljTariff")
    swd.objects.bulk_create([swd(class_code=c, label=label, contribution=a, card_fee=k, valid_from=f, regulation=g,
                                 unconfirmed=u, note=n) for c, label, a, k, f, g, u, n in SWDKLLJ_TARIFFS])
    late = model("SwdklljLateBracket")
    late.objects.bulk_create([late(days_from=a, days_to=b, rate_percent=Decimal(r), cap=cap, valid_from=f,
                                   regulation=g, unconfirmed=u, note=n) for a, b, r, cap, f, g, u, n in SWDKLLJ_LATE])
    penalty = model("PenaltyRule")
    penalty.objects.bulk_create([penalty(monthly_numerator=a, monthly_denominator=b, max_months=m, valid_from=f,
                                         valid_to=t, regulation=g, unconfirmed=u, note=n)
                                 for a, b, m, f, t, g, u, n in PENALTIES])
    pnbp = model("PnbpFee")
    pnbp.objects.bulk_create([pnbp(item=i, wheel_group=w, amount=a, valid_from=f, regulation=g, note=n)
                              for i, w, a, f, g, n in PNBP_FEES])
    programme = model("ReliefProgramme")
    programme.objects.bulk_create([
        programme(name=name, valid_from=f, valid_to=t, regulation=g, unconfirmed=u, note=n,
                  **{k: (Decimal(v) if k.startswith("discount") else v) for k, v in flags.items()})
        for name, f, t, g, flags, u, n in PROGRAMMES])
    njkb = model("NjkbPrice")
    njkb.objects.bulk_create([njkb(make=m, model=t, year=y, category=c, njkb=v, valid_from=f, regulation=g,
                                   unconfirmed=u, note=n) for m, t, y, c, v, f, g, u, n in NJKB_PRICES])


class Migration(migrations.Migration):
    dependencies = [("vehicles", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
