"""Browser journey (Playwright + Debian Chromium, axe-core on every page visited):
a citizen applies for a generic service with uploads → an officer returns it → the citizen fixes
it → the officer approves → the citizen sees it completed and tracks it by PIN while logged out."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from balai.cases.demo import demo_pdf, demo_png
from balai.cases.models import Application, State
from balai.conftest import totp_code

from .test_views import clone_open_cases

pytestmark = pytest.mark.browser


def audit(axe, page, name, seen):
    violations = axe(page, f"cases-{len(seen) + 1:02d}-{name}")
    seen.append(name)
    assert violations == [], f"{name}: {violations}"


def login_citizen(page, user):
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(user.raw_password)
    page.get_by_role("button", name="Masuk").click()


def login_officer(page, user):
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(user.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/masuk/verifikasi/")
    page.get_by_label(re.compile("Kode")).fill(totp_code(user))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url("**/petugas/antrean/")  # an officer lands on the case desk


def upload(page, requirement, path):
    form = page.locator(f"#req-{requirement} form")
    form.locator("input[type=file]").set_input_files(str(path))
    form.get_by_role("button", name="Unggah").click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_apply_return_fix_approve_track(new_page, axe, make_citizen, make_staff, signing, tmp_path):
    seen: list[str] = []
    citizen = make_citizen(username="siti")
    officer = make_staff(username="rina")
    scan, ktp, better = tmp_path / "akta.pdf", tmp_path / "ktp.png", tmp_path / "akta-jelas.pdf"
    scan.write_bytes(demo_pdf("Akta kelahiran (buram)"))
    ktp.write_bytes(demo_png())
    better.write_bytes(demo_pdf("Akta kelahiran"))

    # --- the citizen applies (the journey runs at 360 and at 1280 px)
    page = new_page()
    login_citizen(page, citizen)
    page.goto("/layanan/")
    audit(axe, page, "catalogue", seen)
    page.get_by_label("Cari layanan").fill("legalisir")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name=re.compile("Legalisir dokumen kependudukan")).click()
    audit(axe, page, "service-standard", seen)
    page.get_by_role("button", name="Ajukan permohonan").click()
    page.wait_for_url("**/isi/")
    number = re.search(r"/permohonan/(\d{10})/", page.url).group(1)
    audit(axe, page, "apply-data", seen)
    page.get_by_label("Jenis dokumen").select_option("akta_kelahiran")
    page.get_by_label("Nomor dokumen").fill("3578-LT-01012000-0001")
    page.get_by_label("Jumlah salinan").fill("2")
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.wait_for_url("**/dokumen/")
    audit(axe, page, "apply-uploads", seen)
    upload(page, "scan-dokumen", scan)
    upload(page, "ktp-el", ktp)
    expect(page.get_by_text("akta.pdf")).to_be_visible()  # waits, unlike is_visible()
    page.get_by_role("link", name="Lanjut: periksa dan kirim").click()
    audit(axe, page, "apply-review", seen)
    page.get_by_role("button", name="Kirim permohonan").click()
    page.wait_for_url("**/tanda-terima/")
    audit(axe, page, "receipt", seen)
    assert Application.objects.get(tracking_number=number).state == State.SUBMITTED

    # --- the officer returns it (password then TOTP)
    desk = new_page()
    login_officer(desk, officer)
    # an officer lands on the work queue (the case desk)
    audit(axe, desk, "desk-queue", seen)
    desk.get_by_role("link", name=re.compile(number[:4])).click()
    desk.get_by_role("button", name="Klaim").click()
    audit(axe, desk, "desk-case-claimed", seen)
    desk.get_by_label("Alasan dan hal yang perlu diperbaiki").fill("Pindaian akta buram, mohon unggah ulang.")
    desk.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    desk.wait_for_load_state()
    assert Application.objects.get(tracking_number=number).state == State.RETURNED

    # --- the citizen fixes it
    page.goto(f"/permohonan/{number}/")
    expect(page.get_by_text("Pindaian akta buram").first).to_be_visible()  # waits, unlike is_visible()
    audit(axe, page, "returned", seen)
    page.get_by_role("link", name="Perbaiki dokumen").click()
    upload(page, "scan-dokumen", better)
    page.get_by_role("link", name="Lanjut: periksa dan kirim").click()
    page.get_by_role("button", name="Kirim ulang permohonan").click()
    page.wait_for_url("**/tanda-terima/")
    assert Application.objects.get(tracking_number=number).state == State.RESUBMITTED

    # --- the officer verifies and approves; first the queue: 26 more cases due later make a second page
    clone_open_cases(Application.objects.get(tracking_number=number), 26, due_date=date(2099, 1, 1))
    desk.goto("/petugas/antrean/")
    results = desk.locator("#queue-results")
    desk.get_by_label("Kabupaten/kota").select_option(label="Kota Surabaya")  # htmx: swaps the results only
    desk.wait_for_url("**regency=3578**")
    expect(results.locator("caption")).to_contain_text("27 permohonan cocok dengan saringan")
    pager = desk.get_by_role("navigation", name="Halaman antrean")
    pager.get_by_role("link", name="2", exact=True).click()
    expect(results.locator("caption")).to_contain_text("halaman 2 dari 2")
    assert "regency=3578" in desk.url and "page=2" in desk.url
    assert results.get_by_role("link", name=re.compile(number[:4])).count() == 0
    expect(results.get_by_role("cell", name="Kota Surabaya").first).to_be_visible()  # waits, unlike is_visible()
    audit(axe, desk, "desk-queue-page-2", seen)
    pager.get_by_role("link", name="Sebelumnya").click()
    expect(results.locator("caption")).to_contain_text("halaman 1 dari 2")
    desk.get_by_role("link", name=re.compile(number[:4])).click()
    desk.get_by_role("button", name="Klaim").click()
    for radio in desk.get_by_label("Sesuai", exact=True).all():
        radio.check()
        radio.locator("xpath=ancestor::form").get_by_role("button", name="Simpan pemeriksaan").click()
        desk.wait_for_load_state()
    audit(axe, desk, "desk-verified", seen)
    # Approval issues the signed letter in-process (Celery eager): the first WeasyPrint render and
    # signature of a test run take a while on a small machine.
    desk.get_by_role("button", name="Setujui").click(timeout=120_000)
    desk.wait_for_load_state()
    app = Application.objects.get(tracking_number=number)
    assert app.state == State.COMPLETED and app.outputs

    # --- the citizen sees it completed, gets a PIN, and tracks it logged out
    page.goto(f"/permohonan/{number}/")
    expect(page.get_by_text("Selesai", exact=True).first).to_be_visible()  # waits, unlike is_visible()
    expect(page.get_by_role("link", name="verifikasi", exact=True)).to_be_visible()  # waits, unlike is_visible()
    audit(axe, page, "completed", seen)
    page.goto(f"/permohonan/{number}/tanda-terima/")
    page.get_by_role("button", name="Buat PIN pelacakan baru").click()
    pin = page.locator("#pin").inner_text().strip()
    audit(axe, page, "receipt-pin", seen)
    page.get_by_role("button", name="Keluar").click()
    page.goto(f"/lacak?nomor={number}")
    page.get_by_label("PIN").fill(pin)
    page.get_by_role("button", name="Lacak").click()
    expect(page.get_by_text("Selesai, dokumen terbit")).to_be_visible()  # waits, unlike is_visible()
    assert citizen.full_name not in page.content()
    audit(axe, page, "track-logged-out", seen)
