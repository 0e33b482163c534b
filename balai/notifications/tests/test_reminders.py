"""``balai send_reminders`` over the vehicles source: the exact-day notices to the verified NIK
holder only, capped per run and resumed by the next run, never twice."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from balai.notifications.models import Notification, ReminderRun
from balai.vehicles.tests.factories import make_vehicle

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _sandbox(sandbox_bank):
    """vehicle_register bills nothing, but the vehicles app's fixtures expect the sandbox bank."""


def test_capped_resumed_and_only_once(commit, make_citizen, daytime):
    holder = make_citizen(username="pemilik", nik="3578084512990001", identity="verified")
    claimer = make_citizen(username="pengaku", nik="3578084512990001", identity="claimed")
    for n in range(3):
        make_vehicle(plate=f"L {100 + n} AA", due_date=TODAY + timedelta(days=30))
    make_vehicle(plate="L 200 AA", due_date=TODAY + timedelta(days=7))
    make_vehicle(plate="L 300 AA", due_date=TODAY + timedelta(days=12))  # no notice today
    out = StringIO()
    with commit():
        call_command("send_reminders", today=TODAY, cap=2, source=["vehicles"], quiet=True, stdout=out)
    assert "cap reached" in out.getvalue() and Notification.objects.count() == 2
    with commit():
        call_command("send_reminders", today=TODAY, cap=100, source=["vehicles"], quiet=True, stdout=out)
        call_command("send_reminders", today=TODAY, cap=100, source=["vehicles"], quiet=True, stdout=out)
    events = sorted(Notification.objects.values_list("event", flat=True))
    assert events == ["vehicles.pkb_due_30"] * 3 + ["vehicles.pkb_due_7"]
    assert set(Notification.objects.values_list("recipient", flat=True)) == {holder.pk}
    assert not Notification.objects.filter(recipient=claimer).exists()
    assert ReminderRun.objects.get(source="vehicles", day=TODAY).finished_at is not None
    ReminderRun.objects.all().delete()  # even a run started over sends nothing twice
    with commit():
        call_command("send_reminders", today=TODAY, source=["vehicles"], quiet=True, stdout=out)
    assert Notification.objects.count() == 4


def test_deletion_warning_is_required(commit, make_citizen, daytime):
    from balai.notifications.models import Preference

    holder = make_citizen(username="pemilik", nik="3578084512990001", identity="verified")
    Preference.objects.create(user=holder, channels=["email"], opted_out=["vehicles"])
    # deletion 2 years after STNK expiry; the first warning 3 months before: STNK expired 21 months ago
    make_vehicle(plate="L 400 AA", stnk_valid_until=date(2024, 6, 2), due_date=date(2027, 1, 1))
    with commit():
        call_command("send_reminders", today=TODAY, source=["vehicles"], quiet=True, stdout=StringIO())
    n = Notification.objects.get()
    assert n.event == "vehicles.deletion_warning_1" and not n.skipped and n.deliveries.get().status == "sent"
