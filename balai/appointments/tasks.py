"""Periodic tasks of the booking engine (added to Celery beat in ``AppointmentsConfig.ready``)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import notices


@shared_task(name="balai.appointments.tasks.remind_tomorrow")
def remind_tomorrow() -> int:
    """Daily: remind the citizens who have a booking tomorrow."""
    return notices.remind_tomorrow(timezone.localdate())
