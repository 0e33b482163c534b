"""Browser journey: a parent registers a birth online → an officer of the family's regency
approves → the parent downloads the birth certificate and the new family card and verifies one
by its QR URL, logged out. Runs at 360 and at 1280 px; axe and the layout check on every page;
screenshots in var/screenshots/civil-*.png."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from balai.cases.demo import demo_pdf
from balai.cases.models import Application, State
from balai.civil.models import FamilyCard, Membership, Person
from balai.conftest import totp_code

from .factories import make_family

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def audit(axe, page, name, seen):
    violations = axe(page, f"civil-{len(seen) + 1:02d}-{name}")
    seen.append(name)
    assert violations == [], f"{name}: {violations}"


def test_parent_registers_birth_officer_approves_parent_downloads_and_verifies(
        new_page, axe, live_server, settings, make_citizen, make_staff, signing, tmp_path):
    settings.PUBLIC_BASE_URL = live_server.url

    seen: list[str] = []
    card, father, mother_person = make_family()
    parent = make_citizen(username="siti", nik=mother_person.nik, full_name="Siti Aminah", identity="verified")
    officer = make_staff(username="rina", jurisdiction=("3578",), unit="Dispendukcapil Kota Surabaya")
    letter = tmp_path / "surat-lahir.pdf"
    letter.write_bytes(demo_pdf("Surat keterangan lahir RSUD dr. Soetomo"))
    born = timezone.localdate() - dt.timedelta(days=12)

    # --- the parent starts from her family card (the journey runs at 360 and at 1280 px)
    page = new_page()
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(parent.username)
    page.get_by_label("Kata sandi").fill(parent.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: not url.endswith("/masuk/"))
    page.goto("/kependudukan/kk-saya/")
    assert card.kk_number in page.content() and father.nik not in page.content()
    audit(axe, page, "my-family-card", seen)
    page.get_by_role("link", name=re.compile("Pencatatan kelahiran")).click()
    page.wait_for_url("**/layanan/**")
    page.get_by_role("button", name="Ajukan permohonan").wait_for()
    audit(axe, page, "service-standard", seen)
    page.get_by_role("button", name="Ajukan permohonan").click()
    page.wait_for_url("**/isi/")
    number = re.search(r"/permohonan/(\d{10})/", page.url).group(1)
    page.get_by_label("Nama anak").fill("Aisyah Putri")
    page.get_by_label("Jenis kelamin").select_option("F")
    page.get_by_label("Tanggal lahir").fill(born.isoformat())
    page.get_by_label("Jam lahir (JJ:MM)").fill("07:45")
    page.get_by_label("Tempat lahir (kota/kabupaten)").fill("Surabaya")
    page.get_by_label("Agama").select_option("islam")
    page.get_by_label("NIK ibu").fill(mother_person.nik)
    page.get_by_label("NIK ayah").fill(father.nik)
    page.get_by_label("Bukti kelahiran").select_option("surat_lahir")
    page.get_by_label("Bukti perkawinan orang tua").select_option("buku_nikah")
    audit(axe, page, "apply-data", seen)
    page.get_by_role("button", name="Simpan dan lanjut").click()
    page.wait_for_url("**/dokumen/")
    for requirement in ("surat-lahir", "buku-nikah", "ktp-el"):
        form = page.locator(f"#req-{requirement} form")
        form.locator("input[type=file]").set_input_files(str(letter))
        form.get_by_role("button", name="Unggah").click()
        page.wait_for_load_state()
    audit(axe, page, "apply-uploads", seen)
    page.get_by_role("link", name="Lanjut: periksa dan kirim").click()
    page.get_by_role("button", name="Kirim permohonan").click()
    page.wait_for_url("**/tanda-terima/")
    app = Application.objects.get(tracking_number=number)
    assert app.state == State.SUBMITTED and app.office.name == "Dispendukcapil Kota Surabaya"

    # --- the officer of Kota Surabaya verifies and approves (password + TOTP)
    desk = new_page()
    desk.goto("/masuk/")
    desk.get_by_label("Nama pengguna").fill(officer.username)
    desk.get_by_label("Kata sandi").fill(officer.raw_password)
    desk.get_by_role("button", name="Masuk").click()
    desk.wait_for_url("**/masuk/verifikasi/")
    desk.get_by_label(re.compile("Kode")).fill(totp_code(officer))
    desk.get_by_role("button", name="Verifikasi").click()
    desk.wait_for_url("**/petugas/antrean/")  # an officer lands on the case desk
    desk.goto("/petugas/antrean/")
    desk.get_by_role("link", name=re.compile(number[:4])).click()
    desk.get_by_role("button", name="Klaim").click()
    for radio in desk.get_by_label("Sesuai", exact=True).all():
        radio.check()
        radio.locator("xpath=ancestor::form").get_by_role("button", name="Simpan pemeriksaan").click()
        desk.wait_for_load_state()
    audit(axe, desk, "desk-verified", seen)
    desk.get_by_role("button", name="Setujui").click(timeout=180_000)
    desk.wait_for_load_state()
    app = Application.objects.get(tracking_number=number)
    assert app.state == State.COMPLETED, app.state
    child = Person.objects.get(nik=app.data["_civil"]["child_nik"])
    assert child.nik.startswith(f"357808{born.day + 40:02d}{born:%m%y}")
    card = FamilyCard.objects.get(pk=card.pk)
    assert card.current_version == 2 and Membership.objects.get(person=child).relationship == "anak"
    # the officer sees the family card with its history
    desk.goto(f"/petugas/kependudukan/kk/{card.public_id}/")
    assert "Versi 2" in desk.content()
    audit(axe, desk, "desk-family-card", seen)

    # --- the parent downloads both documents
    page.goto(f"/permohonan/{number}/")
    audit(axe, page, "completed", seen)
    outputs = {o["title"]: o for o in app.outputs}
    assert set(outputs) == {"Kutipan Akta Kelahiran", "Kartu Keluarga"}
    for out in outputs.values():
        response = page.request.get(out["download_path"])
        assert response.ok and response.body()[:4] == b"%PDF", out
    page.goto("/kependudukan/kk-saya/")
    assert "Aisyah Putri" in page.content()
    audit(axe, page, "family-card-with-child", seen)

    # --- anyone verifies the birth certificate by its QR URL, logged out
    page.get_by_role("button", name="Keluar").click()
    page.goto(outputs["Kutipan Akta Kelahiran"]["verify_url"])
    assert "Akta Kelahiran" in page.content()
    assert page.locator(".verdict-valid").count() == 1
    audit(axe, page, "verify-qr", seen)
