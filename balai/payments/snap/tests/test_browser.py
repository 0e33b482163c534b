"""Browser journey: a citizen picks "bank transfer" on the bill page, the SNAP sandbox bank
inquires and pays over the real protocol, the bill turns "Lunas" and the receipt is ready.
Screenshots in var/screenshots/payments-*."""

from __future__ import annotations

import pytest

from balai.payments.models import Payment, Receipt
from balai.payments.snap.sandbox import (
    SnapSandboxBank,
    ensure_partner,
    http_transport,
    load_keys,
    serve_in_thread,
)
from balai.payments.states import BillStatus

from .test_conformance import make_bill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bank_transfer_through_the_snap_sandbox_bank(new_page, axe, live_server, settings, signing, tmp_path):
    settings.DEMO = True
    settings.PUBLIC_BASE_URL = live_server.url
    settings.PAYMENTS_GATEWAYS = ["sandbox", "snap"]
    server, _ = serve_in_thread(lambda: SnapSandboxBank.from_conf(transport=http_transport(live_server.url)),
                                balai_url=live_server.url)
    bank_url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.SNAP_SANDBOX = {"KEY_FILE": str(tmp_path / "snap.json"), "URL": bank_url}
    ensure_partner(load_keys(create=True))
    bill = make_bill()
    problems = {}
    try:
        page = new_page()
        page.goto(f"/bayar/{bill.payment_code}/")
        assert page.locator("#bill-qris").is_visible()  # the bill's QRIS (sandbox merchant in demo mode)
        problems["bill"] = axe(page, "payments-snap-1-bill")
        page.get_by_role("button", name="Transfer bank (virtual account)").click()
        page.wait_for_url("**/instruksi/**")
        assert "88990" + bill.payment_code in page.content()
        problems["instructions"] = axe(page, "payments-snap-2-instructions")

        # the sandbox bank's teller page: inquiry, then the payment flag (first answer lost: a retry)
        page.get_by_role("link", name="Bayar di bank sandbox (uji coba)").click()
        page.wait_for_url(f"{bank_url}/**")
        page.get_by_label("Simulasikan time-out (jawaban pertama hilang)").check()
        page.get_by_role("button", name="Bayar").click()
        page.get_by_text("Pembayaran berhasil.").wait_for()
        problems["bank"] = axe(page, "payments-snap-3-sandbox-bank")
        page.get_by_role("link", name="Kembali ke tagihan di Balai").click()
        page.wait_for_url(f"**/bayar/{bill.payment_code}/")
        page.locator("#receipt-download").wait_for(timeout=30000)
        assert "Lunas" in page.content()
        problems["paid"] = axe(page, "payments-snap-4-paid")
    finally:
        server.shutdown()
        server.server_close()
    bill.refresh_from_db()
    assert bill.status == BillStatus.PAID
    payment = Payment.objects.get(bill=bill)
    assert payment.channel == "snap:sandbox" and Receipt.objects.filter(payment=payment).exists()
    assert {k: v for k, v in problems.items() if v} == {}
