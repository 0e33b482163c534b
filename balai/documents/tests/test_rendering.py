"""Rendered pages: every template this app ships is turned into PNG pages with pdftoppm and kept
under var/test-artifacts/ for people to look at; the QR code on them decodes to the verify URL."""

import subprocess

import pytest

from balai.conftest import ARTIFACT_DIR, have_tool
from balai.documents.rendering import qr_data_uri

from .factories import decode_qr, issue_letter, issue_receipt, pdf_to_pngs, stored_pdf

pytestmark = pytest.mark.skipif(not have_tool("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")


@pytest.mark.django_db
def test_qr_in_the_rendered_letter_decodes_to_the_verification_url():
    document = issue_letter()
    pages = pdf_to_pngs(stored_pdf(document), ARTIFACT_DIR, "documents-letter-a4")
    assert len(pages) == 1 and pages[0].stat().st_size > 10_000
    assert decode_qr(pages[0]) == [document.verify_url]


@pytest.mark.django_db
def test_qr_in_the_58mm_receipt_decodes_to_the_verification_url():
    receipt = issue_receipt()
    pages = pdf_to_pngs(stored_pdf(receipt), ARTIFACT_DIR, "documents-payment-receipt-58mm")
    assert len(pages) == 1
    assert decode_qr(pages[0]) == [receipt.verify_url]


@pytest.mark.django_db
def test_a_long_letter_breaks_pages_and_keeps_the_signature_block_on_the_last():
    document = issue_letter(subject_id="LONG", context={
        "title": "Surat Keterangan Panjang",
        "paragraphs": [f"Paragraf {i}: " + "isi surat yang panjang untuk menguji pemisahan halaman. " * 8
                       for i in range(1, 16)],
        "facts": [[f"Butir {i}", f"Nilai {i}"] for i in range(1, 11)]})
    pages = pdf_to_pngs(stored_pdf(document), ARTIFACT_DIR, "documents-letter-a4-long")
    assert len(pages) >= 2
    assert decode_qr(pages[-1]) == [document.verify_url]


def test_qr_data_uri_is_a_small_png():
    uri = qr_data_uri("http://127.0.0.1:8000/verifikasi/1.abc/")
    assert uri.startswith("data:image/png;base64,") and len(uri) < 2_000


def test_the_shipped_latin_fonts_are_embedded_and_other_scripts_fall_back_to_system_dejavu(tmp_path):
    from balai.documents.rendering import html_to_pdf

    html = ('<html><head><meta name="balai-stylesheet" content="documents/pdf/fonts.css">'
            '<meta name="balai-stylesheet" content="documents/pdf/a4.css"></head>'
            '<body><p>Surat keterangan — “Siti” <b>tebal</b> <i>miring</i> ✓</p><p>Жанна</p></body></html>')
    path = tmp_path / "fonts.pdf"
    path.write_bytes(html_to_pdf(html))
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    fonts = {line.split()[0].split("+", 1)[-1]: line.split()[-5:-2] for line in listing.splitlines()[2:]}
    assert {"DejaVu-Sans-Latin", "DejaVu-Sans-Latin-Bold", "DejaVu-Sans-Latin-Italic"} <= set(fonts), fonts
    assert "DejaVu-Sans" in fonts  # Cyrillic is not in the shipped subset: the system DejaVu Sans prints it
    assert all(flags == ["yes", "yes", "yes"] for flags in fonts.values())  # embedded, subset, ToUnicode
