"""The two ASN services in the case catalogue (handlers: balai/asn/handlers.py) and their workflow.

The workflow ``asn-kepegawaian`` is the default one with one more edge, ``forward`` (in review →
submitted, system role only): the unit's HR officer verifies the documents, asn's page forwards
the case and routes it to BKD's office (balai/asn/cases_link.py), whose officers claim and
approve it. Internal services of the province's staff: free, not Adminduk. The completion times
are the workspace's own targets (no regulation sets them; UNCONFIRMED, editable as new versions).
Literal data, frozen with this migration; ``create`` only adds what is missing (the asn tests'
conftest replays it after a flush)."""

from django.db import migrations
from django.utils import timezone

WORKFLOW = "asn-kepegawaian"
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
    ("forward", "Teruskan ke BKD", ["in_review"], "submitted", ["system"], False, False, True, False),
    ("approve", "Setujui", ["in_review"], "approved", OFFICERS, False, False, True, True),
    ("reject", "Tolak", ["in_review"], "rejected", OFFICERS, True, False, False, True),
    ("complete", "Selesaikan (terbitkan dokumen)", ["approved"], "completed", ["system"], False, False, False, False),
]
COMPLAINTS = "Pengelola kepegawaian unit kerja; BKD Provinsi Jawa Timur; menu pengaduan di Balai."
COMPLAINTS_EN = "The unit's HR officer; BKD of East Java Province; the complaints menu on Balai."
FORMATS = ["pdf", "jpeg", "png"]

SERVICES = [
    {"code": "asn-kenaikan-pangkat", "order": 90, "sla_days": 10,
     "name_id": "Usul kenaikan pangkat reguler", "name_en": "Regular promotion proposal",
     "description": "Diajukan pengelola kepegawaian unit untuk PNS yang telah paling singkat 4 tahun dalam pangkatnya "
                    "dengan predikat SKP paling rendah Baik dua tahun terakhir, untuk periode paling awal yang "
                    "memenuhi syarat (enam periode setahun, Peraturan BKN 4/2023).",
     "description_en": "Filed by the unit's HR officer for a civil servant with at least 4 years in rank and an SKP "
                       "rating of at least Good in the last two years, for the earliest eligible period (six a "
                       "year, BKN Regulation 4/2023).",
     "procedure": "Pengelola kepegawaian unit membuat usul dari halaman Kenaikan pangkat dan pensiun.\n"
                  "Unggah SK pangkat terakhir dan SKP dua tahun terakhir, lalu ajukan.\n"
                  "Pengelola kepegawaian unit memverifikasi dokumen dan meneruskan usul ke BKD.\n"
                  "BKD memeriksa dan menyetujui; surat keputusan bertanda tangan elektronik terbit.",
     "procedure_en": "The unit's HR officer makes the proposal from the Promotion and retirement page.\n"
                     "Upload the latest rank decree and the last two years' SKP, then submit.\n"
                     "The unit's HR officer verifies the documents and forwards the proposal to BKD.\n"
                     "BKD checks and approves; the electronically signed decision letter is issued.",
     "product": "Surat keputusan kenaikan pangkat (TTE)", "product_en": "Promotion decision letter (e-signed)",
     "legal_basis": "PP 99/2000 jo. PP 12/2002; Peraturan BKN 4/2023; PermenPANRB 6/2022",
     "legal_basis_en": "Government Regulation 99/2000 as amended by 12/2002; BKN Regulation 4/2023; "
                       "PermenPANRB 6/2022",
     "requirements": [
         ("sk-pangkat", "SK pangkat terakhir", "Latest rank decree", True),
         ("skp", "SKP dua tahun terakhir", "SKP of the last two years", True),
         ("ijazah", "Ijazah terakhir (bila kenaikan sampai batas pendidikan)",
          "Latest diploma (when the promotion reaches the education ceiling)", False),
     ]},
    {"code": "asn-pensiun-bup", "order": 91, "sla_days": 10,
     "name_id": "Berkas pensiun BUP", "name_en": "Retirement file (retirement age)",
     "description": "Dibuka sendiri oleh Balai beberapa bulan sebelum TMT pensiun (bawaan 12) untuk PNS yang "
                    "mencapai batas usia pensiun 58, 60, atau 65 tahun menurut jenis jabatannya.",
     "description_en": "Opened by Balai itself some months before the retirement date (12 by default) for a civil "
                       "servant reaching the retirement age of 58, 60 or 65 by position type.",
     "procedure": "Balai membuka berkas dan memberi tahu ASN dan pengelola kepegawaian unit.\n"
                  "Unggah dokumen persyaratan, lalu ajukan.\n"
                  "Pengelola kepegawaian unit memverifikasi dokumen dan meneruskan berkas ke BKD.\n"
                  "BKD memeriksa dan menyetujui; surat keputusan pensiun bertanda tangan elektronik terbit.",
     "procedure_en": "Balai opens the file and tells the civil servant and the unit's HR officer.\n"
                     "Upload the required documents, then submit.\n"
                     "The unit's HR officer verifies the documents and forwards the file to BKD.\n"
                     "BKD checks and approves; the electronically signed retirement decision is issued.",
     "product": "Surat keputusan pemberhentian dengan hak pensiun (TTE)",
     "product_en": "Retirement decision letter with pension rights (e-signed)",
     "legal_basis": "UU 20/2023; PP 11/2017 Pasal 239 jo. PP 17/2020",
     "legal_basis_en": "Law 20/2023; Government Regulation 11/2017 Art. 239 as amended by 17/2020",
     "requirements": [
         ("sk-cpns-pns", "SK CPNS dan SK PNS", "CPNS and PNS decrees", True),
         ("sk-pangkat", "SK pangkat terakhir", "Latest rank decree", True),
         ("data-keluarga", "Data keluarga (KK, akta nikah, akta kelahiran anak)",
          "Family documents (family card, marriage and children's birth certificates)", True),
         ("dpcp", "Data perorangan calon penerima pensiun (DPCP)", "Personal data of the pension recipient (DPCP)",
          True),
         ("pas-foto", "Pas foto terbaru", "Recent photograph", True),
     ]},
]


def create(apps, schema_editor):
    Workflow = apps.get_model("cases", "Workflow")
    WorkflowState = apps.get_model("cases", "WorkflowState")
    WorkflowAction = apps.get_model("cases", "WorkflowAction")
    Service = apps.get_model("cases", "Service")
    ServiceVersion = apps.get_model("cases", "ServiceVersion")
    Requirement = apps.get_model("cases", "Requirement")
    workflow, made = Workflow.objects.get_or_create(code=WORKFLOW, version=1,
                                                    defaults={"name": "Alur berkas kepegawaian (unit, lalu BKD)"})
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
            description=spec["description"], description_en=spec["description_en"], unit_type="province",
            handler=spec["code"], workflow=workflow, is_adminduk=False, fee=0, cost_note="Tanpa biaya",
            cost_note_en="Free of charge", procedure=spec["procedure"], procedure_en=spec["procedure_en"],
            sla_days=spec["sla_days"], product=spec["product"], product_en=spec["product_en"],
            complaint_channel=COMPLAINTS, complaint_channel_en=COMPLAINTS_EN, legal_basis=spec["legal_basis"],
            legal_basis_en=spec["legal_basis_en"], form_schema=[])
        for order, (code, name, name_en, required) in enumerate(spec["requirements"]):
            Requirement.objects.create(service_version=version, code=code, name=name, name_en=name_en,
                                       formats=FORMATS, max_size_kb=5120, required=required, order=order)


class Migration(migrations.Migration):
    dependencies = [("asn", "0008_files_on_cases"), ("cases", "0008_default_catalogue_english")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
