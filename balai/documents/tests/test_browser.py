"""Journey: the QR code on a rendered document, decoded from its PNG, opens the verification page
in Chromium; the page passes an axe audit, and the PDF uploaded through the page checks out."""

import pytest

from balai.conftest import ARTIFACT_DIR, have_tool

from .factories import decode_qr, issue_letter, pdf_to_pngs, stored_pdf


@pytest.mark.browser
@pytest.mark.skipif(not have_tool("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
def test_qr_url_opens_an_accessible_verification_page(new_page, axe, live_server, settings, tmp_path):
    # given a document whose QR points at this test server
    settings.PUBLIC_BASE_URL = live_server.url
    document = issue_letter(subject_name="Siti Aminah")
    [url] = decode_qr(pdf_to_pngs(stored_pdf(document), ARTIFACT_DIR, "documents-browser-letter")[0])
    assert url.startswith(live_server.url + "/verifikasi/")

    # when a phone (and a desktop) opens the URL from the QR
    page = new_page()
    page.goto(url)

    # then it shows the valid status and the public facts only, and passes axe
    assert page.get_by_role("heading", level=1).inner_text() == "Verifikasi dokumen"
    assert "Dokumen sah dan berlaku" in page.get_by_role("status").first.inner_text()
    body = page.locator("main").inner_text()
    assert document.number in body and "S*** A*****" in body and "Siti Aminah" not in body
    assert axe(page, "documents-verify-phone") == []

    # and the downloaded PDF uploaded through the page is confirmed byte for byte
    pdf_path = tmp_path / "dokumen.pdf"
    pdf_path.write_bytes(stored_pdf(document))
    page.get_by_label("Berkas PDF").set_input_files(str(pdf_path))
    page.get_by_role("button", name="Periksa berkas").click()
    result = page.locator("#hasil")
    result.wait_for()
    assert "sama persis" in result.inner_text() and "Tanda tangan elektronik sah" in result.inner_text()
    assert axe(page, "documents-verify-result-phone") == []


@pytest.mark.browser
def test_not_found_page_is_accessible(new_page, axe):
    page = new_page()
    page.goto("/verifikasi/1.AAAAAAAAAAAAAAAA/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dokumen tidak ditemukan"
    assert axe(page, "documents-verify-not-found") == []
