"""Sending a delivery, its retries, fail-over and delivery reports.

``send(delivery_id)`` runs in a worker (through the outbox, or the dispatcher for retries and the
morning after quiet hours). It locks the delivery row and sends only a *queued* one that is due, so
the same task run twice — or a retry racing the dispatcher — hands the message over once; a
provider is idempotent on the delivery's reference for the crash between hand-over and commit.

- a temporary failure counts an attempt and waits (``conf.BACKOFF_SECONDS``); after the channel's
  ``conf.MAX_ATTEMPTS`` it is a permanent failure;
- a permanent failure marks the delivery failed with the reason and fails over along
  WhatsApp → SMS → e-mail to the next channel this notification has no delivery on yet;
- a provider's rate limit (``conf.rate``, shared counters of ``balai.core.throttling``) defers
  the delivery without counting an attempt.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from balai.core import throttling

from . import conf
from .models import Channel, Delivery, Status
from .providers import OutgoingMessage, PermanentFailure, TemporaryFailure, get_provider
from .quiet import allowed_from
from .registry import get_event

log = logging.getLogger("balai.notifications")


def provider_code(channel: str) -> str:
    if channel == Channel.EMAIL:
        return "email"
    return conf.whatsapp_provider() if channel == Channel.WHATSAPP else conf.sms_provider()


def backoff(attempts: int) -> timedelta:
    steps = conf.BACKOFF_SECONDS
    return timedelta(seconds=steps[min(attempts, len(steps)) - 1])


def send(delivery_id: int) -> str:
    """Try to send one delivery; returns what happened (for tests and logs).

    No savepoint of its own (two round trips fewer per message): the outbox runs it inside the
    row's savepoint and ``dispatch_due`` inside its own atomic block, which an exception rolls
    back; a caller inside a transaction gives it one the same way."""
    with transaction.atomic(savepoint=False):
        d = Delivery.objects.select_for_update().select_related("notification").filter(pk=delivery_id).first()
        if d is None or d.status != Status.QUEUED:
            return "done"
        now = timezone.now()
        if d.next_attempt_at and d.next_attempt_at > now:
            return "not_due"
        morning = allowed_from(d.channel, now)
        if morning > now:
            return _defer(d, morning, "quiet")
        code = provider_code(d.channel)
        if not code:
            return _fail(d, "saluran tidak tersedia", now)
        ticket = throttling.hit(f"notify-provider:{code}", "all", conf.rate(code))
        if not ticket.allowed:
            return _defer(d, now + timedelta(seconds=ticket.retry_after), "throttled")
        message = OutgoingMessage(ref=f"balai-n{d.pk}", channel=d.channel, to=d.address, body=d.body,
                                  subject=d.subject, params=d.notification.context)
        try:
            ref = get_provider(code).send(message)
        except PermanentFailure as exc:
            d.attempts += 1
            return _fail(d, str(exc), now)
        except TemporaryFailure as exc:
            d.attempts += 1
            if d.attempts >= conf.MAX_ATTEMPTS.get(d.channel, 5):
                return _fail(d, f"{exc} ({d.attempts}x)", now)
            d.reason = str(exc)[:300]
            return _defer(d, now + backoff(d.attempts), "retry")
        d.attempts += 1
        d.status, d.provider, d.provider_ref, d.reason = Status.SENT, code, ref[:80], ""
        d.sent_at = d.updated_at = now
        d.save(update_fields=["attempts", "status", "provider", "provider_ref", "reason", "sent_at", "updated_at"])
        return "sent"


def _defer(d: Delivery, when, outcome: str) -> str:
    d.next_attempt_at, d.updated_at = when, timezone.now()
    d.save(update_fields=["next_attempt_at", "attempts", "reason", "updated_at"])
    return outcome


def _fail(d: Delivery, reason: str, now) -> str:
    d.status, d.reason, d.updated_at, d.next_attempt_at = Status.FAILED, reason[:300], now, None
    d.save(update_fields=["status", "reason", "attempts", "updated_at", "next_attempt_at"])
    log.info("notification delivery %s on %s failed: %s", d.pk, d.channel, d.reason)
    failover(d, now)
    return "failed"


def failover(d: Delivery, now) -> Delivery | None:
    """After ``d`` failed for good: the next channel along WhatsApp → SMS → e-mail that this
    notification has not used yet and the person can be reached on."""
    from .services import FAILOVER_ORDER, add_delivery, addresses, preference

    notification = d.notification
    used = set(notification.deliveries.values_list("channel", flat=True))
    reachable = addresses(notification.recipient, preference(notification.recipient))
    later = FAILOVER_ORDER[FAILOVER_ORDER.index(d.channel) + 1:] if d.channel in FAILOVER_ORDER else ()
    for channel in later:
        if channel in used:
            return None  # that channel already carries this notification
        if channel in reachable:
            return add_delivery(notification, get_event(notification.event), channel, reachable[channel], now=now,
                                failover_of=d)
    return None


def dispatch_due(*, limit: int = 500) -> int:
    """Send the queued deliveries whose time has come (retries, the morning after quiet hours,
    deferred by a rate limit). Periodic (beat)."""
    now = timezone.now()
    ids = list(Delivery.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now)
               .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    for pk in ids:
        with transaction.atomic():  # each its own (``send`` takes no savepoint)
            send(pk)
    return len(ids)


def record_status(provider: str, ref: str, status: str, reason: str = "") -> bool:
    """A provider's delivery report: a sent delivery becomes delivered, or failed (then fail-over).
    A report for a delivery already delivered or failed changes nothing (reports repeat)."""
    if status not in ("delivered", "failed"):
        return False
    with transaction.atomic(savepoint=False):  # as ``send``
        d = (Delivery.objects.select_for_update().select_related("notification")
             .filter(provider=provider, provider_ref=ref).first())
        if d is None or d.status != Status.SENT:
            return False
        now = timezone.now()
        if status == "delivered":
            d.status, d.delivered_at, d.updated_at = Status.DELIVERED, now, now
            d.save(update_fields=["status", "delivered_at", "updated_at"])
        else:
            _fail(d, reason or "penyedia melaporkan gagal", now)
    return True
