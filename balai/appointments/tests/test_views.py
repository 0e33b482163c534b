"""The pages: the booking page (free/full days, booking, the return link), my bookings with
cancel, the .ics file; the staff day list with check-in by code, locations and utilisation."""

import datetime as dt

import pytest
from django.utils import timezone

from balai.appointments import services
from balai.appointments.models import Booking, BookingStatus, Closure, Slot

from .factories import TEST_KIND, make_service, open_day

pytestmark = pytest.mark.django_db


def test_booking_page_books_and_returns_to_the_calling_page(client, make_citizen):
    service = make_service(capacity=1)
    day = open_day(service)
    url = (f"/janji-temu/pesan/?service={TEST_KIND}&location={service.location_id}&ref=APP-9"
           f"&next=/permohonan/saya/")
    page = client.get(f"{url}&date={day.isoformat()}")
    assert page.status_code == 200 and "Masuk untuk memesan" in page.content.decode()
    citizen = make_citizen()
    client.force_login(citizen)
    assert client.get("/janji-temu/pesan/?next=https://evil.example/").status_code == 302  # no service: the index
    response = client.post(url, {"date": day.isoformat(), "start": "09:00"})
    booking = Booking.objects.get(citizen=citizen)
    assert response.status_code == 302 and response["Location"].startswith(f"/janji-temu/booking/{booking.code}/")
    assert booking.subject_ref == "APP-9"
    detail = client.get(response["Location"]).content.decode()
    assert booking.code_display in detail and 'href="/permohonan/saya/"' in detail
    ics = client.get(f"/janji-temu/booking/{booking.code}/kalender.ics")
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    # a second citizen finds 09:00 full; the error says so and the page offers the day again
    client.force_login(make_citizen())
    refused = client.post(url.replace("APP-9", "APP-10"), {"date": day.isoformat(), "start": "09:00"}, follow=True)
    assert "sudah penuh" in refused.content.decode()


def test_the_calendar_marks_a_closed_day_with_its_reason(client):
    service = make_service()
    day = open_day(service)
    Closure.objects.create(location=service.location, date_from=day, date_to=day, reason="Pemadaman listrik")
    page = client.get(f"/janji-temu/pesan/?service={TEST_KIND}&location={service.location_id}").content.decode()
    assert "Pemadaman listrik" in page
    fragment = client.get(f"/janji-temu/pesan/slot/?service={TEST_KIND}&location={service.location_id}"
                          f"&date={day.isoformat()}").content.decode()
    assert "Pemadaman listrik" in fragment and "<html" not in fragment


def test_my_bookings_and_cancel(client, make_citizen):
    service = make_service()
    citizen = make_citizen()
    booking = services.book(citizen=citizen, location=service.location, kind=TEST_KIND, day=open_day(service),
                            start=dt.time(9))
    client.force_login(citizen)
    assert booking.code_display in client.get("/janji-temu/saya/").content.decode()
    other = make_citizen()
    client.force_login(other)
    assert client.get(f"/janji-temu/booking/{booking.code}/").status_code == 404
    assert client.post(f"/janji-temu/booking/{booking.code}/batal/").status_code == 404
    client.force_login(citizen)
    client.post(f"/janji-temu/booking/{booking.code}/batal/")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_officer_checks_in_by_typed_code(staff_client, make_citizen):
    service = make_service()
    start = timezone.localtime() - dt.timedelta(minutes=5)
    slot = Slot.objects.create(service=service, date=start.date(), start=start.time().replace(microsecond=0),
                               capacity=3, booked=1)
    booking = Booking.objects.create(code=services._new_code(), slot=slot, service=service, kind=TEST_KIND,
                                     citizen=make_citizen(full_name="Budi Santoso"))
    client, _officer = staff_client("officer", jurisdiction=["3578"])
    page = client.get(f"/janji-temu/petugas/?location={service.location_id}").content.decode()
    assert "Budi Santoso" in page and booking.code_display in page
    done = client.post("/janji-temu/petugas/hadir/", {"code": booking.code_display,
                                                       "location": service.location_id}, follow=True)
    assert "Hadir" in done.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN


def test_supervisor_sets_capacity_and_sees_utilisation(staff_client, make_citizen):
    service = make_service(capacity=4)
    day = open_day(service)
    services.book(citizen=make_citizen(), location=service.location, kind=TEST_KIND, day=day, start=dt.time(9))
    client, _supervisor = staff_client("supervisor", jurisdiction=["3578"])
    response = client.post(f"/janji-temu/petugas/lokasi/{service.location_id}/layanan/", {
        "service": service.pk, f"s{service.pk}-kind": TEST_KIND, f"s{service.pk}-slot_minutes": 60,
        f"s{service.pk}-capacity": 2, f"s{service.pk}-active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Slot.objects.get(service=service, date=day).capacity == 2
    table = client.get("/janji-temu/supervisor/pemakaian/", {"from": day.isoformat(), "to": day.isoformat()})
    assert service.location.name in table.content.decode()
