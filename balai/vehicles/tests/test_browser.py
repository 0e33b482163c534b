"""Browser journey: a citizen finds their motorcycle by plate + chassis tail, pays PKB through
the sandbox bank, downloads the e-TBPKP and verifies it by its QR URL; phone viewport, axe-audited,
screenshots in var/screenshots/07-*.png."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from balai.vehicles.models import Endorsement
from balai.vehicles.selectors import etbpkp_for
from balai.vehicles.tests.factories import make_vehicle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_pays_pkb_and_verifies_the_e_tbpkp(new_page, axe, live_server, settings, signing, make_citizen):
    settings.PUBLIC_BASE_URL = live_server.url
    settings.PAYMENTS_SANDBOX = {**settings.PAYMENTS_SANDBOX,
                                 "WEBHOOK_URL": f"{live_server.url}/api/payments/webhooks/sandbox/"}
    citizen = make_citizen(full_name="Siti Aminah", nik="3578084512990001", identity="verified")
    due = timezone.localdate() + timedelta(days=5)
    vehicle = make_vehicle(plate="L 1234 AB", due_date=due, stnk_valid_until=date(2099, 1, 1),
                           owner_nik="3578084512990001")
    page = new_page()
    problems = {}

    page.goto("/pkb/simulasi/")
    problems["simulator"] = axe(page, "07-0-simulator")

    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(citizen.username)
    page.get_by_label("Kata sandi").fill(citizen.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: not url.endswith("/masuk/"))

    # a wrong chassis tail gets the plain "not found"
    page.goto("/pkb/")
    page.get_by_label("Nomor polisi").fill("l1234ab")
    page.get_by_label("5 karakter terakhir nomor rangka").fill("00000")
    page.get_by_role("button", name="Cari kendaraan").click()
    expect(page.locator("#not-found")).to_be_visible()  # waits, unlike is_visible()
    problems["find"] = axe(page, "07-1-find-not-found")
    page.get_by_label("5 karakter terakhir nomor rangka").fill(vehicle.chassis_tail)
    page.get_by_role("button", name="Cari kendaraan").click()
    page.wait_for_url("**/pkb/kendaraan/L1234AB/")
    content = page.content()
    assert "Rp 35.000" in content and "Opsen PKB" in content
    problems["vehicle"] = axe(page, "07-2-vehicle-breakdown")

    page.get_by_role("button", name="Bayar sekarang").click()
    page.wait_for_url(re.compile(r".*/bayar/\d{14,15}/$"))
    assert "RKUD Kota Surabaya" in page.content() and "PT Jasa Raharja" in page.content()
    problems["bill"] = axe(page, "07-3-bill")
    page.get_by_label(re.compile("virtual account")).check()
    page.get_by_role("button", name="Lanjut ke pembayaran").click()
    page.wait_for_url("**/instruksi/**")
    page.get_by_role("link", name="Bayar di bank sandbox (uji coba)").click()
    page.wait_for_url("**/sandbox-bank/pay/**")
    page.get_by_role("button", name=re.compile("^Bayar Rp")).click()
    page.wait_for_url("**/kembali/**")
    page.locator("#receipt-download").wait_for(timeout=120000)

    # the on-paid handler endorsed the year and moved the due date; the e-TBPKP was issued
    vehicle.refresh_from_db()
    assert Endorsement.objects.filter(vehicle=vehicle, due_date=due).exists()
    assert vehicle.due_date.year == due.year + 1
    # The e-TBPKP is signed after the payment's commit (outbox), possibly after the receipt: the page
    # says "sedang diterbitkan" until then, as a person would see it, and shows the link on a reload.
    link = page.locator(".etbpkp-download")
    for _ in range(60):
        page.goto("/pkb/kendaraan/L1234AB/")
        if link.count():
            break
        page.wait_for_timeout(2000)
    link.wait_for(timeout=5000)
    problems["endorsed"] = axe(page, "07-4-endorsed")
    document = etbpkp_for(Endorsement.objects.get(vehicle=vehicle).bill.payment_code)
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.body()[:5] == b"%PDF-"

    # anyone can verify it by the QR URL
    assert document.verify_url.startswith(live_server.url)
    page.goto(document.verify_url)
    assert document.number in page.content()
    problems["verify"] = axe(page, "07-5-verify")

    assert {k: v for k, v in problems.items() if v} == {}
