"""The simulator page with its BBNKB section and the unconfirmed-cap notice, at 360 and 1280 px,
axe-audited; screenshots var/screenshots/18-simulator-*.png."""

import pytest
from playwright.sync_api import expect

from balai.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_simulator_bbnkb_section_and_cap_notice(new_page, axe, live_server):
    problems = {}
    # the shared fixture runs each test at 360 and 1280 px when parametrized (axe() adds the width)
    parametrized = hasattr(new_page, "viewport")
    for viewport in [new_page.viewport] if parametrized else [PHONE, DESKTOP]:
        width = viewport["width"]
        suffix = "" if parametrized else f"-{width}"
        page = new_page(viewport=viewport)
        page.goto("/pkb/simulasi/")
        page.get_by_label("Tanggal penyerahan").fill("2026-03-15")
        page.get_by_role("button", name="Hitung BBNKB").click()
        expect(page.locator("#bbnkb-result")).to_contain_text("2.988.000")
        expect(page.locator("#bbnkb-result")).to_contain_text("Opsen BBNKB")
        page.locator("#bbnkb-result").scroll_into_view_if_needed()
        problems[f"bbnkb-{width}"] = axe(page, f"18-simulator-bbnkb{suffix}")
        page.goto("/pkb/simulasi/?category=motorcycle&cc=125&njkb=15000000&use=private&ownership_order=1"
                  "&due_date=2021-03-01&pay_date=2023-09-01&regency_code=3578")
        expect(page.locator("#unconfirmed-cap")).to_contain_text("belum terkonfirmasi")
        page.locator("#unconfirmed-cap").scroll_into_view_if_needed()
        problems[f"cap-{width}"] = axe(page, f"18-simulator-cap{suffix}")
        # nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert not any(problems.values()), problems
