import pytest

from balai.payments.beneficiaries import beneficiaries_ensure


@pytest.fixture(autouse=True)
def _vehicle_reference_data(request):
    """Transactional tests flush every table: put beneficiaries and the seeded rules back."""
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
            request.fixturenames):
        request.getfixturevalue("_regions_present")
        beneficiaries_ensure()
        from balai.vehicles.rules import rules_seed_into

        rules_seed_into()


@pytest.fixture
def rules(db):
    from balai.vehicles.rules import rules_load

    return rules_load()


@pytest.fixture(autouse=True)
def _sandbox(settings, tmp_path):
    settings.DEMO = True  # the sandbox bank runs in demo mode only
    settings.PAYMENTS_SANDBOX = {**settings.PAYMENTS_SANDBOX, "EMBEDDED": True,
                                 "DB": str(tmp_path / "sandbox.sqlite3")}
    yield
    from balai.payments.sandbox import stop_dispatchers

    stop_dispatchers()


@pytest.fixture
def signing(tmp_path):
    """A development CA and signer for this test (like `balai init_signing`), documents in tmp."""
    pytest.importorskip("balai.documents.pki", reason="e-TBPKP needs balai.documents")
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
