import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from balai.documents.services import document_revoke
from balai.documents.tokens import make_token

from .factories import flip_byte, issue_letter, stored_pdf

PUBLIC_KEYS = {"status", "status_label", "doc_type", "doc_type_label", "number", "issued_on", "issuing_unit",
               "subject_name_masked"}


@pytest.mark.django_db
def test_verify_by_token_returns_only_public_fields(client):
    document = issue_letter(subject_name="Siti Aminah")
    body = client.get(f"/api/documents/verify/{document.token}/").json()
    assert set(body) == PUBLIC_KEYS
    assert body["status"] == "valid" and body["number"] == document.number and body["doc_type"] == "letter"
    assert body["subject_name_masked"] == "S*** A*****" and body["issuing_unit"] == "Dispendukcapil Kota Surabaya"
    assert body["issued_on"] == timezone.localtime(document.issued_at).date().isoformat()


@pytest.mark.django_db
def test_verify_by_token_unknown_and_tampered_are_the_same_404(client):
    document = issue_letter()
    id_part, mac = document.token.split(".")
    answers = [client.get(f"/api/documents/verify/{t}/") for t in
               (f"{id_part}.{mac[::-1]}", make_token(document.pk + 7), "nonsense")]
    assert {a.status_code for a in answers} == {404}
    assert {a.content for a in answers} == {answers[0].content}
    assert answers[0].json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_supersede_and_revoke_show_in_the_api(client, make_staff):
    v1 = issue_letter(subject_id="A-1", doc_type="akta_kelahiran")
    v2 = issue_letter(subject_id="A-1", doc_type="akta_kelahiran", version=2)
    assert client.get(f"/api/documents/verify/{v1.token}/").json()["status"] == "superseded"
    document_revoke(document=v2, by=make_staff(role="supervisor"), reason="Permohonan dibatalkan")
    body = client.get(f"/api/documents/verify/{v2.token}/").json()
    assert body["status"] == "revoked" and set(body) == PUBLIC_KEYS


def _post(client, data: bytes, **extra):
    return client.post("/api/documents/verify-file/",
                       {"file": SimpleUploadedFile("d.pdf", data, content_type="application/pdf"), **extra})


@pytest.mark.django_db
def test_verify_file_original_and_one_flipped_byte(client):
    document = issue_letter()
    original = _post(client, stored_pdf(document)).json()
    assert original["matches_issued_document"] is True and original["signature"]["valid"] is True
    assert original["document"]["number"] == document.number and set(original["document"]) == PUBLIC_KEYS
    assert original["signature"]["trusted"] and original["signature"]["covers_whole_file"]
    tampered = _post(client, flip_byte(stored_pdf(document))).json()
    assert tampered["matches_issued_document"] is False and tampered["document"] is None
    assert tampered["signature"]["present"] is True and tampered["signature"]["intact"] is False
    assert tampered["signature"]["valid"] is False
    with_token = _post(client, flip_byte(stored_pdf(document)), token=document.token).json()
    assert with_token["matches_issued_document"] is False and with_token["document"]["number"] == document.number


@pytest.mark.django_db
def test_verify_file_rejects_non_pdf_large_files_and_bad_tokens(client, settings):
    document = issue_letter()
    not_pdf = _post(client, b"\x89PNG\r\n\x1a\nnot a pdf")
    assert not_pdf.status_code == 400 and not_pdf.json()["error"]["code"] == "not_pdf"
    missing = client.post("/api/documents/verify-file/", {})
    assert missing.status_code == 400 and "file" in missing.json()["error"]["fields"]
    bad_token = _post(client, stored_pdf(document), token="1.AAAAAAAAAAAAAAAA")
    assert bad_token.status_code == 404
    settings.DOCUMENT_VERIFY_MAX_BYTES = 2048
    too_large = _post(client, stored_pdf(document))
    assert too_large.status_code == 413 and too_large.json()["error"]["code"] == "file_too_large"


@pytest.mark.django_db
def test_verify_file_unsigned_or_broken_pdf(client):
    unsigned = _post(client, b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF").json()
    assert unsigned["matches_issued_document"] is False
    assert unsigned["signature"]["present"] is False


@pytest.mark.django_db
def test_verify_file_is_throttled(client):
    from rest_framework.throttling import SimpleRateThrottle

    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {**original, "document_verify_file": "2/min"}
    try:
        codes = [_post(client, b"%PDF-1.4 tiny").status_code for _ in range(3)]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
    assert codes == [200, 200, 429]
