from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task
def send_reminders() -> int:
    """Daily: the SIM and passport reminders due today (idempotent per occurrence)."""
    from .notices import send_due_reminders

    return send_due_reminders(today=timezone.localdate())
