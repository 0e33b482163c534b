"""This app's periodic tasks, added to Celery beat's schedule at start-up (settings.py stays as
it is): the dispatcher every minute and the daily reminders at 08:00 Asia/Jakarta (after quiet
hours). ``NOTIFY_BEAT = False`` leaves them out."""

from __future__ import annotations

from celery.schedules import crontab
from django.conf import settings

SCHEDULE = {
    "notifications-dispatch-due": {"task": "balai.notifications.tasks.dispatch_due", "schedule": 60.0},
    "notifications-send-reminders": {"task": "balai.notifications.tasks.send_reminders",
                                     "schedule": crontab(hour=8, minute=0)},
}


def register_beat() -> None:
    if not getattr(settings, "NOTIFY_BEAT", True):
        return
    from balai.core.periodic import register_periodic

    for name, entry in SCHEDULE.items():
        register_periodic(name, entry["task"], entry["schedule"])
