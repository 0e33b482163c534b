"""Receipts: a signed 58 mm PDF per posted payment, issued by ``balai.documents`` (#4).

Issued after the posting commits (``on_commit`` → Celery task), never inside it: a slow PDF must
not hold the bill lock, and a rolled-back posting must not leave a receipt. Idempotent: the
payment row is locked and the one-to-one ``Receipt`` checked first, so a retried task (or the
reconciliation job re-queueing a lost one) never issues a second receipt.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Payment, Receipt
from .states import PaymentStatus

log = logging.getLogger("balai.payments")


def _documents_receipt_issue():
    try:
        from balai.documents.services import receipt_issue
    except ImportError:  # documents (#4) not installed yet: reconciliation re-queues later
        return None
    return receipt_issue


def receipt_lines(payment: Payment) -> list[dict]:
    return [{"tax_head": line.tax_head, "label": line.label, "amount": line.amount,
             "beneficiary": line.beneficiary.name}
            for line in payment.bill.lines.select_related("beneficiary").order_by("position")]


def receipt_issue_for_payment(*, payment_id: int) -> Receipt | None:
    receipt_issue = _documents_receipt_issue()
    if receipt_issue is None:
        log.warning("balai.documents.services.receipt_issue is not available; receipt for %s deferred", payment_id)
        return None
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("bill").get(pk=payment_id)
        if payment.status != PaymentStatus.POSTED:
            return None
        existing = Receipt.objects.filter(payment=payment).first()
        if existing is not None:
            return existing
        bill = payment.bill
        document = receipt_issue(
            subject_type="payment", subject_id=str(payment.pk), receipt_number=payment.receipt_number,
            payer_name=bill.payer_name, lines=receipt_lines(payment), total=payment.amount, paid_at=payment.paid_at,
            channel=payment.channel, issuing_unit=settings.PAYMENTS_ISSUING_UNIT, owner=bill.payer,
            extra={"payment_code": bill.payment_code, "description": bill.description, "period": bill.period,
                   "reference": payment.external_ref},
        )
        return Receipt.objects.create(payment=payment, document_id=str(document.pk), verify_url=document.verify_url,
                                      download_path=document.download_path, issued_at=timezone.now())
