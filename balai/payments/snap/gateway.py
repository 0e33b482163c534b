"""The SNAP gateway plugin: "bank transfer" to a virtual account that any SNAP bank can collect.

Balai is the biller here, so starting a payment asks no bank: the VA number is the bank's
``partnerServiceId`` + the payment code, shown for each configured bank. Money arrives only
through the bank's synchronous payment flag (``handlers.payment``), never by webhook."""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from django.utils import timezone

from ..gateways.base import (
    Gateway,
    GatewayError,
    Instructions,
    Notification,
    StatusResult,
    WebhookRejected,
    registry,
)
from ..models import PaymentAttempt
from ..states import BillStatus
from .models import SnapPartner


def partners_for_payers():
    from ..sandbox import demo_mode

    qs = SnapPartner.objects.filter(active=True)
    return qs if demo_mode() else qs.filter(sandbox=False)


def va_number(partner: SnapPartner, payment_code: str) -> str:
    """What the payer types at the ATM: the company code (no padding) followed by the code."""
    return partner.partner_service_id.strip() + payment_code


@registry.register
class SnapGateway(Gateway):
    name = "snap"
    label = "Transfer bank (virtual account SNAP)"
    methods = ("va",)

    def start_payment(self, *, bill, method: str, return_url: str = "") -> Instructions:
        if method != "va":
            raise GatewayError(f"unsupported method {method}")
        partner = partners_for_payers().first()
        if partner is None:
            raise GatewayError("no SNAP bank is configured")
        pay_url = ""
        if partner.sandbox:  # demo mode only (partners_for_payers): the SNAP sandbox bank's page
            from .sandbox import pay_url as sandbox_pay_url

            pay_url = sandbox_pay_url(bill.payment_code)
        return Instructions(kind="va", gateway_ref="SNAP" + secrets.token_hex(8).upper(),
                            va_number=va_number(partner, bill.payment_code), pay_url=pay_url,
                            expires_at=bill.expires_at.isoformat())

    def parse_webhook(self, *, headers: Mapping[str, str], body: bytes) -> tuple[Notification, str]:
        raise WebhookRejected("not_supported", "SNAP banks flag payments synchronously (/v1.0/transfer-va/payment)",
                              status_code=404)

    def query_status(self, *, gateway_ref: str) -> StatusResult:
        """Nothing to ask a bank: a flag posts (and closes the attempt) at once. An attempt still
        pending whose bill is no longer payable was paid otherwise or lapsed."""
        attempt = PaymentAttempt.objects.select_related("bill").filter(gateway=self.name, gateway_ref=gateway_ref).first()
        if attempt is None:
            raise GatewayError(f"unknown attempt {gateway_ref}")
        bill = attempt.bill
        if bill.status == BillStatus.OPEN and bill.expires_at > timezone.now():
            return StatusResult(status="pending")
        return StatusResult(status="expired")
