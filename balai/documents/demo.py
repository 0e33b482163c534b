"""Demo data: one signed letter for the demo citizen ``warga`` (idempotent), so `make run` shows a
document that can be downloaded and verified by QR and by upload."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model

DEMO_UNIT = "Dispendukcapil Kota Surabaya"


def seed_documents(accounts: list[dict]) -> list[str]:
    from .services import document_issue
    from .signers import NotConfigured, get_signer

    user = get_user_model().objects.filter(username="warga").select_related("citizen__village__parent__parent").first()
    if user is None:
        return []
    try:
        get_signer()
    except NotConfigured as exc:
        return [f"no demo document: {exc}"]
    citizen = getattr(user, "citizen", None)
    address = ""
    if citizen is not None:
        village = citizen.village
        address = (f"{citizen.street}, RT {citizen.rt}/RW {citizen.rw}, {village.name}, Kec. {village.parent.name}, "
                   f"{village.parent.parent.name}")
    document = document_issue(
        doc_type="letter", subject_type="demo", subject_id=f"domisili-{user.pk}",
        template="documents/pdf/letter.html", issuing_unit=DEMO_UNIT, subject_name=user.full_name, owner=user,
        signer_name="Ir. Bambang Sutopo, M.Si. (contoh)", signer_nip="197403242006041015",
        signer_title="Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Surabaya",
        context={
            "title": "Surat Keterangan Domisili (contoh demo)",
            "opening": "Yang bertanda tangan di bawah ini menerangkan bahwa:",
            "facts": [["Nama", user.full_name], ["NIK", citizen.nik if citizen else "-"], ["Alamat", address]],
            "paragraphs": ["benar berdomisili di alamat tersebut di atas.",
                           "Surat ini adalah contoh data demo Balai dan tidak berlaku untuk keperluan apa pun."],
            "closing": "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.",
            "place": "Surabaya",
        })
    return [
        f"demo letter {document.number} for warga ({document.get_status_display()})",
        f"  download (log in as warga): {settings.PUBLIC_BASE_URL}{document.download_path}",
        f"  verify (QR URL): {document.verify_url}",
    ]
