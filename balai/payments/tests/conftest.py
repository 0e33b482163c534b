import pytest

from balai.conftest import put_back_beneficiaries


@pytest.fixture(autouse=True)
def _beneficiaries(request):
    put_back_beneficiaries(request)


@pytest.fixture(autouse=True)
def _sandbox(sandbox_bank):
    """Every test gets its own sandbox bank (balai/conftest.py)."""
