"""The tax rules of Jawa Timur as first loaded (migration 0002), from REFERENCE §3.

This is the ONE place where numbers that are not confirmed from a regulation's text are marked:
every row with ``unconfirmed=True`` below says why in its ``note``, and ``UNCONFIRMED`` lists them
for people. After loading, the rows are data: officers with the right role edit them in the admin
(every change audited), and the engine never reads this module.

The regulation citations are marked for translation (``gettext_noop``): pages word a seeded
citation in English from the catalogue (vehicles.display.citation); an edited row shows as typed.

Start dates of long-standing rules (Perda 9/2010, the bobot list, PNBP) are set early enough to
cover any arrear the platform will meet; they are not claims about the day each took effect.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_noop

PERDA_2010 = gettext_noop("Perda Provinsi Jawa Timur No. 9 Tahun 2010 tentang Pajak Daerah")
PERDA_2023 = gettext_noop("Perda Provinsi Jawa Timur No. 8 Tahun 2023 Pasal 7–8 (PKB, berlaku 5 Januari 2025)")
OPSEN = gettext_noop("UU 1/2022 (HKPD) jo. perda pajak daerah kabupaten/kota se-Jawa Timur: opsen PKB 66 %")
KEPGUB_1 = gettext_noop(
    "Kepgub Jatim No. 100.3.3.1/722/KTPS/013/2024 (keringanan dasar pengenaan, 5 Jan–30 Jun 2025)")
KEPGUB_2 = gettext_noop(
    "Kepgub Jatim No. 100.3.3.1/400/013/2025 (keringanan dasar pengenaan, 1 Jul–31 Des 2025)")
BOBOT = gettext_noop("Permendagri 82/2022 tentang penghitungan dasar pengenaan PKB dan BBNKB (bobot)")
PMK_SWDKLLJ = gettext_noop("PMK 16/PMK.010/2017 (SWDKLLJ), UU 34/1964, PP 18/1965")
PMK_SWDKLLJ_LATE = gettext_noop("PMK 16/PMK.010/2017 Pasal 7 (denda SWDKLLJ)")
HKPD_PENALTY = gettext_noop("UU 1/2022 (HKPD): sanksi bunga 1 % per bulan, paling lama 24 bulan")
PRE_2025_PENALTY = gettext_noop("Rumus kalkulator Samsat sebelum 2025: 25 % × PKB × bulan/12")
PNBP = gettext_noop("PP 76/2020 (PNBP Polri)")

OLD_FROM, OLD_TO, NEW_FROM = date(2010, 1, 1), date(2025, 1, 4), date(2025, 1, 5)

# (ownership order, rate %, valid_from, valid_to, regulation, unconfirmed, note)
PKB_RATES = [
    (1, "1.5", OLD_FROM, OLD_TO, PERDA_2010, False, ""),
    (2, "2.0", OLD_FROM, OLD_TO, PERDA_2010, False, ""),
    (3, "2.5", OLD_FROM, OLD_TO, PERDA_2010, False, ""),
    (4, "3.0", OLD_FROM, OLD_TO, PERDA_2010, False, ""),
    (5, "3.5", OLD_FROM, OLD_TO, PERDA_2010, False, ""),
    # UNCONFIRMED: the article numbers (values agree with every Jatim source, REFERENCE §3.3).
    (1, "1.2", NEW_FROM, None, PERDA_2023, True, "Nomor pasal belum dikonfirmasi; nilai sesuai semua sumber."),
    (2, "1.7", NEW_FROM, None, PERDA_2023, True, "Nomor pasal belum dikonfirmasi; progresif hanya roda 4 "
                                                 "pribadi dan roda 2/3 > 250 cc (kata 'di atas' CONFLICT)."),
    (3, "2.2", NEW_FROM, None, PERDA_2023, True, "Nomor pasal belum dikonfirmasi."),
    (4, "2.7", NEW_FROM, None, PERDA_2023, True, "Nomor pasal belum dikonfirmasi."),
    (5, "3.2", NEW_FROM, None, PERDA_2023, True, "Nomor pasal belum dikonfirmasi."),
]

OPSEN_RATES = [("66", NEW_FROM, None, OPSEN, False, "Hanya untuk masa pajak mulai 2025.")]

# Base relief: keep PKB + opsen at the 2024 level. DERIVED and UNCONFIRMED (REFERENCE §3.3): the
# Kepgub's exact factor/rounding and its treatment of progressive tiers were not available.
# First ownership 1.5 / (1.2 × 1.66) = 125/166 — the factor that reproduces §3.10 A and B.
# Higher tiers assume "no increase per tier": old rate / (new rate × 1.66).
_RELIEF_TIERS = [
    (1, 125, 166),    # 1.5 / 1.992
    (2, 1000, 1411),  # 2.0 / 2.822
    (3, 625, 913),    # 2.5 / 3.652
    (4, 500, 747),    # 3.0 / 4.482
    (5, 875, 1328),   # 3.5 / 5.312
]
BASE_RELIEFS = [
    (order, num, den, start, end, kepgub, True,
     "DERIVED: faktor tidak tertulis di sumber; " + ("1,5/1,992 (§3.10)." if order == 1
                                                      else "asumsi 'tidak naik per tingkat progresif'."))
    for start, end, kepgub in ((NEW_FROM, date(2025, 6, 30), KEPGUB_1), (date(2025, 7, 1), date(2025, 12, 31), KEPGUB_2))
    for order, num, den in _RELIEF_TIERS
]
# Whether a relief continues in 2026 is UNCONFIRMED: no row after 31 Dec 2025 (nominal HKPD applies).

BOBOTS = [
    ("motorcycle", "1.000"), ("tricycle", "1.000"), ("sedan", "1.025"), ("jeep", "1.050"), ("minibus", "1.050"),
    ("blind_van", "1.085"), ("pickup", "1.085"), ("microbus", "1.085"), ("bus", "1.100"),
    ("light_truck", "1.300"), ("truck", "1.400"),
]

SWDKLLJ_FROM = date(2017, 6, 1)
# (class, label, contribution, card fee, unconfirmed, note)
SWDKLLJ_TARIFFS = [
    ("motor_le250", "Sepeda motor > 50–250 cc; kendaraan roda tiga bermotor", 32_000, 3_000, False, ""),
    ("motor_gt250", "Sepeda motor > 250 cc", 80_000, 3_000, False, ""),
    ("car", "Sedan, jip, mobil penumpang bukan umum, pikap/mobil barang ≤ 2.400 cc", 140_000, 3_000, False, ""),
    ("public_car_le1600", "Mobil penumpang umum ≤ 1.600 cc", 70_000, 3_000, False, ""),
    ("bus", "Bus dan mikrobus bukan umum", 150_000, 3_000, False, ""),
    ("public_bus", "Bus/mikrobus umum; mobil penumpang umum > 1.600 cc", 87_000, 3_000, False, ""),
    ("truck", "Truk, tangki, gandengan, mobil barang > 2.400 cc", 160_000, 3_000, False, ""),
]
# (days from, days to, rate %, cap, unconfirmed, note)
SWDKLLJ_LATE = [
    (1, 90, "25", 100_000, False, ""),
    (91, 180, "50", 100_000, False, ""),
    # UNCONFIRMED: the day boundaries of the 75 % and 100 % brackets (REFERENCE §3.5).
    (181, 270, "75", 100_000, True, "Batas hari 181–270 diasumsikan (analogi)."),
    (271, None, "100", 100_000, True, "Batas hari > 270 diasumsikan (analogi)."),
]

# (monthly numerator, denominator, max months, from, to, regulation, unconfirmed, note)
PENALTIES = [
    # UNCONFIRMED for Jatim: the widely used calculator formula; "2 % per month" is the other
    # candidate. Bapenda's billing returns the authoritative figure (REFERENCE §3.8).
    (1, 48, 24, OLD_FROM, OLD_TO, PRE_2025_PENALTY, True,
     "Rumus untuk Jatim belum terkonfirmasi (alternatif: 2 %/bulan); batas 24 bulan diasumsikan."),
    # UNCONFIRMED: exact article; part-months counted as full months; applied to PKB and opsen alike.
    (1, 100, 24, NEW_FROM, None, HKPD_PENALTY, True,
     "Pasal belum dikonfirmasi; bulan tidak penuh dihitung penuh; berlaku untuk PKB dan opsen."),
]

PNBP_FROM = date(2021, 1, 1)
PNBP_FEES = [
    ("stnk", "2-3", 100_000), ("tnkb", "2-3", 60_000),
    ("stnk", "4+", 200_000), ("tnkb", "4+", 100_000),
]

# (name, from, to, regulation, flags, unconfirmed, note)
PROGRAMMES: list[tuple[str, date, date, str, dict[str, bool | str], bool, str]] = [
    ("Pemutihan sanksi PKB 2019", date(2019, 9, 23), date(2019, 12, 14),
     gettext_noop("Kebijakan Gubernur Jawa Timur 2019"),
     {"waive_pkb_penalty": True}, True, "Nomor keputusan tidak tercatat."),
    ("Diskon Ramadhan 2021", date(2021, 4, 20), date(2021, 6, 24),
     gettext_noop("Kebijakan Gubernur Jawa Timur 2021"),
     {"waive_pkb_penalty": True, "discount_percent_two_three_wheel": "15", "discount_percent_four_wheel": "5"},
     True, "Nomor keputusan tidak tercatat; pembebasan PKB kendaraan listrik tidak dimodelkan."),
    ("Diskon September–Oktober 2021", date(2021, 9, 1), date(2021, 10, 31),
     gettext_noop("Kebijakan Gubernur Jawa Timur 2021"),
     {"waive_pkb_penalty": True, "discount_percent_two_three_wheel": "20", "discount_percent_four_wheel": "10"},
     True, "Tanggal tepat dan nomor keputusan belum terkonfirmasi."),
    ("Pemutihan Juli–Agustus 2025", date(2025, 7, 14), date(2025, 8, 31),
     gettext_noop("Kepgub Jatim No. 100.3.3.1/435/013/2025"),
     {"waive_pkb_penalty": True, "waive_progressive": True}, False,
     "Pembebasan pokok+sanksi tunggakan ≤ 2024 untuk roda 2 keluarga P3KE, roda 3 dan ojol memerlukan "
     "verifikasi data pihak ketiga: diproses petugas, tidak otomatis."),
    ("Pemutihan HUT ke-80 Jatim 2025", date(2025, 10, 1), date(2025, 11, 30),
     gettext_noop("Kepgub Jatim No. 100.3.3.1/712/013/2025"),
     {"waive_pkb_penalty": True, "waive_progressive": True, "swdkllj_arrears_one_year": True}, False,
     "Keringanan tunggakan roda 2 P3KE/DTSEN, ojol dan roda 3 (100 %/50 %) memerlukan verifikasi pihak ketiga: "
     "diproses petugas, tidak otomatis."),
]

# A small NJKB list for the demo and the simulator's examples (REFERENCE §3.10 uses 15 and 200 million).
NJKB_PRICES = [
    ("Honda", "Vario 125", 2022, "motorcycle", 15_000_000),
    ("Honda", "Beat", 2021, "motorcycle", 12_500_000),
    ("Yamaha", "NMAX 155", 2023, "motorcycle", 24_000_000),
    ("Toyota", "Avanza 1.3 G", 2021, "minibus", 200_000_000),
    ("Honda", "Brio Satya", 2022, "minibus", 140_000_000),
]
NJKB_FROM = date(2022, 1, 1)
NJKB_REGULATION = "Permendagri 82/2022 + Pergub Jatim (daftar NJKB); nilai contoh untuk demo"

UNCONFIRMED = [
    "Tarif PKB 2025 (Perda 8/2023): nomor pasal; kata 'di atas 250 cc' untuk progresif roda 2/3.",
    "Faktor keringanan dasar 2025 (Kepgub 722/2024 dan 400/2025): 125/166 DERIVED; faktor per tingkat progresif diasumsikan.",
    "Keringanan 2026: tidak ada baris (belum ada keputusan yang tercatat).",
    "Sanksi HKPD 1 %/bulan: pasal, bulan tidak penuh dihitung penuh, berlaku juga untuk opsen.",
    "Sanksi sebelum 2025: rumus 25 % × bulan/12 (alternatif 2 %/bulan), batas 24 bulan.",
    "Denda SWDKLLJ 75 % dan 100 %: batas hari 181–270 dan > 270.",
    "Tarif khusus (angkutan umum, pemerintah, sosial) dan pengurangan dasar 30 % angkutan umum: tidak dimodelkan.",
    "Pembulatan Samsat (rupiah atau ratusan): default per rupiah, setengah ke atas.",
    "Urutan kepemilikan progresif: dihitung per NIK + alamat sama, di antara kendaraan yang dikenai progresif, "
    "menurut tanggal kepemilikan.",
    "Program 2019 dan 2021: nomor keputusan dan tanggal tepat.",
]
