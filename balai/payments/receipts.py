"""Receipts: a signed 58 mm PDF per posted payment, issued by ``balai.documents``.

Issued after the posting commits, never inside it: a slow PDF must not hold the bill lock, and a
rolled-back posting must not leave a receipt. The posting queues ``tasks.issue_receipt`` in the
transactional outbox (``balai.core.outbox.prepare``), keyed by the payment's channel and reference
and inserted in the posting's own write batch (no round trip of its own). The outbox runs it
in-process right after the commit in the embedded default, and on a worker with a broker
(``drain_outbox``: ``SKIP LOCKED``, retries with back-off, then parked for an operator in the
admin's "pekerjaan tertunda" after ``OUTBOX_MAX_ATTEMPTS``).
Idempotent: the payment row is locked and the one-to-one ``Receipt`` checked first, so a retry,
a second worker or the agent desk issuing it on demand never issues a second receipt.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from balai.documents.services import receipt_issue as documents_receipt_issue

from . import notices
from .models import Payment, Receipt
from .states import PaymentStatus

log = logging.getLogger("balai.payments")


def _documents_receipt_issue():
    """documents' ``receipt_issue`` (a seam the outbox tests replace with a failing signer)."""
    return documents_receipt_issue


# Channels that are not a gateway plugin (those carry their own label) and whose reference is a
# device's key rather than something the payer can quote: printed by label, reference left out.
OTHER_CHANNELS = {"agent_cash": "Tunai di agen (titik layanan)"}


def channel_label(channel: str) -> str:
    """The payment channel as the receipt names it (Indonesian, like every signed document)."""
    from .gateways import registry

    if channel.startswith(SNAP_PREFIX):
        return snap_channel_label(channel)
    gateway = registry.get(channel)
    return (gateway.label if gateway is not None and gateway.label else OTHER_CHANNELS.get(channel, channel))


SNAP_PREFIX = "snap:"


def snap_channel_label(channel: str) -> str:
    """A SNAP bank's postings (channel ``snap:<bank code>``) named by the bank, never by its code."""
    from django.utils.translation import gettext as _

    from .snap.models import SnapPartner

    partner = SnapPartner.objects.filter(code=channel.removeprefix(SNAP_PREFIX)).first()
    if partner is None:
        return _("Transfer bank (virtual account)")
    return _("Transfer bank (%(bank)s)") % {"bank": partner.name}


def receipt_facts(payment: Payment) -> dict[str, str]:
    """The receipt's extra rows, label → value, labels in Indonesian (the template prints them)."""
    bill = payment.bill
    facts = {"Kode bayar": bill.payment_code, "Uraian": bill.description}
    if bill.period:
        facts["Masa/periode"] = bill.period
    if payment.external_ref and payment.channel not in OTHER_CHANNELS:
        facts["Referensi"] = payment.external_ref
    return facts


def receipt_lines(payment: Payment) -> list[dict]:
    return [{"tax_head": line.tax_head, "label": line.label, "amount": line.amount,
             "beneficiary": line.beneficiary.name}
            for line in payment.bill.lines.select_related("beneficiary").order_by("position")]


def receipt_issue_for_payment(*, payment_id: int) -> Receipt | None:
    receipt_issue = _documents_receipt_issue()
    with transaction.atomic():
        payment = Payment.objects.select_for_update(of=("self",)).select_related("bill").get(pk=payment_id)
        return _issue_locked(payment, receipt_issue)


def receipt_issue_for_reference(*, channel: str, external_ref: str) -> Receipt | None:
    """The outbox task's work: the receipt of the payment with this channel reference."""
    payment_id = (Payment.objects.filter(channel=channel, external_ref=external_ref)
                  .values_list("pk", flat=True).first())
    if payment_id is None:
        raise Payment.DoesNotExist(f"no payment {channel}:{external_ref}")
    return receipt_issue_for_payment(payment_id=payment_id)


def _issue_locked(payment: Payment, receipt_issue) -> Receipt | None:
    """On a payment row locked by the caller's transaction."""
    receipt = None
    if payment.status == PaymentStatus.POSTED:
        receipt = Receipt.objects.filter(payment=payment).first()
        if receipt is None:
            bill = payment.bill
            document = receipt_issue(
                subject_type="payment", subject_id=str(payment.pk), receipt_number=payment.receipt_number,
                payer_name=bill.payer_name, lines=receipt_lines(payment), total=payment.amount,
                paid_at=payment.paid_at, channel=channel_label(payment.channel),
                issuing_unit=settings.PAYMENTS_ISSUING_UNIT, owner=bill.payer, extra=receipt_facts(payment),
            )
            receipt = Receipt.objects.create(payment=payment, document_id=str(document.pk),
                                             verify_url=document.verify_url, download_path=document.download_path,
                                             issued_at=timezone.now())
            notices.paid(payment, receipt)  # the "paid" notice, with the receipt (balai.notifications)
    return receipt
