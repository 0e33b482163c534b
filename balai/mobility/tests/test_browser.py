"""Browser journey: a citizen checks whether their SIM is ready to renew and books a SIM Keliling
slot for it. Runs at 360 and at 1280 px; axe and the layout check on every page; screenshots in
var/screenshots/mobility-*.png."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from balai.appointments.models import Booking
from balai.mobility import keliling
from balai.mobility.models import DrivingLicence, LicenceClass, LicenceStatus

from .factories import ensure_rules, mismatched_family

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def audit(axe, page, name, seen):
    violations = axe(page, f"mobility-{len(seen) + 1:02d}-{name}")
    seen.append(name)
    assert violations == [], f"{name}: {violations}"


def test_citizen_checks_sim_readiness_and_books_a_sim_keliling_slot(new_page, axe, make_citizen):
    seen: list[str] = []
    ensure_rules()
    _card, _head, wife = mismatched_family()
    citizen = make_citizen(username="siti", nik=wife.nik, full_name=wife.full_name, identity="matched")
    today = timezone.localdate()
    licence = DrivingLicence.objects.create(
        owner=citizen, licence_class=LicenceClass.objects.get(code="BI"), number="350812345678",
        issued_on=today.replace(year=today.year - 5) + dt.timedelta(days=30), status=LicenceStatus.CONFIRMED)
    day = today + dt.timedelta(days=4)
    visit = keliling.visit_create(data=keliling.VisitInput("3578", "SIM Keliling Taman Bungkul",
                                                           "Jl. Raya Darmo, Wonokromo", day, dt.time(8),
                                                           dt.time(11), 6), by=None)

    page = new_page()
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(citizen.username)
    page.get_by_label("Kata sandi").fill(citizen.raw_password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: not url.endswith("/masuk/"))
    page.goto("/")
    page.get_by_role("link", name="SIM & Paspor").first.click()
    page.wait_for_url("**/sim-paspor/")
    audit(axe, page, "hub", seen)
    page.get_by_role("link", name=re.compile("SIM B I")).click()
    page.wait_for_url(f"**/sim-paspor/sim/{licence.public_id}/")
    checks = page.locator("#sim-checks")
    assert checks.locator(".check-bad").count() == 0
    assert page.locator("#route-in-person").is_visible()
    assert "Rp 80.000" in page.locator("#sim-fee").inner_text()
    audit(axe, page, "licence-ready", seen)

    page.locator("#main").get_by_role("link", name="Jadwal SIM Keliling", exact=True).click()
    page.wait_for_url("**/sim-keliling/")
    assert "Taman Bungkul" in page.locator("#keliling-visits").inner_text()
    audit(axe, page, "keliling-schedule", seen)
    page.go_back()
    page.get_by_role("link", name=re.compile("Pesan jadwal.*Taman Bungkul")).click()
    page.wait_for_url(f"**/pesan/{visit.location_id}/")
    audit(axe, page, "book-form", seen)
    page.get_by_label(re.compile(rf"{day:%d-%m-%Y} 09:00")).check()
    page.get_by_role("button", name="Pesan jadwal").click()
    page.wait_for_url("**/sim-paspor/")
    booking = Booking.objects.get(citizen=citizen)
    assert booking.slot.date == day and booking.slot.start == dt.time(9)
    assert booking.code_display in page.locator("#my-bookings ~ ul").first.inner_text()
    audit(axe, page, "hub-booked", seen)
