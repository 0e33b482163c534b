import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from balai.core.models import AuditEntry
from balai.documents import services
from balai.documents.models import Document, Status
from balai.documents.services import document_issue_async, document_revoke
from balai.documents.tokens import make_token, parse_token

from .factories import issue_letter, issue_receipt, stored_pdf


def _stored_files(media_root):
    return sorted(p for p in media_root.rglob("*.pdf"))


@pytest.mark.django_db
def test_issue_stores_signed_pdf_with_hash_number_and_audit():
    document = issue_letter()
    assert document.status == Status.VALID
    assert document.number.startswith("0001/SRT/DKS/")
    assert document.number.endswith(f"/{document.issued_at.year}")
    pdf = stored_pdf(document)
    import hashlib

    assert hashlib.sha256(pdf).hexdigest() == document.sha256 and len(pdf) == document.size
    assert document.signer_plugin == "local" and document.certificate_serial
    entry = AuditEntry.objects.get(action="document.issued", object_id=str(document.pk))
    assert entry.data["number"] == document.number


@pytest.mark.django_db
def test_same_call_twice_returns_the_same_document(media_root):
    before = len(_stored_files(media_root))
    first = issue_letter(subject_id="IDEM")
    second = issue_letter(subject_id="IDEM", context={"title": "Lain"})
    assert first.pk == second.pk and first.sha256 == second.sha256
    assert Document.objects.filter(subject_id="IDEM").count() == 1
    assert len(_stored_files(media_root)) == before + 1


@pytest.mark.django_db
def test_numbers_count_per_type_unit_and_year_and_follow_configured_format():
    a = issue_letter(subject_id="N1")
    b = issue_letter(subject_id="N2")
    other_unit = issue_letter(subject_id="N3", issuing_unit="Dispendukcapil Kabupaten Malang")
    assert a.number.split("/")[0] == "0001" and b.number.split("/")[0] == "0002"
    assert other_unit.number.startswith("0001/SRT/DKM/")
    with override_settings(DOCUMENT_NUMBER_FORMATS={"letter": "470/{seq}/{unit}/{prefix}/{year}"},
                           DOCUMENT_UNIT_CODES={"Dispendukcapil Kota Surabaya": "436.7.11"}):
        c = issue_letter(subject_id="N4")
    assert c.number == f"470/1/436.7.11/SRT/{c.issued_at.year}"
    with override_settings(DOCUMENT_NUMBER_FORMATS={"letter": "{prefix}/{seq}"}), pytest.raises(Exception, match="lacks"):
        issue_letter(subject_id="N5")


@pytest.mark.django_db
def test_new_version_supersedes_previous_valid_one():
    v1 = issue_letter(subject_id="KK-1", doc_type="kk")
    v2 = issue_letter(subject_id="KK-1", doc_type="kk", version=2)
    v1.refresh_from_db()
    assert v1.status == Status.SUPERSEDED and v1.superseded_by_id == v2.pk and v1.superseded_at
    assert v2.status == Status.VALID
    assert AuditEntry.objects.filter(action="document.superseded", object_id=str(v1.pk)).exists()
    # another subject's document of the same type is untouched
    other = issue_letter(subject_id="KK-2", doc_type="kk")
    assert other.status == Status.VALID
    v2.refresh_from_db()
    assert v2.status == Status.VALID


@pytest.mark.django_db
def test_late_retry_of_an_older_version_does_not_supersede_the_newer():
    v2 = issue_letter(subject_id="KK-9", doc_type="kk", version=2)
    v1 = issue_letter(subject_id="KK-9", doc_type="kk", version=1)
    v2.refresh_from_db()
    assert v2.status == Status.VALID
    assert v1.status == Status.SUPERSEDED and v1.superseded_by_id == v2.pk


@pytest.mark.django_db
def test_crash_after_reserving_is_completed_by_the_retry_with_the_same_number(monkeypatch, client):
    real = services._render_and_sign

    def crash(*args, **kwargs):
        raise RuntimeError("worker died")

    monkeypatch.setattr(services, "_render_and_sign", crash)
    with pytest.raises(RuntimeError):
        issue_letter(subject_id="CRASH")
    half = Document.objects.get(subject_id="CRASH")
    assert half.status == Status.ISSUING and not half.sha256
    # an unfinished document is "not found" for the public
    assert client.get(f"/verifikasi/{half.token}/").status_code == 404
    monkeypatch.setattr(services, "_render_and_sign", real)
    done = issue_letter(subject_id="CRASH")
    assert done.pk == half.pk and done.number == half.number and done.status == Status.VALID


@pytest.mark.django_db
def test_revoke_needs_a_supervisor_and_a_reason(make_staff):
    document = issue_letter(subject_id="REV")
    officer = make_staff(role="officer")
    supervisor = make_staff(role="supervisor")
    with pytest.raises(PermissionDenied):
        document_revoke(document=document, by=officer, reason="Data salah ketik")
    with pytest.raises(ValidationError):
        document_revoke(document=document, by=supervisor, reason="  ")
    revoked = document_revoke(document=document, by=supervisor, reason="Data salah ketik pada nama")
    assert revoked.status == Status.REVOKED and revoked.revoked_by == supervisor
    assert revoked.revocation_reason == "Data salah ketik pada nama"
    assert AuditEntry.objects.get(action="document.revoked").actor == supervisor
    with pytest.raises(ValidationError):
        document_revoke(document=document, by=supervisor, reason="sekali lagi dicabut")


@pytest.mark.django_db
def test_receipt_is_58mm_and_checks_its_sum():
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    receipt = issue_receipt()
    assert receipt.doc_type == "payment_receipt" and receipt.paper == "receipt58"
    assert receipt.number.startswith("KWT/") and receipt.subject_name == "Sutrisno"
    box = PdfFileReader(io.BytesIO(stored_pdf(receipt))).root["/Pages"]["/Kids"][0]["/MediaBox"]
    width_mm = float(box[2] - box[0]) / 72 * 25.4
    assert abs(width_mm - 58) < 0.1
    assert 90 < float(box[3] - box[1]) / 72 * 25.4 < 250  # cut to its content, not the 600 mm template page
    with pytest.raises(ValidationError):
        issue_receipt(subject_id="BILL-2", total=2_000_000)
    with pytest.raises(ValidationError):
        issue_receipt(subject_id="BILL-3", lines=[{"label": "PKB", "amount": 10.5}], total=10.5)


@pytest.mark.django_db
def test_bad_arguments_are_refused_before_anything_is_written():
    with pytest.raises(ValidationError):
        issue_letter(doc_type="passport")
    with pytest.raises(ValidationError):
        issue_letter(version=0)
    with pytest.raises(ValidationError):
        issue_letter(paper="a3")
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_async_issue_runs_the_task_after_commit(django_capture_on_commit_callbacks, make_citizen):
    owner = make_citizen()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document_issue_async(doc_type="application_receipt", subject_type="case", subject_id="C-77",
                             template="documents/pdf/letter.html", context={"title": "Tanda terima"},
                             issuing_unit="Dispendukcapil Kota Surabaya", subject_name=owner.full_name, owner=owner)
        assert not Document.objects.filter(subject_id="C-77").exists()  # nothing before commit
    assert len(callbacks) == 1
    document = Document.objects.get(subject_id="C-77")
    assert document.owner == owner and document.status == Status.VALID
    with pytest.raises(TypeError):
        document_issue_async(doc_type="letter", subject_type="case", subject_id="C-78", template="x",
                             context={"when": dt.date(2026, 1, 1)}, issuing_unit="X")


@pytest.mark.django_db
def test_tokens_are_compact_and_reject_tampering():
    token = make_token(12345)
    assert parse_token(token) == 12345
    assert len(token) <= 24
    id_part, mac = token.split(".")
    assert parse_token(f"{id_part}.{mac[:-1]}{'A' if mac[-1] != 'A' else 'B'}") is None
    assert parse_token(f"{make_token(12346).split('.')[0]}.{mac}") is None
    assert parse_token("0" + token) is None  # no second spelling of the same id
    for junk in ("", ".", "abc", "1.", "-1.xx", "x" * 100, "1.2.3"):
        assert parse_token(junk) is None


@pytest.mark.django_db
def test_properties_for_other_apps():
    document = issue_letter(subject_name="Siti Aminah")
    assert document.verify_url.startswith("http") and document.verify_url.endswith(f"/verifikasi/{document.token}/")
    assert document.download_path == f"/dokumen/{document.pk}/unduh/"
    assert document.subject_name_masked == "S*** A*****"
