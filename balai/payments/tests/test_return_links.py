"""Whoever paid without an account downloads the receipt through a signed link tied to
the payment (GOV.UK Pay's return page); a tampered or expired link gives a clear page."""

import base64
import json
import re
import time

import pytest
from django.core import signing

from balai.core.models import AuditEntry
from balai.documents import links
from balai.payments.models import Receipt
from balai.payments.receipts import receipt_issue_for_payment
from balai.payments.services import payment_post

from .factories import make_bill

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(signing):
    bill = make_bill(payer=None, payer_name="Siti Aminah")  # paid at a bank, no account
    result = payment_post(payment_code=bill.payment_code, channel="sandbox", external_ref="TRX-L1", amount=bill.total)
    receipt_issue_for_payment(payment_id=result.payment.pk)
    return bill, result.payment, Receipt.objects.get(payment=result.payment)


def _download_href(page: str) -> str:
    return re.search(r'href="([^"]+)" id="receipt-download"', page).group(1).replace("&amp;", "&")


def test_the_payer_without_an_account_downloads_the_receipt_from_the_bill_page(client, paid):
    bill, payment, receipt = paid
    page = client.get(f"/bayar/{bill.payment_code}/").content.decode()
    href = _download_href(page)
    assert href.startswith("/bayar/dokumen/") and "/masuk/" not in href
    response = client.get(href)
    assert response.status_code == 200 and b"".join(response.streaming_content)[:5] == b"%PDF-"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    entry = AuditEntry.objects.filter(action="document.downloaded", object_id=str(receipt.document_id)).get()
    assert entry.actor_id is None and entry.data["via"] == "signed_link"
    # the link names nothing personal: its payload is the payment's row id alone
    token = href.split("/")[3]
    payload = json.loads(base64.urlsafe_b64decode(token.split(":")[0] + "=="))
    assert payload == {"k": "payment", "r": str(payment.pk)}
    assert "Siti" not in href and bill.payment_code not in href
    # the page of the link lists the receipt too
    listing = client.get(f"/bayar/dokumen/{token}/").content.decode()
    assert "Unduh Bukti Pembayaran (PDF)" in listing and href in listing


def test_a_tampered_or_expired_link_gives_a_clear_page_and_no_document(client, paid, monkeypatch):
    bill, payment, receipt = paid
    href = _download_href(client.get(f"/bayar/{bill.payment_code}/").content.decode())
    token = href.split("/")[3]
    forged = links.sign("payment", payment.pk + 1)  # a real signature for another payment
    assert forged != token
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    refused = client.get(href.replace(token, tampered))
    assert refused.status_code == 404 and "Tautan tidak berlaku" in refused.content.decode()
    # a genuine link opens only its own payment's documents
    assert client.get(href.replace(token, forged)).status_code == 404
    # 31 days later
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 31 * 86400)
    old = links.sign("payment", payment.pk)
    monkeypatch.setattr(signing.time, "time", real_time)
    expired = client.get(href.replace(token, old))
    assert expired.status_code == 410 and "Tautan sudah kedaluwarsa" in expired.content.decode()
    assert client.get(f"/bayar/dokumen/{old}/").status_code == 410
    assert not AuditEntry.objects.filter(action="document.downloaded").exists()
