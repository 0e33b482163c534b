"""Celery tasks of the core app."""

from __future__ import annotations

from celery import shared_task


@shared_task
def drain_outbox() -> int:
    """Every few seconds (CELERY_BEAT_SCHEDULE): the work committed changes asked for (outbox.py)."""
    from .outbox import drain

    return drain()
