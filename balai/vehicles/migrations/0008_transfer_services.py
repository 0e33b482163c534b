"""The ownership-transfer services in the case catalogue (handler: balai/vehicles/transfer_handler.py)
and the BPKB fee rows a transfer bills (PP 76/2020, REFERENCE §3.6).

- ``kendaraan-baru``: a new vehicle's first registration from the dealer's invoice (BBNKB on the
  first transfer, first-year PKB and SWDKLLJ, STNK + TNKB + BPKB fees);
- ``balik-nama-kendaraan``: a used vehicle bought from its registered owner (BBNKB 0 % since
  5 January 2025, STNK + BPKB fees).

Both end with a physical check (cek fisik) at the vehicle's Samsat before an officer completes the
case. Literal data, frozen with this migration; ``create``/``load`` only add what is missing
(balai/conftest.py and rules_seed_into replay them after a flush).
"""

from datetime import date

from django.db import migrations
from django.utils import timezone

COMPLAINTS = ("SP4N-LAPOR! (https://www.lapor.go.id) atau SMS 1708; layanan pengaduan UPT PPD Bapenda (Samsat) "
              "setempat; menu pengaduan di Balai. Pengaduan dijawab paling lambat 14 hari.")
COMPLAINTS_EN = ("SP4N-LAPOR! (https://www.lapor.go.id) or SMS 1708; the complaints service of the local UPT PPD "
                 "Bapenda (Samsat); the complaints menu on Balai. Complaints are answered within 14 days at the latest.")
LEGAL = ("UU 1/2022 (HKPD); Perda Provinsi Jawa Timur No. 8 Tahun 2023 (BBNKB); UU 22/2009 (LLAJ); "
         "Perpol 7/2021 (registrasi dan identifikasi kendaraan); PP 76/2020 (PNBP Polri)")
LEGAL_EN = ("Law 1/2022 (HKPD); East Java Regional Regulation No. 8 of 2023 (BBNKB); Law 22/2009 (road traffic); "
            "Police Regulation 7/2021 (vehicle registration and identification); Government Regulation 76/2020 "
            "(police non-tax fees)")
KTP = ("ktp-el", "KTP-el pembeli", "Atau tangkapan layar IKD.", "Buyer's electronic ID card (KTP-el)",
       "Or a screenshot of the digital ID (IKD).")

SERVICES = [
    {"code": "kendaraan-baru", "order": 40, "sla_days": 3,
     "name_id": "Pendaftaran kendaraan baru (BBNKB penyerahan pertama)",
     "name_en": "First registration of a new vehicle (BBNKB on the first transfer)",
     "description": "Untuk kendaraan yang baru dibeli dari dealer. BBNKB 12 % dari NJKB ditambah opsen BBNKB 66 %, "
                    "PKB tahun pertama, SWDKLLJ, serta PNBP STNK, TNKB, dan BPKB dihitung dari faktur dan dibayar "
                    "sekali. Kendaraan wajib dibawa ke Samsat untuk cek fisik.",
     "description_en": "For a vehicle just bought from a dealer. BBNKB of 12 % of the NJKB plus the 66 % BBNKB "
                       "surcharge (opsen), the first year's PKB, SWDKLLJ and the STNK, number plate (TNKB) and "
                       "BPKB fees are computed from the invoice and paid once. The vehicle must be brought to the "
                       "Samsat for a physical check.",
     "procedure": "Isi data kendaraan dari faktur dealer (merek, tipe, tahun, NJKB, nomor rangka dan mesin).\n"
                  "Unggah faktur dan KTP-el pembeli, lalu ajukan.\n"
                  "Buka Kendaraan saya → Balik nama dan kendaraan baru: lihat rincian BBNKB dan bayar tagihannya.\n"
                  "Bawa kendaraan ke Samsat untuk cek fisik; petugas mencatat nomor polisi yang diberikan.\n"
                  "Petugas menyelesaikan permohonan; kendaraan tercatat atas nama Anda.",
     "procedure_en": "Enter the vehicle's data from the dealer's invoice (make, model, year, NJKB, chassis and "
                     "engine numbers).\n"
                     "Upload the invoice and the buyer's KTP-el, then submit.\n"
                     "Open My vehicles → Ownership transfers and new vehicles: see the BBNKB breakdown and pay "
                     "the bill.\n"
                     "Bring the vehicle to the Samsat for the physical check; the officer records the plate number "
                     "given.\n"
                     "The officer completes the application; the vehicle is registered in your name.",
     "product": "Kendaraan tercatat atas nama pembeli (STNK, TNKB, dan BPKB diterbitkan Polri)",
     "product_en": "The vehicle registered in the buyer's name (STNK, plates and BPKB issued by the police)",
     "requirements": [
         ("faktur", "Faktur pembelian dari dealer", "Memuat merek, tipe, tahun, nomor rangka, dan nomor mesin.",
          "Dealer's purchase invoice", "Showing make, model, year, chassis number and engine number."),
         KTP,
     ]},
    {"code": "balik-nama-kendaraan", "order": 41, "sla_days": 3,
     "name_id": "Balik nama kendaraan bekas", "name_en": "Ownership transfer of a used vehicle",
     "description": "Untuk kendaraan yang dibeli dari pemilik terdaftar. Sejak 5 Januari 2025 tidak ada BBNKB atas "
                    "penyerahan kedua dan seterusnya (0 %); yang dibayar PNBP STNK dan BPKB. PKB tahun-tahun "
                    "berikutnya dihitung menurut urutan kepemilikan pembeli. Kendaraan wajib dibawa ke Samsat "
                    "untuk cek fisik.",
     "description_en": "For a vehicle bought from its registered owner. Since 5 January 2025 there is no BBNKB on "
                       "the second and later transfers (0 %); the STNK and BPKB fees are paid. Later years' PKB "
                       "follows the buyer's ownership order. The vehicle must be brought to the Samsat for a "
                       "physical check.",
     "procedure": "Isi nomor polisi, nomor BPKB, data penjual, dan tanggal jual beli.\n"
                  "Unggah BPKB, bukti jual beli, dan KTP-el pembeli, lalu ajukan.\n"
                  "Buka Kendaraan saya → Balik nama dan kendaraan baru: lihat rinciannya dan bayar tagihannya.\n"
                  "Bawa kendaraan ke Samsat untuk cek fisik (gesek nomor rangka dan mesin).\n"
                  "Petugas menyelesaikan permohonan; kendaraan tercatat atas nama Anda.",
     "procedure_en": "Enter the plate number, the BPKB number, the seller's data and the date of sale.\n"
                     "Upload the BPKB, the proof of sale and the buyer's KTP-el, then submit.\n"
                     "Open My vehicles → Ownership transfers and new vehicles: see the breakdown and pay the bill.\n"
                     "Bring the vehicle to the Samsat for the physical check (chassis and engine numbers rubbed).\n"
                     "The officer completes the application; the vehicle is registered in your name.",
     "product": "Kendaraan tercatat atas nama pembeli (STNK dan BPKB baru diterbitkan Polri)",
     "product_en": "The vehicle registered in the buyer's name (new STNK and BPKB issued by the police)",
     "requirements": [
         ("bpkb", "BPKB asli", "Pindaian halaman identitas pemilik dan kendaraan.", "Original BPKB",
          "A scan of the owner and vehicle pages."),
         ("bukti-jual-beli", "Bukti jual beli (kuitansi bermeterai)", "Ditandatangani penjual dan pembeli.",
          "Proof of sale (stamped receipt)", "Signed by the seller and the buyer."),
         KTP,
     ]},
]

PNBP = "PP 76/2020 (PNBP Polri)"
# BPKB new / change of owner (REFERENCE §3.6): (item, wheel group, amount, from, regulation, note)
PNBP_FEES = [
    ("bpkb", "2-3", 225000, date(2021, 1, 1), PNBP, "BPKB baru / ganti pemilik. Tanggal mulai sebagai batas arsip."),
    ("bpkb", "4+", 375000, date(2021, 1, 1), PNBP, "BPKB baru / ganti pemilik. Tanggal mulai sebagai batas arsip."),
]


def create(apps, schema_editor):
    Workflow = apps.get_model("cases", "Workflow")
    Service = apps.get_model("cases", "Service")
    ServiceVersion = apps.get_model("cases", "ServiceVersion")
    Requirement = apps.get_model("cases", "Requirement")
    workflow = Workflow.objects.filter(code="default").order_by("-version").first()
    now = timezone.now()
    for spec in SERVICES:
        service, made = Service.objects.get_or_create(code=spec["code"], defaults={"order": spec["order"]})
        if not made:
            continue
        version = ServiceVersion.objects.create(
            service=service, version=1, published_at=now, name_id=spec["name_id"], name_en=spec["name_en"],
            description=spec["description"], description_en=spec["description_en"], unit_type="bapenda",
            handler=spec["code"], workflow=workflow, is_adminduk=False, fee=0,
            cost_note="BBNKB, opsen, dan PNBP dihitung dari data kendaraan",
            cost_note_en="BBNKB, surcharge and police fees computed from the vehicle's data",
            procedure=spec["procedure"], procedure_en=spec["procedure_en"], sla_days=spec["sla_days"],
            product=spec["product"], product_en=spec["product_en"], complaint_channel=COMPLAINTS,
            complaint_channel_en=COMPLAINTS_EN, legal_basis=LEGAL, legal_basis_en=LEGAL_EN, form_schema=[])
        for order, (code, name, desc, name_en, desc_en) in enumerate(spec["requirements"]):
            Requirement.objects.create(service_version=version, code=code, name=name, description=desc,
                                       name_en=name_en, description_en=desc_en, formats=["pdf", "jpeg", "png"],
                                       max_size_kb=5120, required=True, order=order)


def load(apps, schema_editor):
    """The BPKB fee rows, when missing."""
    fee = apps.get_model("vehicles", "PnbpFee")
    if fee.objects.filter(item="bpkb").exists():
        return
    fee.objects.bulk_create([fee(item=i, wheel_group=w, amount=a, valid_from=f, regulation=g, note=n)
                             for i, w, a, f, g, n in PNBP_FEES])


def forwards(apps, schema_editor):
    create(apps, schema_editor)
    load(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("vehicles", "0007_ownership_transfer"), ("cases", "0008_default_catalogue_english")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
