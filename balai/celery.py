"""Celery application.

With ``CELERY_BROKER_URL`` set (Redis in production) tasks go to workers; without it
``task_always_eager`` is on (see settings) and every task runs in-process, so the embedded
default needs no broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "balai.settings")

app = Celery("balai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
