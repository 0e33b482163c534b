"""Celery tasks of the payments app (eager in-process in the embedded default)."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .idempotency import idempotency_purge
from .models import WebhookDelivery
from .receipts import receipt_issue_for_payment, receipt_issue_for_reference
from .reconciliation import attempts_reconcile
from .services import bills_expire_overdue


@shared_task(bind=True, max_retries=5, default_retry_delay=30, acks_late=True)
def issue_receipt(self, payment_id: int | None = None, *, channel: str = "", external_ref: str = "") -> str | None:
    """Queued by the posting in the outbox (receipts.py) with the payment's channel reference;
    ``payment_id`` for a message queued before that."""
    if payment_id is None:
        receipt = receipt_issue_for_reference(channel=channel, external_ref=external_ref)
    else:
        receipt = receipt_issue_for_payment(payment_id=payment_id)
    return receipt.document_id if receipt else None


@shared_task
def reconcile_pending() -> dict:
    """Every few minutes (CELERY_BEAT_SCHEDULE): status queries for quiet attempts, overdue bills."""
    report = attempts_reconcile()
    expired = bills_expire_overdue()
    return {**report.__dict__, "expired": expired}


@shared_task
def purge_payment_keys() -> dict:
    cutoff = timezone.now() - timedelta(seconds=2 * settings.PAYMENTS_WEBHOOK_TOLERANCE)
    deliveries, _ = WebhookDelivery.objects.filter(received_at__lt=cutoff).delete()
    return {"idempotency": idempotency_purge(), "deliveries": deliveries}
