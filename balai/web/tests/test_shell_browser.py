"""The site shell in a browser, at 360 and at 1280 px, for every role: each lands on its
own desk after signing in; on a phone the header is one row (brand, a "Menu" disclosure, Keluar)
and the menu opens without script; nothing overflows sideways. axe-audited; screenshots in
var/screenshots/14-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from balai.conftest import PHONE, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# (role, the page it lands on, a link its menu or desk must offer)
LANDINGS = [
    ("citizen", "/", "Permohonan saya"),
    ("officer", "/petugas/antrean/", "Meja petugas"),
    ("supervisor", "/petugas/", "Titik layanan mitra"),
    ("agent", "/agen/", "Tutup hari (setoran)"),
    ("admin", "/petugas/", "Konfigurasi (admin)"),
]


@pytest.fixture
def people(make_citizen, make_staff):
    from balai.partners.services.points import agent_attach, point_create

    users = {"citizen": make_citizen(full_name="Siti Aminah")}
    for role in ("officer", "supervisor", "agent", "admin"):
        users[role] = make_staff(role=role, jurisdiction=() if role == "admin" else ("3578",))
    point = point_create(by=users["supervisor"], name="Koppontren Al-Hikmah", village_code="3578081001",
                         address="Jl. Pesantren 1", contact_name="Pengurus", contact_phone="081200000000",
                         samsat_unit="UPT PPD Surabaya Timur", cash_limit=10_000_000, bank_name="Bank Jatim",
                         bank_account_number="0011223344", bank_account_name="Koppontren",
                         supervisor=users["supervisor"])
    agent_attach(user=users["agent"], point=point, by=users["supervisor"])
    return users


def _sign_in(page, user) -> None:
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(user.raw_password)
    page.get_by_role("button", name="Masuk").click()
    if user.role != "citizen":
        page.wait_for_url("**/masuk/verifikasi/")
        page.get_by_label("Kode OTP (6 digit)").fill(totp_code(user))
        page.get_by_role("button", name="Verifikasi").click()


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_each_role_lands_on_its_desk_with_a_compact_header(new_page, axe, people):
    """Runs at 360 and at 1280 px (``new_page`` is parametrized over both widths)."""
    viewport, label = new_page.viewport, "phone" if new_page.viewport is PHONE else "desktop"
    problems = {}
    page = new_page()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    problems["home"] = axe(page, f"14-{label}-home")
    # every service card is a link, and only registered services are advertised
    cards = page.locator("#services-title + .cards li")
    assert cards.count() >= 6 and cards.locator("a").count() == cards.count()
    assert "SIM dan Paspor" not in page.content()
    header = page.locator(".site-header").bounding_box()
    if viewport is PHONE:
        assert header["height"] <= 72, f"phone header is {header['height']} px tall"
        login = page.locator(".header-row").get_by_role("link", name="Masuk")
        assert abs(login.bounding_box()["y"] - header["y"]) < header["height"]  # in the one row
        page.locator("summary.menu-button").click()
        expect(page.locator(".menu-panel").get_by_role("link", name="Pajak kendaraan", exact=True)).to_be_visible()
        page.screenshot(path=str(_shot(f"14-{label}-home-menu-open")))
    assert _no_sideways_scroll(page)

    for role, landing, offered in LANDINGS:
        page = new_page()
        _sign_in(page, people[role])
        page.wait_for_url(f"**{landing}")
        assert page.url.endswith(landing), (role, page.url)
        problems[role] = axe(page, f"14-{label}-{role}-landing")
        assert _no_sideways_scroll(page), role
        if role == "agent":  # the agent desk is its own light page: its tools are listed under its bar
            expect(page.get_by_role("navigation", name="Alat kerja Anda").get_by_role("link", name=offered)).to_be_visible()
            continue
        header = page.locator(".site-header").bounding_box()
        logout = page.get_by_role("button", name="Keluar")
        expect(logout).to_be_visible()
        box = logout.bounding_box()
        if viewport is PHONE:
            # one row: "Keluar" sits beside the brand, not on a line of its own
            assert header["height"] <= 72, f"{role}: phone header is {header['height']} px tall"
            brand = page.locator(".brand").bounding_box()
            assert abs((box["y"] + box["height"] / 2) - (brand["y"] + brand["height"] / 2)) < 12, role
            page.locator("summary.menu-button").click()
            page.screenshot(path=str(_shot(f"14-{label}-{role}-menu-open")))
        expect(page.get_by_role("link", name=offered).first).to_be_visible()

    assert {k: v for k, v in problems.items() if v} == {}


def _shot(name: str):
    from balai.conftest import SCREENSHOT_DIR

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR / f"{name}.png"
