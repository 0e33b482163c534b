"""The locked page and the 429 page as people see them (Playwright + axe at 360 and 1280 px)."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from balai.conftest import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_locked_officer_unlocks_with_totp(new_page, axe, make_staff):
    officer = make_staff()
    for n in range(5):  # a distributed guess from five addresses locks the account
        for _ in range(4):
            Client().post("/masuk/", {"username": officer.username, "password": "salah-sekali-123"},
                          REMOTE_ADDR=f"203.0.113.{n + 1}")
    page = new_page()
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(officer.username)
    page.get_by_label("Kata sandi").fill(officer.raw_password)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Masuk dikunci sementara")).to_be_visible()
    expect(page.get_by_text("dari banyak tempat")).to_be_visible()
    assert axe(page, "accounts-locked") == []
    page.get_by_label("Kata sandi").fill(officer.raw_password)
    page.get_by_label("Kode OTP (6 digit)").fill(totp_code(officer))
    page.get_by_role("button", name="Buka kunci dan masuk").click()
    expect(page.get_by_text("Kunci akun Anda sudah dibuka")).to_be_visible()
    assert page.url.endswith("/petugas/")


def test_too_many_sign_ins_page(new_page, axe, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "login": "1/min"}}
    page = new_page()
    for _ in range(2):
        page.goto("/masuk/")
        page.get_by_label("Nama pengguna").fill("siapa")
        page.get_by_label("Kata sandi").fill("apa-saja-123")
        page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Terlalu banyak permintaan")).to_be_visible()
    expect(page.get_by_text("Coba lagi dalam")).to_be_visible()
    assert axe(page, "accounts-too-many") == []
