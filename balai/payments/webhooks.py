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

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from balai.core.batch import Batch, Statement, update

from .gateways.base import Gateway, Notification, WebhookRejected
from .models import Bill, BillEvent, PaymentAttempt, ReviewTask, TaskKind, WebhookNotification
from .services import Also, PaymentError, PostingReads, PostingResult, payment_post
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
    try:
        return _receive(gateway, notification, signature)
    except IntegrityError:
        # The one race payment_post leaves to its caller (savepoint=False): the same bank
        # reference posted for another bill at the same instant. Everything above rolled back
        # (delivery and notification rows included); the retry finds the other payment inside
        # the bill's lock and records the refusal.
        log.warning("webhook %s from %s: reference race, retrying", notification.event_id, gateway.name)
        return _receive(gateway, notification, signature)


def _receive(gateway: Gateway, notification: Notification, signature: str) -> tuple[int, dict[str, Any]]:
    with transaction.atomic():
        # One round trip: the replay check, the notification check and the attempt lookup. Each
        # insert is ``INSERT … ON CONFLICT DO NOTHING``: no savepoint; a concurrent inserter of the
        # same key waits for the first transaction and then inserts nothing (PostgreSQL and SQLite
        # alike). A replay carries the same body, so its notification insert is a no-op too.
        gate = Batch()
        i_delivery = gate.add(*_insert_once("payments_webhookdelivery", "gateway, signature", gateway.name, signature))
        i_notification = gate.add(*_insert_once("payments_webhooknotification", "gateway, event_id", gateway.name,
                                                notification.event_id, payload=notification.raw))
        attempt_sql = ("SELECT {} FROM payments_paymentattempt a JOIN payments_bill b ON b.id = a.bill_id "
                       "WHERE a.gateway = %s AND a.gateway_ref = %s")
        attempt_params = [gateway.name, notification.gateway_ref]
        i_attempt = gate.add(attempt_sql.format("a.id, a.bill_id, a.status, b.payment_code"), attempt_params)
        reads = None
        if notification.status == "paid":
            # The posting's reads under the bill's lock ride along (services.PostingReads). For a
            # replay or a redelivery they lock the bill for nothing, until this transaction ends.
            code = (f"COALESCE(({attempt_sql.format('b.payment_code')}), %s)",
                    [*attempt_params, notification.payment_code])
            reads = PostingReads(gate, payment_code=code, channel=gateway.name,
                                 external_ref=notification.external_ref or notification.gateway_ref)
        rows = gate.run()
        if reads is not None:
            reads.received(rows)
        if not rows[i_delivery]:
            log.warning("webhook from %s refused: replay of %s", gateway.name, notification.event_id)
            return 409, _error("replayed", "this signed request was already received")
        if not rows[i_notification]:
            # A redelivery: the first delivery's transaction has committed (the insert waited for
            # it on the unique index), so its response is there to repeat.
            return 200, WebhookNotification.objects.get(gateway=gateway.name,
                                                        event_id=notification.event_id).response
        attempt, payment_code = None, notification.payment_code
        if rows[i_attempt]:
            pk, bill_id, status, payment_code = rows[i_attempt][0]
            attempt = PaymentAttempt(pk=pk, bill_id=bill_id, status=status, gateway=gateway.name,
                                     gateway_ref=notification.gateway_ref)
            attempt._state.adding, attempt._state.db = False, gate.using
        notification_id = rows[i_notification][0][0]

        def store_response(result: PostingResult) -> list[Statement]:
            # Sent with the posting's writes; the response is known before they run.
            return [update(WebhookNotification, notification_id, {"response": result.as_dict()})]

        response, stored = _process(gateway, notification, attempt, payment_code, store_response, reads)
        if not stored:
            WebhookNotification.objects.filter(pk=notification_id).update(response=response)
    return 200, response


def _insert_once(table: str, columns: str, first: str, second: str, payload: dict | None = None) -> Statement:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING id``: a row comes back if this call inserted."""
    extra = ", payload, response" if payload is not None else ""
    values = ", %s, '{}'" if payload is not None else ""
    params: list[Any] = [first, second, connection.ops.adapt_datetimefield_value(timezone.now())]
    if payload is not None:
        params.append(connection.ops.adapt_json_value(payload, None))
    return (f"INSERT INTO {table} ({columns}, received_at{extra}) VALUES (%s, %s, %s{values}) "  # noqa: S608
            f"ON CONFLICT ({columns}) DO NOTHING RETURNING id", params)


def _unknown_bill(gateway: Gateway, n: Notification, payment_code: str) -> dict[str, Any]:
    ReviewTask.objects.create(kind=TaskKind.UNKNOWN_BILL, summary=f"Notification for unknown bill {payment_code}",
                              data={"gateway": gateway.name, "event_id": n.event_id, "amount": n.amount,
                                    "reference": n.external_ref}, created_at=timezone.now())
    return {"result": "unknown_bill", "payment_code": payment_code}


def _process(gateway: Gateway, n: Notification, attempt: PaymentAttempt | None, payment_code: str,
             also: Also, reads: PostingReads | None) -> tuple[dict[str, Any], bool]:
    """The response, and whether it was already stored (with the posting's writes)."""
    if n.status == "paid":
        try:
            result = payment_post(payment_code=payment_code, channel=gateway.name,
                                  external_ref=n.external_ref or n.gateway_ref, amount=n.amount, paid_at=n.paid_at,
                                  attempt=attempt, source="webhook", savepoint=False, also=also, reads=reads)
        except PaymentError as exc:
            if exc.code == "unknown_bill":
                return _unknown_bill(gateway, n, payment_code), False
            log.warning("webhook %s not posted: %s", n.event_id, exc.code)
            return {"result": "rejected", "reason": exc.code, "payment_code": payment_code}, False
        return result.as_dict(), result.also_done
    return _noted(gateway, n, attempt, payment_code), False


def _noted(gateway: Gateway, n: Notification, attempt: PaymentAttempt | None, payment_code: str) -> dict[str, Any]:
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
