import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from balai.core.models import Counter
from balai.documents.models import Document
from balai.documents.pki import ensure_dev_pki
from balai.documents.signers import NotConfigured, get_signer, reset_signer_cache
from balai.documents.verification import check_file

from .factories import flip_byte, issue_letter, stored_pdf


def _validate(pdf: bytes, ca_path):
    reader = PdfFileReader(io.BytesIO(pdf))
    assert len(reader.embedded_signatures) == 1
    return validate_pdf_signature(reader.embedded_signatures[0],
                                  ValidationContext(trust_roots=[load_cert_from_pemder(str(ca_path))],
                                                    allow_fetching=False))


@pytest.mark.django_db
def test_signature_validates_with_pyhanko_against_the_dev_ca(signing_pki):
    # given a letter issued through the service
    document = issue_letter()
    pdf = stored_pdf(document)
    # when pyHanko validates it against the development CA only
    status = _validate(pdf, signing_pki.ca_cert)
    # then it is intact, valid, trusted and covers the whole file
    assert (status.intact, status.valid, status.trusted, status.bottom_line) == (True, True, True, True)
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert "/ETSI.CAdES.detached" in str(PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0].sig_object["/SubFilter"])
    assert status.signing_cert.subject.human_friendly == document.certificate_subject


@pytest.mark.django_db
def test_flipping_one_byte_breaks_the_signature(signing_pki):
    document = issue_letter()
    tampered = flip_byte(stored_pdf(document))
    status = _validate(tampered, signing_pki.ca_cert)
    assert status.intact is False and status.bottom_line is False
    check = check_file(tampered, expected=document)
    assert check.matches is False and check.signature.present and not check.signature.valid


@pytest.mark.django_db
def test_another_ca_is_not_trusted(tmp_path):
    document = issue_letter()
    other = ensure_dev_pki(tmp_path / "other")
    status = _validate(stored_pdf(document), other.ca_cert)
    assert status.intact is True and status.trusted is False and status.bottom_line is False


@pytest.mark.django_db
def test_pdf_is_pdfa3b_with_embedded_fonts_and_stays_pdf_1_7():
    import subprocess

    pdf = stored_pdf(issue_letter())
    assert pdf.startswith(b"%PDF-1.7")
    reader = PdfFileReader(io.BytesIO(pdf))
    xmp = reader.root["/Metadata"].data.decode()
    assert re.search(r"pdfaid:part[^0-9]{1,3}3", xmp) and re.search(r"pdfaid:conformance[^A-Z]{1,3}B", xmp), xmp
    # pyHanko would raise the catalog to PDF 2.0 for ECDSA (ISO/TS 32002); the signer keeps 1.7.
    assert "/Version" not in reader.root or str(reader.root["/Version"]) != "/2.0"
    assert "/ESIC" in str(reader.root["/Extensions"])
    fonts = subprocess.run(["pdffonts", "-"],  # noqa: S607
                           input=pdf, capture_output=True, check=True).stdout.decode()
    rows = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all("DejaVu" in row for row in rows)
    assert all(row.split()[-5] == "yes" for row in rows), fonts  # "emb" column


@pytest.mark.django_db
def test_visible_stamp_names_signer_and_time():
    import subprocess

    document = issue_letter()
    text = subprocess.run(["pdftotext", "-layout", "-", "-"],  # noqa: S607
                          input=stored_pdf(document), capture_output=True, check=True).stdout.decode()
    assert "Ditandatangani secara elektronik oleh:" in text
    assert "Drs. Budi Santoso" in text and "NIP 197403242006041015" in text
    assert "Waktu:" in text and "WIB" in text


def test_init_signing_is_idempotent(tmp_path, settings):
    target = tmp_path / "signing"
    call_command("init_signing", dir=str(target), verbosity=0)
    first = {p.name: p.read_bytes() for p in target.iterdir()}
    assert set(first) == {"ca.key.pem", "ca.cert.pem", "signer.key.pem", "signer.cert.pem"}
    assert (target / "signer.key.pem").stat().st_mode & 0o077 == 0
    call_command("init_signing", dir=str(target), verbosity=0)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == first
    call_command("init_signing", dir=str(target), force=True, verbosity=0)
    assert (target / "signer.key.pem").read_bytes() != first["signer.key.pem"]


def test_a_signer_the_ca_did_not_sign_is_renewed(tmp_path):
    """The CA files were replaced by another CA of the same name: the signer no longer verifies
    (InvalidSignature) and is issued again under the CA on disk."""
    from cryptography import x509

    pki, other = ensure_dev_pki(tmp_path / "a"), ensure_dev_pki(tmp_path / "b")
    for name in ("ca.key.pem", "ca.cert.pem"):
        (pki.directory / name).write_bytes((other.directory / name).read_bytes())
    assert ensure_dev_pki(pki.directory).created
    ca = x509.load_pem_x509_certificate(pki.ca_cert.read_bytes())
    x509.load_pem_x509_certificate(pki.signer_cert.read_bytes()).verify_directly_issued_by(ca)


@pytest.mark.django_db
def test_bsre_plugin_point_refuses_clearly_and_spends_no_number():
    reset_signer_cache()
    with override_settings(DOCUMENT_SIGNER="bsre"):
        with pytest.raises(NotConfigured, match="BSrE"):
            get_signer()
        with pytest.raises(NotConfigured):
            issue_letter()
    reset_signer_cache()
    assert not Document.objects.exists()
    assert not Counter.objects.filter(key__startswith="doc:").exists()


@pytest.mark.django_db
def test_missing_key_files_say_to_run_init_signing(tmp_path):
    reset_signer_cache()
    with override_settings(DOCUMENT_SIGNING_KEY=str(tmp_path / "nope.pem")), \
            pytest.raises(NotConfigured, match="init_signing"):
        get_signer()
    reset_signer_cache()
