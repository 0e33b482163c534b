import pytest

from balai.payments.beneficiaries import beneficiaries_ensure


@pytest.fixture(autouse=True)
def _beneficiaries(request):
    """Transactional tests flush every table: put the beneficiary accounts back when a DB is used."""
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
            request.fixturenames):
        request.getfixturevalue("_regions_present")
        beneficiaries_ensure()


@pytest.fixture(autouse=True)
def _sandbox(settings, tmp_path):
    """Every test gets its own sandbox bank file, embedded."""
    settings.PAYMENTS_SANDBOX = {**settings.PAYMENTS_SANDBOX, "EMBEDDED": True,
                                 "DB": str(tmp_path / "sandbox.sqlite3")}
    yield
    from balai.payments.sandbox import stop_dispatchers

    stop_dispatchers()
