import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from balai.conftest import totp_code
from balai.core.models import AuditEntry
from balai.documents.services import document_revoke
from balai.documents.tokens import make_token

from .factories import flip_byte, issue_letter, stored_pdf


def _upload(client, url, data: bytes, name="dokumen.pdf"):
    return client.post(url, {"file": SimpleUploadedFile(name, data, content_type="application/pdf")})


@pytest.mark.django_db
def test_verification_page_shows_only_public_facts(client):
    document = issue_letter(subject_name="Siti Aminah")
    response = client.get(f"/verifikasi/{document.token}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dokumen sah dan berlaku" in html
    for fact in (document.number, "Surat", "Dispendukcapil Kota Surabaya", "S*** A*****"):
        assert fact in html
    assert "Siti Aminah" not in html and "Jl. Kenanga" not in html and "Budi Santoso" not in html
    assert response["X-Robots-Tag"] == "noindex"


@pytest.mark.django_db
def test_unknown_and_tampered_tokens_get_the_same_not_found_page(client):
    document = issue_letter()
    id_part, mac = document.token.split(".")
    tampered = f"{id_part}.{mac[::-1]}"
    unknown = make_token(document.pk + 1000)
    pages = [client.get(f"/verifikasi/{t}/") for t in (tampered, unknown, "garbage", f"{id_part}.")]
    assert {p.status_code for p in pages} == {404}
    # the <main> part (the page shell carries the request path in the language form)
    bodies = {p.content.decode().split("<main", 1)[1].split("</main>", 1)[0] for p in pages}
    assert len(bodies) == 1 and "Dokumen tidak ditemukan" in bodies.pop()
    for p in pages:
        assert document.number.encode() not in p.content


@pytest.mark.django_db
def test_supersede_and_revoke_show_on_the_page(client, make_staff):
    v1 = issue_letter(subject_id="KK-5", doc_type="kk")
    v2 = issue_letter(subject_id="KK-5", doc_type="kk", version=2)
    page = client.get(f"/verifikasi/{v1.token}/").content.decode()
    assert "Dokumen sudah digantikan" in page and "Dokumen sah" not in page
    assert "Dokumen sah dan berlaku" in client.get(f"/verifikasi/{v2.token}/").content.decode()
    document_revoke(document=v2, by=make_staff(role="supervisor"), reason="Diterbitkan atas data yang keliru")
    page = client.get(f"/verifikasi/{v2.token}/").content.decode()
    assert "Dokumen dicabut" in page and "Dokumen sah" not in page
    assert "data yang keliru" not in page  # the reason stays internal


@pytest.mark.django_db
def test_upload_on_the_page_checks_bytes_and_signature(client):
    document = issue_letter()
    url = f"/verifikasi/{document.token}/"
    good = _upload(client, url, stored_pdf(document)).content.decode()
    assert "sama persis" in good and "Tanda tangan elektronik sah" in good
    bad = _upload(client, url, flip_byte(stored_pdf(document))).content.decode()
    assert "BUKAN berkas yang diterbitkan" in bad and "telah diubah setelah ditandatangani" in bad
    not_pdf = _upload(client, url, b"GIF89a not a pdf at all", name="foto.gif").content.decode()
    assert "Berkas ini bukan PDF" in not_pdf


@pytest.mark.django_db
def test_upload_without_token_finds_the_document_by_hash(client, settings):
    document = issue_letter()
    page = _upload(client, "/verifikasi/", stored_pdf(document)).content.decode()
    assert "sama persis" in page and document.number in page
    page = _upload(client, "/verifikasi/", flip_byte(stored_pdf(document))).content.decode()
    assert "tidak cocok dengan dokumen mana pun" in page and document.number not in page
    settings.DOCUMENT_VERIFY_MAX_BYTES = 1024
    page = _upload(client, "/verifikasi/", stored_pdf(document)).content.decode()
    assert "Berkas terlalu besar" in page


def _staff_login(make_staff, role: str):
    user = make_staff(role=role)
    staff = Client()
    assert staff.post("/masuk/", {"username": user.username, "password": user.raw_password}).status_code == 302
    assert staff.post("/masuk/verifikasi/", {"code": totp_code(user)}).status_code == 302
    return staff, user


@pytest.mark.django_db
def test_download_for_owner_and_staff_only_and_audited(client, make_citizen, make_staff, monkeypatch):
    from balai.documents import selectors

    # the factory's subject type "test" has no jurisdiction: open to staff, as "demo" is
    monkeypatch.setitem(selectors._STAFF_SCOPES, "test", selectors.open_to_staff)
    owner, other = make_citizen(), make_citizen()
    document = issue_letter(owner=owner)
    url = document.download_path

    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(other)
    assert client.get(url).status_code == 404  # another citizen: as if it did not exist
    client.force_login(owner)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == stored_pdf(document)
    assert "attachment" in response["Content-Disposition"] and "private" in response["Cache-Control"]

    officer_client, officer = _staff_login(make_staff, "officer")
    assert officer_client.get(url).status_code == 200
    supervisor_client, supervisor = _staff_login(make_staff, "supervisor")
    assert supervisor_client.get(url).status_code == 200
    agent_client, _ = _staff_login(make_staff, "agent")
    assert agent_client.get(url).status_code == 404
    downloads = AuditEntry.objects.filter(action="document.downloaded", object_id=str(document.pk))
    assert sorted(e.actor_id for e in downloads) == sorted([owner.pk, officer.pk, supervisor.pk])


@pytest.mark.django_db
def test_staff_without_second_factor_cannot_download(make_citizen, make_staff):
    document = issue_letter(owner=make_citizen())
    officer = make_staff(role="officer")
    half = Client()
    half.force_login(officer)  # a session that never passed TOTP
    assert half.get(document.download_path).status_code == 404


@pytest.mark.django_db
def test_my_documents_lists_own_documents(client, make_citizen):
    owner, other = make_citizen(), make_citizen()
    mine = issue_letter(owner=owner, subject_id="MINE")
    theirs = issue_letter(owner=other, subject_id="THEIRS")
    client.force_login(owner)
    html = client.get("/dokumen/").content.decode()
    assert mine.number in html and mine.download_path in html and theirs.number not in html


@pytest.mark.django_db
def test_verification_page_in_english(client):
    document = issue_letter()
    english = Client()
    english.cookies["django_language"] = "en"
    html = english.get(f"/verifikasi/{document.token}/").content.decode()
    assert "Document is valid and in force" in html and "Check a PDF file" in html


@pytest.mark.django_db
def test_admin_revoke_action_for_supervisor(staff_client):
    from django.contrib.auth.models import Permission

    document = issue_letter(subject_id="ADM")
    client, supervisor = staff_client("supervisor")
    supervisor.is_staff = True
    supervisor.save(update_fields=["is_staff"])
    supervisor.user_permissions.add(Permission.objects.get(codename="view_document"))
    changelist = "/admin/documents/document/"
    assert client.get(changelist).status_code == 200
    confirm = client.post(changelist, {"action": "revoke_selected", "_selected_action": [document.pk]})
    assert confirm.status_code == 200 and "Alasan pencabutan" in confirm.content.decode()
    done = client.post(changelist, {"action": "revoke_selected", "_selected_action": [document.pk],
                                    "confirm": "1", "reason": "Salah cetak nama"})
    assert done.status_code == 302
    document.refresh_from_db()
    assert document.status == "revoked" and document.revocation_reason == "Salah cetak nama"


@pytest.mark.django_db
def test_a_subject_type_without_a_registered_scope_is_closed_to_staff_but_not_to_admin_or_owner(
        client, make_citizen, make_staff):
    owner = make_citizen()
    document = issue_letter(owner=owner, subject_type="unregistered.kind")
    for role in ("officer", "supervisor"):
        staff_client, _ = _staff_login(make_staff, role)
        assert staff_client.get(document.download_path).status_code == 404
    admin_client, _ = _staff_login(make_staff, "admin")
    assert admin_client.get(document.download_path).status_code == 200
    client.force_login(owner)
    assert client.get(document.download_path).status_code == 200
