"""The default workflow (v1) and two "other administration" services configured through the
catalogue alone (generic handler: an officer's decision and a letter). Later changes are made in
the admin as new versions; this migration only creates what is missing."""

from django.db import migrations
from django.utils import timezone

STATES = [
    # code, name, initial, terminal, clock runs
    ("draft", "Draf", True, False, False),
    ("submitted", "Diajukan", False, False, True),
    ("in_review", "Diperiksa", False, False, True),
    ("returned", "Dikembalikan untuk perbaikan", False, False, False),
    ("resubmitted", "Diajukan ulang", False, False, True),
    ("approved", "Disetujui", False, False, False),
    ("completed", "Selesai", False, True, False),
    ("rejected", "Ditolak", False, True, False),
    ("cancelled", "Dibatalkan", False, True, False),
]
OFFICERS = ["officer", "supervisor"]
ACTIONS = [
    # code, name, from, to, roles, note, complete, verified, holder
    ("submit", "Ajukan", ["draft"], "submitted", ["applicant"], False, True, False, False),
    ("cancel", "Batalkan", ["draft", "submitted"], "cancelled", ["applicant"], False, False, False, False),
    ("claim", "Klaim", ["submitted", "resubmitted"], "in_review", OFFICERS, False, False, False, False),
    ("release", "Lepas", ["in_review"], "submitted", OFFICERS, False, False, False, True),
    ("reassign", "Alihkan", ["in_review"], "", ["supervisor"], False, False, False, False),
    ("return", "Kembalikan untuk perbaikan", ["in_review"], "returned", OFFICERS, True, False, False, True),
    ("resubmit", "Ajukan ulang", ["returned"], "resubmitted", ["applicant"], False, True, False, False),
    ("approve", "Setujui", ["in_review"], "approved", OFFICERS, False, False, True, True),
    ("reject", "Tolak", ["in_review"], "rejected", OFFICERS, True, False, False, True),
    ("complete", "Selesaikan (terbitkan dokumen)", ["approved"], "completed", ["system"], False, False, False, False),
]

COMPLAINTS = ("SP4N-LAPOR! (https://www.lapor.go.id) atau SMS 1708; layanan pengaduan Dispendukcapil "
              "kabupaten/kota setempat; menu pengaduan di Balai. Pengaduan dijawab paling lambat 14 hari.")
FORMATS = ["pdf", "jpeg", "png"]

SERVICES = [
    {
        "code": "skpwni", "order": 10,
        "name_id": "Surat Keterangan Pindah WNI (SKPWNI)",
        "name_en": "Certificate of moving (SKPWNI)",
        "description": "Surat keterangan pindah bagi warga yang pindah ke kabupaten/kota atau provinsi lain. "
                       "Alamat tujuan dicatat dan KK baru diterbitkan di daerah tujuan; NIK tidak berubah.",
        "sla_days": 3,
        "procedure": "Isi formulir perpindahan dan alamat tujuan.\n"
                     "Unggah KK dan KTP-el pemohon serta formulir F-1.03.\n"
                     "Petugas Dispendukcapil memeriksa berkas; bila kurang, berkas dikembalikan untuk diperbaiki.\n"
                     "SKPWNI bertanda tangan elektronik terbit dan dapat diunduh di Balai.",
        "product": "Surat Keterangan Pindah WNI (SKPWNI) bertanda tangan elektronik",
        "legal_basis": "UU 23/2006 jo. UU 24/2013; Perpres 96/2018; Permendagri 108/2019; Permendagri 109/2019",
        "requirements": [
            ("kk", "Kartu Keluarga", "KK tempat pemohon terdaftar sekarang.", True, None),
            ("ktp-el", "KTP-el pemohon", "", True, None),
            ("ikd", "Tangkapan layar Identitas Kependudukan Digital (IKD)",
             "Pengganti KTP-el fisik (Permendagri 72/2022).", False, "ktp-el"),
            ("f103", "Formulir F-1.03 (pendaftaran perpindahan penduduk)", "Ditandatangani pemohon.", True, None),
        ],
        "form": [
            {"name": "alamat_tujuan", "label": "Alamat tujuan (jalan, RT/RW, desa/kelurahan, kecamatan)",
             "type": "textarea", "required": True, "max_length": 300},
            {"name": "kabupaten_tujuan", "label": "Kabupaten/kota dan provinsi tujuan", "type": "text",
             "required": True, "max_length": 120},
            {"name": "alasan", "label": "Alasan pindah", "type": "choice", "required": True,
             "choices": [["pekerjaan", "Pekerjaan"], ["pendidikan", "Pendidikan"], ["keamanan", "Keamanan"],
                         ["kesehatan", "Kesehatan"], ["perumahan", "Perumahan"], ["keluarga", "Keluarga"],
                         ["lainnya", "Lainnya"]]},
            {"name": "jenis_kepindahan", "label": "Jenis kepindahan", "type": "choice", "required": True,
             "choices": [["kk_semua", "Kepala keluarga dan seluruh anggota keluarga"],
                         ["kk_sebagian", "Kepala keluarga dan sebagian anggota keluarga"],
                         ["anggota", "Anggota keluarga saja"]]},
            {"name": "jumlah_pindah", "label": "Jumlah orang yang pindah", "type": "integer", "required": True,
             "min": 1, "max": 20},
        ],
    },
    {
        "code": "legalisir", "order": 20,
        "name_id": "Legalisir dokumen kependudukan (cetakan lama)",
        "name_en": "Certified copy of a civil-registration document (old print)",
        "description": "Pengesahan salinan KK atau akta pencatatan sipil yang dicetak sebelum berlakunya tanda "
                       "tangan elektronik. Dokumen ber-TTE dan KTP-el tidak perlu dilegalisir "
                       "(Permendagri 104/2019).",
        "sla_days": 2,
        "procedure": "Pilih jenis dokumen dan tulis nomornya.\n"
                     "Unggah pindaian dokumen asli dan KTP-el (atau IKD).\n"
                     "Petugas mencocokkan dengan data kependudukan.\n"
                     "Surat pengesahan elektronik terbit di Balai; salinan bercap dapat diambil di loket.",
        "product": "Surat pengesahan salinan dokumen kependudukan",
        "legal_basis": "UU 24/2013 Pasal 79A; Permendagri 104/2019",
        "requirements": [
            ("scan-dokumen", "Pindaian dokumen asli", "Semua halaman, terbaca jelas.", True, None),
            ("ktp-el", "KTP-el pemohon", "", True, None),
            ("ikd", "Tangkapan layar Identitas Kependudukan Digital (IKD)",
             "Pengganti KTP-el fisik (Permendagri 72/2022).", False, "ktp-el"),
        ],
        "form": [
            {"name": "jenis_dokumen", "label": "Jenis dokumen", "type": "choice", "required": True,
             "choices": [["kk", "Kartu Keluarga"], ["akta_kelahiran", "Akta kelahiran"],
                         ["akta_kematian", "Akta kematian"], ["akta_perkawinan", "Akta perkawinan"],
                         ["akta_perceraian", "Akta perceraian"]]},
            {"name": "nomor_dokumen", "label": "Nomor dokumen", "type": "text", "required": True, "max_length": 60},
            {"name": "jumlah_lembar", "label": "Jumlah salinan", "type": "integer", "required": True,
             "min": 1, "max": 10},
            {"name": "keperluan", "label": "Keperluan", "type": "text", "required": False, "max_length": 200},
        ],
    },
]


def create(apps, schema_editor):
    Workflow = apps.get_model("cases", "Workflow")
    WorkflowState = apps.get_model("cases", "WorkflowState")
    WorkflowAction = apps.get_model("cases", "WorkflowAction")
    Service = apps.get_model("cases", "Service")
    ServiceVersion = apps.get_model("cases", "ServiceVersion")
    Requirement = apps.get_model("cases", "Requirement")

    workflow, made = Workflow.objects.get_or_create(code="default", version=1,
                                                    defaults={"name": "Alur standar"})
    if made:
        for order, (code, name, initial, terminal, clock) in enumerate(STATES):
            WorkflowState.objects.create(workflow=workflow, code=code, name=name, is_initial=initial,
                                         is_terminal=terminal, clock_runs=clock, order=order)
        for code, name, src, dst, roles, note, complete, verified, holder in ACTIONS:
            WorkflowAction.objects.create(workflow=workflow, code=code, name=name, from_states=src, to_state=dst,
                                          roles=roles, note_required=note, requires_complete=complete,
                                          requires_verified=verified, requires_holder=holder)
    now = timezone.now()
    for spec in SERVICES:
        service, made = Service.objects.get_or_create(code=spec["code"], defaults={"order": spec["order"]})
        if not made:
            continue
        version = ServiceVersion.objects.create(
            service=service, version=1, published_at=now, name_id=spec["name_id"], name_en=spec["name_en"],
            description=spec["description"], unit_type="dukcapil", handler="generic", workflow=workflow,
            is_adminduk=True, fee=0, cost_note="Gratis (UU 24/2013 Pasal 79A)", procedure=spec["procedure"],
            sla_days=spec["sla_days"], product=spec["product"], complaint_channel=COMPLAINTS,
            legal_basis=spec["legal_basis"], form_schema=spec["form"])
        by_code = {}
        for order, (code, name, desc, required, alt) in enumerate(spec["requirements"]):
            by_code[code] = Requirement.objects.create(
                service_version=version, code=code, name=name, description=desc, formats=FORMATS,
                max_size_kb=5120, required=required, alternative_of=by_code.get(alt) if alt else None, order=order)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
