"""English of civil's application forms, which are code (``handlers.py``): Indonesian label, help or
choice as written there → English, registered with ``balai.cases.catalogue_text``.
A text missing here shows in Indonesian on English pages (``web/tests/test_english.py`` finds it)."""

FORM_ENGLISH: dict[str, str] = {
    # address
    "Alamat (jalan, nomor)": "Address (street, number)",
    "Kode desa/kelurahan (10 digit, Kemendagri)": "Village code (10 digits, Ministry of Home Affairs)",
    "Contoh: 3578081001 untuk Kelurahan Airlangga, Gubeng, Surabaya.":
        "Example: 3578081001 for Kelurahan Airlangga, Gubeng, Surabaya.",
    "Kode pos": "Postcode",
    # birth
    "Nama anak": "Child's name",
    "Satu nama saja juga boleh.": "A single name is fine too.",
    "Jenis kelamin": "Sex",
    "Laki-laki": "Male",
    "Perempuan": "Female",
    "Tanggal lahir": "Date of birth",
    "Jam lahir (JJ:MM)": "Time of birth (HH:MM)",
    "Tempat lahir (kota/kabupaten)": "Place of birth (city/regency)",
    "Agama": "Religion",
    "Kristen": "Christian (Protestant)",
    "Katolik": "Catholic",
    "Buddha": "Buddhist",
    "Khonghucu": "Confucian",
    "Kepercayaan terhadap Tuhan YME": "Belief in One Almighty God (Kepercayaan)",
    "NIK ibu": "Mother's NIK",
    "NIK ayah": "Father's NIK",
    "Bukti kelahiran": "Proof of birth",
    "Surat keterangan lahir (rumah sakit/bidan/puskesmas/kepala desa)":
        "Birth letter (hospital/midwife/community health centre/village head)",
    "SPTJM kebenaran data kelahiran dengan 2 saksi": "SPTJM (sworn statement) on the birth data with 2 witnesses",
    "Bukti perkawinan orang tua": "Proof of the parents' marriage",
    "Buku nikah / akta perkawinan": "Marriage book / marriage certificate",
    "SPTJM kebenaran sebagai pasangan suami-istri (KK sudah mencatat kawin)":
        "SPTJM (sworn statement) of being husband and wife (the family card already records them as married)",
    "Tidak ada: anak dicatat sebagai anak seorang ibu": "None: the child is registered as the child of the mother only",
    # new family card
    "NIK suami/istri": "Spouse's NIK",
    "Kepala keluarga": "Head of the family",
    "Saya (pemohon)": "Me (the applicant)",
    "Suami/istri": "My spouse",
    "Tanggal perkawinan": "Date of marriage",
    "Nomor buku nikah / akta perkawinan": "Marriage book / marriage certificate number",
    # change of data
    "NIK anggota keluarga yang datanya berubah": "NIK of the family member whose data changed",
    "Data yang berubah": "Data that changed",
    "Pendidikan": "Education",
    "Pekerjaan": "Occupation",
    "Status perkawinan": "Marital status",
    "Alamat (dalam Jawa Timur)": "Address (within East Java)",
    "Nama (sesuai akta)": "Name (per certificate)",
    "Tempat lahir (sesuai akta)": "Place of birth (per certificate)",
    "Tanggal lahir (sesuai akta)": "Date of birth (per certificate)",
    "Data baru (pendidikan, pekerjaan, status perkawinan, nama, tempat lahir)":
        "New data (education, occupation, marital status, name, place of birth)",
    "Nama dan tempat lahir ditulis persis seperti di akta kelahiran, yang diunggah sebagai dokumen pendukung.":
        "Write the name and the place of birth exactly as on the birth certificate, which you upload as the "
        "supporting document.",
    "Tanggal lahir yang benar (sesuai akta kelahiran)": "The correct date of birth (as on the birth certificate)",
    "Data baru": "New data",
    # replacement
    "Alasan": "Reason",
    "Hilang": "Lost",
    "Rusak": "Damaged",
    # KTP-el
    "Tanggal yang Anda inginkan untuk datang ke Disdukcapil": "The date you would like to come to the Disdukcapil",
    "Bila kuota hari itu penuh, Anda mendapat hari kerja berikutnya yang masih tersedia.":
        "If that day is fully booked, you get the next working day with a free place.",
}
