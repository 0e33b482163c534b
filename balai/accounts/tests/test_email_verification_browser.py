"""Browser journey: a new citizen sees the "Periksa e-mail Anda" banner, sends the link again,
opens it and confirms; the banner is gone. At 360 and 1280 px, axe and the layout check on every
page; screenshots in var/screenshots/accounts-email-*.png."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from balai.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https?://[^\s]+(/akun/verifikasi-email/[^\s/]+/)")


def test_banner_resend_and_link(new_page, axe, make_citizen):
    width = new_page.width
    user = make_citizen(username=f"baru{width}", email_verified=False)
    page = new_page()
    problems = {}
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(user.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.goto("/akun/profil/")
    banner = page.locator("#email-banner")
    expect(banner).to_contain_text("Periksa e-mail Anda")
    problems["banner"] = axe(page, "accounts-email-1-banner")

    banner.get_by_role("button", name="Kirim ulang tautan").click()
    expect(page.locator(".messages")).to_contain_text("Tautan verifikasi baru sudah dikirim")
    problems["resent"] = axe(page, "accounts-email-2-resent")

    path = LINK.search(mail.outbox[-1].body).group(1)
    page.goto(path)
    expect(page.get_by_role("heading", name="Konfirmasi alamat e-mail")).to_be_visible()
    problems["confirm"] = axe(page, "accounts-email-3-confirm")
    page.get_by_role("button", name="Verifikasi e-mail saya").click()
    expect(page.get_by_role("heading", name="E-mail terverifikasi")).to_be_visible()
    expect(page.locator("#email-banner")).to_have_count(0)
    problems["done"] = axe(page, "accounts-email-4-done")

    page.goto(path[:-3] + "zz/")
    expect(page.get_by_role("heading", name="Tautan tidak dapat dipakai")).to_be_visible()
    problems["tampered"] = axe(page, "accounts-email-5-tampered")
    assert User.objects.get(pk=user.pk).email_verified_at is not None
    assert all(not found for found in problems.values()), problems
