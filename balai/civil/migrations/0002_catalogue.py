"""The Adminduk services in the case catalogue (handlers in balai/civil/handlers.py).
Requirements and their alternatives follow Perpres 96/2018 and Permendagri 9/2016 (REFERENCE §2).
All are free: ``is_adminduk`` + fee 0 (UU 24/2013 Art. 79A; the catalogue's check constraint
refuses any other fee). Only creates what is missing; later changes are new versions in the admin."""

from django.db import migrations
from django.utils import timezone

COMPLAINTS = ("SP4N-LAPOR! (https://www.lapor.go.id) atau SMS 1708; layanan pengaduan Dispendukcapil "
              "kabupaten/kota setempat; menu pengaduan di Balai. Pengaduan dijawab paling lambat 14 hari.")
FORMATS = ["pdf", "jpeg", "png"]
KTP = ("ktp-el", "KTP-el pemohon", "Atau tangkapan layar IKD (Permendagri 72/2022).", True, None)
LEGAL = "UU 23/2006 jo. UU 24/2013; Perpres 96/2018; Permendagri 108/2019; Permendagri 109/2019"

SERVICES = [
    {"code": "akta-kelahiran", "order": 1, "sla_days": 1,
     "name_id": "Pencatatan kelahiran (akta kelahiran + KK baru)",
     "name_en": "Birth registration (birth certificate + updated family card)",
     "description": "Kutipan akta kelahiran, NIK anak, dan KK yang diterbitkan ulang dengan anak sebagai anggota "
                    "(nomor KK tetap) terbit bersama. Laporkan dalam 60 hari; setelahnya tetap diterima sebagai "
                    "pencatatan terlambat dengan keputusan Kepala Dinas, tanpa denda.",
     "procedure": "Isi data anak; data orang tua dan KK diambil dari data kependudukan.\n"
                  "Unggah surat keterangan lahir (atau SPTJM dengan 2 saksi) dan bukti perkawinan orang tua "
                  "(atau SPTJM perkawinan).\n"
                  "Petugas Dispendukcapil sesuai alamat KK memeriksa berkas dan data ganda.\n"
                  "Akta kelahiran dan KK baru bertanda tangan elektronik terbit dan dapat diunduh di Balai.",
     "product": "Kutipan Akta Kelahiran dan Kartu Keluarga (TTE)",
     "legal_basis": LEGAL + "; Permendagri 9/2016; Putusan MK 18/PUU-XI/2013",
     "requirements": [
         ("surat-lahir", "Surat keterangan kelahiran", "Dari rumah sakit, dokter, bidan, puskesmas, atau kepala desa.",
          True, None),
         ("sptjm-kelahiran", "SPTJM kebenaran data kelahiran", "Ditandatangani pemohon dengan 2 orang saksi.",
          False, "surat-lahir"),
         ("buku-nikah", "Buku nikah / akta perkawinan orang tua",
          "Tanpa bukti perkawinan atau SPTJM, anak dicatat sebagai anak seorang ibu.", False, None),
         ("sptjm-perkawinan", "SPTJM kebenaran sebagai pasangan suami-istri",
          "Hanya bila KK sudah mencatat orang tua berstatus kawin.", False, "buku-nikah"),
         KTP,
     ]},
    {"code": "kk-baru", "order": 2, "sla_days": 1,
     "name_id": "Kartu Keluarga baru (keluarga baru setelah menikah)",
     "name_en": "New family card (new family after marriage)",
     "description": "Pasangan yang baru menikah keluar dari KK orang tua dan mendapat KK dengan nomor baru.",
     "procedure": "Isi NIK pasangan, kepala keluarga, data perkawinan, dan alamat baru di Jawa Timur.\n"
                  "Unggah buku nikah/akta perkawinan.\n"
                  "Petugas Dispendukcapil sesuai alamat baru memeriksa berkas.\n"
                  "KK baru terbit; KK orang tua diterbitkan ulang tanpa Anda.",
     "product": "Kartu Keluarga (TTE)", "legal_basis": LEGAL,
     "requirements": [("buku-nikah", "Buku nikah / akta perkawinan", "", True, None), KTP]},
    {"code": "kk-perubahan-data", "order": 3, "sla_days": 1,
     "name_id": "Kartu Keluarga karena perubahan data",
     "name_en": "Family card after a change of data",
     "description": "Perubahan pendidikan, pekerjaan, status perkawinan, atau alamat (dalam Jawa Timur). Nomor KK tetap.",
     "procedure": "Pilih anggota keluarga dan data yang berubah.\nUnggah dokumen pendukung.\n"
                  "Petugas memeriksa berkas.\nKK versi baru terbit.",
     "product": "Kartu Keluarga (TTE)", "legal_basis": LEGAL,
     "requirements": [("dokumen-pendukung", "Dokumen pendukung perubahan",
                       "Ijazah, buku nikah, akta cerai, surat keterangan kerja, dan sebagainya.", True, None), KTP]},
    {"code": "kk-hilang-rusak", "order": 4, "sla_days": 1,
     "name_id": "Kartu Keluarga hilang atau rusak", "name_en": "Family card lost or damaged",
     "description": "KK dicetak ulang dengan isi yang sama.",
     "procedure": "Pilih alasan.\nUnggah surat kehilangan dari kepolisian (hilang) atau KK yang rusak.\n"
                  "Petugas memeriksa berkas.\nKK pengganti terbit.",
     "product": "Kartu Keluarga (TTE)", "legal_basis": LEGAL,
     "requirements": [
         ("surat-kehilangan", "Surat keterangan kehilangan dari kepolisian", "Untuk KK yang hilang.", False, None),
         ("kk-rusak", "Foto/pindaian KK yang rusak", "Untuk KK yang rusak.", False, "surat-kehilangan"),
         KTP]},
    {"code": "ktp-el-baru", "order": 5, "sla_days": 1,
     "name_id": "KTP-el baru (perekaman)", "name_en": "First electronic ID card (recording)",
     "description": "Untuk yang berumur 17 tahun atau sudah/pernah kawin menurut data kependudukan. Perekaman "
                    "biometrik wajib hadir: Anda mendapat jadwal datang.",
     "procedure": "Pilih tanggal datang.\nPetugas memeriksa data.\nTanda terima dengan jadwal perekaman terbit.\n"
                  "Datang ke Dispendukcapil pada tanggal itu untuk perekaman.",
     "product": "Tanda terima permohonan KTP-el dengan jadwal perekaman", "legal_basis": LEGAL,
     "requirements": [("buku-nikah", "Buku nikah (bila belum berumur 17 tahun tetapi sudah kawin)", "", False, None)]},
    {"code": "ktp-el-ganti", "order": 6, "sla_days": 1,
     "name_id": "KTP-el hilang atau rusak", "name_en": "Electronic ID card lost or damaged",
     "description": "Bila sudah pernah rekam, KTP-el pengganti siap diambil pada tanggal yang dijadwalkan.",
     "procedure": "Pilih alasan dan tanggal.\nUnggah surat kehilangan (bila diwajibkan kabupaten/kota Anda) atau "
                  "foto KTP-el yang rusak.\nPetugas memeriksa berkas.\nTanda terima dengan jadwal pengambilan terbit.",
     "product": "Tanda terima permohonan KTP-el (siap diambil)", "legal_basis": LEGAL,
     "requirements": [
         ("surat-kehilangan", "Surat keterangan kehilangan", "Untuk KTP-el yang hilang.", False, None),
         ("ktp-rusak", "Foto KTP-el yang rusak", "Untuk KTP-el yang rusak.", False, None)]},
    {"code": "ktp-el-perubahan", "order": 7, "sla_days": 1,
     "name_id": "KTP-el karena perubahan data", "name_en": "Electronic ID card after a change of data",
     "description": "Perubahan status perkawinan, pendidikan, atau pekerjaan; KK ikut diterbitkan ulang.",
     "procedure": "Pilih data yang berubah dan tanggal.\nUnggah dokumen pendukung.\nPetugas memeriksa berkas.\n"
                  "Tanda terima dengan jadwal pengambilan terbit.",
     "product": "Tanda terima permohonan KTP-el", "legal_basis": LEGAL + "; Permendagri 74/2015",
     "requirements": [("dokumen-pendukung", "Dokumen pendukung perubahan", "", True, None)]},
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
            description=spec["description"], unit_type="dukcapil", handler=spec["code"], workflow=workflow,
            is_adminduk=True, fee=0, cost_note="Gratis (UU 24/2013 Pasal 79A)", procedure=spec["procedure"],
            sla_days=spec["sla_days"], product=spec["product"], complaint_channel=COMPLAINTS,
            legal_basis=spec["legal_basis"], form_schema=[])
        by_code = {}
        for order, (code, name, desc, required, alt) in enumerate(spec["requirements"]):
            by_code[code] = Requirement.objects.create(
                service_version=version, code=code, name=name, description=desc, formats=FORMATS, max_size_kb=5120,
                required=required, alternative_of=by_code.get(alt) if alt else None, order=order)


class Migration(migrations.Migration):
    dependencies = [("civil", "0001_initial"), ("cases", "0002_default_catalogue")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
