"""Builders for payments tests."""

from __future__ import annotations

import json
import secrets
import time

from django.conf import settings

from balai.payments.gateways.base import hmac_signature
from balai.payments.services import LineSpec, bill_issue

PKB_LINES = [("pkb", "PKB pokok", 135_542), ("opsen_pkb", "Opsen PKB", 89_458), ("swdkllj", "SWDKLLJ", 35_000)]


def make_bill(*, lines=PKB_LINES, regency_code: str = "3578", payer=None, payer_name: str = "Siti Aminah",
              kind: str = "test", description: str = "Tagihan uji", **kwargs):
    return bill_issue(kind=kind, subject_type="test", subject_id=secrets.token_hex(4), payer=payer,
                      payer_name=payer_name, description=description, regency_code=regency_code,
                      lines=[LineSpec(tax_head=h, label=label, amount=a) for h, label, a in lines], **kwargs)


def notification(bill, *, status: str = "paid", amount: int | None = None, bank_ref: str | None = None,
                 event_id: str | None = None, gateway_ref: str = "SBX0000000000000000") -> dict:
    return {"event_id": event_id or "EVT" + secrets.token_hex(8), "type": f"payment.{status}", "status": status,
            "gateway_ref": gateway_ref, "payment_code": bill.payment_code,
            "amount": bill.total if amount is None else amount,
            "bank_ref": (bank_ref or "TRX" + secrets.token_hex(6)) if status == "paid" else "",
            "paid_at": "2026-03-02T03:04:05+00:00" if status == "paid" else ""}


def signed(payload: dict | bytes, *, timestamp: int | None = None, secret: str | None = None) -> tuple[bytes, dict]:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    ts = str(int(time.time()) if timestamp is None else timestamp)
    sig = hmac_signature(secret or settings.PAYMENTS_SANDBOX["SECRET"], ts, body)
    return body, {"HTTP_X_SANDBOX_TIMESTAMP": ts, "HTTP_X_SANDBOX_SIGNATURE": sig}


def post_webhook(client, payload, **kwargs):
    body, headers = signed(payload, **kwargs)
    return client.post("/api/payments/webhooks/sandbox/", data=body, content_type="application/json", **headers)
