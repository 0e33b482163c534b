"""Gateway notifications → payments.

Order of checks, each before any money is touched:
1. the plugin verifies the HMAC signature in constant time and the timestamp's freshness
   (``PAYMENTS_WEBHOOK_TOLERANCE``, 5 minutes) — a bad one is refused (401);
2. the exact signed request seen before is a replay — refused (409);
3. a notification (event id) seen before gets the stored response again, nothing else happens;
4. otherwise the notification is processed under the bill's row lock (``services.payment_post``).

Money that cannot settle the bill (expired, cancelled, already paid, wrong amount) is still
acknowledged with 200 — the bank must stop retrying — but recorded as refund-required or
rejected, with a task for a supervisor. A browser redirect never reaches this module.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from .gateways.base import Gateway, Notification, WebhookRejected
from .models import Bill, BillEvent, PaymentAttempt, ReviewTask, TaskKind, WebhookNotification
from .services import PaymentError, payment_post
from .states import AttemptStatus

log = logging.getLogger("balai.payments")


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": {}}}


def webhook_receive(*, gateway: Gateway, headers: Mapping[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
    try:
        notification, signature = gateway.parse_webhook(headers=headers, body=body)
    except WebhookRejected as exc:
        log.warning("webhook from %s refused: %s", gateway.name, exc.code)
        return exc.status_code, _error(exc.code, exc.message)
    with transaction.atomic():
        if not _insert_once("payments_webhookdelivery", "gateway, signature", gateway.name, signature):
            log.warning("webhook from %s refused: replay of %s", gateway.name, notification.event_id)
            return 409, _error("replayed", "this signed request was already received")
        if not _insert_once("payments_webhooknotification", "gateway, event_id", gateway.name, notification.event_id):
            # A redelivery: the first delivery's transaction has committed (the insert waited for
            # it on the unique index), so its response is there to repeat.
            return 200, WebhookNotification.objects.get(gateway=gateway.name, event_id=notification.event_id).response
        response = _process(gateway, notification)
        WebhookNotification.objects.filter(gateway=gateway.name, event_id=notification.event_id).update(
            payload=notification.raw, response=response)
    return 200, response


def _insert_once(table: str, columns: str, first: str, second: str) -> bool:
    """``INSERT … ON CONFLICT DO NOTHING``: True if this call inserted the row. One statement and
    no savepoint on the hot path; a concurrent inserter of the same key waits for the first
    transaction and then inserts nothing (PostgreSQL and SQLite alike)."""
    extra = ", payload, response" if table == "payments_webhooknotification" else ""
    values = ", '{}', '{}'" if extra else ""
    sql = (f"INSERT INTO {table} ({columns}, received_at{extra}) VALUES (%s, %s, %s{values}) "  # noqa: S608
           f"ON CONFLICT ({columns}) DO NOTHING RETURNING id")
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, second, connection.ops.adapt_datetimefield_value(timezone.now())])
        return cursor.fetchone() is not None


def _unknown_bill(gateway: Gateway, n: Notification, payment_code: str) -> dict[str, Any]:
    ReviewTask.objects.create(kind=TaskKind.UNKNOWN_BILL, summary=f"Notification for unknown bill {payment_code}",
                              data={"gateway": gateway.name, "event_id": n.event_id, "amount": n.amount,
                                    "reference": n.external_ref}, created_at=timezone.now())
    return {"result": "unknown_bill", "payment_code": payment_code}


def _process(gateway: Gateway, n: Notification) -> dict[str, Any]:
    attempt = (PaymentAttempt.objects.select_related("bill")
               .filter(gateway=gateway.name, gateway_ref=n.gateway_ref).first())
    payment_code = attempt.bill.payment_code if attempt else n.payment_code
    if n.status == "paid":
        try:
            result = payment_post(payment_code=payment_code, channel=gateway.name,
                                  external_ref=n.external_ref or n.gateway_ref, amount=n.amount, paid_at=n.paid_at,
                                  attempt=attempt, source="webhook")
        except PaymentError as exc:
            if exc.code == "unknown_bill":
                return _unknown_bill(gateway, n, payment_code)
            log.warning("webhook %s not posted: %s", n.event_id, exc.code)
            return {"result": "rejected", "reason": exc.code, "payment_code": payment_code}
        return result.as_dict()
    if attempt is None and not Bill.objects.filter(payment_code=payment_code).exists():
        return _unknown_bill(gateway, n, payment_code)
    # A failure or expiry only describes the attempt; it never closes the bill, and a "paid"
    # that arrives after it (out of order, or a retry that succeeded) is still posted.
    if attempt is None:
        return {"result": "noted", "payment_code": payment_code}
    attempt = PaymentAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.status == AttemptStatus.PENDING:
        attempt.status = AttemptStatus.FAILED if n.status == "failed" else AttemptStatus.EXPIRED
        attempt.save(update_fields=["status"])
        BillEvent.objects.create(bill=attempt.bill, kind=f"attempt.{attempt.status}", created_at=timezone.now(),
                                 data={"gateway": gateway.name, "gateway_ref": attempt.gateway_ref,
                                       "event_id": n.event_id})
    return {"result": "noted", "payment_code": payment_code, "attempt_status": attempt.status}
