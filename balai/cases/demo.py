"""Demo data (``balai seed_demo``): two applications of the demo citizen ``warga`` (Surabaya),
one waiting in the queue of the demo officer ``petugas`` and one claimed by her. Idempotent."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile


def demo_pdf(text: str = "Balai demo") -> bytes:
    """A tiny, valid one-page PDF (no fonts needed), for demo and test uploads."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def demo_png(color=(11, 92, 62)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 40), color).save(buffer, format="PNG")
    return buffer.getvalue()


def seed_demo_cases(accounts: list[dict]) -> list[str]:
    from balai.accounts.models import User

    from .selectors import current_version
    from .services import application_act, application_create, application_update_data, attachment_add

    citizen = User.objects.filter(username="warga").first()
    officer = User.objects.filter(username="petugas").first()
    if citizen is None or officer is None:
        return ["demo accounts missing; skipped"]
    lines = []
    plans = [
        ("demo-legalisir", "legalisir", {"jenis_dokumen": "akta_kelahiran", "nomor_dokumen": "3578-LT-01012000-0001",
                                         "jumlah_lembar": 2, "keperluan": "Pendaftaran sekolah anak"}, False),
        ("demo-skpwni", "skpwni", {"alamat_tujuan": "Jl. Ijen 10, RT 002/RW 003, Oro-oro Dowo, Klojen",
                                   "kabupaten_tujuan": "Kota Malang, Jawa Timur", "alasan": "pekerjaan",
                                   "jenis_kepindahan": "kk_semua", "jumlah_pindah": 3}, True),
    ]
    for key, code, data, claim in plans:
        created = application_create(version=current_version(code), by=citizen, idempotency_key=key)
        app = created.application
        if created.created:
            application_update_data(application=app, by=citizen, data=data)
            for req in app.service_version.requirements.filter(required=True, alternative_of__isnull=True):
                upload = SimpleUploadedFile(f"{req.code}.pdf", demo_pdf(req.name[:40]), content_type="application/pdf")
                attachment_add(application=app, requirement_code=req.code, upload=upload, by=citizen)
            application_act(application=app, by=citizen, action="submit", transaction_id=f"{key}-submit")
            if claim:
                application_act(application=app, by=officer, action="claim", transaction_id=f"{key}-claim")
            lines.append(f"application {app.tracking_display} ({code}) for warga; PIN {created.pin}")
        else:
            lines.append(f"application {app.tracking_display} ({code}) already present")
    return lines
