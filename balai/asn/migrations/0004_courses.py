"""The four seeded digital-competence courses (Indonesian content; titles and summaries also in
English). Literal data of its own: later edits are made in the admin. Each course: lessons (paragraphs
separated by a blank line) and a quiz (``True`` marks the right choice)."""

from django.db import migrations

COURSES = [
    {
        "code": "meja-digital", "order": 1, "jp": 4, "pass_mark": 75, "time_limit_minutes": 15,
        "title": "Memproses permohonan di meja layanan digital",
        "title_en": "Processing an application on the digital desk",
        "summary": "Dari antrean kerja sampai keputusan: mengambil berkas, memeriksa persyaratan satu per satu, "
                   "mengembalikan dengan alasan yang jelas, dan menyetujui tepat waktu.",
        "summary_en": "From the work queue to the decision: claiming a case, checking each requirement, returning "
                      "it with a clear reason, and approving it on time.",
        "lessons": [
            ("Antrean kerja dan batas waktu layanan",
             "Setiap permohonan warga menjadi satu berkas di antrean kerja kantor Anda. Antrean hanya menampilkan "
             "berkas dari wilayah kerja Anda, diurutkan menurut batas waktu layanan.\n\n"
             "Batas waktu dihitung dalam hari kerja sejak permohonan diajukan, sesuai standar pelayanan "
             "(UU 25/2009). Untuk layanan Adminduk, dokumen diterbitkan paling lama 1 hari kerja setelah "
             "persyaratan lengkap (Perpres 96/2018).\n\n"
             "Ambil berkas sebelum memeriksanya: berkas yang Anda ambil tercatat atas nama Anda, sehingga tidak "
             "diperiksa dua petugas sekaligus. Lepaskan berkas bila Anda tidak dapat menyelesaikannya."),
            ("Memeriksa persyaratan",
             "Periksa setiap lampiran terhadap persyaratannya: apakah dokumennya benar, terbaca, dan atas nama "
             "orang yang tepat. Tandai setiap lampiran Sesuai atau Tidak sesuai.\n\n"
             "Bila Tidak sesuai, tulis alasan yang dapat dipahami warga, misalnya \"Foto KK terpotong di bagian "
             "anggota keluarga\", bukan sekadar \"tidak jelas\".\n\n"
             "Persetujuan hanya dapat diberikan bila semua persyaratan wajib sudah diperiksa dan sesuai."),
            ("Mengembalikan, menolak, menyetujui",
             "Kembalikan berkas bila ada persyaratan yang kurang atau keliru: jam layanan berhenti sampai warga "
             "memperbaikinya, dan warga menerima pemberitahuan berisi alasan Anda.\n\n"
             "Tolak hanya bila permohonan memang tidak dapat dikabulkan (misalnya bukan kewenangan kantor Anda), "
             "dengan alasan tertulis.\n\n"
             "Setujui bila semua sesuai. Dokumen hasil layanan diterbitkan dengan tanda tangan elektronik dan kode "
             "QR, lalu dapat diunduh warga. Setiap tindakan Anda tercatat dalam riwayat berkas."),
        ],
        "questions": [
            ("Kapan berkas boleh disetujui?", [
                ("Setelah semua persyaratan wajib diperiksa dan sesuai", True),
                ("Segera setelah berkas diambil", False),
                ("Bila warga sudah menunggu lebih dari satu hari", False)]),
            ("Apa yang terjadi pada jam layanan saat berkas dikembalikan untuk perbaikan?", [
                ("Jam layanan tetap berjalan", False),
                ("Jam layanan berhenti sampai warga memperbaikinya", True),
                ("Jam layanan diulang dari nol", False)]),
            ("Alasan pengembalian yang baik adalah …", [
                ("\"Tidak jelas\"", False),
                ("\"Foto KK terpotong di bagian anggota keluarga\"", True),
                ("Tanpa alasan, warga akan menelepon", False)]),
            ("Mengapa berkas diambil sebelum diperiksa?", [
                ("Agar tidak diperiksa dua petugas sekaligus", True),
                ("Agar batas waktunya diperpanjang", False),
                ("Agar warga tidak dapat melihatnya", False)]),
        ],
    },
    {
        "code": "tte-verifikasi", "order": 2, "jp": 3, "pass_mark": 75, "time_limit_minutes": 15,
        "title": "Tanda tangan elektronik dan verifikasi dokumen",
        "title_en": "Electronic signatures and document verification",
        "summary": "Dokumen kependudukan dan surat keputusan ditandatangani secara elektronik (TTE) dan dapat "
                   "diverifikasi siapa pun lewat kode QR.",
        "summary_en": "Population documents and decision letters are signed electronically (TTE) and anyone can "
                      "verify them through their QR code.",
        "lessons": [
            ("TTE tersertifikasi",
             "Tanda tangan elektronik tersertifikasi (TTE) memakai sertifikat dari penyelenggara sertifikasi "
             "elektronik, untuk instansi pemerintah Balai Sertifikasi Elektronik (BSrE, BSSN). TTE tersertifikasi "
             "mempunyai kekuatan hukum yang sah (UU ITE).\n\n"
             "Dokumen Adminduk yang ditandatangani secara elektronik dapat dicetak di kertas HVS biasa; "
             "keasliannya tidak bergantung pada kertas atau cap basah (Permendagri 104/2019)."),
            ("Kode QR dan halaman verifikasi",
             "Setiap dokumen yang diterbitkan Balai memuat kode QR. Memindai kode itu membuka halaman verifikasi "
             "yang menunjukkan nomor, jenis, tanggal terbit, dan status dokumen: berlaku, diganti versi baru, "
             "atau dicabut.\n\n"
             "Halaman verifikasi juga dapat memeriksa berkas PDF yang diunggah: bila isinya berubah satu bita "
             "pun, berkas tidak cocok dengan dokumen yang diterbitkan."),
            ("Saat warga membawa dokumen",
             "Jangan menilai keaslian dari tampilan. Pindai kode QR atau unggah PDF-nya ke halaman verifikasi.\n\n"
             "Bila halaman menyatakan dokumen diganti, mintalah versi terbaru. Bila dicabut atau tidak ditemukan, "
             "dokumen itu tidak dapat dipakai; jelaskan kepada warga dan arahkan ke layanan yang sesuai."),
        ],
        "questions": [
            ("Siapa yang dapat memverifikasi dokumen lewat kode QR?", [
                ("Hanya petugas Dukcapil", False), ("Siapa pun", True), ("Hanya pemilik dokumen", False)]),
            ("Dokumen Adminduk ber-TTE boleh dicetak di …", [
                ("Kertas HVS biasa", True), ("Hanya blangko berhologram", False),
                ("Tidak boleh dicetak", False)]),
            ("Halaman verifikasi menyatakan dokumen \"diganti\". Artinya …", [
                ("Dokumen palsu", False), ("Ada versi yang lebih baru; minta versi itu", True),
                ("Dokumen tetap berlaku selamanya", False)]),
            ("PDF yang diubah satu bita akan …", [
                ("Tetap cocok", False), ("Tidak cocok dengan dokumen yang diterbitkan", True),
                ("Otomatis diperbaiki", False)]),
        ],
    },
    {
        "code": "samsat-opop", "order": 3, "jp": 3, "pass_mark": 75, "time_limit_minutes": 15,
        "title": "Melayani di titik Samsat OPOP",
        "title_en": "Serving at a Samsat OPOP point",
        "summary": "Titik layanan Samsat di pesantren (One Pesantren One Product): menerima pembayaran pajak "
                   "kendaraan tunai, memberi tanda terima, dan menutup hari dengan setoran.",
        "summary_en": "Samsat service points at pesantren (One Pesantren One Product): taking vehicle-tax payments "
                      "in cash, giving receipts, and closing the day with a deposit.",
        "lessons": [
            ("Apa itu Samsat OPOP",
             "Samsat OPOP adalah titik layanan pembayaran pajak kendaraan di pesantren binaan program One "
             "Pesantren One Product Pemerintah Provinsi Jawa Timur. Warga membayar PKB tahunan tanpa harus ke "
             "kantor Samsat.\n\n"
             "Agen di titik layanan mencari tagihan dengan kode bayar atau nomor polisi, lalu menerima uang "
             "tunai sejumlah tagihan — tidak kurang, tidak lebih."),
            ("Tanda terima dan batas uang tunai",
             "Setiap pembayaran menghasilkan tanda terima bernomor dengan kode QR; berikan kepada warga. Bila "
             "koneksi terputus, ulangi dengan tombol yang sama: pembayaran tidak akan tercatat dua kali.\n\n"
             "Setiap titik mempunyai batas uang tunai di tangan. Bila batas tercapai, setor dulu ke bank sebelum "
             "menerima pembayaran berikutnya."),
            ("Menutup hari",
             "Di akhir hari, hitung uang di tangan dan nyatakan setoran ke bank. Supervisor mencocokkan setoran "
             "dengan uang yang diterima bank; selisih dicatat dan diselesaikan dengan alasan.\n\n"
             "Pembatalan pembayaran hanya lewat permintaan yang diputuskan supervisor, tidak pernah dengan "
             "menghapus catatan."),
        ],
        "questions": [
            ("Berapa uang yang diterima agen untuk satu tagihan?", [
                ("Tepat sejumlah tagihan", True), ("Dibulatkan ke atas", False), ("Sesuai kesepakatan", False)]),
            ("Koneksi terputus saat menyimpan pembayaran. Apa yang dilakukan?", [
                ("Catat manual di buku", False), ("Ulangi dengan tombol yang sama; tidak tercatat dua kali", True),
                ("Minta warga membayar lagi", False)]),
            ("Batas uang tunai tercapai. Agen harus …", [
                ("Menyetor ke bank dulu", True), ("Menaikkan batas sendiri", False),
                ("Menyimpan di laci", False)]),
            ("Bagaimana membatalkan pembayaran yang keliru?", [
                ("Menghapus catatannya", False), ("Mengajukan pembatalan yang diputuskan supervisor", True),
                ("Tidak perlu dibatalkan", False)]),
        ],
    },
    {
        "code": "pelindungan-data-pribadi", "order": 4, "jp": 3, "pass_mark": 75, "time_limit_minutes": 15,
        "title": "Pelindungan data pribadi (UU PDP)",
        "title_en": "Personal-data protection (UU PDP)",
        "summary": "Kewajiban petugas menurut UU 27/2022: dasar pemrosesan, data spesifik, hak subjek data, dan "
                   "apa yang dilakukan bila terjadi kebocoran.",
        "summary_en": "An officer's duties under Law 27/2022: the basis for processing, specific data, the data "
                      "subject's rights, and what to do after a breach.",
        "lessons": [
            ("Dasar pemrosesan",
             "UU 27/2022 tentang Pelindungan Data Pribadi (UU PDP) berlaku penuh sejak 17 Oktober 2024. Instansi "
             "pemerintah memproses data pribadi untuk melaksanakan kewenangan berdasarkan peraturan, misalnya "
             "pelayanan administrasi kependudukan.\n\n"
             "Proses hanya data yang diperlukan untuk layanan yang diminta. NIK dan nomor KK ditampilkan tersamar; "
             "membuka NIK lengkap hanya bila perlu, dan setiap pembukaan tercatat dalam log audit."),
            ("Data spesifik dan hak subjek data",
             "Data kesehatan, biometrik, catatan kejahatan, data anak, dan data keuangan pribadi adalah data "
             "pribadi yang bersifat spesifik: perlindungannya lebih ketat.\n\n"
             "Warga berhak mengakses, memperbaiki, dan memperoleh salinan data pribadinya. Di Balai, warga dapat "
             "mengunduh data dirinya dari halaman akun."),
            ("Kebocoran data",
             "Kegagalan pelindungan data pribadi wajib diberitahukan secara tertulis kepada subjek data dan "
             "lembaga pengawas paling lambat 3 × 24 jam.\n\n"
             "Jangan mengirim data warga lewat aplikasi pesan pribadi, jangan memotret layar berisi data warga, "
             "dan laporkan segera kepada atasan bila Anda menduga terjadi kebocoran."),
        ],
        "questions": [
            ("Batas waktu pemberitahuan kegagalan pelindungan data pribadi adalah …", [
                ("3 × 24 jam", True), ("30 hari", False), ("Tidak ada batas", False)]),
            ("Manakah yang termasuk data pribadi spesifik?", [
                ("Data biometrik", True), ("Nama kantor", False), ("Jam buka layanan", False)]),
            ("Kapan NIK lengkap boleh dibuka petugas?", [
                ("Kapan saja", False), ("Bila perlu untuk layanan, dan tercatat di log audit", True),
                ("Tidak pernah", False)]),
            ("Rekan meminta foto layar data warga lewat pesan pribadi. Anda …", [
                ("Mengirimnya", False), ("Menolak dan memakai saluran resmi", True),
                ("Mengirim tanpa NIK", False)]),
        ],
    },
]


def create(apps, schema_editor):
    Course = apps.get_model("asn", "Course")
    Lesson = apps.get_model("asn", "Lesson")
    Question = apps.get_model("asn", "Question")
    Choice = apps.get_model("asn", "Choice")
    for spec in COURSES:
        if Course.objects.filter(code=spec["code"]).exists():
            continue
        course = Course.objects.create(**{k: v for k, v in spec.items() if k not in ("lessons", "questions")})
        for order, (title, body) in enumerate(spec["lessons"], start=1):
            Lesson.objects.create(course=course, order=order, title=title, body=body)
        for order, (text, choices) in enumerate(spec["questions"], start=1):
            question = Question.objects.create(course=course, order=order, text=text)
            for choice_text, correct in choices:
                Choice.objects.create(question=question, text=choice_text, is_correct=correct)


def remove(apps, schema_editor):
    apps.get_model("asn", "Course").objects.filter(code__in=[c["code"] for c in COURSES]).delete()


class Migration(migrations.Migration):
    dependencies = [("asn", "0003_course_english")]
    operations = [migrations.RunPython(create, remove)]
