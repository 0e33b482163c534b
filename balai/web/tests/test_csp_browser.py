"""The strict Content-Security-Policy holds in a real browser: no violation on the pages, and htmx
still drives the region cascade (it runs from a static file, without eval)."""

import pytest

from balai.conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_csp_violation_and_htmx_still_works(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="id-ID", base_url=live_server.url)  # CSP enforced
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append((page.url, m.text[:200])) if "Content Security Policy" in m.text else None)
    for path in ["/", "/masuk/", "/api/docs/"]:
        response = page.goto(path)
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    page.goto("/daftar/")
    page.get_by_label("Provinsi").select_option("35")
    page.wait_for_selector("#id_regency option[value='3578']", state="attached")
    assert page.locator("#swagger-ui").count() == 0
    page.goto("/api/docs/")
    page.wait_for_selector("#swagger-ui .info", timeout=60000)
    context.close()
    assert violations == []
