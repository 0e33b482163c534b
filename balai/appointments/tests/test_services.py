"""Booking, moving, cancelling, check-in and no-show: the rules and their refusals."""

import datetime as dt

import pytest
from django.utils import timezone

from balai.appointments import selectors, services
from balai.appointments.errors import AppointmentError
from balai.appointments.models import Booking, BookingStatus, Closure, Slot
from balai.core.models import Holiday
from balai.core.numbers import damm_valid

from .factories import TEST_KIND, make_location, make_service, open_day

pytestmark = pytest.mark.django_db

NINE = dt.time(9, 0)


def _book(citizen, service, day, start=NINE, ref=""):
    return services.book(citizen=citizen, location=service.location, kind=service.kind, day=day, start=start,
                         subject_ref=ref)


def test_a_booking_takes_a_place_and_has_a_typable_code(make_citizen):
    service = make_service(capacity=2)
    day = open_day(service)
    booking = _book(make_citizen(), service, day)
    assert booking.status == BookingStatus.BOOKED
    assert len(booking.code) == 9 and damm_valid(booking.code)
    slot = Slot.objects.get(service=service, date=day, start=NINE)
    assert (slot.booked, slot.capacity) == (1, 2)
    assert booking.events.get().event == "booked"


def test_a_full_slot_answers_409_with_the_next_free_slots(make_citizen):
    service = make_service(capacity=1)
    day = open_day(service)
    _book(make_citizen(), service, day)
    with pytest.raises(AppointmentError) as exc:
        _book(make_citizen(), service, day)
    assert exc.value.code == "slot_full" and exc.value.status_code == 409
    suggested = exc.value.fields["next_free"]
    assert suggested and {"date": day.isoformat(), "start": "09:00", "free": "1"} not in suggested
    assert suggested[0]["date"] == day.isoformat() and suggested[0]["start"] != "09:00" or suggested[0]["date"] > day.isoformat()


def test_one_active_booking_per_citizen_service_and_subject(make_citizen):
    service = make_service()
    day = open_day(service)
    citizen = make_citizen()
    _book(citizen, service, day)
    with pytest.raises(AppointmentError) as exc:
        _book(citizen, service, day, start=dt.time(10, 0))
    assert exc.value.code == "already_booked" and exc.value.status_code == 409
    # another subject (a second vehicle) is another booking
    assert _book(citizen, service, day, start=dt.time(10, 0), ref="L 1234 AB").subject_ref == "L 1234 AB"


@pytest.mark.parametrize("case", ["past", "holiday", "closure", "weekday"])
def test_closed_days_are_refused_with_the_reason(make_citizen, case):
    location = make_location(weekdays="12345", follows_calendar=True)
    service = make_service(location)
    today = timezone.localdate()
    if case == "past":
        day = today - dt.timedelta(days=1)
        expected = "sudah lewat"
    elif case == "holiday":
        day = open_day(service, after=2)
        Holiday.objects.create(date=day, regency_code="3578", is_holiday=True, name="Hari jadi kota")
        expected = "Hari libur"
    elif case == "closure":
        day = open_day(service, after=2)
        Closure.objects.create(location=location, date_from=day, date_to=day, reason="Renovasi ruang layanan")
        expected = "Renovasi ruang layanan"
    else:
        day = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)  # a Saturday
        expected = "tidak buka"
    with pytest.raises(AppointmentError) as exc:
        _book(make_citizen(), service, day)
    assert exc.value.code == "day_closed" and exc.value.status_code == 422
    assert expected in str(exc.value.message)


def test_a_national_holiday_is_named():
    location = make_location(weekdays="1234567", follows_calendar=True)
    service = make_service(location)
    year = timezone.localdate().year + 1
    code, reason = selectors.day_closed(service, dt.date(year, 8, 17), today=dt.date(year, 8, 1))
    assert code == "holiday" and "Kemerdekaan" in reason


def test_cancel_gives_the_place_back_and_allows_a_new_booking(make_citizen):
    service = make_service(capacity=1)
    day = open_day(service)
    citizen = make_citizen()
    booking = _book(citizen, service, day)
    services.cancel(booking, by=citizen)
    slot = Slot.objects.get(service=service, date=day, start=NINE)
    assert slot.booked == 0
    assert _book(citizen, service, day).status == BookingStatus.BOOKED
    with pytest.raises(AppointmentError) as exc:
        services.cancel(booking, by=citizen)
    assert exc.value.code == "wrong_state"


def test_move_keeps_the_code_and_moves_the_count(make_citizen):
    service = make_service(capacity=1)
    day = open_day(service)
    citizen = make_citizen()
    booking = _book(citizen, service, day)
    moved = services.move(booking, day=day, start=dt.time(11, 0), by=citizen)
    assert moved.code == booking.code
    counts = dict(Slot.objects.filter(service=service).values_list("start", "booked"))
    assert counts == {NINE: 0, dt.time(11, 0): 1}
    other = _book(make_citizen(), service, day)  # 09:00 is free again
    with pytest.raises(AppointmentError) as exc:
        services.move(moved, day=day, start=NINE, by=citizen)
    assert exc.value.code == "slot_full" and other.slot.start == NINE


def test_the_citizen_cannot_change_after_the_cutoff_but_staff_can(make_citizen, make_staff, settings):
    settings.APPOINTMENTS_CUTOFF_MINUTES = 60 * 24 * 30
    service = make_service()
    citizen = make_citizen()
    booking = _book(citizen, service, open_day(service))
    with pytest.raises(AppointmentError) as exc:
        services.move(booking, day=booking.slot.date, start=dt.time(10, 0), by=citizen)
    assert exc.value.code == "too_late" and exc.value.status_code == 409
    with pytest.raises(AppointmentError):
        services.cancel(booking, by=citizen)
    services.cancel(booking, by=make_staff(jurisdiction=["3578"]))
    with pytest.raises(AppointmentError) as other:
        services.cancel(_book(citizen, service, open_day(service)), by=make_citizen())
    assert other.value.code == "not_found"


def _today_booking(citizen, service, minutes_ago: int) -> Booking:
    """A booking in a slot that started ``minutes_ago`` (written directly: the past cannot be booked)."""
    start = (timezone.localtime() - dt.timedelta(minutes=minutes_ago))
    slot = Slot.objects.create(service=service, date=start.date(), start=start.time().replace(microsecond=0),
                               capacity=3, booked=1)
    return Booking.objects.create(code=services._new_code(), slot=slot, service=service, kind=service.kind,
                                  citizen=citizen)


def test_check_in_by_typed_code_on_the_day_only_inside_the_jurisdiction(make_citizen, make_staff):
    service = make_service()
    booking = _today_booking(make_citizen(), service, 5)
    outsider = make_staff(jurisdiction=["3507"])
    with pytest.raises(AppointmentError) as exc:
        services.check_in(booking.code_display, by=outsider)
    assert exc.value.code == "not_found"
    officer = make_staff(jurisdiction=["3578"])
    typo = booking.code[:-2] + booking.code[-1] + booking.code[-2]
    if typo != booking.code:
        with pytest.raises(AppointmentError) as bad:
            services.check_in(typo, by=officer)
        assert bad.value.code in {"invalid_code", "not_found"}
    done = services.check_in(f" {booking.code_display} ", by=officer)
    assert done.status == BookingStatus.CHECKED_IN and done.checked_in_by == officer
    future = _book(make_citizen(), service, open_day(service))
    with pytest.raises(AppointmentError) as wrong_day:
        services.check_in(future.code, by=officer)
    assert wrong_day.value.code == "wrong_day"


def test_no_show_only_after_the_slot_began_and_keeps_the_place(make_citizen, make_staff, settings):
    settings.APPOINTMENTS_NO_SHOW_AFTER_MINUTES = 30
    service = make_service()
    officer = make_staff(jurisdiction=["3578"])
    early = _today_booking(make_citizen(), service, 10)
    with pytest.raises(AppointmentError) as exc:
        services.mark_no_show(early, by=officer)
    assert exc.value.code == "too_early"
    late = _today_booking(make_citizen(), service, 45)
    assert services.mark_no_show(late, by=officer).status == BookingStatus.NO_SHOW
    assert Slot.objects.get(pk=late.slot_id).booked == 1


def test_availability_shows_free_full_and_closed_days(make_citizen):
    location = make_location(weekdays="12345")
    service = make_service(location, capacity=1, opens=dt.time(8, 0), closes=dt.time(10, 0))
    day = open_day(service)
    for start in (dt.time(8, 0), dt.time(9, 0)):
        _book(make_citizen(), service, day, start=start)
    days = selectors.availability(service, day, day + dt.timedelta(days=6))
    assert days[0].status == "full"
    assert {d.status for d in days[1:]} == {"free", "closed"}
    assert all(d.closed_code == "weekday" for d in days if d.status == "closed")


def test_book_first_free_skips_full_days_and_returns_the_existing_booking(make_citizen):
    service = make_service(capacity=1, opens=dt.time(8, 0), closes=dt.time(9, 0))
    day = open_day(service)
    _book(make_citizen(), service, day, start=dt.time(8, 0))
    citizen = make_citizen()
    first = services.book_first_free(citizen=citizen, location=service.location, kind=TEST_KIND, preferred=day,
                                     subject_ref="APP-1")
    assert first.slot.date > day
    again = services.book_first_free(citizen=citizen, location=service.location, kind=TEST_KIND, preferred=day,
                                     subject_ref="APP-1")
    assert again.pk == first.pk


def test_utilisation_counts_offered_places_of_open_days(make_citizen, make_staff):
    service = make_service(capacity=2, opens=dt.time(8, 0), closes=dt.time(10, 0))  # 2 slots × 2 = 4 a day
    day = open_day(service)
    _book(make_citizen(), service, day)
    Closure.objects.create(location=service.location, date_from=day + dt.timedelta(days=1),
                           date_to=day + dt.timedelta(days=1), reason="Renovasi")
    rows = {u.date: u for u in selectors.utilisation(make_staff(role="supervisor"), day, day + dt.timedelta(days=2))}
    assert (rows[day].capacity, rows[day].booked, rows[day].percent) == (4, 1, 25)
    assert day + dt.timedelta(days=1) not in rows and rows[day + dt.timedelta(days=2)].booked == 0
