import pytest

from balai.conftest import put_back_beneficiaries


@pytest.fixture(autouse=True)
def _beneficiaries(request):
    put_back_beneficiaries(request)


@pytest.fixture
def bank(db):
    """A bank registered as a SNAP partner, with its own key pair and client secret."""
    from .helpers import TestBank

    return TestBank.register()
