"""A refused CSRF check shows Balai's own page (in the user's language, with what
happened and what to do), not Django's stock page that talks about DEBUG."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _refused(client: Client, path: str = "/masuk/"):
    client.get(path)  # a real visit first: the page set a CSRF cookie; the form is then posted without the token
    return client.post(path, {"username": "warga", "password": "salah"})


def test_csrf_failure_page_in_indonesian():
    response = _refused(Client(enforce_csrf_checks=True))
    page = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="id">' in page and 'class="site-header"' in page  # Balai's layout (base.html)
    assert "Formulir tidak dapat dikirim" in page
    assert "Muat ulang halaman" in page and 'href="/masuk/"' in page
    assert "DEBUG" not in page and "CSRF verification failed" not in page


def test_csrf_failure_page_in_english():
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"
    page = _refused(client).content.decode()
    assert '<html lang="en">' in page and "The form could not be sent" in page
    assert "Reload the page" in page


def test_csrf_failure_under_the_api_is_json(rf):
    """DRF's views check CSRF themselves; a plain Django view under /api/ would answer in the API's
    error format like the other error handlers (balai.web.views._api_error)."""
    from django.conf import settings
    from django.urls import get_callable

    request = rf.post("/api/contoh/")
    response = get_callable(settings.CSRF_FAILURE_VIEW)(request, reason="CSRF cookie not set.")
    assert response.status_code == 403 and response["Content-Type"].startswith("application/json")
    assert b'"code": "csrf_failed"' in response.content


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_csrf_failure_page_in_a_browser(new_page, axe):
    """A login form sent after the browser lost its cookies: Balai's page, accessible at 360 and
    1280 px; its reload link brings the form back and the second try goes through the CSRF check."""
    page = new_page()
    page.goto("/masuk/")
    page.context.clear_cookies()
    page.get_by_label("Nama pengguna").fill("warga")
    page.get_by_label("Kata sandi").fill("salah-sekali")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Formulir tidak dapat dikirim").wait_for()
    assert "cookie" in page.content()
    assert axe(page, "web-csrf-failure") == []
    page.get_by_role("link", name="Muat ulang halaman").click()
    page.get_by_label("Nama pengguna").fill("warga")
    page.get_by_label("Kata sandi").fill("salah-sekali")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text("Nama pengguna atau kata sandi salah.").wait_for()
