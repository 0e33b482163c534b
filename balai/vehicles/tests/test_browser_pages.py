"""The vehicle page as people see it, at 360 and 1280 px, axe-audited; screenshots in
var/screenshots/07-vehicle-pages-*.png: a paid vehicle (next due date, no pay button, STNK notice), and a
car in arrears read in English (beneficiaries and classes in words)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from balai.conftest import DESKTOP, PHONE
from balai.vehicles.tests.factories import make_vehicle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _find(page, vehicle):
    page.goto("/pkb/")
    page.get_by_label("Nomor polisi").fill(vehicle.plate)
    page.get_by_label("5 karakter terakhir nomor rangka").fill(vehicle.chassis_tail)
    page.get_by_role("button", name="Cari kendaraan").click()
    page.wait_for_url(f"**/pkb/kendaraan/{vehicle.plate}/")


def test_vehicle_page_states(new_page, axe, live_server):
    # the shared fixture runs each journey at 360 and 1280 px when it is parametrized; otherwise both here
    viewports = [new_page.viewport] if hasattr(new_page, "viewport") else [PHONE, DESKTOP]
    today = timezone.localdate()
    problems = {}
    # not due yet, STNK ending in three weeks
    paid = make_vehicle(plate="L 1234 AB", due_date=today + timedelta(days=365),
                        stnk_valid_until=today + timedelta(days=21))
    # a car a year in arrears
    car = make_vehicle(plate="L 1888 QA", category="minibus", cc=1329, njkb=200_000_000, make="Toyota",
                       model="Avanza 1.3 G", due_date=today - timedelta(days=400), stnk_valid_until=date(2031, 8, 17))
    for viewport in viewports:
        width = viewport["width"]
        name = "07-vehicle-pages-{}" + ("" if hasattr(new_page, "viewport") else f"-{width}")  # axe() may add the width
        page = new_page(viewport=viewport)
        _find(page, paid)
        expect(page.locator("#not-due-yet")).to_contain_text("Jatuh tempo berikutnya")
        expect(page.locator("#stnk-notice")).to_contain_text("STNK berakhir pada")
        assert page.locator("#pay-pkb").count() == 0
        problems[f"not-due-{width}"] = axe(page, name.format("not-due-yet"))
        _find(page, car)
        problems[f"arrears-{width}"] = axe(page, name.format("arrears-id"))

        # the same page in English (the language cookie the site's switch sets)
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        page.reload()
        expect(page.locator("main")).to_contain_text("Regional Treasury of Kota Surabaya")
        expect(page.locator("main")).to_contain_text("Private passenger cars")
        problems[f"arrears-en-{width}"] = axe(page, name.format("arrears-en"))
    assert {k: v for k, v in problems.items() if v} == {}
