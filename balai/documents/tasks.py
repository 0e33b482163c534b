"""Celery tasks of the documents app (eager in the embedded default, see balai/celery.py)."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import OperationalError


@shared_task(bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True,
             retry_backoff_max=300, max_retries=5)
def issue_document(self, *, owner_id=None, **kwargs) -> int:
    """Issue one document. Safe to run twice (a redelivered or retried message): the service is
    idempotent per (subject_type, subject_id, doc_type, version) and returns the existing one."""
    from .services import document_issue

    owner = get_user_model().objects.get(pk=owner_id) if owner_id else None
    return document_issue(owner=owner, **kwargs).pk
