"""The pages and the API: what each role sees, the SIM Keliling schedule as a page and as
iCalendar, a booking on the engine, and the refusals of the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from balai.appointments.models import Booking
from balai.mobility import keliling
from balai.mobility.models import DrivingLicence, LicenceClass, LicenceStatus

from .factories import card_photo, mismatched_family

pytestmark = pytest.mark.django_db


def _visit(day_offset: int = 3, regency: str = "3578", place: str = "SIM Keliling Taman Bungkul"):
    day = timezone.localdate() + dt.timedelta(days=day_offset)
    return keliling.visit_create(data=keliling.VisitInput(regency, place, "Jl. Raya Darmo", day, dt.time(8),
                                                          dt.time(10), 5), by=None)


def test_the_schedule_is_public_as_a_page_and_as_icalendar(client):
    _visit(regency="3578")
    _visit(regency="3515", place="SIM Keliling Alun-alun Sidoarjo")
    html = client.get("/sim-keliling/", {"kabupaten": "3515"}).content.decode()
    assert "Alun-alun Sidoarjo" in html and "Taman Bungkul" not in html
    assert "10 / 10" in html  # two hourly slots of 5
    response = client.get("/sim-keliling/jadwal.ics", {"kabupaten": "3578"})
    assert response["Content-Type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(response.content).walk("VEVENT")]
    assert len(events) == 1 and "Taman Bungkul" in str(events[0]["SUMMARY"])
    assert events[0].decoded("DTSTART").hour == 8


def test_a_citizen_books_a_sim_keliling_slot_for_their_licence(client, make_citizen):
    _card, _head, wife = mismatched_family()
    citizen = make_citizen(nik=wife.nik, identity="matched")
    today = timezone.localdate()
    licence = DrivingLicence.objects.create(owner=citizen, licence_class=LicenceClass.objects.get(code="BI"),
                                            number="998877665544", issued_on=today.replace(year=today.year - 5)
                                            + dt.timedelta(days=20), status=LicenceStatus.CONFIRMED)
    service = _visit()
    client.force_login(citizen)
    page = client.get(f"/sim-paspor/sim/{licence.public_id}/").content.decode()
    assert 'id="route-in-person"' in page and f"/pesan/{service.location_id}/" in page
    form = client.get(f"/sim-paspor/sim/{licence.public_id}/pesan/{service.location_id}/").content.decode()
    assert "08:00" in form
    day = (today + dt.timedelta(days=3)).isoformat()
    response = client.post(f"/sim-paspor/sim/{licence.public_id}/pesan/{service.location_id}/",
                           {"slot": f"{day}|08:00"})
    assert response.status_code == 302
    booking = Booking.objects.get(citizen=citizen)
    assert booking.subject_ref == str(licence.public_id) and booking.slot.start == dt.time(8)
    hub = client.get("/sim-paspor/").content.decode()
    assert booking.code_display in hub


def test_someone_elses_licence_is_not_found(client, make_citizen):
    owner, other = make_citizen(), make_citizen()
    licence = DrivingLicence.objects.create(owner=owner, licence_class=LicenceClass.objects.get(code="A"),
                                            number="123412341234", issued_on=dt.date(2022, 2, 10))
    client.force_login(other)
    assert client.get(f"/sim-paspor/sim/{licence.public_id}/").status_code == 404


def test_passport_readiness_page_names_the_difference_and_its_fix(client, make_citizen):
    _card, _head, wife = mismatched_family()
    citizen = make_citizen(nik=wife.nik, identity="verified")
    client.force_login(citizen)
    html = client.get("/sim-paspor/paspor/kesiapan/").content.decode()
    assert 'data-check="kk_full_name"' in html and "/layanan/kk-perubahan-data/" in html
    assert "Rp 950.000" in html and "PP 45/2024" in html


def test_officer_reviews_a_licence_with_its_photo(client, make_citizen, staff_client):
    citizen = make_citizen()
    client.force_login(citizen)
    response = client.post("/sim-paspor/sim/tambah/", {"licence_class": "C", "number": "1234 5678 9012",
                                                       "issued_on": "2022-02-10", "photo": card_photo()})
    assert response.status_code == 302
    licence = DrivingLicence.objects.get(owner=citizen)
    client.logout()
    officer, _user = staff_client("officer", jurisdiction=("3578",))
    assert licence.number in officer.get("/petugas/sim/").content.decode()
    photo = officer.get(f"/petugas/sim/{licence.public_id}/foto/")
    assert photo.status_code == 200 and photo["X-Content-Type-Options"] == "nosniff"
    officer.post(f"/petugas/sim/{licence.public_id}/", {"decision": "confirm", "note": ""})
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.CONFIRMED


def test_api_lists_and_refuses(client, make_citizen):
    citizen = make_citizen()
    client.force_login(citizen)
    future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    refused = client.post("/api/mobility/licences/", {"licence_class": "A", "number": "123456789012",
                                                      "issued_on": future, "photo": card_photo()})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "issue_date_in_future"
    unknown = client.post("/api/mobility/licences/", {"licence_class": "Q", "number": "123456789012",
                                                      "issued_on": "2022-02-10", "photo": card_photo()})
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "unknown_class"
    made = client.post("/api/mobility/licences/", {"licence_class": "A", "number": "123456789012",
                                                   "issued_on": "2022-02-10", "photo": card_photo()})
    assert made.status_code == 201 and made.json()["expires_on"] == "2027-02-10"
    listed = client.get("/api/mobility/licences/").json()
    assert [row["number"] for row in listed] == ["123456789012"]
    readiness = client.get("/api/mobility/passport-readiness/").json()
    assert readiness == {"identity_level": "claimed", "ready": False, "documents": [], "checks": []}
