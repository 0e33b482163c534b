"""Notices: booked and cancelled reach the citizen once per event; the day-before reminder once per
booking however often the daily task runs."""

import datetime as dt

import pytest
from django.utils import timezone

from balai.appointments import notices, services
from balai.notifications.models import Notification

from .factories import TEST_KIND, make_service, open_day

pytestmark = pytest.mark.django_db


def test_booked_moved_cancelled_and_tomorrow(make_citizen, django_capture_on_commit_callbacks):
    service = make_service()
    citizen = make_citizen()
    day = open_day(service)
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book(citizen=citizen, location=service.location, kind=TEST_KIND, day=day,
                                start=dt.time(9))
        services.move(booking, day=day, start=dt.time(10), by=citizen)
    booked = Notification.objects.filter(recipient=citizen, event="appointments.booked")
    assert booked.count() == 2
    assert notices.remind_tomorrow(day - dt.timedelta(days=1)) == 1
    notices.remind_tomorrow(day - dt.timedelta(days=1))
    assert Notification.objects.filter(recipient=citizen, event="appointments.tomorrow").count() == 1
    assert notices.remind_tomorrow(timezone.localdate() + dt.timedelta(days=90)) == 0
    services.cancel(booking, by=citizen)
    assert Notification.objects.filter(recipient=citizen, event="appointments.cancelled").count() == 1
