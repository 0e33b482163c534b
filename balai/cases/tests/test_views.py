import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from balai.cases.demo import demo_pdf
from balai.cases.models import Application, State
from balai.cases.services import application_act
from balai.conftest import totp_code

from .conftest import verify_all

pytestmark = pytest.mark.django_db


def login_staff(client, user):
    client.post("/masuk/", {"username": user.username, "password": user.raw_password})
    assert client.post("/masuk/verifikasi/", {"code": totp_code(user)}).status_code == 302
    return client


def test_catalogue_search_and_service_page(client):
    page = client.get("/layanan/").content.decode()
    assert "Legalisir dokumen kependudukan" in page and "Surat Keterangan Pindah" in page
    page = client.get("/layanan/?q=pindah").content.decode()
    assert "Surat Keterangan Pindah" in page and "Legalisir" not in page
    partial = client.get("/layanan/?q=legalisir", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Legalisir" in partial
    page = client.get("/layanan/legalisir/").content.decode()
    for component in ("Persyaratan", "Sistem, mekanisme, dan prosedur", "Jangka waktu penyelesaian", "Biaya/tarif",
                      "Produk layanan", "Penanganan pengaduan"):
        assert component in page
    assert "Gratis" in page and "Dapat diganti dengan" in page


def test_service_page_in_english(client):
    client.cookies["django_language"] = "en"
    page = client.get("/layanan/legalisir/").content.decode()
    assert "Service standard" in page and "Certified copy" in page


def test_apply_wizard_draft_uploads_review_submit_receipt(client, citizen):
    client.force_login(citizen)
    response = client.post("/layanan/legalisir/ajukan/")
    number = re.search(r"/permohonan/(\d{10})/isi/", response["Location"]).group(1)
    # step 1: data (an invalid value is shown back)
    bad = client.post(f"/permohonan/{number}/isi/", {"d-jenis_dokumen": "akta_kelahiran", "d-jumlah_lembar": "0"})
    assert bad.status_code == 200 and "Mohon periksa isian berikut" in bad.content.decode()
    ok = client.post(f"/permohonan/{number}/isi/", {"d-jenis_dokumen": "akta_kelahiran",
                                                   "d-nomor_dokumen": "AL-1", "d-jumlah_lembar": "1"})
    assert ok["Location"].endswith("/dokumen/")
    assert Application.objects.get(tracking_number=number).data["jumlah_lembar"] == 1
    # step 2: uploads; a refused file comes back as a message
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(f"/permohonan/{number}/dokumen/", {"requirement": "scan-dokumen",
                                                  "file": SimpleUploadedFile("x.jpg", b"<html>")})
    page = client.get(f"/permohonan/{number}/dokumen/").content.decode()
    assert "Jenis berkas tidak diterima" in page
    review = client.get(f"/permohonan/{number}/kirim/").content.decode()
    assert "Dokumen wajib belum lengkap" in review
    for req in ("scan-dokumen", "ktp-el"):
        client.post(f"/permohonan/{number}/dokumen/", {"requirement": req, "file": SimpleUploadedFile("a.pdf", demo_pdf())})
    # step 3: review and submit
    review = client.get(f"/permohonan/{number}/kirim/").content.decode()
    txid = re.search(r'name="transaction_id" value="([0-9a-f]+)"', review).group(1)
    response = client.post(f"/permohonan/{number}/kirim/", {"transaction_id": txid})
    assert response["Location"].endswith("/tanda-terima/")
    assert Application.objects.get(tracking_number=number).state == State.SUBMITTED
    # receipt: QR always, the PIN only right after submitting (once) or when a new one is made
    receipt = client.get(f"/permohonan/{number}/tanda-terima/").content.decode()
    assert re.search(r'id="pin">(\d{6})<', receipt)
    receipt = client.get(f"/permohonan/{number}/tanda-terima/").content.decode()
    assert "data:image/svg+xml" in receipt and 'id="pin"' not in receipt
    receipt = client.post(f"/permohonan/{number}/tanda-terima/").content.decode()
    pin = re.search(r'id="pin">(\d{6})<', receipt).group(1)
    # public tracking page with that PIN, logged out
    client.logout()
    page = client.post("/lacak", {"nomor": number, "pin": pin})
    assert page.status_code == 200 and "Diajukan" in page.content.decode()
    assert citizen.full_name not in page.content.decode()
    wrong = client.post("/lacak", {"nomor": number, "pin": "000000" if pin != "000000" else "111111"})
    unknown = client.post("/lacak", {"nomor": "1234567890", "pin": pin})
    assert wrong.status_code == unknown.status_code == 404


def test_my_applications_and_cancel(client, make_case):
    app = make_case()
    client.force_login(app.applicant)
    assert app.tracking_display in client.get("/permohonan/").content.decode()
    page = client.get(f"/permohonan/{app.tracking_number}/").content.decode()
    assert "Batalkan permohonan" in page and "Riwayat" in page
    client.post(f"/permohonan/{app.tracking_number}/batal/", {"transaction_id": "c1"})
    assert Application.objects.get(pk=app.pk).state == State.CANCELLED


def test_answer_a_return(client, make_case, officer):
    app = make_case()
    application_act(application=app, by=officer, action="claim")
    application_act(application=app, by=officer, action="return", note="Pindaian akta terpotong")
    client.force_login(app.applicant)
    page = client.get(f"/permohonan/{app.tracking_number}/").content.decode()
    assert "Pindaian akta terpotong" in page and "Perbaiki dokumen" in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(f"/permohonan/{app.tracking_number}/dokumen/",
                {"requirement": "scan-dokumen", "file": SimpleUploadedFile("baru.pdf", demo_pdf())})
    client.post(f"/permohonan/{app.tracking_number}/kirim/", {"transaction_id": "r1"})
    assert Application.objects.get(pk=app.pk).state == State.RESUBMITTED


def test_other_citizen_and_anonymous_get_404_or_login(client, make_case, make_citizen):
    app = make_case()
    assert client.get(f"/permohonan/{app.tracking_number}/").status_code == 302
    client.force_login(make_citizen(nik="3578084512990055"))
    for url in ("", "isi/", "dokumen/", "kirim/", "tanda-terima/"):
        assert client.get(f"/permohonan/{app.tracking_number}/{url}").status_code == 404


def test_desk_scope_other_regency_gets_404(client, make_case, make_staff):
    app = make_case()
    malang = make_staff(jurisdiction=("3507",), unit="Dispendukcapil Kabupaten Malang")
    login_staff(client, malang)
    assert app.tracking_display not in client.get("/petugas/antrean/").content.decode()
    assert client.get(f"/petugas/berkas/{app.tracking_number}/").status_code == 404
    assert client.post(f"/petugas/berkas/{app.tracking_number}/aksi/", {"action": "claim"}).status_code == 404
    assert client.get(f"/berkas/{app.tracking_number}/lampiran/1/").status_code == 404
    assert Application.objects.get(pk=app.pk).state == State.SUBMITTED


def test_desk_claim_verify_approve_via_pages(client, make_case, officer, fake_documents,
                                             django_capture_on_commit_callbacks):
    app = make_case()
    login_staff(client, officer)
    queue = client.get("/petugas/antrean/").content.decode()
    assert app.tracking_display in queue and "Antrean kerja" in queue
    client.post(f"/petugas/berkas/{app.tracking_number}/aksi/", {"action": "claim", "transaction_id": "a"})
    page = client.get(f"/petugas/berkas/{app.tracking_number}/").content.decode()
    assert "Simpan pemeriksaan" in page and "357808******" in page
    for attachment in app.attachments.all():
        client.post(f"/petugas/berkas/{app.tracking_number}/lampiran/{attachment.pk}/periksa/",
                    {"decision": "verified"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/petugas/berkas/{app.tracking_number}/aksi/", {"action": "approve", "transaction_id": "b"})
    assert Application.objects.get(pk=app.pk).state == State.COMPLETED


def test_desk_second_claim_shows_conflict(client, make_case, officer, make_staff):
    app = make_case()
    application_act(application=app, by=make_staff(), action="claim")
    login_staff(client, officer)
    response = client.post(f"/petugas/berkas/{app.tracking_number}/aksi/", {"action": "claim"}, follow=True)
    assert "sudah ditangani oleh" in response.content.decode()


def test_overdue_is_highlighted(client, make_case, officer):
    app = make_case()
    Application.objects.filter(pk=app.pk).update(due_date="2025-01-02")
    login_staff(client, officer)
    page = client.get("/petugas/antrean/").content.decode()
    assert 'class="row-overdue"' in page and "Terlambat" in page


def _queries(client, url) -> int:
    client.get(url)  # warm-up: the staff idle-timeout middleware may write the session once
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# session, user, OTP device, staff profile, jurisdiction, offices, the restricted services' check
# (asn: is this officer the unit's HR officer? cases.restrictions), services, counts, rows, notices
QUEUE_QUERIES = 11
CASE_QUERIES = 12


def test_queue_page_query_count_is_fixed(client, make_case, officer, django_assert_num_queries):
    login_staff(client, officer)
    make_case()
    small = _queries(client, "/petugas/antrean/")
    for _ in range(6):
        make_case()
    clone_open_cases(make_case(), 30)  # two pages
    client.get("/petugas/antrean/?overdue=on&service=legalisir")
    with django_assert_num_queries(QUEUE_QUERIES + 1):  # overdue/mine: one count of the matching cases
        client.get("/petugas/antrean/?overdue=on&service=legalisir")
    assert small == _queries(client, "/petugas/antrean/") == _queries(client, "/petugas/antrean/?page=2") == QUEUE_QUERIES
    assert _queries(client, "/petugas/antrean/?state=submitted&regency=3578") == QUEUE_QUERIES


def clone_open_cases(app, n: int, **changes) -> list[str]:
    """n copies of ``app`` (new tracking numbers, same office), set-based: paging needs many rows and
    make_case() makes PDFs. Returns the new tracking numbers."""
    fields = {f.attname: getattr(app, f.attname) for f in Application._meta.concrete_fields if f.attname != "id"}
    numbers = [f"9{next(_clone_ids):09d}" for _ in range(n)]
    Application.objects.bulk_create([Application(**{**fields, **changes, "tracking_number": number})
                                     for number in numbers])
    return numbers


_clone_ids = itertools.count(1)


def test_queue_pages_keep_filters(client, make_case, officer):
    from datetime import date, timedelta

    first = make_case()
    Application.objects.filter(pk=first.pk).update(due_date=date(2030, 1, 1))
    clone_open_cases(first, 30, due_date=date(2029, 1, 1))  # sorted by due date: the clones come first
    login_staff(client, officer)
    page = client.get("/petugas/antrean/?service=legalisir&state=submitted").content.decode()
    assert page.count('<tr class') + page.count("<tr>\n    <td><a") == 25
    assert "31 permohonan cocok dengan saringan" in page and "halaman 1 dari 2 (nomor 1–25)" in page
    assert first.tracking_display not in page
    # numbered links keep the filters, the current page is marked, and there is a next link
    assert 'href="?service=legalisir&amp;state=submitted&amp;page=2"' in page
    assert 'aria-current="page">1</a>' in page and 'rel="next"' in page and 'rel="prev"' not in page
    second = client.get("/petugas/antrean/?service=legalisir&state=submitted&page=2").content.decode()
    assert first.tracking_display in second and "halaman 2 dari 2 (nomor 26–31)" in second
    assert 'rel="prev"' in second and 'rel="next"' not in second
    # past the end: the last page; nonsense: the first
    assert first.tracking_display in client.get("/petugas/antrean/?page=99").content.decode()
    assert "halaman 1 dari 2" in client.get("/petugas/antrean/?page=x").content.decode()
    # a filter that leaves one page shows no pager
    Application.objects.filter(pk=first.pk).update(due_date=date.today() - timedelta(days=400))
    overdue = client.get("/petugas/antrean/?overdue=on").content.decode()
    assert "1 permohonan cocok dengan saringan" in overdue and 'class="pager"' not in overdue
    assert 'id="id_overdue" checked' in overdue


def test_queue_htmx_swaps_only_the_results(client, make_case, officer):
    app = make_case()
    login_staff(client, officer)
    response = client.get("/petugas/antrean/?state=submitted", HTTP_HX_REQUEST="true")
    partial = response.content.decode()
    assert "<html" not in partial and "<form" not in partial and app.tracking_display in partial
    assert 'id="queue-status" hx-swap-oob="innerHTML"' in partial  # announced in the page's live region
    assert "HX-Request" in response["Vary"]
    full = client.get("/petugas/antrean/").content.decode()
    assert 'hx-get="/petugas/antrean/"' in full and 'hx-target="#queue-results"' in full
    assert '<div id="queue-results"' in full and 'role="status"' in full
    # a history restore (htmx cache miss) gets the whole page
    restore = client.get("/petugas/antrean/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restore.content.decode()


def test_queue_shows_regency_names(client, make_case, make_staff):
    app = make_case()
    officer = make_staff(jurisdiction=("3578", "3515"))
    login_staff(client, officer)
    page = client.get("/petugas/antrean/").content.decode()
    assert '<option value="3515">Kabupaten Sidoarjo</option>' in page
    assert '<option value="3578">Kota Surabaya</option>' in page
    assert "<td>Kota Surabaya</td>" in page and app.tracking_display in page
    assert "Wilayah: Kabupaten Sidoarjo, Kota Surabaya" in page
    assert '<option value="legalisir">Legalisir dokumen kependudukan (cetakan lama)</option>' in page  # names, not codes
    selected = client.get("/petugas/antrean/?regency=3578").content.decode()
    assert '<option value="3578" selected>Kota Surabaya</option>' in selected and app.tracking_display in selected
    assert app.tracking_display not in client.get("/petugas/antrean/?regency=3515").content.decode()


def test_case_page_query_count_is_fixed(client, make_case, officer, django_assert_num_queries):
    login_staff(client, officer)
    few = make_case()
    application_act(application=few, by=officer, action="claim")
    many = make_case()
    application_act(application=many, by=officer, action="claim")
    verify_all(many, officer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from balai.cases.services import attachment_add

    application_act(application=many, by=officer, action="return", note="x")
    for _ in range(3):
        attachment_add(application=many, requirement_code="ikd", upload=SimpleUploadedFile("i.pdf", demo_pdf()),
                       by=many.applicant)
    application_act(application=many, by=many.applicant, action="resubmit")
    application_act(application=many, by=officer, action="claim")
    client.get(f"/petugas/berkas/{many.tracking_number}/")
    with django_assert_num_queries(CASE_QUERIES):
        client.get(f"/petugas/berkas/{many.tracking_number}/")
    assert _queries(client, f"/petugas/berkas/{few.tracking_number}/") == CASE_QUERIES


def test_track_api_query_count(client, make_case, django_assert_num_queries):
    app = make_case()
    with django_assert_num_queries(1):  # the same single-row read as the bench's bare view
        assert client.get(f"/api/track/{app.tracking_number}/?pin={app.pin}").status_code == 200


def test_counter_filing_by_officer(client, officer, make_citizen):
    citizen = make_citizen(nik="3578084512990044", identity="matched")
    login_staff(client, officer)
    response = client.post("/petugas/loket/", {"nik": citizen.citizen.nik, "service": "legalisir"})
    number = re.search(r"/permohonan/(\d{10})/isi/", response["Location"]).group(1)
    assert client.get(f"/permohonan/{number}/isi/").status_code == 200
    app = Application.objects.get(tracking_number=number)
    assert app.applicant == citizen and app.filed_by == officer


def test_staff_nav_links(client, officer):
    login_staff(client, officer)
    page = client.get("/petugas/").content.decode()
    assert "/petugas/antrean/" in page
