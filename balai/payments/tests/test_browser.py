"""Browser journey: a citizen pays a bill through the sandbox bank and downloads the receipt,
on a phone viewport, axe-audited, screenshots in var/screenshots/05-*.png."""

import re

import pytest

from balai.payments.models import Payment, Receipt
from balai.payments.states import BillStatus

from .factories import make_bill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pay_a_bill_in_the_sandbox_and_download_the_receipt(new_page, axe, live_server, settings, signing,
                                                            make_citizen):
    settings.PUBLIC_BASE_URL = live_server.url
    settings.PAYMENTS_SANDBOX = {**settings.PAYMENTS_SANDBOX,
                                 "WEBHOOK_URL": f"{live_server.url}/api/payments/webhooks/sandbox/"}
    citizen = make_citizen(full_name="Siti Aminah")
    bill = make_bill(payer=citizen, payer_name="Siti Aminah")
    page = new_page()
    problems = {}

    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(citizen.username)
    page.get_by_label("Kata sandi").fill(citizen.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: not url.endswith("/masuk/"))

    # the citizen finds the bill by its payment code
    page.goto("/bayar/")
    problems["lookup"] = axe(page, "05-1-lookup")
    page.get_by_label("Kode bayar").fill(bill.payment_code)
    page.get_by_role("button", name="Cari tagihan").click()
    page.wait_for_url(f"**/bayar/{bill.payment_code}/")
    assert "Rp 260.000" in page.content() and "RKUD Kota Surabaya" in page.content()
    problems["bill"] = axe(page, "05-2-bill")

    # start a VA payment: instructions with the VA number and the sandbox link
    page.get_by_label(re.compile("virtual account")).check()
    page.get_by_role("button", name="Lanjut ke pembayaran").click()
    page.wait_for_url("**/instruksi/**")
    assert "8808" + bill.payment_code in page.content()
    problems["instructions"] = axe(page, "05-3-instructions")

    # pay at the sandbox bank; it redirects back — which marks nothing paid by itself
    page.get_by_role("link", name="Bayar di bank sandbox (uji coba)").click()
    page.wait_for_url("**/sandbox-bank/pay/**")
    problems["sandbox"] = axe(page, "05-4-sandbox-bank")
    page.get_by_role("button", name=re.compile("^Bayar Rp")).click()
    page.wait_for_url("**/kembali/**")

    # the signed webhook arrives, the page (htmx polling) shows the receipt link
    link = page.locator("#receipt-download")
    link.wait_for(timeout=30000)
    assert Payment.objects.get(bill=bill).status == "posted"
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID
    assert "Lunas" in page.content()
    problems["paid"] = axe(page, "05-5-paid-with-receipt")
    receipt = Receipt.objects.get(payment__bill=bill)
    # a signed link of the payment: the payer needs no account for the receipt
    href = link.get_attribute("href")
    assert href.startswith("/bayar/dokumen/") and href.endswith(f"/{receipt.document_id}/unduh/")
    response = page.request.get(href)
    assert response.status == 200 and response.body()[:5] == b"%PDF-"

    assert {k: v for k, v in problems.items() if v} == {}
