"""A citizen whose e-mail address is not verified cannot start an application (HTML and API);
an officer filing at the counter is not held up by it (balai.accounts.email_verification)."""

import pytest
from rest_framework.test import APIClient

from balai.accounts import email_verification
from balai.cases.models import Application

from .conftest import LEGALISIR_DATA

pytestmark = pytest.mark.django_db


def test_the_api_refuses_an_unverified_citizen_with_email_unverified(make_citizen):
    citizen = make_citizen(email_verified=False)
    api = APIClient()
    api.force_authenticate(user=citizen)
    body = {"service": "legalisir", "data": LEGALISIR_DATA}
    refused = api.post("/api/applications/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "email_unverified"
    assert "Verifikasi alamat e-mail" in refused.json()["error"]["message"]
    assert not Application.objects.filter(applicant=citizen).exists()

    email_verification.mark_verified(citizen)
    # the refusal was not stored under the key: the same retry now creates the case
    created = api.post("/api/applications/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert created.status_code == 201, created.json()


def test_the_apply_button_refuses_an_unverified_citizen_with_a_clear_message(client, make_citizen):
    citizen = make_citizen(email_verified=False)
    client.force_login(citizen)
    response = client.post("/layanan/legalisir/ajukan/", follow=True)
    assert response.redirect_chain[-1][0] == "/layanan/legalisir/"
    html = response.content.decode()
    assert "Verifikasi alamat e-mail Anda dulu" in html and 'id="email-banner"' in html
    assert not Application.objects.filter(applicant=citizen).exists()


def test_a_verified_citizen_applies(client, make_citizen):
    client.force_login(make_citizen())
    response = client.post("/layanan/legalisir/ajukan/")
    app = Application.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/permohonan/{app.tracking_number}/isi/"
