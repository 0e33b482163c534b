"""Celery tasks of the notifications app (run through ``balai.core.outbox`` or beat)."""

from __future__ import annotations

from celery import shared_task

from . import delivery


@shared_task(name="balai.notifications.tasks.send_delivery")
def send_delivery(delivery_id: int) -> str:
    return delivery.send(delivery_id)


@shared_task(name="balai.notifications.tasks.dispatch_due")
def dispatch_due() -> int:
    """Every minute (beat): retries, deferred and morning deliveries."""
    return delivery.dispatch_due()


@shared_task(name="balai.notifications.tasks.sandbox_report")
def sandbox_report(ref: str, status: str, reason: str = "") -> bool:
    """The sandbox provider's signed delivery report (``callbacks.post_sandbox_report``)."""
    from .callbacks import post_sandbox_report

    return post_sandbox_report(ref, status, reason)


@shared_task(name="balai.notifications.tasks.send_code")
def send_code(challenge_id: int, body: str) -> str:
    from .contacts import send_code as send

    return send(challenge_id, body)


@shared_task(name="balai.notifications.tasks.send_reminders")
def send_reminders() -> int:
    """Daily (beat): the reminder sources' notices of today (``balai send_reminders``)."""
    from .reminders import run

    return run(progress_bar=False).notified
