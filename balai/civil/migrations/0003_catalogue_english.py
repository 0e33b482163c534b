"""English for civil's catalogue rows of 0002_catalogue.

Fills each ``*_en`` column where the Indonesian text is still the seeded one and the English is empty
(versions made later in the admin from a seeded one get it too; English an admin wrote is kept).
The form of these services is code (``civil.handlers``), not catalogue data."""

from django.db import migrations

COMPLAINTS = ("SP4N-LAPOR! (https://www.lapor.go.id) atau SMS 1708; layanan pengaduan Dispendukcapil "
              "kabupaten/kota setempat; menu pengaduan di Balai. Pengaduan dijawab paling lambat 14 hari.")
LEGAL = "UU 23/2006 jo. UU 24/2013; Perpres 96/2018; Permendagri 108/2019; Permendagri 109/2019"
LEGAL_EN = ("Law 23/2006 as amended by Law 24/2013; Presidential Regulation 96/2018; Permendagri 108/2019; "
            "Permendagri 109/2019")

VERSION_TEXT = {
    "description": {
        "Kutipan akta kelahiran, NIK anak, dan KK yang diterbitkan ulang dengan anak sebagai anggota (nomor KK "
        "tetap) terbit bersama. Laporkan dalam 60 hari; setelahnya tetap diterima sebagai pencatatan terlambat "
        "dengan keputusan Kepala Dinas, tanpa denda.":
        "The birth certificate, the child's NIK and the family card (KK) re-issued with the child as a member "
        "(same KK number) are issued together. Report within 60 days; after that the report is still accepted "
        "as a late registration by decision of the Head of the Office, without a fine.",
        "Pasangan yang baru menikah keluar dari KK orang tua dan mendapat KK dengan nomor baru.":
        "A newly married couple leaves their parents' family cards and gets a family card with a new number.",
        "Perubahan pendidikan, pekerjaan, status perkawinan, atau alamat (dalam Jawa Timur). Nomor KK tetap.":
        "A change of education, occupation, marital status or address (within East Java). The KK number "
        "stays the same.",
        "KK dicetak ulang dengan isi yang sama.": "The family card is reprinted with the same content.",
        "Untuk yang berumur 17 tahun atau sudah/pernah kawin menurut data kependudukan. Perekaman biometrik "
        "wajib hadir: Anda mendapat jadwal datang.":
        "For residents aged 17 or who are or have been married according to the population data. Biometric "
        "recording needs you in person: you get an appointment.",
        "Bila sudah pernah rekam, KTP-el pengganti siap diambil pada tanggal yang dijadwalkan.":
        "If your biometrics have been recorded before, the replacement card is ready for collection on the "
        "scheduled date.",
        "Perubahan status perkawinan, pendidikan, atau pekerjaan; KK ikut diterbitkan ulang.":
        "A change of marital status, education or occupation; the family card is re-issued as well.",
    },
    "procedure": {
        "Isi data anak; data orang tua dan KK diambil dari data kependudukan.\n"
        "Unggah surat keterangan lahir (atau SPTJM dengan 2 saksi) dan bukti perkawinan orang tua "
        "(atau SPTJM perkawinan).\n"
        "Petugas Dispendukcapil sesuai alamat KK memeriksa berkas dan data ganda.\n"
        "Akta kelahiran dan KK baru bertanda tangan elektronik terbit dan dapat diunduh di Balai.":
        "Fill in the child's data; the parents' data and the family card are taken from the population data.\n"
        "Upload the birth letter (or an SPTJM with 2 witnesses) and proof of the parents' marriage "
        "(or a marriage SPTJM).\n"
        "A Dispendukcapil officer of the family card's address checks the file and looks for duplicate records.\n"
        "The electronically signed birth certificate and new family card are issued and can be downloaded "
        "on Balai.",
        "Isi NIK pasangan, kepala keluarga, data perkawinan, dan alamat baru di Jawa Timur.\n"
        "Unggah buku nikah/akta perkawinan.\n"
        "Petugas Dispendukcapil sesuai alamat baru memeriksa berkas.\n"
        "KK baru terbit; KK orang tua diterbitkan ulang tanpa Anda.":
        "Enter your spouse's NIK, the head of the family, the marriage details and the new address in East Java.\n"
        "Upload the marriage book or marriage certificate.\n"
        "A Dispendukcapil officer of the new address checks the file.\n"
        "The new family card is issued; your parents' family card is re-issued without you.",
        "Pilih anggota keluarga dan data yang berubah.\nUnggah dokumen pendukung.\n"
        "Petugas memeriksa berkas.\nKK versi baru terbit.":
        "Choose the family member and the data that changed.\nUpload the supporting document.\n"
        "An officer checks the file.\nA new version of the family card is issued.",
        "Pilih alasan.\nUnggah surat kehilangan dari kepolisian (hilang) atau KK yang rusak.\n"
        "Petugas memeriksa berkas.\nKK pengganti terbit.":
        "Choose the reason.\nUpload the police report of loss (lost) or the damaged family card.\n"
        "An officer checks the file.\nThe replacement family card is issued.",
        "Pilih tanggal datang.\nPetugas memeriksa data.\nTanda terima dengan jadwal perekaman terbit.\n"
        "Datang ke Dispendukcapil pada tanggal itu untuk perekaman.":
        "Choose the date you will come.\nAn officer checks the data.\nA receipt with the recording appointment "
        "is issued.\nCome to the Dispendukcapil on that date for the recording.",
        "Pilih alasan dan tanggal.\nUnggah surat kehilangan (bila diwajibkan kabupaten/kota Anda) atau "
        "foto KTP-el yang rusak.\nPetugas memeriksa berkas.\nTanda terima dengan jadwal pengambilan terbit.":
        "Choose the reason and the date.\nUpload the report of loss (if your regency/city requires it) or a "
        "photo of the damaged card.\nAn officer checks the file.\nA receipt with the collection date is issued.",
        "Pilih data yang berubah dan tanggal.\nUnggah dokumen pendukung.\nPetugas memeriksa berkas.\n"
        "Tanda terima dengan jadwal pengambilan terbit.":
        "Choose the data that changed and the date.\nUpload the supporting document.\nAn officer checks the "
        "file.\nA receipt with the collection date is issued.",
    },
    "product": {
        "Kutipan Akta Kelahiran dan Kartu Keluarga (TTE)":
        "Birth certificate and family card (electronically signed)",
        "Kartu Keluarga (TTE)": "Family card (electronically signed)",
        "Tanda terima permohonan KTP-el dengan jadwal perekaman":
        "Receipt of the electronic ID card application with the recording appointment",
        "Tanda terima permohonan KTP-el (siap diambil)":
        "Receipt of the electronic ID card application (ready for collection)",
        "Tanda terima permohonan KTP-el": "Receipt of the electronic ID card application",
    },
    "cost_note": {"Gratis (UU 24/2013 Pasal 79A)": "Free of charge (Law 24/2013 Article 79A)"},
    "complaint_channel": {
        COMPLAINTS: "SP4N-LAPOR! (https://www.lapor.go.id) or SMS 1708; the complaints service of the local "
                    "regency/city Dispendukcapil; the complaints menu on Balai. Complaints are answered within "
                    "14 days at the latest.",
    },
    "legal_basis": {
        LEGAL: LEGAL_EN,
        LEGAL + "; Permendagri 9/2016; Putusan MK 18/PUU-XI/2013":
            LEGAL_EN + "; Permendagri 9/2016; Constitutional Court Decision 18/PUU-XI/2013",
        LEGAL + "; Permendagri 74/2015": LEGAL_EN + "; Permendagri 74/2015",
    },
}

REQUIREMENT_TEXT = {
    "name": {
        "Surat keterangan kelahiran": "Birth letter",
        "SPTJM kebenaran data kelahiran": "SPTJM (sworn statement) on the truth of the birth data",
        "Buku nikah / akta perkawinan orang tua": "Parents' marriage book / marriage certificate",
        "SPTJM kebenaran sebagai pasangan suami-istri": "SPTJM (sworn statement) of being husband and wife",
        "KTP-el pemohon": "Applicant's electronic ID card (KTP-el)",
        "Buku nikah / akta perkawinan": "Marriage book / marriage certificate",
        "Dokumen pendukung perubahan": "Supporting document for the change",
        "Surat keterangan kehilangan dari kepolisian": "Police report of loss",
        "Foto/pindaian KK yang rusak": "Photo or scan of the damaged family card",
        "Buku nikah (bila belum berumur 17 tahun tetapi sudah kawin)":
            "Marriage book (if under 17 but already married)",
        "Surat keterangan kehilangan": "Report of loss",
        "Foto KTP-el yang rusak": "Photo of the damaged electronic ID card",
    },
    "description": {
        "Dari rumah sakit, dokter, bidan, puskesmas, atau kepala desa.":
            "From the hospital, doctor, midwife, community health centre (puskesmas) or village head.",
        "Ditandatangani pemohon dengan 2 orang saksi.": "Signed by the applicant with 2 witnesses.",
        "Tanpa bukti perkawinan atau SPTJM, anak dicatat sebagai anak seorang ibu.":
            "Without proof of marriage or an SPTJM, the child is registered as the child of the mother only.",
        "Hanya bila KK sudah mencatat orang tua berstatus kawin.":
            "Only if the family card already records the parents as married.",
        "Atau tangkapan layar IKD (Permendagri 72/2022).":
            "Or a screenshot of the Digital Population Identity (IKD) (Permendagri 72/2022).",
        "Ijazah, buku nikah, akta cerai, surat keterangan kerja, dan sebagainya.":
            "A diploma, marriage book, divorce certificate, employment letter, and so on.",
        "Untuk KK yang hilang.": "For a lost family card.",
        "Untuk KK yang rusak.": "For a damaged family card.",
        "Untuk KTP-el yang hilang.": "For a lost electronic ID card.",
        "Untuk KTP-el yang rusak.": "For a damaged electronic ID card.",
    },
}


def forwards(apps, schema_editor):
    ServiceVersion = apps.get_model("cases", "ServiceVersion")
    Requirement = apps.get_model("cases", "Requirement")
    for model, table in ((ServiceVersion, VERSION_TEXT), (Requirement, REQUIREMENT_TEXT)):
        for row in model.objects.all():
            changed = []
            for field, texts in table.items():
                if not getattr(row, f"{field}_en") and getattr(row, field) in texts:
                    setattr(row, f"{field}_en", texts[getattr(row, field)])
                    changed.append(f"{field}_en")
            if changed:
                row.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [("civil", "0002_catalogue"), ("cases", "0007_catalogue_english")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
