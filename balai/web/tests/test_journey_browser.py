"""Browser journey: home → sign up as a citizen → log in → profile, on a phone and on
a desktop viewport (the `new_page` fixture runs it at 360 and at 1280 px), with an axe-core audit
and the layout check of every page and screenshots in var/screenshots/."""

import pytest
from playwright.sync_api import expect

from balai.accounts.models import CitizenProfile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_signup_login_profile(new_page, axe):
    label = "phone" if new_page.width < 600 else "desktop"
    nik = "3578081708850002"
    page = new_page()
    problems = {}

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()  # waits, unlike is_visible()
    problems["home"] = axe(page, f"02-{label}-1-home")
    page.get_by_role("link", name="Buat akun dengan NIK").click()

    page.wait_for_url("**/daftar/")
    problems["signup"] = axe(page, f"02-{label}-2-signup")
    page.get_by_label("Nama lengkap (sesuai KTP)").fill("Dewi Sartika")
    page.get_by_label("NIK").fill("3578083212850002")  # day 32: invalid on purpose first
    page.get_by_label("Nama pengguna").fill(f"dewi{label}")
    page.get_by_label("E-mail").fill(f"dewi.{label}@example.test")
    page.get_by_label("Nomor HP").fill("081234567890")
    page.locator("#id_password1").fill("kunci-rahasia-77")
    page.locator("#id_password2").fill("kunci-rahasia-77")
    # the cascading selects are filled by htmx, one level after the other
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

    # the specific reason is shown, nothing is saved, and the form keeps what was typed
    page.wait_for_selector(".error-summary")
    assert "Tanggal lahir pada NIK (digit 7–12) bukan tanggal yang ada." in page.content()
    problems["signup-error"] = axe(page, f"02-{label}-3-signup-error")
    assert not CitizenProfile.objects.filter(user__username=f"dewi{label}").exists()
    page.get_by_label("NIK").fill(nik)
    page.locator("#id_password1").fill("kunci-rahasia-77")
    page.locator("#id_password2").fill("kunci-rahasia-77")
    page.get_by_role("button", name="Buat akun").click()

    page.wait_for_url("**/akun/profil/")
    assert "Akun Anda sudah dibuat" in page.content()
    problems["profile-new"] = axe(page, f"02-{label}-4-profile-after-signup")

    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    page.get_by_role("link", name="Masuk").first.click()
    page.wait_for_url("**/masuk/")
    problems["login"] = axe(page, f"02-{label}-5-login")
    page.get_by_label("Nama pengguna").fill(f"dewi{label}")
    page.get_by_label("Kata sandi").fill("kunci-rahasia-77")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: url.endswith("/"))
    page.get_by_role("link", name="Profil").first.click()  # in the menu, and among the home page's links for the citizen
    page.wait_for_url("**/akun/profil/")
    content = page.content()
    assert nik[:6] + "******" + nik[-4:] in content and nik not in content
    assert "Gubeng" in content and "Kota Surabaya" in content
    problems["profile"] = axe(page, f"02-{label}-6-profile")

    assert {k: v for k, v in problems.items() if v} == {}
