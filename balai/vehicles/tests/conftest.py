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
    settings.PAYMENTS_SANDBOX = {**settings.PAYMENTS_SANDBOX, "EMBEDDED": True,
                                 "DB": str(tmp_path / "sandbox.sqlite3")}
    yield
    from balai.payments.sandbox import stop_dispatchers

    stop_dispatchers()
