"""Races on PostgreSQL with real row locks: the last places of a slot go to exactly as many
bookings as there are places."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from balai.appointments import services
from balai.appointments.errors import AppointmentError
from balai.appointments.models import Booking, Slot

from .factories import make_service, open_day

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _race(calls):
    results: list = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def worker(i, call):
        try:
            barrier.wait()
            results[i] = ("ok", call())
        except AppointmentError as exc:
            results[i] = ("refused", exc.code)
        except Exception as exc:  # noqa: BLE001
            results[i] = ("error", repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return results


def test_fifty_racing_bookings_for_the_last_three_places_make_exactly_three(make_citizen):
    service = make_service(capacity=10)
    day, nine = open_day(service), dt.time(9, 0)
    for _ in range(7):
        services.book(citizen=make_citizen(), location=service.location, kind=service.kind, day=day, start=nine)
    citizens = [make_citizen() for _ in range(50)]
    results = _race([lambda c=c: services.book(citizen=c, location=service.location, kind=service.kind, day=day,
                                               start=nine) for c in citizens])
    assert [r[0] for r in results].count("ok") == 3, results
    assert all(r == ("refused", "slot_full") for r in results if r[0] != "ok"), results
    slot = Slot.objects.get(service=service, date=day, start=nine)
    assert slot.booked == slot.capacity == Booking.objects.filter(slot=slot).count() == 10


def test_one_citizen_on_two_devices_gets_one_booking(make_citizen):
    service = make_service(capacity=10)
    day, citizen = open_day(service), make_citizen()
    results = _race([lambda t=t: services.book(citizen=citizen, location=service.location, kind=service.kind, day=day,
                                               start=t) for t in (dt.time(9, 0), dt.time(10, 0))] * 3)
    assert [r[0] for r in results].count("ok") == 1, results
    assert Booking.objects.filter(citizen=citizen).count() == 1
    assert sum(Slot.objects.filter(service=service).values_list("booked", flat=True)) == 1
