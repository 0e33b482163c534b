"""Property: no sequence of book / cancel / move / no-show exceeds a slot's capacity, and each
slot's count always equals the bookings holding a place in it."""

import datetime as dt

import pytest
from django.db.models import Count, Q
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from balai.appointments import services
from balai.appointments.errors import AppointmentError
from balai.appointments.models import HOLDING, Booking, BookingStatus, Slot

from .factories import make_service, open_day

pytestmark = pytest.mark.django_db

STARTS = [dt.time(8, 0), dt.time(9, 0), dt.time(10, 0)]
step = st.tuples(st.sampled_from(["book", "cancel", "move", "no_show"]), st.integers(0, 5), st.integers(0, 2),
                 st.integers(0, 1))


def _check(service) -> None:
    holding = dict(Booking.objects.filter(service=service, status__in=HOLDING).values_list("slot")
                   .annotate(n=Count("id")).values_list("slot", "n"))
    for slot in Slot.objects.filter(service=service):
        assert 0 <= slot.booked <= slot.capacity
        assert slot.booked == holding.get(slot.pk, 0), (slot, holding)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=1, max_size=25), capacity=st.integers(1, 3))
def test_counts_never_exceed_capacity_and_equal_bookings(make_citizen, steps, capacity):
    from django.db import transaction

    with transaction.atomic():
        service = make_service(capacity=capacity, opens=dt.time(8, 0), closes=dt.time(11, 0))
        first = open_day(service)
        days = [first, open_day(service, after=(first - timezone.localdate()).days + 1)]
        citizens = [make_citizen() for _ in range(6)]
        for action, who, slot_i, day_i in steps:
            citizen = citizens[who]
            mine = Booking.objects.filter(citizen=citizen, service=service, status=BookingStatus.BOOKED).first()
            try:
                if action == "book":
                    services.book(citizen=citizen, location=service.location, kind=service.kind, day=days[day_i],
                                  start=STARTS[slot_i])
                elif action == "cancel" and mine:
                    services.cancel(mine, by=citizen)
                elif action == "move" and mine:
                    services.move(mine, day=days[day_i], start=STARTS[slot_i], by=citizen)
                elif action == "no_show" and mine:
                    # the slot "has begun": the rule's clock check is skipped, the count rule is what is tested
                    Booking.objects.filter(pk=mine.pk).update(status=BookingStatus.NO_SHOW)
            except AppointmentError as exc:
                assert exc.code in {"slot_full", "already_booked", "wrong_state"}, exc.code
            _check(service)
        transaction.set_rollback(True)


def test_the_database_refuses_a_count_above_capacity():
    from django.db import IntegrityError, transaction

    service = make_service(capacity=1)
    slot = Slot.objects.create(service=service, date=open_day(service), start=STARTS[0], capacity=1, booked=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(booked=2)
    assert Slot.objects.filter(Q(pk=slot.pk) & Q(booked=1)).exists()
