"""Celery tasks of the ASN workspace."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def open_retirement_files() -> int:
    """Daily: open the retirement files that have come within the lead time, each a case
    (files.retirement_open_due), and remind those still waiting for their documents
    (files.retirement_remind_due)."""
    from .files import retirement_open_due, retirement_remind_due

    opened = retirement_open_due()
    retirement_remind_due()
    return opened
