"""Every app's periodic task is on beat's schedule, by one registry, and names a real task."""

from __future__ import annotations

from django.conf import settings

from balai.celery import app


def test_the_new_apps_schedules_are_on_beat_and_name_registered_tasks():
    expected = {"notifications-dispatch-due", "notifications-send-reminders", "quality-refresh-dashboard",
                "appointments-remind-tomorrow", "asn-open-retirement-files", "mobility-send-reminders", "core-drain-outbox"}
    assert expected <= set(settings.CELERY_BEAT_SCHEDULE)
    assert expected <= set(app.conf.beat_schedule)
    app.loader.import_default_modules()
    unknown = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] not in app.tasks]
    assert unknown == []
