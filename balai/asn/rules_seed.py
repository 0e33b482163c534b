"""The citations and open questions of the ASN rules (REFERENCE §12).

The rule *values* live in the data migration ``migrations/0002_rules.py`` (literal data of its
own: a fresh database never changes when this file does). After loading, the rows are data that
an administrator edits in the admin (each row carries its regulation, its dates and whether it
is unconfirmed). What stays here is for people and for the catalogue: the citations the
migration writes, marked for translation, and ``UNCONFIRMED``: every value or date not confirmed
from a regulation's text.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

BUP = gettext_noop("PP 11/2017 Pasal 239 jo. PP 17/2020; Surat Kepala BKN K.26-30/V.119-2/99 (3 Oktober 2017)")
PENSION_TMT = gettext_noop("PP 11/2017 jo. PP 17/2020: TMT pensiun hari pertama bulan berikutnya (pasal belum dipastikan)")
PROMOTION = gettext_noop("PP 99/2000 jo. PP 12/2002 (kenaikan pangkat reguler)")
RATING = gettext_noop("PP 99/2000 jo. PP 12/2002; predikat SKP PermenPANRB 6/2022")
PERIODS_OLD = gettext_noop("PP 99/2000 jo. PP 12/2002: periode 1 April dan 1 Oktober")
PERIODS = gettext_noop("Peraturan BKN 4/2023 Pasal 2 (berlaku 1 Januari 2024)")
JP = gettext_noop("PP 17/2020 Pasal 203 ayat (4); Peraturan LAN 10/2018")

CITATIONS = (BUP, PENSION_TMT, PROMOTION, RATING, PERIODS_OLD, PERIODS, JP)

UNCONFIRMED = [
    "TMT pensiun: hari pertama bulan berikutnya setelah BUP tercapai — pasalnya belum dipastikan (baris "
    "pension_tmt bertanda belum terkonfirmasi).",
    "Tanggal mulai berlaku baris BUP (30 Maret 2017), masa kerja dan predikat SKP (1 Januari 2000) dan 20 JP "
    "(1 Januari 2020): tanggal penetapan tidak tercatat di REFERENCE.",
    "Batas pangkat menurut pendidikan (KP reguler): tidak dimodelkan; usul di atas batas tetap diperiksa "
    "pengelola kepegawaian.",
    "Batas waktu input usul KP per periode dari BKN: pengaturan ASN_PROMOTION_INPUT_DAYS (bawaan 60 hari "
    "sebelum periode).",
    "Berkas pensiun dibuka 12 bulan sebelum TMT: pengaturan ASN_RETIREMENT_LEAD_MONTHS; pengingat tiap 30 hari "
    "selama belum diajukan: ASN_RETIREMENT_REMINDER_DAYS.",
    "Jangka waktu layanan usul KP dan berkas pensiun di Balai (10 hari kerja, unit lalu BKD): target sendiri, "
    "bukan dari peraturan; diubah sebagai versi layanan baru di katalog.",
    "Tata letak NIP (tanggal lahir, TMT CPNS, jenis kelamin, nomor urut) hanya memberi peringatan, tidak "
    "pernah menolak; NIP PPPK tidak diperiksa tata letaknya.",
]
