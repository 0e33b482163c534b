"""Browser journey ("anyone can become anyone"): a stranger signs up with another person's
NIK and name and sees nothing personal — not on the family-card page, not among the vehicles, not
in the personal-data download — even after matching the register with data they happen to know.
The real owner still signs up, asks for an activation letter, enters the code printed by
``balai activation_letters`` and takes the NIK over; the stranger's account then shows the NIK
as released. At 360 and at 1280 px; axe and the layout check on every page; screenshots in
var/screenshots/civil-identity-*.png."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from balai.accounts.models import CitizenProfile, IdentityLevel
from balai.vehicles.tests.factories import make_vehicle

from .factories import make_family

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "kunci-rahasia-77"


def check(axe, page, name, problems, journey="citizen"):
    problems[name] = axe(page, f"civil-identity-{journey}-{len(problems) + 1:02d}-{name}")


def sign_up(page, *, username: str, full_name: str, nik: str) -> None:
    page.goto("/daftar/")
    page.get_by_label("Nama lengkap (sesuai KTP)").fill(full_name)
    page.get_by_label("NIK").fill(nik)
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("E-mail").fill(f"{username}@example.test")
    page.get_by_label("Nomor HP").fill("081234567890")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("Provinsi").select_option("35")
    page.wait_for_selector("#id_regency option[value='3578']", state="attached")
    page.get_by_label("Kabupaten/kota").select_option("3578")
    page.wait_for_selector("#id_district option[value='357808']", state="attached")
    page.get_by_label("Kecamatan").select_option("357808")
    page.wait_for_selector("#id_village option[value='3578081001']", state="attached")
    page.get_by_label("Desa/kelurahan").select_option("3578081001")
    page.get_by_label("Alamat (jalan, nomor rumah)").fill("Jl. Kenanga 3")
    page.get_by_label("RT").fill("1")
    page.get_by_label("RW").fill("2")
    page.get_by_role("button", name="Buat akun").click()
    page.wait_for_url("**/akun/profil/")
    # open the link of the sign-up e-mail: matching and verifying need a verified address
    body = next(m.body for m in reversed(mail.outbox) if m.to == [f"{username}@example.test"])
    page.goto(re.search(r"https?://[^\s]+(/akun/verifikasi-email/[^\s/]+/)", body).group(1))
    page.get_by_role("button", name="Verifikasi e-mail saya").click()
    expect(page.get_by_role("heading", name="E-mail terverifikasi")).to_be_visible()
    page.get_by_role("link", name="Ke profil saya").click()
    page.wait_for_url("**/akun/profil/")


def match(page, *, full_name: str, birth_date: date, kk_number: str) -> None:
    page.goto("/akun/identitas/")
    page.get_by_label("Nama lengkap (sesuai KK)").fill(full_name)
    page.get_by_label("Tanggal lahir").fill(birth_date.isoformat())
    page.get_by_label("Nomor KK").fill(kk_number)
    page.get_by_role("button", name="Cocokkan data").click()
    page.wait_for_url("**/akun/identitas/")
    page.locator(".messages, #nik-held").first.wait_for()  # a held NIK is told in step 1, not as a message


def download_my_data(page) -> str:
    page.goto("/akun/data-saya/")
    with page.expect_download() as info:
        page.get_by_role("button", name="Unduh data saya (JSON)").click()
    return json.dumps(json.loads(open(info.value.path(), encoding="utf-8").read()), ensure_ascii=False)


def test_stranger_sees_nothing_owner_activates_by_letter_and_takes_the_nik_over(new_page, axe, tmp_path):
    card, husband, wife = make_family()
    vehicle = make_vehicle(plate="L 70 ZZ", owner_nik=wife.nik, owner_address="Jl. Raya Gubeng No. 12",
                           stnk_valid_until=date(2030, 1, 1))
    secrets = (card.kk_number, card.street, husband.full_name, husband.nik, vehicle.chassis_number,
               vehicle.engine_number, "L 70 ZZ", "L70ZZ")
    width = new_page.width
    problems: dict[str, list] = {}

    # --- the stranger signs up with Siti Aminah's NIK and name
    stranger = new_page()
    sign_up(stranger, username=f"penyerobot{width}", full_name="Siti Aminah", nik=wife.nik)
    expect(stranger.locator("#identity-summary")).to_contain_text("Diklaim")
    check(axe, stranger, "stranger-profile", problems)
    stranger.goto("/kependudukan/kk-saya/")
    expect(stranger.locator("#identity-needed")).to_be_visible()
    check(axe, stranger, "stranger-family-card", problems)
    stranger.goto("/pkb/kendaraan-saya/")
    expect(stranger.locator("#identity-note")).to_be_visible()
    check(axe, stranger, "stranger-vehicles", problems)
    for html in (stranger.content(), download_my_data(stranger)):
        assert not [s for s in secrets if s in html]
    # even knowing the register data, matching shows masked data only
    match(stranger, full_name="Siti Aminah", birth_date=wife.birth_date, kk_number=card.kk_number)
    expect(stranger.locator("#identity-level")).to_contain_text("Cocok")
    stranger.goto("/kependudukan/kk-saya/")
    expect(stranger.locator("#masked-notice")).to_be_visible()
    assert card.kk_number not in stranger.content() and husband.full_name not in stranger.content()
    stranger.goto("/pkb/kendaraan-saya/")
    expect(stranger.locator("#masked-vehicles")).to_be_visible()
    check(axe, stranger, "stranger-vehicles-masked", problems)
    assert not [s for s in secrets if s in stranger.content()]

    # --- the real owner still signs up, matches (the NIK is held), asks for a letter
    owner = new_page()
    sign_up(owner, username=f"siti{width}", full_name="Siti Aminah", nik=wife.nik)
    match(owner, full_name="siti aminah", birth_date=wife.birth_date, kk_number=card.kk_number)
    expect(owner.locator("#nik-held")).to_contain_text("sudah dicocokkan oleh akun lain")
    assert owner.get_by_text("sudah dicocokkan oleh akun lain").count() == 1  # told once, not twice
    check(axe, owner, "owner-identity-held", problems)
    owner.get_by_role("button", name="Kirim surat aktivasi").click()
    expect(owner.locator("#letter-waiting")).to_be_visible()
    check(axe, owner, "owner-letter-requested", problems)

    # --- the mail room prints the batch; the owner types the code from the letter
    call_command("activation_letters", "--batch", f"j{width}", "--out", str(tmp_path), "--no-progress",
                 stdout=io.StringIO())
    (pdf,) = (tmp_path / f"j{width}").glob("part-*.pdf")
    text = PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()
    assert f"siti{width}" in text and card.street in text
    code = re.search(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b", text).group(0)
    owner.goto("/akun/identitas/")
    owner.get_by_label("Kode aktivasi (12 karakter, dari surat)").fill(code.lower())
    check(axe, owner, "owner-code", problems)
    owner.get_by_role("button", name="Verifikasi dengan kode").click()
    expect(owner.locator(".messages")).to_contain_text("terverifikasi")
    expect(owner.locator("#identity-level")).to_contain_text("Terverifikasi")
    check(axe, owner, "owner-verified", problems)
    owner.goto("/kependudukan/kk-saya/")
    assert card.kk_number in owner.content() and husband.full_name in owner.content()
    owner.goto("/pkb/kendaraan-saya/")
    expect(owner.locator("#my-vehicles")).to_contain_text("L 70 ZZ")
    check(axe, owner, "owner-vehicles", problems)
    assert vehicle.chassis_number in download_my_data(owner)

    # --- the stranger's account shows the NIK as released
    stranger.goto("/akun/identitas/")
    expect(stranger.locator("#nik-released")).to_be_visible()
    check(axe, stranger, "stranger-released", problems)
    stranger.goto("/akun/profil/")
    expect(stranger.locator("#identity-summary")).to_contain_text("NIK dilepas")
    stranger.goto("/kependudukan/kk-saya/")
    expect(stranger.locator("#identity-needed")).to_be_visible()
    levels = dict(CitizenProfile.objects.filter(nik=wife.nik).values_list("user__username", "identity_level"))
    assert levels == {f"penyerobot{width}": IdentityLevel.CLAIMED, f"siti{width}": IdentityLevel.VERIFIED}

    assert {k: v for k, v in problems.items() if v} == {}


def test_officer_verifies_a_citizen_in_person_with_the_ktp_el(new_page, axe, make_citizen, make_staff):
    from balai.conftest import totp_code

    _card, _husband, wife = make_family()
    citizen = make_citizen(username="siti.aminah", nik=wife.nik, full_name="Siti Aminah")
    make_citizen(username="warga.malang", village="3507012001")
    officer = make_staff(username="rina", jurisdiction=("3578",), unit="Dispendukcapil Kota Surabaya")
    problems: dict[str, list] = {}
    page = new_page()
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(officer.username)
    page.get_by_label("Kata sandi").fill(officer.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/masuk/verifikasi/")
    page.get_by_label("Kode OTP (6 digit)").fill(totp_code(officer))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url(lambda url: "/masuk/" not in url)
    page.goto("/petugas/")
    page.get_by_role("link", name="Verifikasi identitas tatap muka").click()  # a tool on the staff desk
    page.wait_for_url("**/petugas/verifikasi-identitas/")
    check(axe, page, "officer-lookup", problems, "officer")
    page.get_by_label("Nama pengguna akun warga").fill("warga.malang")  # outside the jurisdiction
    page.get_by_role("button", name="Cari akun").click()
    expect(page.locator("#not-found")).to_be_visible()
    page.get_by_label("Nama pengguna akun warga").fill("siti.aminah")
    page.get_by_role("button", name="Cari akun").click()
    expect(page.locator("#account-facts")).to_contain_text(wife.nik_masked)
    assert wife.nik not in page.content()
    page.get_by_label("NIK pada KTP-el").fill(wife.nik)
    page.get_by_label("Nama pada KTP-el").fill("SITI AMINAH")
    page.get_by_label("Tanggal lahir pada KTP-el").fill("1999-12-06")  # misread: the register says otherwise
    page.get_by_label("Saya sudah memegang KTP-el asli").check()
    page.get_by_role("button", name="Verifikasi identitas").click()
    expect(page.locator(".error-summary")).to_contain_text("tidak cocok dengan data kependudukan")
    check(axe, page, "officer-mismatch", problems, "officer")
    page.get_by_label("Tanggal lahir pada KTP-el").fill(wife.birth_date.isoformat())
    page.get_by_label("Saya sudah memegang KTP-el asli").check()
    page.get_by_role("button", name="Verifikasi identitas").click()
    expect(page.locator(".messages")).to_contain_text("siti.aminah terverifikasi")
    expect(page.locator("#recent-verifications")).to_contain_text("siti.aminah")
    check(axe, page, "officer-done", problems, "officer")
    citizen.citizen.refresh_from_db()
    assert citizen.citizen.identity_level == IdentityLevel.VERIFIED
    assert {k: v for k, v in problems.items() if v} == {}
