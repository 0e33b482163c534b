"""Celery tasks of the quality app."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def refresh_dashboard() -> dict:
    """Periodic: add the new case log to the dashboard's month rows, rebuild the recent PKB days and
    the months of document verifications since the last run."""
    from .services.refresh import refresh_dashboard as run

    return run()


@shared_task(acks_late=True)
def refresh_fluency() -> int:
    """Periodic (hourly): copy the units' ASN fluency counts for the public dashboard. Apart from
    the dashboard refresh, whose one-day run has its own time budget (bench/dashboard.py)."""
    from .services.fluency import refresh_fluency as run

    return run(force=True)  # the beat schedule sets the pace
