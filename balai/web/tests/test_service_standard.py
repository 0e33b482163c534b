"""A service's published standard (UU 25/2009 Art. 21, REFERENCE §6.1) is shown before applying:
its complaint-handling component leads to the complaint form (registered by quality)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, text", [("id", "Sampaikan pengaduan tentang layanan ini"),
                                            ("en", "Make a complaint about this service")])
def test_service_page_links_complaint_handling_to_the_complaint_form(client, language, text):
    client.cookies["django_language"] = language
    page = client.get("/layanan/legalisir/").content.decode()
    assert f'<a href="{reverse("quality:complaint_new")}">{text}</a>' in page
