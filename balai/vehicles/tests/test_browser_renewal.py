"""Browser journey (360 and 1280 px, axe, layout check): the owner of a motorcycle whose STNK
expired is told the 5-yearly renewal needs a cek fisik at the Samsat (not online), books it from the
vehicle page, and comes back to the vehicle page with the appointment shown. Screenshots:
var/screenshots/renewal-*.png."""

from datetime import timedelta

import pytest
from django.utils import timezone

from balai.appointments.models import Booking, LocationKind
from balai.appointments.tests.factories import make_location, make_service
from balai.vehicles.tests.factories import make_vehicle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_books_the_cek_fisik_of_the_five_yearly_renewal(new_page, axe, make_citizen):
    samsat = make_service(make_location(kind=LocationKind.SAMSAT, name="Samsat Surabaya Selatan",
                                       weekdays="123456", follows_calendar=True), kind="cek-fisik")
    owner = make_citizen(full_name="Budi Santoso", nik="3578081203880002", identity="verified")
    expired = timezone.localdate() - timedelta(days=20)
    vehicle = make_vehicle(plate="L 1730 JB", owner_nik=owner.citizen.nik, owner_name=owner.full_name,
                           stnk_valid_until=expired, due_date=expired)
    problems = {}
    page = new_page()
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(owner.username)
    page.get_by_label("Kata sandi").fill(owner.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/masuk/" not in url)
    page.goto(f"/pkb/kendaraan/{vehicle.plate}/")
    assert "tidak dapat dilakukan daring" in page.locator("#refusal").inner_text()
    problems["refusal"] = axe(page, "renewal-1-refused-online")
    page.get_by_role("link", name="Pesan jadwal cek fisik").click()
    page.wait_for_url("**service=cek-fisik**")
    problems["calendar"] = axe(page, "renewal-2-calendar")
    page.locator("#slots input[type=radio]:not([disabled])").first.check()
    page.get_by_role("button", name="Pesan jam ini").click()
    page.wait_for_url("**/janji-temu/booking/**")
    booking = Booking.objects.get(citizen=owner, kind="cek-fisik")
    assert booking.subject_ref == "L 1730 JB" and booking.service == samsat
    page.goto(f"/pkb/kendaraan/{vehicle.plate}/")
    assert booking.code_display in page.locator("#cek-fisik-booking").inner_text()
    problems["booked"] = axe(page, "renewal-3-booked")
    assert {k: v for k, v in problems.items() if v} == {}
