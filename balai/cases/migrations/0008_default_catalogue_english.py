"""English for the catalogue rows of 0002_default_catalogue.

Fills each ``*_en`` column, each form field's ``label_en``/``help_en`` and each choice's English label
where the Indonesian text is still the seeded one and the English is empty: versions made later in the
admin from a seeded one get it too, and English an admin already wrote is kept."""

from django.db import migrations

COMPLAINTS = ("SP4N-LAPOR! (https://www.lapor.go.id) atau SMS 1708; layanan pengaduan Dispendukcapil "
              "kabupaten/kota setempat; menu pengaduan di Balai. Pengaduan dijawab paling lambat 14 hari.")

# Indonesian text as seeded → English, per ServiceVersion column.
VERSION_TEXT = {
    "description": {
        "Surat keterangan pindah bagi warga yang pindah ke kabupaten/kota atau provinsi lain. Alamat tujuan "
        "dicatat dan KK baru diterbitkan di daerah tujuan; NIK tidak berubah.":
        "A certificate of moving for residents who move to another regency/city or province. The destination "
        "address is recorded and a new family card (KK) is issued at the destination; the NIK does not change.",
        "Pengesahan salinan KK atau akta pencatatan sipil yang dicetak sebelum berlakunya tanda tangan "
        "elektronik. Dokumen ber-TTE dan KTP-el tidak perlu dilegalisir (Permendagri 104/2019).":
        "Certification of a copy of a family card (KK) or civil-registration certificate printed before "
        "electronic signatures came into force. Documents with an electronic signature (TTE) and the "
        "electronic ID card (KTP-el) need no certification (Permendagri 104/2019).",
    },
    "procedure": {
        "Isi formulir perpindahan dan alamat tujuan.\n"
        "Unggah KK dan KTP-el pemohon serta formulir F-1.03.\n"
        "Petugas Dispendukcapil memeriksa berkas; bila kurang, berkas dikembalikan untuk diperbaiki.\n"
        "SKPWNI bertanda tangan elektronik terbit dan dapat diunduh di Balai.":
        "Fill in the moving form and the destination address.\n"
        "Upload the applicant's family card (KK) and electronic ID card (KTP-el) and form F-1.03.\n"
        "A Dispendukcapil officer checks the file; if something is missing, the file is returned for correction.\n"
        "The electronically signed SKPWNI is issued and can be downloaded on Balai.",
        "Pilih jenis dokumen dan tulis nomornya.\n"
        "Unggah pindaian dokumen asli dan KTP-el (atau IKD).\n"
        "Petugas mencocokkan dengan data kependudukan.\n"
        "Surat pengesahan elektronik terbit di Balai; salinan bercap dapat diambil di loket.":
        "Choose the type of document and enter its number.\n"
        "Upload a scan of the original document and your electronic ID card (or IKD).\n"
        "An officer checks it against the population data.\n"
        "The electronic certification letter is issued on Balai; the stamped copy can be collected at the counter.",
    },
    "product": {
        "Surat Keterangan Pindah WNI (SKPWNI) bertanda tangan elektronik":
        "Certificate of moving (SKPWNI), electronically signed",
        "Surat pengesahan salinan dokumen kependudukan":
        "Letter certifying a copy of a population document",
    },
    "cost_note": {"Gratis (UU 24/2013 Pasal 79A)": "Free of charge (Law 24/2013 Article 79A)"},
    "complaint_channel": {
        COMPLAINTS: "SP4N-LAPOR! (https://www.lapor.go.id) or SMS 1708; the complaints service of the local "
                    "regency/city Dispendukcapil; the complaints menu on Balai. Complaints are answered within "
                    "14 days at the latest.",
    },
    "legal_basis": {
        "UU 23/2006 jo. UU 24/2013; Perpres 96/2018; Permendagri 108/2019; Permendagri 109/2019":
        "Law 23/2006 as amended by Law 24/2013; Presidential Regulation 96/2018; Permendagri 108/2019; "
        "Permendagri 109/2019",
        "UU 24/2013 Pasal 79A; Permendagri 104/2019": "Law 24/2013 Article 79A; Permendagri 104/2019",
    },
}

# Requirement name and description, Indonesian as seeded → English.
REQUIREMENT_TEXT = {
    "name": {
        "Kartu Keluarga": "Family card (KK)",
        "KTP-el pemohon": "Applicant's electronic ID card (KTP-el)",
        "Tangkapan layar Identitas Kependudukan Digital (IKD)": "Screenshot of the Digital Population Identity (IKD)",
        "Formulir F-1.03 (pendaftaran perpindahan penduduk)": "Form F-1.03 (registration of a change of residence)",
        "Pindaian dokumen asli": "Scan of the original document",
    },
    "description": {
        "KK tempat pemohon terdaftar sekarang.": "The family card on which the applicant is registered now.",
        "Pengganti KTP-el fisik (Permendagri 72/2022).": "Instead of the physical KTP-el (Permendagri 72/2022).",
        "Ditandatangani pemohon.": "Signed by the applicant.",
        "Semua halaman, terbaca jelas.": "All pages, clearly legible.",
    },
}

# Form field labels and choice labels, Indonesian as seeded → English.
FORM_TEXT = {
    "Alamat tujuan (jalan, RT/RW, desa/kelurahan, kecamatan)":
        "Destination address (street, RT/RW, village, district)",
    "Kabupaten/kota dan provinsi tujuan": "Destination regency/city and province",
    "Alasan pindah": "Reason for moving",
    "Pekerjaan": "Work",
    "Pendidikan": "Education",
    "Keamanan": "Security",
    "Kesehatan": "Health",
    "Perumahan": "Housing",
    "Keluarga": "Family",
    "Lainnya": "Other",
    "Jenis kepindahan": "Who is moving",
    "Kepala keluarga dan seluruh anggota keluarga": "The head of the family and all family members",
    "Kepala keluarga dan sebagian anggota keluarga": "The head of the family and some family members",
    "Anggota keluarga saja": "Family members only",
    "Jumlah orang yang pindah": "Number of people moving",
    "Jenis dokumen": "Type of document",
    "Kartu Keluarga": "Family card (KK)",
    "Akta kelahiran": "Birth certificate",
    "Akta kematian": "Death certificate",
    "Akta perkawinan": "Marriage certificate",
    "Akta perceraian": "Divorce certificate",
    "Nomor dokumen": "Document number",
    "Jumlah salinan": "Number of copies",
    "Keperluan": "Purpose",
}


def english_schema(schema, texts):
    """The schema with ``label_en``/``help_en`` and choice English added where known and missing."""
    out = []
    for spec in schema or []:
        spec = dict(spec)
        for key in ("label", "help"):
            if spec.get(key) in texts and not spec.get(f"{key}_en"):
                spec[f"{key}_en"] = texts[spec[key]]
        if spec.get("choices"):
            choices = []
            for choice in spec["choices"]:
                if isinstance(choice, list) and len(choice) == 2 and choice[1] in texts:
                    choice = [choice[0], choice[1], texts[choice[1]]]
                choices.append(choice)
            spec["choices"] = choices
        out.append(spec)
    return out


def fill(apps, version_text, requirement_text, form_text):
    ServiceVersion = apps.get_model("cases", "ServiceVersion")
    Requirement = apps.get_model("cases", "Requirement")
    for version in ServiceVersion.objects.all():
        changed = []
        for field, texts in version_text.items():
            if not getattr(version, f"{field}_en") and getattr(version, field) in texts:
                setattr(version, f"{field}_en", texts[getattr(version, field)])
                changed.append(f"{field}_en")
        schema = english_schema(version.form_schema, form_text)
        if schema != (version.form_schema or []):
            version.form_schema = schema
            changed.append("form_schema")
        if changed:
            version.save(update_fields=changed)
    for requirement in Requirement.objects.all():
        changed = []
        for field, texts in requirement_text.items():
            if not getattr(requirement, f"{field}_en") and getattr(requirement, field) in texts:
                setattr(requirement, f"{field}_en", texts[getattr(requirement, field)])
                changed.append(f"{field}_en")
        if changed:
            requirement.save(update_fields=changed)


def forwards(apps, schema_editor):
    fill(apps, VERSION_TEXT, REQUIREMENT_TEXT, FORM_TEXT)


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_catalogue_english")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
