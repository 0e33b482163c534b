"""Periodic tasks: the one way an app puts a task on Celery beat's schedule.

An app calls ``register_periodic(name, task, schedule)`` in ``AppConfig.ready()``; the entry goes
into ``settings.CELERY_BEAT_SCHEDULE`` (where the project's own entries live) and, when Celery's
configuration was already read, into the running app's ``beat_schedule`` too. An entry the
settings already hold by that name wins, so an operator can change or disable (``"schedule": None``
is refused by Celery; delete it in settings instead) a schedule in one place.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def register_periodic(name: str, task: str, schedule: Any, **options: Any) -> None:
    entry = {"task": task, "schedule": schedule, **({"options": options} if options else {})}
    beat = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
    if isinstance(beat, dict):
        entry = beat.setdefault(name, entry)
    from balai.celery import app

    app.conf.beat_schedule.setdefault(name, entry)
