import pytest

from balai.conftest import put_back_beneficiaries


@pytest.fixture(autouse=True)
def _vehicle_reference_data(request):
    """Transactional tests flush every table: put beneficiaries and the seeded rules back."""
    if put_back_beneficiaries(request):
        from balai.vehicles.rules import rules_seed_into

        rules_seed_into()


@pytest.fixture
def rules(db):
    from balai.vehicles.rules import rules_load

    return rules_load()


@pytest.fixture(autouse=True)
def _sandbox(sandbox_bank):
    """Every test gets its own sandbox bank (balai/conftest.py)."""
