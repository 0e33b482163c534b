"""The booking API: public locations and availability; create with Idempotency-Key, cancel, move,
check in; the refusals as JSON with stable codes."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from balai.appointments.models import Booking, BookingStatus, Slot

from .factories import TEST_KIND, make_service, open_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    return make_service(capacity=1)


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _create(client, service, day, start="09:00", key="k-1"):
    return client.post("/api/appointments/bookings/", {"location": service.location_id, "service": TEST_KIND,
                                                       "date": day.isoformat(), "start": start},
                       format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_locations_and_availability_are_public(service):
    day = open_day(service)
    places = _client().get("/api/appointments/locations/", {"service": TEST_KIND}).json()
    assert [p["id"] for p in places] == [service.location_id] and places[0]["services"] == [TEST_KIND]
    days = _client().get(f"/api/appointments/locations/{service.location_id}/availability/",
                         {"service": TEST_KIND, "from": day.isoformat(), "to": (day + dt.timedelta(days=2)).isoformat()})
    assert days.status_code == 200 and len(days.json()) == 3
    assert days.json()[0]["status"] == "free" and days.json()[0]["slots"][0]["free"] == 1
    bad = _client().get(f"/api/appointments/locations/{service.location_id}/availability/",
                        {"service": TEST_KIND, "from": "2026-13-01"})
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["from"]


def test_a_location_id_beyond_the_database_range_is_not_found(service):
    """Found by the API fuzzer on SQLite: an id larger than a 64-bit integer was a server error."""
    day = open_day(service)
    for pk in (2**63, 964525801540624318464):
        response = _client().get(f"/api/appointments/locations/{pk}/availability/",
                                 {"service": TEST_KIND, "from": day.isoformat()})
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_create_is_idempotent_and_a_full_slot_is_409_with_next_free(service, make_citizen):
    day = open_day(service)
    client = _client(make_citizen())
    first = _create(client, service, day)
    assert first.status_code == 201, first.json()
    replay = _create(client, service, day)
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    assert replay.json()["code"] == first.json()["code"] and Booking.objects.count() == 1
    assert _create(client, service, day, start="10:00").status_code == 422  # same key, other request
    full = _create(_client(make_citizen()), service, day, key="k-2")
    assert full.status_code == 409 and full.json()["error"]["code"] == "slot_full"
    assert full.json()["error"]["fields"]["next_free"][0]["date"] >= day.isoformat()
    assert _client(make_citizen()).post("/api/appointments/bookings/", {}, format="json").status_code == 400


def test_a_holiday_or_past_day_is_422_naming_the_reason(service, make_citizen):
    past = _create(_client(make_citizen()), service, dt.date(2020, 1, 6))
    assert past.status_code == 422 and past.json()["error"]["code"] == "day_closed"
    assert "lewat" in past.json()["error"]["message"]


def test_cancel_and_move_by_the_owner_and_check_in_by_staff(service, make_citizen, make_staff, settings):
    day = open_day(service)
    citizen = make_citizen()
    code = _create(_client(citizen), service, day).json()["code"]
    assert _client(make_citizen()).post(f"/api/appointments/bookings/{code}/cancel/").status_code == 404
    moved = _client(citizen).post(f"/api/appointments/bookings/{code}/move/", {"date": day.isoformat(),
                                                                                "start": "10:00"}, format="json")
    assert moved.status_code == 200 and moved.json()["start"] == "10:00:00"
    assert Slot.objects.get(service=service, start=dt.time(9)).booked == 0
    settings.APPOINTMENTS_CUTOFF_MINUTES = 60 * 24 * 90
    late = _client(citizen).post(f"/api/appointments/bookings/{code}/cancel/")
    assert late.status_code == 409 and late.json()["error"]["code"] == "too_late"
    # check-in: staff only, and only on the day
    assert _client(citizen).post(f"/api/appointments/bookings/{code}/check-in/").status_code == 403
    officer = make_staff(jurisdiction=["3578"])
    wrong_day = _client(officer).post(f"/api/appointments/bookings/{code}/check-in/")
    assert wrong_day.status_code == 409 and wrong_day.json()["error"]["code"] == "wrong_day"
    Slot.objects.filter(bookings__code=code).update(date=timezone.localdate())
    done = _client(officer).post(f"/api/appointments/bookings/{code}/check-in/")
    assert done.status_code == 200 and done.json()["status"] == BookingStatus.CHECKED_IN
    mine = _client(citizen).get("/api/appointments/bookings/").json()["results"]
    assert [b["code"] for b in mine] == [code]
