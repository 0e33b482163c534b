"""The data the migration loads (regulations, notes, SIM class names and descriptions), marked for
translation (``gettext_noop``) so pages word a seeded value in English; an edited row shows as
typed. A migration never imports this module: the literals there are their own."""

from __future__ import annotations

from django.utils.translation import gettext_noop

CITATIONS = (
    gettext_noop("PP 76/2020 (PNBP Polri), lampiran: penerbitan SIM"),
    gettext_noop("PP 45/2024 (PNBP Ditjen Imigrasi), berlaku 17 Desember 2024"),
    gettext_noop("Tanggal mulai sebagai batas arsip (tanggal berlaku PP 76/2020 tidak dicatat di REFERENCE)."),
    gettext_noop("Paspor yang hilang karena bencana (force majeure): Rp 0."),
    gettext_noop("Perpol 5/2021 Pasal 4"),  # validity of a SIM class (0004)
    gettext_noop("Perpol 5/2021"),
)
CLASSES = (
    gettext_noop("SIM A Umum"), gettext_noop("SIM B I Umum"), gettext_noop("SIM B II Umum"),
    gettext_noop("SIM Internasional"),
    gettext_noop("Mobil penumpang dan barang perseorangan s.d. 3.500 kg"),
    gettext_noop("Mobil penumpang dan barang umum s.d. 3.500 kg"),
    gettext_noop("Mobil perseorangan lebih dari 3.500 kg"),
    gettext_noop("Mobil umum lebih dari 3.500 kg"),
    gettext_noop("Alat berat, penarik, kereta gandengan perseorangan"),
    gettext_noop("Kereta gandengan atau tempelan umum"),
    gettext_noop("Sepeda motor s.d. 250 cc"),
    gettext_noop("Sepeda motor 250–500 cc"),
    gettext_noop("Sepeda motor di atas 500 cc"),
    gettext_noop("Kendaraan khusus penyandang disabilitas (roda dua)"),
    gettext_noop("Kendaraan khusus penyandang disabilitas (roda empat)"),
    gettext_noop("Mengemudi di luar negeri (berlaku 3 tahun)"),
)
