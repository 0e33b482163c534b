from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from django.core.files.storage import default_storage

from balai.documents.services import document_issue, receipt_issue

UNIT = "Dispendukcapil Kota Surabaya"


def issue_letter(**overrides):
    kwargs = {
        "doc_type": "letter", "subject_type": "test", "subject_id": "S-1", "version": 1,
        "template": "documents/pdf/letter.html", "issuing_unit": UNIT, "subject_name": "Siti Aminah",
        "signer_name": "Drs. Budi Santoso", "signer_title": "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        "signer_nip": "197403242006041015",
        "context": {"title": "Surat Keterangan", "opening": "Yang bertanda tangan di bawah ini menerangkan bahwa:",
                    "facts": [["Nama", "Siti Aminah"], ["Alamat", "Jl. Kenanga 3, Gubeng, Surabaya"]],
                    "paragraphs": ["benar warga Kota Surabaya."], "place": "Surabaya"},
    }
    kwargs.update(overrides)
    return document_issue(**kwargs)


def issue_receipt(**overrides):
    from django.utils import timezone

    kwargs = {
        "subject_type": "bill", "subject_id": "BILL-1", "receipt_number": "KW-2026-000123",
        "payer_name": "Sutrisno", "lines": [{"label": "PKB pokok", "amount": 1_250_000},
                                            {"label": "Opsen PKB", "amount": 825_000},
                                            {"label": "SWDKLLJ", "amount": 35_000}],
        "total": 2_110_000, "paid_at": timezone.now(), "channel": "Tunai — Samsat OPOP Al-Hikmah",
        "issuing_unit": "UPT PPD Surabaya Timur", "extra": {"Nopol": "L 1234 AB"},
    }
    kwargs.update(overrides)
    return receipt_issue(**kwargs)


def stored_pdf(document) -> bytes:
    with default_storage.open(document.storage_key, "rb") as handle:
        return handle.read()


def flip_byte(data: bytes, *, at: int | None = None) -> bytes:
    """Flip one bit of one byte in the middle of the signed content (not inside /Contents)."""
    index = len(data) // 3 if at is None else at
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1:]


def pdf_to_pngs(pdf: bytes, out_dir: Path, prefix: str, dpi: int = 150) -> list[Path]:
    """Render every page to ``out_dir/<prefix>-<n>.png`` and return exactly those pages.

    pdftoppm renders into a private temporary folder first: tests on other xdist workers use
    prefixes that are extensions of one another ("letter-a4" and "letter-a4-long"), so cleaning
    or globbing the shared artifact folder by prefix would race between them.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir) as scratch:
        pdf_path = Path(scratch) / "page.pdf"
        pdf_path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf_path), str(Path(scratch) / "page")],  # noqa: S603, S607
                       check=True, timeout=60)
        rendered = sorted(Path(scratch).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        (out_dir / f"{prefix}.pdf").write_bytes(pdf)
        pages = []
        for number, page in enumerate(rendered, start=1):
            target = out_dir / f"{prefix}-{number}.png"
            os.replace(page, target)
            pages.append(target)
    return pages


def decode_qr(png: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [r.text for r in zxingcpp.read_barcodes(Image.open(png)) if r.format == zxingcpp.BarcodeFormat.QRCode]
