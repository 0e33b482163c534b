"""Celery tasks of the case engine."""

from __future__ import annotations

import logging

from celery import shared_task

log = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=3, default_retry_delay=60, acks_late=True)
def issue_outputs(self, application_id: int) -> str:
    """Issue an approved case's documents and complete it. Safe to run twice."""
    from .services import application_issue_outputs

    try:
        app = application_issue_outputs(application_id=application_id)
    except Exception as exc:
        log.exception("issuing outputs failed for case %s", application_id)
        if self.request.is_eager:
            raise
        raise self.retry(exc=exc) from exc
    return app.state if app is not None else "skipped"


@shared_task(acks_late=True)
def escalate_overdue() -> dict:
    """Periodic (CELERY_BEAT_SCHEDULE): mark overdue cases and tell each unit's supervisors."""
    from .services import escalate_overdue as run

    return run()
