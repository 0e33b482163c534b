"""The citations and open questions of the tax rules of Jawa Timur (REFERENCE §3).

The rule *values* live in the data migrations (``migrations/0002_rules.py`` and later ones, each
with literal data of its own): a fresh database never changes when this file does,
and neither migrations nor the engine import it. After loading, the rows are data: officers with
the right role edit them in the admin (every change audited).

What stays here is for people and for the catalogue:
- the regulation citations the migrations write, marked for translation (``gettext_noop``) so the
  pages word a seeded citation in English (vehicles.display.citation); an edited row shows as
  typed. ``CITATIONS`` lists them; a test checks every citation a fresh database holds is here;
- ``UNCONFIRMED``: every value not confirmed from a regulation's text (each such row says why in
  its ``note`` and carries ``unconfirmed=True``).
"""

from __future__ import annotations

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
# Migration 0006
PERDA_2010_BBNKB = gettext_noop("Perda Provinsi Jawa Timur No. 9 Tahun 2010 tentang Pajak Daerah (BBNKB)")
PERDA_2023_BBNKB = gettext_noop("Perda Provinsi Jawa Timur No. 8 Tahun 2023 (BBNKB, berlaku 5 Januari 2025)")
HKPD_BBNKB_II = gettext_noop("UU 1/2022 (HKPD): BBNKB hanya atas penyerahan pertama")
OPSEN_BBNKB = gettext_noop(
    "UU 1/2022 (HKPD) jo. perda pajak daerah kabupaten/kota se-Jawa Timur: opsen BBNKB 66 %")
SPLIT = gettext_noop(
    "UU 1/2022 (HKPD): pembayaran dipisah di sumber (split payment) ke RKUD provinsi dan kabupaten/kota")

UNCONFIRMED = [
    "Tarif PKB 2025 (Perda 8/2023): nomor pasal; kata 'di atas 250 cc' untuk progresif roda 2/3.",
    "Faktor keringanan dasar 2025 (Kepgub 722/2024 dan 400/2025): 125/166 DERIVED; faktor per tingkat progresif diasumsikan.",
    "Keringanan 2026: tidak ada baris (belum ada keputusan yang tercatat).",
    "Sanksi HKPD 1 %/bulan: pasal, bulan tidak penuh dihitung penuh, berlaku juga untuk opsen.",
    "Sanksi sebelum 2025: rumus 25 % × bulan/12 (alternatif 2 %/bulan); batas 24 bulan tanpa sumber "
    "(baris dapat diubah/dikosongkan; halaman simulasi menyebutkannya bila batas mengubah jumlah).",
    "BBNKB: 12,5 % sebelum 2025 (kutipan pers), nomor pasal Perda 8/2023; BBNKB II sebelum 2025 tidak dimodelkan; "
    "keringanan BBNKB 2025 625/996 (12,5/19,92) DERIVED.",
    "Penerima sanksi atas opsen PKB: default kas kabupaten/kota (opsen mengikuti pajak pokok), REFERENCE §4.5 "
    "menyebut sanksi di rekening provinsi.",
    "SWDKLLJ truk derek (biaya kartu) dan alat berat (iuran) DERIVED; bobot truk derek 1,400 ('truk dan "
    "sejenisnya'); PKB alat berat tidak dimodelkan (tidak ada bobot/tarif).",
    "Batas progresif roda 2/3 'di atas 250 cc' (Perda 8/2023): CONFLICT kata.",
    "Denda SWDKLLJ 75 % dan 100 %: batas hari 181–270 dan > 270.",
    "Tarif khusus (angkutan umum, pemerintah, sosial) dan pengurangan dasar 30 % angkutan umum: tidak dimodelkan.",
    "Pembulatan Samsat (rupiah atau ratusan): default per rupiah, setengah ke atas.",
    "Urutan kepemilikan progresif: dihitung per NIK + alamat sama, di antara kendaraan yang dikenai progresif, "
    "menurut tanggal kepemilikan.",
    "Program 2019 dan 2021: nomor keputusan dan tanggal tepat.",
]

CITATIONS = (PERDA_2010, PERDA_2023, OPSEN, KEPGUB_1, KEPGUB_2, BOBOT, PMK_SWDKLLJ, PMK_SWDKLLJ_LATE, HKPD_PENALTY,
             PRE_2025_PENALTY, PNBP, PERDA_2010_BBNKB, PERDA_2023_BBNKB, HKPD_BBNKB_II, OPSEN_BBNKB, SPLIT,
             gettext_noop("Kebijakan Gubernur Jawa Timur 2019"), gettext_noop("Kebijakan Gubernur Jawa Timur 2021"),
             gettext_noop("Kepgub Jatim No. 100.3.3.1/435/013/2025"),
             gettext_noop("Kepgub Jatim No. 100.3.3.1/712/013/2025"),
             "Permendagri 82/2022 + Pergub Jatim (daftar NJKB); nilai contoh untuk demo")
