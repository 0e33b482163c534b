"""Fixtures of the partners tests: beneficiary accounts back after flushes, a point with an agent."""

from __future__ import annotations

import pytest

from balai.payments.beneficiaries import beneficiaries_ensure


@pytest.fixture(autouse=True)
def _beneficiaries(request):
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
            request.fixturenames):
        request.getfixturevalue("_regions_present")
        beneficiaries_ensure()


@pytest.fixture
def supervisor(make_staff):
    return make_staff(role="supervisor", unit="UPT PPD Surabaya Timur")


@pytest.fixture
def point(supervisor):
    from .factories import make_point

    return make_point(supervisor)


@pytest.fixture
def agent(point, supervisor, make_staff):
    from balai.partners.services import agent_attach

    user = make_staff(role="agent", unit=point.name)
    return agent_attach(user=user, point=point, by=supervisor)


@pytest.fixture
def agent_client(client, agent):
    from balai.conftest import totp_code

    user = agent.user
    response = client.post("/masuk/", {"username": user.username, "password": "rahasia-petugas-123"})
    assert response.status_code == 302, response.content
    response = client.post("/masuk/verifikasi/", {"code": totp_code(user)})
    assert response.status_code == 302, response.content
    return client


@pytest.fixture
def signing(tmp_path):
    """A development CA and signer for this test (like `balai init_signing`), files in tmp."""
    from django.test import override_settings

    from balai.documents.pki import ensure_dev_pki
    from balai.documents.signers import reset_signer_cache

    pki = ensure_dev_pki(tmp_path / "signing")
    storages = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                            "OPTIONS": {"location": str(tmp_path / "media")}},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(DOCUMENT_SIGNER="local", DOCUMENT_SIGNING_KEY=str(pki.signer_key),
                           DOCUMENT_SIGNING_CERT=str(pki.signer_cert), DOCUMENT_SIGNING_CHAIN=[str(pki.ca_cert)],
                           DOCUMENT_TRUST_ROOTS=[str(pki.ca_cert)], DOCUMENT_SIGNING_KEY_PASSPHRASE="",
                           STORAGES=storages):
        reset_signer_cache()
        yield pki
    reset_signer_cache()
