"""Beneficiary accounts (REFERENCE §3.3 split payment, §3.5, §4.5): the provincial treasury, the
38 regency treasuries of Jawa Timur (opsen), Jasa Raharja (SWDKLLJ) and the state treasury (PNBP).
Account numbers are left blank: they come from the cooperation agreement with the cash bank.
Used by migration 0002 and by ``beneficiaries_ensure`` (tests that flush tables)."""

JATIM_REGENCIES = [
    ("3501", "Kabupaten Pacitan"),
    ("3502", "Kabupaten Ponorogo"),
    ("3503", "Kabupaten Trenggalek"),
    ("3504", "Kabupaten Tulungagung"),
    ("3505", "Kabupaten Blitar"),
    ("3506", "Kabupaten Kediri"),
    ("3507", "Kabupaten Malang"),
    ("3508", "Kabupaten Lumajang"),
    ("3509", "Kabupaten Jember"),
    ("3510", "Kabupaten Banyuwangi"),
    ("3511", "Kabupaten Bondowoso"),
    ("3512", "Kabupaten Situbondo"),
    ("3513", "Kabupaten Probolinggo"),
    ("3514", "Kabupaten Pasuruan"),
    ("3515", "Kabupaten Sidoarjo"),
    ("3516", "Kabupaten Mojokerto"),
    ("3517", "Kabupaten Jombang"),
    ("3518", "Kabupaten Nganjuk"),
    ("3519", "Kabupaten Madiun"),
    ("3520", "Kabupaten Magetan"),
    ("3521", "Kabupaten Ngawi"),
    ("3522", "Kabupaten Bojonegoro"),
    ("3523", "Kabupaten Tuban"),
    ("3524", "Kabupaten Lamongan"),
    ("3525", "Kabupaten Gresik"),
    ("3526", "Kabupaten Bangkalan"),
    ("3527", "Kabupaten Sampang"),
    ("3528", "Kabupaten Pamekasan"),
    ("3529", "Kabupaten Sumenep"),
    ("3571", "Kota Kediri"),
    ("3572", "Kota Blitar"),
    ("3573", "Kota Malang"),
    ("3574", "Kota Probolinggo"),
    ("3575", "Kota Pasuruan"),
    ("3576", "Kota Mojokerto"),
    ("3577", "Kota Madiun"),
    ("3578", "Kota Surabaya"),
    ("3579", "Kota Batu"),
]


def beneficiary_rows() -> list[tuple[str, str, str, str, str]]:
    """(code, kind, name, regency_code, bank)"""
    return [
        ("RKUD-35", "rkud_province", "RKUD Provinsi Jawa Timur", "", "Bank Jatim"),
        ("JR-JATIM", "jasa_raharja", "PT Jasa Raharja Cabang Jawa Timur", "", ""),
        ("KAS-NEGARA", "kas_negara", "Kas Negara (PNBP Polri)", "", ""),
    ] + [(f"RKUD-{code}", "rkud_regency", f"RKUD {name}", code, "Bank Jatim") for code, name in JATIM_REGENCIES]


def beneficiaries_ensure(model=None) -> None:
    if model is None:
        from .models import Beneficiary as model
    for code, kind, name, regency_code, bank in beneficiary_rows():
        model.objects.get_or_create(code=code, defaults={"kind": kind, "name": name,
                                                         "regency_code": regency_code, "bank_name": bank})
