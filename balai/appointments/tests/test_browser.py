"""Browser journeys at 360 and 1280 px (axe, layout check): a citizen books a KTP-el recording on
the booking page; an officer checks a booking in by its typed code on a phone. Screenshots in
var/screenshots/appointments-*.png."""

import datetime as dt

import pytest
from django.utils import timezone

from balai.appointments import services
from balai.appointments.models import BookableService, Booking, BookingStatus, Location, Slot
from balai.civil.ktp import register_kinds
from balai.conftest import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _desk() -> BookableService:
    register_kinds()
    desk = Location.objects.create(kind="disdukcapil", regency_id="3578", name="Dispendukcapil Kota Surabaya (Siola)",
                                   address="Jl. Tunjungan No. 1-3, Surabaya", opens=dt.time(8), closes=dt.time(12))
    return BookableService.objects.create(location=desk, kind="ktp-recording", slot_minutes=60, capacity=5)


def _login_citizen(page, user, next_url):
    page.goto(f"/masuk/?next={next_url}")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(user.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"**{next_url}")


def test_citizen_books_a_ktp_recording(new_page, axe, make_citizen):
    service = _desk()
    citizen = make_citizen()
    problems = {}
    page = new_page()
    _login_citizen(page, citizen, "/janji-temu/")
    problems["index"] = axe(page, "appointments-1-index")
    page.get_by_role("link", name="Perekaman biometrik KTP-el").first.click()
    page.get_by_role("link", name=service.location.name).click()
    page.wait_for_url("**location=**")
    problems["calendar"] = axe(page, "appointments-2-calendar")
    # the first day with room is preselected; take its first free hour
    page.locator("#slots input[type=radio]:not([disabled])").first.check()
    page.get_by_role("button", name="Pesan jam ini").click()
    page.wait_for_url("**/janji-temu/booking/**")
    booking = Booking.objects.get(citizen=citizen)
    assert booking.kind == "ktp-recording" and booking.code_display in page.content()
    problems["booking"] = axe(page, "appointments-3-booking")
    page.get_by_role("link", name="Booking saya").last.click()
    assert booking.code_display in page.content()
    problems["mine"] = axe(page, "appointments-4-mine")
    assert {k: v for k, v in problems.items() if v} == {}


def test_officer_checks_in_by_code_on_a_phone(new_page, axe, make_citizen, make_staff):
    service = _desk()
    start = (timezone.localtime() - dt.timedelta(minutes=10)).replace(second=0, microsecond=0)
    slot = Slot.objects.create(service=service, date=start.date(), start=start.time(), capacity=5, booked=1)
    booking = Booking.objects.create(code=services._new_code(), slot=slot, service=service, kind="ktp-recording",
                                     citizen=make_citizen(full_name="Dewi Lestari"))
    officer = make_staff(jurisdiction=["3578"])
    page = new_page()
    page.goto("/janji-temu/petugas/")
    page.wait_for_url("**/masuk/**")
    page.get_by_label("Nama pengguna").fill(officer.username)
    page.get_by_label("Kata sandi").fill(officer.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/masuk/verifikasi/**")
    page.get_by_label("Kode OTP (6 digit)").fill(totp_code(officer))
    page.get_by_role("button", name="Verifikasi").click()
    page.wait_for_url("**/janji-temu/petugas/**")
    assert "Dewi Lestari" in page.content()
    problems = {"day": axe(page, "appointments-5-day-list")}
    page.get_by_label("Kode booking (pindai QR atau ketik)").fill(booking.code_display)
    page.get_by_role("button", name="Catat hadir").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(f"Hadir: {booking.code_display}").is_visible()
    problems["checked-in"] = axe(page, "appointments-6-checked-in")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN
    assert {k: v for k, v in problems.items() if v} == {}
